"""Resolving one date expression against the publication date.

Representation (see docs/claims.md): ISO 8601 at the precision written:
``"2023-12-14"`` for a day, ``"2022-02"`` for a month, ``"2024"`` for a year.
A span that is not one calendar unit (a week, a quarter, a decade, "the past
five years") has ``date`` .. ``end_date``; an open range ("since February
2022", "in the coming years") has ``open_ended`` and no ``end_date``.

Relative expressions ("Tuesday", "next year", "last month", "March 5" with
no year) need the publication date; without it their ``date`` stays None.
The grammar below covers what news writes; ``dateparser`` is the fallback
for other absolute forms, called only on candidate strings and cached.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None, "a few": None}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
           r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY_RE = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_RE = r"(?:1[89]\d{2}|20\d{2})"
UNIT_RE = r"(?:days?|weeks?|months?|years?|decades?)"
#: No date expression news writes is longer ("the first quarter of 2023",
#: "Tuesday, December 19th, 2023"); a longer "expression" (a spaCy DATE
#: entity over a run of numbers) is not resolved, so the rules, which
#: backtrack on long runs of digits and spaces, only ever see short text.
MAX_EXPRESSION = 120
COUNT_RE = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few)"


@dataclass
class Resolution:
    """Where a date expression points, and whether that needed the publication date."""

    date: Optional[str] = None
    end_date: Optional[str] = None
    open_ended: bool = False
    relative: bool = False


Handler = Callable[[re.Match, Optional[dt.date]], Optional[Resolution]]


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _iso_day(year: int, month: int, day: int) -> Optional[str]:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week(day: dt.date) -> Resolution:
    monday = day - dt.timedelta(days=day.weekday())
    return Resolution(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), relative=True)


def _nearest_year(published: dt.date, month: int, day: int = 1, tense: Optional[str] = None) -> int:
    """A month (and day) written without a year: in a past-tense clause the last
    such day on or before publication, in a future one the first on or after it,
    otherwise the one nearest to publication ("March 5" in a December article)."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append((dt.date(year, month, min(day, 28) if month == 2 else day), year))
        except ValueError:
            continue
    if tense == "past":
        past = [(d, y) for d, y in options if d <= published]
        if past:
            return max(past)[1]
    if tense == "future":
        future = [(d, y) for d, y in options if d >= published]
        if future:
            return min(future)[1]
    return min(options, key=lambda o: abs((o[0] - published).days))[1]


def _count(text: str) -> Optional[int]:
    text = text.lower()
    return int(text) if text.isdigit() else SMALL.get(text)


# ------------------------------------------------------------------ handlers

