"""Speakers (ledger entities): the list, one speaker's page with a timeline,
who-said and timeline queries, and the hand merge / split / rename."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from onrecord.ledger import queries
from onrecord.serve import charts, models, paging, security
from onrecord.serve.render import respond
from onrecord.serve.routers.common import (TYPE_CHOICES, access, date_param, form, limit_param, off_loop,
                                           reader, type_filter)

router = APIRouter()


def list_entities(request: Request, name: Optional[str], type_: Optional[str], limit: Optional[int],
                  cursor: Optional[str]) -> dict[str, Any]:
    start, size = paging.offset(cursor), limit_param(limit, 50)
    rows = reader(request).entities(name=name or None, type_=type_ or None, limit=start + size + 1)
    items, following = paging.window(rows, start, size)
    return {"name": name, "type": type_, "items": items, "next_cursor": following}


@router.get("/api/v1/entities", response_model=models.Page, tags=["speakers"])
def api_entities(request: Request, name: Optional[str] = None, type: Optional[str] = None,
                 limit: Optional[int] = None, cursor: Optional[str] = None, format: Optional[str] = None):
    """Entities (speakers, organisations, places), most quoted first."""
    data = list_entities(request, name, type, limit, cursor)
    if format == "csv":
        return respond(request, "", data, csv_rows=(data["items"], queries.ENTITY_COLUMNS))
    return data


@router.get("/speakers", include_in_schema=False)
def speakers_page(request: Request, name: Optional[str] = None, type: Optional[str] = None,
                  limit: Optional[int] = None, cursor: Optional[str] = None) -> Response:
    data = list_entities(request, name, type, limit, cursor)
    return respond(request, "speakers.html", data, view={"title": "Speakers"},
                   csv_rows=(data["items"], queries.ENTITY_COLUMNS))


def load_entity(request: Request, entity_id: int, type_: Optional[str] = None) -> dict[str, Any]:
    """The entity with its latest statements and its statements per day, both
    of the same type (speech by default, ``all`` for every type), so the
    chart counts what the list shows."""
    ledger = reader(request)
    found = ledger.entity(entity_id)
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id} (see /speakers)")
    typed, shown = type_filter(ledger, type_)
    if typed is not None and typed not in queries.STATEMENT_TYPES:
        raise HTTPException(400, f"`type` must be one of {', '.join(queries.STATEMENT_TYPES)} or all; got {typed!r}")
    found["latest"] = ledger.who_said(str(found["id"]), limit=20, type=typed or "all")
    found["activity"] = ledger.activity(found["id"], types=(typed,) if typed else None)
    found["claims"] = ledger.claims_by_source(found["id"], limit=30)
    found["statement_type"] = shown
    return found


@router.get("/api/v1/entities/{entity_id}", response_model=models.Entity, tags=["speakers"],
            responses={404: {"model": models.Problem}})
def api_entity(request: Request, entity_id: int,
               type: Optional[str] = Query(None, description="speech (default) | belief | topic | all: "
                                                               "the latest statements and the activity")):
    """One entity (followed to the one it was merged into): names, aliases,
    roles, statements per day, latest statements (both of one type, speech
    by default) and the numbers it is the source of."""
    return load_entity(request, entity_id, type)


@router.get("/speakers/{entity_id}", include_in_schema=False)
def speaker_page(request: Request, entity_id: int, type: Optional[str] = None) -> Response:
    data = load_entity(request, entity_id, type)
    if data["id"] != entity_id:
        suffix = f"?type={data['statement_type']}" if type else ""
        return RedirectResponse(f"/speakers/{data['id']}{suffix}", status_code=301)
    return respond(request, "speaker.html", data,
                   view={"title": data["name"], "chart": charts.timeline(data["activity"]),
                         "types": TYPE_CHOICES if data["statement_type"] else ()})


def _statements(request: Request, which: str, speaker: str, about: Optional[str], since: Optional[str],
                until: Optional[str], limit: Optional[int], cursor: Optional[str],
                type_: Optional[str] = None) -> dict[str, Any]:
    start, size = paging.offset(cursor), limit_param(limit, 50 if which == "who-said" else 200)
    ledger = reader(request)
    if not ledger.find_entities(speaker):
        raise HTTPException(404, f"no speaker called {speaker!r} in the ledger (see /api/v1/entities?name=...)")
    call = ledger.who_said if which == "who-said" else ledger.timeline
    rows = call(speaker, about=about or None, since=date_param("since", since), until=date_param("until", until),
                limit=start + size + 1, type=type_ or "speech")
    items, following = paging.window(rows, start, size)
    return {"speaker": speaker, "about": about, "type": type_ or "speech", "items": items, "next_cursor": following}


_TIMELINE_COLUMNS = ("date", "date_source", *queries.STATEMENT_COLUMNS[1:])


@router.get("/api/v1/who-said", response_model=models.StatementPage, tags=["speakers"],
            responses={400: {"model": models.Problem}})
def api_who_said(request: Request, speaker: str = Query(..., description="name (or part of it) or entity id"),
                 about: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                 limit: Optional[int] = None, cursor: Optional[str] = None, format: Optional[str] = None,
                 type: Optional[str] = Query(None, description="speech (default) | belief | topic | all")):
    """What a speaker said, newest first (as `onrecord who-said`)."""
    data = _statements(request, "who-said", speaker, about, since, until, limit, cursor, type)
    if format == "csv":
        return respond(request, "", data, csv_rows=(data["items"], queries.STATEMENT_COLUMNS))
    return data


@router.get("/api/v1/timeline", response_model=models.StatementPage, tags=["speakers"],
            responses={400: {"model": models.Problem}})
def api_timeline(request: Request, speaker: str = Query(..., description="name (or part of it) or entity id"),
                 about: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                 limit: Optional[int] = None, cursor: Optional[str] = None, format: Optional[str] = None,
                 type: Optional[str] = Query(None, description="speech (default) | belief | topic | all")):
    """A speaker's statements in time order with the date each is filed under (as `onrecord timeline`)."""
    data = _statements(request, "timeline", speaker, about, since, until, limit, cursor, type)
    if format == "csv":
        return respond(request, "", data, csv_rows=(data["items"], _TIMELINE_COLUMNS))
    return data


