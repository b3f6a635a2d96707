"""Regression floor for who-said-what on general news (bench/data/news_statements).

Runs what ``python -m bench.news_statements`` runs for its default mode:
``onrecord extract --format jsonl`` over the 30 HTML pages in one process,
scored by shared word positions in the recovered body, end to end with the
speaker.  The floors are the figures recorded in docs/benchmarks.md less
about 0.02: a change that loses more fails here.  The holdout floors guard
a figure nothing was tuned on; they are not a target to tune against.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # ``bench`` is a folder of the repository, not of the package
    sys.path.insert(0, str(REPO))

# Measured 2026-12-03 (default mode, ONNX int8 encoder): dev all e2e F1 0.776, holdout all
# e2e F1 0.798, holdout speech e2e P 0.844 and F1 0.839.
FLOORS = {
    ("dev", "all", "e2e_f1"): 0.75,
    ("holdout", "all", "e2e_f1"): 0.78,
    ("holdout", "speech", "e2e_p"): 0.82,
    ("holdout", "speech", "e2e_f1"): 0.82,
}


@pytest.fixture(scope="module")
def scores(eval_root):
    from bench.news_statements import measure

    html = eval_root / "article-extraction-benchmark" / "html"
    if not html.is_dir():
        pytest.skip(f"article extraction benchmark pages not found at {html}")
    results, _, _ = measure(html, modes=("default",), splits=("dev", "holdout"))
    return results


@pytest.mark.parametrize("split, subset, metric", sorted(FLOORS))
def test_news_statements_stay_above_their_floor(scores, split, subset, metric):
    value = scores[(split, "default", subset)][metric]
    floor = FLOORS[(split, subset, metric)]
    assert value >= floor, f"{metric} ({split}, {subset}) on the news statements set fell to {value:.3f} (floor {floor})"
