"""Embedded social posts that trafilatura dropped, put back where they stood.

A tweet or Instagram post embedded in a story is part of it (often the very
statement the story reports), but trafilatura treats the embed's blockquote
as page furniture on many sites.  Each embed whose text is missing from the
extracted blocks is re-inserted after the block of the paragraph that
precedes it in the page; an embed whose neighbour was not extracted (so it
sits outside the article) stays out.
"""

from __future__ import annotations

from typing import Optional

from lxml.html import HtmlElement

from onrecord.article.html.blocks import Block, block_from_text
from onrecord.article.html.dom import text_of
from onrecord.article.html.selectors import EMBED_XPATH

PROBE_CHARS = 40


def restore_embeds(tree: HtmlElement, blocks: list[Block]) -> list[Block]:
    """``blocks`` with missing embedded posts inserted in page order."""
    embeds = tree.xpath(EMBED_XPATH)
    if not embeds or not blocks:
        return blocks
    have = {_probe(b.text) for b in blocks}
    result = list(blocks)
    for embed in embeds:
        block = block_from_text("quote", " ".join(embed.itertext()))
        if block is None or _probe(block.text) in have:
            continue
        anchor = _anchor_index(embed, result)
        if anchor is not None:
            result.insert(anchor + 1, block)
            have.add(_probe(block.text))
    for index, block in enumerate(result):
        block.index = index
    return result


def _anchor_index(embed: HtmlElement, blocks: list[Block]) -> Optional[int]:
    """Index of the block holding the page paragraph just before ``embed``
    (paragraphs inside other embeds do not count)."""
    previous = embed.xpath("preceding::p[normalize-space()][not(ancestor::blockquote)][1]")
    if not previous:
        return None
    probe = _probe(text_of(previous[0]))
    for index in range(len(blocks) - 1, -1, -1):
        if _probe(blocks[index].text) == probe:
            return index
    return None


def _probe(text: str) -> str:
    return " ".join(text.lower().replace("\u27e6", "").replace("\u27e7", "").split())[:PROBE_CHARS]
