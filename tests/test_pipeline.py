"""The per-article driver: one record per job, bad jobs never stop a batch."""

from __future__ import annotations

import importlib
import pytest

import onrecord
from onrecord.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from onrecord.pipeline import MAX_BODY_CHARS, Job

BODY = "The mayor said on Tuesday that 40 new buses would run by June.\n\nCritics said it was too little."


def test_extract_returns_typed_record(extractor) -> None:
    record = extractor.extract(BODY, kind="body", published="2024-03-07")
    assert isinstance(record, onrecord.Record)
    assert record.article.body == BODY
    assert record.article.published == "2024-03-07"
    assert onrecord.Record.from_dict(record.to_dict()) == record


def test_bytes_are_decoded(extractor) -> None:
    record = extractor.extract(BODY.encode("utf-8"), kind="body")
    assert record.article.body == BODY


def test_a_batch_survives_its_bad_jobs_in_order(extractor) -> None:
    jobs = [Job("", "empty"), Job(BODY, "good", kind="body"), Job(b"\x89PNG\r\n\x1a\n" + bytes(64), "png"),
            Job("x " * (MAX_BODY_CHARS // 2 + 10), "huge", kind="body"), Job(BODY, "good2", kind="body")]
    outcomes = list(extractor.run(jobs))
    assert [o.job.source_path for o in outcomes] == ["empty", "good", "png", "huge", "good2"]
    assert isinstance(outcomes[0].error, EmptyInputError)
    assert isinstance(outcomes[2].error, BinaryInputError)
    assert isinstance(outcomes[3].error, InputTooLargeError)
    assert "limit" in str(outcomes[3].error)
    assert outcomes[1].record is not None and outcomes[4].record is not None


def test_unreadable_publication_date_is_a_named_error(extractor) -> None:
    with pytest.raises(onrecord.InputError):
        extractor.extract(BODY, kind="body", published="sometime soon")


def test_oversized_text_is_refused_before_parsing(extractor) -> None:
    from onrecord.read.sources import MAX_INPUT_BYTES

    with pytest.raises(InputTooLargeError, match="limit"):
        extractor.extract("<p>a</p>" * (MAX_INPUT_BYTES // 8 + 1))


def test_a_bug_on_one_page_is_that_page_s_error(extractor, monkeypatch) -> None:
    """An unexpected exception in a stage becomes the page's ExtractionError;
    the pages around it still come out."""
    claims = importlib.import_module("onrecord.extract.claims.find")  # the pipeline imports its stages when it runs them

    real = claims.find_claims

    def flaky(parsed, *args):
        if "boom" in parsed.article.body:
            raise RuntimeError("boom")
        return real(parsed, *args)

    monkeypatch.setattr(claims, "find_claims", flaky)
    jobs = [Job(BODY, "a", kind="body"), Job("It went boom, 3 times.", "b", kind="body"), Job(BODY, "c", kind="body")]
    outcomes = list(extractor.run(jobs))
    assert [o.record is not None for o in outcomes] == [True, False, True]
    assert isinstance(outcomes[1].error, onrecord.ExtractionError)
    assert "RuntimeError: boom" in str(outcomes[1].error)
