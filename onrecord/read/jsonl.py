"""Pages out of JSON Lines files: one ``{url, html|text, published}`` object a line.

Scrapers and other tools commonly hand over pages this way.  A bad line
(invalid JSON, no ``html`` or ``text``) becomes a ``Skipped`` item naming
the line, and the rest of the file is still read.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import IO, Iterator, Optional, Union

from onrecord.errors import InputError
from onrecord.read.items import Job, Skipped
from onrecord.read.sources import MAX_INPUT_BYTES

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def is_jsonl(path: Union[str, Path]) -> bool:
    return str(path).lower().endswith(JSONL_SUFFIXES)


def read_jsonl(path: Union[str, Path]) -> Iterator[Union[Job, Skipped]]:
    """Yield one ``Job`` per usable line of the JSONL file at ``path`` (``.gz`` too)."""
    path = Path(path)
    try:
        if str(path).lower().endswith(".gz"):
            import gzip

            handle: IO[str] = gzip.open(path, "rt", encoding="utf-8", errors="replace")
        else:
            handle = path.open("r", encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        yield from read_jsonl_lines(handle, str(path))


def read_jsonl_lines(handle: IO[str], name: str) -> Iterator[Union[Job, Skipped]]:
    """``read_jsonl`` over an open text stream called ``name`` (the Spark job
    reads bytes through Hadoop, so it has no local path)."""
    try:
        for number, line in enumerate(_bounded_lines(handle, MAX_INPUT_BYTES), 1):
            if line is None:
                yield Skipped(f"{name}:{number}", f"line longer than the {MAX_INPUT_BYTES:,}-character limit")
            elif line.strip():
                yield parse_line(line, f"{name}:{number}")
    except (OSError, EOFError, zlib.error) as exc:
        yield Skipped(name, f"stopped reading: {exc}")


def _bounded_lines(handle: IO[str], limit: int) -> Iterator[Optional[str]]:
    """The file's lines, with ``None`` for a line longer than ``limit``: such
    a line is skipped in pieces, so a 100 MB line never sits in memory whole."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:  # readline stopped at the line's end
            yield line
            continue
        while line and not line.endswith("\n"):
            line = handle.readline(1 << 20)
        yield None


def parse_line(line: str, source: str) -> Union[Job, Skipped]:
    """One JSONL line as a ``Job`` (``html`` read as HTML, ``text`` as a flattened page)."""
    if len(line) > MAX_INPUT_BYTES:
        return Skipped(source, f"line longer than the {MAX_INPUT_BYTES:,}-character limit")
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(source, f"not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(item, dict):
        return Skipped(source, "expected a JSON object with url and html or text")
    html, text = item.get("html"), item.get("text")
    if isinstance(html, str) and html.strip():
        raw, kind = html, "html"
    elif isinstance(text, str) and text.strip():
        raw, kind = text, "text"
    else:
        return Skipped(source, "no html or text field")
    url = item.get("url") if isinstance(item.get("url"), str) else None
    published = item.get("published") if isinstance(item.get("published"), str) else None
    return Job(raw, source, kind, url, published)
