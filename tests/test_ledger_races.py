"""Two ``onrecord ingest`` processes on one ledger with overlapping inputs,
while a third process queries it: nobody sees "database is locked", every
article is written exactly once, none is lost.  Real processes, real SQLite."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from onrecord.ledger import Ledger
from test_ledger_support import words

PAGES = 36
CLI = "import sys; from onrecord.cli import main; sys.argv[0] = 'onrecord'; main()"

QUERIER = r"""
import sys, time
from onrecord.errors import OnrecordError
from onrecord.ledger import Ledger
db, until = sys.argv[1], float(sys.argv[2])
queries = failures = 0
while time.time() < until:
    try:
        with Ledger(db, readonly=True) as ledger:
            ledger.search("minister")
            ledger.who_said("Kolber")
            ledger.conn.execute("SELECT count(*) FROM articles").fetchone()
            queries += 1
    except OnrecordError as exc:
        failures += 1
        print(f"query failed: {exc}", file=sys.stderr)
    time.sleep(0.05)
print(queries, failures)
"""


def page(n: int) -> str:
    """A short article with a speaker, a cue, a number and a date, distinct per ``n``."""
    return (f"Harbour report {n}.\n\nMinister Jane Kolber said on Tuesday that {n + 3} boats had been "
            f"repaired. \"We will finish by March,\" she told reporters. {words(n, 40)}\n\n{words(n + 1000, 30)}")


def ingest(db: str, files: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, "ingest", "--db", db, "--as", "text", "--quiet", "--fast",
                             *files], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_ingests_and_a_reader_on_one_ledger(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    files = []
    for n in range(PAGES):
        path = folder / f"{n:03d}.txt"
        path.write_text(page(n), encoding="utf-8")
        files.append(str(path))
    db = str(tmp_path / "shared.db")
    with Ledger(db):
        pass  # the file exists, so the reader can start at once
    # Overlap: the middle third is given to both, and the second one walks
    # its list backwards so both reach the shared pages at the same time.
    first = ingest(db, files[: 2 * PAGES // 3])
    second = ingest(db, list(reversed(files[PAGES // 3:])))
    reader = subprocess.Popen([sys.executable, "-c", QUERIER, db, str(time.time() + 600)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        results = [p.communicate(timeout=600) for p in (first, second)]
    finally:
        reader.terminate()
    reader_out, reader_err = reader.communicate(timeout=60)
    for process, (out, err) in zip((first, second), results):
        assert process.returncode == 0, err
        assert "locked" not in err.lower(), err
    assert "locked" not in reader_err.lower() and "Traceback" not in reader_err, reader_err

    summaries = [err for _, err in results]
    with Ledger(db) as ledger:
        conn = ledger.conn
        assert ledger.integrity_check() == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == PAGES
        assert conn.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == PAGES
        assert conn.execute("SELECT count(DISTINCT source_path) FROM articles").fetchone()[0] == PAGES
        assert {r[0] for r in conn.execute("SELECT source_path FROM articles")} == set(files)
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == PAGES
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
        # every statement belongs to an article, and none is there twice
        assert conn.execute("SELECT count(*) FROM statements WHERE article_id NOT IN "
                            "(SELECT id FROM articles)").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) - count(DISTINCT key) FROM statements").fetchone()[0] == 0
        per_article = {r[0] for r in conn.execute("SELECT count(*) FROM statements GROUP BY article_id")}
        assert len(per_article) == 1, per_article  # the same page shape gives the same statements
    # the two summaries add up: shared pages were written by one, skipped by the other
    ingested = sum(int(s.split(" ingested")[0].split()[-1]) for s in summaries)
    assert ingested == PAGES, summaries
