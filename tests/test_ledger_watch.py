"""Watches: saved searches whose Atom feeds list new matching statements."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.errors import LedgerError
from onrecord.ledger import Ledger
from test_ledger_support import make_record, person, statement, words

A = "{http://www.w3.org/2005/Atom}"


def add(ledger, seed, name, content, published="2023-12-19"):
    ledger.add(make_record(words(seed), url=f"https://n{seed}.example/", outlet=f"Outlet {seed}", published=published,
                           title=f"Story {seed}", entities=[person("e1", name)],
                           statements=[statement("s1", name, "e1", content)]))


def parse(xml: str) -> ET.Element:
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == f"{A}feed"
    # Atom 1.0 requires id, title and updated on the feed and on each entry,
    # and an author on the feed when entries have none.
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{required}") is not None, required
    for entry in root.findall(f"{A}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{A}{required}").text, required
    return root


def test_watch_feed_lists_matching_statements_newest_first(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        add(ledger, 1, "Vladimir Putin", "Russia is ready for negotiations")
        add(ledger, 2, "Joe Biden", "negotiations are up to Ukraine")
        add(ledger, 3, "Vladimir Putin", "the economy is strong")
        ledger.watch_add("putin-talks", "negotiations", speaker="Putin")
        ledger.watch_add("all-talks", "negotiations")
        assert {w["name"]: w["new"] for w in ledger.watches()} == {"all-talks": 2, "putin-talks": 1}
        root = parse(ledger.watch_feed("putin-talks"))
        entries = root.findall(f"{A}entry")
        assert len(entries) == 1
        assert entries[0].find(f"{A}title").text.startswith("Vladimir Putin: Russia is ready")
        assert entries[0].find(f"{A}link").get("href") == "https://n1.example/"
        assert entries[0].find(f"{A}published").text == "2023-12-19T00:00:00Z"
        assert {w["name"]: w["new"] for w in ledger.watches()}["putin-talks"] == 0
        add(ledger, 4, "Vladimir Putin", "negotiations must include the West", published="2023-12-22")
        assert {w["name"]: w["new"] for w in ledger.watches()}["putin-talks"] == 1
        entries = parse(ledger.watch_feed("putin-talks")).findall(f"{A}entry")
        assert [e.find(f"{A}title").text.split(": ")[1][:11] for e in entries] == ["negotiation", "Russia is r"]
        ids = [e.find(f"{A}id").text for e in entries]
        assert len(set(ids)) == 2 and all(i.startswith("urn:onrecord:statement:") for i in ids)


def test_unknown_watch_and_empty_query(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        with pytest.raises(LedgerError, match="no watch called"):
            ledger.watch_feed("nope")
        with pytest.raises(LedgerError, match="nothing to search"):
            ledger.watch_add("empty", "  ?! ")
        ledger.watch_add("w", "x")
        ledger.watch_remove("w")
        assert ledger.watches() == []


def test_watch_cli_writes_a_feed_file(tmp_path):
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        add(ledger, 1, "Vladimir Putin", "Russia is ready for negotiations")
    runner = CliRunner()
    assert runner.invoke(main, ["watch", "add", "talks", "negotiations", "--db", db]).exit_code == 0
    listed = runner.invoke(main, ["watch", "list", "--db", db, "--format", "csv"])
    assert "talks,negotiations,,1," in listed.output
    out = tmp_path / "talks.atom"
    result = runner.invoke(main, ["watch", "feed", "talks", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(parse(out.read_text(encoding="utf-8")).findall(f"{A}entry")) == 1
