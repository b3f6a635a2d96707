"""The rule-based attribution finder: direct quotes and reported speech.

Three finders run over one parsed doc — quote marks with the cue beside them
(``direct.py``), cue frames over the dependency parse (``reported.py``) and
speaker labels before a colon (``colon.py``) —
and their results are reconciled here so that every token belongs to at most
one attribution, as in PolNeAR:

* a reported clause that is nothing but a quote is the quote's (direct);
* a reported clause with a quoted fragment inside is ``mixed``, and the
  fragment is not reported again on its own;
* an attribution whose cue sits inside another's content is nested speech
  ("officials said that Putin told them ...") and is dropped.

Everything is linear in the number of tokens: quotes are found on the text
once, and each cue looks only at its own children.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from onrecord.extract.attribution.colon import colon_attributions
from onrecord.extract.attribution.cues import lexicon
from onrecord.extract.attribution.direct import direct_attributions
from onrecord.extract.attribution.quotes import Quote, find_quotes
from onrecord.extract.attribution.reported import reported_attributions
from onrecord.extract.attribution.spans import doc_text, token_starts
from onrecord.extract.attribution.types import Offsets, RawAttribution
from onrecord.extract.entities import titles

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: a reported content with at most this many words outside quote marks is a direct quote
MAX_WORDS_OUTSIDE_QUOTE = 1


CACHE_KEY = "onrecord.rule_attributions"


def rule_attributions(doc: "Doc") -> list[RawAttribution]:
    """Attributions the rules find in ``doc`` (offsets into ``doc.text``),
    sorted by where their content starts.

    The result is kept in ``doc.user_data`` so that the finder and the
    statements stage can both ask for it without running the rules twice.
    """
    cached = doc.user_data.get(CACHE_KEY)
    if cached is not None:
        return list(cached)
    found = _find(doc)
    doc.user_data[CACHE_KEY] = found
    return list(found)


def _find(doc: "Doc") -> list[RawAttribution]:
    lex = lexicon()
    quotes = find_quotes(doc_text(doc))
    for q in quotes:
        if not q.closed:
            _end_at_inner_cue(doc, lex, q)
    in_quote = _quote_mask(doc, quotes)
    direct = direct_attributions(doc, lex, quotes, in_quote)
    reported = reported_attributions(doc, lex, in_quote)
    reported += colon_attributions(doc, titles().person_nouns)
    combined = _reconcile(doc_text(doc), quotes, direct, reported)
    combined = _drop_nested(combined)
    combined.sort(key=lambda a: a.content_start)
    return combined


#: the most words between the comma and the cue verb ("X, the analyst John Doe said")
MAX_SPEAKER_WORDS = 5
_SPEAKER_POS = frozenset({"PROPN", "PRON", "NOUN", "DET", "ADJ", "PUNCT"})


def _end_at_inner_cue(doc: "Doc", lex, q: Quote) -> None:
    """An unclosed quote that reads '"X, said the analyst John Doe and …' lost
    its closing mark: end it at the comma before its cue, so the cue and the
    speaker are read outside the quote instead of swallowed by it."""
    starts = token_starts(doc)
    i = bisect.bisect_left(starts, q.start)
    while i < len(doc) and doc[i].idx < q.end:
        t = doc[i]
        if t.text == "," and i > 0 and doc[i - 1].idx >= q.start:
            if _cue_follows(doc, lex, i + 1, q.end):
                q.end = q.close_mark = t.idx + 1
                q.closed = True
                return
        i += 1


def _cue_follows(doc: "Doc", lex, i: int, end: int) -> bool:
    """A speech verb right after position ``i`` or after a short speaker
    phrase ("said", "the analyst said", "he added")."""
    for j in range(i, min(len(doc), i + MAX_SPEAKER_WORDS + 1)):
        t = doc[j]
        if t.idx >= end or t.is_space:
            return False
        if t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ"):
            cue = lex.verb(t.lemma_)
            return cue is not None and "quote" in cue.frames
        if t.pos_ not in _SPEAKER_POS or t.text in (".", "!", "?", ";"):
            return False
    return False


def _quote_mask(doc: "Doc", quotes: list[Quote]) -> list[bool]:
    """True for tokens inside a quote (marks included)."""
    mask = [False] * len(doc)
    starts = token_starts(doc)
    for q in quotes:
        end = max(q.close_mark, q.end)
        i = bisect.bisect_left(starts, q.open_mark)
        while i < len(starts) and starts[i] < end:
            mask[i] = True
            i += 1
    return mask


def _words(text: str, start: int, end: int) -> int:
    return sum(1 for w in text[start:end].split() if any(c.isalnum() for c in w))


def _inside(span: Offsets, outer: Offsets) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _reconcile(text: str, quotes: list[Quote], direct: list[RawAttribution],
               reported: list[RawAttribution]) -> list[RawAttribution]:
    keep_direct = list(direct)
    out: list[RawAttribution] = []
    for att in reported:
        span = (att.content_start, att.content_end)
        inner = [q for q in quotes if q.start < span[1] and q.end > span[0]]
        if not inner:
            out.append(att)
            continue
        quoted = sum(_words(text, q.start, min(q.end, span[1])) for q in inner)
        outside = _words(text, *span) - quoted
        if outside <= MAX_WORDS_OUTSIDE_QUOTE:
            # the clause is the quote: keep the direct attribution when there is one
            covered = [d for d in keep_direct if any(_inside((s, e), (span[0] - 1, span[1] + 2))
                                                      for s, e in d.content_spans)]
            if covered:
                for d in covered:
                    if d.source is None and att.source is not None:
                        d.source, d.cue = att.source, att.cue
                continue
            att.kind = "direct"
            out.append(att)
            continue
        att.kind = "mixed"
        keep_direct = [d for d in keep_direct
                       if not all(_inside(s, span) for s in d.content_spans)]
        out.append(att)
    return keep_direct + out


def _drop_nested(atts: list[RawAttribution]) -> list[RawAttribution]:
    """Drop attributions whose cue lies inside another attribution's content,
    and duplicates of the same content."""
    out = []
    for att in atts:
        nested = att.cue is not None and any(
            other is not att and any(_inside(att.cue, s) for s in other.content_spans)
            for other in atts)
        if nested:
            continue
        out.append(att)
    seen: set[tuple[Offsets, ...]] = set()
    unique = []
    for att in sorted(out, key=lambda a: -a.confidence):
        key = tuple(sorted(att.content_spans))
        if key in seen:
            continue
        seen.add(key)
        unique.append(att)
    return unique
