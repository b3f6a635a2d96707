"""Stories form without dates and can be rebuilt; lower-bound dates say so."""

from __future__ import annotations

import json

from click.testing import CliRunner

from onrecord.cli import main
from onrecord.ledger import Ledger
from test_ledger_support import make_record, person, statement, words

TITLE = "Senate passes sweeping climate bill after marathon debate"


def _add(ledger, seed, title, *, published=None, not_before=None, entities=()):
    ledger.add(make_record(words(seed), url=f"https://s{seed}.example/a", outlet=f"Outlet {seed}",
                           published=published, not_before=not_before, title=title, entities=list(entities),
                           statements=[statement("s1", "Chuck Schumer", "e1", f"the bill is historic {seed}")]))


def test_undated_articles_join_stories_by_content(tmp_path):
    schumer = person("e1", "Chuck Schumer")
    with Ledger(tmp_path / "l.db") as ledger:
        _add(ledger, 1, TITLE, entities=[schumer])
        _add(ledger, 2, "Climate bill passes Senate after marathon debate", entities=[schumer])
        _add(ledger, 3, "Zoo welcomes twin panda cubs", entities=[person("e1", "Mei Lin")])
        rows = ledger.stories()
        assert len(rows) == 1 and rows[0]["articles"] == 2
        # an undated article also joins a dated one's story
        _add(ledger, 4, TITLE + " today", published="2024-05-02", entities=[schumer])
        assert ledger.stories()[0]["articles"] == 3


def test_rebuild_reclusters_the_whole_ledger(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        # far apart in time when ingested: two stories
        _add(ledger, 1, TITLE, published="2024-05-01", entities=[person("e1", "Chuck Schumer")])
        _add(ledger, 2, TITLE, published="2024-06-20", entities=[person("e1", "Chuck Schumer")])
        assert ledger.stories() == []
        # a hand fix that moves the dates closer is picked up by a rebuild
        ledger.conn.execute("UPDATE articles SET published = '2024-05-02' WHERE url LIKE 'https://s2.%'")
        before = ledger.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    result = CliRunner().invoke(main, ["stories", "--db", str(path), "--rebuild", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output[result.output.index("["):])
    assert len(rows) == 1 and rows[0]["articles"] == 2
    with Ledger(path) as ledger:
        assert ledger.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == before - 1
        assert ledger.conn.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0] == 0


def test_lower_bound_dates_are_shown_as_such(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        _add(ledger, 1, TITLE, not_before="2023-12-14", entities=[person("e1", "Chuck Schumer")])
        _add(ledger, 2, TITLE, not_before="2023-12-15", entities=[person("e1", "Chuck Schumer")])
        rows = ledger.who_said("Schumer")
        assert {(r["date"], r["date_not_before"]) for r in rows} == {("2023-12-14", True), ("2023-12-15", True)}
        story = ledger.stories()[0]
        assert story["first_published"] == "2023-12-14" and story["first_published_not_before"] is True
        assert ledger.story_articles(story["story"])[0]["date_not_before"] is True
        assert all(r["date_not_before"] for r in ledger.search("historic"))
    runner = CliRunner()
    for args in (["who-said", "--speaker", "Schumer"], ["timeline", "Schumer"], ["stories"], ["search", "historic"]):
        result = runner.invoke(main, [*args, "--db", str(path)], terminal_width=200)
        assert result.exit_code == 0, result.output
        assert "≥ 2023-12-14" in result.output, args
    out = tmp_path / "dump"
    assert runner.invoke(main, ["export", "--db", str(path), "--format", "jsonl", "--out", str(out)]).exit_code == 0
    article = json.loads((out / "articles.jsonl").read_text().splitlines()[0])
    assert article["published"] is None and article["published_not_before"] == "2023-12-14"
    stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    assert stories[0]["first_not_before"] == 1
    statement_row = json.loads((out / "statements.jsonl").read_text().splitlines()[0])
    assert statement_row["date_source"] == "not-before"
