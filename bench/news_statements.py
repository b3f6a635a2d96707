"""Who said what on general news: statements scored against a set read by hand.

    python -m bench.news_statements [--no-write] [--split dev|holdout|all] [--errors]

The set is ``bench/data/news_statements/annotations.jsonl`` (30 pages of the
article extraction benchmark, one per outlet; the rules and the 10 holdout
pages are in its README).  Each page is run as a user runs it, from its HTML:
``onrecord extract --format jsonl`` over all 30 files in one process, once as
shipped and once with ``--fast`` (the CRF without the encoder).

Scoring mirrors PolNeAR's metric (``bench/polnear.py``) on the page body
onrecord recovered:

* each gold content (with its ``content_more`` pieces) is found verbatim in
  the recovered body (spaces, quote marks and dashes folded) and becomes a
  set of word positions; a predicted statement's content spans are word
  positions too; gold and predicted statements are matched greedily, each
  used once, by the number of word positions they share;
* statement P/R/F1 counts matched pairs; end-to-end P/R/F1 also needs the
  speaker: a content word shared between the gold speaker (or the mention
  at its cue) and the predicted speaker's name or mention.  A gold
  "unnamed source" matches a predicted speaker with no name;
* a gold content that cannot be found in the recovered body (the article
  stage lost or changed its words) stays in the gold count and cannot be
  matched, so losses of the article stage count against the figure;
* headline statements are left out: the set annotates the body only;
* "speech only" keeps the gold statements typed speech and the predicted
  statements whose ``type`` is speech (what the default views show).

Nothing is tuned on the holdout pages; ``--split holdout`` is for reporting.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data" / "news_statements" / "annotations.jsonl"
MODES = {"default": [], "fast": ["--fast"]}
WORD = re.compile(r"\w+")
UNNAMED = "unnamed source"
_SPEAKER_STOP = frozenset({"the", "a", "an", "of", "for", "and", "to", "in", "on", "at", "s", "its", "his", "her"})
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "—": "-", "–": "-",
                       "\u00a0": " "})


def default_html_dir() -> Path:
    root = Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))
    return root / "article-extraction-benchmark" / "html"


def load_pages(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_cli(paths: Sequence[Path], extra: Sequence[str]) -> tuple[dict[str, dict], float]:
    """``onrecord extract --format jsonl`` over ``paths`` in one process;
    records by file name."""
    cmd = [sys.executable, "-m", "onrecord.cli", "extract", "--format", "jsonl", *extra, *map(str, paths)]
    started = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    elapsed = time.time() - started
    records = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        records[Path(record["source_path"]).name] = record
    if proc.returncode != 0 and not records:
        raise RuntimeError(f"onrecord extract failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return records, elapsed


# ------------------------------------------------------------------ matching

def _folded(text: str) -> str:
    return text.translate(_FOLD)


def _normalised_index(body: str) -> tuple[str, list[int]]:
    """The body folded and with runs of space collapsed, and for each of its
    characters the offset it came from in ``body``."""
    out, where = [], []
    previous_space = False
    for i, ch in enumerate(_folded(body)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", _folded(text)).strip()


def locate(body: str, pieces: Sequence[str], index: Optional[tuple[str, list[int]]] = None) -> list[tuple[int, int]]:
    """Offsets in ``body`` of each piece found there (the first occurrence
    at or after the previous piece)."""
    norm, where = index or _normalised_index(body)
    found, after = [], 0
    for piece in pieces:
        needle = _squeezed(piece)
        if not needle:
            continue
        at = norm.find(needle, after)
        if at < 0:
            at = norm.find(needle)
        if at < 0:
            continue
        start, end = where[at], where[at + len(needle) - 1] + 1
        found.append((start, end))
        after = at + len(needle)
    return found


def word_positions(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    return {m.start() for s, e in spans for m in WORD.finditer(text, s, e)}


def _speaker_words(text: Optional[str]) -> set[str]:
    return {w.lower() for w in WORD.findall(text or "")} - _SPEAKER_STOP


def speaker_matches(gold: dict, predicted: dict) -> bool:
    """Gold speaker (or its mention) and predicted name (or mention) share a
    content word; "unnamed source" is a predicted speaker without a name."""
    speaker = predicted.get("speaker") or {}
    name = speaker.get("name")
    if (gold.get("speaker") or "").strip().lower() == UNNAMED:
        return not name
    mention = (speaker.get("mention") or {}).get("text")
    gold_words = _speaker_words(gold.get("speaker")) | _speaker_words(gold.get("speaker_mention"))
    return bool(gold_words & (_speaker_words(name) | _speaker_words(mention)))


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    end_to_end: int = 0
    unlocated: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.matched += other.matched
        self.end_to_end += other.end_to_end
        self.unlocated += other.unlocated
        self.errors += other.errors

    def scores(self) -> dict[str, float]:
        def prf(tp: int) -> tuple[float, float, float]:
            p = tp / self.pred if self.pred else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        p, r, f = prf(self.matched)
        ep, er, ef = prf(self.end_to_end)
        return {"gold": self.gold, "pred": self.pred, "unlocated": self.unlocated, "p": p, "r": r, "f1": f,
                "e2e_p": ep, "e2e_r": er, "e2e_f1": ef}


def score_page(page: dict, record: Optional[dict], speech_only: bool) -> Counts:
    """Counts for one page (see the module doc)."""
    gold = [g for g in page["statements"] if not speech_only or g.get("type", "speech") == "speech"]
    counts = Counts(gold=len(gold))
    if record is None:
        counts.errors.append(f"{page['file']}: no record")
        return counts
    body = (record.get("article") or {}).get("body") or ""
    preds = [s for s in record.get("statements", []) if s.get("where", "body") == "body"
             and (not speech_only or s.get("type", "speech") == "speech")]
    counts.pred = len(preds)
    index = _normalised_index(body)
    gold_words = []
    for g in gold:
        spans = locate(body, [g["content"], *g.get("content_more", [])], index)
        if not spans:
            counts.unlocated += 1
        gold_words.append(word_positions(body, spans))
    pred_words = [word_positions(body, [tuple(x) for x in (s["content"].get("spans") or
                                                          [[s["content"]["start"], s["content"]["end"]]])])
                  for s in preds]
    pairs = sorted((-len(gw & pw), gi, pi) for gi, gw in enumerate(gold_words)
                   for pi, pw in enumerate(pred_words) if gw & pw)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        counts.matched += 1
        if speaker_matches(gold[gi], preds[pi]):
            counts.end_to_end += 1
        else:
            who = preds[pi]["speaker"]
            counts.errors.append(f"{page['file'][:10]} speaker: gold {gold[gi]['speaker']!r}, got "
                                 f"{who.get('name')!r} ({(who.get('mention') or {}).get('text')!r}): "
                                 f"{gold[gi]['content'][:70]}")
    for gi, g in enumerate(gold):
        if gi not in used_g:
            counts.errors.append(f"{page['file'][:10]} missed: {g['speaker']} {g['cue']!r}: {g['content'][:80]}")
    for pi, s in enumerate(preds):
        if pi not in used_p:
            counts.errors.append(f"{page['file'][:10]} extra: {s['speaker'].get('name')} "
                                 f"{(s.get('cue') or {}).get('text')!r} [{s.get('type')}]: {s['content']['text'][:80]}")
    return counts


def evaluate(pages: Sequence[dict], records: dict[str, dict], splits: Sequence[str] = ("dev", "holdout", "all"),
             ) -> dict[tuple[str, str], Counts]:
    """Counts by (split, "all" | "speech")."""
    out: dict[tuple[str, str], Counts] = {}
    for split in splits:
        chosen = [p for p in pages if split == "all" or p["split"] == split]
        for subset in ("all", "speech"):
            total = Counts()
            for page in chosen:
                total.add(score_page(page, records.get(page["file"]), speech_only=subset == "speech"))
            out[(split, subset)] = total
    return out


def table(results: dict[tuple[str, str, str], dict[str, float]]) -> str:
    rows = ["| split | mode | statements | gold | pred | P | R | F1 | e2e P | e2e R | e2e F1 |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for (split, mode, subset), s in results.items():
        rows.append(f"| {split} | {mode} | {subset} | {s['gold']} | {s['pred']} | {s['p']:.3f} | {s['r']:.3f} | "
                    f"{s['f1']:.3f} | {s['e2e_p']:.3f} | {s['e2e_r']:.3f} | {s['e2e_f1']:.3f} |")
    return "\n".join(rows)


def measure(html_dir: Path, modes: Sequence[str] = tuple(MODES), splits: Sequence[str] = ("dev", "holdout", "all"),
            data: Path = DATA) -> tuple[dict, dict, dict]:
    """Scores by (split, mode, subset), the counts behind them, and seconds per mode."""
    pages = load_pages(data)
    paths = [html_dir / p["file"] for p in pages]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} pages missing under {html_dir}, e.g. {missing[0]}")
    results, counts, seconds = {}, {}, {}
    for mode in modes:
        records, seconds[mode] = run_cli(paths, MODES[mode])
        for (split, subset), c in evaluate(pages, records, splits).items():
            results[(split, mode, subset)] = c.scores()
            counts[(split, mode, subset)] = c
    return results, counts, seconds


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html-dir", type=Path, default=default_html_dir())
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--split", choices=["dev", "holdout", "all"], help="only this split (default: all three)")
    parser.add_argument("--errors", action="store_true", help="list misses, extras and wrong speakers (dev only)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md")
    args = parser.parse_args(argv)
    splits = (args.split,) if args.split else ("dev", "holdout", "all")
    modes = tuple(m for m in args.modes.split(",") if m)
    results, counts, seconds = measure(args.html_dir, modes, splits)
    text = table(results)
    print(text)
    if args.errors:
        for (split, mode, subset), c in counts.items():
            if split == "dev" and subset == "all" and mode == modes[0]:
                print("\n".join(c.errors))
    if args.no_write or args.split:
        return
    from bench.report import write_section

    pages = load_pages()
    n_hold = sum(p["split"] == "holdout" for p in pages)
    write_section("news_statements", "\n".join([
        f"General-news statements (`bench/data/news_statements/`, {len(pages)} pages of the article "
        f"extraction benchmark, one per outlet, read by hand; {n_hold} of them a holdout nothing is tuned on; "
        "rules in its README). Each mode is one run of `onrecord extract --format jsonl` over the 30 HTML "
        "pages as a user runs it (`fast`: `--fast`, the CRF without the encoder). Contents are matched "
        "by shared word positions in the recovered body (PolNeAR's metric); end-to-end also needs the "
        "speaker (a shared word between the gold speaker or mention and the predicted name or mention). "
        "`speech` rows keep gold and predicted statements typed speech only, which is what the default "
        "views show. Headline statements are not scored.",
        "",
        text,
        "",
        "Seconds per run (30 pages, machine shared with other jobs): "
        + ", ".join(f"{m} {s:.0f}" for m, s in seconds.items()) + ".",
        "",
        "Goal: end-to-end F1 ≥ 0.75 with precision ≥ 0.80 on the holdout. Regression floor: "
        "`tests/test_news_statements_floor.py`.",
        "",
        "Rerun: `python -m bench.news_statements` (add `--errors` for the dev pages' misses).",
    ]))


if __name__ == "__main__":
    main()
