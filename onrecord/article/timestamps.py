"""Timestamp lines ('Updated 3:04 PM EST, Tue December 19, 2023') and datelines
('MOSCOW (Reuters) -').

A timestamp line is short and made of nothing but dates, clock times and the
words of ``onrecord/data/article_timestamp_words.txt`` (published, updated,
weekdays, time zones...).  It is metadata: the dates go to ``published`` /
``updated`` and the line leaves the body.  A dateline opens the first
paragraph; it stays in the text (it is part of the sentence as printed) but
names the place, sometimes the date and the agency.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from onrecord.article.dates_in_text import find_dates
from onrecord.article.wordlists import load_lines

MAX_TIMESTAMP_LINE = 160
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2}){1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s*(?:[ap]\.?m\.?)?(?![\w])"
                   r"|\b\d{1,2}\s*[ap]\.?m\.?(?![\w])", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")
_RELATIVE = re.compile(r"^(?:(?:updated|published|posted)\s+)?(?:\d+|an?|one)\s+(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago$|^(?:just now|yesterday|today)$", re.I)
_DIGIT = re.compile(r"\d")
_READING_TIME = re.compile(r"\b\d+\s*(?:-\s*)?(?:min|mins|minute|minutes)\s+read\b", re.I)


class Stamp(NamedTuple):
    """One date on a timestamp line: ``kind`` is 'published' or 'updated'."""

    kind: str
    date: str


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    words: dict[str, str] = {}
    for entry in load_lines("article_timestamp_words.txt"):
        phrase, _, kind = entry.partition("=")
        for word in phrase.split():
            if kind or word not in words:
                words[word] = kind or words.get(word, "")
    return words


def parse_timestamp(line: str) -> Optional[list[Stamp]]:
    """The dates of a timestamp line, or None when ``line`` is not one.

    A relative stamp ('2 hours ago') is a timestamp without a date: ``[]``.
    """
    text = " ".join(line.split())
    if not text or len(text) > MAX_TIMESTAMP_LINE:
        return None
    if _DIGIT.search(text) is None:
        return [] if _RELATIVE.match(text) else None
    if _RELATIVE.match(text):
        return []
    dates = find_dates(text)
    words = _words()
    if not dates:
        # a time alone ('10:04 AM EST') is a stamp without a date
        return [] if _TIME.search(text) and _scan(text, words, "published") else None
    stamps: list[Stamp] = []
    kind = "published"
    position = 0
    for found in dates:
        kind = _scan(text[position:found.start], words, kind)
        if kind == "":
            return None
        stamps.append(Stamp(kind, found.iso))
        position = found.end
    return stamps if _scan(text[position:], words, kind) != "" else None


def _scan(gap: str, words: dict[str, str], kind: str) -> str:
    """Check that ``gap`` holds only timestamp words; return the kind the
    last keyword sets ('updated' after 'Updated'), or '' if a foreign word
    appears."""
    if gap[:1] == "T" and gap[1:2].isdigit():
        gap = gap[1:]  # the time of an ISO 8601 stamp: 2023-12-19T10:04
    gap = _READING_TIME.sub(" ", _TIME.sub(" ", gap))
    for word in _WORD.findall(gap):
        key = word.lower()
        if key not in words and key.rstrip(".") not in words:
            if word.isupper() and len(word) <= 4:
                continue  # a zone or place code: 'HKT', 'UK'
            return ""
        marked = words.get(key, words.get(key.rstrip("."), ""))
        if marked:
            kind = marked
        elif key in ("published", "posted", "publish"):
            kind = "published"
    return kind


# "MOSCOW (Reuters) -", "KYIV, Ukraine, Dec 19 (AP) —", "WASHINGTON —"
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3}"
_REGION = r"(?:,\s*[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2})?"
_DATE = r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?|\d{1,2} [A-Z][a-z]{2,8}\.?(?: \d{4})?))?"
_AGENCY = r"\s*\((?P<agency>[^()]{2,40})\)"
_DASH = r"\s*(?:[-–—]{1,2}|:)\s+"
_DATELINE_CAPS = re.compile(rf"^(?P<place>{_CAPS_PLACE}{_REGION}){_DATE}(?:{_AGENCY})?{_DASH}")
_DATELINE_ANY = re.compile(rf"^(?P<place>[A-Z][\w'’.\-]+(?: [A-Z][\w'’.\-]+){{0,2}}{_REGION}){_DATE}{_AGENCY}{_DASH}")


class Dateline(NamedTuple):
    """The opening of a wire-style first paragraph."""

    place: str
    date_text: Optional[str]
    agency: Optional[str]
    date: Optional[str]


def parse_dateline(paragraph: str) -> Optional[Dateline]:
    """The dateline that opens ``paragraph``, or None.

    An all-capitals place may stand alone before the dash ('WASHINGTON —');
    a mixed-case place needs the agency in parentheses ('Moscow (Reuters) -')
    so that ordinary sentences are never read as datelines.
    """
    head = paragraph[:160]
    match = _DATELINE_CAPS.match(head) or _DATELINE_ANY.match(head)
    if not match or len(match["place"].replace(" ", "")) < 2:
        return None
    if match.re is _DATELINE_CAPS and ":" in match.group(0)[-3:] and not match["agency"]:
        return None  # "NOTE: ..." is not a dateline
    date_text = match["date"]
    dates = find_dates(date_text) if date_text else []
    return Dateline(match["place"].strip(), date_text, match["agency"], dates[0].iso if dates else None)
