"""Calendar dates written in captions, datelines and timestamp lines.

The article stage only needs full dates (day, month name or number, year) in
a handful of English shapes: "December 14, 2023", "Dec. 14, 2023",
"14 December 2023", "Tue 19 Dec 2023", "2023-12-14".  A few linear regexes
do that in microseconds, where a general parser (dateparser) costs about a
tenth of a second per call; relative dates ("Tuesday", "next year") belong to
the extract stage, which knows the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple, Optional

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|2[01][0-9]{2})"

_ANY_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_PATTERNS = (
    # December 14, 2023 / Dec. 14 2023
    ("mdy", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b", re.I)),
    # 14 December 2023 / 14th of Dec, 2023
    ("dmy", re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b", re.I)),
    # 2023-12-14 (optionally followed by a time: 2023-12-14T10:00)
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?![0-9])")),
)


class DateFound(NamedTuple):
    """A full date located in a string."""

    start: int
    end: int
    iso: str


def _to_iso(year: str, month: str, day: str) -> Optional[str]:
    month_number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    day_number = int(re.sub(r"\D", "", day))
    if not month_number:
        return None
    try:
        return dt.date(int(year), month_number, day_number).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[DateFound]:
    """Every full date in ``text``, in order of position (overlaps dropped)."""
    if _ANY_YEAR.search(text) is None:
        return []  # every shape has a four-digit year: one cheap pass first
    found: list[DateFound] = []
    for _, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match["y"], match["m"], match["d"])
            if iso:
                found.append(DateFound(match.start(), match.end(), iso))
    found.sort()
    kept: list[DateFound] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def last_date(text: str) -> Optional[str]:
    """The ISO form of the last full date in ``text``, or None."""
    dates = find_dates(text)
    return dates[-1].iso if dates else None
