"""A plain DOM reading of the article, for when trafilatura gives up.

On short pages trafilatura's main extractor finds too little and falls back
to a flat dump of all the page text in one paragraph (headline, byline and
captions included).  When that happens this reader takes the paragraph-level
elements of the most article-like container instead, skipping the parts of
a page that are never article text.
"""

from __future__ import annotations

from typing import Optional

from lxml.html import HtmlElement

from onrecord.article.html.blocks import Block, block_from_text
from onrecord.article.html.dom import ancestors

CONTAINER_XPATHS = ("//article", "//*[@itemprop='articleBody']", "//main", "//body")
BLOCK_TAGS = {"p": "p", "h2": "head", "h3": "head", "h4": "head", "h5": "head", "h6": "head",
              "li": "item", "blockquote": "quote", "pre": "code"}
SKIP_TAGS = frozenset({"nav", "aside", "footer", "header", "figure", "figcaption", "form", "script",
                       "style", "noscript", "button", "select", "template"})
MAX_BLOCKS = 2000


def dom_blocks(tree: HtmlElement) -> list[Block]:
    """Paragraph-level blocks of the first article-like container, in order."""
    container = _container(tree)
    return blocks_in([container]) if container is not None else []


def blocks_in(containers: list[HtmlElement]) -> list[Block]:
    """Paragraph-level blocks of ``containers``, in order, skipping page
    furniture (navigation, asides, figures, forms) inside them."""
    blocks: list[Block] = []
    lists: dict[HtmlElement, int] = {}
    for container in containers:
        for element in container.iter(*BLOCK_TAGS):
            if len(blocks) >= MAX_BLOCKS:
                return blocks
            if _skipped(element, container) or _has_block_child(element):
                continue
            list_id = lists.setdefault(element.getparent(), len(lists)) if element.tag == "li" else None
            block = block_from_text(BLOCK_TAGS[element.tag], " ".join(element.itertext()), list_id,
                                    level=element.tag if element.tag.startswith("h") else None)
            if block is not None:
                block.index = len(blocks)
                blocks.append(block)
    return blocks


def _container(tree: HtmlElement) -> Optional[HtmlElement]:
    for xpath in CONTAINER_XPATHS:
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return None


def _skipped(element: HtmlElement, container: HtmlElement) -> bool:
    for parent in ancestors(element):
        if parent is container:
            return False
        if parent.tag in SKIP_TAGS:
            return True
    return False


def _has_block_child(element: HtmlElement) -> bool:
    """A list item holding paragraphs is read through its paragraphs."""
    return any(child.tag in BLOCK_TAGS for child in element.iterdescendants())
