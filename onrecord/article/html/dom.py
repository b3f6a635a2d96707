"""Small, non-recursive helpers over an lxml tree.

Every walk here is iterative (``iter``/``iterancestors``), so a hostile page
cannot exhaust the Python stack through them.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

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


def attr_tokens(element: HtmlElement) -> set[str]:
    """Lower-cased words of the element's class and id, split at punctuation."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return {token for token in _TOKEN_SPLIT.split(raw) if token}


def ancestors(element: HtmlElement, limit: int = 60) -> Iterator[HtmlElement]:
    """The element's ancestors, nearest first, stopping at ``limit`` levels."""
    for depth, parent in enumerate(element.iterancestors()):
        if depth >= limit:
            return
        yield parent


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
