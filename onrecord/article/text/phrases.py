"""Matching whole lines against the phrase lists in ``onrecord/data``.

Page furniture is recognised by what a line *is*, not by what it contains:
"Share" alone is a widget, "Share prices fell" is news.  So a phrase list
matches a whole line after folding case, collapsing spaces, turning numbers
into ``N`` ("23 Comments" -> "n comments") and dropping punctuation at both
ends.  Entries ending in ``*`` match a line that starts with them (short lines
only); entries wrapped in ``*...*`` match a line that contains them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from onrecord.article.wordlists import load_lines

# Lines longer than this are never furniture.
MAX_PHRASE_LINE = 400
MAX_PREFIX_WORDS = 12
MAX_CONTAINS_WORDS = 60
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*[kK]?")
_EDGE = " \t.,:;!?-–—|•·*>»«<\"'“”‘’()[]{}#/\\_~+=…"


@lru_cache(maxsize=4096)
def normalise(line: str) -> str:
    """The form phrase lists are written in: lower case, numbers as ``n``.
    Cached: each line is checked against several lists in a row."""
    text = _NUMBER.sub("n", " ".join(line.lower().split()))
    stripped = text.strip(_EDGE)
    # Keep symbols that carry the meaning of a line (the copyright sign).
    return stripped if stripped or not text else text


class PhraseSet:
    """Exact, prefix and contains phrases loaded from one data file."""

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self.exact: set[str] = set()
        prefixes: list[str] = []
        contains: list[str] = []
        for phrase in phrases:
            phrase = phrase.lower()
            if phrase.startswith("*") and phrase.endswith("*") and len(phrase) > 2:
                contains.append(phrase[1:-1].strip())
            elif phrase.endswith("*"):
                prefixes.append(phrase[:-1].strip())
            else:
                self.exact.add(normalise(phrase))
        self._prefix = _alternation(prefixes, anchored=True)
        self._contains = _alternation(contains, anchored=False)

    def match(self, line: str) -> bool:
        """True when the whole ``line`` is one of the phrases."""
        if len(line) > MAX_PHRASE_LINE:
            return False
        text = normalise(line)
        if text in self.exact:
            return True
        words = text.count(" ") + 1
        if self._prefix is not None and words <= MAX_PREFIX_WORDS and self._prefix.match(text):
            return True
        return self._contains is not None and words <= MAX_CONTAINS_WORDS and bool(self._contains.search(text))


def _alternation(phrases: list[str], *, anchored: bool) -> re.Pattern[str] | None:
    if not phrases:
        return None
    body = "|".join(re.escape(normalise(p) or p) for p in sorted(phrases, key=len, reverse=True))
    start = "^" if anchored else r"(?<!\w)"
    return re.compile(rf"{start}(?:{body})(?!\w)")


@lru_cache(maxsize=None)
def phrase_set(name: str) -> PhraseSet:
    """The phrase set of a data file, loaded once per process."""
    return PhraseSet(load_lines(name))


def is_boilerplate(line: str) -> bool:
    """Share/subscribe/advertisement/cookie/footer furniture."""
    return phrase_set("article_boilerplate_lines.txt").match(line)


def is_comment_marker(line: str) -> bool:
    """A heading that opens the reader comments ('COMMENTS', '23 Comments')."""
    return len(line) <= 60 and phrase_set("article_comment_markers.txt").match(line)


def is_comment_furniture(line: str) -> bool:
    """Widget text inside a comment section ('Reply', '12 likes', 'Sort by')."""
    return len(line) <= 120 and phrase_set("article_comment_furniture.txt").match(line)


def is_section_word(text: str) -> bool:
    """A site-section name as used in breadcrumbs ('Home', 'World', 'Politics')."""
    return len(text) <= 40 and normalise(text) in phrase_set("article_section_words.txt").exact


_RELATED_INLINE = re.compile(r"^(?P<marker>[^:|–—-]{2,40}?)\s*(?::|\||[-–—]{1,2}|»|>)\s*\S")


def related_marker(line: str) -> str:
    """``"heading"`` for a line that opens a related-links list ('Read more'),
    ``"inline"`` for a line that is one related link ('Related: Five
    things to know'), else ``""``."""
    if len(line) > 250:
        return ""
    markers = phrase_set("article_related_markers.txt")
    if markers.match(line):
        return "heading"
    match = _RELATED_INLINE.match(line)
    if match and normalise(match["marker"]) in markers.exact:
        return "inline"
    return ""
