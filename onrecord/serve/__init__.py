"""The serve stage: the ledger as a web app a reporter uses, and an HTTP API.

``create_app(db_path, token=...)`` builds the FastAPI application: pages
rendered on the server with Jinja2 (each with a JSON twin) and the HTTP API
under ``/api/v1``.  Modules, one job each: ``config`` (what the server was
started with), ``access`` (ledger connections: one reader per thread, one
writer behind a lock), ``security`` (tokens, CSRF, safe links, headers),
``limits`` (request size), ``paging`` (cursors), ``render`` (templates and
the JSON/CSV twins), ``marks`` (statements marked in an article's text),
``charts`` (server-drawn SVG), ``models`` (API response shapes),
``ingest`` (adding one article), ``routers/`` (one module per resource) and
``cli`` (``onrecord serve``).  Nothing is loaded from another host: the
stylesheet and the one small script ship in ``static/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.serve.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from onrecord.serve.app import create_app

        return create_app
    raise AttributeError(f"module 'onrecord.serve' has no attribute {name!r}")
