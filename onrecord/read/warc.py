"""Pages out of WARC files (web archives), with fastwarc.

Only ``response`` records whose HTTP content type is HTML (or XHTML) become
jobs; everything else (requests, metadata, images, robots.txt) is skipped.
A truncated file — a download cut off, a disk that filled up — yields every
complete record it holds, then one ``Skipped`` item saying where and why it
stopped, so an ingest keeps what it can and tells the user.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import BinaryIO, Iterator, Union

from onrecord.errors import InputError
from onrecord.read.decode import decode_bytes
from onrecord.read.items import Job, Skipped
from onrecord.read.sources import MAX_INPUT_BYTES

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Union[str, Path], head: bytes = b"") -> bool:
    """True for ``.warc``/``.warc.gz`` names or data that starts like a WARC record."""
    name = str(path).lower()
    return name.endswith((".warc", ".warc.gz", ".warc.zst", ".warc.lz4")) or head.startswith(b"WARC/")


def read_warc(path: Union[str, Path]) -> Iterator[Union[Job, Skipped]]:
    """Yield one ``Job`` per HTML response record of the WARC file at ``path``."""
    path = Path(path)
    try:
        handle: BinaryIO = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        yield from read_warc_stream(handle, str(path))


def read_warc_stream(handle: BinaryIO, name: str) -> Iterator[Union[Job, Skipped]]:
    """``read_warc`` over an open, seekable binary stream called ``name`` (the
    Spark job reads bytes through Hadoop, so it has no local path)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    records = ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except OSError as exc:  # fastwarc: "Invalid WARC header" and the like
            yield Skipped(name, f"not a readable WARC file past this point ({exc}); "
                                f"{count} complete page(s) were read before it")
            return
        uri = record.headers.get("WARC-Target-URI") or ""
        source = f"{name}#{uri or record.stream_pos}"
        content_type = (record.http_content_type or "").lower()
        payload = record.reader.read(MAX_INPUT_BYTES + 1)  # a record may claim any length
        if len(payload) > MAX_INPUT_BYTES:
            yield Skipped(source, f"the record for {uri or 'an unnamed page'} is larger than the "
                                  f"{MAX_INPUT_BYTES:,}-byte page limit")
            continue
        if len(payload) < record.content_length:
            yield Skipped(source, f"truncated WARC: the record for {uri or 'an unnamed page'} is cut off "
                                  f"({len(payload):,} of {record.content_length:,} bytes); "
                                  f"{count} complete page(s) were read before it")
            return
        if not content_type.startswith(_HTML_TYPES):
            continue
        count += 1
        try:
            text = decode_bytes(payload, record.http_charset)
        except InputError as exc:
            yield Skipped(source, str(exc))
            continue
        yield Job(text, source, "html", uri or None)
    if name.lower().endswith(".gz"):
        handle.seek(0)
        if not _gzip_complete(handle):
            yield Skipped(name, f"truncated WARC: the gzip stream ends early; {count} complete page(s) were read")


def _gzip_complete(handle: BinaryIO) -> bool:
    """Whether every gzip member of the stream ends properly (a cut-off file
    does not).  Decompresses in bounded steps and throws the output away."""
    step = 1 << 20
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending = False
    while True:
        data = handle.read(step)
        if not data:
            return not pending
        while data:
            if not pending and not data.strip(b"\0"):
                break  # zero padding after the last member
            try:
                decompressor.decompress(data, step)
                while decompressor.unconsumed_tail:
                    decompressor.decompress(decompressor.unconsumed_tail, step)
            except zlib.error:
                return False
            pending = True
            if decompressor.eof:
                data = decompressor.unused_data
                decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                pending = False
            else:
                data = b""
