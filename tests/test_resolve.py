"""Speaker resolution: names, roles, pronouns, speech nouns, groups, context."""

from __future__ import annotations

import pytest

from onrecord.extract.attribution.statements import find_statements
from onrecord.nlp.parse import ParsedArticle
from onrecord.record import Article


@pytest.fixture(scope="module")
def nlp():
    from onrecord.nlp import load_pipeline

    return load_pipeline()


def run(nlp, body, title=None):
    article = Article(title=title, body=body, paragraphs=body.split("\n\n"))
    parsed = ParsedArticle(article, nlp(body), nlp(title) if title else None)
    from onrecord.extract.attribution.rules import rule_attributions

    entities, statements = find_statements(parsed, [], finder=rule_attributions)
    ids = {e.id: e for e in entities}
    for s in statements:  # every speaker's entity id points into the entity list
        assert s.speaker.entity_id is None or s.speaker.entity_id in ids
        if s.speaker.mention and s.where == "body":
            m = s.speaker.mention
            assert body[m.start:m.end] == m.text
    return entities, statements


def speakers(statements):
    return [(s.speaker.name, s.speaker.type, s.speaker.mention.text if s.speaker.mention else None)
            for s in statements]


def test_pronoun_takes_the_previous_speaker_not_the_nearest_name(nlp):
    body = ("Senator Elizabeth Warren said that the bill was flawed. She met John Smith on Monday, "
            "and she said that the vote would be close.")
    _, statements = run(nlp, body)
    assert speakers(statements) == [("Elizabeth Warren", "person", "Senator Elizabeth Warren"),
                                    ("Elizabeth Warren", "person", "she")]
    assert statements[0].speaker.role == "Senator"


def test_pronoun_skips_a_nearer_subject_of_the_other_gender(nlp):
    body = ("Senator Elizabeth Warren said that the bill was flawed. John Smith met her on Monday, "
            "and she said that the vote would be close.")
    _, statements = run(nlp, body)
    assert [s.speaker.name for s in statements] == ["Elizabeth Warren", "Elizabeth Warren"]


def test_pronoun_takes_a_nearer_subject_of_its_gender(nlp):
    body = ("Senator Elizabeth Warren said that the bill was flawed. Susan Collins met reporters on Monday, "
            "and she said that the vote would be close.")
    _, statements = run(nlp, body)
    assert [s.speaker.name for s in statements] == ["Elizabeth Warren", "Susan Collins"]


def test_it_never_takes_a_person(nlp):
    body = ("Acme Corp said that sales rose. Jane Doe, who runs Acme Corp, spoke on Monday, "
            "and it said that profits would fall.")
    _, statements = run(nlp, body)
    assert statements[-1].speaker.type != "person"


def test_pronoun_with_no_speaker_before_takes_the_last_person_named(nlp):
    _, statements = run(nlp, "Bernie Sanders arrived late. He said that the campaign would go on.")
    assert speakers(statements) == [("Bernie Sanders", "person", "He")]


def test_possessive_owner_of_a_subject_is_not_the_last_subject_named(nlp):
    # "Tom Smith's supporters" is the subject, not Tom Smith: the pronoun takes the
    # person named after him (before: Tom Smith)
    body = ("Tom Smith's supporters cheered loudly on Monday. The noise rattled Jack Reed, a local teacher.\n\n"
            "He said that the rally was too loud.")
    _, statements = run(nlp, body)
    assert speakers(statements) == [("Jack Reed", "person", "He")]


def test_possessive_speech_noun_is_its_owner(nlp):
    body = "Vladimir Putin spoke. Putin’s remarks included an affirmation of military goals."
    entities, statements = run(nlp, body)
    assert speakers(statements) == [("Vladimir Putin", "person", "Putin’s remarks")]
    putin = [e for e in entities if e.name == "Vladimir Putin"][0]
    assert statements[0].speaker.entity_id == putin.id


def test_groups_stay_groups(nlp):
    body = ("Western officials questioned the sincerity of such statements. "
            "The ministry said that the report was false. Analysts say that prices will rise.")
    entities, statements = run(nlp, body)
    assert [(n, t) for n, t, _ in speakers(statements)] == [
        ("Western officials", "group"), ("The ministry", "group"), ("Analysts", "group")]
    groups = {e.name for e in entities if e.type == "GROUP"}
    assert groups == {"Western officials", "The ministry", "Analysts"}


