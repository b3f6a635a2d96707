"""The Atheris fuzz targets: one function per entry point that takes outside
bytes or text.  Each takes the fuzzer's bytes and must return normally or
raise ``OnrecordError`` (an ``ExtractionError``, onrecord's "internal error
in a stage", counts as a crash: it is a bug caught late).  Anything else
escaping is a crash, which Atheris saves with its input.

Text targets read the bytes as UTF-8 with surrogate escapes, so every byte
string maps to a distinct text; the file readers write the bytes to one
scratch file per process.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from typing import Callable

from onrecord.errors import ExtractionError, OnrecordError

_SCRATCH = os.path.join(tempfile.gettempdir(), f"onrecord-fuzz-{os.getpid()}")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _file(data: bytes, suffix: str) -> str:
    path = _SCRATCH + suffix
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def decode(data: bytes) -> None:
    from onrecord.read.decode import decode_bytes
    from onrecord.read.sniff import sniff_kind

    text = decode_bytes(data)
    assert isinstance(text, str)
    assert sniff_kind(text) in ("feed", "html", "text")


def text_article(data: bytes) -> None:
    from onrecord.article.text.recover import recover_from_text
    from onrecord.record import PARAGRAPH_SEPARATOR

    article = recover_from_text(_text(data))
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)


def html_article(data: bytes) -> None:
    from onrecord.article.html.recover import recover_from_html
    from onrecord.record import PARAGRAPH_SEPARATOR

    article = recover_from_html(_text(data), url="https://example.org/a")
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)


def feed(data: bytes) -> None:
    from onrecord.read.feeds import read_feed

    for _ in read_feed(data, "feed.xml", fetch=None):
        pass


def warc(data: bytes) -> None:
    from onrecord.read.warc import read_warc

    for _ in read_warc(_file(data, ".warc")):
        pass


def jsonl(data: bytes) -> None:
    from onrecord.read.jsonl import read_jsonl

    for _ in read_jsonl(_file(data, ".jsonl")):
        pass


def numbers(data: bytes) -> None:
    from onrecord.extract.claims.numbers import find_quantities

    text = _text(data)
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


def dates(data: bytes) -> None:
    from onrecord.article.dates_in_text import find_dates
    from onrecord.article.timestamps import parse_dateline, parse_timestamp
    from onrecord.extract.dates.find import _pattern_spans, parse_published
    from onrecord.extract.dates.resolve import resolve

    text = _text(data)
    for start, end in _pattern_spans(text):
        resolve(text[start:end], dt.date(2026, 12, 3))
    resolve(text, dt.date(2026, 12, 3), "past")
    find_dates(text)
    parse_timestamp(text)
    parse_dateline(text)
    try:
        parse_published(text)
    except OnrecordError:
        pass


def bylines(data: bytes) -> None:
    from onrecord.article.bylines import read_byline

    read_byline(_text(data))


def credits(data: bytes) -> None:
    from onrecord.article.credits import is_credit, parse_credit, split_caption_credit

    text = _text(data)
    caption, credit = split_caption_credit(text)
    is_credit(text)
    parse_credit(credit, caption or None)


_extractor = None


def extract(data: bytes) -> None:
    """The whole pipeline (slow: about a second an input)."""
    global _extractor
    from onrecord.pipeline import Extractor

    if _extractor is None:
        _extractor = Extractor()
    try:
        record = _extractor.extract(data, published="2026-12-03")
    except ExtractionError:
        raise
    body = record.article.body
    for claim in record.claims:
        assert body[claim.start:claim.end] == claim.text
    for statement in record.statements:
        if statement.where == "body":
            assert all(0 <= s <= e <= len(body) for s, e in statement.content.spans)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "decode": decode, "text_article": text_article, "html_article": html_article, "feed": feed, "warc": warc,
    "jsonl": jsonl, "numbers": numbers, "dates": dates, "bylines": bylines, "credits": credits, "extract": extract,
}
