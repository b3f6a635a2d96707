"""Reading one input (path, ``.gz`` file, URL or ``-`` for stdin) as text."""

from __future__ import annotations

import gzip
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from onrecord.errors import InputError, InputTooLargeError
from onrecord.read.decode import decode_bytes
from onrecord.read.fetch import FetchPolicy, fetch_url

#: The largest page read: real news pages, inline scripts and all, stay far
#: below this; a bigger input is refused before any parsing so it cannot stall a batch.
MAX_INPUT_BYTES = 20_000_000


@dataclass
class RawInput:
    """Decoded text of one input and where it came from."""

    text: str
    source_path: str
    url: Optional[str] = None
    content_type: Optional[str] = None


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def read_input(spec: str, *, policy: FetchPolicy = FetchPolicy(),
               max_bytes: int = MAX_INPUT_BYTES) -> RawInput:
    """Read ``spec`` and decode it; raise an ``InputError`` or ``FetchError``
    with a one-line reason on failure."""
    if is_url(spec):
        fetched = fetch_url(spec, policy)
        return RawInput(decode_bytes(fetched.data, fetched.charset), spec, fetched.url, fetched.content_type)
    if spec == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(spec)
        if not path.exists():
            raise InputError(f"{spec}: no such file")
        if path.is_dir():
            raise InputError(f"{spec}: is a directory")
        try:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{spec}: cannot read ({exc.strerror})") from exc
    if len(data) > max_bytes:
        raise InputTooLargeError(f"{spec}: larger than the {max_bytes:,}-byte input limit")
    data = maybe_gunzip(data, spec, max_bytes)
    try:
        text = decode_bytes(data)
    except InputError as exc:
        raise type(exc)(f"{spec}: {exc}") from exc
    return RawInput(text, spec)


def maybe_gunzip(data: bytes, spec: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Decompress gzip data transparently, bounded so a gzip bomb is refused."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = decompressor.decompress(data, max_bytes + 1)
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{spec}: corrupt gzip data ({exc})") from exc
    if len(out) > max_bytes:
        raise InputTooLargeError(f"{spec}: decompresses to more than {max_bytes:,} bytes")
    if not decompressor.eof:
        raise InputError(f"{spec}: truncated gzip data (the file ends mid-stream)")
    return out
