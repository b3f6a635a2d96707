"""The claims evaluation set must not fall below its recorded floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.claims_eval import evaluate, load_items

DATA = Path(__file__).resolve().parent / "data" / "claims"


@pytest.fixture(scope="module")
def evaluation(extractor):
    return evaluate(extractor, load_items(DATA / "claims.jsonl"))


@pytest.fixture(scope="module")
def floor():
    return json.loads((DATA / "floor.json").read_text(encoding="utf-8"))


def test_set_is_big_enough_and_covers_negatives():
    items = load_items(DATA / "claims.jsonl")
    assert len(items) >= 40
    assert sum(1 for i in items if not i["claims"]) >= 10
    assert sum(1 for i in items for c in i["claims"] if c.get("source")) >= 20


def test_value_unit_f1_floor(evaluation, floor):
    assert evaluation.value_unit.f1 >= floor["value_unit_f1"], evaluation.errors


def test_value_unit_source_f1_floor(evaluation, floor):
    assert evaluation.full.f1 >= floor["full_f1"], evaluation.errors


def test_metric_matches_sources_by_last_name_word():
    from bench.claims_eval import source_matches

    assert source_matches("Sergei Shoigu", "Shoigu")
    assert source_matches("trade ministry", "the trade ministry")
    assert source_matches(["analysts", "Harbor Bank"], "analysts at Harbor Bank")
    assert source_matches(None, None)
    assert not source_matches(None, "Shoigu")
    assert not source_matches("Shoigu", None)
    assert not source_matches("Sergei Shoigu", "Vladimir Putin")


def test_metric_counts_spurious_and_missed_claims():
    from bench.claims_eval import Evaluation, score_item
    from onrecord.record import Claim, ClaimSource

    item = {"text": "", "claims": [{"value": 490000, "unit": "soldiers", "source": "Shoigu"},
                                    {"value": 17.5, "unit": "percent", "source": None}]}
    predicted = [Claim("c1", "", 0, 0, 490000.0, "soldiers", source=ClaimSource("Sergei Shoigu")),
                 Claim("c2", "", 0, 0, 17.5, "percent", source=ClaimSource("Putin")),
                 Claim("c3", "", 0, 0, 2023.0, None)]
    evaluation = Evaluation()
    score_item(item, predicted, evaluation)
    assert (evaluation.full.tp, evaluation.full.predicted, evaluation.full.gold) == (1, 3, 2)
    assert (evaluation.value_unit.tp, evaluation.value_unit.predicted) == (2, 3)
    assert len(evaluation.errors) == 1
