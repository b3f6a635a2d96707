"""The claims evaluation set must not fall below its recorded floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.extract.claims_eval import evaluate, load_items

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
