"""Reading schema.org JSON-LD blocks: the most trusted metadata on a page.

Publishers write JSON-LD for search engines, so it is usually the cleanest
statement of headline, dates, authors and breadcrumbs.  It is also often
broken (trailing commas, HTML entities, several objects per script), so every
block is parsed on its own and a bad one is skipped, never fatal.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from lxml.html import HtmlElement

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "socialmediaposting",
    "liveblogposting", "techarticle", "scholarlyarticle", "report", "webpage", "medicalwebpage",
})
ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "brand"})
MAX_SCRIPT_CHARS = 2_000_000
MAX_NODES = 5000


@dataclass
class JsonLdFacts:
    """What the JSON-LD of a page says about its article."""

    title: Optional[str] = None
    description: Optional[str] = None
    published: Optional[str] = None
    updated: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    outlet: Optional[str] = None
    section: Optional[str] = None
    language: Optional[str] = None
    url: Optional[str] = None
    breadcrumbs: list[str] = field(default_factory=list)


def read_jsonld(tree: HtmlElement) -> JsonLdFacts:
    """Facts from every ``application/ld+json`` script, the article object first."""
    objects = list(_objects(tree))
    facts = JsonLdFacts()
    articles = [o for o in objects if _types(o) & ARTICLE_TYPES]
    # A NewsArticle beats a generic WebPage describing the same page.
    articles.sort(key=lambda o: "webpage" in _types(o) and len(_types(o)) == 1)
    for obj in articles:
        _fill_from_article(facts, obj)
    for obj in objects:
        if "breadcrumblist" in _types(obj) and not facts.breadcrumbs:
            facts.breadcrumbs = _breadcrumb_names(obj)
        if not facts.outlet and _types(obj) & (ORGANIZATION_TYPES | {"website"}):
            facts.outlet = _text(obj.get("name"))
    return facts


def _fill_from_article(facts: JsonLdFacts, obj: dict) -> None:
    """Set each still-empty field from one article object."""
    facts.title = facts.title or _text(obj.get("headline")) or _text(obj.get("name"))
    facts.description = facts.description or _text(obj.get("description"))
    facts.published = facts.published or _text(obj.get("datePublished")) or _text(obj.get("dateCreated"))
    facts.updated = facts.updated or _text(obj.get("dateModified"))
    facts.authors = facts.authors or _names(obj.get("author"), True) or _names(obj.get("creator"), True)
    facts.outlet = facts.outlet or _first(_names(obj.get("publisher")))
    facts.section = facts.section or _first(_texts(obj.get("articleSection")))
    facts.language = facts.language or _text(obj.get("inLanguage"))
    facts.url = facts.url or _text(obj.get("url")) or _id_of(obj.get("mainEntityOfPage"))
    if not facts.breadcrumbs and isinstance(obj.get("breadcrumb"), dict):
        facts.breadcrumbs = _breadcrumb_names(obj["breadcrumb"])


def _objects(tree: HtmlElement) -> Iterator[dict]:
    """Every JSON object in the page's JSON-LD, flattening lists and @graph."""
    count = 0
    for script in tree.iterfind(".//script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = _load(script.text or "")
        stack = [data]
        while stack and count < MAX_NODES:
            item = stack.pop()
            count += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(reversed(_as_list(item["@graph"])))
                yield item


def _load(raw: str) -> Any:
    raw = raw.strip()
    if not raw or len(raw) > MAX_SCRIPT_CHARS:
        return None
    for candidate in (raw, html.unescape(raw), raw.replace("\n", " ").rstrip(";")):
        try:
            return json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _types(obj: dict) -> set[str]:
    return {str(t).lower().rsplit("/", 1)[-1] for t in _as_list(obj.get("@type"))}


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> Optional[str]:
    """A clean one-line string from a JSON-LD value (strings, or objects with a name/@value)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())
    return text or None


def _texts(value: Any) -> list[str]:
    return [t for t in (_text(v) for v in _as_list(value)) if t]


def _names(value: Any, people_only: bool = False) -> list[str]:
    """Names of persons (and organisations unless ``people_only``), in
    order, without duplicates."""
    names: list[str] = []
    for item in _as_list(value):
        if people_only and isinstance(item, dict) and _types(item) & ORGANIZATION_TYPES:
            continue
        name = _text(item)
        if name and name not in names and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def _first(values: list[str]) -> Optional[str]:
    return values[0] if values else None


def _id_of(value: Any) -> Optional[str]:
    if isinstance(value, dict):
        return _text(value.get("@id")) or _text(value.get("url"))
    return _text(value)


def _breadcrumb_names(obj: dict) -> list[str]:
    """Item names of a BreadcrumbList ordered by position."""
    items = [i for i in _as_list(obj.get("itemListElement")) if isinstance(i, dict)]
    items.sort(key=lambda i: _position(i.get("position")))
    names = []
    for item in items:
        name = _text(item.get("name")) or _text(item.get("item"))
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def _position(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")
