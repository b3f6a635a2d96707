"""Reader comments in HTML, kept apart from the article body.

Comment threads rendered in the page (WordPress, Disqus fallbacks,
schema.org ``Comment`` markup) share a shape: a container, then one element
per comment holding an author, a date and the text.  trafilatura already
keeps them out of the body; this module reads them into ``Comment`` records.
"""

from __future__ import annotations

from typing import Optional

from lxml import etree
from lxml.html import HtmlElement

from onrecord.article.html import selectors as sel
from onrecord.article.html.dates import iso_date
from onrecord.article.html.dom import scan_attributes, text_of
from onrecord.record import Comment

MAX_COMMENTS = 500
MAX_AUTHOR_CHARS = 80
_IS_CONTAINER = etree.XPath(f"boolean(self::*[{sel.COMMENT_CONTAINER_TEST}])")


def extract_comments(tree: HtmlElement, candidates: Optional[list[HtmlElement]] = None) -> list[Comment]:
    """Comments in page order; an empty list when the page shows none.

    ``candidates`` is the "comments" bucket of ``scan_attributes`` when the
    caller has already scanned the page."""
    if candidates is None:
        candidates = scan_attributes(tree, {"comments": sel.ATTRIBUTE_BUCKETS["comments"]})["comments"]
    container = next((c for c in candidates if _IS_CONTAINER(c)), None)
    if container is None:
        return []
    comments: list[Comment] = []
    for item in _items(container)[:MAX_COMMENTS]:
        comment = _read(item)
        if comment is not None:
            comments.append(comment)
    return comments


def _items(container: HtmlElement) -> list[HtmlElement]:
    """Comment elements, innermost-first duplicates removed (a reply nested in
    its parent's element is its own comment, not part of the parent's text)."""
    for xpath in sel.COMMENT_ITEM_XPATHS:
        found = container.xpath(xpath)
        if found:
            return found
    return []


def _read(item: HtmlElement) -> Optional[Comment]:
    text_element = _first(item, sel.COMMENT_TEXT_XPATHS)
    if text_element is None:
        return None
    if text_element.tag == "p":
        text = "\n".join(t for t in (text_of(p) for p in _own(item, ".//p")) if t)
    else:
        text = text_of(text_element)
    if not text:
        return None
    author_element = _first(item, sel.COMMENT_AUTHOR_XPATHS)
    author = text_of(author_element) if author_element is not None else None
    if author and len(author) > MAX_AUTHOR_CHARS:
        author = None
    return Comment(text=text, author=author or None, date=_date(item))


def _own(item: HtmlElement, xpath: str) -> list[HtmlElement]:
    """Matches inside ``item`` that do not belong to a reply nested in it."""
    nested = {id(e) for e in item.xpath(".//li[contains(@class, 'comment')] | .//article[contains(@class, 'comment')]")}
    own = []
    for element in item.xpath(xpath):
        if not any(id(parent) in nested for parent in element.iterancestors()):
            own.append(element)
    return own


def _first(item: HtmlElement, xpaths: tuple[str, ...]) -> Optional[HtmlElement]:
    for xpath in xpaths:
        found = _own(item, xpath)
        if found:
            return found[0]
    return None


def _date(item: HtmlElement) -> Optional[str]:
    for time in _own(item, ".//time"):
        date = iso_date(time.get("datetime") or text_of(time))
        if date:
            return date
    return None
