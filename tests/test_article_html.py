"""HTML pages: metadata cascade, figures, bylines, comments, body filters, bad markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.article import recover_article
from onrecord.article.html.recover import recover_from_html
from onrecord.article.html.blocks import Block, block_from_text, mark_links, strip_link_marks
from onrecord.article.html.dates import iso_date
from onrecord.article.html.filters import PageContext, filter_blocks
from onrecord.article.html.parse import parse_html
from onrecord.errors import InputError, InputTooLargeError
from onrecord.record import PARAGRAPH_SEPARATOR

DATA = Path(__file__).parent / "data" / "html"


def page(name: str):
    return recover_from_html((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def jsonld():
    return page("jsonld_article.html")


@pytest.fixture(scope="module")
def opengraph():
    return page("opengraph_only.html")


@pytest.fixture(scope="module")
def markup():
    return page("markup_only.html")


# --- metadata cascade -------------------------------------------------------

def test_jsonld_wins_over_meta_tags(jsonld):
    assert jsonld.title == "Harbour council approves flood wall after two-year fight"
    assert jsonld.published == "2024-03-04"  # JSON-LD, not article:published_time (03-01)
    assert jsonld.updated == "2024-03-05"
    assert jsonld.outlet == "The Coastal Ledger"
    assert jsonld.language == "en"
    assert jsonld.url == "https://coastal-ledger.example/news/local/harbour-flood-wall-approved"


def test_jsonld_authors_are_a_clean_list(jsonld):
    assert jsonld.authors == ["Maria Santos", "Tom Whitfield"]


def test_jsonld_breadcrumbs_ordered_by_position(jsonld):
    assert jsonld.section_path == ["News", "Local", "Harbour"]


def test_opengraph_and_meta_fallback(opengraph):
    assert opengraph.title == "Rail fares to rise 4.9% in March"
    assert opengraph.outlet == "Midlands Courier"
    assert opengraph.published == "2023-12-06"
    assert opengraph.updated == "2023-12-07"
    assert opengraph.language == "en"
    assert opengraph.url == "https://midlands-courier.example/business/rail-fares-rise"


def test_meta_author_loses_by_and_role(opengraph):
    assert opengraph.authors == ["Priya Natarajan"]


def test_breadcrumbs_from_nav_markup(opengraph):
    assert opengraph.section_path == ["Home", "Business", "Transport"]


def test_markup_heuristics_when_no_metadata(markup):
    assert markup.title == "Glacier in the Alps loses a tenth of its ice in one summer"
    assert markup.published == "2022-09-28"
    assert markup.authors == ["Ann Lee"]
    assert markup.section_path == ["Inicio", "Mundo", "Europa"]


def test_iso_dates_from_common_shapes():
    assert iso_date("2019-11-19T08:57:40+01:00") == "2019-11-19"
    assert iso_date("2023-12-19T23:30:00-05:00") == "2023-12-19"  # the page's local date, not UTC's
    assert iso_date("November 19, 2019") == "2019-11-19"
    assert iso_date("20191119") == "2019-11-19"
    assert iso_date("yesterday") is None
    assert iso_date("1066-10-14") is None


# --- figures ------------------------------------------------------------------

def test_figure_caption_with_credit_element(jsonld):
    (image,) = jsonld.images
    assert image.caption == "Waves break over the old sea wall in Port Ellery on February 12, 2024."
    assert image.credit == "Jane Doe/Reuters"
    assert (image.photographer, image.agency) == ("Jane Doe", "Reuters")


def test_figure_credit_split_from_caption_text(opengraph):
    (image,) = opengraph.images
    assert image.caption.startswith("Commuters board a train")
    assert image.agency == "AP"
    assert image.photographer == "Kirsty Wigglesworth"
    assert image.file_photo is True


def test_captions_stay_out_of_the_body(jsonld, opengraph):
    assert "Waves break" not in jsonld.body
    assert "Commuters board" not in opengraph.body


# --- body ---------------------------------------------------------------------

def test_body_is_paragraphs_joined(jsonld):
    assert jsonld.body == PARAGRAPH_SEPARATOR.join(jsonld.paragraphs)
    assert len(jsonld.paragraphs) == 4
    assert jsonld.paragraphs[0].startswith("The Port Ellery harbour council voted 7 to 2")


def test_headline_related_link_and_promos_are_dropped(jsonld):
    body = jsonld.body
    for gone in ("Read more", "Sign up for our newsletter", "Storm damage bill", "Copyright 2024"):
        assert gone not in body
    assert "Harbour council approves flood wall after two-year fight" not in body
    assert "Read more: Flood maps redrawn for the whole estuary" in jsonld.boilerplate_removed


def test_standfirst_repeating_the_description_is_dropped(opengraph):
    assert "Season tickets will cost" not in opengraph.body
    assert opengraph.paragraphs[0].startswith("Rail fares in England and Wales")


def test_comments_are_kept_apart(jsonld):
    assert [c.author for c in jsonld.comments] == ["SeaViewSally", "Old Trader"]
    assert jsonld.comments[0].text == "About time. My cellar flooded three winters in a row."
    assert jsonld.comments[0].date == "2024-03-04"
    assert "cellar flooded" not in jsonld.body


def test_recover_article_sniffs_html():
    article = recover_article((DATA / "markup_only.html").read_text(encoding="utf-8"),
                              url="https://example.org/glacier")
    assert article.title.startswith("Glacier in the Alps")
    assert article.url == "https://example.org/glacier"


# --- the filters on their own -------------------------------------------------

def _blocks(*specs: tuple[str, str]) -> list[Block]:
    return [block_from_text(kind, text) for kind, text in specs]


def test_link_markers_measure_link_share_and_disappear():
    tree = parse_html("<html><body><p>Read more: <a href='/x'>Other <b>story</b></a></p></body></html>")
    mark_links(tree)
    marked = "".join(tree.find(".//p").itertext())
    block = block_from_text("p", marked)
    assert block.text == "Read more: Other story"
    assert strip_link_marks(marked) == block.text
    assert "\u27e6" in marked
    assert 0.5 < block.link_density < 1
    assert not block.starts_with_link


def test_link_list_of_teasers_is_dropped_but_prose_list_kept():
    teasers = [block_from_text("item", f"\u27e6Teaser headline number {i}\u27e7 with a short blurb") for i in range(3)]
    prose = [block_from_text("item", f"A real point {i} made in the article, with no link at all.") for i in range(3)]
    for block in teasers:
        block.list_id = 1
    for block in prose:
        block.list_id = 2
    kept = filter_blocks(teasers + prose, PageContext())
    assert kept == prose
    assert {b.removed_by for b in teasers} == {"link-list"}


def test_label_and_the_links_under_it():
    blocks = _blocks(("p", "A long paragraph of the article that says something worth reading here."),
                     ("p", "You may also like"), ("p", "\u27e6Another story entirely\u27e7"),
                     ("p", "\u27e6And one more story\u27e7"))
    kept = filter_blocks(blocks, PageContext())
    assert [b.text for b in kept] == [blocks[0].text]


def test_byline_in_the_lead_is_dropped_but_not_later():
    lead = "Officials said on Monday that the bridge would stay closed for at least three more weeks of repairs."
    blocks = _blocks(("p", "By Jane Doe, Staff Writer"), ("p", lead), ("p", "By the end of the week, it rained."))
    kept = filter_blocks(blocks, PageContext())
    assert [b.text for b in kept] == [lead, "By the end of the week, it rained."]
    assert blocks[0].removed_by == "byline"


def test_a_paragraph_mentioning_a_newsletter_at_length_is_kept():
    text = ("The company said its newsletter, which it began in 2019, now reaches 2 million readers, and that "
            "subscribers to the newsletter could sign up for updates in their inbox, a move analysts called "
            "a bet on direct relationships with readers rather than on search engines and social networks.")
    assert filter_blocks(_blocks(("p", text)), PageContext()) != []


# --- bad input ----------------------------------------------------------------

def test_malformed_and_truncated_html_still_gives_text():
    article = page("malformed.html")
    assert article.title == "Broken page"
    assert article.paragraphs[0].startswith("The city budget for 2025")
    assert "not text" not in article.body


def test_deeply_nested_html_does_not_crash():
    html = ("<html><body><p>Start of a page with a long enough opening paragraph to be kept as text.</p>"
            + "<div>" * 20000 + "<p>deep</p>" + "</div>" * 20000 + "</body></html>")
    article = recover_from_html(html)
    assert isinstance(article.body, str)


@pytest.mark.parametrize("wrapper, depth", [("div", 300), ("div", 100_000), ("article", 400), ("span", 5_000)])
def test_text_nested_past_the_parsers_depth_limit_is_kept(wrapper, depth):
    """libxml2 drops what lies deeper than 256 elements; the page is flattened and kept."""
    text = "The council said on Tuesday that the harbour wall would be finished by the spring."
    html = (f"<html><head><title>Harbour wall</title></head><body>{f'<{wrapper}>' * depth}<p>{text}</p>"
            f"{f'</{wrapper}>' * depth}</body></html>")
    assert recover_from_html(html).body == text


def test_page_without_article_text_gives_empty_body():
    article = page("no_body.html")
    assert article.body == "" and article.paragraphs == []
    assert article.outlet == "Le Quotidien"
    assert article.language == "fr"


@pytest.mark.parametrize("junk", ["", "   ", "<<<>>>", "<html></html>", "\x00\x01<p>", "<?xml version='1.0'?><x/>"])
def test_junk_input_gives_article_or_named_error(junk):
    try:
        article = recover_from_html(junk)
    except InputError:
        return
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)


def test_empty_html_is_an_input_error():
    with pytest.raises(InputError):
        recover_from_html("   ")


def test_oversized_page_is_refused(monkeypatch):
    import onrecord.article.html.parse as html_parse

    monkeypatch.setattr(html_parse, "MAX_HTML_CHARS", 1000)
    with pytest.raises(InputTooLargeError):
        recover_from_html("<html><body>" + "<p>x</p>" * 500 + "</body></html>")


def test_broken_jsonld_is_skipped_not_fatal():
    html = ("<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": </script>"
            "<script type='application/ld+json'>[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[</script>"
            "<meta property='og:title' content='Fallback title'></head><body><p>Text.</p></body></html>")
    assert recover_from_html(html).title == "Fallback title"


# --- articles split over chunks, organisations as authors, caption labels -------

def test_chunked_article_is_read_from_every_chunk():
    from onrecord.article.html.chunks import chunked_blocks

    tree = parse_html((DATA / "chunked_article.html").read_text(encoding="utf-8"))
    blocks = chunked_blocks(tree, "The city council will let 300 of its office staff work a four-day week")
    texts = [b.text for b in blocks]
    assert len(texts) == 5
    assert texts[-1].startswith("Similar trials in Iceland")
    assert not any("teaser" in t or "Advertisement" in t for t in texts)


def test_chunked_article_body_has_all_chunks():
    article = page("chunked_article.html")
    for start in ("The city council will let", "Staff in the planning", "Similar trials in Iceland"):
        assert any(p.startswith(start) for p in article.paragraphs)
    assert "Advertisement" not in article.body


def test_organisation_author_is_not_a_person():
    assert page("chunked_article.html").authors == []


def test_screen_reader_labels_leave_captions():
    html = ("<html><body><figure><img src='a.jpg'><figcaption><span>Image caption</span> Firefighters at the scene"
            "<span class='credit'>Image copyright EPA</span></figcaption></figure><p>Text.</p></body></html>")
    (image,) = recover_from_html(html).images
    assert image.caption == "Firefighters at the scene"
    assert image.credit == "EPA" and image.agency == "EPA"


def test_control_characters_and_lone_surrogates_are_survived():
    html = ("<html><body><p>Form\x0cfeed and <a href='/x'>a link\x0b with\x00 controls</a> in a paragraph that is "
            "long enough to be article text \ud800 for the extractor to keep it.</p></body></html>")
    article = recover_from_html(html)
    assert "\x0c" not in article.body and "\ud800" not in article.body


def test_odd_tag_names_from_broken_markup_do_not_break_chunk_search():
    from onrecord.article.html.chunks import chunked_blocks

    words = " ".join(["The council said the budget would rise by 4 percent next year."] * 3)
    chunk = f"<more: class='story-body'><p>{words}</p></more:>"
    tree = parse_html(f"<html><body><div class='grid'>{chunk}</div><div class='grid'>{chunk}</div></body></html>")
    assert [e.tag for e in tree.iter("more:")]  # the parser kept the odd name
    assert len(chunked_blocks(tree, words)) == 2


def test_body_byline_dateline_and_language_fill_gaps():
    text = " ".join(["The council said the budget would rise by 4 percent next year."] * 3)
    html = ("<html><body><article><h1>Budget rises</h1><p>By Jane Doe and John Roe, Staff Writers</p>"
            f"<p>WASHINGTON (Reuters) - {text}</p><p>{text}</p></article></body></html>")
    article = recover_from_html(html)
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.dateline == "WASHINGTON"
    assert article.language == "en"
    assert "By Jane Doe and John Roe, Staff Writers" in article.boilerplate_removed


def test_published_not_before_from_dated_photo():
    text = " ".join(["Officials said the bridge would stay closed for repairs until the spring."] * 3)
    html = ("<html><body><article><h1>Bridge stays shut</h1><figure><img src='b.jpg'><figcaption>The bridge on "
            "March 5, 2023. (AP Photo/Jane Doe, File)</figcaption></figure>"
            f"<p>{text}</p><p>{text}</p></article></body></html>")
    article = recover_from_html(html)
    assert article.images[0].date == "2023-03-05"
    assert article.published is None
    assert article.published_not_before == "2023-03-05"


def test_author_bio_at_the_end_and_long_notices_are_dropped():
    story = "The mayor said on Tuesday that the new bus lanes would open in the spring, two months late."
    notice = ("This copy is for your personal, non-commercial use only. Distribution and use of this material are "
              "governed by our Subscriber Agreement and by copyright law. For non-personal use or to order multiple "
              "copies, please contact the reprints department of the publisher by email or by telephone today.")
    blocks = _blocks(("p", story), ("p", notice), ("p", "Jane Doe is a transport reporter based in Leeds."))
    kept = filter_blocks(blocks, PageContext(authors=["Jane Doe"]))
    assert [b.text for b in kept] == [story]
    assert [b.removed_by for b in blocks[1:]] == ["notice", "author-bio"]


def test_author_named_in_the_story_is_not_a_bio():
    blocks = _blocks(("p", "Jane Doe is the third reporter to leave the paper this year, staff said on Monday."),
                     ("p", "The paper did not comment."))
    assert len(filter_blocks(blocks, PageContext(authors=["Jane Doe"]))) == 2


@pytest.mark.parametrize("value", ["Science X staff", "News Nation Bureau", "Metro Desk"])
def test_structured_author_that_is_a_desk_is_not_a_person(value):
    html = (f"<html><head><meta name='author' content='{value}'></head><body><p>Text of the story, long enough to"
            " be kept by the extractor as the body of this test page.</p></body></html>")
    assert recover_from_html(html).authors == []


def test_structured_author_with_unusual_name_is_kept():
    html = ("<html><head><meta name='author' content='Al Root'></head><body><p>Text of the story, long enough"
            " to be kept by the extractor as the body of this test page.</p></body></html>")
    assert recover_from_html(html).authors == ["Al Root"]


def test_date_in_the_url_beats_guessing():
    from onrecord.article.html.dates import url_date

    assert url_date("https://example.com/news/2019/11/19/some-story/") == "2019-11-19"
    assert url_date("https://example.com/story/2019-11-19/some-story") == "2019-11-19"
    assert url_date("https://example.com/2019/13/45/x") is None
    html = "<html><body><p>Story text that is long enough to be kept as the body of the page here.</p></body></html>"
    assert recover_from_html(html, url="https://example.com/2021/06/07/story").published == "2021-06-07"


def test_dropped_embedded_tweet_is_put_back_after_its_paragraph():
    from onrecord.article.html.embeds import restore_embeds

    first = "Many people on social media pointed out what might be wrong with the new state slogan on Monday."
    second = "The governor's office said the campaign had cost nearly half a million dollars so far this year."
    tree = parse_html(f"<html><body><article><p>{first}</p><blockquote class='twitter-tweet'><p>Yes this is real"
                      " and the state paid for it</p>— A Reader (@reader) November 18, 2019</blockquote>"
                      f"<p>{second}</p></article><aside><p>Elsewhere</p><blockquote class='twitter-tweet'>"
                      "<p>An unrelated post</p></blockquote></aside></body></html>")
    blocks = _blocks(("p", first), ("p", second))
    texts = [b.text for b in restore_embeds(tree, blocks)]
    assert texts[0] == first and texts[2] == second
    assert texts[1].startswith("Yes this is real") and "(@reader)" in texts[1]
    assert len(texts) == 3  # the post beside "Elsewhere" has no extracted neighbour
