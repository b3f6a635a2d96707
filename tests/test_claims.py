"""Claims: every number form news uses, what is not a claim, and where the source comes from."""

from __future__ import annotations

import pytest

from onrecord.article.body import article_from_body
from onrecord.extract.claims.find import find_claims, source_for
from onrecord.extract.dates.find import find_dates
from onrecord.extract.claims.numbers import find_quantities
from onrecord.nlp.parse import parse_articles
from onrecord.record import Content, Speaker, Statement


# ------------------------------------------------------------------ numbers alone (no parse)

@pytest.mark.parametrize("text, value, value_max, unit, hedge", [
    ("Russia took on 490,000 soldiers.", 490000, None, None, None),
    ("Some 1.2 million people voted.", 1.2e6, None, None, "some"),
    ("It controls around 17.5% of the land.", 17.5, None, "percent", "around"),
    ("Washington sent $3bn in aid.", 3e9, None, "USD", None),
    ("Brussels approved €2.4 billion for rail.", 2.4e9, None, "EUR", None),
    ("Growth of 3-4 percent is expected.", 3, 4, "percent", None),
    ("Turnout was 61.3 per cent.", 61.3, None, "percent", None),
    ("The rate rose 0.4 percentage points.", 0.4, None, "percentage points", None),
    ("Two-thirds of voters agreed.", 66.67, None, "percent", None),
    ("A quarter of the bridges are unsafe.", 25, None, "percent", None),
    ("Nearly half the staff left.", 50, None, "percent", "nearly"),
    ("Dozens of people were hurt.", 24, None, None, "at least"),
    ("Forty-five thousand tonnes of grain left.", 45000, None, "tonnes", None),
    ("Inflation will stay between 3 and 4 percent.", 3, 4, "percent", None),
    ("Output doubled.", 2, None, "times", None),
    ("The club paid £85m for him.", 85e6, None, "GBP", None),
    ("Up to 5,000 euros per hectare.", 5000, None, "EUR", "up to"),
    ("It ranked 11th in the survey.", 11, None, "rank", None),
    ("The convoy travelled 300 km.", 300, None, "km", None),
    ("At least 40 were killed.", 40, None, None, "at least"),
    ("Roughly one in five adults smokes.", 20, None, "percent", "roughly"),
    ("Three out of 10 voters agreed.", 30, None, "percent", None),
    ("The team finished fourth.", 4, None, "rank", None),
])
def test_number_forms(text, value, value_max, unit, hedge):
    [q] = find_quantities(text)
    assert q.value == pytest.approx(value)
    assert q.value_max == (pytest.approx(value_max) if value_max is not None else None)
    assert (q.unit, q.hedge) == (unit, hedge)


@pytest.mark.parametrize("text", [
    "Call 020 7946 0958 or +1 202-555-0143 today.",
    "The summit opens at 10:30 and ends at 3 p.m.",
    "Install version 4.2.11 of the app or v2.",
    "The F-16 and A320 and COVID-19 and the G7.",
    "It falls under Article 5 and Resolution 2334, ticket #4521.",
    "The vote is on the 11th.",
    "Arsenal beat Chelsea 3-1.",
    "See page 3 of 12.",
    "Reference 20231219 was filed.",
    "A 24-hour truce in the 27-nation bloc.",
    "The two leaders met.",
    "Dates like 12/19/2023 and 2023-12-19.",
    "He flies on his Boeing 757 airliner.",
    "Mark Weddle, 55, said so, as did voters aged 45 and those at age 23.",
])
def test_non_quantities(text):
    assert find_quantities(text) == []


def test_table_lines_are_skipped():
    table = "Team | Played | Won | Points\nNorth | 12 | 9 | 29\nSouth\t12\t8\t27\nArsenal 3 Chelsea 1"
    assert find_quantities(table) == []


# ------------------------------------------------------------------ claims through the pipeline

@pytest.fixture(scope="module")
def claims_of(extractor):
    def run(text, published=None):
        return extractor.extract(text, kind="body", published=published).claims
    return run


def test_count_unit_subject_and_time(claims_of):
    [claim] = claims_of("Russia had taken on 490,000 contract and voluntary soldiers in 2023.")
    assert (claim.value, claim.unit, claim.kind) == (490000, "soldiers", "count")
    assert claim.subject == "contract and voluntary soldiers"
    assert (claim.time.text, claim.time.date) == ("2023", "2023")
    assert claim.text == "490,000 contract and voluntary soldiers in 2023"


