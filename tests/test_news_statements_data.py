"""The hand-annotated general-news statement set is well formed and quotes its pages verbatim.

Why: the figures of ``bench/news_statements.py`` rest on this data. A content string that is
not in the page's gold body cannot be matched by any system, a speaker written as a pronoun or an
empty string hides an annotation error, and a holdout list that drifts from the README makes the
"nothing tuned on it" promise unverifiable. The checks live in one function so that a test can
also show that they reject broken records.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "bench" / "data" / "news_statements"
KINDS = {"direct", "indirect", "mixed"}
TYPES = {"speech", "belief", "topic"}
PRONOUNS = {
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "his", "hers",
    "its", "their", "theirs", "our", "this", "that", "who",
}
RECORD_KEYS = {"file", "id", "split", "outlet", "url", "statements"}
STATEMENT_KEYS = {"speaker", "speaker_mention", "cue", "content", "kind", "type"}
OPTIONAL_KEYS = {"content_more", "note"}


def records() -> list[dict]:
    lines = (DATA / "annotations.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def problems(record: dict, gold: dict) -> list[str]:
    """Every way ``record`` breaks the annotation rules against the benchmark's ``gold`` entry."""
    found: list[str] = []
    if set(record) != RECORD_KEYS:
        found.append(f"record keys {sorted(record)}")
    if record.get("file") != f"{record.get('id')}.html.gz":
        found.append(f"file {record.get('file')!r} is not <id>.html.gz")
    if record.get("split") not in {"dev", "holdout"}:
        found.append(f"split {record.get('split')!r}")
    if record.get("url") != gold.get("url"):
        found.append("url differs from ground-truth.json")
    if not str(record.get("outlet", "")).strip():
        found.append("empty outlet")
    body = gold.get("articleBody", "")
    statements = record.get("statements") or []
    if not statements:
        found.append("no statements")
    for index, statement in enumerate(statements):
        where = f"statement {index}"
        keys = set(statement)
        if not STATEMENT_KEYS <= keys or keys - STATEMENT_KEYS - OPTIONAL_KEYS:
            found.append(f"{where}: keys {sorted(keys)}")
            continue
        for field in ("speaker", "speaker_mention", "cue", "content"):
            value = statement[field]
            if not isinstance(value, str) or not value.strip() or value != value.strip():
                found.append(f"{where}: {field} empty or padded: {value!r}")
        if statement["kind"] not in KINDS:
            found.append(f"{where}: kind {statement['kind']!r}")
        if statement["type"] not in TYPES:
            found.append(f"{where}: type {statement['type']!r}")
        if statement["speaker"].lower() in PRONOUNS:
            found.append(f"{where}: speaker is a pronoun: {statement['speaker']!r}")
        parts = [statement["content"], *statement.get("content_more", [])]
        for part in parts:
            if not isinstance(part, str) or not part.strip() or part not in body:
                found.append(f"{where}: content not verbatim in the gold body: {part!r}")
        if statement["cue"] not in body:
            found.append(f"{where}: cue not in the gold body: {statement['cue']!r}")
        if statement["speaker_mention"] not in body:
            found.append(f"{where}: speaker_mention not in the gold body: {statement['speaker_mention']!r}")
        if statement["kind"] == "direct" and re.match(r"^[\"“”]|[\"“”,]$", statement["content"]):
            found.append(f"{where}: direct content keeps its outer quote mark or comma")
    return found


@pytest.fixture(scope="module")
def gold(eval_root: Path) -> dict:
    path = eval_root / "article-extraction-benchmark" / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"article benchmark not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_record_follows_the_rules(gold: dict, eval_root: Path) -> None:
    html = eval_root / "article-extraction-benchmark" / "html"
    failures = []
    for record in records():
        if record.get("id") not in gold:
            failures.append(f"{record.get('id')}: not a page of the benchmark")
            continue
        if not (html / record["file"]).exists():
            failures.append(f"{record['id']}: {record['file']} missing under html/")
        failures += [f"{record['id'][:10]} {p}" for p in problems(record, gold[record["id"]])]
    assert not failures, "\n".join(failures)


def test_the_checks_reject_broken_records(gold: dict) -> None:
    record = records()[0]
    entry = gold[record["id"]]
    assert problems(record, entry) == []
    breakages = [
        lambda r: r["statements"][0].update(content=r["statements"][0]["content"] + " (paraphrased)"),
        lambda r: r["statements"][0].update(speaker="he"),
        lambda r: r["statements"][0].update(speaker=""),
        lambda r: r["statements"][0].update(kind="quote"),
        lambda r: r["statements"][0].update(type="claim"),
        lambda r: r.update(split="test"),
        lambda r: r["statements"][0].pop("cue"),
    ]
    for breakage in breakages:
        broken = copy.deepcopy(record)
        breakage(broken)
        assert problems(broken, entry), "a broken record passed the checks"


def test_pages_outlets_and_holdout_are_as_the_readme_says() -> None:
    data = records()
    ids = [r["id"] for r in data]
    assert len(ids) == len(set(ids)), "a page is annotated twice"
    outlets = [r["outlet"] for r in data]
    assert len(outlets) == len(set(outlets)), "two pages from one outlet"
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^- `([0-9a-f]{64})`", readme, flags=re.M))
    holdout = {r["id"] for r in data if r["split"] == "holdout"}
    assert holdout == listed, "the README's holdout list and the data's holdout split differ"
    assert len(data) == 30 and len(holdout) == 10
    ordered = sorted(ids)
    assert holdout == set(ordered[2::3]), "the holdout is not every third page id in sorted order"
    wework = [r for r in data if r["url"].startswith("https://techcrunch.com/") and "wework" in r["url"]]
    assert len(wework) == 1 and wework[0]["split"] == "dev"


def test_readme_counts_match_the_data() -> None:
    """The counts table in the README is the data's, so an edit to one shows up in the other."""
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for split in ("dev", "holdout"):
        chosen = [r for r in records() if r["split"] == split]
        statements = [s for r in chosen for s in r["statements"]]
        row = [len(chosen), len(statements)]
        row += [sum(s["type"] == t for s in statements) for t in ("speech", "belief", "topic")]
        row += [sum(s["kind"] == k for s in statements) for k in ("direct", "indirect", "mixed")]
        expected = f"| {split} | " + " | ".join(str(n) for n in row) + " |"
        assert expected in readme, f"README counts for {split} should start: {expected}"
