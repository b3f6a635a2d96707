"""Stories: the same event told by several outlets, side by side."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from onrecord.ledger import queries
from onrecord.serve import models, paging
from onrecord.serve.render import respond
from onrecord.serve.routers.common import date_param, limit_param, reader

router = APIRouter()


def list_stories(request: Request, min_articles: int, since: Optional[str], limit: Optional[int],
                 cursor: Optional[str]) -> dict[str, Any]:
    if min_articles < 1:
        raise HTTPException(400, "`min_articles` must be at least 1")
    start, size = paging.offset(cursor), limit_param(limit, 50)
    rows = reader(request).stories(min_articles=min_articles, since=date_param("since", since), limit=start + size + 1)
    items, following = paging.window(rows, start, size)
    return {"min_articles": min_articles, "since": since, "items": items, "next_cursor": following}


@router.get("/api/v1/stories", response_model=models.Page, tags=["stories"])
def api_stories(request: Request, min_articles: int = 2, since: Optional[str] = None, limit: Optional[int] = None,
                cursor: Optional[str] = None, format: Optional[str] = None):
    """Stories told by at least `min_articles` articles, newest first (as `onrecord stories`)."""
    data = list_stories(request, min_articles, since, limit, cursor)
    if format == "csv":
        return respond(request, "", data, csv_rows=(data["items"], queries.STORY_COLUMNS))
    return data


@router.get("/stories", include_in_schema=False)
def stories_page(request: Request, min_articles: int = 2, since: Optional[str] = None, limit: Optional[int] = None,
                 cursor: Optional[str] = None) -> Response:
    data = list_stories(request, min_articles, since, limit, cursor)
    return respond(request, "stories.html", data, view={"title": "Stories"},
                   csv_rows=(data["items"], queries.STORY_COLUMNS))


def load_story(request: Request, story_id: int) -> dict[str, Any]:
    found = reader(request).story(story_id)
    if found is None:
        raise HTTPException(404, f"no story with id {story_id} (see /stories)")
    return found


@router.get("/api/v1/stories/{story_id}", response_model=models.Story, tags=["stories"],
            responses={404: {"model": models.Problem}})
def api_story(request: Request, story_id: int):
    """One story: its articles in publication order, who is quoted in each and what they said."""
    return load_story(request, story_id)


@router.get("/stories/{story_id}", include_in_schema=False)
def story_page(request: Request, story_id: int) -> Response:
    data = load_story(request, story_id)
    return respond(request, "story.html", data, view={"title": data["title"] or f"Story {story_id}"})
