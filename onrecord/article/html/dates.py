"""Turning the date strings pages carry into ISO ``YYYY-MM-DD``.

Machine-readable dates (JSON-LD, ``<meta>``, ``<time datetime>``) are nearly
always ISO 8601 or one of a few fixed formats, so a regular expression and a
short format list cover them without a heavy parser.  When a page has none,
htmldate (which knows far more conventions) is the fallback.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Optional

from lxml.html import HtmlElement

_ISO = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y", "%m/%d/%Y",
            "%d.%m.%Y", "%Y/%m/%d", "%a, %d %b %Y", "%A, %B %d, %Y")
MIN_YEAR = 1990


def iso_date(value: Optional[str]) -> Optional[str]:
    """``YYYY-MM-DD`` from a date string, or None when it is not a plausible date.

    The date is the page's own calendar date, in the time zone the page
    states ("2023-12-19T23:30:00-05:00" is 2023-12-19, not the 20th in UTC):
    "on Tuesday" in the article counts from that local date."""
    if not value:
        return None
    value = value.strip()
    match = _ISO.search(value[:40])
    if match:
        return _checked(*(int(g) for g in match.groups()))
    cleaned = re.sub(r"\s+", " ", re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value))[:40]
    for fmt in _FORMATS:
        for candidate in (cleaned, cleaned.split(" at ")[0], " ".join(cleaned.split(" ")[:4]).rstrip(",")):
            try:
                parsed = dt.datetime.strptime(candidate, fmt)
            except ValueError:
                continue
            return _checked(parsed.year, parsed.month, parsed.day)
    return None


def _checked(year: int, month: int, day: int) -> Optional[str]:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if date.year < MIN_YEAR or date > dt.date.today() + dt.timedelta(days=2):
        return None
    return date.isoformat()


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")


def url_date(url: Optional[str]) -> Optional[str]:
    """The date many news sites put in article paths (``/2019/11/19/``)."""
    match = _URL_DATE.search(url or "")
    return _checked(*(int(g) for g in match.groups())) if match else None


def fallback_date(tree: HtmlElement) -> Optional[str]:
    """htmldate's best guess at the original publication date (fast mode)."""
    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        found = find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises many kinds on odd pages; a date is optional
        return None
    return iso_date(found) if found else None
