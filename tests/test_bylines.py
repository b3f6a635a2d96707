"""Bylines: authors as a clean list of names, outlet apart."""

from __future__ import annotations

import pytest

from onrecord.article.bylines import parse_byline, read_byline

CASES = [
    ("By Jane Doe, Staff Writer", ["Jane Doe"], None),
    ("By Jane Doe and John Roe | Reuters", ["Jane Doe", "John Roe"], "Reuters"),
    ("Jane Doe, CNN", ["Jane Doe"], "CNN"),
    ("BY JANE DOE", ["Jane Doe"], None),
    ("By Jane Doe, John Roe and Mary Major", ["Jane Doe", "John Roe", "Mary Major"], None),
    ("By Jane Doe in Kyiv and John Roe in Moscow", ["Jane Doe", "John Roe"], None),
    ("Jane Doe, Senior White House Correspondent", ["Jane Doe"], None),
    ("By Jane Doe (Reuters)", ["Jane Doe"], "Reuters"),
    ("Jane Doe for The Guardian", ["Jane Doe"], "The Guardian"),
    ("By Ana de la Cruz", ["Ana de la Cruz"], None),
    ("By Reuters Staff", [], "Reuters"),
    ("By The Associated Press", [], "AP"),
    ("Written by: Jane Doe & John Roe", ["Jane Doe", "John Roe"], None),
    ("Reporting by Jane Doe and Ali Khan; Additional reporting by Mary Major in Kyiv; Editing by John Roe",
     ["Jane Doe", "Ali Khan", "Mary Major"], None),
    ("By Jane Doe - Political Editor", ["Jane Doe"], None),
    ("By Sophie Grant, Health Correspondent | The Daily Ledger", ["Sophie Grant"], "The Daily Ledger"),
    ("By Jane Doe. Reuters", ["Jane Doe"], "Reuters"),
    ("Jane Doe. The Associated Press", ["Jane Doe"], "AP"),
    ("By John Smith. CNN", ["John Smith"], "CNN"),
    ("By J. R. Smith", ["J. R. Smith"], None),
    ("By John Q. Public, Reuters", ["John Q. Public"], "Reuters"),
]


@pytest.mark.parametrize("line,authors,outlet", CASES)
def test_parse_byline(line, authors, outlet):
    assert parse_byline(line) == (authors, outlet)


@pytest.mark.parametrize("line", [
    "By Tuesday, officials said the plan was dead.",
    "By the end of the year",
    "Putin says Russia is ready to talk",
    "",
    "By " + "Jane Doe and " * 200,
])
def test_not_a_byline(line):
    byline = read_byline(line)
    assert not byline.complete
    assert byline.authors == []


def test_bylines_are_complete_when_understood():
    assert read_byline("By Jane Doe | Reuters").complete
    assert read_byline("By Jane Doe | Reuters").labelled
    assert not read_byline("Jane Doe, CNN").labelled


def test_organisations_are_not_authors():
    assert parse_byline("By Ukrainian Presidential Press Service") == ([], None)
    assert parse_byline("By Jane Doe | Ministry of Defence Press Office")[0] == ["Jane Doe"]


def test_a_few_other_languages():
    assert parse_byline("Von Anna Schmidt") == (["Anna Schmidt"], None)
    assert parse_byline("Par Jean Dupont, AFP") == (["Jean Dupont"], "AFP")
    assert parse_byline("Door prize winners") == ([], None)
    assert parse_byline("Di Maio resigns") == ([], None)
