"""One router per resource; each holds the resource's pages (with their
JSON twins) and its ``/api/v1`` endpoints, which share one query function."""

from __future__ import annotations

from onrecord.serve.routers import add, articles, auth, numbers, search, speakers, stories, watches

ROUTERS = [search.router, articles.router, speakers.router, stories.router, numbers.router, watches.router,
           add.router, auth.router]
