"""Date expressions resolved against the publication date (issue 4)."""

from __future__ import annotations

import datetime as dt
from typing import Optional, Union

from onrecord.nlp.parse import ParsedArticle
from onrecord.record import DateMention


def parse_published(value: Union[str, dt.date, dt.datetime]) -> Optional[str]:
    """Normalise a publication date given by the user to ISO ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(value.strip()[:10]).isoformat()


def find_dates(parsed: ParsedArticle, published: Optional[str]) -> list[DateMention]:
    """Return every date expression in the body, resolved where possible."""
    return []
