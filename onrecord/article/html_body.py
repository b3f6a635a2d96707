"""The article body of an HTML page: trafilatura, then our own filters.

trafilatura finds the main content better than anything we would write from
scratch; what it leaves in (headline repeats, related links, promotions) is
removed afterwards by ``html_filters`` with the page markup at hand.  It runs
in ``fast`` mode (no readability/jusText fallback): on the article
extraction benchmark that mode is both faster and more accurate than the
default (see docs/benchmarks.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from onrecord.article.html_blocks import Block, blocks_from_body, mark_links
from onrecord.article.html_filters import PageContext, filter_blocks

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@dataclass
class Body:
    """Paragraphs kept, and the lines dropped as boilerplate."""

    paragraphs: list[str] = field(default_factory=list)
    dropped: list[Block] = field(default_factory=list)

    @property
    def removed(self) -> list[str]:
        """Text of every dropped block, in page order."""
        return [block.text for block in self.dropped]


def extract_body(tree: HtmlElement, context: PageContext) -> Body:
    """Main text of the page as paragraphs.

    Links in ``tree`` are marked in place (see ``html_blocks.mark_links``):
    read everything else from the tree first.
    """
    mark_links(tree)
    document = bare_extraction(tree, url=context.url, fast=True, include_comments=False,
                               include_tables=True, with_metadata=False)
    if document is None:
        return Body()
    blocks = blocks_from_body(document.body)
    kept = filter_blocks(blocks, context)
    return Body([b.text for b in kept], [b for b in blocks if b.removed_by is not None])
