"""The article body of an HTML page: trafilatura, then our own filters.

trafilatura finds the main content better than anything we would write from
scratch; what it leaves in (headline repeats, related links, promotions) is
removed afterwards by ``html_filters``, which know which words were links
(``html_blocks.mark_links``).  Two repairs come first: a plain DOM reading
when trafilatura flattens a short page into one block (``html_fallback``),
and the whole article when it stopped after the first of several chunks
(``html_chunks``).  trafilatura runs in ``fast`` mode (no readability/jusText
fallback): on the article extraction benchmark that mode is both faster and
more accurate than its default (docs/benchmarks.md lists both).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Optional

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from onrecord.article.html.blocks import Block, blocks_from_body, mark_links
from onrecord.article.html.chunks import chunked_blocks
from onrecord.article.html.embeds import restore_embeds
from onrecord.article.html.fallback import dom_blocks
from onrecord.article.html.filters import PageContext, filter_blocks
from onrecord.article.html.prune import prune_named_boilerplate

# The page's own paragraphs replace a flat dump only if they hold this share of its words.
FALLBACK_SHARE = 0.5
FALLBACK_MAX_WORDS = 600
# A chunked reading replaces trafilatura's when it holds this share of its
# words and is this much longer.
CHUNK_COVERAGE = 0.8
CHUNK_GAIN = 1.3
LEAD_WORDS = 15

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


def extract_body(tree: HtmlElement, context: PageContext, named: Optional[list[HtmlElement]] = None) -> Body:
    """Main text of the page as paragraphs.

    Links in ``tree`` are marked and named boilerplate is cut from it in
    place: read everything else from the tree first.
    """
    candidates = candidate_blocks(tree, context, named=named)
    kept = filter_blocks(candidates.blocks, context)
    dropped = [Block("p", text, removed_by="named") for text in candidates.pruned]
    return Body([b.text for b in kept], dropped + [b for b in candidates.blocks if b.removed_by is not None])


@dataclass
class Candidates:
    """Blocks before the boilerplate filters, and the texts pruned by name."""

    blocks: list[Block]
    pruned: list[str]


def candidate_blocks(tree: HtmlElement, context: PageContext, *, prune: bool = True, rejoin: bool = True,
                     embeds: bool = True, named: Optional[list[HtmlElement]] = None) -> Candidates:
    """trafilatura's blocks (or a plain DOM reading when it gives up, or the
    chunked reading when it stopped after one chunk) with the embedded posts
    it dropped, not yet filtered.

    ``named`` is the "named" bucket of ``scan_attributes`` if already made;
    ``prune``, ``rejoin`` and ``embeds`` exist so the benchmark can measure
    each step.
    """
    pruned = prune_named_boilerplate(tree, named) if prune else []
    mark_links(tree)
    document = bare_extraction(tree, url=context.url, fast=True, include_comments=False,
                               include_tables=True, with_metadata=False)
    blocks = blocks_from_body(document.body) if document is not None else []
    if not blocks or (len(blocks) == 1 and _is_flat_dump(blocks[0], context)):
        blocks = _fallback(tree, blocks)
    elif rejoin:
        blocks = _rejoin_chunks(tree, blocks)
    return Candidates(restore_embeds(tree, blocks) if embeds else blocks, pruned)


def _is_flat_dump(block: Block, context: PageContext) -> bool:
    """One block that holds a headline and more: the whole page flattened."""
    return any(h and h in block.text and len(block.text) > len(h) for h in context.headlines)


def _fallback(tree: HtmlElement, blocks: list[Block]) -> list[Block]:
    """trafilatura's single flat block, or the page's own paragraphs when
    they hold most of its words in a structured reading (``html_fallback``).

    Only short pages: on a long one the flat block is all menus and the
    article sits in markup the plain reader does not see.
    """
    flat_words = sum(b.words for b in blocks)
    if flat_words > FALLBACK_MAX_WORDS:
        return blocks
    alternative = dom_blocks(tree)
    if len(alternative) >= 2 and sum(b.words for b in alternative) >= FALLBACK_SHARE * flat_words:
        return alternative
    return blocks


def _probe(text: str) -> str:
    """The start of a paragraph, case and spacing folded: enough to recognise
    it in another reading of the page."""
    return " ".join(text.lower().split())[:40]


def _rejoin_chunks(tree: HtmlElement, blocks: list[Block]) -> list[Block]:
    """The article read from all its same-class chunks (``html_chunks``) when
    that reading holds nearly all of trafilatura's words and many more."""
    first = next((b for b in blocks if b.kind == "p" and b.words >= LEAD_WORDS), None)
    if first is None:
        return blocks
    chunked = chunked_blocks(tree, first.text)
    if not chunked:
        return blocks
    found = sum(b.words for b in blocks)
    known = {_probe(b.text) for b in chunked}
    covered = sum(b.words for b in blocks if _probe(b.text) in known)
    if covered >= CHUNK_COVERAGE * found and sum(b.words for b in chunked) >= CHUNK_GAIN * found:
        return chunked
    return blocks
