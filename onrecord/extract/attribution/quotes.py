"""Direct-quote spans, found from the quote marks alone.

News text mixes quoting styles (straight and curly double quotes, single
quotes, « », „ “) and often leaves marks unbalanced: a quote that runs over
paragraphs opens each paragraph and closes only at the end, and scraped text
loses marks.  Quote state is therefore kept per paragraph: an opening mark
with no close ends at the paragraph's end (flagged ``closed=False``) and can
never swallow the rest of the article.  A stray closing mark is ignored.

Single quotes are told apart from apostrophes by context (a single quote
opens before a word and after a space or an opening bracket, and closes
before a space or punctuation), and are only looked for outside double
quotes, where they are nested quotes rather than statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from onrecord.nlp.paragraphs import BLANK_LINE

# opening mark -> the closing marks that end it
_DOUBLE_PAIRS = {"“": "”\"", "„": "“”", "«": "»", "»": "«", "\"": "\"”"}
_SINGLE_PAIRS = {"‘": "’'", "'": "'’", "‹": "›", "‚": "‘’"}
_OPEN_CONTEXT = set(" \t\n([{—–-:;,/")
# ''doubled apostrophes'' stand for double quotes in some wire and archive text
_DOUBLED = re.compile(r"(?<![\w'])''(?=\S)(.+?)(?<=\S)''(?![\w'])")


@dataclass
class Quote:
    """A quote's inner text ``[start, end)``, its marks, and whether a closing
    mark was found in the paragraph."""

    start: int
    end: int
    open_mark: int
    close_mark: int  # offset just after the closing mark (== end when unclosed)
    closed: bool
    paragraph: int

    @property
    def outer(self) -> tuple[int, int]:
        return self.open_mark, self.close_mark


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of every paragraph (text between blank lines)."""
    out = []
    pos = 0
    for m in BLANK_LINE.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


_GUILLEMETS = frozenset("«»‹›")


def _can_open(text: str, i: int, start: int) -> bool:
    if text[i] in _GUILLEMETS:  # never apostrophes; French spacing puts a space inside
        return True
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_CONTEXT or before in "“\"‘'«„") and not after.isspace()


def _can_close(text: str, i: int, end: int) -> bool:
    if text[i] in _GUILLEMETS:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isspace() and not after.isalnum()


def _scan(text: str, start: int, end: int, pairs: dict[str, str], index: int,
          skip: list[tuple[int, int]]) -> Iterator[Quote]:
    i = start
    skip_iter = iter(sorted(skip))
    next_skip = next(skip_iter, None)
    while i < end:
        while next_skip is not None and next_skip[1] <= i:
            next_skip = next(skip_iter, None)
        if next_skip is not None and next_skip[0] <= i < next_skip[1]:
            i = next_skip[1]
            continue
        ch = text[i]
        if ch in pairs and _can_open(text, i, start) and not (ch == "»" and "«" in text[start:i]):
            closers = pairs[ch]
            j = i + 1
            limit = end if next_skip is None else min(end, next_skip[0]) if next_skip[0] > i else end
            while j < limit:
                if text[j] in closers and _can_close(text, j, end):
                    break
                j += 1
            if j < limit:
                yield Quote(i + 1, j, i, j + 1, True, index)
                i = j + 1
                continue
            if next_skip is None or next_skip[0] <= i:
                yield Quote(i + 1, end, i, end, False, index)
                return
        i += 1


def _trim(text: str, quote: Quote) -> Quote:
    start, end = quote.start, quote.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace()):
        end -= 1
    quote.start, quote.end = start, end
    return quote


def find_quotes(text: str) -> list[Quote]:
    """Every quote in ``text``, paragraph by paragraph, in text order.

    Double-quoted spans come first; single-quoted ones only where they are
    not nested inside a double quote.  Empty quotes are dropped.
    """
    out: list[Quote] = []
    for index, (start, end) in enumerate(paragraph_spans(text)):
        doubled = [Quote(m.start(1), m.end(1), m.start(), m.end(), True, index)
                   for m in _DOUBLED.finditer(text, start, end)]
        doubles = doubled + list(_scan(text, start, end, _DOUBLE_PAIRS, index, [q.outer for q in doubled]))
        singles = list(_scan(text, start, end, _SINGLE_PAIRS, index, [q.outer for q in doubles]))
        for quote in sorted(doubles + singles, key=lambda q: q.open_mark):
            quote = _trim(text, quote)
            if quote.end > quote.start and any(c.isalnum() for c in text[quote.start:quote.end]):
                out.append(quote)
    return out
