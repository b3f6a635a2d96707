"""Turning bytes into text without guessing wrong or crashing.

Order of trust: a byte-order mark, then the charset the page declares (HTTP
header or ``<meta charset>``) if the bytes really decode with it, then UTF-8,
then charset-normalizer's detection.  Binary data is refused with a clear
error rather than decoded into mojibake.
"""

from __future__ import annotations

import codecs
import re
from typing import Optional

from onrecord.errors import BinaryInputError, EmptyInputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of formats people feed a text tool by mistake.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF",
    b"BZh", b"\xfd7zXZ", b"Rar!", b"MZ", b"OggS", b"ID3", b"RIFF",
)


def decode_bytes(data: bytes, declared: Optional[str] = None) -> str:
    """Decode ``data`` to text; raise ``BinaryInputError`` for binary data and
    ``EmptyInputError`` when nothing is left."""
    if not data or not data.strip():
        raise EmptyInputError("input is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(data.decode(encoding, errors="replace"))
    _refuse_binary(data)
    for encoding in (declared, _meta_charset(data)):
        text = _try(data, encoding)
        if text is not None:
            return _finish(text)
    text = _try(data, "utf-8")
    if text is not None:
        return _finish(text)
    return _finish(_detect(data))


def _finish(text: str) -> str:
    text = text.replace("\x00", "")
    if not text.strip():
        raise EmptyInputError("input has no text")
    return text


def _refuse_binary(data: bytes) -> None:
    head = data[:8]
    for magic in _BINARY_MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(f"input is binary data (starts with {magic!r}), not text or HTML")
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) * 0.1:
        raise BinaryInputError(
            f"input looks binary ({controls} control bytes in the first {len(sample)}), not text or HTML"
        )


def _meta_charset(data: bytes) -> Optional[str]:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii", "ignore") if match else None


def _try(data: bytes, encoding: Optional[str]) -> Optional[str]:
    if not encoding:
        return None
    try:
        codec = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a name with a NUL byte
        return None
    if not getattr(codec, "_is_text_encoding", True):
        return None  # <meta charset="base64">: a bytes-to-bytes codec, not a charset
    try:
        return data.decode(encoding)
    except UnicodeError:  # idna and punycode raise the base class
        return None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "utf-8"
    return data.decode(encoding, errors="replace")
