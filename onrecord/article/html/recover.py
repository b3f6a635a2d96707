"""``--as html``: an ``Article`` recovered from an HTML page.

The page is parsed once; metadata (JSON-LD, then <meta>, then markup),
figures and reader comments are read from that tree before the body is
extracted (trafilatura plus our boilerplate filters, see ``html_body``), so
every part sees the page as published.  What the body itself says (a "By"
line, a dateline, the language it is written in) fills the gaps last.
"""

from __future__ import annotations

from typing import Optional

from onrecord.article.html.comments import extract_comments
from onrecord.article.html.figures import extract_figures
from onrecord.article.html.body import Body, extract_body
from onrecord.article.html.dom import scan_attributes
from onrecord.article.html.filters import PageContext
from onrecord.article.html.parse import parse_html
from onrecord.article.html.selectors import ATTRIBUTE_BUCKETS
from onrecord.article.html.metadata import extract_metadata, parse_authors
from onrecord.record import PARAGRAPH_SEPARATOR, Article

# A dateline opens the story's first paragraph, which a standfirst may precede.
DATELINE_PARAGRAPHS = 2


def recover_from_html(html: str, url: Optional[str] = None) -> Article:
    """Recover title, metadata, figures, body and comments from ``html``.

    Raises an ``onrecord.errors.InputError`` subclass when no document can be
    parsed; a page without article text gives an ``Article`` with an empty
    body rather than an error, since its metadata may still be useful.
    """
    tree = parse_html(html)
    found = scan_attributes(tree, ATTRIBUTE_BUCKETS)
    metadata = extract_metadata(tree, url, breadcrumbs=found["breadcrumb"])
    images = extract_figures(tree)
    comments = extract_comments(tree, found["comments"])
    context = PageContext(metadata.headlines, metadata.description, metadata.url or url, metadata.authors)
    body = extract_body(tree, context, named=found["named"])
    article = Article(
        title=metadata.title,
        section_path=metadata.section_path or ([metadata.section] if metadata.section else []),
        published=metadata.published,
        updated=metadata.updated,
        authors=metadata.authors or _byline_authors(body),
        outlet=metadata.outlet,
        language=metadata.language,
        url=metadata.url or url,
        images=images,
        paragraphs=body.paragraphs,
        body=PARAGRAPH_SEPARATOR.join(body.paragraphs),
        comments=comments,
        boilerplate_removed=body.removed,
    )
    _read_body_facts(article)
    return article


def _byline_authors(body: Body) -> list[str]:
    """Authors from the "By ..." lines the filters took out of the body."""
    return parse_authors([b.text for b in body.dropped if b.removed_by == "byline"], structured=False)


def _read_body_facts(article: Article) -> None:
    """Dateline, language and the earliest possible publication date, from
    the text (as the scraped-text reader does)."""
    from onrecord.article.language import SAMPLE_CHARS, guess_language
    from onrecord.article.timestamps import parse_dateline

    dateline = next(filter(None, map(parse_dateline, article.paragraphs[:DATELINE_PARAGRAPHS])), None)
    evidence = [image.date for image in article.images if image.date]
    if dateline:
        article.dateline = dateline.place
        if dateline.date:
            evidence.append(dateline.date)
    if article.published:
        evidence.append(article.published)
    article.published_not_before = max(evidence) if evidence else None
    if not article.language and article.body:
        article.language = guess_language(article.body[:SAMPLE_CHARS])