def test_they_resolves_to_a_group_speaker(nlp):
    body = "Western officials said that the talks had stalled. They said that a deal was unlikely."
    _, statements = run(nlp, body)
    assert [s.speaker.name for s in statements] == ["Western officials", "Western officials"]


def test_role_mention_resolves_to_the_person(nlp):
    body = ("Defense Minister Sergei Shoigu spoke first. The defense minister also highlighted "
            "the deployment of minefields.")
    _, statements = run(nlp, body)
    assert speakers(statements) == [("Sergei Shoigu", "person", "The defense minister")]
    assert statements[0].speaker.role == "Defense Minister"


def test_relative_pronoun_is_the_noun_it_refers_to(nlp):
    _, statements = run(nlp, "Barack Obama, who said the economy was improving, left early.")
    assert speakers(statements) == [("Barack Obama", "person", "who")]


def test_unnamed_person_is_a_person(nlp):
    _, statements = run(nlp, "A senior official said that the deal was close.")
    assert speakers(statements) == [("senior official", "person", "A senior official")]


def test_bare_quote_continues_the_previous_speaker(nlp):
    body = "“We will win,” Putin said.\n\n“Our troops are ready for anything that comes.”"
    _, statements = run(nlp, body)
    assert [s.speaker.name for s in statements] == ["Putin", "Putin"]
    assert statements[1].confidence < statements[0].confidence


def test_bare_quote_after_a_sentence_about_its_speaker(nlp):
    body = ("Hillary Clinton met Bernie Sanders on Monday.\n\nWarren Buffett was blunt about the plan. "
            "“This is the worst tax idea I have seen in years.”")
    _, statements = run(nlp, body)
    assert speakers(statements) == [("Warren Buffett", "person", "Warren Buffett")]


def test_bare_quote_with_no_speaker_near_is_unknown(nlp):
    _, statements = run(nlp, "The storm passed.\n\n“This is the worst tax idea I have seen in years.”")
    assert speakers(statements) == [(None, "unknown", None)]


def test_bare_quote_far_from_any_speaker_is_unknown(nlp):
    body = ("“We will win,” Putin said.\n\nThe war goes on.\n\nPrices rose again.\n\n"
            "“Our troops are ready for anything that comes.”")
    _, statements = run(nlp, body)
    assert statements[-1].speaker.type == "unknown"
    assert statements[-1].speaker.entity_id is None


def test_headline_speaker_found_by_surname(nlp):
    body = "President Vladimir Putin stated on Tuesday that Russia was ready."
    entities, statements = run(nlp, body, title="Putin says Russia is ready to talk on Ukraine")
    head = statements[0]
    assert head.where == "headline" and head.id == "s1"
    assert head.content.text == "Russia is ready to talk on Ukraine"
    assert head.speaker.name == "Vladimir Putin"
    assert head.speaker.entity_id == statements[1].speaker.entity_id
    title = "Putin says Russia is ready to talk on Ukraine"
    assert title[head.content.start:head.content.end] == head.content.text


def test_venue_sentence_attaches_to_the_statements_before_it(nlp):
    body = ("Putin stated that Russia was ready. He asserted that the war would go on. "
            "The comments were made during a meeting of the defense leadership in Moscow.\n\n"
            "Shoigu said that recruitment was up.")
    _, statements = run(nlp, body)
    assert [s.venue for s in statements] == ["a meeting of the defense leadership in Moscow"] * 2 + [None]


def test_venue_beside_the_cue(nlp):
    _, statements = run(nlp, "Putin said at a news conference that Russia was ready.")
    assert statements[0].venue == "a news conference"


def test_when_is_the_date_outside_what_was_said(nlp):
    from onrecord.extract.attribution.rules import rule_attributions
    from onrecord.record import DateMention

    body = ("The senator told reporters on Monday that the bill would pass in 2024. "
            "Shoigu mentioned the recruitment of soldiers, stating that Russia had taken on soldiers in 2023.")
    monday = body.index("Monday")
    dates = [DateMention("Monday", monday, monday + 6, "2023-12-18"),
             DateMention("2024", body.index("2024"), body.index("2024") + 4, "2024"),
             DateMention("2023", body.index("2023"), body.index("2023") + 4, "2023")]
    article = Article(body=body, paragraphs=[body])
    _, statements = find_statements(ParsedArticle(article, nlp(body)), dates, finder=rule_attributions)
    when = [(s.cue.text, s.when.text, s.when.date) for s in statements]
    assert when == [("told", "on Monday", "2023-12-18"), ("mentioned", None, None), ("stating", None, None)]


