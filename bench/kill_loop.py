"""Power-loss drill: ``kill -9`` an ingest at random moments, again and again.

    python -m bench.kill_loop                    # 50 kills, writes docs/reliability.md
    python -m bench.kill_loop --kills 10 --no-write

One ledger, one folder of pages.  Each round starts ``onrecord ingest`` on the
whole folder (so each run resumes the last one), kills it with SIGKILL at a
random moment — half the rounds at a random time (often while the model
loads or a batch is parsed), half right after a random number of new
commits (while articles are being written) — and then checks the file:

* ``PRAGMA integrity_check`` and the FTS indexes' own check say "ok";
* nothing committed was lost: every article id seen after an earlier round is
  still there;
* no half article: every article has its ``inputs`` row and its FTS row, and
  every statement, claim and mention belongs to an article that exists.

After the last kill one run goes to the end, and the ledger must then hold
every page exactly once.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import write_section  # noqa: E402

DOC = REPO / "docs" / "reliability.md"
CLI = "import sys; from onrecord.cli import main; sys.argv[0] = 'onrecord'; main()"


def _words(rng: random.Random, count: int) -> str:
    syllables = ["ka", "lo", "mi", "su", "te", "ra", "no", "vi", "ber", "dan", "fol", "gir", "hut", "jex"]
    return " ".join(rng.choice(syllables) + rng.choice(syllables) for _ in range(count))


def write_pages(folder: Path, count: int) -> None:
    for n in range(count):
        rng = random.Random(n)
        text = (f"Harbour report {n}.\n\nMinister Jane Kolber said on Tuesday that {n + 3} boats were repaired. "
                f"\"We will finish by March,\" she told reporters. {_words(rng, 60)}.\n\n{_words(rng, 60)}.")
        (folder / f"{n:04d}.txt").write_text(text, encoding="utf-8")


def _ingest(db: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, "ingest", "--db", str(db), "--as", "text", "--quiet",
                             "--fast", str(folder)], cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def committed_articles(db: Path) -> int:
    """Articles committed in ``db`` as a reader sees them now (0 where there is no ledger yet)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 0


def check(db: Path) -> tuple[str, set[str], list[str]]:
    """(integrity verdict, article ids, broken invariants) of the ledger."""
    conn = sqlite3.connect(db)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        for fts in ("statements_fts", "claims_fts", "articles_fts"):
            try:
                conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                verdict = f"{fts}: {exc}"
        ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
        problems = []
        queries = {
            "article without its inputs row": "SELECT count(*) FROM articles WHERE id NOT IN "
                                              "(SELECT article_id FROM inputs)",
            "inputs row without its article": "SELECT count(*) FROM inputs WHERE article_id NOT IN "
                                              "(SELECT id FROM articles)",
            "FTS rows differ from articles": "SELECT (SELECT count(*) FROM articles_fts) - (SELECT count(*) FROM articles)",
            "orphan statement": "SELECT count(*) FROM statements WHERE article_id NOT IN (SELECT id FROM articles)",
            "orphan claim": "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)",
            "orphan mention": "SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)",
            "article without statements": "SELECT count(*) FROM articles WHERE id NOT IN "
                                          "(SELECT article_id FROM statements)",
        }
        for name, sql in queries.items():
            n = conn.execute(sql).fetchone()[0]
            if n:
                problems.append(f"{name}: {n}")
        return verdict, ids, problems
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--no-write", action="store_true", help="print the summary, leave the docs alone")
    options = parser.parse_args(argv)
    rng = random.Random(options.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="onrecord-kill-") as tmp:
        folder, db = Path(tmp) / "pages", Path(tmp) / "ledger.db"
        folder.mkdir()
        write_pages(folder, options.pages)
        seen: set[str] = set()
        failures, while_writing, finished_early = [], 0, 0
        for round_ in range(1, options.kills + 1):
            before = committed_articles(db) if db.exists() else 0
            process = _ingest(db, folder)
            if round_ % 2:
                time.sleep(rng.uniform(0.2, 15.0))
            else:  # right after a random number of new commits
                target, deadline = before + rng.randint(1, 12), time.time() + 120
                while committed_articles(db) < target and process.poll() is None and time.time() < deadline:
                    time.sleep(rng.uniform(0.0, 0.05))
            if process.poll() is not None:
                finished_early += 1
            else:
                process.send_signal(signal.SIGKILL)
            process.wait()
            if not db.exists():
                print(f"round {round_:2}: killed before the ledger existed", flush=True)
                continue
            verdict, ids, problems = check(db)
            lost = seen - ids
            if committed_articles(db) > before:
                while_writing += 1
            status = "ok" if verdict == "ok" and not lost and not problems else "FAILED"
            if status != "ok":
                failures.append((round_, verdict, len(lost), problems))
            print(f"round {round_:2}: {len(ids):4} articles (+{len(ids) - len(seen & ids)}), integrity {verdict}, "
                  f"lost {len(lost)}, {'; '.join(problems) or 'no half article'} — {status}", flush=True)
            seen |= ids
        final = _ingest(db, folder)
        _, err = final.communicate()
        verdict, ids, problems = check(db)
        complete = final.returncode == 0 and len(ids) == options.pages and verdict == "ok" and not problems
        if not complete:
            failures.append(("final", verdict, options.pages - len(ids), problems + [err.decode()[-300:]]))
    minutes = (time.perf_counter() - started) / 60
    summary = (f"{options.kills} SIGKILLs of `onrecord ingest` over {options.pages} pages (seed {options.seed}); "
               f"{while_writing} rounds committed articles before their kill, {finished_early} finished before it. "
               f"After every kill: integrity_check ok, nothing committed lost, no half article — "
               f"{'in every round' if not failures else f'**{len(failures)} failures**: {failures}'}. "
               f"The final run completed the ledger: {len(ids)} of {options.pages} articles, each once "
               f"({'ok' if complete else 'FAILED'}). {minutes:.1f} minutes on {os.cpu_count()} shared cores "
               f"(load average {os.getloadavg()[0]:.1f} at the end).\n\nRerun: `python -m bench.kill_loop`")
    print(summary)
    if not options.no_write:
        write_section("kill-loop", summary, DOC)
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
