"""Run the Atheris fuzz targets for N inputs each, and say what was found.

    python -m bench.fuzz.run --runs 10000 numbers dates      # some targets
    python -m bench.fuzz.run --runs 5000                     # every target
    python -m bench.fuzz.run --list

Each target runs in its own process (libFuzzer ends the process when it
stops) over a fresh copy of the seed corpus: the bundled samples, the
evaluation pages found in ``../shared/eval`` (or ``$ONRECORD_EVAL_DIR``), and
for the small parsers the lines of those pages.  A crash stops a target;
its input is saved as ``bench/fuzz/crashes/<target>-<hash>``, to become a
regression test.  The summary line per target gives inputs run and crashes.
Inputs are cut at ``--max-len`` bytes (default 4096; 16384 for the page
readers) so each run stays cheap.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CRASHES = Path(__file__).resolve().parent / "crashes"
PAGE_TARGETS = {"decode", "text_article", "html_article", "feed", "warc", "jsonl", "extract"}
LINE_TARGETS = {"numbers", "dates", "bylines", "credits"}
SEEDS_PER_KIND = 40


def _eval_dir() -> Path:
    return Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))


def seed_corpus(target: str, folder: Path) -> int:
    """Write the seeds for ``target`` into ``folder``; return how many."""
    pages = sorted((REPO / "onrecord" / "samples").iterdir())
    root = _eval_dir()
    for sub in ("html", "scraped"):
        if (root / sub).is_dir():
            pages += sorted(p for p in (root / sub).rglob("*") if p.is_file())[:SEEDS_PER_KIND]
    pages += sorted((REPO / "tests" / "data").rglob("*.xml"))[:10] + sorted((REPO / "tests" / "data").rglob("*.warc*"))[:10]
    count = 0
    for n, page in enumerate(pages):
        data = page.read_bytes()
        if target in LINE_TARGETS:
            lines = [line for line in data.splitlines() if 3 < len(line) < 400][:60]
            for k, line in enumerate(lines):
                (folder / f"{n:03d}-{k:03d}").write_bytes(line)
                count += 1
        else:
            (folder / f"{n:03d}").write_bytes(data[:65536])
            count += 1
    return count


def run_target(target: str, runs: int, max_len: int, seconds: int) -> tuple[int, int, float, str]:
    """(inputs run, crashes, seconds, last line) of one target's fuzzing."""
    CRASHES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"onrecord-fuzz-{target}-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        seed_corpus(target, corpus)
        args = [sys.executable, "-m", "bench.fuzz.one", target, f"-runs={runs}", f"-max_len={max_len}",
                f"-max_total_time={seconds}", "-timeout=60", "-rss_limit_mb=3072",
                f"-artifact_prefix={CRASHES}/{target}-", str(corpus)]
        started = time.perf_counter()
        proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(REPO)))
        elapsed = time.perf_counter() - started
    log = proc.stderr
    done = [int(m) for m in re.findall(r"Done (\d+) runs", log)]
    executed = done[-1] if done else max([int(m) for m in re.findall(r"^#(\d+)", log, re.M)] or [0])
    crashes = 1 if re.search(r"Uncaught Python exception|==\d+== ERROR: libFuzzer|crash-|timeout-|oom-", log) else 0
    slow = len(re.findall(r"Slow unit", log, re.I))
    tail = next((line for line in reversed(log.splitlines()) if line.strip()), "")
    if slow:
        tail = f"{slow} slow unit(s) saved; " + tail
    if crashes:
        sys.stderr.write(log[-4000:])
    return executed, crashes, elapsed, tail


def main(argv: list[str] | None = None) -> int:
    from bench.fuzz.targets import TARGETS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--runs", type=int, default=10_000, help="inputs per target")
    parser.add_argument("--max-len", type=int, default=None)
    parser.add_argument("--seconds", type=int, default=600, help="stop a target after this long anyway")
    parser.add_argument("--list", action="store_true")
    options = parser.parse_args(argv)
    if options.list:
        print("\n".join(TARGETS))
        return 0
    found = 0
    for target in options.targets or list(TARGETS):
        if target not in TARGETS:
            parser.error(f"no target {target!r}; --list shows them")
        max_len = options.max_len or (16384 if target in PAGE_TARGETS else 4096)
        executed, crashes, elapsed, tail = run_target(target, options.runs, max_len, options.seconds)
        found += crashes
        print(f"{target:13} {executed:8,} inputs  {crashes} crash(es)  {elapsed:6.0f} s  ({tail[:100]})", flush=True)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