def test_a_name_modifying_another_noun_is_not_the_speaker(nlp):
    body = "Hillary Clinton spoke on Monday. The Clinton campaign said that the attack was unfair."
    _, statements = run(nlp, body)
    assert speakers(statements) == [("The Clinton campaign", "group", "The Clinton campaign")]


def test_role_mention_picks_the_role_that_fits(nlp):
    body = ("Foreign Minister Sergei Lavrov and Defense Minister Sergei Shoigu met. "
            "The defense minister said that the army was ready. "
            "Speaker Paul Ryan spoke later. The House speaker said that the bill would pass.")
    _, statements = run(nlp, body)
    assert [s.speaker.name for s in statements] == ["Sergei Shoigu", "Paul Ryan"]


def test_pronoun_skips_a_speaker_an_honorific_rules_out(nlp):
    body = ("Mrs. Clinton said that the plan was sound. Mr. Sanders said that it was not. "
            "She said that she would not change course.")
    _, statements = run(nlp, body)
    assert [s.speaker.mention.text for s in statements] == ["Mrs. Clinton", "Mr. Sanders", "She"]
    assert statements[2].speaker.entity_id == statements[0].speaker.entity_id


def test_description_with_apposed_name_is_that_person() -> None:
    """'a spokesman for the monitors, Pavel Ruzicka, said': the named person
    speaks, the description is the role, the mention stays as written,
    whether the finder marked the description, the name or both."""
    from onrecord.pipeline import Extractor

    body = "News.\n\nThe convoy travelled 300 km through the mountains, a spokesman for the monitors, Pavel Ruzicka, said."
    record = Extractor().extract(body, kind="body")
    (statement,) = record.statements
    assert statement.speaker.name == "Pavel Ruzicka"
    assert statement.speaker.type == "person"
    assert statement.speaker.role == "spokesman for the monitors"
    # the mention is the source span the finder drew: the description, the name or both
    assert statement.speaker.mention.text in ("a spokesman for the monitors", "Pavel Ruzicka",
                                              "a spokesman for the monitors, Pavel Ruzicka")
    assert record.claims[0].source.name == "Pavel Ruzicka"


def test_possessive_source_widens_to_its_speech_noun(nlp):
    """The tagger may mark only "Putin’s" of "Putin’s remarks highlighted X":
    the mention is the whole subject, and the owner still speaks."""
    from onrecord.extract.attribution.types import RawAttribution

    body = "Vladimir Putin spoke. Putin’s remarks highlighted the need for better satellites."
    owner = body.index("Putin’s")
    content = body.index("the need")

    def finder(doc):
        return [RawAttribution(content_spans=[(content, len(body) - 1)], cue=None,
                               source=(owner, owner + len("Putin’s")), kind="indirect")]

    article = Article(title=None, body=body, paragraphs=[body])
    _, statements = find_statements(ParsedArticle(article, nlp(body), None), [], finder=finder)
    assert speakers(statements) == [("Vladimir Putin", "person", "Putin’s remarks")]


def test_description_the_article_gives_a_person_is_that_person(nlp):
    # "the real estate tycoon" is the one person the article calls a tycoon, not a new unnamed person
    body = ("Real estate tycoon Donald Trump spoke in Iowa on Monday. Voters lined up for hours.\n\n"
            "Senator Elizabeth Warren said the plan was reckless.\n\n"
            "The real estate tycoon said he would build the wall.")
    _, statements = run(nlp, body)
    by_mention = {m: name for name, _, m in speakers(statements)}
    assert by_mention.get("The real estate tycoon") == "Donald Trump"


def test_description_given_to_two_people_stays_unnamed(nlp):
    # two tycoons in the article: the description names neither
    body = ("Real estate tycoon Donald Trump and oil tycoon John Smith met in Iowa on Monday.\n\n"
            "The tycoon said the talks had gone well.")
    _, statements = run(nlp, body)
    by_mention = {m: name for name, _, m in speakers(statements)}
    assert by_mention.get("The tycoon") not in ("Donald Trump", "John Smith")


def test_pronoun_subject_takes_the_person_the_previous_sentence_is_about(nlp):
    # the paragraph is about Manafort: "he" is him, not the speaker quoted before
    body = ("\"It was a good deal,\" said John Smith, a banker.\n\n"
            "Paul Manafort flew to Ukraine in September. Rather than rebuild the party, "
            "he said a bigger tent would help.")
    _, statements = run(nlp, body)
    by_mention = {m: name for name, _, m in speakers(statements)}
    assert by_mention.get("he") == "Paul Manafort"
