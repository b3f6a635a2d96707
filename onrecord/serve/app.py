"""``create_app``: the web app and the HTTP API over one ledger file.

A thin factory: configuration, the ledger access, middleware (security
headers, request size limit, ``.json`` suffixes), static files, error
handlers, and one router per resource.  The OpenAPI description is served at
``/api/v1/openapi.json``; the interactive docs pages are off, because they
load their script from another host.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, Optional

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from onrecord.read.sources import MAX_INPUT_BYTES
from onrecord.serve import errors
from onrecord.serve.access import LedgerAccess
from onrecord.serve.config import ServeConfig, check_token
from onrecord.serve.limits import BodyLimit
from onrecord.serve.security import SecurityHeaders

API = "/api/v1"


class JsonSuffix:
    """ASGI middleware: ``/search.json?q=x`` is ``/search?q=x&format=json``
    (every page's JSON twin has its own linkable address)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.endswith(".json") and not path.startswith(("/api/", "/static/")):
            scope = dict(scope)
            scope["path"] = path[:-5] or "/"
            scope["raw_path"] = scope["path"].encode()
            query = scope.get("query_string", b"")
            scope["query_string"] = (query + b"&" if query else b"") + b"format=json"
        await self.app(scope, receive, send)


def create_app(db_path: str, token: Optional[str] = None, *, max_body_bytes: int = MAX_INPUT_BYTES,
               fetch_timeout: float = 15.0, allow_private: bool = False, extractor: Any = None) -> FastAPI:
    """The app serving the ledger at ``db_path``; writes need ``token``
    (``None``: read-only).  ``extractor`` lets a caller share an already
    loaded pipeline (tests, embedding)."""
    from onrecord.serve.routers import ROUTERS

    config = ServeConfig(str(db_path), check_token(token) if token is not None else None,
                         max_body_bytes=max_body_bytes, fetch_timeout=fetch_timeout, allow_private=allow_private)
    access = LedgerAccess(config.db_path, extractor=extractor)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        access.close()

    app = FastAPI(title="onrecord", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=f"{API}/openapi.json",
                  description="Who said what, when, with which numbers: the ledger's queries over HTTP. "
                              "Writes need `Authorization: Bearer <token>`.")
    app.state.config = config
    app.state.access = access
    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(resources.files("onrecord.serve") / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    # Added last = outermost: the size limit and the headers apply to every response.
    app.add_middleware(JsonSuffix)
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
