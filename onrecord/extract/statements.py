"""Statements: who said what (filled in by the attribution work, issue 3)."""

from __future__ import annotations

from onrecord.nlp.parse import ParsedArticle
from onrecord.record import DateMention, Entity, Statement


def find_statements(parsed: ParsedArticle, dates: list[DateMention]) -> tuple[list[Entity], list[Statement]]:
    """Return the article's entities and the statements attributed to them."""
    return [], []
