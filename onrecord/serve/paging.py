"""Paging by ``limit`` and an opaque ``cursor``.

A cursor is URL-safe base64 of a small JSON value: the rowid of the last
row shown for the newest-first tables (keyset paging: the next page
costs the same however deep), or an offset for the short ranked lists
(who-said, stories, numbers...).  A cursor that does not decode is a 400 with
what to do, never a 500.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Optional

from fastapi import HTTPException

MAX_LIMIT = 500
MAX_OFFSET = 10_000


def encode(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: Optional[str]) -> Any:
    if not cursor:
        return None
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        raise HTTPException(400, "the cursor is not one this server gave out: pass the `next_cursor` "
                                 "of the previous page, or leave it out for the first page") from None


def keyset(cursor: Optional[str]) -> Optional[int]:
    value = decode(cursor)
    if value is None:
        return None
    if not (isinstance(value, dict) and isinstance(value.get("k"), int)):
        raise HTTPException(400, "the cursor does not belong to this list: pass the `next_cursor` it returned")
    return value["k"]


def offset(cursor: Optional[str]) -> int:
    value = decode(cursor)
    if value is None:
        return 0
    if not (isinstance(value, dict) and isinstance(value.get("o"), int) and 0 <= value["o"] <= MAX_OFFSET):
        raise HTTPException(400, "the cursor does not belong to this list: pass the `next_cursor` it returned")
    return value["o"]


def window(rows: list, start: int, limit: int) -> tuple[list, Optional[str]]:
    """``rows`` fetched with ``start + limit + 1`` as their limit → this page and the next cursor."""
    page = rows[start:start + limit]
    following = encode({"o": start + limit}) if len(rows) > start + limit and start + limit <= MAX_OFFSET else None
    return page, following
