"""Where content overlap is lost: a breakdown of the PolNeAR metric's misses.

    python -m bench.attribution --split train-holdout-stratified --modes combined --errors
    python -m bench.attribution_errors PRED.json --split train-holdout-stratified [--examples 5]

Overlap F1 counts matched pairs only (``polnear.match``), so a wrong boundary
costs overlap only when it changes the matching.  Every gold attribution left
unmatched and every prediction left unmatched falls in one class:

* ``merged``: the unmatched gold shares words with a prediction matched to
  another gold (one prediction ran over two attributions: a content run long);
* ``missed``: no prediction shares a word with it;
* ``split``: the unmatched prediction shares words with a gold matched to
  another prediction (one attribution cut in two: a quote continued over
  sentences or paragraphs, a content cut at a clause);
* ``spurious``: it shares no word with any gold.

Each class is counted again by where the pieces meet (same sentence, next
sentence, next paragraph) and by cue word, so a rule can be aimed at the
largest part.  Matched pairs that are not exact are counted by which
boundary differs (start earlier/later, end earlier/later), with the common
words at the differing edge ("said", "that").
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from bench.polnear import WORD, Article, Attribution, match, normalised_words

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")


@dataclass
class Breakdown:
    """Counts of each kind of loss over a set of articles, with examples."""

    counts: Counter = field(default_factory=Counter)
    cues: dict[str, Counter] = field(default_factory=dict)
    edges: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, where: str, cue: str, example: str, keep: int) -> None:
        self.counts[kind] += 1
        self.counts[f"{kind}/{where}"] += 1
        self.cues.setdefault(kind, Counter())[cue] += 1
        shown = self.examples.setdefault(kind, [])
        if len(shown) < keep:
            shown.append(example)


def _words(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    return {m.start() for s, e in spans for m in WORD.finditer(text, s, e)}


def _extent(att: Attribution) -> tuple[int, int]:
    return min(s for s, _ in att.content), max(e for _, e in att.content)


def _between(text: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    """How two contents meet: in one sentence, across sentences of one
    paragraph, or across a paragraph break (judged on the text between the
    first one's end and the second one's start)."""
    first, second = sorted([a, b])
    gap = text[first[1]:second[0]] if first[1] < second[0] else ""
    if "\n" in gap:
        return "paragraph"
    if _SENTENCE_END.search(text[max(first[0], first[1] - 3):first[1]] + gap + " "):
        return "sentence"
    return "same sentence"


def _cue_text(text: str, att: Attribution) -> str:
    if not att.cue:
        return "(no cue)"
    return " ".join(text[s:e] for s, e in att.cue).lower().strip() or "(no cue)"


def _short(text: str, att: Attribution, width: int = 110) -> str:
    joined = " | ".join(text[s:e] for s, e in att.content).replace("\n", " / ")
    return joined if len(joined) <= width else joined[:width - 3] + "..."


def _edge_words(text: str, start: int, end: int, n: int = 2) -> str:
    words = WORD.findall(text, start, end)
    return " ".join(w.lower() for w in words[:n]) if words else "(punct)"


def article_breakdown(out: Breakdown, article: Article, pred: Sequence[Attribution], keep: int = 3) -> None:
    """Add one article's losses to ``out``."""
    text, gold = article.text, article.gold
    pairs = match(text, gold, pred)
    g_to_p = dict(pairs)
    p_to_g = {p: g for g, p in pairs}
    gold_words = [_words(text, g.content) for g in gold]
    pred_words = [_words(text, p.content) for p in pred]
    for gi, g in enumerate(gold):
        if gi in g_to_p:
            continue
        hits = [pi for pi, pw in enumerate(pred_words) if pw & gold_words[gi]]
        if not hits:
            out.note("missed", "-", _cue_text(text, g), f"{article.name}: {_short(text, g)}", keep)
            continue
        pi = hits[0]
        other = gold[p_to_g[pi]] if pi in p_to_g else None
        where = _between(text, _extent(g), _extent(other)) if other else "-"
        out.note("merged", where, _cue_text(text, g),
                 f"{article.name}: gold {_short(text, g, 70)} <- pred {_short(text, pred[pi], 90)}", keep)
    for pi, p in enumerate(pred):
        if pi in p_to_g:
            continue
        hits = [gi for gi, gw in enumerate(gold_words) if gw & pred_words[pi]]
        if not hits:
            out.note("spurious", "-", _cue_text(text, p), f"{article.name}: {_short(text, p)}", keep)
            continue
        gi = hits[0]
        other = pred[g_to_p[gi]] if gi in g_to_p else None
        where = _between(text, _extent(p), _extent(other)) if other else "-"
        out.note("split", where, _cue_text(text, gold[gi]),
                 f"{article.name}: gold {_short(text, gold[gi], 90)} -> pred {_short(text, p, 70)}", keep)
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if normalised_words(text, g.content) == normalised_words(text, p.content):
            out.counts["exact"] += 1
            continue
        out.counts["inexact"] += 1
        (gs, ge), (ps, pe) = _extent(g), _extent(p)
        gw, pw = gold_words[gi], pred_words[pi]
        if min(pw, default=0) < min(gw, default=0):
            out.edges[f"starts early: {_edge_words(text, ps, gs)}"] += 1
        elif min(pw, default=0) > min(gw, default=0):
            out.edges[f"starts late: {_edge_words(text, gs, ps)}"] += 1
        if max(pw, default=0) > max(gw, default=0):
            out.edges[f"ends late: {_edge_words(text, ge, pe)}"] += 1
        elif max(pw, default=0) < max(gw, default=0):
            out.edges[f"ends early: {_edge_words(text, pe, ge)}"] += 1
        if gw - pw and pw - gw and min(gw) <= min(pw) and max(pw) <= max(gw):
            out.edges["gap inside (discontinuous gold or pred)"] += 1


