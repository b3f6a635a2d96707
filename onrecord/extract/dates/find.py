"""Date expressions in an article, resolved against its publication date.

``find_dates`` gathers candidates from our own patterns (``FINDERS``, which
know the forms news writes and where a preposition belongs to the
expression) and from spaCy's DATE/TIME entities (which catch the rest), keeps
one mention per span and resolves each with ``resolve.resolve`` (``dates/resolve.py``).
Dates in image captions are listed too, marked ``where="caption"`` with
offsets into that image's caption (their text is not in the body).

It also raises ``article.published_not_before`` from evidence in the body
(see ``publication_floor``) and the dateline.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Optional, Union

from onrecord.errors import InputError
from onrecord.extract.dates.resolve import (
    COUNT_RE,
    MAX_EXPRESSION,
    DAY_RE,
    MONTH_RE,
    UNIT_RE,
    WEEKDAY_RE,
    YEAR_RE,
    Resolution,
    resolve,
    start_of,
)
from onrecord.nlp.parse import ParsedArticle
from onrecord.record import DateMention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


class PublishedDateError(InputError, ValueError):
    """The publication date given (``--published``) cannot be read as a day."""


# ------------------------------------------------------------ publication date

def parse_published(value: Union[str, dt.date, dt.datetime]) -> Optional[str]:
    """Normalise a publication date given by a user or a page to ``YYYY-MM-DD``.

    Accepts ISO dates and datetimes ("2023-12-19", "2023-12-19T10:00:00Z") and
    the common written forms ("19 Dec 2023", "December 19, 2023",
    "12/19/2023").  Anything that does not name a single day raises
    ``PublishedDateError`` with a message saying what is accepted.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        raise PublishedDateError("publication date is empty: give e.g. 2023-12-19")
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", text)
    if iso:
        try:
            return dt.date.fromisoformat(iso.group(1)).isoformat()
        except ValueError as exc:
            raise PublishedDateError(f"publication date {text!r} is not a real day: {exc}") from exc
    resolution = resolve(text, None)
    if resolution and resolution.date and not resolution.relative and len(resolution.date) == 10:
        return resolution.date
    raise PublishedDateError(
        f"cannot read publication date {text!r}: give one day, as ISO (2023-12-19) "
        f"or a common form (19 Dec 2023, December 19, 2023, 12/19/2023)"
    )


# ------------------------------------------------------------ finding

_REL = "(?i:"  # relative words may open a sentence ("Next year", "Yesterday")

FINDERS: list[str] = [
    r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b",
    rf"\b(?:{WEEKDAY_RE},?\s+)?{MONTH_RE}\s+{DAY_RE},?\s+{YEAR_RE}\b",
    rf"\b(?:{WEEKDAY_RE},?\s+)?{DAY_RE}\s+(?:of\s+)?{MONTH_RE},?\s+{YEAR_RE}\b",
    r"(?<![\w/])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\w/])",
    rf"\b{MONTH_RE}(?:\s+of)?,?\s+{YEAR_RE}\b",
    r"\b(?:the\s+)?(?:1[89]|20)\d0'?s\b",
    rf"\b(?:Q[1-4]|(?:the\s+)?{_REL}first|second|third|fourth)\s+quarter(?:\s+of)?)\s+{YEAR_RE}\b",
    rf"\b{_REL}early|mid|late|the\s+(?:start|end|middle|beginning)\s+of)[-\s]{YEAR_RE}\b",
    rf"\b(?:{WEEKDAY_RE},?\s+)?{MONTH_RE}\s+{DAY_RE}\b(?!,?\s*\d)",
    rf"\b(?:the\s+)?{DAY_RE}\s+(?:of\s+)?{MONTH_RE}\b",
    rf"\b{_REL}(?:in|since|by|until|before|after|from|during|through|throughout|of|early|late|mid-?|last|next|this)\s)"
    r"(?P<core>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)",
    rf"\b{_REL}(?:(?:next|last|this)\s+)?){WEEKDAY_RE}(?:\s+(?:morning|afternoon|evening|night))?\b",
    rf"\b{_REL}yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))\b",
    rf"\b{_REL}(?:the\s+)?(?:next|last|this|coming|past|previous)\s+(?:year|month|week|weekend))\b",
    rf"\b{_REL}{COUNT_RE}\s+{UNIT_RE}\s+ago)\b",
    rf"\b{_REL}(?:in\s+)?the\s+(?:coming|next|following)\s+(?:few\s+|several\s+|two\s+|three\s+|five\s+)?"
    rf"{UNIT_RE}|(?:in\s+)?the\s+(?:years|months|weeks|days)\s+(?:ahead|to\s+come))\b",
    rf"\b{_REL}(?:in\s+)?recent\s+(?:years|months|weeks|days|decades))\b",
    rf"\b{_REL}(?:in\s+|over\s+|during\s+)?the\s+(?:past|last)\s+(?:{COUNT_RE}\s+)?{UNIT_RE})\b",
    rf"\b{_REL}(?:earlier|later)\s+(?:this|in\s+the)\s+(?:year|month|week))\b",
    rf"\b{_REL}(?:in|since|by|until|before|after|from|during|through|throughout|of|between|and)\s)"
    rf"(?P<core>{YEAR_RE})\b(?![-\u2013/]\d)",
]

