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


def colon_attributions(doc: "Doc", person_nouns: frozenset[str]) -> list[RawAttribution]:
    """One attribution per paragraph that opens with a speaker label."""
    out = []
    if not len(doc):
        return out
    starts = token_starts(doc)
    for p_start, p_end in paragraph_spans(doc_text(doc)):
        first = token_at(doc, p_start)
        if starts[first] != p_start:
            continue
        colon: Optional[int] = None
        for t in doc[first:first + MAX_LABEL_TOKENS + 1]:
            if t.idx >= p_end:
                break
            if t.text == ":":
                colon = t.i
                break
        if colon is None or not _is_speaker_label(doc, first, colon, person_nouns):
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
