"""Dropping the blocks trafilatura keeps but a reader would not call article text.

Where trafilatura loses precision on news pages is well known: the headline
and standfirst repeated at the top, "Read more: ..." links between
paragraphs, lists of related headlines, newsletter and app promotions,
contact and copyright lines.  Each rule below looks for one of those shapes,
using the text and the page markup the block came from (link density, list
structure); the words they look for are data in ``html_boilerplate.json``.
No rule knows any site.

A rule marks ``Block.removed_by`` with its name, so the caller can report
what was dropped (``Article.boilerplate_removed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from onrecord.article.html_blocks import Block
from onrecord.article.wordlists import load_json

BOILERPLATE_FILE = "html_boilerplate.json"
# A block longer than this is prose; phrase patterns never remove it.
MAX_PATTERN_WORDS = 60
# A lead paragraph this long ends the zone where headline repeats are looked for.
LEAD_PARAGRAPH_WORDS = 15
# Share of a block's text inside links above which it reads as a link.
LINKY = 0.5
FULLY_LINKED = 0.9
# A list whose items mostly start with a link is a list of other articles.
LINK_LIST_SHARE = 0.6
MAX_TEASER_WORDS = 30
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass
class PageContext:
    """What the filters know about the page beyond the blocks."""

    headlines: list[str] = field(default_factory=list)
    description: Optional[str] = None
    url: Optional[str] = None


@dataclass(frozen=True)
class _Lexicon:
    labels: frozenset[str]
    related: re.Pattern
    promo: re.Pattern


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_json(BOILERPLATE_FILE)
    prefixes = sorted(data["related_prefixes"], key=len, reverse=True)
    related = re.compile(r"^[\[(]?\s*(?:%s)\s*[:|»›>\-–—]" % "|".join(re.escape(p) for p in prefixes), re.I)
    return _Lexicon(frozenset(_key(label) for label in data["labels"]), related,
                    re.compile("|".join(f"(?:{p})" for p in data["patterns"]), re.I))


def _key(text: str) -> str:
    """Lower-case words only: the form labels and headlines are compared in."""
    return _PUNCT.sub(" ", text.lower()).strip()


def filter_blocks(blocks: list[Block], context: PageContext) -> list[Block]:
    """Mark boilerplate blocks (``removed_by``) and return the ones kept."""
    for rule in RULES:
        rule(blocks, context)
    return [b for b in blocks if b.removed_by is None]


def _mark(block: Block, reason: str) -> None:
    if block.removed_by is None:
        block.removed_by = reason


def drop_headline_repeats(blocks: list[Block], context: PageContext) -> None:
    """Headline and standfirst repeated above the first real paragraph."""
    headlines = [_key(t) for t in context.headlines if _key(t)]
    # The description is often the lead paragraph itself: only a heading
    # that repeats it (or part of it) is a standfirst.
    description = _key(context.description or "")
    for block in blocks:
        key = _key(block.text)
        if _matches_any(key, headlines):
            _mark(block, "headline")
        elif block.kind == "head" and (block.has_ancestor(("h1", "header"), 6)
                                       or (description and key in description)):
            _mark(block, "standfirst")
        elif block.kind == "p" and block.words >= LEAD_PARAGRAPH_WORDS:
            return


def _matches_any(key: str, targets: list[str]) -> bool:
    if not key:
        return False
    for target in targets:
        if key == target:
            return True
        shorter, longer = sorted((key, target), key=len)
        if len(shorter) >= 0.6 * len(longer) and len(shorter.split()) >= 3 and shorter in longer:
            return True
    return False


def drop_labels(blocks: list[Block], context: PageContext) -> None:
    """Section labels ("Related", "Comments", "Don't miss") with the run of
    link blocks under them, or the lines under them when a page wrote label
    and headlines as one block."""
    labels = _lexicon().labels
    for i, block in enumerate(blocks):
        first_line, _, rest = block.text.partition("\n")
        if len(first_line.split()) > 6 or _key(first_line) not in labels:
            continue
        if rest and any(len(line.split()) > MAX_TEASER_WORDS for line in rest.splitlines()):
            continue
        _mark(block, "label")
        for follower in blocks[i + 1:]:
            if follower.link_density < LINKY or follower.words > 40:
                break
            _mark(follower, "related-links")


def drop_related_links(blocks: list[Block], context: PageContext) -> None:
    """"Read more: <link>" lines between paragraphs."""
    related = _lexicon().related
    for block in blocks:
        if block.words <= 40 and related.match(block.text) and (block.source is None or block.link_density >= LINKY):
            _mark(block, "related-link")


def drop_phrases(blocks: list[Block], context: PageContext) -> None:
    """Promotion, subscription, sharing, contact and copyright lines."""
    promo = _lexicon().promo
    for block in blocks:
        if block.words <= MAX_PATTERN_WORDS and promo.search(block.text):
            _mark(block, "promo")


def drop_link_lists(blocks: list[Block], context: PageContext) -> None:
    """Lists whose items mostly open with a link: other articles, not this one."""
    lists: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind == "item" and block.list_id is not None:
            lists.setdefault(block.list_id, []).append(block)
    for items in lists.values():
        linked = [b for b in items if b.starts_with_link and b.link_density >= 0.2]
        if len(items) >= 2 and len(linked) >= LINK_LIST_SHARE * len(items):
            for item in linked:
                _mark(item, "link-list")


def drop_linked_headlines(blocks: list[Block], context: PageContext) -> None:
    """Runs of two or more fully linked headings or lines (teasers for
    other articles), and fully linked all-capitals promotion lines."""
    run: list[Block] = []
    for block in [*blocks, None]:
        if (block is not None and block.kind in ("head", "p") and block.words <= MAX_TEASER_WORDS
                and block.link_density >= FULLY_LINKED):
            run.append(block)
            if block.kind == "p" and block.text.upper() == block.text and block.words >= 3:
                _mark(block, "promo-link")
            continue
        if len(run) >= 2:
            for item in run:
                _mark(item, "teaser-links")
        run = []


def drop_own_url(blocks: list[Block], context: PageContext) -> None:
    """A line that is only the page's own address."""
    if not context.url:
        return
    own = context.url.rstrip("/")
    for block in blocks:
        if block.text.strip().rstrip("/") == own:
            _mark(block, "url")


RULES: tuple[Callable[[list[Block], PageContext], None], ...] = (
    drop_headline_repeats, drop_labels, drop_related_links, drop_phrases,
    drop_link_lists, drop_linked_headlines, drop_own_url,
)
