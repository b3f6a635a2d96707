"""The pronoun a first name usually takes, from the US census name lists.

A pronoun resolves to the nearest antecedent it agrees with, and agreement
needs a gender: "She met John Smith, and she said" is not John Smith.
Honorifics and gendered titles ("Mrs.", "spokeswoman") settle it when the
article gives one; otherwise the first name does, when the 1990 US census
lists (shipped by the pinned ``names`` package, MIT licence) show it is
given overwhelmingly to one sex.  Names the lists do not hold, or that are
common for both ("Jordan", "Taylor"), give no gender, so a pronoun may
still take them: an unknown gender never blocks a resolution.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Optional

#: how many times more frequent for one sex a name must be to count as that sex's
RATIO = 20.0


def _frequencies(filename: str) -> dict[str, float]:
    """Name -> share of that sex's population (per cent), from a census list."""
    text = (resources.files("names") / filename).read_text(encoding="ascii")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    male, female = _frequencies("dist.male.first"), _frequencies("dist.female.first")
    table: dict[str, str] = {}
    for name in male.keys() | female.keys():
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= RATIO * f:
            table[name] = "he"
        elif f >= RATIO * m:
            table[name] = "she"
    return table


def first_name_pronoun(first_name: str) -> Optional[str]:
    """"he" or "she" when ``first_name`` is given overwhelmingly to one sex,
    else None (unknown or shared names)."""
    word = first_name.strip(".").lower()
    if len(word) < 2:
        return None  # an initial says nothing
    return _table().get(word)
