"""Entities merged within an article: names, titles, roles, captions."""

from __future__ import annotations

import pytest

from onrecord.extract.entities import build_entities, role_before, titles
from onrecord.nlp.parse import ParsedArticle
from onrecord.record import Article, Image


@pytest.fixture(scope="module")
def nlp():
    from onrecord.nlp import load_pipeline

    return load_pipeline()


def entities(nlp, body, images=()):
    article = Article(body=body, paragraphs=body.split("\n\n"), images=list(images))
    index = build_entities(ParsedArticle(article, nlp(body)))
    return index.finish()


def by_name(ents, name):
    hits = [e for e in ents if e.name == name]
    assert len(hits) == 1, [(e.name, e.type) for e in ents]
    return hits[0]


def test_title_full_name_and_surname_merge(nlp):
    ents = entities(nlp, "President Vladimir Putin spoke on Tuesday. Later, Putin met Vladimir Putin's aides.")
    putin = by_name(ents, "Vladimir Putin")
    assert putin.type == "PERSON"
    assert putin.roles == ["President"]
    assert "Putin" in putin.aliases and "President Vladimir Putin" in putin.aliases
    assert len(putin.mentions) == 3
    assert not [e for e in ents if e.name == "Putin"]


def test_role_mention_merges_through_the_title(nlp):
    body = ("Defense Minister Sergei Shoigu provided figures. Shoigu spoke for an hour. "
            "The defense minister also mentioned tanks.")
    ents = entities(nlp, body)
    shoigu = by_name(ents, "Sergei Shoigu")
    assert shoigu.roles == ["Defense Minister"]
    assert [m.text for m in shoigu.mentions] == ["Sergei Shoigu", "Shoigu", "The defense minister"]
    assert all(body[m.start:m.end] == m.text for m in shoigu.mentions)
    # the title word NER tags as an organisation is not an entity of its own
    assert not [e for e in ents if e.name == "Defense"]


def test_appositive_role(nlp):
    ents = entities(nlp, "Dmitry Peskov, the Kremlin spokesman, declined to comment.")
    assert "Kremlin spokesman" in by_name(ents, "Dmitry Peskov").roles


def test_caption_adds_a_role_and_the_credit_adds_people(nlp):
    image = Image(caption="Russian President Vladimir Putin speaks in Moscow.",
                  photographer="Alexander Zemlianichenko", agency="Reuters")
    ents = entities(nlp, "President Vladimir Putin said the talks would go on.", [image])
    assert by_name(ents, "Vladimir Putin").roles == ["President", "Russian President"]
    assert by_name(ents, "Alexander Zemlianichenko").roles == ["photographer"]
    assert by_name(ents, "Reuters").type == "ORG"


def test_places_are_cleaned_and_adjectives_skipped(nlp):
    ents = entities(nlp, "Talks with the United States stalled. Ukrainian membership in NATO is off the table.")
    assert by_name(ents, "United States").type == "GPE"
    assert by_name(ents, "NATO").type == "ORG"
    assert not [e for e in ents if e.name == "Ukrainian"]


def test_ids_follow_first_mention(nlp):
    ents = entities(nlp, "Angela Merkel met Emmanuel Macron in Paris. Merkel left.")
    assert [e.id for e in ents] == [f"e{n}" for n in range(1, len(ents) + 1)]
    assert ents[0].name == "Angela Merkel"


def test_role_before_needs_a_head_word(nlp):
    doc = nlp("Former Secretary of State Hillary Clinton and analyst John Smith spoke.")
    table = titles()
    assert doc[slice(*role_before(doc, 4, table))].text == "Former Secretary of State"
    assert role_before(doc, 1, table) is None  # "Former" alone is no role
    smith = [t.i for t in doc if t.text == "John"][0]
    assert doc[slice(*role_before(doc, smith, table))].text == "analyst"


# ---------------------------------------------------------------- one speaker, one entity (issue 14)

