"""Loading the article stage's word lists from ``onrecord/data``.

Word lists are data, not code: agencies, boilerplate lines, comment markers
and breadcrumb section words live in versioned files beside the package so
that they can be extended (and reviewed) without touching the heuristics.
Two formats are used:

* ``*.txt``: one entry per line; a line starting with ``#`` is a comment; the first line is
  ``# version: N``.
* ``*.json``: an object with an integer ``"version"`` key.

Everything is read once per process (``functools.lru_cache``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_VERSION_LINE = re.compile(r"#\s*version:\s*(\d+)")


def _read(name: str) -> str:
    return (resources.files("onrecord") / "data" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """The entries of a ``.txt`` word list: stripped, comments and blanks dropped."""
    entries = []
    for line in _read(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append(line)
    return tuple(entries)


@lru_cache(maxsize=None)
def load_json(name: str) -> dict[str, Any]:
    """A ``.json`` word list as a dict."""
    return json.loads(_read(name))


def version(name: str) -> int:
    """The version number a word list declares (``ValueError`` if none)."""
    if name.endswith(".json"):
        value = load_json(name).get("version")
        if not isinstance(value, int):
            raise ValueError(f"{name}: no integer 'version' key")
        return value
    first = _read(name).lstrip().splitlines()[0] if _read(name).strip() else ""
    match = _VERSION_LINE.match(first)
    if not match:
        raise ValueError(f"{name}: first line must be '# version: N'")
    return int(match.group(1))


def phrase_pattern(phrases: list[str] | tuple[str, ...], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` as whole words, longest first.

    Longest-first ordering makes the alternation prefer 'AFP via Getty Images'
    to 'AFP' at the same position; literal alternatives keep matching linear.
    """
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)
