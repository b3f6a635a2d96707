"""Watches: saved searches, each followed as an Atom feed."""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from onrecord.errors import LedgerError
from onrecord.serve import models, security
from onrecord.serve.render import respond
from onrecord.serve.routers.common import access, form, off_loop, reader

router = APIRouter()


def feed_path(name: str) -> str:
    return f"/watches/{quote(name, safe='')}/feed.atom"


def list_watches(request: Request) -> dict[str, Any]:
    rows = reader(request).watches()
    return {"items": [{**row, "feed": feed_path(row["name"])} for row in rows]}


@router.get("/api/v1/watches", tags=["watches"])
def api_watches(request: Request) -> dict[str, Any]:
    """Saved searches with their feed links and how many statements are new since their last feed."""
    return list_watches(request)


@router.get("/watches", include_in_schema=False)
def watches_page(request: Request) -> Response:
    return respond(request, "watches.html", list_watches(request), view={"title": "Watches"})


@router.get("/watches/{name}/feed.atom", tags=["watches"], response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}, 404: {"model": models.Problem}})
def watch_feed(request: Request, name: str) -> Response:
    """The watch's Atom 1.0 feed (newest matching statements first)."""
    try:
        xml = reader(request).watch_feed(name, mark=False)
    except LedgerError as exc:
        if "no watch" in str(exc):
            raise HTTPException(404, str(exc)) from exc
        raise
    return Response(xml, media_type="application/atom+xml; charset=utf-8")


class NewWatch(BaseModel):
    name: str
    query: str
    speaker: Optional[str] = None


def save_watch(request: Request, name: str, query: str, speaker: Optional[str]) -> None:
    name, query = name.strip(), query.strip()
    if not name or not query:
        raise HTTPException(400, "a watch needs a name and the words to search for")
    if len(name) > 100 or "/" in name:
        raise HTTPException(400, "a watch name is at most 100 characters, without '/'")
    access(request).write(lambda ledger: ledger.watch_add(name, query, (speaker or "").strip() or None))


def drop_watch(request: Request, name: str) -> None:
    try:
        access(request).write(lambda ledger: ledger.watch_remove(name))
    except LedgerError as exc:
        raise HTTPException(404, str(exc)) from exc


@router.post("/api/v1/watches", response_model=models.Watch, status_code=201, tags=["watches"],
             dependencies=[Depends(security.require_api_token)],
             responses={400: {"model": models.Problem}, 401: {"model": models.Problem}, 403: {"model": models.Problem}})
async def api_add_watch(request: Request, watch: NewWatch):
    """Save a search (replacing one of the same name)."""
    await off_loop(save_watch, request, watch.name, watch.query, watch.speaker)
    return {"name": watch.name.strip(), "query": watch.query.strip(), "speaker": watch.speaker, "new": 0,
            "feed": feed_path(watch.name.strip())}


@router.delete("/api/v1/watches/{name}", response_model=models.Done, tags=["watches"],
               dependencies=[Depends(security.require_api_token)],
               responses={401: {"model": models.Problem}, 403: {"model": models.Problem}, 404: {"model": models.Problem}})
async def api_remove_watch(request: Request, name: str):
    await off_loop(drop_watch, request, name)
    return {"ok": True, "detail": f"watch {name!r} removed"}


@router.post("/watches", include_in_schema=False)
async def add_watch_form(request: Request) -> Response:
    data = await form(request)
    await off_loop(save_watch, request, str(data.get("name") or ""), str(data.get("query") or ""),
                   str(data.get("speaker") or ""))
    return RedirectResponse("/watches", status_code=303)


@router.post("/watches/{name}/remove", include_in_schema=False)
async def remove_watch_form(request: Request, name: str) -> Response:
    await form(request)
    await off_loop(drop_watch, request, name)
    return RedirectResponse("/watches", status_code=303)
