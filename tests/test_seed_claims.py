"""Golden test: the seed page's claims and dates, through the whole pipeline."""

from __future__ import annotations

import pytest

from bench.claims_eval import source_matches, unit_matches, value_matches


@pytest.fixture(scope="module")
def seed_record(extractor, seed_text):
    return extractor.extract(seed_text, kind="text")


def _expected_claim(claim, expected):
    return value_matches(expected["value"], claim.value) and unit_matches(expected["unit"], claim.unit)


def test_seed_has_exactly_the_expected_claims(seed_record, seed_expected):
    expected = seed_expected["claims"]
    claims = seed_record.claims
    assert len(claims) == len(expected), [c.text for c in claims]
    for claim, gold in zip(claims, expected):
        assert _expected_claim(claim, gold), (claim, gold)
        assert claim.hedge == gold.get("hedge")
        assert claim.kind == gold.get("kind", "percent" if gold["unit"] == "percent" else "count")
        assert claim.time.text == (gold.get("time") or gold.get("time_text"))
        assert gold["text"].startswith(claim.text) or claim.text in gold["text"]
        assert seed_record.article.body[claim.start:claim.end] == claim.text


def test_seed_claim_sources(seed_record, seed_expected):
    """The outlet asserts 17.5%; Shoigu's statement holds the other two numbers.
    Sources come from the statements stage, so this checks the two stages together."""
    if not seed_record.statements:
        pytest.skip("the statements stage found no statements on the seed yet (onrecord/extract/attribution/statements.py)")
    for claim, gold in zip(seed_record.claims, seed_expected["claims"]):
        name = claim.source.name if claim.source else None
        assert source_matches(gold["source"], name), (claim.text, name, gold["source"])
        assert (claim.statement_id is None) == (gold["source"] is None)


def test_seed_dates(seed_record, seed_expected):
    assert sorted(m.text for m in seed_record.dates) == sorted(seed_expected["dates"])
    by_text = {m.text: m for m in seed_record.dates}
    assert by_text["February 2022"].date == "2022-02" and by_text["February 2022"].open_ended
    assert by_text["2023"].date == "2023"
    assert by_text["Tuesday"].date is None and by_text["next year"].date is None  # no publication date
    assert seed_record.article.published_not_before == seed_expected["article"]["published_not_before"]


def test_seed_dates_with_publication_date(extractor, seed_text):
    record = extractor.extract(seed_text, kind="text", published="2023-12-19")
    by_text = {m.text: m for m in record.dates}
    assert by_text["Tuesday"].date == "2023-12-19"
    assert by_text["next year"].date == "2024"
    [target] = [c for c in record.claims if c.kind == "target"]
    assert (target.value, target.time.text, target.time.date) == (745000, "next year", "2024")
