"""Cold start: one ``onrecord extract`` of one page, a whole new process each time.

    python -m bench.cold_start                           # this interpreter's onrecord
    python -m bench.cold_start --python /tmp/venv/bin/python --python /tmp/old-venv/bin/python

What a user waits for on a single page: interpreter start, imports, the
spaCy pipeline, the CRF and the encoder loaded, the page extracted, the JSON
printed.  Each interpreter given runs ``-m onrecord extract PAGE`` in turn
(alternating, after one warm-up run each so the files are in the page
cache), and the median wall and CPU seconds and the peak memory are printed.
Processes start in a temporary folder, so each interpreter imports the
onrecord installed in its own environment, not this checkout.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Optional

from bench.article_only import run_once

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "onrecord" / "samples" / "putin_ready_to_talk.txt"


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", action="append", default=[], help="interpreter to run onrecord with (repeatable)")
    parser.add_argument("--page", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    pythons = args.python or [sys.executable]
    commands = {python: [python, "-m", "onrecord", "extract", str(args.page.resolve())] for python in pythons}
    neutral = Path(tempfile.mkdtemp(prefix="onrecord-cold-"))
    for cmd in commands.values():
        run_once(cmd, neutral)  # warm-up: files into the page cache
    results: dict[str, list[dict[str, float]]] = {python: [] for python in pythons}
    for _ in range(args.runs):
        for python, cmd in commands.items():
            results[python].append(run_once(cmd, neutral))
    print("| interpreter | wall s (median) | CPU s (median) | peak MB |")
    print("|---|---|---|---|")
    for python, runs in results.items():
        print(f"| `{python}` | {statistics.median(r['wall'] for r in runs):.2f} | "
              f"{statistics.median(r['cpu'] for r in runs):.2f} | {max(r['rss_mb'] for r in runs):.0f} |")


if __name__ == "__main__":
    main()
