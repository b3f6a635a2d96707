"""The ledger keeps each statement's type; who-said and timeline show speech
unless asked (CLI ``--type``, API ``type=``); an older ledger gains the column."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.errors import LedgerError
from onrecord.ledger import Ledger
from onrecord.ledger.schema import SCHEMA_VERSION
from test_ledger_support import make_record, person, statement, words


def _typed(local_id, content, type_, when):
    s = statement(local_id, "Jane Hill", "e1", content, when=when)
    s["type"] = type_
    return s


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        ledger.add(make_record(
            "Senator Jane Hill spoke in Albany. " + words(7), url="https://a.example/1", outlet="Agency A",
            published="2024-05-02", entities=[person("e1", "Jane Hill")],
            statements=[_typed("s1", "the bill will pass", "speech", "2024-05-01"),
                        _typed("s2", "voters agree with her", "belief", "2024-05-02"),
                        _typed("s3", "her retirement", "topic", "2024-05-03")]))
    return str(path)


def test_who_said_and_timeline_show_speech_by_default(db):
    with Ledger(db) as ledger:
        assert [r["content"] for r in ledger.who_said("Hill")] == ["the bill will pass"]
        assert [r["type"] for r in ledger.timeline("Hill")] == ["speech"]
        assert [r["type"] for r in ledger.timeline("Hill", type="all")] == ["speech", "belief", "topic"]
        assert [r["content"] for r in ledger.who_said("Hill", type="belief")] == ["voters agree with her"]
        assert len(ledger.who_said("Hill", type=["speech", "topic"])) == 2
        with pytest.raises(LedgerError, match="unknown statement type"):
            ledger.who_said("Hill", type="rumour")


def test_cli_type_option(db):
    runner = CliRunner()
    default = runner.invoke(main, ["who-said", "--speaker", "Hill", "--db", db, "--format", "json"])
    assert default.exit_code == 0, default.output
    assert [r["type"] for r in json.loads(default.output)] == ["speech"]
    every = runner.invoke(main, ["timeline", "Hill", "--db", db, "--format", "json", "--type", "all"])
    assert every.exit_code == 0, every.output
    assert {r["type"] for r in json.loads(every.output)} == {"speech", "belief", "topic"}


def test_version_1_ledger_gains_the_type_column_and_keeps_its_rows(tmp_path, db):
    old = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("VACUUM INTO ?", (str(old),))
    conn.close()
    conn = sqlite3.connect(old)
    conn.execute("ALTER TABLE statements DROP COLUMN type")  # the version-1 layout
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    with Ledger(old) as ledger:
        rows = ledger.who_said("Hill", type="all")
        assert len(rows) == 3 and {r["type"] for r in rows} == {"speech"}
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
