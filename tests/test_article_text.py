"""Article recovery from scraped text: fixtures in the shapes real sites produce,
bad input, speed, and the word lists behind the heuristics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.article import recover_article
from onrecord.article.text.recover import recover_from_text
from onrecord.article.wordlists import load_json, load_lines, version
from onrecord.errors import InputError
from onrecord.record import PARAGRAPH_SEPARATOR, Record

SCRAPED = Path(__file__).parent / "data" / "scraped"
FIXTURES = sorted(p.stem for p in SCRAPED.glob("*.txt"))
# Keys of an .expected.json that are checks rather than Article fields.
CHECKS = {"paragraph_count", "body_starts_with", "body_ends_with", "body_contains", "body_excludes",
          "boilerplate_removed_includes", "images", "comments"}


def test_there_are_enough_fixtures():
    assert len(FIXTURES) >= 12
    for name in FIXTURES:
        assert (SCRAPED / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", FIXTURES)
def test_scraped_fixture(name):
    text = (SCRAPED / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((SCRAPED / f"{name}.expected.json").read_text(encoding="utf-8"))
    article = recover_from_text(text)
    plain = Record(article=article).to_dict()["article"]
    for key, value in expected.items():
        if key not in CHECKS:
            assert plain[key] == value, key
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)
    if "paragraph_count" in expected:
        assert len(article.paragraphs) == expected["paragraph_count"], article.paragraphs
    if "body_starts_with" in expected:
        assert article.body.startswith(expected["body_starts_with"])
    if "body_ends_with" in expected:
        assert article.body.endswith(expected["body_ends_with"])
    for piece in expected.get("body_contains", []):
        assert piece in article.body, piece
    for piece in expected.get("body_excludes", []):
        assert piece not in article.body, piece
    for piece in expected.get("boilerplate_removed_includes", []):
        assert piece in article.boilerplate_removed, piece
    if "images" in expected:
        assert len(plain["images"]) == len(expected["images"])
        for got, want in zip(plain["images"], expected["images"]):
            assert {k: got[k] for k in want} == want
    if "comments" in expected:
        assert len(plain["comments"]) == len(expected["comments"])
        for got, want in zip(plain["comments"], expected["comments"]):
            want = {"text": want} if isinstance(want, str) else want
            assert {k: got[k] for k in want} == want


def test_fixture_is_sniffed_as_text():
    text = (SCRAPED / f"{FIXTURES[0]}.txt").read_text(encoding="utf-8")
    assert recover_article(text).paragraphs == recover_from_text(text).paragraphs


@pytest.mark.parametrize("text", ["", "   \n\n\t", "\x00\x01\x02\x03", "\ufeff"])
def test_empty_or_junk_gives_an_empty_article(text):
    article = recover_from_text(text)
    assert article.paragraphs == [] and article.body == "" and article.title is None


def test_binary_ish_text_does_not_crash():
    text = "".join(chr(c) for c in range(0, 600)) * 50
    article = recover_from_text(text)
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)
    assert "\x00" not in article.body


def test_bytes_are_refused_with_a_named_error():
    with pytest.raises(InputError):
        recover_from_text(b"Putin says")  # type: ignore[arg-type]


def test_one_huge_line_is_one_paragraph():
    line = "The committee met again and the talks continued late into the night. " * 1500
    article = recover_from_text(line)
    assert article.paragraphs == [line.strip()]


def test_short_lines_only_are_kept_as_body():
    article = recover_from_text("Talks resume\nPrices up 4%")
    assert article.paragraphs == ["Talks resume", "Prices up 4%"]


def test_big_input_of_distinct_lines_is_recovered():
    """1 MB of distinct lines (its time is bench/pathological.py's, not a unit test's)."""
    shapes = ["The council met for the {i}th time on Tuesday and approved {i} new projects, officials said.",
              "Related story number {i}", "By Reporter {i}", "Photo {i}. REUTERS/Jane Doe", "Updated {i} hours ago",
              "Advertisement {i}", "Short line {i}"]
    lines, size, i = [], 0, 0
    while size < 1_000_000:
        line = shapes[i % len(shapes)].format(i=i)
        lines.append(line)
        size += len(line) + 1
        i += 1
    article = recover_from_text("\n".join(lines))
    assert article.paragraphs
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)


def test_big_input_is_recovered():
    page = (SCRAPED / f"{FIXTURES[0]}.txt").read_text(encoding="utf-8")
    text = page * (5_000_000 // len(page))  # about 5 MB of mixed lines
    article = recover_from_text(text)
    assert article.paragraphs


def test_word_lists_are_versioned_and_clean():
    for name in ["article_boilerplate_lines.txt", "article_related_markers.txt", "article_comment_markers.txt",
                 "article_comment_furniture.txt", "article_section_words.txt", "article_timestamp_words.txt"]:
        assert version(name) >= 1
        entries = load_lines(name)
        assert entries and len(entries) == len(set(entries)), name
    for name in ["article_agencies.json", "article_bylines.json"]:
        assert version(name) >= 1
    agencies = load_json("article_agencies.json")
    names = [a["name"] for a in agencies["agencies"] + agencies["outlets"]]
    assert len(names) == len(set(names))


# --- the pieces the line roles are built from ------------------------------------------

from onrecord.article.dates_in_text import find_dates  # noqa: E402
from onrecord.article.text.lines import breadcrumb, split_lines  # noqa: E402
from onrecord.article.text.phrases import is_boilerplate, is_comment_marker, related_marker  # noqa: E402
from onrecord.article.timestamps import parse_dateline, parse_timestamp  # noqa: E402


@pytest.mark.parametrize("text,iso", [
    ("in Moscow, Russia December 14, 2023.", ["2023-12-14"]),
    ("Tuesday, Dec. 19, 2023, in Washington", ["2023-12-19"]),
    ("Published 10:00 GMT 19 Dec 2023", ["2023-12-19"]),
    ("the 1st of March 2020", ["2020-03-01"]),
    ("2023-12-14T10:00:00Z", ["2023-12-14"]),
    ("February 30, 2023", []),
    ("May 2023", []),
])
def test_full_dates_in_text(text, iso):
    assert [d.iso for d in find_dates(text)] == iso


@pytest.mark.parametrize("line,stamps", [
    ("Updated 3:04 PM EST, Tue December 19, 2023", [("updated", "2023-12-19")]),
    ("Published 10:00 GMT 19 Dec 2023", [("published", "2023-12-19")]),
    ("Published 19 Dec 2023, last updated 20 Dec 2023", [("published", "2023-12-19"), ("updated", "2023-12-20")]),
    ("Dec 19, 2023 10:04 AM ET | 4 min read", [("published", "2023-12-19")]),
    ("Tue 19 Dec 2023 10.00 GMT", [("published", "2023-12-19")]),
    ("2023-12-19T10:04:00+01:00", [("published", "2023-12-19")]),
    ("2 hours ago", []),
    ("10:04 AM EST", []),
    ("Tuesday 19 December 2023 15:04, UK", [("published", "2023-12-19")]),
    ("December 19, 2023 / 10:04 AM / Updated 2 hours ago", [("published", "2023-12-19")]),
])
def test_timestamp_lines(line, stamps):
    assert [(s.kind, s.date) for s in parse_timestamp(line)] == stamps


@pytest.mark.parametrize("line", ["The vote is on December 19, 2023", "Putin spoke on Tuesday", "x" * 500,
                                  "He arrived at 10:04", "Dec 19"])
def test_not_timestamp_lines(line):
    assert parse_timestamp(line) is None


@pytest.mark.parametrize("paragraph,place,agency,date", [
    ("MOSCOW (Reuters) - President Vladimir Putin said", "MOSCOW", "Reuters", None),
    ("KYIV, Ukraine (AP) — Ukraine said", "KYIV, Ukraine", "AP", None),
    ("WASHINGTON — The Senate voted", "WASHINGTON", None, None),
    ("LONDON, Dec 19, 2023 (Reuters) - Shares fell", "LONDON", "Reuters", "2023-12-19"),
    ("Washington (CNN) — Leaders agreed", "Washington", "CNN", None),
])
def test_datelines(paragraph, place, agency, date):
    dateline = parse_dateline(paragraph)
    assert (dateline.place, dateline.agency, dateline.date) == (place, agency, date)


@pytest.mark.parametrize("paragraph", ["The minister - who spoke - said", "NOTE: this is a test",
                                       "US President Joe Biden said - ", "Washington - the capital - is"])
def test_not_datelines(paragraph):
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize("line,path", [
    ("HomeNewsWorld", ["Home", "News", "World"]),
    ("Home > Politics > Europe", ["Home", "Politics", "Europe"]),
    ("Home / Business / Markets", ["Home", "Business", "Markets"]),
    ("Local News", ["Local News"]),
    ("iPhone Sales Slow", None),
    ("Russia/Ukraine talks stall", None),
    ("McDonald Sales Rise", None),
])
def test_breadcrumbs(line, path):
    assert breadcrumb(line) == path


@pytest.mark.parametrize("line,furniture", [
    ("Subscribe to our newsletter", True),
    ("Advertisement", True),
    ("Share", True),
    ("1.2K shares", True),
    ("We use cookies to improve your experience. By continuing you agree.", True),
    ("Share prices fell 5% on Monday.", False),
    ("Register of voters grew by 5%.", False),
    ("Copyright law changes were approved by parliament.", False),
])
def test_boilerplate_lines(line, furniture):
    assert is_boilerplate(line) is furniture


def test_comment_markers_and_related_headings():
    assert is_comment_marker("COMMENTS") and is_comment_marker("23 Comments") and is_comment_marker("Leave a reply")
    assert not is_comment_marker("Comments made by the minister angered the opposition.")
    assert related_marker("Read more") == "heading"
    assert related_marker("READ MORE: Five things to know") == "inline"
    assert related_marker("Read more about the plan in our explainer.") == ""


def test_hard_wrapped_paragraphs_are_rejoined():
    text = "\n\n".join(["The council voted on Tuesday to approve a budget for the next\n"
                       "fiscal year, including more money for buses and light rail\n"
                       "that supporters said was long overdue."] * 4)
    lines = split_lines(text)
    assert len(lines) == 4 and lines[0].text.endswith("long overdue.")


def test_language_is_guessed_from_the_body():
    from onrecord.article.language import guess_language

    text = (SCRAPED / f"{FIXTURES[0]}.txt").read_text(encoding="utf-8")
    assert recover_from_text(text).language == "en"
    german = ("Der Bundestag hat am Donnerstag das Gesetz beschlossen, wie die Regierung mitteilte. "
              "Es ist nicht das erste Mal, dass die Opposition dagegen stimmt.")
    assert guess_language(german) == "de"
    assert guess_language("Talks resume") is None
    assert guess_language("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x y z") is None


def test_bulleted_list_in_the_body_is_kept_but_a_bare_link_list_is_not():
    lead = "The union and the port operators reached a deal on Tuesday, both sides said.\n"
    tail = "Members will vote on the agreement within two weeks, the union said.\n"
    bullets = "- Wages rise 32% over six years\n- Automation limited at 14 terminals\n- Vote within two weeks\n"
    links = "Why ports matter for holiday shopping\nFive numbers behind the strike\nWho runs the terminals\n"
    kept = recover_from_text(lead + bullets + tail)
    assert "- Automation limited at 14 terminals" in kept.paragraphs
    dropped = recover_from_text(lead + links + tail)
    assert "Five numbers behind the strike" not in dropped.paragraphs
    assert "Five numbers behind the strike" in dropped.boilerplate_removed
    assert len(dropped.paragraphs) == 2


def test_long_wire_paragraph_ending_in_agency_stays_in_the_body():
    paragraph = ("The report, which covers 14 ports and 22,000 workers, found that delays cost shippers about "
                 "$1.2 billion a day during the strike, and that the backlog would take two weeks to clear, "
                 "according to officials who spoke on condition of anonymity because they were not allowed "
                 "to discuss it publicly before its release next week, and who said its findings had been "
                 "shared with the union, the port operators and the labor department over the weekend. (AP)")
    assert len(paragraph) > 400
    article = recover_from_text("Port report finds strike cost $1.2 billion a day\n\n" + paragraph)
    assert article.paragraphs == [paragraph] and article.images == []


def test_comment_shapes():
    from onrecord.article.text.comments import read_comments
    from onrecord.article.text.lines import split_lines

    section = read_comments(split_lines(
        "Sort by Newest\nAnna Berg wrote:\nThe numbers do not add up.\nReply\n"
        "kyiv_reader: Thanks for the update.\n2 hours ago\n"
        "Just a plain comment with no name at all.\n"
        "Most read\nTrains cancelled across the north\n"))
    assert [(c.author, c.text) for c in section.comments] == [
        ("Anna Berg", "The numbers do not add up."),
        ("kyiv_reader", "Thanks for the update."),
        (None, "Just a plain comment with no name at all."),
    ]
    assert section.removed == ["Sort by Newest", "Reply"]
    assert section.footer_start == 7


@pytest.mark.parametrize("shape", ["x", "A/", "By Jane Doe and ", "(", "1:", "December 14, 2023 ", "MOSCOW ",
                                   "Jane Doe/REUTERS ", ". ", "HomeWorld", "Photo by ", "Comments "])
def test_100k_character_lines_are_recovered(shape):
    """Shapes that a backtracking pattern would choke on; a catastrophic one hangs here."""
    line = shape * (100_000 // len(shape))
    article = recover_from_text(line + "\n" + line)
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)


def test_site_menu_is_not_a_breadcrumb():
    menu = "Menu\nSearch\nSign in\nWorld\nUS\nPolitics\nBusiness\nSport\n\n"
    story = ("Port strike ends after union accepts 32% raise\n\nBy Jane Doe | Reuters\n\n"
             "HARBOR CITY (Reuters) - Dockworkers ended an 11-day strike on Tuesday, the union said.\n")
    article = recover_from_text(menu + story)
    assert article.section_path == []
    assert article.title == "Port strike ends after union accepts 32% raise"
    assert "Politics" in article.boilerplate_removed
    with_path = recover_from_text(menu + "Home > World > Americas\n\n" + story)
    assert with_path.section_path == ["Home", "World", "Americas"]


def test_headline_may_start_with_a_number():
    article = recover_from_text("50,000 flee fires as heat wave spreads\n\n"
                                "About 50,000 people left their homes on Sunday as fires spread, officials said.\n")
    assert article.title == "50,000 flee fires as heat wave spreads"


def test_author_bio_at_the_end_is_furniture():
    text = ("Port strike ends after union accepts 32% raise\n\nBy Jane Doe\n\n"
            "Dockworkers ended an 11-day strike on Tuesday, the union said.\n\n"
            "Jane Doe is a senior correspondent covering labor and trade.\n")
    article = recover_from_text(text)
    assert article.paragraphs == ["Dockworkers ended an 11-day strike on Tuesday, the union said."]
    assert article.boilerplate_removed == ["Jane Doe is a senior correspondent covering labor and trade."]


def test_headline_is_the_title_line_on_top_of_the_story():
    text = ("Live updates: talks in Geneva\n"
            "Port strike ends after union accepts 32% raise\n"
            "By Jane Doe | Reuters\n"
            "HARBOR CITY (Reuters) - Dockworkers ended an 11-day strike on Tuesday, the union said.\n")
    article = recover_from_text(text)
    assert article.title == "Port strike ends after union accepts 32% raise"
    assert article.boilerplate_removed == ["Live updates: talks in Geneva"]


def test_comment_header_on_one_line():
    from onrecord.article.text.comments import read_comments
    from onrecord.article.text.lines import split_lines

    section = read_comments(split_lines("Jane Doe • 2 hours ago\nGood reporting.\n"
                                        "kyiv_reader | Dec 19, 2023 10:02\nThanks.\n"))
    assert [(c.author, c.date, c.text) for c in section.comments] == [
        ("Jane Doe", None, "Good reporting."), ("kyiv_reader", "2023-12-19", "Thanks.")]
