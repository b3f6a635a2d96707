"""The read stage: bytes from a path, URL or stdin, decoded and sniffed."""

from onrecord.read.decode import decode_bytes
from onrecord.read.fetch import FetchPolicy, fetch_url
from onrecord.read.sniff import sniff_kind
from onrecord.read.sources import RawInput, read_input

__all__ = ["FetchPolicy", "RawInput", "decode_bytes", "fetch_url", "read_input", "sniff_kind"]
