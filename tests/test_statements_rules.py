"""The rule finder on one small sentence per pattern: every quoting style,
split and running quotes, reported speech frames, nominal and mixed forms."""

from __future__ import annotations

import pytest

from onrecord.extract.attribution.quotes import find_quotes
from onrecord.extract.attribution.rules import rule_attributions


@pytest.fixture(scope="module")
def nlp():
    from onrecord.nlp import load_pipeline

    return load_pipeline()


def found(nlp, text):
    """(source, cue, [content pieces], kind) for each attribution."""
    doc = nlp(text)
    out = []
    for a in rule_attributions(doc):
        out.append((text[slice(*a.source)] if a.source else None,
                    text[slice(*a.cue)] if a.cue else None,
                    [text[s:e] for s, e in a.content_spans], a.kind))
    return out


CASES = [
    # direct quotes, every mark style, speaker after / before / inverted
    ('"We will not retreat," Putin said.', [("Putin", "said", ["We will not retreat"], "direct")]),
    ("“We will not retreat,” said the minister.",
     [("the minister", "said", ["We will not retreat"], "direct")]),
    ("‘We are ready,’ the spokesman told reporters.",
     [("the spokesman", "told", ["We are ready"], "direct")]),
    ("He said « we are ready to talk » yesterday.", [("He", "said", ["we are ready to talk"], "direct")]),
    ("The mayor said: „We are not leaving this city.“",
     [("The mayor", "said", ["We are not leaving this city"], "direct")]),
    ("''We are not going anywhere,'' Mr. Sanders said.",
     [("Mr. Sanders", "said", ["We are not going anywhere"], "direct")]),
    ("Putin said: 'Our positions will not change.'",
     [("Putin", "said", ["Our positions will not change"], "direct")]),
    # split around the cue: one attribution, two pieces
    ('"We will not retreat," he said, "and we will win."',
     [("he", "said", ["We will not retreat", "and we will win"], "direct")]),
    # "— Name" after the quote
    ("“We will never surrender to them.” — Winston Churchill",
     [("Winston Churchill", None, ["We will never surrender to them"], "direct")]),
    # reported speech with a clause
    ("President Vladimir Putin stated on Tuesday that Russia would be willing to talk.",
     [("President Vladimir Putin", "stated", ["Russia would be willing to talk"], "indirect")]),
    ("The senator told reporters on Monday that the bill would pass.",
     [("The senator", "told", ["the bill would pass"], "indirect")]),
    ("Putin emphasized that any talks would be based on national interests, and he asserted that "
     "Russia would not give up its territory.",
     [("Putin", "emphasized", ["any talks would be based on national interests"], "indirect"),
      ("he", "asserted", ["Russia would not give up its territory"], "indirect")]),
    ("The economy is improving, Obama said.", [("Obama", "said", ["The economy is improving"], "indirect")]),
    # the cue set off by commas inside the clause it reports: two pieces
    ("The goal, he said, is to forge a durable cease-fire.",
     [("he", "said", ["The goal", "is to forge a durable cease-fire"], "indirect")]),
    # participles take the subject of the verb they hang on
    ("Officials questioned the plan, suggesting that it might be delayed.",
     [("Officials", "questioned", ["the plan"], "indirect"),
      ("Officials", "suggesting", ["it might be delayed"], "indirect")]),
    ("Shoigu mentioned the recruitment of soldiers, stating that Russia had taken on 490,000 soldiers.",
     [("Shoigu", "mentioned", ["the recruitment of soldiers"], "indirect"),
      ("Shoigu", "stating", ["Russia had taken on 490,000 soldiers"], "indirect")]),
    # noun-phrase objects and light verbs
    ("The defense minister also highlighted the extensive deployment of minefields and ditches in Ukraine.",
     [("The defense minister", "highlighted", ["the extensive deployment of minefields and ditches in Ukraine"],
       "indirect")]),
    ('"There is hatred," Trump said on "Breitbart News Daily."',
     [("Trump", "said", ["There is hatred"], "direct")]),
    ("The lawsuit alleged that police used the identity as a “permissible proxy for criminality.”",
     [("The lawsuit", "alleged", ["police used the identity as a “permissible proxy for criminality.”"], "mixed")]),
    ("She described Trump as “a pathological narcissistic sociopath.”",
     [("She", "described", ["Trump as “a pathological narcissistic sociopath.”"], "mixed")]),
    ("The minister provided details on the increased production of tanks since February.",
     [("The minister", "provided details on", ["the increased production of tanks since February"],
       "indirect")]),
    ("While Putin has expressed willingness to discuss peace, critics remain unconvinced.",
     [("Putin", "has expressed", ["willingness to discuss peace"], "indirect")]),
    ("Sanders vowed to fight on until the convention.",
     [("Sanders", "vowed", ["to fight on until the convention"], "indirect")]),
    # nominal attributions
    ("Putin’s remarks included an affirmation of military goals and highlighted the need for new weapons.",
     [("Putin’s remarks", "included", ["an affirmation of military goals"], "indirect"),
      ("Putin’s remarks", "highlighted", ["the need for new weapons"], "indirect")]),
    ("In a statement, the ministry said the talks had failed.",
     [("the ministry", "said", ["the talks had failed"], "indirect")]),
    ("According to officials, the attack killed 12 people.",
     [("officials", "According to", ["the attack killed 12 people"], "indirect")]),
    ("The attack killed 12 people, according to the ministry.",
     [("the ministry", "according to", ["The attack killed 12 people"], "indirect")]),
    # a relative pronoun is the source as written (the resolver follows it)
    ("Obama, who said the economy was improving, left early.",
     [("who", "said", ["the economy was improving"], "indirect")]),
    # a verb right after a quote ending in a comma is its cue, listed or not
    ('"They are moving it to Mexico City," Trump continued.',
     [("Trump", "continued", ["They are moving it to Mexico City"], "direct")]),
    # the speaker introduces the quote in the paragraph before, ending with a colon
    ("President Obama tweeted:\n\n\"Great speech. She is tested. She is ready.\"",
     [("President Obama", "tweeted", ["Great speech. She is tested. She is ready"], "direct")]),
    # a reported clause with a quoted fragment is mixed
    ("Trump said that the plan was “a total disaster” for the country.",
     [("Trump", "said", ["the plan was “a total disaster” for the country"], "mixed")]),
    ('The plan is a "disaster" for everyone, he said.',
     [("he", "said", ['The plan is a "disaster" for everyone'], "mixed")]),
    # not attributions
    ("The remarks signal Russia’s continued assertiveness in the region.", []),
    ("Russia controls around 17.5% of the territory.", []),
    ("She called a meeting on Monday.", []),
    ("He pointed to the sky.", []),
    # naming, particles, object + infinitive, poll findings, speaker labels
    ("He called the plan a 'scam' yesterday.", [("He", "called", ["the plan a 'scam'"], "mixed")]),
    ("Menendez pointed out that the rulings have real impact.",
     [("Menendez", "pointed out", ["the rulings have real impact"], "indirect")]),
    ("Mr. Hurt asked Norton to republish the book this year.",
     [("Mr. Hurt", "asked", ["Norton to republish the book this year"], "indirect")]),
    ("A new CNN poll shows Hillary Clinton and the Vermont senator in a dead heat.",
     [("A new CNN poll", "shows", ["Hillary Clinton and the Vermont senator in a dead heat"], "indirect")]),
    ("Clinton: Trump will reverse Roe v. Wade", [("Clinton", ":", ["Trump will reverse Roe v. Wade"], "indirect")]),
    # a poll "in" which a finding is reported (PolNeAR train annotates 66 of its 74 "in" cues so)
    ("In a new Fox News poll released Thursday, Donald Trump achieved 45 percent support.",
     [("a new Fox News poll", "In", ["Donald Trump achieved 45 percent support"], "indirect")]),
    ("Trump leads in the polls.", []),
    ("The university ranked 11th in the global survey.", []),
    ("She is an expert in survey design.", []),
    ("UPDATE: The story has been corrected.", []),
    # a transcript: capital labels the parser knows no entity for, two different speakers
    ("KATE BOLDUAN: Why not debate now?\n\nBENENSON: Senator Sanders does not get to decide.",
     [("KATE BOLDUAN", ":", ["Why not debate now?"], "indirect"),
      ("BENENSON", ":", ["Senator Sanders does not get to decide"], "indirect")]),
    ("UPDATE: The story has been corrected.\n\nThe mayor left early on Monday.", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_pattern(nlp, text, expected):
    assert found(nlp, text) == expected


def test_nested_attribution_is_not_reported_twice(nlp):
    got = found(nlp, "Officials said that Putin told them the war would end soon.")
    assert got == [("Officials", "said", ["Putin told them the war would end soon"], "indirect")]


def test_quote_in_next_sentence_continues_the_speaker(nlp):
    text = "“This is the first point,” she said. “And this is the second point.”"
    assert found(nlp, text) == [("she", "said", ["This is the first point", "And this is the second point"],
                                 "direct")]


def test_quote_running_over_paragraphs(nlp):
    text = ("“This is the first paragraph of a long quote,” she said. “It goes on here\n\n"
            "“And it continues in the next paragraph.”")
    [(source, cue, pieces, kind)] = found(nlp, text)
    assert (source, cue, kind) == ("she", "said", "direct")
    assert pieces[-1] == "And it continues in the next paragraph"


def test_bare_quote_after_a_sentence_has_no_source_here(nlp):
    text = "The senator was blunt.\n\n“We have to stop this madness now.”"
    assert found(nlp, text) == [(None, None, ["We have to stop this madness now"], "direct")]


def test_unbalanced_mark_does_not_swallow_the_article(nlp):
    text = ("He said “we will see what happens next week\n\n"
            "The talks resumed on Monday. The minister said that progress was slow.")
    got = found(nlp, text)
    assert ("The minister", "said", ["progress was slow"], "indirect") in got
    assert all("talks resumed" not in piece for _, _, pieces, _ in got for piece in pieces)


def test_speaker_named_when_the_quote_reopens_in_the_next_paragraph(nlp):
    text = ("“This is the first part of a long quote that runs on.\n\n"
            "“And this is the second paragraph of it,” said Senator Mark Hill.")
    got = found(nlp, text)
    assert got == [("Senator Mark Hill", "said", ["This is the first part of a long quote that runs on"], "direct"),
                   ("Senator Mark Hill", "said", ["And this is the second paragraph of it"], "direct")]


def test_unclosed_quote_ends_before_its_own_cue(nlp):
    text = "“This mark is never closed, said the analyst John Doe, and the text goes on."
    [(source, cue, pieces, kind)] = found(nlp, text)
    assert (cue, pieces, kind) == ("said", ["This mark is never closed"], "direct")
    assert source == "the analyst"  # "John Doe" is its apposition: the resolver names the speaker from it


def test_unclosed_quote_without_a_cue_inside_runs_to_the_paragraph_end(nlp):
    text = "He said “we will see what happens, and then we go home next week"
    [(_, _, pieces, _)] = found(nlp, text)
    assert pieces == ["we will see what happens, and then we go home next week"]


@pytest.mark.parametrize("text,inner", [
    ('a "b c" d', ["b c"]),
    ("“one” and “two”", ["one", "two"]),
    ("« un » et « deux »", ["un", "deux"]),
    ("„eins“ und ‚zwei‘", ["eins", "zwei"]),
    ("Russia’s plan and the 1990s’ boom", []),
    ("“open\n\n“reopened”", ["open", "reopened"]),
    ("stray ” closer only", []),
    ("he said, ''We are ready,'' and left", ["We are ready,"]),
])
def test_quote_marks(text, inner):
    assert [text[q.start:q.end] for q in find_quotes(text)] == inner
