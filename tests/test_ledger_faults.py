"""A ledger on a bad disk or in a bad file, driven by real ``onrecord``
processes: a full disk (``RLIMIT_FSIZE`` in the child), a read-only file, a
file that is not SQLite and a corrupt page each end the run with one clear
error line (exit 2, no traceback), keep what was committed, and the next run
on a good file completes the job."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

from onrecord.ledger import Ledger
from test_ledger_support import make_record, words

PAGES = 12
CLI = "import sys; from onrecord.cli import main; sys.argv[0] = 'onrecord'; main()"


def pages(folder: Path, count: int = PAGES) -> list[str]:
    folder.mkdir(exist_ok=True)
    files = []
    for n in range(count):
        path = folder / f"{n:03d}.txt"
        path.write_text(f"Item {n}.\n\n{words(n, 400)}\n\n{words(n + 500, 400)}", encoding="utf-8")
        files.append(str(path))
    return files


def run(*args: str, file_limit: Optional[int] = None, read_only_root: bool = False) -> subprocess.CompletedProcess:
    """One ``onrecord`` command in a child process.  ``file_limit`` caps the
    size of any file it writes (SIGXFSZ ignored, so writes fail with EFBIG as
    on a full disk); ``read_only_root`` drops root's power to write files it
    has no permission for (root ignores file modes otherwise)."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    prefix = []
    if read_only_root and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a file read-only for the child")
        prefix = [setpriv, "--inh-caps=-dac_override", "--bounding-set=-dac_override"]
    return subprocess.run(prefix + [sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=600,
                          preexec_fn=limit if file_limit else None)


def ingest(db: str, files: list[str], **kwargs) -> subprocess.CompletedProcess:
    return run("ingest", "--db", db, "--as", "body", "--quiet", "--fast", *files, **kwargs)


def one_clear_error(result: subprocess.CompletedProcess, *phrases: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("onrecord: error:")]
    assert len(lines) == 1, result.stderr
    assert any(p in lines[0] for p in phrases), lines[0]
    return lines[0]


def counts(db: str) -> tuple[str, int, int]:
    with Ledger(db) as ledger:
        conn = ledger.conn
        return (ledger.integrity_check(), conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                conn.execute("SELECT count(*) FROM inputs").fetchone()[0])


def test_a_full_disk_stops_the_run_clearly_and_a_rerun_completes(tmp_path: Path) -> None:
    files = pages(tmp_path / "pages")
    db = str(tmp_path / "l.db")
    full = ingest(db, files, file_limit=400_000)
    one_clear_error(full, "disk is full", "disk refused a write")
    verdict, articles, inputs = counts(db)
    assert verdict == "ok" and articles == inputs < PAGES   # no half article: every article has its input row
    again = ingest(db, files)
    assert again.returncode == 0, again.stderr
    assert f"{PAGES - articles} ingested, {articles} skipped as duplicate" in again.stderr
    assert counts(db) == ("ok", PAGES, PAGES)


def test_a_read_only_ledger_is_a_clear_error_and_writable_again_completes(tmp_path: Path) -> None:
    files = pages(tmp_path / "pages", 3)
    db = str(tmp_path / "l.db")
    assert ingest(db, files[:1]).returncode == 0
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        refused = ingest(db, files, read_only_root=True)
        one_clear_error(refused, "read-only")
        search = run("search", "--db", db, "kaber", read_only_root=True)   # reading still works
        assert search.returncode == 0, search.stderr
    finally:
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
    assert counts(db) == ("ok", 1, 1)
    again = ingest(db, files)
    assert again.returncode == 0, again.stderr
    assert counts(db) == ("ok", 3, 3)


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    files = pages(tmp_path / "pages", 2)
    db = tmp_path / "notes.db"
    text = "my notes, not a database\n" * 400
    db.write_text(text, encoding="utf-8")
    for result in (ingest(str(db), files), run("search", "--db", str(db), "notes"),
                   run("who-said", "--db", str(db), "--speaker", "x")):
        one_clear_error(result, "not an onrecord ledger")
    assert db.read_text(encoding="utf-8") == text
    good = str(tmp_path / "good.db")
    assert ingest(good, files).returncode == 0
    assert counts(good) == ("ok", 2, 2)


def _corrupt_table_root(db: str, table: str) -> None:
    """Overwrite the root page of ``table``'s b-tree with garbage."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes([0x0D, 0xFF, 0xFF, 0x7F]) + b"\xa5" * (page_size - 4))


def test_a_corrupt_page_is_a_clear_error_and_a_good_file_completes(tmp_path: Path) -> None:
    files = pages(tmp_path / "pages", 3)
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        for n in range(40):
            ledger.add(make_record(f"Old item {n}. {words(n + 900, 200)}"), source=f"old{n}", raw=f"old{n}")
    _corrupt_table_root(db, "inputs")   # every ingest looks its inputs up here first
    one_clear_error(ingest(db, files), "damaged")
    _corrupt_table_root(db, "articles")   # a query reads it: was a sqlite3.DatabaseError traceback
    line = one_clear_error(run("search", "--db", db, "kaber"), "damaged")
    assert db in line and ".recover" in line
    good = str(tmp_path / "good.db")
    assert ingest(good, files).returncode == 0
    assert counts(good) == ("ok", 3, 3)
