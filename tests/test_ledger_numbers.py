"""numbers lines up claims only about the same quantity, and says why."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.ledger import Ledger
from onrecord.ledger.measures import measure_key
from test_ledger_support import claim, make_record, person, words


@pytest.mark.parametrize("subject, key", [
    ("the unemployment rate", "unemployment rate"),
    ("members of the Democratic National Committee", "members of democratic national committee"),
    ("Donald Trump's share of the vote", "donald trump share of vote"),
    ("private sector jobs", "private sector jobs"),
    # pronouns and demonstratives name nothing without their antecedent
    ("it", None), ("That", None), ("A quarter of that", None), ("its share of the vote", None), ("those", None),
    # a name or a role is who, not what; a lone common noun is too vague
    ("Trump", None), ("Clean Power Plan", None), ("Democratic nominee", None), ("money", None),
    ("voters", None), ("Nearly half the money", None), ("million dollars", None),
])
def test_measured_thing(subject, key):
    assert measure_key(subject) == key


def test_owner_is_the_ledger_entity():
    owners = {"trump": "donald trump"}
    assert measure_key("Trump's share of the vote", owners) == measure_key("Donald Trump's share of the vote", owners)


def _article(ledger, seed, claims, *, entities=(), published=None, outlet=None):
    ledger.add(make_record(words(seed), url=f"https://n{seed}.example/a", outlet=outlet or f"Outlet {seed}",
                           published=published, entities=list(entities), claims=claims))


def test_pronoun_and_name_subjects_are_never_compared(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        _article(ledger, 1, [claim("c1", "1.8 percent", 1.8, "it", unit="percent", kind="percent")])
        _article(ledger, 2, [claim("c1", "4.2 percent", 4.2, "It", unit="percent", kind="percent")])
        _article(ledger, 3, [claim("c1", "41.7 percent", 41.7, "Trump", unit="percent", kind="percent")])
        _article(ledger, 4, [claim("c1", "47.1 percent", 47.1, "Trump", unit="percent", kind="percent")])
        assert ledger.numbers() == []
        assert ledger.search("percent", kinds=["claim"])  # still in the ledger, only not compared


def test_same_quantity_is_lined_up_with_its_reason(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        rate = "the unemployment rate"
        _article(ledger, 1, [claim("c1", "5.1 percent", 5.1, rate, unit="percent", kind="percent")],
                 published="2016-09-02")
        _article(ledger, 2, [claim("c1", "4.9 percent", 4.9, rate, unit="percent", kind="percent")],
                 published="2016-09-05")
        # the same words a year apart are another moment, not a dispute
        _article(ledger, 3, [claim("c1", "7.9 percent", 7.9, rate, unit="percent", kind="percent")],
                 published="2015-08-01")
        rows = ledger.numbers()
        assert [(r["value"], r["group"]) for r in rows] == [(5.1, 1), (4.9, 1)]
        assert all(r["measured"] == "unemployment rate" for r in rows)
        assert "same 'unemployment rate', percent, percent; dated 3 days apart" in rows[0]["reason"]
        assert "against 4.9 percent from Outlet 2" in rows[0]["reason"]
        pairs = ledger.number_pairs()
        assert len(pairs) == 1 and pairs[0][2].startswith("same 'unemployment rate'")


def test_owner_tells_two_quantities_apart(tmp_path):
    trump, clinton = person("e1", "Donald Trump"), person("e1", "Hillary Clinton")
    with Ledger(tmp_path / "l.db") as ledger:
        _article(ledger, 1, [claim("c1", "44 percent", 44, "Trump's share of the vote", unit="percent",
                                   kind="percent")], entities=[person("e1", "Donald Trump", aliases=["Trump"])])
        _article(ledger, 2, [claim("c1", "46 percent", 46, "Clinton's share of the vote", unit="percent",
                                   kind="percent")], entities=[clinton])
        assert ledger.numbers() == []
        _article(ledger, 3, [claim("c1", "41 percent", 41, "Donald Trump's share of the vote", unit="percent",
                                   kind="percent")], entities=[trump])
        rows = ledger.numbers()
        assert {r["value"] for r in rows} == {44.0, 41.0}
        assert rows[0]["measured"] == "donald trump share of vote"


def test_stated_times_must_agree(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        budget = "the state education budget"
        first = claim("c1", "$2 billion in 2014", 2e9, budget, unit="USD", kind="money")
        first["time"] = {"text": "2014", "date": "2014-01-01"}
        second = claim("c1", "$3 billion in 2016", 3e9, budget, unit="USD", kind="money")
        second["time"] = {"text": "2016", "date": "2016-01-01"}
        _article(ledger, 1, [first])
        _article(ledger, 2, [second])
        assert ledger.numbers() == []


def test_numbers_json_carries_the_reason(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        for seed, value in ((1, 300), (2, 450)):
            _article(ledger, seed, [claim("c1", f"{value} police officers", value, "police officers on duty",
                                          unit="officers")], published="2016-01-0" + str(seed))
    result = CliRunner().invoke(main, ["numbers", "--db", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["value"] for r in rows} == {300.0, 450.0}
    assert all(r["reason"].startswith("same 'police officers on duty', officers") for r in rows)
    table = CliRunner().invoke(main, ["numbers", "--db", str(path)])
    assert table.exit_code == 0 and "reason" in table.output and "police" in table.output


def test_a_law_figure_is_compared_across_months(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        wage = "the current federal minimum wage"
        _article(ledger, 1, [claim("c1", "$7.25", 7.25, wage, unit="USD", kind="money")], published="2015-11-15")
        _article(ledger, 2, [claim("c1", "$7.50", 7.5, "the national minimum wage", unit="USD", kind="money")],
                 published="2016-03-29")
        rows = ledger.numbers()
        assert {r["value"] for r in rows} == {7.25, 7.5}
        assert rows[0]["measured"] == "federal minimum wage"
        # a moment's figure four months apart is another moment
        _article(ledger, 3, [claim("c1", "5.1 percent", 5.1, "the unemployment rate", unit="percent",
                                   kind="percent")], published="2015-11-15")
        _article(ledger, 4, [claim("c1", "4.9 percent", 4.9, "the unemployment rate", unit="percent",
                                   kind="percent")], published="2016-03-29")
        assert {r["measured"] for r in ledger.numbers()} == {"federal minimum wage"}


def test_a_share_of_people_is_never_the_source(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        rate = "the unemployment rate"
        first = claim("c1", "5.1 percent", 5.1, rate, unit="percent", kind="percent", source="5 percent")
        second = claim("c1", "4.9 percent", 4.9, rate, unit="percent", kind="percent",
                       source="42 percent of those responding")
        _article(ledger, 1, [first], published="2016-09-02")
        _article(ledger, 2, [second], published="2016-09-03")
        assert {r["source"] for r in ledger.numbers()} == {"Outlet 1", "Outlet 2"}