TIME_WORDS = re.compile(
    r"\b(?:day|days|week|weeks|weekend|month|months|year|years|decade|decades|century|centuries|morning|"
    r"afternoon|evening|night|tonight|today|yesterday|tomorrow|quarter|spring|summer|autumn|fall|winter|ago|"
    r"hours?|minutes?)\b|" + WEEKDAY_RE + "|" + MONTH_RE, re.I)


MONTH_NAME = re.compile(MONTH_RE)
NAME_LABELS = {"ORG", "WORK_OF_ART", "PERSON", "FAC", "LAW", "EVENT", "PRODUCT"}
MODIFIER = re.compile(r"[\w-]+-(?:day|week|month|year|hour|minute|second|decade|century)s?(?:-old)?|"
                      r"(?:early|mid|late)-(?:morning|afternoon|evening|night)", re.I)
FRACTION_WORDS = re.compile(r"(?:a|an|one|two|three|the)?[\s-]*(?:quarters?|half|halves|third|thirds)", re.I)


@lru_cache(maxsize=None)
def _finder() -> re.Pattern:
    return re.compile("|".join(f"(?:{f})".replace("(?P<core>", f"(?P<core{i}>") for i, f in enumerate(FINDERS)))


def _pattern_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _finder().finditer(text):
        start, end = match.span()
        for name, value in match.groupdict().items():
            if value is not None and name.startswith("core"):
                start, end = match.span(name)
        spans.append((start, end))
    return spans


def _entity_spans(doc: "Doc") -> list[tuple[int, int]]:
    """spaCy DATE/TIME entities that name a time (not "annual", not a
    mislabelled count), trimmed of edge punctuation."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        text = ent.text
        if len(text) > MAX_EXPRESSION:
            continue  # a run of numbers spaCy called a date; the filters below backtrack on such runs
        if FRACTION_WORDS.fullmatch(text) or MODIFIER.fullmatch(text):
            continue  # "a quarter (of the bridges)", "a three-day schedule", "her 14-year-old daughter"
        if not TIME_WORDS.search(text) and not re.fullmatch(r"(?:the\s+)?(?:1[89]|20)\d{2}s?", text):
            continue
        start = ent.start_char + (len(text) - len(text.lstrip(" ,.;:(")))
        end = ent.end_char - (len(text) - len(text.rstrip(" ,.;:)")))
        spans.append((start, end))
    return spans


def _merge(primary: list[tuple[int, int]], secondary: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Our patterns win where they overlap spaCy's entities (they know the forms
    they resolve); spaCy adds the spans we have no pattern for."""
    kept = sorted(set(primary), key=lambda s: (s[0], -(s[1] - s[0])))
    result: list[tuple[int, int]] = []
    for span in kept:
        if result and span[0] < result[-1][1]:
            continue
        result.append(span)
    for span in secondary:
        if not any(s < span[1] and span[0] < e for s, e in result):
            result.append(span)
    return sorted(result)


def _mention(text: str, start: int, end: int, published: Optional[dt.date],
             doc: Optional["Doc"] = None) -> DateMention:
    phrase = text[start:end]
    tense = None
    if doc is not None and published is not None and not re.search(r"\d{4}", phrase) and MONTH_NAME.search(phrase):
        tense = clause_tense(doc, start, end)  # only a yearless month needs it
    resolution = resolve(phrase, published, tense) or Resolution()
    before = text[max(0, start - 8):start].lower()
    open_ended = resolution.open_ended or re.search(r"\bsince\s+$", before) is not None
    return DateMention(phrase, start, end, resolution.date, resolution.end_date, open_ended)


