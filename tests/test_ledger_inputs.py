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
