"""Speaker labels: "Clinton: Trump will reverse Roe v. Wade".

Headlines and transcripts put the speaker before a colon and what they said
after it.  A paragraph (or headline) counts when the words before its first
colon are a short phrase naming a person, organisation or group (a named
entity, or a plural person noun such as "Insiders") and at least a few words
follow.  Labels such as "UPDATE:" or "Timeline:" name nobody and are left
alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from onrecord.extract.attribution.quotes import paragraph_spans
from onrecord.extract.attribution.spans import char_range, clean_range, doc_text, token_at, token_starts
from onrecord.extract.attribution.types import RawAttribution

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

MAX_LABEL_TOKENS = 5
MIN_CONTENT_WORDS = 3
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP"})


def _is_speaker_label(doc: "Doc", start: int, end: int, person_nouns: frozenset[str]) -> bool:
    tokens = [t for t in doc[start:end] if not t.is_space]
    if not tokens or len(tokens) > MAX_LABEL_TOKENS or any(t.is_punct and t.text != "." for t in tokens):
        return False
    if any(t.ent_type_ in _SPEAKER_ENTS for t in tokens):
        return True
    last = tokens[-1]
    return last.tag_ == "NNS" and last.lemma_.lower() in person_nouns


def _capital_label(doc: "Doc", start: int, end: int) -> Optional[str]:
    """The label when it is written in capitals like a transcript's speaker
    ("KATE BOLDUAN", "BENENSON"): one to three words of letters."""
    tokens = [t for t in doc[start:end] if not t.is_space]
    if not 1 <= len(tokens) <= 3 or not all(t.is_alpha and t.is_upper and len(t.text) > 1 for t in tokens):
        return None
    return " ".join(t.text for t in tokens)


def _label_colon(doc: "Doc", first: int, p_end: int) -> Optional[int]:
    for t in doc[first:first + MAX_LABEL_TOKENS + 1]:
        if t.idx >= p_end:
            return None
        if t.text == ":":
            return t.i
    return None


def colon_attributions(doc: "Doc", person_nouns: frozenset[str]) -> list[RawAttribution]:
    """One attribution per paragraph that opens with a speaker label.  A
    label in capitals that names no entity the parser knows ("BOLDUAN:")
    counts in a transcript: when two or more different capital labels open
    paragraphs, so a lone "UPDATE:" never does."""
    out = []
    if not len(doc):
        return out
    starts = token_starts(doc)
    opened = []
    for p_start, p_end in paragraph_spans(doc_text(doc)):
        first = token_at(doc, p_start)
        if starts[first] != p_start:
            continue
        colon = _label_colon(doc, first, p_end)
        if colon is not None:
            opened.append((first, colon, p_end))
    capitals = {_capital_label(doc, first, colon) for first, colon, _ in opened} - {None}
    transcript = len({c.split()[-1] for c in capitals if c}) >= 2
    for first, colon, p_end in opened:
        if not (_is_speaker_label(doc, first, colon, person_nouns)
                or transcript and _capital_label(doc, first, colon)):
            continue
        end = colon + 1
        while end < len(doc) and doc[end].idx < p_end:
            end += 1
        cleaned = clean_range(doc, colon + 1, end)
        if cleaned is None or sum(1 for t in doc[cleaned[0]:cleaned[1]] if t.is_alpha) < MIN_CONTENT_WORDS:
            continue
        out.append(RawAttribution(
            content_spans=[char_range(doc, *cleaned)], cue=char_range(doc, colon, colon + 1),
            source=char_range(doc, first, colon), kind="indirect", confidence=0.7, origin="rules",
            extra={"frame": "label", "cue_token": colon}))
    return out
