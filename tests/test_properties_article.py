"""Property tests for article recovery: any text, scraped or HTML, ends as an
``Article`` whose body is its paragraphs joined, or as one ``OnrecordError``
(Hypothesis, bounded examples; the inputs are mutated bundled samples and
page-shaped junk, since wholly random text rarely reaches the deep paths).

Every bug these found is pinned below as a plain regression test with its input.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from onrecord.article import recover_article
from onrecord.article.html.recover import recover_from_html
from onrecord.article.text.recover import recover_from_text
from onrecord.errors import OnrecordError
from onrecord.record import PARAGRAPH_SEPARATOR, Article
from tests.property_settings import bounded

SAMPLES = Path(__file__).resolve().parent.parent / "onrecord" / "samples"
TEXT_SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
HTML_SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.html"))]

TEXT_SETTINGS = bounded(150)
HTML_SETTINGS = bounded(80)

# Pieces that steer the recovery into its branches: bylines, timestamps,
# captions and credits, comment markers, datelines, quotes, markup.
TEXT_PIECES = st.sampled_from([
    "\n", "\n\n", "By ", "By Jane Doe and John Smith, Reuters\n", "Updated 12:04 GMT, 3 December 2026\n",
    "Published: December 3, 2026\n", "LONDON (Reuters) - ", "Photo: AP Photo/Evan Vucci\n",
    "(Getty Images)\n", "Comments\n", "Join the conversation\n", "Related\n", "Read more: ", "\u201c", "\u201d",
    "\"", " said ", " — ", "•", "1.", "Home > News > World\n", "\t", "\r\n", "\u2028", "\x00", "\ufeff",
    "Advertisement\n", "Sign up for our newsletter\n", "© 2026 ", "Share this article\n", "12 hours ago\n",
])
HTML_PIECES = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<script>", "</script>", "<!--", "-->",
    "<meta charset=\"latin-1\">", "<meta property=\"article:published_time\" content=\"2026-13-45\">",
    "<meta name=\"author\" content=\"", "\">", "<figure><img src=x><figcaption>", "</figcaption></figure>",
    "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"datePublished\": ",
    "{\"author\": [null, {\"name\": 3}], \"headline\": []}", "</script>", "<time datetime=\"", "<br>",
    "<h1>", "</h1>", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "<![CDATA[", "]]>", "<svg>", "<table><tr><td>",
    "<ol><li>", "By Jane Doe", "<a href=\"javascript:", "\x00", "\ufeff", "<?xml version=\"1.0\"?>",
])


def _mutated(samples: list[str], pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A sample with a few cuts, splices, duplications and inserted pieces."""
    edit = st.tuples(st.sampled_from(["insert", "delete", "duplicate", "truncate"]),
                     st.floats(0, 1), st.floats(0, 1), st.one_of(pieces, st.text(max_size=30)))

    def apply(args: tuple[str, list]) -> str:
        text, edits = args
        for op, a, b, piece in edits:
            i, j = sorted((int(a * len(text)), int(b * len(text))))
            if op == "insert":
                text = text[:i] + piece + text[i:]
            elif op == "delete":
                text = text[:i] + text[min(j, i + 2000):]
            elif op == "duplicate":
                text = text[:j] + text[i:min(j, i + 2000)] + text[j:]
            else:
                text = text[:max(i, 1)]
        return text

    return st.tuples(st.sampled_from(samples), st.lists(edit, max_size=8)).map(apply)


def _junk(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(pieces, st.text(max_size=40)), max_size=40).map("".join)


def _check(article: Article) -> None:
    assert isinstance(article, Article)
    assert article.body == PARAGRAPH_SEPARATOR.join(article.paragraphs)
    assert all(isinstance(p, str) and p for p in article.paragraphs)
    for field in (article.published, article.updated, article.published_not_before):
        assert field is None or isinstance(field, str)


@TEXT_SETTINGS
@given(st.one_of(_mutated(TEXT_SAMPLES, TEXT_PIECES), _junk(TEXT_PIECES)))
def test_recover_from_text_gives_an_article_or_a_clear_error(text: str) -> None:
    try:
        article = recover_from_text(text)
    except OnrecordError:
        return
    _check(article)


@HTML_SETTINGS
@given(st.one_of(_mutated(HTML_SAMPLES, HTML_PIECES), _junk(HTML_PIECES)))
def test_recover_from_html_gives_an_article_or_a_clear_error(html: str) -> None:
    try:
        article = recover_from_html(html, url="https://example.org/news/1")
    except OnrecordError:
        return
    _check(article)


@HTML_SETTINGS
@given(st.one_of(_mutated(TEXT_SAMPLES + HTML_SAMPLES, st.one_of(TEXT_PIECES, HTML_PIECES)),
                 _junk(st.one_of(TEXT_PIECES, HTML_PIECES))))
def test_recover_article_auto_sniffs_and_never_crashes(text: str) -> None:
    try:
        article = recover_article(text, "auto")
    except OnrecordError:
        return
    _check(article)


@TEXT_SETTINGS
@given(st.text(max_size=400))
def test_body_mode_keeps_the_input_verbatim(text: str) -> None:
    article = recover_article(text, "body")
    assert article.body == text
    assert all(p in text for p in article.paragraphs)
