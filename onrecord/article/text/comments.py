"""Reader comments: the lines after a comment-section marker.

Comment widgets flatten into a handful of shapes: 'Name: text', or a name
line, perhaps a date line, then the comment's text; widget words ('Reply',
'12 likes', 'Sort by Newest') sit in between.  Comments are kept apart from
the body (they are not the outlet's words) and widget lines are reported as
boilerplate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from onrecord.article.text.lines import Line
from onrecord.article.names import is_person_name
from onrecord.article.text.phrases import is_boilerplate, is_comment_furniture, is_comment_marker, related_marker
from onrecord.article.timestamps import parse_timestamp
from onrecord.record import Comment

MAX_AUTHOR = 40
_HANDLE = re.compile(r"^@?[\w.\-]{3,30}$")
_AUTHOR_PREFIX = re.compile(r"^(?P<author>[^:]{2,40}?)(?:\s+(?:wrote|says|said|writes))?:\s+(?P<text>\S.*)$")
_AUTHOR_LINE = re.compile(r"^(?P<author>.{2,40}?)\s+(?:says|said|wrote|writes)\s*:?$|^(?P<named>.{2,40}?):$")
_HEADER_SEPARATOR = re.compile(r"\s+[•·|]\s+|\s+[-–—]\s+")
_TERMINAL = (".", "!", "?", "…", '"', "”", ")")


@dataclass
class CommentSection:
    """What the comment zone held: comments, widget lines, and where a
    footer (a related-links list after the comments) started."""

    comments: list[Comment] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    footer_start: Optional[int] = None


def _looks_like_author(text: str) -> bool:
    if len(text) > MAX_AUTHOR:
        return False
    if is_person_name(text):
        return True  # 'Peter K.' may end in a full stop
    if text.endswith(_TERMINAL):
        return False
    # a user handle: one token with a digit, underscore, @ or inner capital
    return bool(_HANDLE.match(text)) and (
        any(c.isdigit() or c in "_@" for c in text) or any(c.isupper() for c in text[1:]))


def _author_and_stamp(text: str) -> Optional[tuple[str, Optional[str]]]:
    """'Jane Doe • 2 hours ago' / 'kyiv_reader | Dec 19, 2023 10:02': a
    comment's header on one line, as (author, ISO date or None)."""
    if len(text) > MAX_AUTHOR + 60:
        return None
    pieces = _HEADER_SEPARATOR.split(text, maxsplit=1)
    if len(pieces) != 2 or not _looks_like_author(pieces[0]):
        return None
    stamps = parse_timestamp(pieces[1])
    if stamps is None:
        return None
    return pieces[0], stamps[0].date if stamps else None


def read_comments(lines: list[Line]) -> CommentSection:
    """Turn the lines after a comment marker into ``Comment`` objects."""
    section = CommentSection()
    author: Optional[str] = None
    date: Optional[str] = None
    last: Optional[Comment] = None
    for position, line in enumerate(lines):
        text = line.text
        if related_marker(text) == "heading":
            section.footer_start = position
            break
        if is_comment_furniture(text) or is_boilerplate(text) or is_comment_marker(text):
            section.removed.append(text)
            continue
        stamps = parse_timestamp(text)
        if stamps is not None:
            date = stamps[0].date if stamps else date
            last = None  # a date line opens the next comment
            continue
        header = _author_and_stamp(text)
        if header is not None:
            author, date, last = header[0], header[1], None
            continue
        nxt = lines[position + 1].text if position + 1 < len(lines) else ""
        said = _AUTHOR_LINE.match(text) if len(text) <= MAX_AUTHOR + 10 else None
        name = (said["author"] or said["named"]) if said else None
        if name and _looks_like_author(name):
            author, date, last = name, None, None
            continue
        if _looks_like_author(text) and nxt and not is_comment_furniture(nxt):
            author, date, last = text, None, None
            continue
        prefixed = _AUTHOR_PREFIX.match(text) if len(text) < 5000 else None
        if prefixed and _looks_like_author(prefixed["author"].strip()):
            last = Comment(text=prefixed["text"].strip(), author=prefixed["author"].strip(), date=date)
            section.comments.append(last)
            author, date = None, None
            continue
        if last is not None and last.author is not None and author is None:
            last.text += "\n\n" + text  # a comment of several paragraphs
            continue
        last = Comment(text=text, author=author, date=date)
        section.comments.append(last)
        if author is None:
            last = None  # anonymous lines are separate comments
        author, date = None, None
    return section
