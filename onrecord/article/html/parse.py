"""Parsing a page into an lxml tree that every HTML step shares.

The page is parsed once, with trafilatura's parser settings (lxml in recover
mode, comments and processing instructions dropped), so the body extractor
and the metadata readers see exactly the same tree.  libxml2 caps nesting at 255
levels: anything deeper in a hostile page is cut off rather than blowing the
Python stack in later recursive code.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from onrecord.errors import InputError, InputTooLargeError

MAX_HTML_CHARS = 20_000_000
"""Pages above this size are refused: no news article is this large, and
parsing one would take seconds and hundreds of megabytes."""

_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True)
_FRAGMENT_PARSER = lxml.html.HTMLParser(recover=True, remove_comments=True, remove_pis=True,
                                        collect_ids=False, default_doctype=False)


# Characters lxml refuses in text it is asked to write back (control
# characters, lone surrogates): dropped before parsing so that no later step
# that edits the tree can fail on them.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


# libxml2 stops building the tree 256 elements deep and drops the text below;
# hostile or broken pages nest that deep in layout wrappers, which carry no
# meaning for the article, so those are removed and the page parsed again.
_WRAPPER_TAGS = re.compile(r"</?(?:div|span|section|font|center|table|tbody|tr|td|b|i|u|em|strong|small)\b[^>]*>",
                           re.IGNORECASE)
_ANY_TAG_BUT_BLOCKS = re.compile(r"<(?!/?(?:html|head|body|title|meta|p|br|h[1-6])\b)/?[a-zA-Z][^>]*>")


def _too_deep() -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in _PARSER.error_log)


def _parse_document(html: str) -> tuple[HtmlElement | None, str]:
    """The tree, and the markup it was built from (flattened when too deep)."""
    tree = _parse_once(html)
    for flatten in (_WRAPPER_TAGS, _ANY_TAG_BUT_BLOCKS):
        if tree is None or not _too_deep():
            break
        html = flatten.sub(" ", html)
        tree = _parse_once(html)
    return tree, html


def _parse_once(html: str) -> HtmlElement | None:
    try:
        return lxml.html.fromstring(html, parser=_PARSER)
    except ValueError:  # a str that declares its own encoding: lxml wants bytes
        try:
            return lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
        except (ValueError, lxml.etree.ParserError):
            return None
    except lxml.etree.ParserError:
        return None


class UnparsableHTMLError(InputError):
    """The input was taken for HTML but no document tree could be built from it."""


def parse_html(html: str) -> HtmlElement:
    """The document tree of ``html``; raise a named ``InputError`` when there is none."""
    if len(html) > MAX_HTML_CHARS:
        raise InputTooLargeError(
            f"HTML page has {len(html):,} characters; the limit is {MAX_HTML_CHARS:,}")
    if not html.strip():
        raise UnparsableHTMLError("HTML input is empty")
    tree = _load(_XML_UNSAFE.sub("", _SURROGATES.sub("\ufffd", html)))
    if tree is None or tree.find(".//body") is None and not len(tree):
        raise UnparsableHTMLError("no HTML document could be parsed from the input")
    return tree


def _load(html: str) -> HtmlElement | None:
    """lxml directly with trafilatura's parser settings (the common case, and
    the cheapest); trafilatura's loader, which repairs broken document
    starts, when that gives no head-and-body document; a bare fragment
    wrapped in a document last."""
    tree, html = _parse_document(html)
    if tree is not None and len(tree) >= 2:
        return tree
    try:
        tree = load_html(html)
    except (ValueError, TypeError):
        tree = None
    if tree is not None:
        return tree
    try:
        return lxml.html.document_fromstring(f"<html><body><div>{html}</div></body></html>",
                                             _FRAGMENT_PARSER)
    except (ValueError, lxml.etree.ParserError):
        return None
