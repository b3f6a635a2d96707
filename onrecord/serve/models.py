"""Shapes of the HTTP API's answers (what ``/api/v1/openapi.json`` documents).

Field names are the record's (``docs/record.md``) and the ledger query
columns' (``docs/ledger.md``).  Models allow extra fields so that a column a
later stage adds (a statement's ``type``, a reason numbers were lined up)
reaches clients without a change here.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Problem(BaseModel):
    """Every error: ``{"error": {"status": 404, "message": "..."}}``."""

    class Body(BaseModel):
        status: int
        message: str

    error: Body


class Page(Open):
    """A page of rows and the cursor of the next page (``null`` on the last)."""

    items: list[dict[str, Any]]
    next_cursor: Optional[str] = None


class StatementRow(Open):
    date: Optional[str] = None
    speaker: Optional[str] = None
    kind: Optional[str] = None
    cue: Optional[str] = None
    content: str
    outlet: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    article_id: str
    statement: str
    date_source: Optional[str] = None


class StatementPage(Page):
    items: list[StatementRow]  # type: ignore[assignment]


class SearchHit(Open):
    id: str
    date: Optional[str] = None
    snippet: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None


class FacetValue(Open):
    value: Any
    label: str
    count: int


class SearchResult(Open):
    q: Optional[str] = None
    table: str
    filters: dict[str, Any]
    counts: dict[str, int]
    facets: Optional[dict[str, Any]] = None
    items: list[SearchHit]
    next_cursor: Optional[str] = None


class Speaker(Open):
    name: Optional[str] = None
    type: Optional[str] = None
    role: Optional[str] = None
    entity_id: Optional[int] = None


class Content(Open):
    text: str
    start: Optional[int] = None
    end: Optional[int] = None


class When(Open):
    text: Optional[str] = None
    date: Optional[str] = None


class Statement(Open):
    id: str
    key: str
    article_id: str
    speaker: Speaker
    cue: Optional[dict[str, Any]] = None
    kind: Optional[str] = None
    content: Content
    where: str = "body"
    when: When
    date: Optional[str] = None
    date_source: Optional[str] = None


class Claim(Open):
    id: str
    key: str
    text: str
    value: Optional[float] = None
    unit: Optional[str] = None
    kind: Optional[str] = None
    subject: Optional[str] = None
    source: Optional[dict[str, Any]] = None
    date: Optional[str] = None


class Article(Open):
    id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    published_not_before: Optional[str] = None
    authors: list[str] = []
    images: list[dict[str, Any]] = []
    body: str
    statements: list[Statement]
    claims: list[Claim]
    also_ran_in: list[dict[str, Any]] = []
    story: Optional[dict[str, Any]] = None


class Entity(Open):
    id: int
    name: str
    type: str
    roles: list[str] = []
    aliases: list[dict[str, Any]] = []
    statements: int = 0
    mentions: int = 0


class Story(Open):
    id: int
    title: Optional[str] = None
    articles: list[dict[str, Any]]


class Ingested(Open):
    """What ``POST /api/v1/articles`` did with the input."""

    status: str                     # ingested | duplicate | near-duplicate
    article_id: str
    canonical_id: Optional[str] = None
    relation: Optional[str] = None
    statements: int
    claims: int
    article_url: str


class Watch(Open):
    name: str
    query: str
    speaker: Optional[str] = None
    new: int = 0
    feed: str


class Done(Open):
    ok: bool = True
    detail: Optional[str] = None
