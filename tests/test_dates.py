"""Dates: the publication date a user gives, and date mentions resolved against it."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.article.body import article_from_body
from onrecord.errors import InputError
from onrecord.extract.dates.find import PublishedDateError, find_dates, parse_published
from onrecord.extract.dates.resolve import resolve
from onrecord.nlp.parse import parse_articles
from onrecord.record import Image

PUB = dt.date(2023, 12, 19)  # a Tuesday


# ------------------------------------------------------------------ --published

@pytest.mark.parametrize("value", [
    "2023-12-19", " 2023-12-19 ", "2023-12-19T10:00:00Z", "2023-12-19T23:10:00+05:30", "19 Dec 2023",
    "December 19, 2023", "Dec. 19, 2023", "12/19/2023", "Tuesday, December 19, 2023", "19th December 2023",
    dt.date(2023, 12, 19), dt.datetime(2023, 12, 19, 8, 30),
])
def test_parse_published_common_forms(value):
    assert parse_published(value) == "2023-12-19"


@pytest.mark.parametrize("value", ["banana", "", "next week", "2023", "December 2023", "2023-02-30", "32/13/2023"])
def test_parse_published_rejects_nonsense_with_a_helpful_error(value):
    with pytest.raises(PublishedDateError) as info:
        parse_published(value)
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)
    assert "2023-12-19" in str(info.value) or "not a real day" in str(info.value)


# ------------------------------------------------------------------ resolution

@pytest.mark.parametrize("text, date, end_date, open_ended", [
    ("Tuesday", "2023-12-19", None, False),
    ("on Tuesday", "2023-12-19", None, False),
    ("Monday", "2023-12-18", None, False),
    ("Wednesday", "2023-12-13", None, False),
    ("next Tuesday", "2023-12-26", None, False),
    ("last Tuesday", "2023-12-12", None, False),
    ("next year", "2024", None, False),
    ("last year", "2022", None, False),
    ("last month", "2023-11", None, False),
    ("this week", "2023-12-18", "2023-12-24", False),
    ("yesterday", "2023-12-18", None, False),
    ("last night", "2023-12-18", None, False),
    ("May", "2024-05", None, False),  # no tense known: the May nearest to publication
    ("three days ago", "2023-12-16", None, False),
    ("two years ago", "2021", None, False),
    ("earlier this year", "2023", None, False),
    ("in the coming years", "2023-12-19", None, True),
    ("the past five years", "2018-12-20", "2023-12-19", False),
    ("February 2022", "2022-02", None, False),
    ("December 14, 2023", "2023-12-14", None, False),
    ("14 December 2023", "2023-12-14", None, False),
    ("2023", "2023", None, False),
    ("March 5", "2024-03-05", None, False),  # nearer to publication than March 2023
    ("November 30", "2023-11-30", None, False),
    ("the 1990s", "1990", "1999", False),
    ("Q1 2023", "2023-01", "2023-03", False),
    ("the third quarter of 2022", "2022-07", "2022-09", False),
    ("mid-2022", "2022", None, False),
])
def test_resolve_against_publication(text, date, end_date, open_ended):
    r = resolve(text, PUB)
    assert (r.date, r.end_date, r.open_ended) == (date, end_date, open_ended)


@pytest.mark.parametrize("text", ["Tuesday", "next year", "last month", "March 5", "yesterday", "in the coming years"])
def test_relative_dates_stay_unresolved_without_publication(text):
    r = resolve(text, None)
    assert r.date is None and r.relative


@pytest.mark.parametrize("text, date", [("December 14, 2023", "2023-12-14"), ("February 2022", "2022-02"),
                                        ("2023", "2023"), ("2023-12-14", "2023-12-14")])
def test_absolute_dates_resolve_without_publication(text, date):
    r = resolve(text, None)
    assert r.date == date and not r.relative


def test_durations_do_not_resolve():
    assert resolve("22 months", PUB) is None


# ------------------------------------------------------------------ finding in a parsed body

@pytest.fixture(scope="module")
def dates_of(extractor):
    def run(text, published=None, images=(), dateline=None, floor=None):
        article = article_from_body(text)
        article.images = [Image(caption=c) for c in images]
        article.dateline = dateline
        article.published_not_before = floor
        parsed = next(parse_articles(extractor.nlp, [article]))
        return find_dates(parsed, published), article
    return run


def test_find_dates_seed_like_sentence(dates_of):
    text = ("Shoigu said production had grown since February 2022 and that Russia had taken on 490,000 soldiers "
            "in 2023 and aimed to reach 745,000 men next year. Putin spoke on Tuesday. NATO membership would not "
            "be acceptable in the coming years.")
    mentions, _ = dates_of(text, "2023-12-19")
    by_text = {m.text: m for m in mentions}
    assert set(by_text) == {"February 2022", "2023", "next year", "Tuesday", "in the coming years"}
    assert by_text["February 2022"].open_ended and by_text["February 2022"].date == "2022-02"
    assert by_text["next year"].date == "2024"
    assert by_text["Tuesday"].date == "2023-12-19"
    assert by_text["in the coming years"].open_ended
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_caption_dates_are_located_in_their_caption(dates_of):
    caption = "Leaders meet in Geneva, Switzerland December 14, 2023."
    mentions, _ = dates_of("Talks resumed.", images=[caption])
    assert [(m.text, m.where, m.image, m.date) for m in mentions] == [("December 14, 2023", "caption", 0, "2023-12-14")]
    assert caption[mentions[0].start:mentions[0].end] == "December 14, 2023"


def test_a_quarter_of_is_not_a_date(dates_of):
    mentions, _ = dates_of("A quarter of the city's bridges need repairs, officials said.")
    assert mentions == []


def test_floor_from_past_tense_body_evidence(dates_of):
    _, article = dates_of("The treaty was signed on March 3, 2021. Production has risen since February 2022.")
    assert article.published_not_before == "2022-02-01"


def test_future_events_are_not_floor_evidence(dates_of):
    _, article = dates_of("The vote will be held on March 5, 2026. Officials said talks would resume in May 2025.")
    assert article.published_not_before is None


def test_floor_is_only_raised_never_lowered(dates_of):
    _, article = dates_of("The treaty was signed on March 3, 2021.", floor="2023-12-14")
    assert article.published_not_before == "2023-12-14"
    _, article = dates_of("The treaty was signed on March 3, 2021.", floor="2020-01-01")
    assert article.published_not_before == "2021-03-03"


def test_floor_never_exceeds_known_publication(dates_of):
    _, article = dates_of("The treaty was signed on March 3, 2021.", published="2020-05-01")
    assert article.published_not_before is None


def test_dateline_date_is_evidence(dates_of):
    _, article = dates_of("Talks resumed.", dateline="GENEVA, Dec 19, 2023 (Reuters)")
    assert article.published_not_before == "2023-12-19"


def test_yearless_month_takes_the_year_the_tense_points_to(dates_of):
    text = "Leaders reached a deal in Paris in December. The vote will be held on March 5. Talks ended on March 5."
    mentions, _ = dates_of(text, "2016-10-15")
    assert [(m.text, m.date) for m in mentions] == [("December", "2015-12"), ("March 5", "2017-03-05"),
                                                    ("March 5", "2016-03-05")]


def test_names_and_compound_modifiers_are_not_dates(dates_of):
    mentions, _ = dates_of("Figueroa told USA Today that her 14-year-old daughter starts a three-day course.")
    assert mentions == []


@pytest.mark.parametrize("published", ["2023-12-19T10:00:00+00:00", "19 Dec 2023"])
def test_publication_date_from_the_page_may_be_any_common_form(dates_of, published):
    mentions, _ = dates_of("Putin spoke on Tuesday.", published)
    assert [(m.text, m.date) for m in mentions] == [("Tuesday", "2023-12-19")]


def test_unreadable_publication_date_leaves_relative_dates_unresolved(dates_of):
    mentions, _ = dates_of("Putin spoke on Tuesday and will travel in March 2024.", "sometime")
    assert [(m.text, m.date) for m in mentions] == [("Tuesday", None), ("March 2024", "2024-03")]
