"""Refresh docs/screenshots/: run the browser tests with their screenshots
going there instead of a temporary folder.

    python bench/screenshots.py

Needs what the browser tests need (Debian's Chromium at /usr/bin/chromium and
the ``playwright`` Python package); the pages are those of the test ledger
(the bundled samples and the hostile corpus, tests/serve_corpus.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ONRECORD_SCREENSHOTS": str(OUT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/test_serve_browser.py"], cwd=REPO, env=env)
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.relative_to(REPO)}: {png.stat().st_size / 1024:.0f} KB")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
