"""The speaker-entity gold set (bench/data/ledger_entities/gold.jsonl) agrees with PolNeAR train.

The set is data made by reading; this test guards it against drift: every line
must point at a real train attribution (same E id, same Source and Content
offsets as the first annotator's .ann file) and its recorded source text must
be the characters at those offsets, so a scorer never silently compares the
wrong statements.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "bench" / "data" / "ledger_entities" / "gold.jsonl"
_T = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")


def gold_rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_rows_are_well_formed():
    rows = gold_rows()
    assert len(rows) >= 300
    keys = {"article", "attribution", "source", "source_text", "content", "person"}
    seen = set()
    for row in rows:
        assert set(row) == keys, row
        assert re.fullmatch(r"E\d+", row["attribution"]), row
        assert len(row["person"].split()) >= 2, f"person must be a canonical full name: {row}"
        assert row["person"] == row["person"].strip()
        assert (row["article"], row["attribution"]) not in seen, f"duplicate line {row}"
        seen.add((row["article"], row["attribution"]))
    people = Counter(row["person"] for row in rows)
    assert len(people) <= 40, f"only the 40 most-quoted people belong here: {sorted(people)}"
    # the ambiguous surname the set exists for: both Clintons are labelled
    assert people["Hillary Clinton"] and people["Bill Clinton"] and people["Donald Trump"]


def _first_ann(folder: Path, article: str) -> Path:
    files = sorted((folder / "attributions").glob(f"{article}_*.ann"))
    assert files, f"no annotation file for {article}"
    return files[0]


def _events(ann: Path) -> dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """E id -> (source pieces, content pieces) as the .ann file ties them."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: dict[str, tuple[list, list]] = {}
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:
        m = _T.match(line)
        if m:
            spans[m.group(1)] = [tuple(map(int, p.split())) for p in m.group(3).split(";")]
    for line in lines:
        if re.match(r"^E\d+\t", line):
            eid, body = line.split("\t")[:2]
            source: list = []
            content: list = []
            for arg in body.split()[1:]:
                role, tid = arg.split(":")
                if role.startswith("Source"):
                    source.extend(spans.get(tid, []))
                elif role.startswith("Content"):
                    content.extend(spans.get(tid, []))
            events[eid] = (source, sorted(content))
    return events


def test_offsets_match_the_train_text(eval_root):
    folder = eval_root / "polnear" / "train"
    if not folder.is_dir():
        pytest.skip(f"PolNeAR train not found at {folder}")
    by_article: dict[str, list[dict]] = {}
    for row in gold_rows():
        by_article.setdefault(row["article"], []).append(row)
    for article, rows in by_article.items():
        text = (folder / "text" / f"{article}.txt").read_text(encoding="utf-8")
        events = _events(_first_ann(folder, article))
        for row in rows:
            assert row["attribution"] in events, row
            source, content = events[row["attribution"]]
            start, end = row["source"]
            assert source and (source[0][0], source[-1][1]) == (start, end), row
            assert text[start:end] == row["source_text"], row
            assert [tuple(c) for c in row["content"]] == content, row