def find_dates(parsed: ParsedArticle, published: Optional[str]) -> list[DateMention]:
    """Every date expression in the body (and captions), resolved where possible;
    also raises ``article.published_not_before`` from the body's evidence."""
    article = parsed.article
    day = _publication_day(published)
    mentions: list[DateMention] = []
    for index, image in enumerate(article.images):
        for s, e in _pattern_spans(image.caption or ""):
            mention = _mention(image.caption, s, e, day)
            mention.where, mention.image = "caption", index
            mentions.append(mention)
    body = article.body
    names = [(e.start_char, e.end_char) for e in parsed.doc.ents if e.label_ in NAME_LABELS]
    own = [(s, e) for s, e in _pattern_spans(body)
           if not any(ns <= s and e <= ne and (ns, ne) != (s, e) for ns, ne in names)]  # "USA Today"
    spans = _merge(own, _entity_spans(parsed.doc))
    body_mentions = [_mention(body, s, e, day, doc=parsed.doc) for s, e in spans]
    mentions.extend(body_mentions)
    floor = publication_floor(parsed, body_mentions, day)
    if floor and (not article.published_not_before or article.published_not_before < floor):
        article.published_not_before = floor
    return mentions


def _publication_day(published: Optional[str]) -> Optional[dt.date]:
    """The publication day from whatever the article stage found ("2023-12-19",
    "2023-12-19T10:00:00+00:00", "19 Dec 2023"); None when it is unreadable,
    so relative dates stay unresolved rather than the article failing."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(parse_published(published))
    except PublishedDateError:
        return None


# ------------------------------------------------------------ publication floor

FUTURE_LEMMAS = {"will", "shall", "would", "schedule", "plan", "expect", "set", "due", "slate", "intend", "aim",
                 "hope", "propose", "may", "might", "could", "should", "must", "want", "seek", "prepare"}


def publication_floor(parsed: ParsedArticle, mentions: list[DateMention],
                      published: Optional[dt.date]) -> Optional[str]:
    """The latest day the article cannot predate, from safe evidence.

    Evidence: a full date in the dateline; in the body, an absolute date (it
    resolved without the publication date) that is either after "since" or
    governed by a past-tense verb with no future or modal marker ("had taken
    on ... in 2023", "was signed on March 5, 2021").  "The vote on March 5"
    or "would hold talks in May 2024" are not evidence: the event may lie
    after publication.  The floor is the first day the date covers, and never
    later than a known publication date.
    """
    candidates: list[dt.date] = []
    for mention in mentions:
        absolute = resolve(mention.text, None)
        if mention.date is None or absolute is None or absolute.relative:
            continue
        before = parsed.article.body[max(0, mention.start - 8):mention.start].lower()
        if re.search(r"\bsince\s+$", before) or clause_tense(parsed.doc, mention.start, mention.end) == "past":
            candidates.append(start_of(mention.date))
    dateline = parsed.article.dateline
    if dateline:
        for s, e in _pattern_spans(dateline):
            resolution = resolve(dateline[s:e], None)
            if resolution and resolution.date and not resolution.relative:
                candidates.append(start_of(resolution.date))
    if published:
        candidates = [c for c in candidates if c <= published]
    return max(candidates).isoformat() if candidates else None


def clause_tense(doc: "Doc", start: int, end: int) -> Optional[str]:
    """"past" when the verb governing the span is past tense (VBD/VBN) with no
    future or modal marker, "future" when such a marker governs it, else None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return None
    markers = {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children if c.dep_ in ("aux", "auxpass")}
    to_infinitive = any(c.tag_ == "TO" for c in token.children if c.dep_ == "aux")
    head = token
    while head.dep_ in ("xcomp", "conj") and head.head is not head:  # "aimed to boost ... in May"
        head = head.head
        markers.add(head.lemma_.lower())
    if markers & FUTURE_LEMMAS or to_infinitive:
        return "future"
    return "past" if token.tag_ in ("VBD", "VBN") else None
