"""Regression floor for attribution on PolNeAR dev (all 84 articles).

Runs exactly what ``python -m bench.attribution`` runs for its "combined"
row — ``onrecord extract --as body --format jsonl`` over every dev text, in
one process — and scores it with the corpus README's metric.  Takes about a
minute on two cores.  The floors are the scores recorded in
``docs/benchmarks.md`` minus 0.02: a change that loses more fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # ``bench`` is a folder of the repository, not of the package
    sys.path.insert(0, str(REPO))

# Measured 2026-11-25 (combined row; the CRF blended 0.4/0.6 with the MiniLM
# encoder trained 8 epochs, the tagger's own sources preferred over the
# rules'): e2e F1 0.787, overlap F1 0.864, exact F1 0.612, source accuracy 0.907.
FLOORS = {
    "e2e_f1": 0.76,
    "overlap_f1": 0.84,
    "exact_f1": 0.59,
    "source_acc": 0.88,
}


@pytest.fixture(scope="module")
def dev_scores(eval_root):
    from bench.attribution import evaluate

    if not (eval_root / "polnear" / "dev").is_dir():
        pytest.skip("PolNeAR dev not found under the evaluation root")
    return evaluate(eval_root, "dev", modes=("combined",))["combined"]


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_attribution_score_stays_above_its_floor(dev_scores, metric):
    assert dev_scores[metric] >= FLOORS[metric], (
        f"{metric} on PolNeAR dev fell to {dev_scores[metric]:.3f} (floor {FLOORS[metric]})")
