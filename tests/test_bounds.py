"""The bounds that keep one hostile page from stalling a batch (see
docs/reliability.md for the pages that needed them and what they cost)."""

from __future__ import annotations

import datetime as dt

from onrecord.extract.attribution import encoder, tagger
from onrecord.extract.dates.resolve import MAX_EXPRESSION, resolve


def test_a_long_run_of_numbers_is_not_resolved_as_a_date() -> None:
    """A spaCy DATE entity over a run of digits reached rules that backtrack
    on such runs; past MAX_EXPRESSION characters nothing is resolved."""
    run = "19 2023, " * 2_000
    assert resolve(run, dt.date(2026, 12, 3)) is None
    assert resolve("December 19, 2023", None).date == "2023-12-19"
    assert len("Tuesday, December 19th, 2023 at the start of the first quarter") < MAX_EXPRESSION


def test_a_document_over_the_encoder_cap_is_tagged_by_the_crf_alone(spacy_nlp, monkeypatch) -> None:
    """``He said "`` × 20,000 spent minutes in the encoder; a document past
    MAX_ENCODER_TOKENS is tagged without it (real articles are far shorter)."""
    assert tagger.MAX_ENCODER_TOKENS >= 2 * 6_844   # twice the longest PolNeAR article, in tokens
    doc = spacy_nlp('The mayor said "the budget is balanced," and she told reporters it was fair.')
    calls = []
    real = encoder.encoder_probabilities
    monkeypatch.setattr(encoder, "encoder_probabilities", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(encoder, "enabled", lambda: True)
    _, with_encoder, _ = tagger.tag_doc(doc)
    assert calls, "a short document uses the encoder"
    monkeypatch.setattr(tagger, "MAX_ENCODER_TOKENS", len(doc) - 1)
    calls.clear()
    _, crf_only, _ = tagger.tag_doc(doc)
    assert not calls
    assert len(crf_only) == len(with_encoder) == len(doc)
    assert any(label != "O" for label in crf_only)   # the CRF still finds the cue
