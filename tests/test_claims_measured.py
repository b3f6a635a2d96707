"""A share's subject names what it measures: whose support against whom, among whom; whose share."""

from __future__ import annotations

import pytest

from onrecord.ledger.measures import measure_key, window_days


@pytest.fixture(scope="module")
def claims_of(extractor):
    def run(text):
        return {c.text: c.subject for c in extractor.extract(text, kind="body").claims}
    return run


def test_poll_pair_goes_to_the_race_words_subject_and_object(claims_of):
    subjects = claims_of("Poll: Clinton and Sanders close in California.\n\nThe survey finds Hillary Clinton with "
                         "only a small lead over Bernie Sanders, 46 percent to 44 percent, among likely voters.")
    assert subjects["46 percent"] == "Hillary Clinton's support against Bernie Sanders among likely voters in California"
    assert subjects["44 percent"] == "Bernie Sanders's support against Hillary Clinton among likely voters in California"


def test_pair_without_race_words_names_nothing(claims_of):
    subjects = claims_of("Voters say Hillary Clinton represents their views better than Bernie Sanders does, "
                         "73 percent to 63 percent.")
    assert "support" not in (subjects.get("73 percent") or "")


def test_pronoun_owner_resolves_to_the_one_person_named(claims_of):
    subjects = claims_of("By winning the primary in Ohio, John Kasich picked up all 66 of the state's delegates. "
                         "Now all he has to do is win 91 percent of the remaining delegates.")
    assert subjects["91 percent of the remaining delegates"] == "John Kasich's share of remaining delegates"


def test_pronoun_with_two_people_in_reach_stays_unresolved(claims_of):
    subjects = claims_of("John Kasich met Marco Rubio on Monday. "
                         "Now all he has to do is win 91 percent of the remaining delegates.")
    assert "share" not in (subjects["91 percent of the remaining delegates"] or "")


def test_people_asked_with_their_answer(claims_of):
    subjects = claims_of("Fifty-four percent of active duty military personnel said they would vote for "
                         "Donald Trump in the poll.")
    assert subjects["Fifty-four percent of active duty military personnel"] == (
        "Donald Trump's support among active duty military personnel")


def test_keys_from_measured_subjects():
    owners = {"sanders": "bernie sanders", "bernie sanders": "bernie sanders", "clinton": "hillary clinton"}
    assert measure_key("Clinton's support against Sanders", owners, "percent") == (
        "hillary clinton support against bernie sanders")
    assert measure_key("the current federally mandated minimum wage") == "federal minimum wage"
    assert measure_key("the national minimum wage") == "federal minimum wage"
    assert measure_key("1,737 registered voters", kind="count") is None  # a poll's sample


def test_a_law_figure_stands_longer_than_a_moment():
    assert window_days("federal minimum wage", 14) == 365
    assert window_days("unemployment rate", 14) == 14
