"""``--as html``: an ``Article`` recovered from an HTML page.

The page is parsed once; metadata (JSON-LD, then <meta>, then markup),
figures and reader comments are read from that tree before the body is
extracted (trafilatura plus our boilerplate filters, see ``html_body``), so
every part sees the page as published.
"""

from __future__ import annotations

from typing import Optional

from onrecord.article.comments_html import extract_comments
from onrecord.article.figures import extract_figures
from onrecord.article.html_body import extract_body
from onrecord.article.html_filters import PageContext
from onrecord.article.html_dom import scan_attributes
from onrecord.article.html_parse import parse_html
from onrecord.article.html_selectors import ATTRIBUTE_BUCKETS
from onrecord.article.metadata import extract_metadata
from onrecord.record import PARAGRAPH_SEPARATOR, Article


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
    context = PageContext(metadata.headlines, metadata.description, metadata.url or url)
    body = extract_body(tree, context, named=found["named"])
    return Article(
        title=metadata.title,
        section_path=metadata.section_path or ([metadata.section] if metadata.section else []),
        published=metadata.published,
        updated=metadata.updated,
        authors=metadata.authors,
        outlet=metadata.outlet,
        language=metadata.language,
        url=metadata.url or url,
        images=images,
        paragraphs=body.paragraphs,
        body=PARAGRAPH_SEPARATOR.join(body.paragraphs),
        comments=comments,
        boilerplate_removed=body.removed,
    )
