"""What the routers share: reading filters from a request, the form check,
running ledger work off the event loop."""

from __future__ import annotations

import re
from typing import Any, Optional

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from onrecord.ledger.api import Ledger
from onrecord.ledger.facets import Filters, statement_types
from onrecord.serve import paging, security
from onrecord.serve.access import LedgerAccess

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KINDS = ("direct", "indirect", "mixed")
#: What the default views show when the ledger records statement types.
DEFAULT_TYPE = "speech"
#: The type choices a page offers, the default first (speech; the others one click away).
TYPE_CHOICES = ("speech", "all", "belief", "topic")


def access(request: Request) -> LedgerAccess:
    return request.app.state.access


def reader(request: Request) -> Ledger:
    return request.app.state.access.reader()


def clean(value: Optional[str]) -> Optional[str]:
    return value.strip() or None if isinstance(value, str) else None


def date_param(name: str, value: Optional[str]) -> Optional[str]:
    """A date from a query; a month or a year means its first day (``since``)
    or its last (``until``), so ``since=2023-12&until=2023-12`` is December."""
    value = clean(value)
    if value is None:
        return None
    if not _DATE.match(value):
        raise HTTPException(400, f"`{name}` must be a date like 2024-03-06 (or 2024-03, 2024); got {value!r}")
    if len(value) == 10:
        return value
    if len(value) == 4:
        return f"{value}-01-01" if name == "since" else f"{value}-12-31"
    year, month = int(value[:4]), int(value[5:7])
    if not 1 <= month <= 12:
        raise HTTPException(400, f"`{name}`: no month {month} in {value!r}")
    if name == "since":
        return f"{value}-01"
    import calendar

    return f"{value}-{calendar.monthrange(year, month)[1]:02d}"


def limit_param(value: Optional[int], default: int) -> int:
    if value is None:
        return default
    if not 1 <= value <= paging.MAX_LIMIT:
        raise HTTPException(400, f"`limit` must be between 1 and {paging.MAX_LIMIT}")
    return value


def type_filter(ledger: Ledger, value: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(the type filtered on, the type parameter as shown): speech by default
    where the ledger records types, ``all`` for every type; nothing where it does not."""
    if not statement_types(ledger.conn):
        return None, None
    value = clean(value) or DEFAULT_TYPE
    return (None if value == "all" else value), value


def speaker_ids(ledger: Ledger, speaker: Optional[str]) -> list[int]:
    speaker = clean(speaker)
    if speaker is None:
        return []
    ids = ledger.find_entities(speaker)
    if not ids:
        raise HTTPException(404, f"no speaker called {speaker!r} in the ledger (see /speakers for who is there)")
    return ids


def filters(ledger: Ledger, *, q: Optional[str], speaker: Optional[str], outlet: Optional[str], since: Optional[str],
            until: Optional[str], kind: Optional[str], type_: Optional[str]) -> tuple[Filters, dict[str, Any]]:
    """The ledger filters and, for the page and its JSON, the parameters as given."""
    kind = clean(kind)
    if kind is not None and kind not in KINDS:
        raise HTTPException(400, f"`kind` must be one of {', '.join(KINDS)}; got {kind!r}")
    typed, shown_type = type_filter(ledger, type_)
    f = Filters(text=clean(q), speaker_ids=speaker_ids(ledger, speaker), outlet=clean(outlet),
                since=date_param("since", since), until=date_param("until", until), kind=kind, type=typed)
    given = {"q": f.text, "speaker": clean(speaker), "outlet": f.outlet, "since": f.since, "until": f.until,
             "kind": kind, "type": shown_type}
    return f, given


async def form(request: Request, *, needs_session: bool = True, max_files: int = 0) -> dict[str, Any]:
    """The posted form, parsed within the size limit, after the CSRF and sign-in checks."""
    config = request.app.state.config
    data = await request.form(max_files=max_files, max_fields=50, max_part_size=config.max_body_bytes)
    security.check_form(request, data.get(security.CSRF_FIELD), needs_session=needs_session)
    return dict(data)


async def off_loop(fn, *args, **kwargs):
    """Run blocking ledger work in the thread pool."""
    return await run_in_threadpool(fn, *args, **kwargs)
