"""The claims metric, importable by ``bench/claims.py`` and the floor test.

A predicted claim matches a gold claim when the values agree (relative
tolerance 0.1%, so 66.67 and 66.666 agree), the units agree (case-folded;
both None counts as agreeing) and the sources agree: both None, or the
gold name (one of several accepted names) and the predicted speaker name
share their last word after dropping "the" ("Anna Kovac" ~ "Kovac",
"the trade ministry" ~ "trade ministry").  Matching is one-to-one, greedy
in text order.  The same counts without the source condition give the
value+unit score, which does not depend on the statements stage.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from onrecord.record import Claim

GoldSource = Union[None, str, list]


@dataclass
class Counts:
    """True positives and the sizes of both sides."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores over an evaluation set, and the items that went wrong."""

    full: Counts = field(default_factory=Counts)  # value + unit + source
    value_unit: Counts = field(default_factory=Counts)
    kind_right: int = 0
    errors: list[dict] = field(default_factory=list)


def load_items(path: Path) -> list[dict]:
    """Read the JSONL evaluation set (one sentence or short passage a line)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _norm_name(name: str) -> str:
    words = name.lower().replace("\u2019", "'").split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return words[-1] if words else ""


def source_matches(gold: GoldSource, predicted: Optional[str]) -> bool:
    """Gold None matches only no source; a gold name matches by its last word."""
    if gold is None or gold == []:
        return predicted is None
    if predicted is None:
        return False
    names = gold if isinstance(gold, list) else [gold]
    return any(_norm_name(n) == _norm_name(predicted) for n in names)


def value_matches(gold: float, predicted: Optional[float]) -> bool:
    return predicted is not None and math.isclose(gold, predicted, rel_tol=1e-3, abs_tol=0.01)


def unit_matches(gold: Optional[str], predicted: Optional[str]) -> bool:
    return (gold or "").lower() == (predicted or "").lower()


def _match(gold: list[dict], predicted: list[Claim], with_source: bool) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if pi in used or not value_matches(g["value"], p.value) or not unit_matches(g.get("unit"), p.unit):
                continue
            if with_source and not source_matches(g.get("source"), p.source.name if p.source else None):
                continue
            pairs.append((gi, pi))
            used.add(pi)
            break
    return pairs


def score_item(item: dict, predicted: list[Claim], evaluation: Evaluation) -> None:
    """Add one item's counts (and its mistakes) to ``evaluation``."""
    gold = item["claims"]
    full = _match(gold, predicted, with_source=True)
    loose = _match(gold, predicted, with_source=False)
    for counts, pairs in ((evaluation.full, full), (evaluation.value_unit, loose)):
        counts.tp += len(pairs)
        counts.predicted += len(predicted)
        counts.gold += len(gold)
    evaluation.kind_right += sum(1 for gi, pi in loose if gold[gi].get("kind", "count") == predicted[pi].kind)
    if len(full) != len(gold) or len(full) != len(predicted):
        evaluation.errors.append({
            "id": item.get("id"), "text": item["text"], "gold": gold,
            "predicted": [_brief(c) for c in predicted],
        })


def _brief(claim: Claim) -> dict[str, Any]:
    return {"value": claim.value, "unit": claim.unit, "kind": claim.kind,
            "source": claim.source.name if claim.source else None, "text": claim.text}


def evaluate(extractor: Any, items: Iterable[dict]) -> Evaluation:
    """Run the full pipeline (``kind="body"``) on every item and score it."""
    evaluation = Evaluation()
    for item in items:
        record = extractor.extract(item["text"], kind="body", published=item.get("published"))
        score_item(item, record.claims, evaluation)
    return evaluation
