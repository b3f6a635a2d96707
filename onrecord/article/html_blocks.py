"""Blocks: the paragraphs of trafilatura's output, tied back to the page.

trafilatura returns its own simplified tree (``p``, ``head``, ``list/item``,
``quote``, ``table``) with the page's markup gone.  The filters that fix its
precision need that markup (is this line a link? inside a ``<header>``?), so
each output block is matched, by its text, to the page element it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from onrecord.article.html_dom import ancestors, clean_text, is_element, link_density, text_within

_ITEM_MARKER = re.compile(r"^[-*•]\s+")


@dataclass
class Block:
    """One paragraph-level unit of the extracted body."""

    kind: str  # p | head | item | quote | table | code
    text: str
    index: int = 0
    sources: Optional["SourceIndex"] = None
    list_id: Optional[int] = None
    removed_by: Optional[str] = None

    @cached_property
    def source(self) -> Optional[HtmlElement]:
        """The page element this block came from (looked up on first use)."""
        return self.sources.find(self.text) if self.sources is not None else None

    @cached_property
    def words(self) -> int:
        return len(self.text.split())

    @cached_property
    def link_density(self) -> float:
        """Share of the source element's text inside links (0 when unknown)."""
        return link_density(self.source) if self.source is not None else 0.0

    @cached_property
    def starts_with_link(self) -> bool:
        """True when the first words of the source element are a link."""
        if self.source is None:
            return False
        for node in self.source.iter():
            if (node.text or "").strip():
                return node.tag == "a" or _inside_link(node, self.source)
            if node is not self.source and (node.tail or "").strip():
                return _inside_link(node.getparent(), self.source)
        return False

    def has_ancestor(self, tags: tuple[str, ...], limit: int = 12) -> bool:
        """True when the source element sits inside one of ``tags``."""
        if self.source is None:
            return False
        return self.source.tag in tags or any(a.tag in tags for a in ancestors(self.source, limit))


def _inside_link(node: Optional[HtmlElement], stop: HtmlElement) -> bool:
    while node is not None:
        if node.tag == "a":
            return True
        if node is stop:
            return False
        node = node.getparent()
    return False


class SourceIndex:
    """Finds the page element a block of text came from.

    Every text node is indexed by its first two words under the element that
    holds it; a block is then resolved by walking up from the elements whose
    text starts like it, to the nearest one whose whole text equals it.  That
    costs one pass over the page, instead of the text of every element.
    """

    MAX_CANDIDATES = 12
    MAX_LEVELS = 5

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._starts: Optional[dict[str, list[HtmlElement]]] = None

    def _build(self) -> dict[str, list[HtmlElement]]:
        self._starts = {}
        for element in self._tree.iter():
            if not is_element(element):
                continue
            if element.text and not element.text.isspace():
                self._add(element.text, element)
            if element.tail and not element.tail.isspace():
                parent = element.getparent()
                if parent is not None:
                    self._add(element.tail, parent)
        return self._starts

    def _add(self, text: str, element: HtmlElement) -> None:
        key = _start_key(text)
        if key:
            self._starts.setdefault(key, []).append(element)

    def find(self, text: str) -> Optional[HtmlElement]:
        """The outermost page element whose text is exactly ``text``, if any."""
        starts = self._starts if self._starts is not None else self._build()
        words = text.split()
        candidates = starts.get(" ".join(words[:2]), []) + starts.get(words[0] if words else "", [])
        wanted = clean_text(text)
        limit = 2 * len(wanted) + 100
        for candidate in candidates[:self.MAX_CANDIDATES]:
            found = None
            for element in [candidate, *ancestors(candidate, self.MAX_LEVELS)]:
                element_text = text_within(element, limit)
                if element_text == wanted:
                    found = element
                elif element_text is None or len(element_text) > len(wanted) or found is not None:
                    break
            if found is not None:
                return found
        return None


def _start_key(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()[:2])


def blocks_from_body(body: Optional[HtmlElement], sources: SourceIndex) -> list[Block]:
    """Flatten trafilatura's output tree into blocks, list items one by one."""
    if body is None:
        return []
    blocks: list[Block] = []
    for list_id, child in enumerate(body):
        if child.tag == "list":
            for item in child.iter("item"):
                _append(blocks, "item", item, sources, list_id)
        else:
            _append(blocks, _kind(child.tag), child, sources, None)
    for index, block in enumerate(blocks):
        block.index = index
    return blocks


def _kind(tag: str) -> str:
    return tag if tag in ("p", "head", "quote", "table", "code") else "p"


def _append(blocks: list[Block], kind: str, element: HtmlElement, sources: SourceIndex,
            list_id: Optional[int]) -> None:
    """Add the element's text as one block, and loose text after it as another."""
    tail, element.tail = element.tail, None
    raw = xmltotxt(element, False)
    element.tail = tail
    for kind, text in ((kind, _tidy(raw, kind)), ("p", _tidy(tail or "", "p"))):
        if text:
            blocks.append(Block(kind, text, sources=sources, list_id=list_id))


def _tidy(raw: str, kind: str) -> str:
    """One paragraph: lines with collapsed spaces, no blank lines, no list marker."""
    lines = [clean_text(line) for line in raw.splitlines()]
    text = "\n".join(line for line in lines if line)
    if kind == "item":
        text = _ITEM_MARKER.sub("", text)
    return text
