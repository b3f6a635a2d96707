"""The article-body metric of the article extraction benchmark, importable.

Both ``bench/article_extraction.py`` and the regression test score bodies
with these functions, so the number in ``docs/benchmarks.md`` and the floor
the test enforces are the same measurement.

The metric (as the benchmark's README describes it): texts are split into
``\\w+`` tokens; each becomes a multiset of 4-token shingles (a text shorter
than four tokens is one shingle); per page the shared, predicted-only and
gold-only counts are normalised by their sum so long pages do not weigh
more; precision and recall are averaged over pages and F1 is taken from the
two averages.  Accuracy is the share of pages whose token sequence equals
the gold one.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

SHINGLE_SIZE = 4
DATASET = "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class PageScore:
    """Normalised shingle counts for one page, plus exact-match."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> Optional[float]:
        """None when nothing was predicted (the page is left out of the mean)."""
        if self.tp + self.fp == 0:
            return None
        return 1.0 if self.fp == self.fn == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> Optional[float]:
        """None when the gold body is empty (left out of the mean)."""
        if self.tp + self.fn == 0:
            return None
        return 1.0 if self.fp == self.fn == 0 else self.tp / (self.tp + self.fn)


@dataclass(frozen=True)
class Scores:
    """Averages over pages."""

    precision: float
    recall: float
    f1: float
    accuracy: float


def tokens(text: Optional[str]) -> list[str]:
    """Word tokens as the benchmark counts them."""
    return _TOKEN.findall(text or "")


def shingles(text: Optional[str], size: int = SHINGLE_SIZE) -> Counter:
    """The multiset of ``size``-token shingles of ``text``."""
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))


def score_page(gold: Optional[str], predicted: Optional[str]) -> PageScore:
    """Shared / extra / missing shingles of one page, normalised to sum 1."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp, fp, fn, tokens(gold) == tokens(predicted))


def aggregate(pages: Sequence[PageScore]) -> Scores:
    """Mean precision and recall over pages, F1 of the means, accuracy."""
    precisions = [p.precision for p in pages if p.precision is not None]
    recalls = [p.recall for p in pages if p.recall is not None]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(p.exact for p in pages) / len(pages) if pages else 0.0
    return Scores(precision, recall, f1, accuracy)


def bootstrap_ci(pages: Sequence[PageScore], rounds: int = 1000, seed: int = 0) -> Scores:
    """Half-width of the 95 % interval (1.96 standard deviations) of each
    average when pages are resampled with replacement."""
    rng = random.Random(seed)
    samples = [aggregate([pages[rng.randrange(len(pages))] for _ in pages]) for _ in range(rounds)]
    return Scores(*(1.96 * statistics.stdev(getattr(s, name) for s in samples)
                    for name in ("precision", "recall", "f1", "accuracy")))


def score_all(pairs: Iterable[tuple[str, Optional[str]]]) -> list[PageScore]:
    """Score (gold, predicted) pairs page by page."""
    return [score_page(gold, pred) for gold, pred in pairs]


@dataclass(frozen=True)
class BenchmarkPage:
    """One page of the article extraction benchmark: id, URL, HTML, gold body."""

    id: str
    url: Optional[str]
    html: str
    gold: str


def load_benchmark(eval_root: Path, limit: Optional[int] = None) -> list[BenchmarkPage]:
    """Pages of ``<eval_root>/article-extraction-benchmark`` in id order,
    decoded as UTF-8 as the benchmark's own runners do."""
    folder = Path(eval_root) / DATASET
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        with gzip.open(folder / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8", errors="replace") as f:
            html = f.read()
        entry = truth[page_id]
        pages.append(BenchmarkPage(page_id, entry.get("url"), html, entry.get("articleBody") or ""))
    return pages