# -- fixing entities by hand ------------------------------------------------------------------------
class Fix(BaseModel):
    """``merge``: ``into`` (id or name); ``split``: ``alias``; ``rename``: ``name``."""

    into: Optional[str] = None
    alias: Optional[str] = None
    name: Optional[str] = None


def fix_entity(request: Request, entity_id: int, action: str, value: Optional[str]) -> int:
    """Apply one hand fix; return the entity to show afterwards."""
    value = (value or "").strip()
    if not value:
        needed = {"merge": "into", "split": "alias", "rename": "name"}[action]
        raise HTTPException(400, f"{action} needs `{needed}`")
    if reader(request).entity(entity_id) is None:
        raise HTTPException(404, f"no entity with id {entity_id}")
    if action == "merge":
        return access(request).write(lambda ledger: ledger.merge(entity_id, value))
    if action == "split":
        return access(request).write(lambda ledger: ledger.split(entity_id, value))
    access(request).write(lambda ledger: ledger.rename(entity_id, value))
    return entity_id


@router.post("/api/v1/entities/{entity_id}/{action}", response_model=models.Done, tags=["speakers"],
             dependencies=[Depends(security.require_api_token)],
             responses={400: {"model": models.Problem}, 401: {"model": models.Problem},
                        403: {"model": models.Problem}, 404: {"model": models.Problem}})
async def api_fix(request: Request, entity_id: int, action: str, fix: Fix):
    """Merge this entity into another (``{"into": ...}``), split an alias off it
    (``{"alias": ...}``) or rename it (``{"name": ...}``)."""
    if action not in ("merge", "split", "rename"):
        raise HTTPException(404, f"no action {action!r}: use merge, split or rename")
    value = {"merge": fix.into, "split": fix.alias, "rename": fix.name}[action]
    shown = await off_loop(fix_entity, request, entity_id, action, value)
    return {"ok": True, "detail": f"/api/v1/entities/{shown}"}


@router.post("/speakers/{entity_id}/{action}", include_in_schema=False)
async def fix_form(request: Request, entity_id: int, action: str) -> Response:
    if action not in ("merge", "split", "rename"):
        raise HTTPException(404, f"no action {action!r}: use merge, split or rename")
    data = await form(request)
    value = data.get({"merge": "into", "split": "alias", "rename": "name"}[action])
    shown = await off_loop(fix_entity, request, entity_id, action, value if isinstance(value, str) else None)
    # after a merge, the entity merged away leads to the one kept
    return RedirectResponse(f"/speakers/{shown if action != 'split' else entity_id}", status_code=303)
