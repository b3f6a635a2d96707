"""A reported content that runs on into the next sentence's quote.

News writes a quote, its speaker, a participle and then the quote's second
half: "“If I was a donor, I’d want answers,” said an RNC member, asking for
anonymity to speak freely. “If they don’t have any more staff ...”".  The
tagger reads the participle's object and the following quote as one content
("anonymity to speak freely. “If they don’t ...”"), which then matches
neither the participle's attribution nor the first quote's.

``split_quote_tails`` cuts such a content at the sentence end before the
quote.  The quote (the tail) joins the nearest earlier attribution of the
same paragraph whose content opens with a quote mark, as one more content
piece (the first quote's speaker goes on); with none, it stands as an
attribution of its own with the cut content's cue and source.

Measured on PolNeAR train: 20 of 19,832 gold contents start outside quotation
marks and run over a sentence end into a quote; on the stratified train
holdout the combined finder drew 12 such contents, 1 of them matching a gold
content of that shape and 9 of the 12 following a quote in the paragraph
(``python -m bench.attribution --split train-holdout-stratified --errors``
counts them among the ``merged`` and ``split`` losses).
"""

from __future__ import annotations

import re
from typing import Optional

from onrecord.extract.attribution.types import Offsets, RawAttribution

#: a sentence end (with any closing marks) and the opening quote of the next sentence
_INTO_QUOTE = re.compile(r"[.!?]['\"”’)]*\s+(?=[\"“]|'')")
_OPENING = ('"', "“", "''", "«", "„")


def opens_with_quote(text: str, att: RawAttribution) -> bool:
    """The content's first piece begins with an opening quote mark."""
    start = att.content_start
    return text[start:start + 2].lstrip().startswith(_OPENING)


def _balanced(segment: str) -> bool:
    """No quotation left open in ``segment`` (the cut would fall inside it)."""
    return segment.count("“") == segment.count("”") and segment.count('"') % 2 == 0 \
        and segment.count("''") % 2 == 0


def _cut(text: str, att: RawAttribution) -> Optional[tuple[list[Offsets], list[Offsets]]]:
    """The content's pieces before the sentence end and from the quote on,
    when a content that opens outside quotation marks runs into a quote."""
    if opens_with_quote(text, att):
        return None
    pieces = sorted(att.content_spans)
    for n, (start, end) in enumerate(pieces):
        for m in _INTO_QUOTE.finditer(text, start, end):
            head_text = text[pieces[0][0]:m.start() + 1]
            if not re.search(r"\w", text[start:m.start()]) or not _balanced(head_text):
                continue
            head = pieces[:n] + [(start, m.start() + 1)]
            tail = [(m.end(), end)] + pieces[n + 1:]
            return head, tail
    return None


def _quote_before(text: str, found: list[RawAttribution], att: RawAttribution) -> Optional[RawAttribution]:
    """The nearest attribution before ``att`` in its paragraph whose content
    opens with a quote mark."""
    paragraph_start = text.rfind("\n", 0, att.content_start) + 1
    before = [a for a in found if a is not att and paragraph_start <= a.content_start
              and a.content_end <= att.content_start and opens_with_quote(text, a)]
    return max(before, key=lambda a: a.content_end, default=None)


def split_quote_tails(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` with each content that runs on into the next sentence's
    quote cut there, the quote given to the paragraph's earlier quote (see
    module doc)."""
    out = list(found)
    for att in list(found):
        cut = _cut(text, att)
        if cut is None:
            continue
        head, tail = cut
        att.content_spans = head
        earlier = _quote_before(text, out, att)
        if earlier is not None:
            earlier.content_spans = sorted(earlier.content_spans + tail)
        else:
            out.append(RawAttribution(tail, cue=att.cue, source=att.source, kind="direct",
                                      confidence=att.confidence, origin=att.origin,
                                      extra={**att.extra, "quote_tail_of": head[0]}))
    out.sort(key=lambda a: a.content_start)
    return out
