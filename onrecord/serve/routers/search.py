"""Search: one box over statements, claims and articles, narrowed by facets."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from onrecord.ledger.facets import COUNT_CAP, FACET_SAMPLE, MARK_END, MARK_START, TABLES
from onrecord.serve import models, paging
from onrecord.serve.render import respond
from onrecord.serve.routers.common import filters, limit_param, reader

router = APIRouter()

CSV_COLUMNS = {
    "statements": ("date", "speaker", "kind", "cue", "snippet", "outlet", "title", "url", "article_id", "id"),
    "claims": ("date", "value", "unit", "kind", "subject", "source", "snippet", "outlet", "title", "url", "id"),
    "articles": ("date", "outlet", "title", "url", "snippet", "id"),
}


def run_search(request: Request, q: Optional[str], speaker: Optional[str], outlet: Optional[str],
               since: Optional[str], until: Optional[str], kind: Optional[str], type_: Optional[str],
               table: str, limit: Optional[int], cursor: Optional[str]) -> dict[str, Any]:
    if table not in TABLES:
        raise HTTPException(400, f"`in` must be one of {', '.join(TABLES)}; got {table!r}")
    ledger = reader(request)
    f, given = filters(ledger, q=q, speaker=speaker, outlet=outlet, since=since, until=until, kind=kind, type_=type_)
    items, following = ledger.search_table(table, f, limit=limit_param(limit, 20), cursor=paging.keyset(cursor))
    for item in items:
        item["snippet"], item["highlights"] = highlights(item.get("snippet"))
    return {"q": f.text, "table": table, "filters": given, "counts": ledger.search_counts(f),
            "facets": ledger.statement_facets(f) if table == "statements" else None,
            "items": items, "next_cursor": paging.encode({"k": following}) if following is not None else None}


def highlights(snippet: Optional[str]) -> tuple[Optional[str], list[list[int]]]:
    """The snippet as plain text and the ``[start, end]`` offsets of the matched
    words in it: a client marks them itself, nothing in the text is markup."""
    if snippet is None:
        return None, []
    text, spans, start = [], [], None
    length = 0
    for char in snippet:
        if char == MARK_START:
            start = length
        elif char == MARK_END:
            if start is not None:
                spans.append([start, length])
            start = None
        else:
            text.append(char)
            length += 1
    return "".join(text), spans


_DOC = dict(q="words (FTS5 syntax allowed: \"a phrase\", OR, NOT, prefix*)",
            speaker="entity id or name", kind="direct | indirect | mixed",
            type="speech | belief | topic | all (ledgers that record statement types; default speech)")


@router.get("/api/v1/search", response_model=models.SearchResult, tags=["search"],
            responses={400: {"model": models.Problem}})
def api_search(request: Request, q: Optional[str] = Query(None, description=_DOC["q"]),
               speaker: Optional[str] = Query(None, description=_DOC["speaker"]), outlet: Optional[str] = None,
               since: Optional[str] = None, until: Optional[str] = None,
               kind: Optional[str] = Query(None, description=_DOC["kind"]),
               type: Optional[str] = Query(None, description=_DOC["type"]),
               table: str = Query("statements", alias="in"), limit: Optional[int] = None,
               cursor: Optional[str] = None, format: Optional[str] = Query(None, description="json (default) | csv")):
    """Statements, claims or articles matching the words and filters, newest
    first (in the order the ledger received them), with counts per table and
    (for statements) per facet: tables counted up to 10,000, facets over the newest 2,000 matches."""
    data = run_search(request, q, speaker, outlet, since, until, kind, type, table, limit, cursor)
    if format == "csv":
        return respond(request, "", data, csv_rows=(data["items"], CSV_COLUMNS[table]))
    return data


@router.get("/", include_in_schema=False)
@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: Optional[str] = None, speaker: Optional[str] = None,
                outlet: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                kind: Optional[str] = None, type: Optional[str] = None, table: str = Query("statements", alias="in"),
                limit: Optional[int] = None, cursor: Optional[str] = None) -> Response:
    data = run_search(request, q, speaker, outlet, since, until, kind, type, table, limit, cursor)
    ledger = reader(request)
    speaker_label = None
    if data["filters"]["speaker"]:
        ids = ledger.find_entities(data["filters"]["speaker"])
        found = ledger.entity(ids[0]) if len(ids) == 1 else None
        speaker_label = found["name"] if found else data["filters"]["speaker"]
    view = {"title": f"Search: {data['q']}" if data["q"] else "Search", "speaker_label": speaker_label,
            "sample": FACET_SAMPLE, "cap": COUNT_CAP}
    return respond(request, "search.html", data, view=view, csv_rows=(data["items"], CSV_COLUMNS[table]))