def breakdown(articles: Sequence[Article], predictions: dict[str, list[Attribution]], keep: int = 3) -> Breakdown:
    """The breakdown over ``articles`` (missing predictions count as none)."""
    out = Breakdown()
    for article in articles:
        article_breakdown(out, article, predictions.get(article.name, []), keep)
    return out


def render(b: Breakdown, top: int = 12) -> str:
    """The breakdown as plain text: classes, where the pieces meet, cue
    words, boundary edges and a few examples."""
    lines = []
    for kind in ("missed", "merged", "split", "spurious"):
        n = b.counts[kind]
        wheres = ", ".join(f"{k.split('/', 1)[1]} {v}" for k, v in sorted(b.counts.items())
                           if k.startswith(kind + "/") and k.split("/", 1)[1] != "-")
        lines.append(f"{kind}: {n}" + (f" ({wheres})" if wheres else ""))
        cues = b.cues.get(kind, Counter()).most_common(top)
        if cues:
            lines.append("  cues: " + ", ".join(f"{c} {v}" for c, v in cues))
        for ex in b.examples.get(kind, []):
            lines.append(f"  e.g. {ex}")
    lines.append(f"matched exact: {b.counts['exact']}, inexact: {b.counts['inexact']}")
    for edge, v in b.edges.most_common(top * 2):
        lines.append(f"  {edge}: {v}")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> None:
    from bench.attribution import articles_for, default_eval_root, read_predictions

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("predictions", type=Path, help="a file bench.attribution --dump wrote")
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--split", default="train-holdout-stratified",
                        choices=["dev", "train-holdout", "train-holdout-stratified"])
    parser.add_argument("--holdout", type=int, default=84)
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    articles, _ = articles_for(args.eval_root, args.split, args.holdout)
    print(render(breakdown(articles, read_predictions(args.predictions), args.examples), args.top))


if __name__ == "__main__":
    main()
