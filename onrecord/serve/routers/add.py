"""Add an article: paste its text, upload a file, or give a URL."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from onrecord.serve.ingest import KINDS, add_article
from onrecord.serve.render import page
from onrecord.serve.routers.common import access, form, off_loop

router = APIRouter()


@router.get("/add", include_in_schema=False)
def add_page(request: Request) -> Response:
    config = request.app.state.config
    return page(request, "add.html", {"title": "Add an article", "kinds": KINDS,
                                      "limit": config.max_body_bytes})


@router.post("/add", include_in_schema=False)
async def add_form(request: Request) -> Response:
    data = await form(request, max_files=1)
    upload = data.get("file")
    text = data.get("text") or None
    source = None
    if isinstance(upload, UploadFile) and upload.filename:
        text = await upload.read()
        source = f"upload:{upload.filename}"
    added = await off_loop(add_article, access(request), request.app.state.config,
                           text=text if text else None, fetch=str(data.get("fetch") or "").strip() or None,
                           url=str(data.get("url") or "").strip() or None,
                           kind=str(data.get("as") or "auto"), published=str(data.get("published") or "") or None,
                           source=source)
    result = added.result
    shown = result.canonical_id if result.status == "duplicate" and result.canonical_id else result.article_id
    return RedirectResponse(f"/articles/{shown}?added={result.status}", status_code=303)
