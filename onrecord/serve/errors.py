"""Errors as a user can act on them: JSON for the API and JSON twins, a page
for the browser, always with the right status.

``OnrecordError`` subclasses map to statuses (too large → 413, everything
else the user caused → 400; a ledger that is locked or full → 503), FastAPI's
validation errors become one readable 400 line, and an unexpected error is a
500 that says to report it — never a traceback in the page.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from onrecord.errors import InputTooLargeError, LedgerError, OnrecordError

log = logging.getLogger("onrecord.serve")


def status_of(exc: OnrecordError) -> int:
    if isinstance(exc, InputTooLargeError):
        return 413
    if isinstance(exc, LedgerError) and any(w in str(exc) for w in ("locked", "disk is full", "read-only")):
        return 503
    return 400


def _wants_json(request: Request) -> bool:
    return (request.url.path.startswith("/api/") or request.query_params.get("format") in ("json", "csv")
            or "application/json" in request.headers.get("accept", "").split(",")[0])


def problem(request: Request, status: int, message: str, headers=None) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    from onrecord.serve.render import page

    response = page(request, "error.html", {"status": status, "message": message, "title": f"Error {status}"},
                    status=status)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}: see /api/v1/openapi.json for what this server answers"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return problem(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for error in exc.errors()[:5]:
            where = ".".join(str(x) for x in error.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
        return problem(request, 400, "; ".join(parts) or "invalid request")

    @app.exception_handler(OnrecordError)
    async def refused(request: Request, exc: OnrecordError) -> Response:
        return problem(request, status_of(exc), str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return problem(request, 500, f"internal error ({type(exc).__name__}); please report it with the URL")
