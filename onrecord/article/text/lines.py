"""Scraped text as a list of lines, and the shape of each line.

A scraper that flattened a page leaves one block per line: breadcrumb,
headline, caption, paragraphs, widgets.  This module cleans the text into
those lines (control characters dropped, hard-wrapped paragraphs rejoined)
and measures what the role scorer needs: is the line prose (a sentence or
more), title-shaped (short, unpunctuated), a breadcrumb?  All checks run on
bounded prefixes or suffixes so that a 100,000-character line costs no more
than reading it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from onrecord.article.text.phrases import is_section_word

# Control characters (except tab and newline), zero-width marks and the BOM.
# A regex scans in C (str.translate with a dict costs about 0.1 s per MB);
# line breaks are unified with str.replace, faster still.
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]+")
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")", ".]")
_NO_TITLE_END = (".", ",", ";", ":", "-", "–", "—")
PROSE_MIN_WORDS = 4
PROSE_LONG_WORDS = 25
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250
# Hard-wrapped text: most lines this long, none longer than WRAP_MAX.
WRAP_MIN, WRAP_MAX = 50, 100


@dataclass(slots=True)
class Line:
    """One non-blank line of the page, with its position and shape."""

    index: int
    text: str
    blank_before: bool = False

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1

    @property
    def prose(self) -> bool:
        """A sentence or more: ends like a sentence, or is long."""
        return is_prose(self.text)

    @property
    def title_shaped(self) -> bool:
        return is_title_shaped(self.text)


def is_prose(text: str) -> bool:
    """True for a paragraph: ends like a sentence with a few words, or is long."""
    words = text.count(" ") + 1
    if words >= PROSE_LONG_WORDS:
        return True
    return words >= PROSE_MIN_WORDS and text.endswith(_TERMINAL) and not text.endswith("...")


def is_title_shaped(text: str) -> bool:
    """Short, unpunctuated at the end, starting with a capital (after any
    digits or quotes: '50,000 flee fires', '‘We are ready’'): a headline, a
    subhead or a link title."""
    if len(text) > TITLE_MAX_CHARS or text.endswith(_NO_TITLE_END):
        return False
    words = text.count(" ") + 1
    first_letter = next((c for c in text[:20] if c.isalpha()), "")
    starts_well = first_letter.isupper() or text[0].isdigit()
    return 2 <= words <= TITLE_MAX_WORDS and starts_well and not text.endswith("...")


def clean_text(text: str) -> str:
    """Text with unified newlines and no control or zero-width characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _JUNK.sub("", text) if _JUNK.search(text) else text


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, spaces collapsed, hard wraps undone."""
    raw = clean_text(text).split("\n")
    if _hard_wrapped(raw):
        raw = _unwrap(raw)
    lines: list[Line] = []
    blank = True
    for row in raw:
        stripped = row.strip()
        if "  " in stripped or "\t" in stripped:
            stripped = " ".join(stripped.split())
        if not stripped:
            blank = True
            continue
        lines.append(Line(len(lines), stripped, blank))
        blank = False
    return lines


def _hard_wrapped(rows: list[str]) -> bool:
    """A text wrapped at a fixed width: lines of similar length that break
    mid-sentence, in blocks separated by blank lines."""
    sample = [r.strip() for r in rows[:3000] if r.strip()]
    if len(sample) < 8:
        return False
    if max(len(r) for r in sample) > WRAP_MAX + 5:
        return False
    wide = sum(1 for r in sample if len(r) >= WRAP_MIN)
    open_ended = sum(1 for r in sample if len(r) >= WRAP_MIN and not r.endswith(_TERMINAL))
    return wide >= 0.6 * len(sample) and open_ended >= 0.3 * len(sample)


def _unwrap(rows: list[str]) -> list[str]:
    """Join wrapped lines back into paragraphs.  Inside a wrapped paragraph
    every line but the last is wide, so a short line (a byline, a date, the
    paragraph's last line) closes the paragraph, as does a blank line."""
    out: list[str] = []
    block: list[str] = []
    for row in rows:
        row = row.strip()
        if row:
            block.append(row)
            if len(row) >= WRAP_MIN:
                continue
        if block:
            out.append(" ".join(block))
            block = []
        if not row:
            out.append("")
    if block:
        out.append(" ".join(block))
    return out


_CRUMB_SEPARATORS = re.compile(r"\s*(?:>|›|»|→|\||•|·|::)\s*|\s+/\s+")
_GLUE = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z\u00c0-\u00de])")
CRUMB_MAX_ITEMS = 8
CRUMB_ITEM_MAX_WORDS = 5


def breadcrumb(text: str) -> Optional[list[str]]:
    """The section path if ``text`` is a breadcrumb line, else None.

    Scrapers either keep the separators ('Home > World > Europe') or glue
    the links together ('HomeWorldEurope'); the glued form is split where a
    lower-case letter meets a capital.  At least one item must be a section
    word (``onrecord/data/article_section_words.txt``) so that a title such
    as 'iPhone Sales Slow' is never taken apart.
    """
    if len(text) > 200 or text.endswith((".", "!", "?", ",")):
        return None
    items = [i for i in _CRUMB_SEPARATORS.split(text) if i]
    if len(items) < 2:
        items = [i for i in _GLUE.split(text) if i]
    if len(items) < 2:
        # one section name on its own line: 'World', 'Local News'
        return [text] if all(is_section_word(w) for w in text.split()) else None
    if len(items) > CRUMB_MAX_ITEMS or any(i.count(" ") >= CRUMB_ITEM_MAX_WORDS for i in items):
        return None
    if not all(i[0].isupper() or i[0].isdigit() for i in items):
        return None
    if not any(is_section_word(i) for i in items):
        return None
    return items
