"""The real-news claims set (bench/data/claims_news/items.jsonl) is well formed and true to PolNeAR train.

The set is labelled by reading; this test keeps it usable by the existing
scorer (``bench.claims_eval``) and honest about its text: every
item's text is the body of its train article exactly, every claim's span
holds the words the claim was read from, and the fields follow the item
format of ``tests/data/claims/claims.jsonl`` (value, unit, source, kind,
optional hedge and value_max).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from bench.claims_eval import Evaluation, load_items, score_item

REPO = Path(__file__).resolve().parent.parent
ITEMS = REPO / "bench" / "data" / "claims_news" / "items.jsonl"
SPEAKER_GOLD = REPO / "bench" / "data" / "ledger_entities" / "gold.jsonl"
KINDS = {"count", "percent", "money", "change", "target", "rank", "range"}
CLAIM_KEYS = {"value", "unit", "source", "kind", "hedge", "value_max", "span", "surface"}


def items() -> list[dict]:
    return load_items(ITEMS)


def test_items_follow_the_claims_item_format():
    rows = items()
    assert len(rows) == 15
    assert len({r["id"] for r in rows}) == len({r["article"] for r in rows}) == 15
    total = 0
    for row in rows:
        assert {"id", "text", "published", "claims", "article", "title"} <= set(row)
        assert row["claims"], f"{row['id']} has no claims: the set is of number-rich articles"
        previous = -1
        for claim in row["claims"]:
            total += 1
            assert {"value", "unit", "source", "kind"} <= set(claim) <= CLAIM_KEYS, claim
            assert isinstance(claim["value"], (int, float)) and math.isfinite(claim["value"]), claim
            assert claim["unit"] is None or (isinstance(claim["unit"], str) and claim["unit"].strip()), claim
            assert claim["kind"] in KINDS, claim
            assert ("value_max" in claim) == (claim["kind"] == "range"), claim
            if claim["kind"] == "range":
                assert claim["value_max"] > claim["value"], claim
            source = claim["source"]
            assert source is None or (isinstance(source, str) and source) or (
                isinstance(source, list) and source and all(isinstance(s, str) and s for s in source)), claim
            start, end = claim["span"]
            assert 0 <= start < end <= len(row["text"]), claim
            assert row["text"][start:end] == claim["surface"], claim
            assert start >= previous, f"claims out of text order in {row['id']}"
            previous = start
    assert total >= 300


def test_the_existing_scorer_reads_the_set():
    """An extractor that finds nothing scores recall 0 on every gold claim:
    the scorer counts all of them (nothing is silently dropped)."""
    evaluation = Evaluation()
    rows = items()
    for row in rows:
        score_item(row, [], evaluation)
    assert evaluation.full.gold == evaluation.value_unit.gold == sum(len(r["claims"]) for r in rows)
    assert evaluation.full.tp == 0 and evaluation.full.recall == 0.0
    assert len(evaluation.errors) == len(rows)


def test_articles_are_apart_from_the_speaker_set():
    speaker_articles = {json.loads(line)["article"] for line in SPEAKER_GOLD.read_text(encoding="utf-8").splitlines()
                        if line.strip()}
    assert not speaker_articles & {r["article"] for r in items()}


def test_texts_are_the_train_articles(eval_root):
    folder = eval_root / "polnear" / "train"
    if not folder.is_dir():
        pytest.skip(f"PolNeAR train not found at {folder}")
    dates = {}
    with (eval_root / "polnear" / "metadata.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["compartment"] == "train":
                dates[row["filename"]] = row["publication_date"]
    for row in items():
        raw = (folder / "text" / f"{row['article']}.txt").read_text(encoding="utf-8")
        title, _, body = raw.partition("\n")
        assert row["title"] == title, row["id"]
        assert row["text"] == body, f"{row['id']} text is not the body of {row['article']}"
        assert row["published"] == dates[row["article"]], row["id"]
