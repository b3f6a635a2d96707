"""Direct quotes: a quote span plus the cue and speaker written beside it.

For each quote (``quotes.py``) the words around it in its paragraph are read
up to the next quote or sentence end: after it (``"X," he said`` / ``"X,"
said Putin`` / ``"X" — Name``) and before it (``Putin said: "X"``).  Pieces
of one quote interrupted by its cue (``"X," he said, "Y."``) and quotes that
carry on without a cue of their own (the next sentence, or the next paragraph
reopening an unclosed quote) join the same speaker.  A quote with no cue
anywhere near is kept only when it reads as speech (a sentence of several
words opening its sentence), with no source: the resolver then decides
whether the previous speaker continues.  Short cue-less quotes are scare
quotes, not statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from onrecord.extract.attribution.cues import Lexicon
from onrecord.extract.attribution.quotes import Quote
from onrecord.extract.attribution.spans import (char_range, clean_range, cue_range, doc_text,
                                                mention_range, subject_of, token_at)
from onrecord.extract.attribution.types import Offsets, RawAttribution

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

_SENTENCE_END = frozenset({".", "!", "?"})
_DASHES = frozenset({"—", "–", "-", "--"})
_VERBAL = frozenset({"VERB", "AUX"})
_TRIM_TAIL = ",.;:—–- \n\t"
MIN_BARE_WORDS = 4
#: the most words after a quote for its verb to count as the cue by position alone
MAX_POSITIONAL_WORDS = 6


@dataclass
class _Frame:
    """Token range ``[start, end)`` around a quote, and how it ended."""

    start: int
    end: int
    stops_at_quote: bool


class DirectFinder:
    """Attaches cues and speakers to the quotes of one doc."""

    def __init__(self, doc: "Doc", lex: Lexicon, quotes: list[Quote], in_quote: list[bool]) -> None:
        self.doc = doc
        self.lex = lex
        self.quotes = quotes
        self.in_quote = in_quote
        self.text = doc_text(doc)

    def token_at(self, offset: int) -> int:
        """Index of the token containing char ``offset``."""
        return token_at(self.doc, offset)

    # ------------------------------------------------------------- frames
    def _after(self, k: int) -> _Frame:
        q = self.quotes[k]
        i = self.token_at(q.close_mark)
        if i < len(self.doc) and self.doc[i].idx < q.close_mark:
            i += 1
        limit = self.quotes[k + 1].open_mark if k + 1 < len(self.quotes) and \
            self.quotes[k + 1].paragraph == q.paragraph else None
        j = i
        while j < len(self.doc):
            t = self.doc[j]
            if limit is not None and t.idx >= limit:
                return _Frame(i, j, True)
            if "\n\n" in t.text or (t.is_space and "\n" in t.text and j > i):
                break
            j += 1
            if t.text in _SENTENCE_END:
                break
        return _Frame(i, j, False)

    def _before(self, k: int) -> _Frame:
        q = self.quotes[k]
        end = self.token_at(q.open_mark)
        prev_close = self.quotes[k - 1].close_mark if k > 0 and \
            self.quotes[k - 1].paragraph == q.paragraph else None
        j = end
        while j > 0:
            t = self.doc[j - 1]
            if prev_close is not None and t.idx < prev_close:
                return _Frame(j, end, True)
            if t.text in _SENTENCE_END or "\n" in t.text:
                break
            j -= 1
        return _Frame(j, end, False)

    def _cue_in(self, frame: _Frame) -> Optional["Token"]:
        for t in self.doc[frame.start:frame.end]:
            if self.in_quote[t.i] or t.pos_ not in _VERBAL:
                continue
            cue = self.lex.verb(t.lemma_)
            if cue is not None and ("quote" in cue.frames or "clause" in cue.frames):
                return t
        return None

    def _dash_name(self, frame: _Frame) -> Optional[tuple[int, int]]:
        """"— Name" right after a quote."""
        doc = self.doc
        i = frame.start
        while i < frame.end and doc[i].is_space:
            i += 1
        if i >= frame.end or doc[i].text not in _DASHES:
            return None
        j = i + 1
        start = j
        while j < frame.end and (doc[j].pos_ == "PROPN" or doc[j].ent_type_ in ("PERSON", "ORG")):
            j += 1
        return (start, j) if j > start else None

    # ------------------------------------------------------------ finding
    def _content(self, q: Quote) -> Offsets:
        text = self.text
        end = q.end
        while end > q.start and text[end - 1] in _TRIM_TAIL:
            end -= 1
        return q.start, end

    def _words(self, q: Quote) -> int:
        return len(self.text[q.start:q.end].split())

    def _quote_ends_open(self, q: Quote) -> bool:
        """The quote's last mark says a cue follows ("X," / "X?" / "X —")."""
        inner_end = self.text[max(q.start, q.end - 1):q.end].strip()
        after = self.text[q.close_mark:q.close_mark + 2].strip()[:1]
        return inner_end in (",", "?", "!", "—", "–") or after in (",", "—", "–")

    def _attach(self, k: int) -> tuple[Optional["Token"], Optional[tuple[int, int]], _Frame, str]:
        """Cue token, source token range and the frame they were found in."""
        after = self._after(k)
        before = self._before(k)
        q = self.quotes[k]
        order = [(after, "after"), (before, "before")]
        if not self._quote_ends_open(q):
            order.reverse()
        for frame, side in order:
            cue = self._cue_in(frame)
            if cue is None and side == "after" and self._quote_ends_open(q):
                cue = self._positional_cue(frame)
            if cue is None:
                continue
            subject = subject_of(cue)
            if subject is None:
                subject = self._inverted_subject(cue, frame)
            source = mention_range(subject) if subject is not None else None
            return cue, source, frame, side
        dash = self._dash_name(after)
        if dash is not None:
            return None, dash, after, "after"
        intro = self._introduced_by_colon(k, before)
        if intro is not None:
            cue = self._cue_in(intro)
            subject = subject_of(cue) if cue is not None else None
            if subject is not None:
                return cue, mention_range(subject), intro, "before"
        return None, None, after, "none"

    def _positional_cue(self, frame: _Frame) -> Optional["Token"]:
        """'"X," he surmised.': any verb right after a quote that ends on a
        comma, with its subject beside it, is the cue there."""
        words = [t for t in self.doc[frame.start:frame.end] if not t.is_space and not t.is_punct]
        if not words or len(words) > MAX_POSITIONAL_WORDS:
            return None
        for t in words[:3]:
            if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP") and (
                    any(c.dep_ == "nsubj" for c in t.children) or self._inverted_subject(t, frame)):
                return t
        return None

    def _introduced_by_colon(self, k: int, before: _Frame) -> Optional[_Frame]:
        """A quote opening a paragraph after one that ends with a colon
        ("Obama tweeted:"): the sentence before the colon is its frame."""
        if self._cue_words(before):
            return None
        j = before.start - 1
        while j >= 0 and self.doc[j].is_space:
            j -= 1
        if j < 0 or self.doc[j].text != ":" or before.start - j < 2:
            return None
        start = j
        while start > 0 and self.doc[start - 1].text not in _SENTENCE_END and "\n" not in self.doc[start - 1].text:
            start -= 1
        return _Frame(start, j, False)

    def _inverted_subject(self, cue: "Token", frame: _Frame) -> Optional["Token"]:
        """"X," said the minister: a noun right after the cue in the frame."""
        for t in self.doc[cue.i + 1:frame.end]:
            if t.pos_ in ("PROPN", "NOUN", "PRON") and t.head.i in (cue.i, t.i) or \
                    t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("nsubj", "dobj", "attr", "npadvmod"):
                return t
        return None

    def _cue_words(self, frame: _Frame) -> bool:
        return any(not self.in_quote[t.i] and t.is_alpha for t in self.doc[frame.start:frame.end])

    def find(self) -> list[RawAttribution]:
        out: list[RawAttribution] = []
        current: Optional[RawAttribution] = None
        used_cues: set[int] = set()
        k = 0
        while k < len(self.quotes):
            q = self.quotes[k]
            cue, source, frame, side = self._attach(k)
            if cue is not None and cue.i in used_cues:
                cue = source = None  # 'X," Trump said on "Fox News."': a title, not a second quote
            if cue is not None:
                used_cues.add(cue.i)
            if cue is None and source is None:
                if current is not None and self._continues(current, k):
                    current.content_spans.append(self._content(q))
                    k += 1
                    continue
                current = None
                if self._words(q) >= MIN_BARE_WORDS and not self._cue_words(self._before(k)):
                    current = RawAttribution([self._content(q)], kind="direct", confidence=0.6,
                                             origin="rules", extra={"frame": "quote", "bare": True,
                                                                    "paragraph": q.paragraph,
                                                                    "unclosed": not q.closed})
                    out.append(current)
                k += 1
                continue
            current = RawAttribution(
                [self._content(q)],
                cue=char_range(self.doc, *cue_range(cue)) if cue is not None else None,
                source=char_range(self.doc, *source) if source is not None else None,
                kind="direct", confidence=0.95 if cue is not None and source else 0.8, origin="rules",
                extra={"frame": "quote", "paragraph": q.paragraph, "first_paragraph": q.paragraph,
                       "cue_token": cue.i if cue is not None else None,
                       "source_token": source[1] - 1 if source else None})
            out.append(current)
            clause = self._clause_around(cue, q) if side == "before" and cue is not None else None
            if clause is not None:
                # 'said that police used it as a "proxy for criminality"': mixed
                current.content_spans = [char_range(self.doc, *clause)]
                current.kind = "mixed"
                end = current.content_end
                k += 1
                while k < len(self.quotes) and self.quotes[k].start < end:
                    k += 1
                continue
            # "X," he said, "Y."  -> the next quote is the second piece
            if side == "after" and frame.stops_at_quote and self._ends_with_comma(frame) \
                    and k + 1 < len(self.quotes):
                nxt = self.quotes[k + 1]
                self._absorb(current, nxt)
                k += 2
                continue
            k += 1
        _speaker_from_next_paragraph(out)
        return out

    def _ends_with_comma(self, frame: _Frame) -> bool:
        """The words between two quotes end on a comma or colon, so the
        second quote carries on the first ("X," he said, "Y.")."""
        tokens = [t for t in self.doc[frame.start:frame.end] if not t.is_space]
        return bool(tokens) and tokens[-1].text in (",", ":")

    def _clause_around(self, cue: "Token", q: Quote) -> Optional[tuple[int, int]]:
        """The cue's clause or object holding the quote, when it has words
        outside the quote marks: then the quote is a fragment of reported
        speech, and the whole clause is the content."""
        first = self.token_at(q.start)
        for child in cue.children:
            if child.dep_ in ("nsubj", "punct", "aux", "neg", "advmod", "prep"):
                continue
            lo, hi = child.left_edge.i, child.right_edge.i + 1
            if not lo <= first < hi:
                continue
            last_quoted = max((t.i for t in self.doc[lo:hi] if self.in_quote[t.i]), default=lo)
            outside = [t for t in self.doc[lo:hi]
                       if not self.in_quote[t.i] and t.is_alpha and not (t.i == lo and t.lower_ == "that")
                       and not (t.i > last_quoted and (t.pos_ == "ADV" or t.ent_type_ in ("DATE", "TIME")))]
            if not outside:
                return None
            return clean_range(self.doc, lo, hi)
        return None

    def _absorb(self, att: RawAttribution, q: Quote) -> None:
        att.content_spans.append(self._content(q))
        att.extra["paragraph"] = q.paragraph

    def _continues(self, att: RawAttribution, k: int) -> bool:
        """A cue-less quote carries on the previous speaker's quote: the next
        sentence of the same paragraph, or the next paragraph reopening a
        quote the previous paragraph left unclosed."""
        q = self.quotes[k]
        prev = self.quotes[k - 1] if k > 0 else None
        if prev is None:
            return False
        if q.paragraph == att.extra.get("paragraph") and not self._cue_words(self._before(k)):
            return True
        if q.paragraph == prev.paragraph + 1 and not prev.closed and not self._cue_words(self._before(k)):
            return True
        return False


def _speaker_from_next_paragraph(atts: list[RawAttribution]) -> None:
    """A quote that opens a paragraph with no cue and no closing mark runs
    on into the next paragraph, which reopens it and names the speaker
    there ('"First part.' / '"Second part," said Senator Hill.'): the
    first paragraph is the same speaker's."""
    for att, nxt in zip(atts, atts[1:]):
        if not (att.extra.get("bare") and att.extra.get("unclosed")) or att.source is not None:
            continue
        first_paragraph = nxt.extra.get("first_paragraph", nxt.extra.get("paragraph"))
        if nxt.source is None or first_paragraph != att.extra.get("paragraph", -2) + 1:
            continue
        att.source, att.cue = nxt.source, nxt.cue
        att.confidence = min(att.confidence, nxt.confidence) * 0.9
        att.extra["source_token"] = nxt.extra.get("source_token")
        att.extra["speaker_from"] = "next paragraph"


def direct_attributions(doc: "Doc", lex: Lexicon, quotes: list[Quote],
                        in_quote: list[bool]) -> list[RawAttribution]:
    """Attributions for the direct quotes of ``doc``."""
    return DirectFinder(doc, lex, quotes, in_quote).find()
