"""PolNeAR: reading the corpus and scoring attributions against it.

One module for both so the benchmark (``bench/attribution.py``), the training
script (``bench/train_tagger.py``) and the regression floor test read the
annotations the same way and score with exactly the metric the corpus README
defines:

* gold attributions and predictions are matched greedily, each used once, by
  the number of word tokens (``\\w+``, by position) their contents share;
* content overlap P/R/F1 counts matched pairs;
* content exact needs the two contents equal after trimming spaces, quote
  marks, punctuation and a leading "that" (lower-cased word tokens);
* source accuracy: among matched pairs whose gold has a Source, the predicted
  speaker mention shares a word token (by position) with it;
* end-to-end P/R/F1: matched, and the source matches too when gold has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

Offsets = tuple[int, int]
WORD = re.compile(r"\w+")
_TRIM = re.compile(r"^[\W_]+|[\W_]+$")
_LEADING_THAT = re.compile(r"^that\b", re.I)
_T_LINE = re.compile(r"^T\d+\t\S+ \d+ \d+")
_E_LINE = re.compile(r"^E\d+\t")


@dataclass
class Attribution:
    """One attribution, gold or predicted: content pieces, cue and source."""

    content: list[Offsets]
    source: Optional[Offsets] = None
    cue: Optional[list[Offsets]] = None


@dataclass
class Article:
    """One PolNeAR article: its text and its gold attributions."""

    name: str
    text: str
    gold: list[Attribution] = field(default_factory=list)


def split_dir(root: Path, split: str) -> Path:
    """The folder of a split; ``root`` is the eval root or the polnear folder."""
    root = Path(root)
    polnear = root / "polnear" if (root / "polnear").is_dir() else root
    return polnear / split


def _spans(field_text: str) -> list[Offsets]:
    kind_and_offsets = field_text.split(" ", 1)[1]
    out = []
    for piece in kind_and_offsets.split(";"):
        start, end = piece.split()
        out.append((int(start), int(end)))
    return out


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one brat ``.ann`` file (E lines tying T spans)."""
    spans: dict[str, list[Offsets]] = {}
    events: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if _T_LINE.match(line):  # span text may run over lines: skip the rest
            tid, body = line.split("\t")[:2]
            spans[tid] = _spans(body)
        elif _E_LINE.match(line):
            events.append(line.split("\t")[1])
    out = []
    for event in events:
        content: list[Offsets] = []
        source = cue = None
        for arg in event.split()[1:]:
            role, tid = arg.split(":")
            if tid not in spans:
                continue
            if role.startswith("Content"):
                content.extend(spans[tid])
            elif role == "Source":
                pieces = spans[tid]
                source = (pieces[0][0], pieces[-1][1])
            elif role == "Cue":
                cue = spans[tid]
        if content:
            out.append(Attribution(sorted(content), source, cue))
    return out


def load_split(root: Path, split: str, limit: Optional[int] = None) -> list[Article]:
    """Every article of a split with its gold, using the first annotator file
    in sorted order when an article has several (as the README says)."""
    folder = split_dir(root, split)
    ann_files = sorted((folder / "attributions").glob("*.ann"))
    by_article: dict[str, Path] = {}
    for ann in ann_files:
        article = ann.stem.rsplit("_", 1)[0]
        by_article.setdefault(article, ann)
    articles = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        ann = by_article.get(text_path.stem)
        gold = read_ann(ann) if ann else []
        articles.append(Article(text_path.stem, text_path.read_text(encoding="utf-8"), gold))
        if limit and len(articles) >= limit:
            break
    return articles


# --------------------------------------------------------------------- scoring

def publisher(name: str) -> str:
    """The publisher an article name starts with ("nyt_2016-…" -> "nyt")."""
    return name.split("_", 1)[0]


