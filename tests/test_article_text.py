"""Article recovery from scraped text: fixtures in the shapes real sites produce,
bad input, speed, and the word lists behind the heuristics."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from onrecord.article import recover_article
from onrecord.article.text import recover_from_text
from onrecord.article.wordlists import load_json, load_lines, version
from onrecord.errors import InputError
from onrecord.record import PARAGRAPH_SEPARATOR, Record

SCRAPED = Path(__file__).parent / "data" / "scraped"
FIXTURES = sorted(p.stem for p in SCRAPED.glob("*.txt"))
# Keys of an .expected.json that are checks rather than Article fields.
CHECKS = {"paragraph_count", "body_starts_with", "body_ends_with", "body_contains", "body_excludes",
          "boilerplate_removed_includes", "images", "comments"}


def test_there_are_enough_fixtures():
    assert len(FIXTURES) >= 12
    for name in FIXTURES:
        assert (SCRAPED / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", FIXTURES)
def test_scraped_fixture(name):
    text = (SCRAPED / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((SCRAPED / f"{name}.expected.json").read_text(encoding="utf-8"))
    article = recover_from_text(text)
    plain = Record(article=article).to_dict()["article"]
    for key, value in expected.items():
        if key not in CHECKS:
            assert plain[key] == value, key
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)
    if "paragraph_count" in expected:
        assert len(article.paragraphs) == expected["paragraph_count"], article.paragraphs
    if "body_starts_with" in expected:
        assert article.body.startswith(expected["body_starts_with"])
    if "body_ends_with" in expected:
        assert article.body.endswith(expected["body_ends_with"])
    for piece in expected.get("body_contains", []):
        assert piece in article.body, piece
    for piece in expected.get("body_excludes", []):
        assert piece not in article.body, piece
    for piece in expected.get("boilerplate_removed_includes", []):
        assert piece in article.boilerplate_removed, piece
    if "images" in expected:
        assert len(plain["images"]) == len(expected["images"])
        for got, want in zip(plain["images"], expected["images"]):
            assert {k: got[k] for k in want} == want
    if "comments" in expected:
        assert len(plain["comments"]) == len(expected["comments"])
        for got, want in zip(plain["comments"], expected["comments"]):
            want = {"text": want} if isinstance(want, str) else want
            assert {k: got[k] for k in want} == want


def test_fixture_is_sniffed_as_text():
    text = (SCRAPED / f"{FIXTURES[0]}.txt").read_text(encoding="utf-8")
    assert recover_article(text).paragraphs == recover_from_text(text).paragraphs


@pytest.mark.parametrize("text", ["", "   \n\n\t", "\x00\x01\x02\x03", "\ufeff"])
def test_empty_or_junk_gives_an_empty_article(text):
    article = recover_from_text(text)
    assert article.paragraphs == [] and article.body == "" and article.title is None


def test_binary_ish_text_does_not_crash():
    text = "".join(chr(c) for c in range(0, 600)) * 50
    article = recover_from_text(text)
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)
    assert "\x00" not in article.body


def test_bytes_are_refused_with_a_named_error():
    with pytest.raises(InputError):
        recover_from_text(b"Putin says")  # type: ignore[arg-type]


def test_one_huge_line_is_one_paragraph():
    line = "The committee met again and the talks continued late into the night. " * 1500
    article = recover_from_text(line)
    assert article.paragraphs == [line.strip()]


def test_short_lines_only_are_kept_as_body():
    article = recover_from_text("Talks resume\nPrices up 4%")
    assert article.paragraphs == ["Talks resume", "Prices up 4%"]


def test_big_input_is_fast():
    page = (SCRAPED / f"{FIXTURES[0]}.txt").read_text(encoding="utf-8")
    text = page * (5_000_000 // len(page))  # about 5 MB of mixed lines
    started = time.perf_counter()
    article = recover_from_text(text)
    elapsed = time.perf_counter() - started
    assert article.paragraphs
    assert elapsed < 10, f"{elapsed:.1f}s for 5 MB"


def test_word_lists_are_versioned_and_clean():
    for name in ["article_boilerplate_lines.txt", "article_related_markers.txt", "article_comment_markers.txt",
                 "article_comment_furniture.txt", "article_section_words.txt", "article_timestamp_words.txt"]:
        assert version(name) >= 1
        entries = load_lines(name)
        assert entries and len(entries) == len(set(entries)), name
    for name in ["article_agencies.json", "article_bylines.json"]:
        assert version(name) >= 1
    agencies = load_json("article_agencies.json")
    names = [a["name"] for a in agencies["agencies"] + agencies["outlets"]]
    assert len(names) == len(set(names))
