"""Property tests for the readers: any bytes end as text, jobs, skips or one
``OnrecordError``, never another exception (Hypothesis, bounded examples).

Every bug these found is pinned below as a plain regression test with its input.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.errors import OnrecordError
from onrecord.read.items import Job, Skipped
from onrecord.read.decode import decode_bytes

from onrecord.read.sniff import sniff_kind

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHARSETS = st.sampled_from([None, "utf-8", "latin-1", "cp1252", "shift_jis", "utf-16", "utf-7", "koi8-r",
                            "base64", "rot13", "hex", "zlib", "idna", "punycode", "uu", "bz2", "unicode_escape",
                            "nonsense", "utf\x00-8", "", "UTF8", "gb18030"])
PAGE_BITS = st.sampled_from(["<html>", "<meta charset=\"", "\">", "<p>", "</p>", "<body>", "é", "\u201c",
                             "\x00", "\x1f\x8b", "\xff\xfe", "<rss>", "<item>", "&amp;", "\n", " said "])


def _texty_bytes() -> st.SearchStrategy[bytes]:
    pieces = st.lists(st.one_of(PAGE_BITS, st.text(max_size=20), CHARSETS.filter(bool)), max_size=30)
    encoded = st.tuples(pieces, st.sampled_from(["utf-8", "latin-1", "utf-16"])).map(
        lambda p: "".join(p[0]).encode(p[1], "replace"))
    return st.one_of(st.binary(max_size=400), encoded)


@FAST
@given(_texty_bytes(), CHARSETS)
def test_decode_bytes_gives_text_or_a_clear_error(data: bytes, declared) -> None:
    try:
        text = decode_bytes(data, declared)
    except OnrecordError:
        return
    assert isinstance(text, str) and text.strip() and "\x00" not in text


@FAST
@given(st.text(max_size=600))
def test_sniff_kind_always_names_a_kind(text: str) -> None:
    assert sniff_kind(text) in ("feed", "html", "text")


def test_a_page_declaring_a_bytes_codec_as_its_charset_is_read_as_text() -> None:
    """Found by the property test: ``<meta charset="base64">`` made
    ``bytes.decode`` raise LookupError (not a text encoding)."""
    page = b'<html><head><meta charset="base64"></head><body><p>Caf\xc3\xa9 said hello.</p></body></html>'
    assert "Café said hello" in decode_bytes(page)
    assert "hello" in decode_bytes(b"<p>hello</p>", "rot13")


# --------------------------------------------------------------------- feeds

def _feed(items: list[tuple[str, str]], atom: bool) -> bytes:
    if atom:
        body = "".join(f"<entry><title>{t}</title><content type=\"html\">{c}</content></entry>" for t, c in items)
        return f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'.encode("utf-8", "replace")
    body = "".join(f"<item><title>{t}</title><description>{c}</description></item>" for t, c in items)
    return f"<rss version=\"2.0\"><channel>{body}</channel></rss>".encode("utf-8", "replace")


@SLOW
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=800)), max_size=4), st.booleans(),
       st.binary(max_size=40), st.integers(0, 400))
def test_read_feed_yields_jobs_and_skips_or_one_clear_error(items, atom, junk, cut) -> None:
    from onrecord.read.feeds import read_feed

    data = _feed(items, atom)
    data = data[:cut] + junk + data[cut:]
    try:
        out = list(read_feed(data, "feed.xml", fetch=None))
    except OnrecordError:
        return
    assert all(isinstance(item, (Job, Skipped)) for item in out)


# ---------------------------------------------------------------------- WARC

def _warc_record(payload: bytes, length: int | None, content_type: str) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + payload
    size = len(http) if length is None else length
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode() + http + b"\r\n\r\n")


@SLOW
@given(st.binary(max_size=300), st.one_of(st.none(), st.integers(0, 10 ** 11)),
       st.sampled_from(["text/html", "text/html; charset=base64", "image/png", "text/html; charset=utf-16"]),
       st.integers(0, 600), st.binary(max_size=20), st.booleans())
def test_read_warc_yields_jobs_and_skips_or_one_clear_error(payload, length, content_type, cut, junk, gz) -> None:
    from onrecord.read.warc import read_warc

    data = _warc_record(payload, length, content_type)
    data = data[:cut] + junk + data[cut + len(junk):]
    if gz:
        data = gzip.compress(data)[: max(20, cut * 3)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("crawl.warc.gz" if gz else "crawl.warc")
        path.write_bytes(data)
        try:
            out = list(read_warc(path))
        except OnrecordError:
            return
    assert all(isinstance(item, (Job, Skipped)) for item in out)


# --------------------------------------------------------------------- JSONL

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=8)


@FAST
@given(st.one_of(st.text(max_size=200),
                 st.dictionaries(st.sampled_from(["url", "html", "text", "published", "x"]), JSON_VALUES,
                                 max_size=4).map(json.dumps)))
def test_jsonl_line_is_a_job_or_a_skip(line: str) -> None:
    from onrecord.read.jsonl import parse_line

    item = parse_line(line, "f.jsonl:1")
    assert isinstance(item, (Job, Skipped))
    if isinstance(item, Job):
        assert isinstance(item.raw, str) and item.raw.strip()


@SLOW
@given(st.lists(st.one_of(st.text(max_size=60), st.just('{"text": "The mayor said so."}')), max_size=8),
       st.integers(1, 200))
def test_read_jsonl_bounds_every_line(lines: list[str], limit: int) -> None:
    from onrecord.read import jsonl

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8", errors="replace")
        out = list(jsonl._bounded_lines(io.StringIO(path.read_text(encoding="utf-8")), limit))
        items = list(jsonl.read_jsonl(path))
    assert all(line is None or len(line) <= limit for line in out)
    assert all(isinstance(item, (Job, Skipped)) for item in items)


def test_a_jsonl_line_over_the_limit_is_skipped_without_holding_it(monkeypatch, tmp_path) -> None:
    from onrecord.read import jsonl

    monkeypatch.setattr(jsonl, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "big.jsonl"
    path.write_text('{"html": "' + "word " * 5000 + '"}\n{"text": "The mayor said the budget was balanced."}\n')
    items = list(jsonl.read_jsonl(path))
    assert isinstance(items[0], Skipped) and "longer than" in items[0].reason and items[0].source.endswith(":1")
    assert isinstance(items[1], Job) and items[1].source_path.endswith(":2")


def test_a_warc_record_over_the_page_limit_is_skipped(monkeypatch, tmp_path) -> None:
    from onrecord.read import warc

    monkeypatch.setattr(warc, "MAX_INPUT_BYTES", 100)
    small = _warc_record(b"<html><body><p>ok</p></body></html>", None, "text/html")
    big = _warc_record(b"<html><body><p>" + b"x" * 500 + b"</p></body></html>", None, "text/html")
    path = tmp_path / "crawl.warc"
    path.write_bytes(big + small)
    items = list(warc.read_warc(path))
    assert isinstance(items[0], Skipped) and "larger than" in items[0].reason
    assert isinstance(items[1], Job)


@pytest.mark.parametrize("levels", [1, 3])
def test_nested_gzip_is_refused_as_binary(levels: int, tmp_path) -> None:
    from onrecord.read.sources import read_input

    data = b"The mayor said the budget was balanced."
    for _ in range(levels + 1):
        data = gzip.compress(data)
    path = tmp_path / "page.txt.gz"
    path.write_bytes(data)
    with pytest.raises(OnrecordError, match="binary"):
        read_input(str(path))
