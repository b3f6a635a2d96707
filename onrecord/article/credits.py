"""Photo credits: finding them at the end of a caption, and reading them.

News sites write credits in a few recurring shapes, whatever the outlet:

* ``Jane Doe/Pool via REUTERS/File Photo``, ``REUTERS/Kevin Lamarque``
* ``(AP Photo/Evan Vucci, File)``, ``(Photo by Jane Doe/Getty Images)``
* ``Photograph: Jane Doe/EPA``, ``Credit: Jane Doe for The New York Times``
* ``Jane Doe/AFP via Getty Images``, ``EPA-EFE/JANE DOE``

A credit is therefore read as a list of segments separated by ``/``,
``via``, ``for`` and commas; each segment is an agency or outlet (word lists
in ``onrecord/data/article_agencies.json``), a marker (pool, file photo,
handout) or a name.  Nothing here knows any particular site.

The HTML stage imports ``split_caption_credit`` and ``parse_credit`` for
figure captions, so both accept any string without raising.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from onrecord.article.dates_in_text import last_date
from onrecord.article.names import clean_person_name, is_person_name
from onrecord.article.wordlists import load_json, phrase_pattern
from onrecord.record import Image

AGENCIES_FILE = "article_agencies.json"
# A caption line longer than this is a paragraph, not a caption.
MAX_CAPTION_LINE = 1500
# Credits are short: the tail searched for one, and the longest credit accepted.
_TAIL = 300
MAX_CREDIT = 200
MAX_CREDIT_WORDS = 16

# Lower-case words that may appear inside a credit ("Pool via REUTERS", "Jane
# Doe for The Guardian", "Photo by ...").  Any other lower-case word means the
# text is a sentence, not a credit.
_CREDIT_CONNECTORS = {"via", "for", "by", "of", "and", "photo", "photos", "images", "file", "staff",
                      "the", "de", "da", "do", "dos", "du", "del", "der", "den", "van", "von", "la",
                      "le", "al", "el", "bin", "y", "e", "di", "ter", "ten", "handout", "pool"}

_SEGMENT_SPLIT = re.compile(r"\s*/\s*|\s*\|\s*|\s+via\s+|\s+for\s+|\s*,\s*|\s*;\s*|\s+-\s+", re.I)
_FILE_CAPTION_PREFIX = re.compile(r"^\s*(?:FILE PHOTO|FILE IMAGE|FILE PICTURE|FILE)\s*[:\-–—]\s*", re.I)
# A label ends in punctuation ('Photograph:', 'Credit...') or before a space.
_LABEL_END = r"(?:(?<=[:.,…])|(?=[\s:]|$))\s*:?\s*"
_WORDS = re.compile(r"[^\W\d_][\w'’.-]*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+")


class _Lexicon(NamedTuple):
    agencies: re.Pattern[str]
    agencies_short: re.Pattern[str]
    canonical: dict[str, str]
    labels: re.Pattern[str]
    label_at_start: re.Pattern[str]
    pool: re.Pattern[str]
    file: re.Pattern[str]
    markers: frozenset[str]
    lower_spellings: frozenset[str]
    signal_words: frozenset[str]
    label_words: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_json(AGENCIES_FILE)
    canonical: dict[str, str] = {}
    for entry in data["agencies"] + data["outlets"]:
        for spelling in [entry["name"], *entry["spellings"]]:
            canonical.setdefault(spelling.lower(), entry["name"])
    spellings = [s for e in data["agencies"] + data["outlets"] for s in [e["name"], *e["spellings"]]]
    long_ones = [s for s in spellings if len(s) > 3]
    short_ones = [s for s in spellings if len(s) <= 3]
    labels = data["credit_labels"]
    label_body = "|".join(re.escape(l) for l in sorted(labels, key=len, reverse=True))
    words = data["credit_words"]
    markers = frozenset(w.lower() for group in words.values() for w in group)
    return _Lexicon(
        agencies=phrase_pattern(long_ones),
        agencies_short=phrase_pattern(short_ones, flags=0),
        canonical=canonical,
        labels=re.compile(rf"(?:(?<=\s)|(?<=^)|(?<=\())(?:{label_body}){_LABEL_END}", re.I),
        label_at_start=re.compile(rf"^\s*(?:{label_body}){_LABEL_END}", re.I),
        pool=phrase_pattern(words["pool"]),
        file=phrase_pattern(words["file"]),
        markers=markers,
        lower_spellings=frozenset(w for s in spellings for w in s.split() if w[0].islower()),
        signal_words=_signal_words(spellings + labels),
        label_words=_signal_words(labels),
    )


def _signal_words(phrases: list[str]) -> frozenset[str]:
    """One distinctive word per agency, outlet and label ('reuters', 'getty',
    'guardian', 'photograph'): a tail without any of them, a slash or a
    copyright sign cannot hold a credit, which a set lookup per word says
    far faster than the full patterns."""
    words = set()
    for phrase in phrases:
        tokens = [t.strip(".,:;()…").lower() for t in phrase.split()]
        tokens = [t for t in tokens if t and t != "the"] or tokens
        if tokens and tokens[0]:
            words.add(tokens[0])
    return frozenset(words)


def _tail_words(tail: str) -> set[str]:
    return {word.strip(".,:;()[]…\"'“”‘’").lower() for word in tail.split()}


def _may_hold_credit(tail: str, words: set[str]) -> bool:
    return "/" in tail or "©" in tail or not words.isdisjoint(_lexicon().signal_words)


def _may_hold_label(tail: str, words: set[str]) -> bool:
    return "©" in tail or "(c)" in tail.lower() or not words.isdisjoint(_lexicon().label_words)


class _Found(NamedTuple):
    start: int
    end: int
    name: str


def find_agencies(text: str) -> list[_Found]:
    """Every agency or outlet named in ``text`` (normalised names), in order."""
    lex = _lexicon()
    found = [_Found(m.start(), m.end(), lex.canonical[m.group(0).lower()])
             for pattern in (lex.agencies, lex.agencies_short) for m in pattern.finditer(text)
             if m.group(0).lower() in lex.canonical]
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[_Found] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def agency_name(text: str) -> Optional[str]:
    """The normalised agency or outlet if ``text`` is exactly one ('REUTERS' -> 'Reuters')."""
    lex = _lexicon()
    key = text.strip().strip(".").lower()
    return lex.canonical.get(key) if key and len(key) < 80 else None


def _strip_wrapping(credit: str) -> str:
    text = credit.strip()
    while len(text) >= 2 and text[0] in "([" and text[-1] in ")]":
        text = text[1:-1].strip()
    return text.rstrip(".").strip()


def _strip_label(credit: str) -> str:
    """Drop a leading label that ends in punctuation ('Photograph:', 'Credit...');
    keep 'Photo by' (it is part of how agencies write their own credit)."""
    match = _lexicon().label_at_start.match(credit)
    if match and match.group(0).rstrip()[-1:] in ":.,…":
        return credit[match.end():].strip()
    return credit


def is_credit(text: str) -> bool:
    """True when ``text`` has the shape of a photo credit rather than prose.

    A credit is short, its lower-case words are only connectors ('via',
    'for', 'by'...), and it names an agency or outlet, carries a credit label
    ('Photograph:', 'Photo by'), or is built from ``/``-separated names.
    """
    text = _strip_wrapping(text)
    if not (2 <= len(text) <= MAX_CREDIT):
        return False
    lex = _lexicon()
    has_label = bool(lex.label_at_start.match(text))
    body = lex.label_at_start.sub("", text, count=1) if has_label else text
    if not body.strip() or body.count(". ") > 1 or ":" in body:
        return False  # a colon left after the label is prose ("Our Standards: ...")
    # Cheap test first: prose has lower-case words that credits never have.
    words = _WORDS.findall(body)
    if len(words) > MAX_CREDIT_WORDS + 4:
        return False
    if any(w[0].islower() and w.lower().rstrip(".") not in _CREDIT_CONNECTORS and w not in lex.lower_spellings
           for w in words):
        return False
    agencies = find_agencies(body)
    words = _WORDS.findall(_mask(body, agencies))
    if len(words) > MAX_CREDIT_WORDS:
        return False
    if has_label or agencies:
        return True
    segments = [s for s in _SEGMENT_SPLIT.split(body) if s]
    if "/" in body and len(segments) >= 2:
        return all(_is_name_like(s) or s.lower() in lex.markers for s in segments)
    return False


def _mask(text: str, found: list[_Found]) -> str:
    if not found:
        return text
    pieces, last = [], 0
    for item in found:
        pieces.append(text[last:item.start])
        pieces.append(" ")
        last = item.end
    pieces.append(text[last:])
    return "".join(pieces)


def _is_name_like(segment: str) -> bool:
    tokens = segment.split()
    return 1 <= len(tokens) <= 6 and all(t[0].isupper() or t.lower() in _CREDIT_CONNECTORS for t in tokens)


def split_caption_credit(line: str) -> tuple[str, Optional[str]]:
    """Split a caption line into ``(caption, credit)``; credit is None if absent.

    The credit is looked for at the end of the line: a parenthesised credit,
    a credit label ('Photograph: ...'), or the text after the last sentence
    end when it has a credit's shape.  A line that is only a credit gives
    ``("", credit)``.  Wrapping parentheses and colon labels are dropped
    from the returned credit.
    """
    text = " ".join(line.split()) if len(line) <= MAX_CAPTION_LINE else ""
    words = _tail_words(text[-_TAIL:])
    if not text or not _may_hold_credit(text[-_TAIL:], words):
        return line.strip(), None
    if is_credit(text):
        return "", _strip_label(_strip_wrapping(text))
    tail_start = max(0, len(text) - _TAIL)
    # 1. a parenthesised credit at the very end
    if text.endswith(")"):
        open_at = text.rfind("(", tail_start)
        if open_at > 0 and is_credit(text[open_at:]):
            return text[:open_at].strip(), _strip_label(_strip_wrapping(text[open_at:]))
    # 2. a credit label ("Photograph:", "Photo by") near the end
    labels = [m for m in _lexicon().labels.finditer(text, tail_start) if m.start() > 0] \
        if _may_hold_label(text[tail_start:], words) else []
    for match in reversed(labels):
        candidate = text[match.start():]
        if is_credit(candidate):
            return text[:match.start()].strip().rstrip("|–—-").strip(), _strip_label(_strip_wrapping(candidate))
    # 3. the text after a sentence end, rightmost first
    ends = [m.end() for m in _SENTENCE_END.finditer(text, tail_start)]
    for end in reversed(ends[-6:]):
        candidate = text[end:]
        if is_credit(candidate):
            return text[:end].strip(), _strip_label(_strip_wrapping(candidate))
    return text, None


def parse_credit(credit: Optional[str], caption: Optional[str] = None) -> Image:
    """Read a credit line into an ``Image`` (photographer, agency, pool, file photo, date).

    ``caption`` helps: a 'FILE PHOTO:' prefix marks a file photo (and is
    removed from the caption kept on the image) and the last full date in the
    caption is the date the photo was taken.
    """
    caption_text = " ".join(caption.split()) if caption else None
    file_photo = False
    if caption_text:
        prefix = _FILE_CAPTION_PREFIX.match(caption_text)
        if prefix:
            file_photo = True
            caption_text = caption_text[prefix.end():].strip() or None
    image = Image(caption=caption_text or None)
    if caption_text and len(caption_text) <= MAX_CAPTION_LINE:
        image.date = last_date(caption_text)
    if not credit or not credit.strip() or len(credit) > MAX_CREDIT * 2:
        image.file_photo = file_photo
        return image
    lex = _lexicon()
    text = _strip_label(_strip_wrapping(" ".join(credit.split())))
    image.credit = text or None
    body = lex.label_at_start.sub("", text, count=1)
    image.pool = bool(lex.pool.search(body))
    image.file_photo = file_photo or bool(lex.file.search(body))
    agencies = find_agencies(body)
    image.agency = _pick_agency(body, agencies)
    image.photographer = _pick_photographer(body, agencies)
    if image.date is None:
        image.date = last_date(body)
    return image


def _pick_agency(body: str, agencies: list[_Found]) -> Optional[str]:
    """The distributing agency: the last one named ('X/Sputnik/Kremlin via
    REUTERS' is Reuters); failing that, an organisation after 'for' or '/'."""
    if agencies:
        return agencies[-1].name
    lex = _lexicon()
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(body) if s.strip()]
    for segment in reversed(segments[1:]):
        if segment.lower() in lex.markers or is_person_name(segment):
            continue
        if any(t[0].isupper() for t in segment.split()):
            return segment
    return None


def _pick_photographer(body: str, agencies: list[_Found]) -> Optional[str]:
    lex = _lexicon()
    masked = _mask(body, agencies)
    for segment in _SEGMENT_SPLIT.split(masked):
        segment = segment.strip()
        if not segment or segment.lower() in lex.markers:
            continue
        if is_person_name(segment):
            return clean_person_name(segment)
    return None
