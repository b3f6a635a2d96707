"""Export: every table as Parquet (readable by pyarrow), JSON Lines and CSV."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.errors import LedgerError
from onrecord.ledger import Ledger
from onrecord.ledger.export import DERIVED
from onrecord.ledger.schema import TABLES
from test_ledger_support import claim, make_record, person, statement, words


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        ledger.add(make_record(words(1), url="https://a.example/", outlet="A", published="2023-12-19",
                               entities=[person("e1", "Vladimir Putin")],
                               statements=[statement("s1", "Vladimir Putin", "e1", "we are ready")],
                               claims=[claim("c1", "3.5 percent", 3.5, "growth", unit="percent")]))
        ledger.add(make_record(words(2), url="https://b.example/"))
    return path


def test_parquet_export_is_readable(db, tmp_path):
    out = tmp_path / "out"
    with Ledger(db) as ledger:
        counts = ledger.export(out, "parquet")
    assert set(counts) == set(TABLES) - set(DERIVED)
    articles = pq.read_table(out / "articles.parquet")
    assert articles.num_rows == 2
    assert articles.schema.field("seq").type == "int64"
    statements = pq.read_table(out / "statements.parquet").to_pylist()
    assert statements[0]["content"] == "we are ready"
    assert pq.read_table(out / "claims.parquet").column("value").to_pylist() == [3.5]
    assert pq.read_table(out / "failures.parquet").num_rows == 0


def test_jsonl_and_csv_exports(db, tmp_path):
    with Ledger(db) as ledger:
        ledger.export(tmp_path / "j", "jsonl")
        ledger.export(tmp_path / "c", "csv", tables=["entities"])
    lines = (tmp_path / "j" / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["speaker_name"] == "Vladimir Putin"
    rows = list(csv.DictReader((tmp_path / "c" / "entities.csv").open(encoding="utf-8")))
    assert [r["name"] for r in rows] == ["Vladimir Putin"]
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["entities.csv"]


def test_export_cli_and_unknown_table(db, tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    assert "articles.csv: 2 rows" in result.output
    with Ledger(db) as ledger, pytest.raises(LedgerError, match="no table called"):
        ledger.export(tmp_path / "y", "csv", tables=["nope"])
