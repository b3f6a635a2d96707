"""Kill an ingest midway with a real signal: a rerun loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bench.kill_loop import committed_articles as committed
from onrecord.ledger import Ledger
from test_ledger_support import words

FILES = 120




def survivors(db) -> list[int]:
    """Processes still running an ingest into ``db`` (forked workers share the command line)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if db.encode() in handle.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


def ingest(db, folder, workers=1) -> subprocess.Popen:
    code = "import sys; from onrecord.cli import main; sys.argv[0] = 'onrecord'; main()"
    return subprocess.Popen([sys.executable, "-c", code, "ingest", "--db", db, "--as", "body", "--quiet",
                             "--workers", str(workers), folder], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("sig, workers", [(signal.SIGKILL, 1), (signal.SIGTERM, 1), (signal.SIGKILL, 2)])
def test_killed_ingest_then_rerun(tmp_path, sig, workers):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"{n:03d}.txt").write_text(f"Item {n}.\n\n{words(n, 30)}", encoding="utf-8")
    db = str(tmp_path / "l.db")
    process = ingest(db, str(folder), workers)
    deadline = time.time() + 120
    while committed(db) < 15 and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the ingest finished before it could be killed; make it bigger"
    process.send_signal(sig)
    process.wait(timeout=30)
    assert process.returncode == -sig
    partial = committed(db)
    assert 15 <= partial < FILES
    if workers > 1:  # the pool's workers notice their parent is gone and exit, no orphans left
        deadline = time.time() + 30
        while survivors(db) and time.time() < deadline:
            time.sleep(0.2)
        assert survivors(db) == []

    rerun = ingest(db, str(folder), workers)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert f"{FILES - partial} ingested, {partial} skipped as duplicate" in err.decode()
    with Ledger(db) as ledger:
        assert ledger.integrity_check() == "ok"
        conn = ledger.conn
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == FILES
        assert conn.execute("SELECT count(DISTINCT source_path) FROM articles").fetchone()[0] == FILES
        assert conn.execute("SELECT count(*) FROM inputs").fetchone()[0] == FILES
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == FILES
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
