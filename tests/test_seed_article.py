"""Golden test: the seed page's article block, exactly as the issue expects it."""

from __future__ import annotations

from onrecord.article import recover_article
from onrecord.record import PARAGRAPH_SEPARATOR, Record


def test_seed_article_matches_expected(seed_text, seed_expected):
    expected = seed_expected["article"]
    article = recover_article(seed_text, "text")
    assert article.section_path == expected["section_path"]
    assert article.title == expected["title"]
    images = Record(article=article).to_dict()["article"]["images"]
    assert images == expected["images"]
    assert len(article.paragraphs) == expected["paragraph_count"]
    assert article.body.startswith(expected["body_starts_with"])
    assert article.body.endswith(expected["body_ends_with"])
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)
    assert article.boilerplate_removed == expected["boilerplate_removed"]
    assert [c.text for c in article.comments] == expected["comments"]
    assert article.published == expected["published"]
    assert article.published_not_before == expected["published_not_before"]


def test_seed_is_sniffed_as_text(seed_text, seed_expected):
    article = recover_article(seed_text)
    assert article.title == seed_expected["article"]["title"]
    assert len(article.paragraphs) == seed_expected["article"]["paragraph_count"]


def test_seed_body_keeps_no_furniture(seed_text):
    article = recover_article(seed_text, "text")
    for removed in ("Subscribe to our newsletter", "COMMENTS", "REUTERS", "Home"):
        assert removed not in article.body
