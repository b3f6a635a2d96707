"""Photo credits: split from captions and read into photographer / agency / flags."""

from __future__ import annotations

import pytest

from onrecord.article.credits import agency_name, is_credit, parse_credit, split_caption_credit

SPLITS = [
    ("Soldiers rest near the front line on March 3, 2024. Anna Kowalska/Pool via REUTERS/File Photo",
     "Soldiers rest near the front line on March 3, 2024.", "Anna Kowalska/Pool via REUTERS/File Photo"),
    ("The senator speaks to reporters, Tuesday, Jan. 9, 2024, in Washington. (AP Photo/Mark Ellis, File)",
     "The senator speaks to reporters, Tuesday, Jan. 9, 2024, in Washington.", "AP Photo/Mark Ellis, File"),
    ("A crowd waits outside the court. (Photo by Lena Fischer/Getty Images)",
     "A crowd waits outside the court.", "Photo by Lena Fischer/Getty Images"),
    ("Flood water covers a road in the north. Photograph: Tomas Novak/EPA",
     "Flood water covers a road in the north.", "Tomas Novak/EPA"),
    ("Market traders pack up at dusk. Credit: Priya Raman for The New York Times",
     "Market traders pack up at dusk.", "Priya Raman for The New York Times"),
    ("The port at night. Sam Okafor/AFP via Getty Images",
     "The port at night.", "Sam Okafor/AFP via Getty Images"),
    ("REUTERS/Omar Haddad", "", "REUTERS/Omar Haddad"),
]


@pytest.mark.parametrize("line,caption,credit", SPLITS)
def test_split_caption_credit(line, caption, credit):
    assert split_caption_credit(line) == (caption, credit)


@pytest.mark.parametrize("line", [
    "He told Reuters the plan would work.",
    "The deal was signed on Monday. It will take effect in 2025.",
    "MOSCOW (Reuters) - The minister said on Tuesday that talks could resume.",
    "Officials said the cost was $4 billion (about 3.7 billion euros).",
    "",
])
def test_prose_has_no_credit(line):
    assert split_caption_credit(line)[1] is None


def test_huge_line_is_not_a_caption():
    line = "word " * 50_000 + "REUTERS/Omar Haddad"
    caption, credit = split_caption_credit(line)
    assert credit is None


def test_reuters_pool_file_photo():
    image = parse_credit("Anna Kowalska/Pool via REUTERS/File Photo",
                         "Soldiers rest near the front line on March 3, 2024.")
    assert (image.photographer, image.agency, image.pool, image.file_photo, image.date) == (
        "Anna Kowalska", "Reuters", True, True, "2024-03-03")
    assert image.caption == "Soldiers rest near the front line on March 3, 2024."


@pytest.mark.parametrize("credit,photographer,agency,file_photo", [
    ("REUTERS/Kevin Lamarque", "Kevin Lamarque", "Reuters", False),
    ("AP Photo/Evan Vucci", "Evan Vucci", "AP", False),
    ("AP Photo/Evan Vucci, File", "Evan Vucci", "AP", True),
    ("Photo by Jane Doe/Getty Images", "Jane Doe", "Getty Images", False),
    ("Jane Doe for The Guardian", "Jane Doe", "The Guardian", False),
    ("Photograph: Jane Doe/EPA", "Jane Doe", "EPA", False),
    ("EPA-EFE/YURI KOCHETKOV", "Yuri Kochetkov", "EPA-EFE", False),
    ("Jane Doe/AFP via Getty Images", "Jane Doe", "AFP", False),
    ("Credit: Marco Rossi/Bloomberg", "Marco Rossi", "Bloomberg", False),
    ("Ukrainian Presidential Press Service/Handout via REUTERS", None, "Reuters", False),
    ("Getty Images", None, "Getty Images", False),
    ("Jane Doe/The Kyiv Independent", "Jane Doe", "The Kyiv Independent", False),
    ("Photo: Jane Doe", "Jane Doe", None, False),
])
def test_parse_credit(credit, photographer, agency, file_photo):
    image = parse_credit(credit)
    assert image.photographer == photographer
    assert image.agency == agency
    assert image.file_photo is file_photo
    assert image.pool is False


def test_file_photo_caption_prefix_is_removed():
    image = parse_credit("REUTERS/Kevin Lamarque/File Photo",
                         "FILE PHOTO: A worker walks past pipes near Rostock, Germany, May 2, 2022.")
    assert image.file_photo is True
    assert image.caption == "A worker walks past pipes near Rostock, Germany, May 2, 2022."
    assert image.date == "2022-05-02"


def test_no_credit_keeps_caption():
    image = parse_credit(None, "A quiet street.")
    assert image.caption == "A quiet street." and image.credit is None and image.agency is None


def test_is_credit_rejects_sentences():
    assert is_credit("REUTERS/Omar Haddad")
    assert not is_credit("He said Reuters was wrong")
    assert not is_credit("x" * 500)


def test_agency_names_are_normalised():
    assert agency_name("REUTERS") == "Reuters"
    assert agency_name("The Associated Press") == "AP"
    assert agency_name("Agence France-Presse") == "AFP"
    assert agency_name("Jane Doe") is None