def test_org_tagged_surname_is_the_person_the_article_names(nlp):
    ents = entities(nlp, "Donald Trump held a rally in Ohio on Monday. Trump told the crowd that the election "
                         "was rigged. The Trump Organization declined to comment.")
    trump = by_name(ents, "Donald Trump")
    assert len(trump.mentions) == 2
    assert by_name(ents, "Trump Organization").type == "ORG"  # the article gives it as an organisation
    from onrecord.extract.entities import EntityIndex

    index = EntityIndex()
    person = index.create("Donald Trump", "PERSON", 0)
    assert index.person_named(["Trump"]) is person


def test_longer_name_ending_in_a_full_name_is_that_person(nlp):
    ents = entities(nlp, "Hillary Clinton spoke in Iowa. Crooked Hillary Clinton, as her rival calls her, said "
                         "Clinton would win. Clinton said the economy was improving.")
    people = [e for e in ents if e.type == "PERSON"]
    assert [p.name for p in people] == ["Hillary Clinton"]
    assert len(people[0].mentions) == 4


def test_ambiguous_surname_stays_apart(nlp):
    ents = entities(nlp, "Hillary Clinton spoke in Iowa with Bill Clinton at her side. Clinton said the economy "
                         "was improving.")
    assert {e.name for e in ents if e.type == "PERSON"} == {"Hillary Clinton", "Bill Clinton", "Clinton"}


def test_titles_and_roles_are_aliases(nlp):
    ents = entities(nlp, "Republican candidate Trump said on Tuesday that he would win. Donald Trump repeated it. "
                         "Sen. Lindsey Graham disagreed, and Sen. Graham said so twice.")
    assert {e.name for e in ents if e.type == "PERSON"} == {"Donald Trump", "Lindsey Graham"}
    assert "Sen. Graham" in by_name(ents, "Lindsey Graham").aliases


@pytest.mark.parametrize("headline, name", [
    ("Obama Says Trump Is Unfit", "Obama"),
    ("Trump Tells Supporters To Watch Polls", "Trump"),
    ("Bashing Trump Is Easy", "Trump"),
    ("Injecting Clinton", "Clinton"),
])
def test_cue_and_headline_words_are_never_part_of_a_name(nlp, headline, name):
    """Whatever span the model tags, the name inside it is cut out: the worst
    case, the whole headline as one span, is what is checked."""
    from onrecord.extract.entities import is_cue_form, trim_name_edges

    tokens = list(nlp(headline))
    assert " ".join(t.text for t in trim_name_edges(tokens)) == name
    assert is_cue_form("Says") and is_cue_form("warned") and not is_cue_form("Hope") and not is_cue_form("James")


