"""Small, non-recursive helpers over an lxml tree.

Every walk here is iterative (``iter``/``iterancestors``), so a hostile page
cannot exhaust the Python stack through them.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional

from lxml import etree
from lxml.html import HtmlElement

_SPACE = re.compile(r"\s+")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")


def clean_text(text: Optional[str]) -> str:
    """Collapse white space (including non-breaking spaces) and strip."""
    return _SPACE.sub(" ", (text or "").replace("\xa0", " ")).strip()


def text_of(element: HtmlElement) -> str:
    """All text under ``element``, white space collapsed."""
    return clean_text(" ".join(element.itertext()))


def text_within(element: HtmlElement, limit: int) -> Optional[str]:
    """``text_of(element)``, or None as soon as its raw text passes ``limit``
    characters: comparing a short block with a large container stays cheap."""
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece)
        if size > limit:
            return None
        pieces.append(piece)
    return clean_text(" ".join(pieces))


def is_element(node: object) -> bool:
    """True for real elements (lxml also yields comments and entities)."""
    return isinstance(getattr(node, "tag", None), str)


def link_text_length(element: HtmlElement) -> int:
    """Characters of text inside links under ``element`` (the element itself included)."""
    if element.tag == "a":
        return len(text_of(element))
    return sum(len(text_of(a)) for a in element.iter("a"))


def link_density(element: HtmlElement) -> float:
    """Share of the element's text that sits inside links."""
    total = len(text_of(element))
    return link_text_length(element) / total if total else 0.0


def attr_tokens(element: HtmlElement) -> set[str]:
    """Lower-cased words of the element's class and id, split at punctuation."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return {token for token in _TOKEN_SPLIT.split(raw) if token}


def attr_string(element: HtmlElement) -> str:
    """The element's class, id, role and itemprop, lower-cased, for substring tests."""
    parts = (element.get(name) for name in ("class", "id", "role", "itemprop", "data-component"))
    return " ".join(p for p in parts if p).lower()


def ancestors(element: HtmlElement, limit: int = 60) -> Iterator[HtmlElement]:
    """The element's ancestors, nearest first, stopping at ``limit`` levels."""
    for depth, parent in enumerate(element.iterancestors()):
        if depth >= limit:
            return
        yield parent


def has_ancestor(element: HtmlElement, tags: Iterable[str], limit: int = 60) -> bool:
    """True when one of the first ``limit`` ancestors has one of ``tags``."""
    wanted = set(tags)
    return any(parent.tag in wanted for parent in ancestors(element, limit))


def remove_element(element: HtmlElement) -> None:
    """Drop ``element`` but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def scan_attributes(tree: HtmlElement, buckets: dict[str, tuple[str, ...]]) -> dict[str, list[HtmlElement]]:
    """Elements whose class, id, itemtype or aria-label contains one of each
    bucket's substrings, in page order: one walk of the tree serves every
    attribute-based selector."""
    found: dict[str, list[HtmlElement]] = {name: [] for name in buckets}
    any_needle = re.compile("|".join(re.escape(n) for needles in buckets.values() for n in needles))
    for element in tree.iter(etree.Element):
        attrs = element.attrib
        if not attrs:
            continue
        text = f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('itemtype', '')} " \
               f"{attrs.get('aria-label', '')}".lower()
        if not any_needle.search(text):
            continue
        for name, needles in buckets.items():
            if any(n in text for n in needles):
                found[name].append(element)
    return found
