"""Claims with numbers (filled in by issue 4)."""

from __future__ import annotations

from onrecord.nlp.parse import ParsedArticle
from onrecord.record import Claim, DateMention, Entity, Statement


def find_claims(parsed: ParsedArticle, entities: list[Entity], statements: list[Statement],
                dates: list[DateMention]) -> list[Claim]:
    """Return the quantitative claims in the article body."""
    return []
