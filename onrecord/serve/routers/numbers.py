"""Numbers: claims about the same subject whose values disagree between sources."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import Response

from onrecord.ledger import queries
from onrecord.serve import charts, models, paging
from onrecord.serve.render import respond
from onrecord.serve.routers.common import limit_param, reader

router = APIRouter()


def list_numbers(request: Request, about: Optional[str], limit: Optional[int], cursor: Optional[str]) -> dict[str, Any]:
    """Disputed claims (one row per source and value); ``limit`` counts subjects, as in `onrecord numbers`."""
    start, size = paging.offset(cursor), limit_param(limit, 20)
    rows = reader(request).numbers(about=about or None, limit=start + size + 1)
    groups = charts.disputes(rows)
    page_groups = groups[start:start + size]
    following = paging.encode({"o": start + size}) if len(groups) > start + size else None
    items = [row for group in page_groups for row in group["rows"]]
    return {"about": about, "items": items, "next_cursor": following}


@router.get("/api/v1/numbers", response_model=models.Page, tags=["numbers"])
def api_numbers(request: Request, about: Optional[str] = None, limit: Optional[int] = None,
                cursor: Optional[str] = None, format: Optional[str] = None):
    """Claims about one subject whose values disagree between sources, each with
    its source, value and date (as `onrecord numbers`); `limit` counts subjects."""
    data = list_numbers(request, about, limit, cursor)
    if format == "csv":
        return respond(request, "", data, csv_rows=(data["items"], queries.NUMBER_COLUMNS))
    return data


@router.get("/numbers", include_in_schema=False)
def numbers_page(request: Request, about: Optional[str] = None, limit: Optional[int] = None,
                 cursor: Optional[str] = None) -> Response:
    data = list_numbers(request, about, limit, cursor)
    return respond(request, "numbers.html", data, view={"title": "Numbers that disagree",
                                                         "groups": charts.disputes(data["items"])},
                   csv_rows=(data["items"], queries.NUMBER_COLUMNS))
