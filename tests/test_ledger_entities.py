"""One speaker across articles, careful with common surnames, and fixes by hand."""

from __future__ import annotations

import pytest

from onrecord.errors import LedgerError
from onrecord.ledger import Ledger
from onrecord.ledger.entities import fold, split_title
from test_ledger_support import make_record, person, statement, words


def said(ledger, seed, name, content, *, entity=None, outlet="Outlet", published="2023-12-19"):
    entity = entity or person("e1", name)
    ledger.add(make_record(words(seed), url=f"https://news{seed}.example/a", outlet=outlet, published=published,
                           entities=[entity], statements=[statement("s1", name, "e1", content)]))


def speakers(ledger):
    return {row["name"]: row["statements"] for row in ledger.entities()}


def test_fold_and_titles():
    assert fold("Vladimir Putin's") == "vladimir putin"
    assert fold("Emmanuel Macron") == fold("EMMANUEL  MACRON")
    assert fold("Zelenskyy-Zelensky") == "zelenskyy zelensky"
    assert fold("José Mújica") == "jose mujica"
    assert split_title("President Vladimir Putin") == ("vladimir putin", ["president"])
    assert split_title("Sen. Elizabeth Warren") == ("elizabeth warren", ["sen"])


def test_full_name_then_surname_is_one_speaker(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Vladimir Putin", "Russia is ready to talk")
        said(ledger, 2, "Putin", "the West is to blame")
        assert speakers(ledger) == {"Vladimir Putin": 2}
        assert len(ledger.who_said("Putin")) == 2
        assert len(ledger.who_said("Vladimir Putin")) == 2


def test_surname_first_is_absorbed_by_a_later_full_name(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Putin", "the West is to blame")
        said(ledger, 2, "Vladimir Putin", "Russia is ready to talk")
        assert speakers(ledger) == {"Vladimir Putin": 2}
        merged = [r for r in ledger.entities(include_merged=True) if r["merged_into"]]
        assert len(merged) == 1


def test_title_and_case_variants_merge(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Emmanuel Macron", "Europe must act")
        said(ledger, 2, "President Emmanuel Macron", "France stands ready")
        said(ledger, 3, "EMMANUEL MACRON", "we will not give in")
        assert speakers(ledger) == {"Emmanuel Macron": 3}


def test_common_surname_needs_evidence(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "John Smith", "the budget is balanced")
        said(ledger, 2, "Smith", "the plant will close")
        assert speakers(ledger) == {"John Smith": 1, "Smith": 1}


def test_role_is_evidence_for_a_common_surname(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Adam Smith", "the budget is balanced", entity=person("e1", "Adam Smith", roles=["Senator"]))
        said(ledger, 2, "Senator Smith", "the bill will pass",
             entity=person("e1", "Senator Smith", roles=["Senator"]))
        assert speakers(ledger) == {"Adam Smith": 2}


def test_two_people_with_one_surname_are_not_guessed(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Hillary Clinton", "I will win")
        said(ledger, 2, "Bill Clinton", "she will win")
        said(ledger, 3, "Clinton", "it is a close race")
        assert speakers(ledger) == {"Hillary Clinton": 1, "Bill Clinton": 1, "Clinton": 1}
        said(ledger, 4, "Clinton", "my husband agrees",
             entity=person("e1", "Clinton", aliases=["Hillary Clinton"]))
        assert speakers(ledger)["Hillary Clinton"] == 2


def test_organisations_merge_on_alias(tmp_path):
    kremlin = {"id": "e1", "name": "the Kremlin", "type": "ORG", "aliases": ["Kremlin"], "mentions": []}
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "the Kremlin", "no talks planned", entity=kremlin)
        said(ledger, 2, "Kremlin", "talks are possible",
             entity={"id": "e1", "name": "Kremlin", "type": "ORG", "mentions": []})
        assert [r["statements"] for r in ledger.entities(type_="ORG")] == [2]


def test_speaker_without_entity_gets_one(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.add(make_record(words(1), statements=[statement("s1", "Dmitry Peskov", None, "no comment")]))
        ledger.add(make_record(words(2), statements=[statement("s1", "he", None, "nothing to add")]))
        assert speakers(ledger) == {"Dmitry Peskov": 1}


def test_manual_merge_split_and_rename(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Volodymyr Zelensky", "we will fight on")
        said(ledger, 2, "Volodymyr Zelenskyy", "we need air defence")
        assert len(speakers(ledger)) == 2
        kept = ledger.merge("Volodymyr Zelenskyy", "Volodymyr Zelensky")
        assert speakers(ledger) == {"Volodymyr Zelensky": 2}
        assert len(ledger.who_said("Zelenskyy")) == 2
        new_id = ledger.split(kept, "Volodymyr Zelenskyy")
        assert new_id != kept
        assert sorted(speakers(ledger).values()) == [1, 1]
        ledger.rename(kept, "Volodymyr Zelenskyy")
        assert "Volodymyr Zelenskyy" in speakers(ledger)
        actions = [r[0] for r in ledger.conn.execute("SELECT action FROM merges ORDER BY id")]
        assert actions == ["merge", "split", "rename"]


def test_merge_of_an_ambiguous_name_is_refused(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Hillary Clinton", "I will win")
        said(ledger, 2, "Bill Clinton", "she will win")
        with pytest.raises(LedgerError, match="exactly one entity"):
            ledger.merge("Clinton", "Hillary Clinton")


def test_descriptions_are_not_names():
    from onrecord.ledger.entities import proper_name

    assert proper_name("Republican presidential candidate Donald Trump")[0] == "Donald Trump"
    assert proper_name("Mexican President Felipe Calderon")[0] == "Felipe Calderon"
    assert proper_name("Ursula von der Leyen")[0] == "Ursula von der Leyen"
    assert proper_name("Bashar al-Assad")[0] == "Bashar al-Assad"
    assert proper_name("the candidate")[0] is None and proper_name("he")[0] is None
    assert proper_name("Justice Department", "ORG")[0] == "Justice Department"
    assert proper_name("the Kremlin", "ORG")[0] == "Kremlin"


def test_in_article_coreference_mistakes_do_not_spread(tmp_path):
    """One article's extractor tied "Joe Biden" and "the president" to Obama;
    the ledger keeps Biden separate and never makes "the judge" a person."""
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Barack Obama", "we will recover",
             entity=person("e1", "Barack Obama", aliases=["Obama", "Joe Biden", "the president"]))
        said(ledger, 2, "Joe Biden", "the economy is back")
        said(ledger, 3, "the judge", "the motion is denied", entity=person("e1", "the judge"))
        said(ledger, 4, "the judge", "the case is closed", entity=person("e1", "the judge"))
        assert speakers(ledger) == {"Barack Obama": 1, "Joe Biden": 1}
        assert ledger.who_said("Biden")[0]["content"] == "the economy is back"
        assert {r["speaker"] for r in ledger.timeline("Obama")} == {"Barack Obama"}


def test_cached_counts_match_a_recount_after_merges(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Putin", "the West is to blame")
        said(ledger, 2, "Vladimir Putin", "Russia is ready to talk")   # absorbs the surname-only entity
        said(ledger, 3, "Putin", "talks can start")
        said(ledger, 4, "Joe Biden", "Ukraine decides")
        ledger.merge("Joe Biden", "Vladimir Putin")
        wrong = ledger.conn.execute(
            "SELECT count(*) FROM entities e WHERE mention_count <> (SELECT count(*) FROM mentions WHERE entity_id = e.id) "
            "OR statement_count <> (SELECT count(*) FROM statements WHERE speaker_id = e.id)").fetchone()[0]
        assert wrong == 0
        assert speakers(ledger) == {"Vladimir Putin": 4}


def test_surname_goes_to_the_person_the_ledger_names_overwhelmingly_more_often(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        for seed in range(1, 5):
            said(ledger, seed, "Barack Obama", f"the economy is growing, part {seed}")
        said(ledger, 5, "Michelle Obama", "when they go low, we go high")
        said(ledger, 6, "Obama", "the deal is good for America")
        assert speakers(ledger) == {"Barack Obama": 5, "Michelle Obama": 1}


def test_surname_of_two_people_named_about_as_often_stays_apart(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Hillary Clinton", "we are stronger together")
        said(ledger, 2, "Bill Clinton", "she is the best change-maker")
        said(ledger, 3, "Clinton", "the race is close")
        assert speakers(ledger) == {"Hillary Clinton": 1, "Bill Clinton": 1, "Clinton": 1}


def test_middle_name_and_suffix_are_the_same_person(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Hillary Clinton", "the economy is growing")
        said(ledger, 2, "Hillary Rodham Clinton", "wages must rise")
        said(ledger, 3, "Joseph R. Biden Jr.", "we will win")
        said(ledger, 4, "Joseph Biden", "we will win again")
        counts = speakers(ledger)
        assert counts["Hillary Clinton"] == 2
        assert sorted(counts.values()) == [2, 2]  # one Biden, whatever his display name


def test_group_written_as_honorific_and_surname_is_the_person(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        said(ledger, 1, "Barack Obama", "the economy is growing")
        said(ledger, 2, "Mr. Obama", "wages must rise", entity=person("e1", "Mr. Obama", type_="GROUP"))
        assert speakers(ledger)["Barack Obama"] == 2
