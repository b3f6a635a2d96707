"""Packing pages into WARC files, for the Spark tests and benchmark.

Each page becomes one HTTP ``response`` record (``text/html``), gzipped per
record as Common Crawl does; plain texts are wrapped in minimal HTML (a
title and one ``<p>`` per paragraph) so that they go through the same HTML
path a crawled page does.
"""

from __future__ import annotations

import gzip
import html
import io
from pathlib import Path
from typing import Iterable, Union


def as_html(text: str, title: str = "") -> str:
    """A plain text as a minimal HTML page (paragraphs at blank lines)."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
            f"<body><article>{body}</article></body></html>")


def response_record(uri: str, page: Union[str, bytes], content_type: str = "text/html; charset=utf-8") -> bytes:
    """One uncompressed WARC response record holding ``page``."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    body = page.encode("utf-8") if isinstance(page, str) else page
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    record = WarcRecord()
    record.init_headers(content_length=len(http), record_type=WarcRecordType.response)
    record.headers["WARC-Target-URI"] = uri
    record.headers["Content-Type"] = "application/http; msgtype=response"
    record.set_bytes_content(http)
    buffer = io.BytesIO()
    record.write(buffer)
    return buffer.getvalue()


def write_warc(path: Union[str, Path], pages: Iterable[tuple[str, Union[str, bytes]]], *, gz: bool = True) -> Path:
    """Write ``(uri, html)`` pages as a WARC file (one gzip member per record if ``gz``)."""
    path = Path(path)
    with path.open("wb") as handle:
        for uri, page in pages:
            record = response_record(uri, page)
            handle.write(gzip.compress(record, mtime=0) if gz else record)
    return path
