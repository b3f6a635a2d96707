"""The shape of a personal name, shared by the credit and byline parsers.

Credits and bylines mix people with organisations and roles ('Jane Doe,
Staff Writer', 'Kremlin via REUTERS').  Telling them apart needs no name
list: a personal name is two to five capitalised tokens (initials and
particles such as 'de' or 'van' allowed) that are not function words, days
or section words (``not_name_words`` in ``onrecord/data/article_bylines.json``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from onrecord.article.wordlists import load_json

BYLINES_FILE = "article_bylines.json"
AGENCIES_FILE = "article_agencies.json"
_TOKEN = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*\.?)$")


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """Name particles, and the capitalised words no personal name contains:
    ``not_name_words`` plus the organisation words of the credit list
    ('Service', 'Ministry', 'Press'), so that 'Presidential Press Service'
    is never a person."""
    data = load_json(BYLINES_FILE)
    organisations = load_json(AGENCIES_FILE)["organisation_words"]
    return (frozenset(p.lower() for p in data["name_particles"]),
            frozenset(data["not_name_words"]) | frozenset(organisations))


def is_person_name(text: str) -> bool:
    """True when ``text`` looks like one person's name ('Jane Doe', 'J. R. Doe',
    'Ana de la Cruz', 'KEVIN LAMARQUE')."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or len(text) > 60:
        return False
    particles, not_names = _words()
    if tokens[0].lower() in particles or tokens[-1].lower() in particles:
        return False
    for token in tokens:
        if token.lower() in particles:
            continue
        if not _TOKEN.match(token) or not token[0].isupper():
            return False
        if token.rstrip(".").title() in not_names or token.rstrip(".") in not_names:
            return False
    return True


def clean_person_name(text: str) -> str:
    """Collapse spaces and turn an all-capitals name into title case
    ('KEVIN LAMARQUE' -> 'Kevin Lamarque'); mixed case is kept as written."""
    name = " ".join(text.split()).strip(" ,;:")
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        particles, _ = _words()
        name = " ".join(t.lower() if t.lower() in particles else t.title() for t in name.split())
    return name
