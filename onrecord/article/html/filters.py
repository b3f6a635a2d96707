"""Dropping the blocks trafilatura keeps but a reader would not call article text.

Where trafilatura loses precision on news pages is well known: the headline
and standfirst repeated at the top, bylines, "Read more: ..." links between
paragraphs, lists of related headlines, newsletter and app promotions,
contact and copyright lines, tag links at the end.  Each rule below looks
for one of those shapes, from the text and from how much of it was link
text in the page; the words they look for are data in
``html_boilerplate.json``.  No rule knows any site.

A rule marks ``Block.removed_by`` with its name, so the caller can report
what was dropped (``Article.boilerplate_removed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterator, Optional, Sequence

from onrecord.article.html.blocks import Block
from onrecord.article.wordlists import load_json

BOILERPLATE_FILE = "html_boilerplate.json"
# A block longer than this is prose; phrase patterns never remove it.
MAX_PATTERN_WORDS = 40
MAX_NOTICE_WORDS = 90
# A paragraph this long ends the lead zone (headline repeats, bylines).
LEAD_PARAGRAPH_WORDS = 15
# Share of a block's characters inside links above which it reads as a link...
LINKY = 0.5
# ... and above which it is nothing but a link.
FULLY_LINKED = 0.9
# A list whose items mostly open with a link is a list of other articles.
LINK_LIST_SHARE = 0.6
MIN_ITEM_LINK_SHARE = 0.2
# Teasers, labels and bylines are short.
MAX_TEASER_WORDS = 30
MAX_LABEL_WORDS = 6
MAX_RELATED_WORDS = 40
MAX_BYLINE_WORDS = 15
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_BYLINE = re.compile(r"^(by|von|por|par|di|door)\s+\S", re.I)


@dataclass
class PageContext:
    """What the filters know about the page beyond the blocks."""

    headlines: list[str] = field(default_factory=list)
    description: Optional[str] = None
    url: Optional[str] = None
    authors: list[str] = field(default_factory=list)


Rule = Callable[[list[Block], PageContext], None]


@dataclass(frozen=True)
class _Lexicon:
    labels: frozenset[str]
    related: re.Pattern
    promo: "_PatternSet"
    notice: "_PatternSet"


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_json(BOILERPLATE_FILE)
    prefixes = sorted(data["related_prefixes"], key=len, reverse=True)
    related = re.compile(r"^[\[(]?\s*(?:%s)\s*[:|»›>\-–—]" % "|".join(re.escape(p) for p in prefixes), re.I)
    return _Lexicon(frozenset(_key(label) for label in data["labels"]), related,
                    _any_of(data["patterns"]), _any_of(data["notices"]))


@dataclass(frozen=True)
class _PatternSet:
    """Patterns anchored at the start, tried there only, and the others.

    One alternation of everything makes ``re`` try every pattern at every
    position; matching the ``^`` ones at position 0 alone is five times faster.
    """

    anchored: re.Pattern
    floating: re.Pattern

    def search(self, text: str) -> bool:
        return bool(self.anchored.match(text) or self.floating.search(text))


def _any_of(patterns: list[str]) -> _PatternSet:
    def join(items: list[str]) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in items) or r"(?!x)x", re.I)

    return _PatternSet(join([p[1:] for p in patterns if p.startswith("^")]),
                       join([p for p in patterns if not p.startswith("^")]))


def _key(text: str) -> str:
    """Lower-case words only: the form labels and headlines are compared in."""
    return _PUNCT.sub(" ", text.lower()).strip()


def filter_blocks(blocks: list[Block], context: PageContext,
                  rules: Optional[Sequence[Rule]] = None) -> list[Block]:
    """Mark boilerplate blocks (``removed_by``) and return the ones kept;
    ``rules`` defaults to all of ``RULES`` (the benchmark leaves some out)."""
    for rule in RULES if rules is None else rules:
        rule(blocks, context)
    return [b for b in blocks if b.removed_by is None]


def _mark(block: Block, reason: str) -> None:
    if block.removed_by is None:
        block.removed_by = reason


def _lead(blocks: list[Block]) -> Iterator[Block]:
    """Blocks above the first real paragraph (one of ``LEAD_PARAGRAPH_WORDS``)."""
    for block in blocks:
        if block.kind == "p" and block.words >= LEAD_PARAGRAPH_WORDS:
            return
        yield block


def drop_headline_repeats(blocks: list[Block], context: PageContext) -> None:
    """Headline and standfirst repeated above the first real paragraph.

    The description is often the lead paragraph itself, so only a heading
    that repeats (part of) it counts as a standfirst; a paragraph must
    repeat a headline.
    """
    headlines = [k for k in (_key(t) for t in context.headlines) if k]
    description = _key(context.description or "")
    for block in blocks:
        key = _key(block.text)
        if _matches_any(key, headlines):
            _mark(block, "headline")
        elif block.kind == "head" and (block.level == "h1" or (description and key in description)):
            _mark(block, "standfirst")
        elif block.kind == "p" and block.words >= LEAD_PARAGRAPH_WORDS:
            return


def _matches_any(key: str, targets: list[str]) -> bool:
    """Equal, or one contains the other and is at least 60 % of its length."""
    if not key:
        return False
    for target in targets:
        if key == target:
            return True
        shorter, longer = sorted((key, target), key=len)
        if len(shorter) >= 0.6 * len(longer) and len(shorter.split()) >= 3 and shorter in longer:
            return True
    return False


def drop_bylines(blocks: list[Block], context: PageContext) -> None:
    """A "By ..." line above the first real paragraph: it belongs in
    ``Article.authors``, not in the body."""
    for block in _lead(blocks):
        if block.words <= MAX_BYLINE_WORDS and _BYLINE.match(block.text):
            _mark(block, "byline")


def drop_labels(blocks: list[Block], context: PageContext) -> None:
    """Section labels ("Related", "Comments", "Don't miss") with the run of
    link blocks under them, or the short lines under them when the page
    wrote label and headlines as one block."""
    labels = _lexicon().labels
    for i, block in enumerate(blocks):
        first_line, _, rest = block.text.partition("\n")
        if len(first_line.split()) > MAX_LABEL_WORDS or _key(first_line) not in labels:
            continue
        if rest and any(len(line.split()) > MAX_TEASER_WORDS for line in rest.splitlines()):
            continue
        _mark(block, "label")
        for follower in blocks[i + 1:]:
            if follower.link_density < LINKY or follower.words > MAX_RELATED_WORDS:
                break
            _mark(follower, "related-links")


def drop_related_links(blocks: list[Block], context: PageContext) -> None:
    """"Read more: <link>" lines between paragraphs."""
    related = _lexicon().related
    for block in blocks:
        if block.words <= MAX_RELATED_WORDS and related.match(block.text) and block.link_density >= LINKY:
            _mark(block, "related-link")


def drop_phrases(blocks: list[Block], context: PageContext) -> None:
    """Promotion, subscription, sharing, contact and copyright lines, and
    the longer legal or membership notices."""
    lexicon = _lexicon()
    for block in blocks:
        if block.words <= MAX_PATTERN_WORDS and lexicon.promo.search(block.text):
            _mark(block, "promo")
        elif block.words <= MAX_NOTICE_WORDS and lexicon.notice.search(block.text):
            _mark(block, "notice")


def drop_link_lists(blocks: list[Block], context: PageContext) -> None:
    """Lists whose short items mostly open with a link: other articles."""
    lists: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind == "item" and block.list_id is not None:
            lists.setdefault(block.list_id, []).append(block)
    for items in lists.values():
        linked = [b for b in items if b.starts_with_link and b.link_density >= MIN_ITEM_LINK_SHARE
                  and b.words <= MAX_TEASER_WORDS]
        if len(items) >= 2 and len(linked) >= LINK_LIST_SHARE * len(items):
            for item in linked:
                _mark(item, "link-list")


def drop_linked_headlines(blocks: list[Block], context: PageContext) -> None:
    """Two or more fully linked short lines in a row (teasers for other
    articles), and fully linked all-capitals promotion lines."""
    streak: list[Block] = []
    for block in [*blocks, None]:
        if (block is not None and block.kind in ("head", "p") and block.words <= MAX_TEASER_WORDS
                and block.link_density >= FULLY_LINKED):
            streak.append(block)
            if block.kind == "p" and block.words >= 3 and block.text.isupper():
                _mark(block, "promo-link")
            continue
        if len(streak) >= 2:
            for item in streak:
                _mark(item, "teaser-links")
        streak = []


def drop_own_url(blocks: list[Block], context: PageContext) -> None:
    """A line that is only the page's own address."""
    if not context.url:
        return
    own = context.url.rstrip("/")
    for block in blocks:
        if block.text.strip().rstrip("/") == own:
            _mark(block, "url")


def drop_trailing_links(blocks: list[Block], context: PageContext) -> None:
    """Short, fully linked lines after the last paragraph: tags, categories,
    "next article" links."""
    for block in reversed(blocks):
        if block.removed_by is not None:
            continue
        if block.words > MAX_TEASER_WORDS or block.link_density < FULLY_LINKED:
            return
        _mark(block, "trailing-links")


def drop_author_bio(blocks: list[Block], context: PageContext) -> None:
    """A closing line about the author ("Jane Doe is a reporter who ..."):
    it describes the writer, not the story."""
    if not context.authors:
        return
    bio = re.compile(r"^(?:%s)\b[\w ,.'’-]{0,40}?\b(?:is|was|covers|writes|reports|has been)\b"
                     % "|".join(re.escape(a) for a in context.authors))
    for block in reversed(blocks):
        if block.removed_by is not None:
            continue
        if block.words <= MAX_PATTERN_WORDS and bio.match(block.text):
            _mark(block, "author-bio")
        return


RULES: tuple[Rule, ...] = (
    drop_headline_repeats, drop_bylines, drop_labels, drop_related_links, drop_phrases,
    drop_link_lists, drop_linked_headlines, drop_own_url, drop_trailing_links, drop_author_bio,
)
