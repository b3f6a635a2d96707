"""From what a user typed (paths, folders, globs, URLs) to a stream of jobs.

``onrecord ingest`` accepts many kinds of input at once; this module is the
one place that decides what each is — a page, a feed, a WARC archive, a JSONL
file — and hands every page on as a ``Job``.  Anything that cannot be read
becomes a ``Skipped`` item with its reason, so one bad input never stops a
batch.  The readers are imported only when an
input needs them (a WARC reader costs nothing to a folder of text files).
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Callable, Iterable, Iterator

from onrecord.errors import OnrecordError
from onrecord.read.fetch import FetchPolicy
from onrecord.read.items import Item, Job, Skipped

# Files picked up when a folder is given (other files are ignored).
SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".xml", ".rss", ".atom", ".gz", ".warc", ".jsonl", ".ndjson")


def expand(specs: Iterable[str], *, kind: str = "auto", policy: FetchPolicy = FetchPolicy(),
           fetch_links: bool = True) -> Iterator[Item]:
    """Yield a job per page found in ``specs``; ``kind`` applies to plain pages."""
    for spec in specs:
        if spec.startswith(("http://", "https://")):
            yield from _guard(spec, lambda s=spec: _url(s, kind, policy, fetch_links))
        elif spec == "-" or Path(spec).is_file():
            yield from _guard(spec, lambda s=spec: _file(s, kind, policy, fetch_links))
        elif Path(spec).is_dir():
            for path in _folder(Path(spec)):
                yield from _guard(str(path), lambda p=str(path): _file(p, kind, policy, fetch_links))
        elif glob.has_magic(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield Skipped(spec, "no file matches this pattern")
            for match in matches:
                if Path(match).is_file():
                    yield from _guard(match, lambda p=match: _file(p, kind, policy, fetch_links))
        else:
            yield Skipped(spec, "no such file, folder or URL")


def _guard(source: str, produce) -> Iterator[Item]:
    """Run a reader; an ``OnrecordError`` it raises becomes a ``Skipped`` item."""
    try:
        yield from produce()
    except OnrecordError as exc:
        message = str(exc)
        yield Skipped(source, message[len(source) + 2:] if message.startswith(source + ": ") else message)


def _folder(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
                  and p.name.lower().endswith(SUFFIXES))


def _file(spec: str, kind: str, policy: FetchPolicy, fetch_links: bool) -> Iterator[Item]:
    from onrecord.read.jsonl import is_jsonl, read_jsonl
    from onrecord.read.sources import read_input
    from onrecord.read.warc import is_warc, read_warc

    if spec != "-":
        with open(spec, "rb") as handle:
            head = handle.read(8)
        if is_warc(spec, head):
            yield from read_warc(spec)
            return
        if is_jsonl(spec):
            yield from read_jsonl(spec)
            return
    raw = read_input(spec, policy=policy)
    yield from _page_or_feed(raw.text, spec, None, kind, policy, fetch_links, lambda: _raw_bytes(spec))


def _raw_bytes(spec: str) -> bytes:
    """The file's bytes as the feed parser wants them (its own encoding declaration intact)."""
    from onrecord.read.sources import MAX_INPUT_BYTES, maybe_gunzip

    if spec == "-":
        return b""
    with open(spec, "rb") as handle:
        return maybe_gunzip(handle.read(MAX_INPUT_BYTES + 1), spec)


def _url(spec: str, kind: str, policy: FetchPolicy, fetch_links: bool) -> Iterator[Item]:
    from onrecord.read.decode import decode_bytes
    from onrecord.read.fetch import fetch_url

    fetched = fetch_url(spec, policy)
    text = decode_bytes(fetched.data, fetched.charset)
    yield from _page_or_feed(text, spec, fetched.url, kind, policy, fetch_links, lambda: fetched.data)


def _page_or_feed(text: str, source: str, url, kind: str, policy: FetchPolicy, fetch_links: bool,
                  data: Callable[[], bytes]) -> Iterator[Item]:
    from onrecord.read.sniff import sniff_kind

    if kind in ("auto", "html") and sniff_kind(text) == "feed":
        from onrecord.read.feeds import read_feed

        yield from read_feed(data() or text.encode("utf-8"), source,
                             fetch=(lambda link: _fetch_page(link, policy)) if fetch_links else None)
    else:
        yield Job(text, source, kind, url)


def _fetch_page(link: str, policy: FetchPolicy) -> tuple[str, str]:
    from onrecord.read.decode import decode_bytes
    from onrecord.read.fetch import fetch_url

    fetched = fetch_url(link, policy)
    return decode_bytes(fetched.data, fetched.charset), fetched.url
