"""JSONL and mixed inputs through `onrecord ingest`, with the real extractor on tiny texts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from onrecord.cli import main
from onrecord.ledger import Ledger
from onrecord.pipeline import Job
from onrecord.read.expand import Skipped, expand
from onrecord.read.jsonl import read_jsonl


def test_jsonl_lines_become_jobs_and_bad_lines_are_reported(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join([
        json.dumps({"url": "https://a.example/1", "html": "<html><body><p>Hello</p></body></html>",
                    "published": "2023-12-19"}),
        json.dumps({"url": "https://a.example/2", "text": "Plain text page."}),
        "{not json",
        json.dumps({"url": "https://a.example/3"}),
        json.dumps(["a list"]),
        "",
    ]), encoding="utf-8")
    items = list(read_jsonl(path))
    assert [(i.kind, i.url, i.published) for i in items if isinstance(i, Job)] == [
        ("html", "https://a.example/1", "2023-12-19"), ("text", "https://a.example/2", None)]
    reasons = {i.source: i.reason for i in items if isinstance(i, Skipped)}
    assert set(reasons) == {f"{path}:3", f"{path}:4", f"{path}:5"}
    assert "not valid JSON" in reasons[f"{path}:3"] and "no html or text" in reasons[f"{path}:4"]


def test_expand_reports_missing_inputs_and_empty_globs(tmp_path):
    items = list(expand([str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing")]))
    assert [i.reason for i in items] == ["no such file, folder or URL", "no file matches this pattern"]


def test_ingest_cli_end_to_end_is_idempotent(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"p{n}.txt").write_text(f"Story {n} about the harbour.\n\nThe mayor said the port number {n} "
                                         f"would reopen on Monday after repairs.", encoding="utf-8")
    (pages / "empty.txt").write_text("   ", encoding="utf-8")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(json.dumps({"url": "https://x.example/j", "text": "A jsonl story about rail fares rising."})
                     + "\n", encoding="utf-8")
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", "--db", db, "--as", "body", str(pages), str(jsonl)])
    assert first.exit_code == 0, first.output
    assert "4 ingested, 0 skipped as duplicate, 0 near-duplicate (linked), 1 failed" in first.output
    assert "empty.txt" in first.output
    second = runner.invoke(main, ["ingest", "--db", db, "--as", "body", str(pages), str(jsonl)])
    assert "0 ingested, 4 skipped as duplicate" in second.output
    with Ledger(db) as ledger:
        assert ledger.counts()["articles"] == 4
        assert ledger.search("harbour", kinds=["article"])
        assert ledger.integrity_check() == "ok"


def test_two_workers_write_the_same_ledger_as_one(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(10):
        (pages / f"p{n}.txt").write_text(f"Report {n}.\n\nOfficials in district {n} said the bridge number {n} "
                                         f"will close for {n + 2} weeks.", encoding="utf-8")
    (pages / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    results = {}
    for workers in (1, 2):
        db = str(tmp_path / f"w{workers}.db")
        out = CliRunner().invoke(main, ["ingest", "--db", db, "--as", "body", "--workers", str(workers), str(pages)])
        assert "10 ingested, 0 skipped as duplicate, 0 near-duplicate (linked), 1 failed" in out.output, out.output
        with Ledger(db) as ledger:
            results[workers] = sorted(r[0] for r in ledger.conn.execute("SELECT id FROM articles"))
            assert [f["source"] for f in ledger.failures()] == [str(pages / "bad.txt")]
    assert results[1] == results[2]


def test_unreachable_or_private_url_is_a_recorded_failure(tmp_path):
    db = str(tmp_path / "l.db")
    out = CliRunner().invoke(main, ["ingest", "--db", db, "http://127.0.0.1:9/news"])
    assert out.exit_code == 1
    assert "refusing to fetch from non-public address 127.0.0.1" in out.output
    with Ledger(db) as ledger:
        assert ledger.failures()[0]["source"] == "http://127.0.0.1:9/news"


def test_locked_ledger_stops_ingest_with_a_clear_message(tmp_path):
    import sqlite3

    db = tmp_path / "l.db"
    Ledger(db).close()
    page = tmp_path / "p.txt"
    page.write_text("The mayor said the port would reopen.", encoding="utf-8")
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        out = CliRunner(env={"ONRECORD_DB": str(db)}).invoke(main, ["ingest", "--as", "body", "--lock-timeout", "0.2", str(page)])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert out.exit_code == 2
    assert "locked by another process" in out.output
