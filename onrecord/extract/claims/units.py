"""Units of numbers: currencies, magnitudes, percent words and measures.

The tables live in ``onrecord/data/claims_units.json`` so that adding a
currency or a unit is a data change; this module only loads them once and
answers look-ups.  Count units ("soldiers", "men") are not here: they are the
noun the number modifies, found from the parse in ``claims.py``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Optional


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Load a JSON file from ``onrecord/data`` (cached for the process)."""
    text = resources.files("onrecord").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


def _units() -> dict:
    return load_data("claims_units.json")


def currency_symbols() -> dict[str, str]:
    """Symbol -> ISO code, longest symbols first so ``US$`` wins over ``$``."""
    table = _units()["currency_symbols"]
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


def currency_codes() -> list[str]:
    return list(_units()["currency_codes"])


def currency_word(word: str) -> Optional[str]:
    """ISO code for a currency written as a word ("euros" -> EUR), else None."""
    return _units()["currency_words"].get(word.lower())


def currency_words() -> list[str]:
    return sorted(_units()["currency_words"], key=len, reverse=True)


def magnitude(word: str) -> Optional[float]:
    """The multiplier of a magnitude word or suffix ("bn" -> 1e9), else None."""
    return _units()["magnitudes"].get(word.lower())


def magnitude_words() -> list[str]:
    return sorted(_units()["magnitudes"], key=len, reverse=True)


def money_only_magnitude(word: str) -> bool:
    """Single-letter suffixes ("3m", "5k") mean millions/thousands only after a
    currency sign: "100m" alone is a distance."""
    return word.lower() in _units()["money_only_magnitudes"]


def percent_unit(word: str) -> Optional[str]:
    """Canonical unit for a percent-like word ("per cent" -> "percent")."""
    return _units()["percent_words"].get(" ".join(word.lower().split()))


def percent_words() -> list[str]:
    return sorted(_units()["percent_words"], key=len, reverse=True)


def measure_unit(word: str) -> Optional[str]:
    """Canonical unit for a measurement word ("kilometres" -> "km"), else None."""
    return _units()["measures"].get(" ".join(word.lower().split()))


def measure_words() -> list[str]:
    return sorted(_units()["measures"], key=len, reverse=True)
