"""Writing records: idempotence, duplicates, near-duplicates, failures, faults."""

from __future__ import annotations

import sqlite3

import pytest

from onrecord.errors import LedgerError
from onrecord.ledger import Ledger
from onrecord.ledger.ingest import ingest_items
from onrecord.pipeline import Job
from onrecord.read.expand import Skipped
from test_ledger_support import FakeExtractor, make_record, person, statement, words

WIRE = ("MOSCOW (Reuters) - Russian President Vladimir Putin said on Tuesday that Moscow was ready to talk "
        "about ending the war in Ukraine but only on terms that recognised what he called the new realities on "
        "the ground, in his first long news conference since the invasion began. The Kremlin leader told "
        "reporters that Western weapons deliveries had only prolonged the fighting and that Russia would not "
        "give up its goals. He said talks could begin whenever Kyiv was ready.")


def wire_record(url="https://reuters.com/a", outlet="Reuters", body=WIRE):
    return make_record(body, url=url, outlet=outlet, published="2023-12-19", title="Putin ready to talk",
                       entities=[person("e1", "Vladimir Putin", roles=["President"])],
                       statements=[statement("s1", "Vladimir Putin", "e1", "Moscow was ready to talk")])


def test_same_record_twice_adds_nothing(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        first = ledger.add(wire_record())
        before = ledger.counts()
        second = ledger.add(wire_record())
        assert (first.status, second.status) == ("ingested", "duplicate")
        assert ledger.counts() == before
        assert ledger.integrity_check() == "ok"


def test_same_url_with_tracking_parameters_is_a_duplicate(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.add(wire_record(url="https://www.reuters.com/a/"))
        edited = WIRE.replace("Tuesday", "Tuesday evening") + " Updated with new details entirely different."
        result = ledger.add(wire_record(url="https://reuters.com/a?utm_source=twitter#top", body=edited))
        assert (result.status, result.relation) == ("duplicate", "same-url")
        assert ledger.counts()["articles"] == 1


def test_same_text_elsewhere_is_listed_as_also_ran_in(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        original = ledger.add(wire_record())
        copy = ledger.add(wire_record(url="https://yahoo.com/news/putin", outlet="Yahoo"))
        assert (copy.status, copy.relation, copy.canonical_id) == ("duplicate", "same-text", original.article_id)
        sources = ledger.also_ran_in(original.article_id)
        assert [(s["outlet"], s["relation"]) for s in sources] == [("Yahoo", "same-text")]
        assert ledger.counts()["statements"] == 1


def test_lightly_edited_copy_is_a_near_duplicate(tmp_path):
    edited = WIRE.replace("(Reuters)", "(AP)").replace("Tuesday", "Tuesday afternoon") + " Reporting by staff."
    with Ledger(tmp_path / "l.db") as ledger:
        original = ledger.add(wire_record())
        near = ledger.add(wire_record(url="https://example.org/putin-talks", outlet="Example", body=edited))
        assert near.status == "near-duplicate"
        assert near.canonical_id == original.article_id
        assert near.similarity >= 0.7
        # The copy is kept (searchable) but its statements are not counted twice.
        assert ledger.counts()["articles"] == 2
        assert ledger.counts()["statements"] == 1
        assert [s["relation"] for s in ledger.also_ran_in(original.article_id)] == ["near-duplicate"]
        assert len(ledger.stories(min_articles=2)) == 1
    from click.testing import CliRunner

    from onrecord.cli import main

    out = CliRunner().invoke(main, ["also-ran-in", original.article_id, "--db", str(tmp_path / "l.db"),
                                    "--format", "csv"])
    assert out.exit_code == 0 and "https://example.org/putin-talks,Example," in out.output


def test_near_duplicates_are_found_across_runs(tmp_path):
    """The LSH buckets live in the ledger, so a later process finds earlier articles."""
    with Ledger(tmp_path / "l.db") as ledger:
        original = ledger.add(wire_record())
    edited = WIRE.replace("Western", "US and European") + " More to follow."
    with Ledger(tmp_path / "l.db") as ledger:
        near = ledger.add(wire_record(url="https://other.example/x", outlet="Other", body=edited))
    assert (near.status, near.canonical_id) == ("near-duplicate", original.article_id)


def test_different_articles_are_not_near_duplicates(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        statuses = {ledger.add(make_record(words(seed), url=f"https://x.org/{seed}")).status for seed in range(20)}
        assert statuses == {"ingested"}


def test_ingest_items_counts_skips_and_records_failures(tmp_path):
    good = [wire_record(url=f"https://x.org/{i}", body=words(i)) for i in range(3)]
    fake = FakeExtractor({f"raw{i}": record for i, record in enumerate(good)})
    items = [Job("raw0", "a.txt"), Job("raw1", "b.txt"), Skipped("c.warc", "truncated WARC"),
             Job("broken", "d.txt"), Job("raw2", "e.txt"), Job("raw0", "a-again.txt")]
    with Ledger(tmp_path / "l.db") as ledger:
        summary = ingest_items(ledger.conn, items, extractor=fake)
        assert (summary.ingested, summary.duplicates, len(summary.failed)) == (3, 1, 2)
        reasons = {row["source"]: row["reason"] for row in ledger.failures()}
        assert reasons == {"c.warc": "truncated WARC", "d.txt": "input is empty"}
        # A rerun skips every known input before any extraction.
        again = ingest_items(ledger.conn, [Job("raw0", "a.txt"), Job("raw1", "b.txt")], extractor=FakeExtractor({}))
        assert (again.ingested, again.duplicates, again.failed) == (0, 2, [])


def test_a_failure_fixed_later_leaves_the_failures_table(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        ingest_items(ledger.conn, [Job("raw", "a.txt")], extractor=FakeExtractor({}))
        assert len(ledger.failures()) == 1
        ingest_items(ledger.conn, [Job("raw", "a.txt")], extractor=FakeExtractor({"raw": wire_record()}))
        assert ledger.failures() == []


def test_locked_database_gives_a_clear_error(tmp_path):
    db = tmp_path / "l.db"
    Ledger(db).close()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with Ledger(db, timeout=0.2) as ledger:
            with pytest.raises(LedgerError, match="locked by another process"):
                ledger.add(wire_record())
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Ledger(db) as ledger:
        assert ledger.add(wire_record()).status == "ingested"


def test_full_disk_gives_a_clear_error_and_keeps_what_was_committed(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        ledger.add(wire_record())
        pages = ledger.conn.execute("PRAGMA page_count").fetchone()[0]
        ledger.conn.execute(f"PRAGMA max_page_count={pages + 1}")  # SQLite's own "disk full"
        big = make_record(words(7, 20000), url="https://x.org/big")
        with pytest.raises(LedgerError, match="disk is full"):
            ledger.add(big)
    with Ledger(db) as ledger:
        assert ledger.counts()["articles"] == 1
        assert ledger.integrity_check() == "ok"


def test_record_without_body_is_a_failure_not_a_crash(tmp_path):
    fake = FakeExtractor({"x": make_record("")})
    with Ledger(tmp_path / "l.db") as ledger:
        summary = ingest_items(ledger.conn, [Job("x", "empty.txt")], extractor=fake)
        assert summary.failed == [("empty.txt", "the article has no body text")]