def _iso(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    return Resolution(_iso_day(int(m["y"]), int(m["m"]), int(m["d"])))


def _month_day_year(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    return Resolution(_iso_day(int(m["y"]), _month(m["mon"]), _day(m["d"])))


def _numeric(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        year += 2000
    month, day = (first, second) if first <= 12 else (second, first)  # US order unless impossible
    return Resolution(_iso_day(year, month, day))


def _month_year(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    return Resolution(f"{int(m['y']):04d}-{_month(m['mon']):02d}")


def _year(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    return Resolution(m["y"])


def _decade(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    start = int(m["y"])
    return Resolution(str(start), str(start + 9))


def _quarter(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    q = int(m["q"]) if m["q"].isdigit() else ORDINAL_WORDS[m["q"].lower()]
    year = int(m["y"])
    return Resolution(f"{year:04d}-{3 * q - 2:02d}", f"{year:04d}-{3 * q:02d}")


def _month_day(m: re.Match, published: Optional[dt.date], tense: Optional[str] = None) -> Optional[Resolution]:
    if published is None:
        return Resolution(relative=True)
    month, day = _month(m["mon"]), _day(m["d"])
    return Resolution(_iso_day(_nearest_year(published, month, day, tense), month, day), relative=True)


def _month_alone(m: re.Match, published: Optional[dt.date], tense: Optional[str] = None) -> Optional[Resolution]:
    if published is None:
        return Resolution(relative=True)
    month = _month(m["mon"])
    if tense == "past" and month == published.month:
        return Resolution(f"{published.year:04d}-{month:02d}", relative=True)
    return Resolution(f"{_nearest_year(published, month, {'past': 1, 'future': 28}.get(tense or '', 15), tense):04d}-{month:02d}",
                      relative=True)


def _weekday(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    """A bare weekday is the last such day on or before publication; "next" is
    the first after it, "last" the last one strictly before."""
    if published is None:
        return Resolution(relative=True)
    target = WEEKDAYS[m["wd"].lower()]
    back = (published.weekday() - target) % 7
    modifier = (m["mod"] or "").lower()
    if modifier == "next":
        day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
    elif modifier == "last":
        day = published - dt.timedelta(days=back or 7)
    else:
        day = published - dt.timedelta(days=back)
    return Resolution(day.isoformat(), relative=True)


def _deictic_day(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    if published is None:
        return Resolution(relative=True)
    word = m["w"].lower()
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return Resolution((published + dt.timedelta(days=shift)).isoformat(), relative=True)


def _named_unit(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    """"next year", "last month", "this week", "earlier this year"."""
    if published is None:
        return Resolution(relative=True)
    modifier, unit = m["mod"].lower(), m["unit"].lower()
    delta = {"next": 1, "coming": 1, "last": -1, "past": -1, "previous": -1}.get(modifier, 0)
    if unit == "year":
        return Resolution(str(published.year + delta), relative=True)
    if unit == "month":
        year, month = _shift_month(published.year, published.month, delta)
        return Resolution(f"{year:04d}-{month:02d}", relative=True)
    if unit == "week":
        return _week(published + dt.timedelta(days=7 * delta))
    if unit == "weekend":
        saturday = published + dt.timedelta(days=(5 - published.weekday()) % 7 + 7 * min(delta, 0))
        if delta < 0 and saturday >= published:
            saturday -= dt.timedelta(days=7)
        return Resolution(saturday.isoformat(), (saturday + dt.timedelta(days=1)).isoformat(), relative=True)
    return None


def _ago(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    n = _count(m["n"])
    if published is None or n is None:
        return Resolution(relative=True)
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        return Resolution((published - dt.timedelta(days=n)).isoformat(), relative=True)
    if unit == "week":
        return _week(published - dt.timedelta(days=7 * n))
    if unit == "month":
        year, month = _shift_month(published.year, published.month, -n)
        return Resolution(f"{year:04d}-{month:02d}", relative=True)
    if unit == "year":
        return Resolution(str(published.year - n), relative=True)
    return Resolution(str(published.year - 10 * n), relative=True)


def _open_future(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    """"in the coming years", "in the next few months": from publication on."""
    return Resolution(published.isoformat() if published else None, open_ended=True, relative=True)


def _open_past(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    """"in recent years", "the past five years": a span ending at publication."""
    if published is None:
        return Resolution(open_ended=True, relative=True)
    n = _count(m.groupdict().get("n") or "") if m.groupdict().get("n") else None
    unit = m["unit"].lower().rstrip("s")
    if n is None:
        return Resolution(None, published.isoformat(), open_ended=True, relative=True)
    days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[unit] * n
    return Resolution((published - dt.timedelta(days=days)).isoformat(), published.isoformat(), relative=True)


def _part_of_year(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    """"early 2023", "mid-2022", "late 2021", "the end of 2024": that year."""
    return Resolution(m["y"])


def _this_period(m: re.Match, published: Optional[dt.date]) -> Optional[Resolution]:
    """"earlier this year", "later this month"."""
    if published is None:
        return Resolution(relative=True)
    if m["unit"].lower() == "year":
        return Resolution(str(published.year), relative=True)
    if m["unit"].lower() == "month":
        return Resolution(f"{published.year:04d}-{published.month:02d}", relative=True)
    return _week(published)


RULES: list[tuple[str, Handler]] = [
    (r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", _iso),
    (rf"(?:{WEEKDAY_RE},?\s+)?(?P<mon>{MONTH_RE})\s+(?P<d>{DAY_RE}),?\s+(?P<y>{YEAR_RE})", _month_day_year),
    (rf"(?:{WEEKDAY_RE},?\s+)?(?:the\s+)?(?P<d>{DAY_RE})\s+(?:of\s+)?(?P<mon>{MONTH_RE}),?\s+(?P<y>{YEAR_RE})",
     _month_day_year),
    (r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})", _numeric),
    (rf"(?P<mon>{MONTH_RE})(?:\s+of)?,?\s+(?P<y>{YEAR_RE})", _month_year),
    (r"(?:the\s+)?(?P<y>(?:1[89]|20)\d0)'?s", _decade),
    (rf"(?:Q(?P<q>[1-4])|(?:the\s+)?(?P<qw>first|second|third|fourth)\s+quarter(?:\s+of)?)\s+(?P<y>{YEAR_RE})",
     lambda m, p: _quarter(_QMatch(m), p)),
    (rf"(?:early|mid|late|the\s+(?:start|end|middle|beginning)\s+of)[-\s](?P<y>{YEAR_RE})", _part_of_year),
    (rf"(?:(?:fiscal|calendar)\s+(?:year\s+)?)?(?P<y>{YEAR_RE})", _year),
    (rf"(?:{WEEKDAY_RE},?\s+)?(?P<mon>{MONTH_RE})\s+(?P<d>{DAY_RE})", _month_day),
    (rf"(?:the\s+)?(?P<d>{DAY_RE})\s+(?:of\s+)?(?P<mon>{MONTH_RE})", _month_day),
    (rf"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)",
     _month_alone),  # only ever called on a found date mention, so "May" is the month
    (rf"(?:(?P<mod>next|last|this|on)\s+)?(?P<wd>{WEEKDAY_RE})"
     r"(?:\s+(?:morning|afternoon|evening|night))?", _weekday),
    (r"(?P<w>yesterday|today|tomorrow|tonight)", _deictic_day),
    (r"last\s+night", lambda m, p: _deictic_day(_Fake({"w": "yesterday"}), p)),
    (r"this\s+(?:morning|afternoon|evening)", lambda m, p: _deictic_day(_Fake({"w": "today"}), p)),
    (r"(?:the\s+)?(?P<mod>next|last|this|coming|past|previous)\s+(?P<unit>year|month|week|weekend)", _named_unit),
    (rf"(?P<n>{COUNT_RE})\s+(?P<unit>{UNIT_RE})\s+ago", _ago),
    (rf"(?:in\s+)?the\s+(?:coming|next|following)\s+(?:few\s+|several\s+|two\s+|three\s+|five\s+)?{UNIT_RE}"
     r"|(?:in\s+)?the\s+(?:years|months|weeks|days)\s+(?:ahead|to\s+come)", _open_future),
    (rf"(?:in\s+)?(?:recent\s+(?P<unit>years|months|weeks|days|decades))", _open_past),
    (rf"(?:in\s+|over\s+|during\s+)?the\s+(?:past|last)\s+(?:(?P<n>{COUNT_RE})\s+)?(?P<unit>{UNIT_RE})",
     _open_past),
    (r"(?:earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>year|month|week)", _this_period),
]


class _Fake(dict):
    """Lets a handler be reused with fixed groups."""

    def __getitem__(self, key):  # pragma: no cover - trivial
        return dict.get(self, key)


class _QMatch(_Fake):
    def __init__(self, m: re.Match) -> None:
        super().__init__({"q": m["q"] or m["qw"], "y": m["y"]})


@lru_cache(maxsize=None)
def _compiled() -> list[tuple[re.Pattern, Handler]]:
    return [(re.compile(pattern, re.I), handler) for pattern, handler in RULES]


def resolve(text: str, published: Optional[dt.date], tense: Optional[str] = None) -> Optional[Resolution]:
    """Resolve a whole date expression (``text`` as found); None when no rule
    or fallback understands it (a duration like "22 months", say).  ``tense``
    ("past" or "future", from the clause) picks the year of "March 5"."""
    if len(text) > 4 * MAX_EXPRESSION:
        return None
    text = " ".join(text.strip(" ,.;:()").split())
    if not text or len(text) > MAX_EXPRESSION:
        return None
    for pattern, handler in _compiled():
        match = pattern.fullmatch(text)
        if match:
            try:
                if handler in (_month_day, _month_alone):
                    return handler(match, published, tense)
                return handler(match, published)
            except (ValueError, OverflowError):  # "February 30, 2023": a date that does not exist
                return None
    return _fallback(text, published)


def _fallback(text: str, published: Optional[dt.date]) -> Optional[Resolution]:
    """dateparser for absolute forms our grammar lacks ("19.12.2023", "Dec 19th
    '23"), only when the text names a month or holds a 4-digit year."""
    if not re.search(MONTH_RE, text, re.I) and not re.search(r"\b" + YEAR_RE + r"\b", text):
        return None
    parsed = _dateparser(text)
    if parsed is None:
        return None
    has_day = re.search(r"\b[0-3]?\d(?:st|nd|rd|th)?\b(?!\d)", re.sub(YEAR_RE, "", text)) is not None
    has_month = re.search(MONTH_RE, text, re.I) is not None or has_day
    if has_day:
        return Resolution(parsed.isoformat())
    if has_month:
        return Resolution(f"{parsed.year:04d}-{parsed.month:02d}")
    return Resolution(str(parsed.year))


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> Optional[dt.date]:
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": False,
                                                                "REQUIRE_PARTS": ["year"]})
    return parsed.date() if parsed else None


def start_of(value: str) -> dt.date:
    """The first day a resolved date covers ("2022-02" -> 2022-02-01)."""
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)
