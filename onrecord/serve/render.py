"""Pages, and their JSON and CSV twins, from one set of data.

Every page handler builds a JSON-ready ``data`` dict and calls ``respond``:
``?format=json`` (or a ``.json`` suffix on the path, see ``JsonSuffix``)
returns that dict as it is, otherwise the template renders it.  Jinja2's
autoescape is on for every template, so whatever came from a page — title,
body, names, captions, URLs — is text, never markup; the few filters that
produce markup (``marked``) escape their input first.
"""

from __future__ import annotations

from importlib import resources
from typing import Any, Optional, Sequence
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from onrecord.ledger import formats
from onrecord.serve import security

TEMPLATES = resources.files("onrecord.serve") / "templates"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(safe_href=security.safe_href, marked=marked, number=number, on_or_after=on_or_after)
    return env



def marked(hit: dict[str, Any]) -> Markup:
    """A hit's snippet with its ``highlights`` as ``<mark>``; every piece of
    the text is escaped on its own, so no text can become markup."""
    text = hit.get("snippet") or ""
    out, at = [], 0
    for start, end in hit.get("highlights") or []:
        out += [str(escape(text[at:start])), "<mark>", str(escape(text[start:end])), "</mark>"]
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def number(value: Optional[float]) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def on_or_after(date: Optional[str], source: Optional[str] = None, lower_bound: bool = False) -> str:
    """How a date is shown: a lower bound (``published_not_before``, a
    statement filed under it) reads "on or after DATE", never as the date."""
    if not date:
        return "date unknown"
    if lower_bound or source == "not-before":
        return f"on or after {date}"
    return date


ENV = _environment()


def wants(request: Request) -> str:
    fmt = (request.query_params.get("format") or "html").lower()
    return fmt if fmt in ("html", "json", "csv") else "html"


def respond(request: Request, template: str, data: dict[str, Any], *, view: Optional[dict[str, Any]] = None,
            status: int = 200, csv_rows: Optional[tuple[list[dict], Sequence[str]]] = None) -> Response:
    """``data`` as JSON, CSV (when the page is a table) or the rendered
    ``template`` (which also gets ``view``: what only the page needs)."""
    fmt = wants(request)
    if fmt == "json":
        return JSONResponse(data, status_code=status)
    if fmt == "csv" and csv_rows is not None:
        rows, columns = csv_rows
        return Response(formats.to_text(rows, columns, "csv"), media_type="text/csv; charset=utf-8", status_code=status)
    return page(request, template, {**data, **(view or {})}, status=status)


def page(request: Request, template: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    """Render ``template``, with the CSRF token and sign-in state every page's header needs."""
    config = request.app.state.config
    csrf, new = security.csrf_for(request)
    html = ENV.get_template(template).render(
        **context, request=request, csrf=csrf, csrf_field=security.CSRF_FIELD, writable=config.writable,
        signed_in=security.signed_in(request), url_with=lambda **kw: url_with(request, **kw),
        json_url=url_with(request, format="json"))
    response = HTMLResponse(html, status_code=status)
    if new:
        response.set_cookie(security.CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
    return response


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (``None`` removes one);
    changing a filter starts again from the first page."""
    params = dict(request.query_params)
    if "cursor" not in changes:
        params.pop("cursor", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")