def test_target_only_under_aim_to(claims_of):
    text = "Russia had taken on 490,000 soldiers in 2023 and aimed to boost the force to 745,000 men next year."
    first, second = claims_of(text, "2023-12-19")
    assert first.kind == "count" and second.kind == "target"
    assert (second.unit, second.time.text, second.time.date) == ("men", "next year", "2024")


@pytest.mark.parametrize("text, kind, value", [
    ("The government plans to build 250,000 homes by 2030.", "target", 250000),
    ("The firm set a target of 10,000 electric buses.", "target", 10000),
    ("Washington has pledged another $3bn in aid.", "money", 3e9),
    ("Exports were up 12% from last year.", "change", 12),
    ("House prices fell 3.5% in October.", "change", -3.5),
    ("Inflation rose to 5.2% in May.", "percent", 5.2),
    ("The deficit shrank by $45 billion.", "change", -45e9),
    ("Production has doubled since spring.", "change", 2),
    ("The economy will grow 2-3 per cent.", "range", 2),
    ("The port is the world's second-largest hub.", "rank", 2),
    ("The university ranked 11th, up from 14th.", "rank", 11),
    ("The central bank raised rates by 25 basis points.", "change", 25),
    ("The bank lowered its rate by 0.5 percentage points.", "change", -0.5),
])
def test_kinds(claims_of, text, kind, value):
    claim = claims_of(text)[0]
    assert (claim.kind, claim.value) == (kind, pytest.approx(value))


@pytest.mark.parametrize("text, value, unit, kind, hedge", [
    ("Lenox became a $400-million-a-year business.", 4e8, "USD", "money", None),
    ("Hackers have targeted more than 20 states.", 20, "states", "count", "more than"),
    ("Patriot handed over millions of dollars of obligations.", 2e6, "USD", "money", "at least"),
    ("What kind of genius loses a billion dollars?", 1e9, "USD", "money", None),
])
def test_lessons_from_real_news(claims_of, text, value, unit, kind, hedge):
    [claim] = claims_of(text)
    assert (claim.value, claim.unit, claim.kind, claim.hedge) == (pytest.approx(value), unit, kind, hedge)


def test_a_descending_pair_is_two_numbers_not_a_range(claims_of):
    claims = claims_of("Trump is leading Clinton 47.1 percent to 41.7 percent.")
    assert [(c.value, c.value_max, c.kind) for c in claims] == [(47.1, None, "percent"), (41.7, None, "percent")]


def test_percent_subject_is_what_it_is_a_share_of(claims_of):
    [claim] = claims_of("Russia controls around 17.5% of the territory of Ukraine.")
    assert (claim.hedge, claim.unit, claim.subject) == ("around", "percent", "territory of Ukraine")
    assert claim.text.startswith("around 17.5%")


@pytest.mark.parametrize("text", [
    "The bridge was built in 1936 and renovated in 2008.",
    "The talks were held on December 14, 2023 in Geneva.",
    "Apollo 11 landed on the Moon in July 1969.",
    "The hosts won 2-0 and lead the series 3-1.",
    "Flight MH17 was shot down in 2014.",
])
def test_years_dates_names_and_scores_are_not_claims(claims_of, text):
    assert claims_of(text) == []


def test_a_count_that_looks_like_a_year_is_kept(claims_of):
    [claim] = claims_of("About 2000 people gathered outside.")
    assert (claim.value, claim.unit, claim.hedge) == (2000, "people", "about")


JUNK = """Premier League results
Arsenal 3 Chelsea 1
Team | P | W | D | L | Pts
Arsenal | 12 | 9 | 2 | 1 | 29
Man City\t12\t8\t3\t1\t27

Contact the newsroom on 020 7946 0958 or +44 (0)20 7946 0000, fax 555-0199. Open 9:00-17:30, Mon-Fri.

Download version 4.2.11 (build 20231219) or v2 of the app. Order ref. 99812-AB, ID 44521, case no. 23-cv-1045.

Kick-off at 19:45 GMT on the 11th. The hosts won 2-0 and lead the series 3-1. Page 3 of 12.

Scores: 101-99, 6-4 6-3 7-6. 1-0 2-1 3-3 ||| 0000000000 ### 3.14.15.92 ::: 12:00:00 ---- 1e10 %%% $$$ €€"""


