"""Signing in with the server's token (the browser's way to write)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from onrecord.serve import security
from onrecord.serve.render import page
from onrecord.serve.routers.common import form

router = APIRouter()


@router.get("/login", include_in_schema=False)
def login_page(request: Request) -> Response:
    return page(request, "login.html", {"title": "Sign in"})


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    data = await form(request, needs_session=False)
    config = request.app.state.config
    if not config.writable:
        raise security.read_only_error()
    if not security.token_matches(config, str(data.get("token") or "")):
        raise HTTPException(403, "that is not the server's token")
    response = RedirectResponse("/add", status_code=303)
    response.set_cookie(security.SESSION_COOKIE, security.session_value(config), httponly=True,
                        samesite="strict", path="/")
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    await form(request, needs_session=False)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    return response
