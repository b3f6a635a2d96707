"""The ledger file: tables, pragmas, FTS triggers, and docs/schema.md in step with them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from onrecord.errors import LedgerError
from onrecord.ledger import Ledger
from onrecord.ledger.schema import SCHEMA_VERSION, TABLES, connect

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def test_tables_wal_and_version(tmp_path):
    db = tmp_path / "l.db"
    conn = connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    for table in ("articles", "entities", "mentions", "statements", "claims", "stories", "aliases",
                  "article_sources", "also_ran_in", "failures", "watches", "statements_fts", "claims_fts",
                  "articles_fts"):
        assert table in names
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    # Reopening an existing ledger changes nothing and fails nothing.
    again = connect(db)
    assert {r[0] for r in again.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")} == names


def test_rows_written_by_hand_are_searchable(tmp_path):
    """Triggers keep FTS in step, so sqlite3/Datasette users can insert rows too."""
    conn = connect(tmp_path / "l.db")
    conn.execute("INSERT INTO articles(id, body, ingested_at) VALUES ('a1', 'body text', 'now')")
    conn.execute("INSERT INTO statements(key, article_id, content, speaker_name) "
                 "VALUES ('a1:s1', 'a1', 'the ceasefire holds', 'Someone')")
    hits = conn.execute("SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'ceasefire'").fetchall()
    assert len(hits) == 1
    conn.execute("UPDATE statements SET content = 'talks collapsed' WHERE key = 'a1:s1'")
    assert conn.execute("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'ceasefire'").fetchone()[0] == 0
    conn.execute("DELETE FROM statements")
    assert conn.execute("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'talks'").fetchone()[0] == 0


def test_version_1_ledger_is_upgraded_in_place(tmp_path):
    """A ledger written before claims and stories said where their dates come
    from gains the columns, and claims on a "not before" date are marked."""
    db = tmp_path / "l.db"
    conn = connect(db)
    conn.execute("INSERT INTO articles(id, body, published_not_before, ingested_at) VALUES ('a1', 'b', '2023-12-14', 'x')")
    conn.execute("INSERT INTO claims(key, article_id, text, date) VALUES ('a1:c1', 'a1', '5 percent', '2023-12-14')")
    for table, column in (("claims", "date_source"), ("stories", "first_not_before"), ("stories", "last_not_before")):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("PRAGMA user_version=1")
    conn.close()
    upgraded = connect(db)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert upgraded.execute("SELECT date_source FROM claims").fetchone()[0] == "not-before"
    assert "first_not_before" in {r["name"] for r in upgraded.execute("PRAGMA table_info(stories)")}


@pytest.mark.parametrize("dropped", [
    [("statements", "type")],                                   # version 2 of the ledger branch
    [("claims", "date_source"), ("stories", "first_not_before"),
     ("stories", "last_not_before")],                           # version 2 of the statements branch
    [("statements", "type"), ("claims", "date_source"), ("stories", "first_not_before"),
     ("stories", "last_not_before")],                           # version 1
])
def test_any_older_file_gains_exactly_the_columns_it_lacks(tmp_path, dropped):
    db = tmp_path / "l.db"
    conn = connect(db)
    conn.execute("INSERT INTO articles(id, body, published, ingested_at) VALUES ('a1', 'b', '2024-01-02', 'x')")
    conn.execute("INSERT INTO statements(key, article_id, content) VALUES ('a1:s1', 'a1', 'talks resumed')")
    for table, column in dropped:
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("PRAGMA user_version=2")
    conn.close()
    upgraded = connect(db)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    for table, column in dropped:
        assert column in {r["name"] for r in upgraded.execute(f"PRAGMA table_info({table})")}
    assert upgraded.execute("SELECT type FROM statements").fetchone()[0] == "speech"
    assert upgraded.execute("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'talks'").fetchone()[0] == 1
    upgraded.close()
    assert connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # opens again as is


def test_newer_schema_refused(tmp_path):
    db = tmp_path / "l.db"
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(LedgerError, match="newer"):
        connect(db)


def test_not_a_database(tmp_path):
    db = tmp_path / "l.db"
    db.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LedgerError, match="not an onrecord ledger"):
        Ledger(db)


def test_missing_folder(tmp_path):
    with pytest.raises(LedgerError, match="does not exist"):
        Ledger(tmp_path / "nope" / "l.db")


def test_schema_doc_lists_every_table_and_column(tmp_path):
    """docs/schema.md documents each table and each of its columns."""
    doc = DOC.read_text(encoding="utf-8")
    conn = connect(tmp_path / "l.db")
    for table in TABLES:
        section = re.search(rf"^### `{table}`\n(.*?)(?=^### |\Z)", doc, re.S | re.M)
        assert section, f"docs/schema.md has no section for {table}"
        for row in conn.execute(f"PRAGMA table_info({table})"):
            assert f"`{row['name']}`" in section.group(1), f"{table}.{row['name']} is not documented"