def test_junk_page_gives_no_claims_and_no_crash(claims_of):
    assert claims_of(JUNK) == []
    assert claims_of(JUNK, "2023-12-19") == []


def test_claim_offsets_point_into_the_body(extractor):
    text = "Officials said 1,250 buildings were damaged.\n\nMore than 40,000 people marched on Saturday."
    record = extractor.extract(text, kind="body")
    assert [c.value for c in record.claims] == [1250, 40000]
    for claim in record.claims:
        assert record.article.body[claim.start:claim.end] == claim.text
    assert len({c.id for c in record.claims}) == 2


# ------------------------------------------------------------------ sources, with hand-built statements

def _statement(sid, name, body, content, where="body", entity_id=None, kind="person"):
    start = body.index(content)
    return Statement(id=sid, speaker=Speaker(name=name, type=kind, entity_id=entity_id), cue=None, kind="indirect",
                     content=Content(content, start, start + len(content)), where=where)


@pytest.fixture(scope="module")
def parsed_of(extractor):
    def run(text):
        parsed = next(parse_articles(extractor.nlp, [article_from_body(text)]))
        return parsed, find_dates(parsed, None)
    return run


def test_number_inside_statement_takes_its_speaker(parsed_of):
    body = ("Russia controls around 17.5% of Ukraine. Shoigu said Russia had taken on 490,000 soldiers "
            "and aimed to reach 745,000 men next year.")
    statement = _statement("s1", "Sergei Shoigu", body, "Russia had taken on 490,000 soldiers and aimed to reach "
                                                        "745,000 men next year", entity_id="e2")
    parsed, dates = parsed_of(body)
    claims = find_claims(parsed, [], [statement], dates)
    assert [c.value for c in claims] == [17.5, 490000, 745000]
    assert claims[0].source is None and claims[0].statement_id is None
    for claim in claims[1:]:
        assert (claim.source.name, claim.source.entity_id, claim.source.type) == ("Sergei Shoigu", "e2", "person")
        assert claim.statement_id == "s1"


def test_headline_statements_are_ignored_and_innermost_content_wins():
    body = "The minister said the agency reported 300 arrests."
    outer = _statement("s1", "The minister", body, "the agency reported 300 arrests")
    inner = _statement("s2", "the agency", body, "300 arrests", kind="organization")
    headline = _statement("s3", "Someone", body, "300", where="headline")
    start = body.index("300")
    source, statement_id = source_for(start, start + 3, [headline, outer, inner])
    assert (source.name, source.type, statement_id) == ("the agency", "organization", "s2")
    assert source_for(start, start + 3, [headline]) == (None, None)


def test_split_content_spans_are_respected():
    body = "“We trained 60,000 soldiers,” Zelensky said, “and 5,000 pilots.” Officials counted 70 jets."
    first, second = body.index("We trained"), body.index("and 5,000")
    statement = Statement(id="s1", speaker=Speaker(name="Volodymyr Zelensky", type="person"), cue=None,
                          kind="direct", content=Content("", first, second + 15,
                                                         spans=[[first, first + 25], [second, second + 15]]))
    inside = body.index("5,000")
    between = body.index("Zelensky")
    outside = body.index("70 jets")
    assert source_for(inside, inside + 5, [statement])[1] == "s1"
    assert source_for(between, between + 3, [statement]) == (None, None)
    assert source_for(outside, outside + 2, [statement]) == (None, None)


def test_a_long_junk_page_is_masked_whole():
    page = "Call +1 (202) 555-0143 at 10:30 or 12:45, ref #4521, v2.3.1, won 3-1.\n" * 2000
    assert find_quantities(page) == []


def test_word_lists_are_well_formed():
    from onrecord.extract.claims.hedges import _hedges
    from onrecord.extract.claims.units import currency_codes, currency_symbols, load_data

    before, after = _hedges()
    assert before and after and len(set(before)) == len(before)
    assert all(h == h.lower().strip() for h in before + after)
    assert set(currency_symbols().values()) <= set(currency_codes())
    cues = load_data("claims_cues.json")
    assert not set(cues["change_up_verbs"]) & set(cues["change_down_verbs"])
    assert set(cues["target_direct_verbs"]) <= set(cues["target_verbs"])


