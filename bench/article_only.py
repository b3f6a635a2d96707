"""``onrecord extract --only article`` against trafilatura's command line, whole processes.

    python -m bench.article_only              # 3 alternating runs each; writes docs/benchmarks.md
    python -m bench.article_only --runs 1 --no-write

Both read the 181 pages of ``article-extraction-benchmark`` (``.html.gz``) in
one process each, start to finish (interpreter start, imports, model load,
every page, output), so a user who wants only the body and metadata sees
what the command costs:

* ``onrecord extract --only article --format jsonl PAGES…`` (body, metadata,
  figures, comments; no parse);
* ``trafilatura --input-dir html --output-dir TMP --json --with-metadata
  --parallel 1`` (body and metadata, one process like onrecord's default).

Runs alternate (A B A B …) so machine load falls on both; each process is
reaped with ``os.wait4`` for its own CPU time and peak memory; medians count.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent


def default_eval_root() -> Path:
    return Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))


def run_once(cmd: list[str], cwd: Path = REPO) -> dict[str, float]:
    """Wall seconds, CPU seconds and peak resident MB of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} failed ({proc.returncode}): {proc.stderr.read().decode()[-1000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    html = args.eval_root / "article-extraction-benchmark" / "html"
    pages = sorted(str(p) for p in html.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no benchmark pages under {html}")
    beside = Path(sys.executable).parent / "trafilatura"  # this environment's, as onrecord's
    trafilatura = str(beside) if beside.exists() else (shutil.which("trafilatura") or "trafilatura")
    out = Path(tempfile.mkdtemp(prefix="trafilatura-out-"))
    commands = {
        "onrecord extract --only article": [sys.executable, "-m", "onrecord", "extract", "--only", "article",
                                            "--format", "jsonl", *pages],
        "trafilatura --input-dir … --json --with-metadata --parallel 1":
            [trafilatura, "--input-dir", str(html), "--output-dir", str(out), "--json", "--with-metadata",
             "--parallel", "1"],
    }
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    load_before = os.getloadavg()
    for _ in range(args.runs):
        for name, cmd in commands.items():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            runs[name].append(run_once(cmd))
    shutil.rmtree(out, ignore_errors=True)
    rows = ["| command (181 pages, one process) | wall s (median) | CPU s (median) | peak MB | wall s per page |",
            "|---|---|---|---|---|"]
    for name, results in runs.items():
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        rss = max(r["rss_mb"] for r in results)
        rows.append(f"| `{name}` | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {wall / len(pages):.3f} |")
    names = list(runs)
    ratio = statistics.median(a["cpu"] / b["cpu"] for a, b in zip(runs[names[0]], runs[names[1]]))
    table = "\n".join(rows)
    print(table)
    print(f"CPU ratio onrecord / trafilatura (median of pairs): {ratio:.2f}")
    if args.no_write:
        return
    from bench.report import write_section

    write_section("article-only", "\n".join([
        f"The {len(pages)} pages of article-extraction-benchmark, each command once per run over all of them "
        f"in one process (start-up, imports and model load included), {args.runs} alternating run(s), medians. "
        "`--only article` skips the parse and the extract stages (spaCy and the encoder are never imported).",
        "", table, "",
        f"CPU time, onrecord / trafilatura, median of the run pairs: **{ratio:.2f}×**. Load average "
        f"{', '.join(f'{x:.1f}' for x in load_before)} when the runs started, "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} when they ended (2 shared cores: CPU seconds are "
        "the steadier figure).",
        "", f"Rerun: `python -m bench.article_only --runs {args.runs}`",
    ]))


if __name__ == "__main__":
    main()
