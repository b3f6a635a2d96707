"""The role each line plays, judged from the line alone.

Roles from shape, before position is taken into account (``text.py`` does
that): a comment-section marker, furniture, a related-links heading or link,
a timestamp, a byline, a caption with its credit, prose, a title-shaped line.
The first test that fits wins, in the order below, cheapest and most specific
first; long lines skip the tests that only short lines can pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from onrecord.article.bylines import Byline, read_byline
from onrecord.article.credits import MAX_CREDIT, agency_name, split_caption_credit
from onrecord.article.text.lines import Line, is_prose, is_title_shaped
from onrecord.article.text.phrases import is_boilerplate, is_comment_marker, related_marker
from onrecord.article.timestamps import Stamp, parse_timestamp
from onrecord.article.wordlists import load_lines

COMMENT_MARKER = "comment_marker"
BOILERPLATE = "boilerplate"
RELATED_HEADING = "related_heading"
RELATED_LINK = "related_link"
TIMESTAMP = "timestamp"
META = "meta"  # a byline, possibly with timestamps on the same line
CAPTION = "caption"
CREDIT = "credit"  # a credit on a line of its own
CAPTION_LABEL = "caption_label"  # 'Image caption, ...': a caption without its credit
PROSE = "prose"
TITLE = "title"
OTHER = "other"

MAX_META_LINE = 200
MAX_SHORT_LINE = 400
# Captions are a sentence or two; a longer text ending in '(AP)' is a paragraph.
MAX_CAPTION = 600
WIRE_PARAGRAPH_WORDS = 40
_META_PIECES = re.compile(r"\s+[|•·]\s+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*(?![\w'’-])")
_NAME_PAIR = re.compile(r"[A-Z][\w'’.-]*\s+(?:[a-z]{1,3}\s+)?[A-Z]")
MAX_META_LOWER_WORDS = 8
MAX_META_WORDS = 30


@dataclass(slots=True)
class Tagged:
    """A line and the role its shape suggests; ``data`` holds what the test
    parsed (stamps, a byline, a caption and credit)."""

    line: Line
    role: str
    data: Any = None

    @property
    def text(self) -> str:
        return self.line.text


@dataclass
class Meta:
    """A byline line: who wrote it, and any dates printed beside the names."""

    byline: Byline
    stamps: list[Stamp]


def tag_line(line: Line) -> Tagged:
    """The role of one line, from its shape alone."""
    text = line.text
    label = _caption_label().match(text) if len(text) <= MAX_SHORT_LINE * 4 else None
    if label and text[label.end():].strip():
        return Tagged(line, CAPTION_LABEL, text[label.end():].strip())
    if len(text) <= MAX_SHORT_LINE:
        role = _short_role(text)
        if role is not None:
            return Tagged(line, *role)
    if len(text) <= MAX_CAPTION + MAX_CREDIT:
        caption, credit = split_caption_credit(text)
        if credit and len(caption) <= MAX_CAPTION and not _wire_attribution(caption, credit):
            return Tagged(line, CAPTION if caption else CREDIT, (caption, credit))
    if is_prose(text):
        return Tagged(line, PROSE)
    return Tagged(line, TITLE if is_title_shaped(text) else OTHER)


@lru_cache(maxsize=1)
def _caption_label() -> re.Pattern[str]:
    labels = sorted(load_lines("article_caption_labels.txt"), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(l) for l in labels)})\s*[,:]\s*", re.I)


def pair_captions(tagged: list[Tagged]) -> list[Tagged]:
    """Join each labelled caption to the credit line printed beside it
    (before it, as most sites do, or after it); a caption with no credit
    nearby stays a caption without credit."""
    out: list[Tagged] = []
    for item in tagged:
        if item.role == CAPTION_LABEL:
            if out and out[-1].role == CREDIT:
                credit = out.pop()
                out.append(Tagged(credit.line, CAPTION, (item.data, credit.data[1])))
            else:
                out.append(Tagged(item.line, CAPTION, (item.data, None)))
        elif item.role == CREDIT and out and out[-1].role == CAPTION and out[-1].data[1] is None \
                and out[-1].line.index == item.line.index - 1 and _caption_label().match(out[-1].line.text):
            caption = out.pop()
            out.append(Tagged(caption.line, CAPTION, (caption.data[0], item.data[1])))
        else:
            out.append(item)
    return out


def _wire_attribution(caption: str, credit: str) -> bool:
    """A paragraph of prose signed with a bare agency name ('... (AP)') is a
    wire paragraph, not a caption: captions are short or name a photographer."""
    return caption.count(" ") + 1 >= WIRE_PARAGRAPH_WORDS and agency_name(credit) is not None


def _short_role(text: str) -> Optional[tuple[str, Any]]:
    if is_comment_marker(text):
        return COMMENT_MARKER, None
    if is_boilerplate(text):
        return BOILERPLATE, None
    related = related_marker(text)
    if related:
        return (RELATED_HEADING if related == "heading" else RELATED_LINK), None
    stamps = parse_timestamp(text)
    if stamps is not None:
        return TIMESTAMP, stamps
    meta = read_meta(text)
    if meta is not None:
        return META, meta
    return None


def _could_be_byline(text: str) -> bool:
    """A fast pre-test: bylines have few words, few of them lower case
    ('By Jane Doe and John Roe, staff writers | 3:04 pm'), and two capitalised
    words in a row (a name, or 'By Name') unless the line is an outlet."""
    if text.count(" ") >= MAX_META_WORDS or len(_LOWER_WORD.findall(text)) > MAX_META_LOWER_WORDS:
        return False
    return bool(_NAME_PAIR.search(text)) or agency_name(text) is not None


def read_meta(text: str) -> Optional[Meta]:
    """A byline line ('By Jane Doe | Reuters | Dec 19, 2023'), or None.

    Without a 'By' label a line of names is only a byline when it also names
    an outlet, a role or a date: a bare 'Jane Doe' could be anything, and a
    Title Case headline has the shape of a name.
    """
    if len(text) > MAX_META_LINE or not _could_be_byline(text):
        return None
    stamps: list[Stamp] = []
    names: list[str] = []
    pieces = _META_PIECES.split(text)
    for piece in pieces:
        # a line of one piece was already found not to be a timestamp
        found = parse_timestamp(piece) if len(pieces) > 1 else None
        if found is not None:
            stamps.extend(found)
        elif not is_boilerplate(piece):
            names.append(piece)
    if not names:
        return None
    byline = read_byline(" | ".join(names))
    if not byline.complete:
        return None
    if not (byline.labelled or byline.outlet or byline.had_role or stamps):
        return None
    return Meta(byline, stamps)
