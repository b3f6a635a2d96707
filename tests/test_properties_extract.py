"""Property test for the whole ``extract`` on mutated bundled samples: every
page ends as a record or as one ``OnrecordError`` that is not an internal
error, the record survives a strict JSON round trip, and every offset in it
points into the text it claims to (``text == body[start:end]``).

The parse is slow (about a second a page with the encoder), so this runs
few examples; ``ONRECORD_PROPERTY_SCALE`` multiplies them for a longer hunt.
Every bug it found is pinned below as a plain regression test with its input.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from onrecord.errors import ExtractionError, OnrecordError
from onrecord.record import Record, Span
from tests.property_settings import bounded

SAMPLES = Path(__file__).resolve().parent.parent / "onrecord" / "samples"
PAGES = [(p.read_text(encoding="utf-8"), "html" if p.suffix == ".html" else "text")
         for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".html")]

# Pieces aimed at the extractors: quotes left open or doubled, cues, numbers,
# dates, names, and characters that change lengths when normalised.
PIECES = st.sampled_from([
    "\u201c", "\u201d", "\"", "'", " said ", " he said, \"", " told reporters ", " according to ", ": \"",
    " 1,000 ", " $3.5bn ", " 40 per cent ", " about half ", " last Tuesday ", " on 3 December 2026 ",
    " next year ", " Vladimir Putin ", " the ministry ", "\n\n", "\n", ". ", "\u00a0", "\ufb01", "\u0130",
    "ß", "e\u0301", "\U0001F600", "\u200b", "\t", "He said \"", "(", ")", "—",
])


def _mutated() -> st.SearchStrategy[tuple[str, str]]:
    edit = st.tuples(st.sampled_from(["insert", "delete", "duplicate"]), st.floats(0, 1), st.floats(0, 1),
                     st.one_of(PIECES, st.text(max_size=12)))

    def apply(args) -> tuple[str, str]:
        (page, kind), edits, cut = args
        for op, a, b, piece in edits:
            i, j = sorted((int(a * len(page)), int(b * len(page))))
            j = min(j, i + 1500)
            if op == "insert":
                page = page[:i] + piece + page[i:]
            elif op == "delete":
                page = page[:i] + page[j:]
            else:
                page = page[:j] + page[i:j] + page[j:]
        return page[:max(1, int(cut * len(page)))] if cut < 1 else page, kind

    return st.tuples(st.sampled_from(PAGES), st.lists(edit, min_size=1, max_size=6),
                     st.one_of(st.just(1.0), st.floats(0.05, 1))).map(apply)


def _points_into(span: Span | None, text: str, where: str) -> None:
    if span is not None:
        assert 0 <= span.start <= span.end <= len(text), (where, span)
        assert text[span.start:span.end] == span.text, (where, span, text[span.start:span.end])


def check_offsets(record: Record) -> None:
    """Every offset of ``record`` names the text it carries."""
    article = record.article
    body, title = article.body, article.title or ""
    for entity in record.entities:
        for mention in entity.mentions:
            _points_into(mention, body, f"entity {entity.name}")
    for statement in record.statements:
        text = title if statement.where == "headline" else body
        _points_into(statement.cue, text, f"cue of {statement.id}")
        _points_into(statement.speaker.mention, text, f"speaker of {statement.id}")
        content = statement.content
        spans = content.spans or [[content.start, content.end]]
        assert all(0 <= s <= e <= len(text) for s, e in spans), (statement.id, spans)
        assert spans[0][0] == content.start and spans[-1][1] == content.end, (statement.id, content)
        assert content.text == " … ".join(text[s:e] for s, e in spans), (statement.id, content)
    for claim in record.claims:
        _points_into(Span(claim.text, claim.start, claim.end), body, f"claim {claim.id}")
    for date in record.dates:
        if date.where == "caption":
            assert date.image is not None and 0 <= date.image < len(article.images)
            text = article.images[date.image].caption or ""
        else:
            text = body
        _points_into(Span(date.text, date.start, date.end), text, f"date {date.text!r}")
    ids = [s.id for s in record.statements]
    assert len(set(ids)) == len(ids)
    assert all(c.statement_id is None or c.statement_id in ids for c in record.claims)


@bounded(20)
@given(_mutated())
def test_extract_on_mutated_samples_keeps_every_offset_true(extractor, page_and_kind) -> None:
    page, kind = page_and_kind
    try:
        record = extractor.extract(page, kind=kind, published="2026-12-03")
    except ExtractionError:
        raise  # an internal error is a bug, even though it is an OnrecordError
    except OnrecordError:
        return
    check_offsets(record)
    plain = json.loads(json.dumps(record.to_dict(), allow_nan=False))
    assert Record.from_dict(plain).to_dict() == plain


@bounded(10)
@given(st.lists(st.one_of(PIECES, st.text(max_size=20)), min_size=1, max_size=60).map("".join))
def test_extract_on_quote_and_cue_soup_keeps_every_offset_true(extractor, page: str) -> None:
    try:
        record = extractor.extract(page, kind="body")
    except ExtractionError:
        raise
    except OnrecordError:
        return
    assert record.article.body == page
    check_offsets(record)
