"""Bylines: who wrote the article, as a clean list of names.

Bylines come as 'By Jane Doe, Staff Writer', 'By Jane Doe and John Roe |
Reuters', 'Jane Doe, CNN', 'BY JANE DOE', 'Reporting by Jane Doe; Editing by
John Roe'.  The parser keeps only personal names (no 'By', no roles, no
outlet names) and returns the outlet separately.  Labels and role words are
data (``onrecord/data/article_bylines.json``); agencies and outlets come from
the credit word list, so 'Reuters' is recognised the same way in both.

The HTML stage imports ``parse_byline`` for author lists found in markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Optional

from onrecord.article.credits import agency_name
from onrecord.article.names import BYLINES_FILE, clean_person_name, is_person_name
from onrecord.article.wordlists import load_json

MAX_BYLINE = 300
_PIECES = re.compile(r"\s+[|•·]\s+|\s*\|\s*|\s+[-–—]\s+")
_NAMES = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.I)
_IN_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z][\w'’. -]*$")
_FOR_OUTLET = re.compile(r"\s+for\s+(?P<outlet>[A-Z].*)$")
_PAREN_OUTLET = re.compile(r"\s*\((?P<outlet>[^()]{2,40})\)\s*$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_SENTENCE_OUTLET = re.compile(r"(?<=[a-z]{2})\.\s+(?P<outlet>[A-Z].*)$")


class _Lexicon(NamedTuple):
    author_label: re.Pattern[str]
    other_label: re.Pattern[str]
    roles: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_json(BYLINES_FILE)

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return _Lexicon(
        author_label=re.compile(rf"^(?:{alternation(data['author_labels'])})(?:\s*:)?\s+", re.I),
        other_label=re.compile(rf"^(?:{alternation(data['other_labels'])})(?:\s*:)?\s+", re.I),
        roles=re.compile(rf"(?<!\w)(?:{alternation(data['role_words'])})(?!\w)", re.I),
    )


@dataclass
class Byline:
    """A parsed byline; ``complete`` is True when every piece was understood
    (used to decide whether a line *is* a byline)."""

    authors: list[str] = field(default_factory=list)
    outlet: Optional[str] = None
    labelled: bool = False
    complete: bool = True
    had_role: bool = False


def parse_byline(line: str) -> tuple[list[str], Optional[str]]:
    """Return ``(authors, outlet)`` from a byline; ``([], None)`` if none found.

    >>> parse_byline("By Jane Doe and John Roe | Reuters")
    (['Jane Doe', 'John Roe'], 'Reuters')
    """
    byline = read_byline(line)
    return byline.authors, byline.outlet


def read_byline(line: str) -> Byline:
    """Parse a byline and say how much of it was understood."""
    text = " ".join(line.split()) if len(line) <= MAX_BYLINE * 4 else ""
    result = Byline()
    if not text or len(text) > MAX_BYLINE:
        result.complete = False
        return result
    lex = _lexicon()
    for clause in re.split(r"\s*;\s*", text):
        if not clause:
            continue
        if lex.other_label.match(clause):
            result.labelled = True
            continue
        label = lex.author_label.match(clause)
        if label:
            result.labelled = True
            clause = clause[label.end():]
        _read_clause(clause, result)
    result.authors = list(dict.fromkeys(result.authors))
    if not result.authors and not result.outlet:
        result.complete = False
    return result


def _read_clause(clause: str, result: Byline) -> None:
    pieces = [p for p in _PIECES.split(clause) if p.strip()]
    for index, piece in enumerate(pieces):
        piece = piece.strip(" ,.")
        paren = _PAREN_OUTLET.search(piece)
        if paren and agency_name(paren["outlet"]):
            _set_outlet(result, agency_name(paren["outlet"]))
            piece = piece[:paren.start()]
        outlet = _outlet_of(piece)
        if outlet:
            _set_outlet(result, outlet)
            continue
        after_stop = _SENTENCE_OUTLET.search(piece)  # "Jane Doe. Reuters": never after an initial
        if after_stop and _outlet_of(after_stop["outlet"]):
            _set_outlet(result, _outlet_of(after_stop["outlet"]))
            piece = piece[:after_stop.start()]
        if index > 0 and _is_role(piece):
            result.had_role = True
            continue
        _read_names(piece, result)


def _read_names(piece: str, result: Byline) -> None:
    for part in _NAMES.split(piece):
        part = part.strip(" ,.")
        if not part:
            continue
        for_outlet = _FOR_OUTLET.search(part)
        if for_outlet and _outlet_of(for_outlet["outlet"]):
            _set_outlet(result, _outlet_of(for_outlet["outlet"]))
            part = part[:for_outlet.start()]
        part = _IN_PLACE.sub("", part)
        outlet = _outlet_of(part)
        if outlet:
            _set_outlet(result, outlet)
        elif result.authors and _is_role(part):
            result.had_role = True  # "Jane Doe, Moscow Correspondent"
        elif is_person_name(part):
            result.authors.append(clean_person_name(part))
        elif _staff_of(part):
            _set_outlet(result, _staff_of(part))
        else:
            result.complete = False


def _outlet_of(text: str) -> Optional[str]:
    """A known agency or outlet, an acronym ('CNN'), or a capitalised name
    starting with 'The' ('The Daily Ledger'): people are not called 'The'."""
    text = text.strip(" ,.")
    name = agency_name(text)
    if name:
        return name
    if _ACRONYM.match(text):
        return text
    words = text.split()
    if 2 <= len(words) <= 6 and words[0] == "The" and all(w[0].isupper() for w in words):
        return text
    return None


def _staff_of(text: str) -> Optional[str]:
    """'Reuters Staff', 'AP staff', 'CNN Wire' -> the outlet."""
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in {"staff", "wire", "wires", "newsroom", "desk", "reporters"}:
        return _outlet_of(" ".join(words[:-1]))
    return None


def is_role(text: str) -> bool:
    """True for a job title printed under a byline ('Environment reporter')."""
    return _is_role(" ".join(text.split())) and not any(c.isdigit() for c in text)


def _is_role(text: str) -> bool:
    """A role such as 'Staff Writer' or 'Senior White House Correspondent':
    it contains a role word and is short."""
    words = text.split()
    return 1 <= len(words) <= 7 and bool(_lexicon().roles.search(text))


def _set_outlet(result: Byline, outlet: Optional[str]) -> None:
    if outlet and not result.outlet:
        result.outlet = outlet
