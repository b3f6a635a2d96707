"""One entry point for attributions: rules and the trained tagger, merged.

The rule finder (``rules.py``) is precise on the unambiguous patterns — a
balanced direct quote with a cue and speaker beside it — and knows nothing
else; the CRF tagger (``tagger.py``) covers reported speech, noun-phrase
contents and cue words no list has, but draws content boundaries a little
less exactly.  ``find_attributions`` runs both and keeps one attribution per
content:

* a rule attribution whose content overlaps a tagger attribution replaces it
  when the rule saw a direct quote with its cue (the quote marks fix the
  boundaries exactly); otherwise the tagger's boundaries stay, and the rule
  only fills in a source or cue the tagger left empty;
* attributions only one finder found are all kept.

The policy was chosen by score on a held-out part of PolNeAR *train*
(``bench/attribution.py --split train-holdout``); dev is for reporting.

``ONRECORD_FINDER`` (``combined``, ``rules`` or ``tagger``) selects one
finder alone, so ``bench/attribution.py`` can show what each contributes.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, Optional

from onrecord.extract.attribution.types import Offsets, RawAttribution

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

MODES = ("combined", "rules", "tagger")
ENV = "ONRECORD_FINDER"


def _rule_finder() -> Optional[Callable[["Doc"], list[RawAttribution]]]:
    try:
        from onrecord.extract.attribution.rules import rule_attributions
    except ImportError:
        return None
    return rule_attributions


def find_attributions(doc: "Doc", mode: Optional[str] = None) -> list[RawAttribution]:
    """Attributions in ``doc`` (offsets into ``doc.text``), sorted by content."""
    mode = mode or os.environ.get(ENV) or "combined"
    if mode not in MODES:
        raise ValueError(f"{ENV} must be one of {', '.join(MODES)}, not {mode!r}")
    rules_fn = _rule_finder()
    rules = rules_fn(doc) if rules_fn and mode in ("combined", "rules") else []
    if mode == "rules":
        return sorted(rules, key=lambda a: a.content_start)
    from onrecord.extract.attribution.tagger import tagger_attributions

    tagged = tagger_attributions(doc)
    if mode == "tagger":
        return tagged
    return merge(rules, tagged)


def _overlap(a: list[Offsets], b: list[Offsets]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _rule_wins(rule: RawAttribution) -> bool:
    """Rules own balanced direct quotes with a cue beside them."""
    return rule.kind == "direct" and rule.cue is not None and rule.source is not None


def merge(rules: list[RawAttribution], tagged: list[RawAttribution]) -> list[RawAttribution]:
    """Combine rule and tagger attributions, one per content (see module doc)."""
    out: list[RawAttribution] = []
    claimed: set[int] = set()
    for rule in rules:
        best, best_overlap = None, 0
        for n, tag in enumerate(tagged):
            if n in claimed:
                continue
            overlap = _overlap(rule.content_spans, tag.content_spans)
            if overlap > best_overlap:
                best, best_overlap = n, overlap
        if best is None:
            out.append(rule)
            continue
        claimed.add(best)
        tag = tagged[best]
        if _rule_wins(rule):
            out.append(rule)
        else:
            if tag.source is None and rule.source is not None:
                tag.source = rule.source
                tag.extra.setdefault("source_from", "rules")
            if tag.cue is None and rule.cue is not None:
                tag.cue = rule.cue
            out.append(tag)
    out.extend(t for n, t in enumerate(tagged) if n not in claimed)
    out.sort(key=lambda a: a.content_start)
    return out
