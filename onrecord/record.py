"""The record every pipeline stage shares.

One `Record` per article: the recovered article, the entities it mentions, the
statements attributed to them and the quantitative claims.  All offsets are
character offsets into ``Article.body`` (paragraphs joined by a blank line), so
that a UI, a ledger or an evaluation harness can point at any span exactly.

The classes are plain dataclasses so that they cost nothing to build and pickle
cleanly across worker processes; ``to_dict``/``from_dict`` give the JSON
contract described in ``docs/record.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Optional, get_args, get_origin, get_type_hints

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass
class Span:
    """A piece of text located in the article body."""

    text: str
    start: int
    end: int


@dataclass
class Image:
    """A photo (or other figure) with its caption and the parsed credit line."""

    caption: Optional[str] = None
    credit: Optional[str] = None
    photographer: Optional[str] = None
    agency: Optional[str] = None
    pool: bool = False
    file_photo: bool = False
    date: Optional[str] = None


@dataclass
class Comment:
    """A reader comment, kept apart from the article body."""

    text: str
    author: Optional[str] = None
    date: Optional[str] = None


@dataclass
class Article:
    """The article as recovered from the page: structure, metadata and body."""

    title: Optional[str] = None
    section_path: list[str] = field(default_factory=list)
    published: Optional[str] = None
    published_not_before: Optional[str] = None
    updated: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    outlet: Optional[str] = None
    language: Optional[str] = None
    url: Optional[str] = None
    dateline: Optional[str] = None
    images: list[Image] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    body: str = ""
    comments: list[Comment] = field(default_factory=list)
    boilerplate_removed: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """A stable id: the hash of the normalised body (same text, same id)."""
        return body_hash(self.body)

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """Start and end offset of each paragraph inside ``body``."""
        spans = []
        offset = 0
        for paragraph in self.paragraphs:
            spans.append((offset, offset + len(paragraph)))
            offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
        return spans


@dataclass
class Entity:
    """A person, organisation, place or group, merged over its mentions."""

    id: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Speaker:
    """Who a statement is attributed to, as written and as resolved."""

    name: Optional[str] = None
    type: str = "unknown"  # person | organization | group | unknown
    role: Optional[str] = None
    entity_id: Optional[str] = None
    mention: Optional[Span] = None


@dataclass
class Content:
    """What was said; ``spans`` lists the pieces when a cue interrupts it."""

    text: str
    start: int
    end: int
    spans: list[list[int]] = field(default_factory=list)


@dataclass
class When:
    """When something was said or happened: the words and the resolved date."""

    text: Optional[str] = None
    date: Optional[str] = None


@dataclass
class Statement:
    """One attributed statement: speaker, cue, kind, type and content.

    ``type`` says what the content is: ``speech`` (a quote, or a clause
    someone said or wrote), ``belief`` (a position held without a speech
    act: hopes, believes, wants) or ``topic`` (a bare topic: "talked about
    his retirement").  Views show speech by default; records written before
    the field existed read back as speech."""

    id: str
    speaker: Speaker
    cue: Optional[Span]
    kind: str  # direct | indirect | mixed
    content: Content
    where: str = "body"  # body | headline (headline offsets are into Article.title)
    sentence: Optional[str] = None
    when: When = field(default_factory=When)
    venue: Optional[str] = None
    confidence: float = 1.0
    type: str = "speech"  # speech | belief | topic


@dataclass
class ClaimSource:
    """The speaker a claim is attributed to (None on the claim: the outlet)."""

    name: Optional[str] = None
    entity_id: Optional[str] = None
    type: str = "unknown"


@dataclass
class Claim:
    """A quantitative claim: a number with its unit, hedge, subject and time."""

    id: str
    text: str
    start: int
    end: int
    value: Optional[float] = None
    unit: Optional[str] = None
    hedge: Optional[str] = None
    kind: str = "count"  # count | percent | money | target | change | range | rank
    subject: Optional[str] = None
    value_max: Optional[float] = None
    time: When = field(default_factory=When)
    source: Optional[ClaimSource] = None
    statement_id: Optional[str] = None


@dataclass
class DateMention:
    """A date or time expression in the body, resolved where possible."""

    text: str
    start: int
    end: int
    date: Optional[str] = None
    end_date: Optional[str] = None
    open_ended: bool = False
    # Where the text sits: "body" (offsets into Article.body) or "caption"
    # (offsets into the caption of Article.images[image]).
    where: str = "body"
    image: Optional[int] = None


@dataclass
class Record:
    """Everything onrecord knows about one article."""

    article: Article
    source_path: Optional[str] = None
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready contract (see ``docs/record.md``)."""
        data = _to_plain(self)
        data["article"]["id"] = self.article.id
        return {"source_path": data.pop("source_path"), **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        """Rebuild a record from ``to_dict`` output (round-trips through JSON)."""
        data = dict(data)
        article = dict(data.get("article") or {})
        article.pop("id", None)
        data["article"] = article
        return _from_plain(cls, data)


def body_hash(body: str) -> str:
    """Hash of the body after folding case and white space, so trivial
    re-renderings of the same text share one id."""
    normalised = re.sub(r"\s+", " ", body).strip().lower()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:16]


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _from_plain(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(kind)
    if origin is Optional or (origin is not None and type(None) in get_args(kind)):
        inner = [a for a in get_args(kind) if a is not type(None)][0]
        return _from_plain(inner, value)
    if origin in (list, tuple):
        (inner, *_) = get_args(kind) or (Any,)
        return [_from_plain(inner, v) for v in value]
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _HINTS.get(kind)
        if hints is None:
            hints = _HINTS[kind] = get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: _from_plain(hints[k], v) for k, v in value.items() if k in names})
    return value