def holdout_split(articles: Sequence[Article], n: int, stratified: bool = False) -> tuple[list[int], list[int]]:
    """Indices to fit on and to hold out: the last ``n`` articles in sorted
    order, or with ``stratified`` the last ``n / publishers`` of each
    publisher.  Sorted names group by publisher, so the plain last 84 train
    articles are all one outlet (west-journal), while dev mixes all seven:
    the stratified holdout is the one that looks like dev."""
    if not stratified:
        cut = len(articles) - n
        return list(range(cut)), list(range(cut, len(articles)))
    groups: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        groups.setdefault(publisher(a.name), []).append(i)
    per = max(1, n // len(groups))
    held = sorted(i for members in groups.values() for i in members[-per:])
    chosen = set(held)
    return [i for i in range(len(articles)) if i not in chosen], held


def _word_positions(text: str, spans: Iterable[Offsets]) -> set[int]:
    """Start offsets of the word tokens of ``text`` inside ``spans``."""
    out: set[int] = set()
    for start, end in spans:
        for m in WORD.finditer(text, start, end):
            out.add(m.start())
    return out


def normalised_words(text: str, spans: Sequence[Offsets]) -> list[str]:
    """Content words for the exact comparison: pieces joined, trimmed of
    spaces, quotes and punctuation and a leading "that", lower-cased."""
    joined = " ".join(text[s:e] for s, e in sorted(spans))
    joined = _TRIM.sub("", joined.strip())
    joined = _LEADING_THAT.sub("", joined)
    return [w.lower() for w in WORD.findall(joined)]


@dataclass
class Counts:
    """Raw counts over a set of articles; ``add`` sums them."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    gold_with_source: int = 0
    source_ok: int = 0
    end_to_end: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict[str, float]:
        def prf(tp_p: int, tp_r: int) -> tuple[float, float, float]:
            p = tp_p / self.pred if self.pred else 0.0
            r = tp_r / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        op, orr, of = prf(self.matched, self.matched)
        ep, er, ef = prf(self.exact, self.exact)
        e2p, e2r, e2f = prf(self.end_to_end, self.end_to_end)
        return {
            "gold": self.gold, "pred": self.pred,
            "overlap_p": op, "overlap_r": orr, "overlap_f1": of,
            "exact_p": ep, "exact_r": er, "exact_f1": ef,
            "source_acc": self.source_ok / self.gold_with_source if self.gold_with_source else 0.0,
            "e2e_p": e2p, "e2e_r": e2r, "e2e_f1": e2f,
        }


def match(text: str, gold: Sequence[Attribution], pred: Sequence[Attribution]) -> list[tuple[int, int]]:
    """The (gold index, prediction index) pairs the metric matches: greedily
    by shared word tokens, each used once (the scorer and the error breakdown
    in ``bench/attribution_errors.py`` both use this)."""
    gold_words = [_word_positions(text, g.content) for g in gold]
    pred_words = [_word_positions(text, p.content) for p in pred]
    pairs = []
    for gi, gw in enumerate(gold_words):
        for pi, pw in enumerate(pred_words):
            shared = len(gw & pw)
            if shared:
                pairs.append((-shared, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def score_article(text: str, gold: Sequence[Attribution], pred: Sequence[Attribution]) -> Counts:
    """Match ``pred`` to ``gold`` greedily by shared word tokens and count."""
    counts = Counts(gold=len(gold), pred=len(pred))
    for gi, pi in match(text, gold, pred):
        g, p = gold[gi], pred[pi]
        counts.matched += 1
        if normalised_words(text, g.content) == normalised_words(text, p.content):
            counts.exact += 1
        if g.source is None:
            counts.end_to_end += 1
            continue
        counts.gold_with_source += 1
        ok = p.source is not None and bool(
            _word_positions(text, [g.source]) & _word_positions(text, [p.source]))
        counts.source_ok += ok
        counts.end_to_end += ok
    return counts


def score(articles: Sequence[Article], predictions: dict[str, list[Attribution]]) -> dict[str, float]:
    """Micro-averaged scores over ``articles`` (missing predictions count as none)."""
    total = Counts()
    for article in articles:
        total.add(score_article(article.text, article.gold, predictions.get(article.name, [])))
    return total.scores()


def from_statement(statement: dict) -> Optional[Attribution]:
    """A prediction from one statement of ``onrecord extract`` JSON output."""
    if statement.get("where", "body") != "body":
        return None
    content = statement.get("content") or {}
    spans = [tuple(s) for s in content.get("spans") or []] or [(content["start"], content["end"])]
    mention = (statement.get("speaker") or {}).get("mention")
    source = (mention["start"], mention["end"]) if mention else None
    cue = statement.get("cue")
    cues = [(int(cue["start"]), int(cue["end"]))] if cue else None
    return Attribution([(int(s), int(e)) for s, e in spans], source, cues)


def from_raw(raw) -> Attribution:
    """A prediction from a ``RawAttribution`` (in-process scoring)."""
    return Attribution(list(raw.content_spans), raw.source, [raw.cue] if raw.cue else None)