@pytest.mark.parametrize("body, span, name", [
    # a video label: "Speech" is a common word the body never writes in a name
    ("Watch: Governor Kasich Speech at Ohio Farm Bureau Dinner\n\nThe governor spoke on Friday. "
     "Mr. Kasich said the budget was sound.", "Kasich Speech", "Kasich"),
    ("The Unfair Standard Sanders And Cruz Face.\n\nBernie Sanders needs to tell more jokes. "
     "Ted Cruz needs to smile.", "Cruz Face", "Cruz"),
    # a given name is never cut, though "Hillary" is also a noun the lemmatizer knows
    ("Hillary Clinton Plan Worries Bankers\n\nClinton said the plan was fair.", "Hillary Clinton Plan",
     "Hillary Clinton"),
    # the body never writes the name outside a headline: nothing to cut down to
    ("Rubio Speech Sparks Debate\n\nThe senator spoke in Miami.", "Rubio Speech", "Rubio Speech"),
    # a possessive left at the end goes with the cut word
    ("Watch: Kasich’s Supporters Cheer Loudly, Then Leave Quietly\n\nJohn Kasich spoke on Friday.",
     "Kasich’s Supporters", "Kasich"),
    # a prose line full of names is no title-case line ("Kelly" is also a noun)
    ("Donald Trump on Friday endorsed Paul Ryan, John McCain and Kelly Ayotte.\n\nAyotte thanked him.",
     "Kelly Ayotte", "Kelly Ayotte"),
    # the same words in a sentence-case line are left as tagged
    ("Mr. Kasich said the budget was sound, and Kasich Speech fans cheered.", "Kasich Speech", "Kasich Speech"),
])
def test_title_case_line_names_are_cut_to_the_name_the_body_gives(nlp, body, span, name):
    """The rule itself, on a given span (whatever the model tags)."""
    from onrecord.extract.headline_names import (TitleCaseLines, body_name_words, lower_case_words,
                                                 trim_title_case_name)

    doc = nlp(body)
    start = len(nlp(body[:body.index(span)]))
    end = start + len(nlp(span))
    assert doc[start:end].text == span
    lines = TitleCaseLines(doc)
    names = body_name_words(doc, lines, [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"])
    s, e = trim_title_case_name(doc, start, end, lines, names, lower_case_words(doc))
    assert doc[s:e].text == name


def test_headline_common_word_makes_no_second_full_name(nlp):
    """"Kasich Speech" tagged PERSON in a label is Kasich: no person of that name."""
    body = ("Watch: Governor Kasich Speech at Ohio Farm Bureau Dinner\n\nJohn Kasich spoke on Friday. "
            "Mr. Kasich said the budget was sound.")
    ents = entities(nlp, body)
    assert not [e for e in ents if "Speech" in e.name]
    kasich = by_name(ents, "John Kasich")
    assert any(m.start == body.index("Kasich Speech") for m in kasich.mentions)


def test_honorific_of_the_other_gender_keeps_a_bare_surname_from_the_one_full_name(nlp):
    """"Mr. Obama" throughout and only Michelle Obama named in full: the bare
    "Obama" is not she (he stays a surname-only person for the ledger)."""
    body = ("President Obama spoke in Ohio. Obama said the vote mattered. Mr. Obama left at noon. "
            "Later, the first lady, Michelle Obama, spoke.")
    ents = entities(nlp, body)
    michelle = by_name(ents, "Michelle Obama")
    assert [m.text for m in michelle.mentions] == ["Michelle Obama"]
    assert len(by_name(ents, "Obama").mentions) >= 3
    # with no honorific against her, the bare surname is hers
    ents = entities(nlp, "Michelle Obama spoke in Ohio. Later, Obama said the vote mattered.")
    assert "Obama" in by_name(ents, "Michelle Obama").aliases


def test_surname_goes_to_the_full_name_introduced_before_it(nlp):
    # the namesake comes later and is named in full: "Trump" is Donald Trump
    body = ("Donald Trump spoke in Iowa on Monday. Trump said the polls were wrong. "
            "Later, his former wife Ivana Trump told reporters she was not surprised. Trump left at noon.")
    ents = entities(nlp, body)
    donald = by_name(ents, "Donald Trump")
    assert "Trump" in donald.aliases
    assert not [e for e in ents if e.name == "Trump"]


def test_surname_stays_apart_when_two_full_names_came_before(nlp):
    body = ("Bill Clinton and Hillary Clinton arrived in Iowa on Monday. Clinton said the polls were wrong.")
    ents = entities(nlp, body)
    assert "Clinton" not in by_name(ents, "Bill Clinton").aliases
    assert "Clinton" not in by_name(ents, "Hillary Clinton").aliases


def test_honorific_picks_the_person_of_its_gender_before_a_headline_surname(nlp):
    # the bare "Clinton" of the first line may be either; "Mrs. Clinton" is Hillary
    body = ("Clinton hints at husband's job.\n\nHillary Clinton and Bill Clinton spoke in Iowa on Monday. "
            "Mrs. Clinton said the polls were wrong. Mr. Clinton said nothing.")
    ents = entities(nlp, body)
    hillary, bill = by_name(ents, "Hillary Clinton"), by_name(ents, "Bill Clinton")
    assert any(m.text == "Clinton" and m.start > 60 for m in hillary.mentions)
    assert not any(m.start == body.index("Mrs. Clinton") + 5 for m in bill.mentions)


def test_doubled_letter_is_the_same_person(nlp):
    body = "Hilary Clinton spoke in Iowa on Monday. Later, Hillary Clinton met voters in Des Moines."
    ents = entities(nlp, body)
    assert len([e for e in ents if e.type == "PERSON" and e.name.endswith("Clinton")]) == 1
