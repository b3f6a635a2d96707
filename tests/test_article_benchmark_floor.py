"""onrecord's body extraction must not fall below the floor recorded in docs/benchmarks.md.

Runs ``recover_from_html`` on all 181 pages of the article extraction
benchmark (about 5-10 s on 2 cores) and scores them with the benchmark's
metric.  The floor is written by ``python -m bench.article_extraction``
(measured F1 minus a small margin), so the test and the documented number
cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.article_eval import DATASET, aggregate, load_benchmark, score_page
from onrecord.article.html.recover import recover_from_html

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
_FLOOR = re.compile(r"onrecord F1 >= (\d\.\d+)")


def recorded_floor() -> float:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("<!-- article_extraction:start -->", 1)[-1].split("<!-- article_extraction:end -->", 1)[0]
    match = _FLOOR.search(section)
    if match is None:
        pytest.fail("no regression floor in docs/benchmarks.md; run `python -m bench.article_extraction`")
    return float(match.group(1))


def test_f1_stays_above_recorded_floor(eval_root: Path):
    if not (eval_root / DATASET).is_dir():
        pytest.skip(f"article extraction benchmark not found under {eval_root}")
    pages = load_benchmark(eval_root)
    scores = [score_page(p.gold, recover_from_html(p.html, url=p.url).body) for p in pages]
    f1 = aggregate(scores).f1
    floor = recorded_floor()
    assert f1 >= floor, f"onrecord F1 {f1:.4f} fell below the recorded floor {floor:.3f}"
