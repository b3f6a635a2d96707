"""Hedges: the words that qualify a number ("around 17.5%", "at least 40").

The phrases are data (``onrecord/data/claims_hedges.txt``); this module finds
the longest listed phrase right before or right after a number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Optional


@lru_cache(maxsize=None)
def _hedges() -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = resources.files("onrecord").joinpath("data", "claims_hedges.txt").read_text(encoding="utf-8")
    before: list[str] = []
    after: list[str] = []
    for line in text.splitlines():
        line = line.strip().lower()
        if not line or line.startswith("#"):
            continue
        if line.startswith("after:"):
            after.append(line[len("after:"):].strip())
        else:
            before.append(line)
    return tuple(sorted(before, key=len, reverse=True)), tuple(sorted(after, key=len, reverse=True))


@lru_cache(maxsize=None)
def _before_pattern() -> re.Pattern:
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _hedges()[0])
    return re.compile(rf"(?:^|(?<=[^\w]))({alternatives})\s+$", re.I)


@lru_cache(maxsize=None)
def _after_pattern() -> re.Pattern:
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _hedges()[1])
    return re.compile(rf"^\s*({alternatives})\b", re.I)


def hedge_before(text: str, start: int) -> Optional[tuple[str, int]]:
    """The hedge ending right before offset ``start`` and where it begins."""
    window_start = max(0, start - 40)
    match = _before_pattern().search(text[window_start:start])
    if not match:
        return None
    return " ".join(match.group(1).lower().split()), window_start + match.start(1)


def hedge_after(text: str, end: int) -> Optional[tuple[str, int]]:
    """The hedge starting right after offset ``end`` and where it ends."""
    match = _after_pattern().match(text[end:end + 20])
    if not match:
        return None
    return " ".join(match.group(1).lower().split()), end + match.end(1)
