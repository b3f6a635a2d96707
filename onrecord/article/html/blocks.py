"""Blocks: the paragraphs of trafilatura's output, with their link share.

trafilatura returns its own simplified tree (``p``, ``head``, ``list/item``,
``quote``, ``table``) with the page's markup gone, but the filters that fix
its precision need to know which words were links ("Read more: <a>...</a>",
lists of other headlines).  Asking trafilatura to keep links changes what it
extracts, so instead every link in the page is wrapped in two private-use
characters before extraction (``mark_links``); they travel through
trafilatura with the text, are counted per block here, and removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from onrecord.article.html.dom import clean_text

LINK_OPEN, LINK_CLOSE = "\u27e6", "\u27e7"
_MARKERS = re.compile(f"[{LINK_OPEN}{LINK_CLOSE}]")
_LINKED = re.compile(f"{LINK_OPEN}([^{LINK_CLOSE}]*){LINK_CLOSE}")
_ITEM_MARKER = re.compile(r"^[-*•]\s+")


@dataclass
class Block:
    """One paragraph-level unit of the extracted body."""

    kind: str  # p | head | item | quote | table | code
    text: str
    index: int = 0
    link_chars: int = 0
    starts_with_link: bool = False
    level: Optional[str] = None  # "h1".."h6" for headings, as trafilatura records it
    list_id: Optional[int] = None
    removed_by: Optional[str] = None

    @cached_property
    def words(self) -> int:
        return len(self.text.split())

    @cached_property
    def link_density(self) -> float:
        """Share of the block's non-space characters that were link text in the page."""
        size = _visible(self.text)
        return min(1.0, self.link_chars / size) if size else 0.0


def mark_links(tree: HtmlElement) -> None:
    """Wrap the text of every link in ``LINK_OPEN``/``LINK_CLOSE`` (in place)."""
    for link in tree.iter("a"):
        link.text = LINK_OPEN + (link.text or "")
        if len(link):
            last = link[-1]
            last.tail = (last.tail or "") + LINK_CLOSE
        else:
            link.text += LINK_CLOSE


def strip_link_marks(text: str) -> str:
    """``text`` without link markers (for anything read from a marked tree)."""
    return _MARKERS.sub("", text)


def blocks_from_body(body: Optional[HtmlElement]) -> list[Block]:
    """Flatten trafilatura's output tree into blocks, list items one by one."""
    if body is None:
        return []
    blocks: list[Block] = []
    for list_id, child in enumerate(body):
        if child.tag == "list":
            for item in child.iterchildren("item"):
                _append(blocks, "item", item, list_id)
        else:
            _append(blocks, _kind(child.tag), child, None)
    for index, block in enumerate(blocks):
        block.index = index
    return blocks


def _kind(tag: str) -> str:
    return tag if tag in ("p", "head", "quote", "table", "code") else "p"


def _append(blocks: list[Block], kind: str, element: HtmlElement, list_id: Optional[int]) -> None:
    """Add the element's text as one block, and loose text after it as another."""
    tail, element.tail = element.tail, None
    raw = xmltotxt(element, False)
    element.tail = tail
    level = element.get("rend") if kind == "head" else None
    for kind, raw_text, list_id in ((kind, raw, list_id), ("p", tail or "", None)):
        block = block_from_text(kind, raw_text, list_id, level if kind == "head" else None)
        if block is not None:
            blocks.append(block)


def block_from_text(kind: str, raw: str, list_id: Optional[int] = None,
                    level: Optional[str] = None) -> Optional[Block]:
    """A block from text that may carry link markers; None when it is blank."""
    marked = _tidy(raw, kind)
    text = strip_link_marks(marked).strip()
    if not text:
        return None
    link_chars = sum(_visible(m.group(1)) for m in _LINKED.finditer(marked))
    starts = marked.lstrip().startswith(LINK_OPEN)
    return Block(kind, text, link_chars=link_chars, starts_with_link=starts, level=level, list_id=list_id)


def _visible(text: str) -> int:
    """Characters that are not white space (what link shares are measured in)."""
    return len(text) - sum(1 for c in text if c.isspace())


def _tidy(raw: str, kind: str) -> str:
    """One paragraph: lines with collapsed spaces, no blank lines, no list marker."""
    lines = [clean_text(line) for line in raw.splitlines()]
    text = "\n".join(line for line in lines if line and not _MARKERS.sub("", line).isspace()
                     and _MARKERS.sub("", line))
    if kind == "item":
        text = _ITEM_MARKER.sub("", text)
    return text
