"""Articles and statements: the page with every statement marked in place,
the record-shaped JSON, and ``POST /api/v1/articles`` to add one."""

from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from onrecord.errors import InputError
from onrecord.serve import marks, models, security
from onrecord.serve.ingest import add_article
from onrecord.serve.render import respond
from onrecord.serve.routers.common import TYPE_CHOICES, access, off_loop, reader, type_filter

router = APIRouter()


def load_article(request: Request, article_id: str) -> dict[str, Any]:
    found = reader(request).article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r} in the ledger (ids are 16 hex digits: "
                                 "see /search or /api/v1/search?in=articles)")
    return found


@router.get("/api/v1/articles/{article_id}", response_model=models.Article, tags=["articles"],
            responses={404: {"model": models.Problem}})
def api_article(request: Request, article_id: str):
    """The article with its statements and claims in the record's shape,
    where else it ran, and its story."""
    return load_article(request, article_id)


@router.get("/api/v1/statements/{key}", response_model=models.Statement, tags=["articles"],
            responses={404: {"model": models.Problem}})
def api_statement(request: Request, key: str):
    """One statement by its key (``article_id:statement id``), with its article and claims."""
    found = reader(request).statement(key)
    if found is None:
        raise HTTPException(404, f"no statement with key {key!r} (keys look like 87aef294bb6ff346:s3)")
    return found


@router.get("/statements/{key}", include_in_schema=False)
def statement_page(request: Request, key: str) -> Response:
    found = api_statement(request, key)
    if request.query_params.get("format") == "json":
        return JSONResponse(found)
    return RedirectResponse(f"/articles/{found['article_id']}#st-{found['id']}", status_code=303)


def article_view(data: dict[str, Any], type_: Optional[str] = None) -> dict[str, Any]:
    """What only the page needs: the marked text, colours, the side list.
    ``type_`` keeps the statements of one type (None: all of them), so the
    page marks what the default views show: speech."""
    shown = [s for s in data["statements"] if type_ is None or (s.get("type") or "speech") == type_]
    body_statements = [s for s in shown if s["where"] != "headline"]
    headline = [s for s in shown if s["where"] == "headline"]
    colours = marks.speaker_colours(data["statements"])
    reading = sorted([("statement", s["content"]["start"] or 0, s) for s in body_statements] +
                     [("claim", c["start"] or 0, c) for c in data["claims"]], key=lambda x: x[1])
    return {
        "title": data["title"] or "(no headline)",
        "headline_blocks": marks.blocks(data["title"] or "", headline, [], paragraphs=False),
        "body_blocks": marks.blocks(data["body"], body_statements, data["claims"]),
        "colours": colours, "colour_of": lambda s: colours.get(marks.who_key(s), 0),
        "reading_order": reading, "body_count": len(body_statements),
        "added": None,
    }


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, article_id: str, added: Optional[str] = None,
                 type: Optional[str] = None) -> Response:
    data = load_article(request, article_id)
    typed, shown = type_filter(reader(request), type)
    if typed is not None and typed not in TYPE_CHOICES:
        raise HTTPException(400, f"`type` must be one of {', '.join(TYPE_CHOICES)}; got {typed!r}")
    view = article_view(data, typed)
    view["statement_type"], view["types"] = shown, (TYPE_CHOICES if shown else ())
    view["all_count"] = sum(1 for s in data["statements"] if s["where"] != "headline")
    view["added"] = added if added in ("ingested", "duplicate", "near-duplicate") else None
    return respond(request, "article.html", data, view=view)


@router.post("/api/v1/articles", response_model=models.Ingested, status_code=201, tags=["articles"],
             dependencies=[Depends(security.require_api_token)],
             responses={400: {"model": models.Problem}, 401: {"model": models.Problem},
                        403: {"model": models.Problem}, 413: {"model": models.Problem}})
async def api_add_article(request: Request) -> Response:
    """Ingest one input.  JSON ``{"text": "...", "as": "auto|text|html|body",
    "url": "...", "published": "..."}`` or ``{"fetch": "https://..."}``; or the
    page itself as a ``text/plain`` / ``text/html`` body (``?as=&url=&published=``)."""
    body = await request.body()
    kind_of = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    if kind_of == "application/json":
        try:
            given = json.loads(body or b"null")
        except ValueError as exc:
            raise InputError(f"the body is not valid JSON ({exc})") from exc
        if not isinstance(given, dict):
            raise InputError('send a JSON object: {"text": "..."} or {"fetch": "https://..."}')
        unknown = set(given) - {"text", "as", "url", "published", "fetch", "source"}
        if unknown:
            raise InputError(f"unknown field(s) {', '.join(sorted(unknown))}: use text, as, url, published, fetch")
        for name in ("text", "as", "url", "published", "fetch", "source"):
            if given.get(name) is not None and not isinstance(given[name], str):
                raise InputError(f"`{name}` must be a string")
        options = dict(text=given.get("text"), fetch=given.get("fetch"), kind=given.get("as") or "auto",
                       url=given.get("url"), published=given.get("published"), source=given.get("source"))
    elif kind_of in ("text/plain", "text/html", "application/xhtml+xml", "application/octet-stream", ""):
        options = dict(text=body, kind=params.get("as") or ("html" if "html" in kind_of else "auto"),
                       url=params.get("url"), published=params.get("published"), source=params.get("source"))
    else:
        raise HTTPException(415, f"cannot read a {kind_of} body: send application/json, text/plain or text/html")
    added = await off_loop(add_article, access(request), request.app.state.config, **options)
    result = added.result
    status = 201 if result.status == "ingested" else 200
    return JSONResponse({"status": result.status, "article_id": result.article_id,
                         "canonical_id": result.canonical_id, "relation": result.relation,
                         "statements": added.statements, "claims": added.claims,
                         "article_url": f"/articles/{result.canonical_id or result.article_id}"}, status_code=status)
