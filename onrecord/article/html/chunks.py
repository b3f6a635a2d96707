"""Articles split across repeated containers.

Some sites cut the article body into several sibling containers with the
same class (``<div class="body__container">`` between advertising slots).
trafilatura then keeps the first chunk and loses the rest.  This module
finds the container of the first extracted paragraph, looks for other
elements of the same tag and class, and reads all of them in page order;
the caller keeps that reading only when it contains what trafilatura found
and adds a good deal more.
"""

from __future__ import annotations

from typing import Optional

from lxml.html import HtmlElement

from onrecord.article.html.blocks import Block, strip_link_marks
from onrecord.article.html.fallback import blocks_in

PROBE_CHARS = 60
MIN_CLASS_CHARS = 4
MAX_CHUNKS = 40


def chunked_blocks(tree: HtmlElement, first_paragraph: str) -> list[Block]:
    """Blocks of every same-class sibling chunk holding ``first_paragraph``;
    an empty list when the article is not split that way."""
    container = _container_of(tree, first_paragraph)
    if container is None:
        return []
    cls = container.get("class")
    chunks = [c for c in tree.iter(container.tag)
              if c.get("class") == cls and _same_kind(c.getparent(), container.getparent())]
    if len(chunks) < 2 or len(chunks) > MAX_CHUNKS:
        return []
    return blocks_in(_outermost(chunks))


def _container_of(tree: HtmlElement, paragraph: str) -> Optional[HtmlElement]:
    """The classed parent of the page <p> whose text starts like ``paragraph``."""
    probe = " ".join(paragraph.split())[:PROBE_CHARS]
    if len(probe) < PROBE_CHARS // 2 or "'" in probe and '"' in probe:
        return None
    for p in tree.iter("p"):
        if strip_link_marks(" ".join("".join(p.itertext()).split())).startswith(probe):
            parent = p.getparent()
            cls = parent.get("class") if parent is not None else None
            return parent if cls and len(cls.strip()) >= MIN_CLASS_CHARS else None
    return None


def _same_kind(a: Optional[HtmlElement], b: Optional[HtmlElement]) -> bool:
    """Chunks of one article sit in parents of one kind (same tag and class)."""
    return a is not None and b is not None and a.tag == b.tag and a.get("class") == b.get("class")


def _outermost(chunks: list[HtmlElement]) -> list[HtmlElement]:
    chosen = set(chunks)
    return [c for c in chunks if not any(a in chosen for a in c.iterancestors())]
