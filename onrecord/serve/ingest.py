"""Adding one article through the server: pasted text, an uploaded file, or a URL.

The same path as ``onrecord extract`` then ``onrecord ingest``: a URL is
fetched under the read stage's ``FetchPolicy`` (time and size limits,
private and loopback addresses refused unless the server allows them), bytes
are gunzipped and decoded by the read stage, the record is extracted and
written in one transaction.  Extraction and writing hold the app's one
writer, so two additions never interleave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from onrecord.errors import InputError
from onrecord.ledger.writer import WriteResult
from onrecord.read.decode import decode_bytes
from onrecord.read.fetch import FetchPolicy
from onrecord.read.sources import is_url, maybe_gunzip, read_input
from onrecord.serve.access import LedgerAccess
from onrecord.serve.config import ServeConfig

KINDS = ("auto", "text", "html", "body")


@dataclass
class Added:
    result: WriteResult
    statements: int
    claims: int


def _text(data: Union[str, bytes], name: str, limit: int) -> str:
    if isinstance(data, str):
        return data
    return decode_bytes(maybe_gunzip(data, name, limit))


def add_article(access: LedgerAccess, config: ServeConfig, *, text: Union[str, bytes, None] = None,
                url: Optional[str] = None, fetch: Optional[str] = None, kind: str = "auto",
                published: Optional[str] = None, source: Optional[str] = None) -> Added:
    """Extract one input and write it to the ledger; raise ``OnrecordError``
    with a message the user can act on."""
    if kind not in KINDS:
        raise InputError(f"`as` must be one of {', '.join(KINDS)} (got {kind!r})")
    if fetch:
        if not is_url(fetch.strip()):
            raise InputError(f"{fetch}: only http and https URLs can be fetched")
        policy = FetchPolicy(timeout=config.fetch_timeout, max_bytes=config.max_body_bytes,
                             allow_private=config.allow_private)
        raw = read_input(fetch.strip(), policy=policy, max_bytes=config.max_body_bytes)
        page, url, source = raw.text, url or raw.url or fetch, source or fetch
    elif text is not None and (text.strip() if isinstance(text, str) else text.strip()):
        page = _text(text, source or "upload", config.max_body_bytes)
    else:
        raise InputError("nothing to add: paste the page's text, upload a file, or give a URL")
    if len(page.encode("utf-8", "surrogatepass")) > config.max_body_bytes:
        raise InputError(f"the page is larger than the {config.max_body_bytes:,}-byte limit")

    def run(ledger) -> Added:
        record = access.extractor.extract(page, kind=kind, url=url or None, published=published or None,
                                          source_path=source or "web")
        result = ledger.add(record, source=source or url or "web", raw=page)
        return Added(result, len(record.statements), len(record.claims))

    return access.write(run)