@pytest.mark.parametrize("text,value,source", [
    ("The organisers put the crowd at 8,000.", 8000, "organisers"),
    ("Officials estimated the damage at $2 billion.", 2e9, "Officials"),
    ("The ministry put the cost of the repairs at 14.2 billion hryvnias.", 14.2e9, "ministry"),
])
def test_estimating_subject_is_the_source(claims_of, text, value, source):
    [claim] = claims_of(text)
    assert claim.value == value
    assert claim.source is not None and claim.source.name == source


@pytest.mark.parametrize("text", ["The plane flew at 30,000 feet.", "He arrived at 8,000 feet."])
def test_at_phrase_without_estimating_verb_has_no_source(claims_of, text):
    [claim] = claims_of(text)
    assert claim.source is None


def _source_by_value(extractor, text: str, **job) -> dict:
    """Each claim value of a body text -> the name of its source (None: the outlet)."""
    claims = extractor.extract(text, kind="body", **job).claims
    return {c.value: (c.source.name if c.source else None) for c in claims}


def test_numbers_of_a_cited_poll_carry_its_source(extractor):
    """A number after a poll's cue in its sentence, and the numbers that
    follow a cited poll or agency until a person gives figures, are theirs."""
    text = ("A new Quinnipiac University poll found Clinton ahead of Trump 45 percent to 41 percent among "
            "likely voters.\n\nAmong independents, Trump leads 44 percent to 38 percent.\n\n"
            "The Labor Department said employers added 156,000 jobs in August.\n\n"
            "Wages rose 2.4 percent over the year.\n\n"
            "Mayor Jane Ortiz said the city would spend $2 million on training.\n\n"
            "The stadium holds 60,000 seats.")
    by_value = _source_by_value(extractor, text)
    assert "Quinnipiac" in by_value[41] and "Quinnipiac" in by_value[44] and "Quinnipiac" in by_value[38]
    assert by_value[156000] == "Labor Department"
    assert by_value[2.4] == "Labor Department"  # the report's figures run on
    assert by_value[60000] is None  # a person gave figures since: the thread is no longer the report's


def test_described_sources_are_named_as_a_fact_checker_would():
    from onrecord.extract.claims.find import respondents, source_name

    assert source_name("the results of the latest Quinnipiac University poll released Wednesday") == \
        "the latest Quinnipiac University poll"
    assert source_name("data released Friday by state gaming regulators") == "state gaming regulators"
    assert source_name("The new poll of voters in all 50 states") == "The new poll"
    assert respondents("74 percent") and respondents("Nearly eight in 10 Democratic voters")
    assert not respondents("The new poll of voters in all 50 states")
    assert not respondents("Congressional Budget Office")


def test_a_poll_cited_by_a_mention_carries_its_results(extractor):
    """A poll that no statement cites ("In a national X Poll, ...") still
    sources the results paragraphs, across a respondent's quote without
    figures; "the poll" names it; a figure dated years back is background."""
    text = ("In a national USA TODAY/Suffolk University Poll, likely voters said they were scared.\n\n"
            "For Trump, 38% of likely voters would be scared, including 62% of Democrats.\n\n"
            "\"Both of them scare me,\" Harry Bond, 30, said in a follow-up interview.\n\n"
            "For Clinton, 33% would be scared. The poll of 1,000 likely voters has a margin of error of "
            "3 percentage points.\n\n"
            "Mitt Romney won 47 percent of the vote in 2012.")
    by_value = _source_by_value(extractor, text, published="2016-02-17")
    for value in (38, 62, 33, 1000, 3):
        assert by_value[value] and by_value[value].endswith("Suffolk University Poll"), (value, by_value)
    assert by_value[47] is None


def test_a_story_that_only_cites_along_the_way_keeps_its_own_figures(extractor):
    """A report cited deep in a story sources its own paragraph and the next,
    not the figures before it nor the story's later paragraphs."""
    text = ("Donors gave $25 million last month to a group backing the senator.\n\n"
            "It still was not enough.\n\n"
            "The senator ended his bid last week.\n\n"
            "The group raised about $58 million. More than 40 percent of that money arrived in February, "
            "new fundraising reports show. Another $3 million came in March.\n\n"
            "The campaign paid $35,458 in rent in March.\n\n"
            "The rival campaign spent $12 million on ads.")
    by_value = _source_by_value(extractor, text)
    assert by_value[25e6] is None and by_value[58e6] is None
    assert by_value[40].endswith("reports") and by_value[3e6].endswith("reports")
    assert by_value[35458].endswith("reports")
    assert by_value[12e6] is None
