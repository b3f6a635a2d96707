"""The judged claim-pairs set (bench/data/ledger_claim_pairs/) agrees with PolNeAR train.

The labels are data made by reading; this test guards them against drift:
every side must name a train article of the set's article list and its
recorded text must be the characters at its offsets, so the bench never
scores a pair against the wrong numbers.  The README's counts are checked
too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data" / "ledger_claim_pairs"


def pairs() -> list[dict]:
    return [json.loads(line) for line in (DATA / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def articles() -> list[str]:
    return [line.strip() for line in (DATA / "articles.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_pairs_are_well_formed():
    rows = pairs()
    listed = set(articles())
    assert len(listed) == len(articles()), "an article is listed twice"
    seen = set()
    for row in rows:
        assert set(row) == {"a", "b", "same", "differ", "why", "origin"}, row
        assert isinstance(row["same"], bool) and isinstance(row["differ"], bool)
        assert row["origin"] in {"reported", "reporter", "candidate"}
        assert row["why"].strip()
        for side in (row["a"], row["b"]):
            assert set(side) == {"article", "start", "end", "text"}, side
            assert side["article"] in listed, f"{side['article']} is not in articles.txt"
            assert 0 <= side["start"] < side["end"]
        assert row["a"]["article"] != row["b"]["article"], "a pair joins two articles"
        key = frozenset([(row["a"]["article"], row["a"]["start"]), (row["b"]["article"], row["b"]["start"])])
        assert key not in seen, f"pair judged twice: {row}"
        seen.add(key)


def test_readme_counts_match():
    rows = pairs()
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    same = sum(row["same"] for row in rows)
    assert re.search(rf"\b{len(rows)} pairs: {same} judged the same quantity", readme), (len(rows), same)
    assert f"({len(articles())} in all)" in readme


def test_offsets_match_the_train_text(eval_root):
    folder = eval_root / "polnear" / "train" / "text"
    if not folder.is_dir():
        pytest.skip(f"PolNeAR train not found at {folder}")
    for name in articles():
        assert (folder / f"{name}.txt").is_file(), name
    for row in pairs():
        for side in (row["a"], row["b"]):
            text = (folder / f"{side['article']}.txt").read_text(encoding="utf-8")
            assert text[side["start"]:side["end"]] == side["text"], side
            assert re.search(r"\d|percent|half|third|quarter|in 10|dozen|hundred|thousand|million", side["text"], re.I), f"not a number: {side}"
