"""who-said, timeline, search, stories, numbers: the Python API and the CLI formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.errors import LedgerError
from onrecord.ledger import Ledger
from test_ledger_support import claim, make_record, person, statement, words


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "l.db"
    putin = person("e1", "Vladimir Putin", roles=["President"])
    with Ledger(path) as ledger:
        ledger.add(make_record(
            "Vladimir Putin said Russia was ready for negotiations on Ukraine. " + words(1), url="https://a.example/1",
            outlet="Agency A", published="2023-12-19", title="Putin ready for Ukraine negotiations",
            entities=[putin, person("e2", "Dmitry Peskov")],
            statements=[statement("s1", "Vladimir Putin", "e1", "Russia is ready for negotiations on Ukraine"),
                        statement("s2", "Dmitry Peskov", "e2", "the Kremlin has no plans for a meeting")],
            claims=[claim("c1", "about 300,000 troops", 300000, "Russian troops in Ukraine", unit="troops",
                          source="Vladimir Putin", entity_id="e1")]))
        ledger.add(make_record(
            "Putin said weeks ago that talks were impossible. " + words(2), url="https://b.example/2",
            outlet="Paper B", published="2023-12-20", title="Kremlin says Ukraine negotiations impossible",
            entities=[person("e1", "Putin")],
            statements=[statement("s1", "Putin", "e1", "negotiations with Ukraine are impossible now",
                                  when="2023-11-02")],
            claims=[claim("c1", "617,000 troops", 617000, "Russian troops in Ukraine", unit="troops")]))
        ledger.add(make_record(
            "An undated piece. " + words(3), url="https://c.example/3", outlet="Blog C", not_before="2023-10-01",
            entities=[person("e1", "Vladimir Putin")],
            statements=[statement("s1", "Vladimir Putin", "e1", "the economy is growing fast")],
            claims=[claim("c1", "3.5 percent growth", 3.5, "Russian GDP growth", unit="percent", kind="percent")]))
        ledger.add(make_record(
            "Another view of growth. " + words(4), url="https://d.example/4", outlet="Paper D", published="2023-12-21",
            claims=[claim("c1", "3.5 percent", 3.5, "Russian GDP growth", unit="percent", kind="percent")]))
    return str(path)


def test_who_said_newest_first_and_filters(db):
    with Ledger(db) as ledger:
        rows = ledger.who_said("Putin")
        assert [r["content"] for r in rows] == ["Russia is ready for negotiations on Ukraine",
                                                "negotiations with Ukraine are impossible now",
                                                "the economy is growing fast"]
        assert {r["speaker"] for r in rows} == {"Vladimir Putin"}
        about = ledger.who_said("Vladimir Putin", about="negotiations")
        assert len(about) == 2
        assert [r["date"] for r in ledger.who_said("putin", since="2023-11-01", until="2023-11-30")] == ["2023-11-02"]
        assert ledger.who_said("Peskov")[0]["content"].startswith("the Kremlin")
        with pytest.raises(LedgerError, match="no speaker"):
            ledger.who_said("Nobody Atall")


def test_timeline_uses_statement_date_then_published_then_not_before(db):
    with Ledger(db) as ledger:
        rows = ledger.timeline("Vladimir Putin")
    assert [(r["date"], r["date_source"]) for r in rows] == [
        ("2023-10-01", "not-before"), ("2023-11-02", "statement"), ("2023-12-19", "published")]
    with Ledger(db) as ledger:
        assert len(ledger.timeline("Putin", about="economy")) == 1


def test_search_covers_statements_claims_and_articles_with_snippets(db):
    with Ledger(db) as ledger:
        rows = ledger.search("negotiations")
        assert {r["type"] for r in rows} == {"statement", "article"}
        assert all("[negotiations]" in r["snippet"].lower() for r in rows)
        troops = ledger.search("troops", kinds=["claim"])
        assert len(troops) == 2 and all(r["type"] == "claim" for r in troops)
        # Punctuation is not FTS syntax: a user's text never becomes a syntax error.
        assert ledger.search("Ukraine's negotiations?")
        with pytest.raises(LedgerError):
            ledger.search('"unbalanced')


def test_stories_group_articles_about_one_event(db):
    with Ledger(db) as ledger:
        rows = ledger.stories(min_articles=2)
        assert len(rows) == 1
        story = rows[0]
        assert story["articles"] == 2 and story["outlets"] == 2
        members = ledger.story_articles(story["story"])
        assert {m["outlet"] for m in members} == {"Agency A", "Paper B"}


def test_numbers_show_disagreeing_sources_side_by_side(db):
    with Ledger(db) as ledger:
        rows = ledger.numbers()
        # 300,000 vs 617,000 troops disagree; both 3.5 % growth figures agree.
        assert [(r["value"], r["source"]) for r in rows] == [(300000.0, "Vladimir Putin"), (617000.0, "Paper B")]
        assert ledger.numbers(about="GDP") == []
        assert len(ledger.numbers(about="troops")) == 2


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_cli_formats(db, fmt):
    runner = CliRunner()
    result = runner.invoke(main, ["who-said", "--db", db, "--speaker", "Putin", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert len(json.loads(result.output)) == 3
    elif fmt == "jsonl":
        assert [json.loads(line)["speaker"] for line in result.output.splitlines()] == ["Vladimir Putin"] * 3
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert len(rows) == 3 and rows[0]["outlet"] == "Agency A"
    else:
        assert "Vladimir Putin" in result.output and "Agency A" in result.output


@pytest.mark.parametrize("args", [
    ["search", "negotiations"], ["timeline", "Putin"], ["stories"], ["numbers"], ["entities", "list"],
    ["failures"], ["who-said", "--speaker", "Putin", "--about", "Ukraine"]])
def test_every_query_command_speaks_json(db, args):
    result = CliRunner().invoke(main, [*args, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.output), list)


def test_cli_errors_are_one_line(db, tmp_path):
    result = CliRunner().invoke(main, ["who-said", "--db", db, "--speaker", "Nobody Atall"])
    assert result.exit_code == 2
    assert "onrecord: error: no speaker called 'Nobody Atall'" in result.output
    missing = CliRunner().invoke(main, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no ledger here yet" in missing.output


def test_db_defaults_to_environment(db, monkeypatch):
    monkeypatch.setenv("ONRECORD_DB", db)
    result = CliRunner().invoke(main, ["search", "troops", "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 2


def test_entities_cli_merge(db):
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["entities", "list", "--db", db, "--format", "json"]).output)
    ids = {row["name"]: row["id"] for row in listed}
    merged = runner.invoke(main, ["entities", "merge", str(ids["Dmitry Peskov"]), str(ids["Vladimir Putin"]),
                                  "--db", db])
    assert merged.exit_code == 0, merged.output
    after = json.loads(runner.invoke(main, ["entities", "list", "--db", db, "--format", "json"]).output)
    assert [row["statements"] for row in after] == [4]


@pytest.mark.parametrize("common_hits, small_speaker", [(20_000, 5_000), (1, 5_000), (1, 0)])
def test_every_who_said_plan_gives_the_same_answer(tmp_path, monkeypatch, common_hits, small_speaker):
    """The three plans (rare word, common word + small speaker, common word +
    much-quoted speaker) are forced in turn with tiny thresholds."""
    from onrecord.ledger import queries

    with Ledger(tmp_path / "l.db") as ledger:
        for n in range(12):
            ledger.add(make_record(words(100 + n), url=f"https://p.example/{n}", published=f"2023-12-{n + 10:02d}",
                                   entities=[person("e1", "Vladimir Putin"), person("e2", "Joe Biden")],
                                   statements=[statement("s1", "Vladimir Putin", "e1",
                                                         f"talks number {n}" if n % 3 else f"war number {n}"),
                                               statement("s2", "Joe Biden", "e2", f"talks reply {n}")]))
        monkeypatch.setattr(queries, "COMMON_HITS", common_hits)
        monkeypatch.setattr(queries, "SMALL_SPEAKER", small_speaker)
        rows = ledger.who_said("Putin", about="talks", limit=5)
        assert [r["content"] for r in rows] == ["talks number 11", "talks number 10", "talks number 8",
                                                "talks number 7", "talks number 5"]
        oldest = ledger.timeline("Putin", about="talks", limit=3)
        assert [r["content"] for r in oldest] == ["talks number 1", "talks number 2", "talks number 4"]


def test_search_ranks_only_the_newest_candidates(db, monkeypatch):
    from onrecord.ledger import queries

    with Ledger(db) as ledger:
        everything = ledger.search("Ukraine")
        monkeypatch.setattr(queries, "CANDIDATES", 1)
        newest = ledger.search("Ukraine")
    assert sorted(r["type"] for r in everything) == ["article", "article", "claim", "claim", "statement", "statement"]
    # One candidate per table: the newest ingested of each kind (its own date may be older).
    assert sorted((r["type"], r["date"]) for r in newest) == [
        ("article", "2023-12-20"), ("claim", "2023-12-20"), ("statement", "2023-11-02")]
