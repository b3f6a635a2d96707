"""Dates: the date expressions of an article, resolved against its publication date.

``find.py`` gathers the mentions (``find_dates``) and raises the article's
publication floor; ``resolve.py`` turns one expression into an ISO date or
range.
"""

from onrecord.extract.dates.find import find_dates, parse_published

__all__ = ["find_dates", "parse_published"]
