"""The finder's merge policy between rule and tagger attributions."""

from __future__ import annotations

import pytest

from onrecord.extract.attribution import finder
from onrecord.extract.attribution.finder import find_attributions, merge
from onrecord.extract.attribution.types import RawAttribution


def raw(spans, source=None, cue=None, kind="indirect", origin="tagger") -> RawAttribution:
    return RawAttribution(content_spans=list(spans), cue=cue, source=source, kind=kind, origin=origin)


def test_the_tagger_keeps_its_boundaries_and_borrows_a_missing_source():
    rule = raw([(40, 70)], source=(30, 35), cue=(36, 40), kind="direct", origin="rules")
    tag = raw([(41, 80)])
    (merged,) = merge([rule], [tag])
    assert merged.origin == "tagger"
    assert merged.content_spans == [(41, 80)]
    assert merged.source == (30, 35) and merged.cue == (36, 40)


def test_the_tagger_s_source_stands_and_the_rule_s_fills_a_gap():
    rule = raw([(40, 70)], source=(30, 35), origin="rules")
    tag = raw([(41, 80)], source=(0, 5))
    (merged,) = merge([rule], [tag])
    assert merged.source == (0, 5) and merged.content_spans == [(41, 80)]
    (filled,) = merge([raw([(40, 70)], source=(30, 35), origin="rules")], [raw([(41, 80)])])
    assert filled.source == (30, 35)
    (preferred,) = merge([raw([(40, 70)], source=(30, 35), origin="rules")], [raw([(41, 80)], source=(0, 5))],
                         prefer_rule_source=True)
    assert preferred.source == (30, 35)


def test_a_rule_direct_quote_replaces_the_tagger_s_only_when_asked():
    rule = raw([(0, 20)], source=(22, 27), cue=(28, 32), kind="direct", origin="rules")
    assert merge([rule], [raw([(1, 18)])], replace_direct=True) == [rule]
    assert merge([rule], [raw([(1, 18)])])[0].origin == "tagger"


def test_rule_only_attributions_are_kept_only_for_admitted_kinds(monkeypatch):
    rule = raw([(100, 120)], source=(90, 95), kind="direct", origin="rules")
    tag = raw([(0, 30)], source=(31, 35))
    assert merge([rule], [tag]) == [tag]
    monkeypatch.setattr(finder, "ADD_RULE_ONLY", frozenset({"direct"}))
    assert merge([rule], [tag]) == [tag, rule]


def test_one_tagger_attribution_is_claimed_by_one_rule_only():
    tag = raw([(0, 100)])
    first = raw([(0, 40)], source=(101, 105), origin="rules")
    second = raw([(50, 90)], source=(120, 125), origin="rules")
    (merged,) = merge([first, second], [tag])
    assert merged.source == (101, 105)


def test_unknown_mode_is_refused(monkeypatch):
    monkeypatch.setenv("ONRECORD_FINDER", "magic")
    with pytest.raises(ValueError):
        find_attributions(None)  # type: ignore[arg-type]


def test_a_rule_quote_replaces_a_tagger_content_that_ran_over_its_cue():
    # '„We will not give up“, said Anna Schmidt': the tagger read it all as content
    rule = raw([(1, 20)], source=(28, 40), cue=(23, 27), kind="direct", origin="rules")
    tag = raw([(0, 40)], kind="direct")
    assert merge([rule], [tag]) == [rule]
    # nested speech ('officials said that Putin told them "X"') keeps the tagger's outer content
    rule = raw([(30, 40)], source=(10, 15), cue=(16, 20), kind="direct", origin="rules")
    tag = raw([(5, 41)])
    assert merge([rule], [tag])[0].origin == "tagger"


def test_same_words_as_a_rule_quote_make_the_tagger_content_direct():
    text = "'We are ready,' said Tom Jones."
    rule = raw([(1, 13)], source=(21, 30), cue=(16, 20), kind="direct", origin="rules")
    tag = raw([(0, 13)], kind="indirect")
    (merged,) = merge([rule], [tag], text=text)
    assert merged.kind == "direct" and merged.origin == "tagger"


def test_a_quote_whose_speaker_is_named_in_the_next_paragraph_is_kept():
    rule = raw([(1, 40)], source=(60, 70), cue=(55, 59), kind="direct", origin="rules")
    rule.extra["speaker_from"] = "next paragraph"
    assert merge([rule], []) == [rule]


def test_a_rule_whose_content_holds_the_tagger_s_cue_wins():
    # 'According to the agency, 6.3 million Ukrainians have sought protection':
    # the tagger took "have sought" for a cue, the rule's content holds it
    rule = raw([(26, 91)], source=(13, 24), cue=(0, 12), origin="rules")
    tag = raw([(71, 81)], cue=(59, 70), source=(13, 24))
    assert merge([rule], [tag]) == [rule]


def test_an_anchored_frame_claims_its_whole_content():
    from onrecord.extract.attribution.statements import _claimed_by_anchored

    # "Putin's remarks included X and highlighted Y": the tagger made one statement of both
    tagged = raw([(30, 60), (80, 120)], source=(0, 5), cue=(65, 76))
    frame = raw([(20, 60)], source=(0, 15), cue=(16, 24), origin="rules")
    out = _claimed_by_anchored([tagged], [frame])
    assert [a.content_spans for a in out] == [[(80, 120)], [(20, 60)]]
    # "provided details on X, Y and Z": the tagger cut the content short; the frame replaces it
    short = raw([(40, 70)], source=(0, 5), cue=(10, 18))
    whole = raw([(30, 95)], source=(0, 5), cue=(10, 29), origin="rules")
    assert _claimed_by_anchored([short], [whole]) == [whole]


def test_an_anchored_frame_quoted_inside_a_longer_content_stays_out():
    from onrecord.extract.attribution.statements import _claimed_by_anchored

    outer = raw([(10, 100)], source=(0, 5), cue=(6, 9))
    nested = raw([(40, 60)], cue=(62, 74), origin="rules")  # "..., according to officials" inside it
    assert _claimed_by_anchored([outer], [nested]) == [outer]
    assert outer.content_spans == [(10, 100)]


def test_a_short_content_with_neither_cue_nor_source_is_dropped():
    text = "money and the budget deficit of the state"
    fragment = raw([(0, 5)])
    longer = raw([(0, len(text))])
    with_cue = raw([(0, 5)], cue=(10, 13))
    with_source = raw([(0, 5)], source=(10, 13))
    kept = finder.without_fragments(text, [fragment, longer, with_cue, with_source])
    assert kept == [longer, with_cue, with_source]


def test_a_content_of_one_article_or_preposition_is_dropped_whatever_its_cue():
    text = "They agreed the plan was revealed to the press."
    the = raw([(12, 15)], cue=(5, 11), source=(0, 4))
    to = raw([(34, 36)], cue=(25, 33), source=(16, 20))
    which_like = raw([(0, 4)], cue=(5, 11))  # 'They': a pronoun may stand for a content
    assert finder.without_fragments(text, [the, to, which_like]) == [which_like]
