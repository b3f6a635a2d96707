"""First names give a pronoun only when the census lists are one-sided."""

from onrecord.extract.gender import first_name_pronoun


def test_clear_first_names_take_their_pronoun() -> None:
    assert first_name_pronoun("John") == "he"
    assert first_name_pronoun("Elizabeth") == "she"
    assert first_name_pronoun("HILLARY") == "she"


def test_shared_unknown_and_initials_give_none() -> None:
    assert first_name_pronoun("Jordan") is None  # given to both
    assert first_name_pronoun("Sergei") is None  # not in the US lists
    assert first_name_pronoun("J.") is None
