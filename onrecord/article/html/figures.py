"""Figures: photos with their captions and parsed credits.

A news figure is an image plus a caption, and the credit is either its own
element (``<span class="credit">``) or the last words of the caption
("... (AP Photo/Evan Vucci)").  Both shapes are read here; the credit text
itself is parsed by ``onrecord.article.credits``, which knows agencies,
pools and file photos.
"""

from __future__ import annotations

import re
from typing import Optional

from lxml.html import HtmlElement

from onrecord.article.html import selectors as sel
from onrecord.article.credits import parse_credit, split_caption_credit
from onrecord.article.html.dom import clean_text, text_of
from onrecord.record import Image

MAX_FIGURES = 50
_CAPTION_LABEL = re.compile(sel.CAPTION_LABEL_PATTERN, re.I)
_CREDIT_LABEL = re.compile(sel.CREDIT_LABEL_PATTERN, re.I)
MAX_CAPTION_CHARS = 1500


def extract_figures(tree: HtmlElement) -> list[Image]:
    """Every captioned figure on the page, in page order, without repeats."""
    images: list[Image] = []
    seen: set[tuple[Optional[str], Optional[str]]] = set()
    for figure in _figures(tree):
        image = read_figure(figure)
        if image is None:
            continue
        key = (image.caption, image.credit)
        if key not in seen:
            seen.add(key)
            images.append(image)
    return images


def _figures(tree: HtmlElement) -> list[HtmlElement]:
    """Figure containers, outermost only (a <figure> inside a .wp-caption counts once)."""
    found: list[HtmlElement] = []
    for xpath in sel.FIGURE_XPATHS:
        for element in tree.xpath(xpath):
            if any(_nested(element, f) or _nested(f, element) for f in found):
                continue
            found.append(element)
            if len(found) >= MAX_FIGURES:
                return found
    return sorted(found, key=lambda e: e.sourceline or 0)


def _nested(inner: HtmlElement, outer: HtmlElement) -> bool:
    """True when ``inner`` is ``outer`` or lies inside it."""
    return inner is outer or any(parent is outer for parent in inner.iterancestors())


def read_figure(figure: HtmlElement) -> Optional[Image]:
    """The caption and credit of one figure; None when it has neither."""
    caption_element = _first(figure, sel.CAPTION_XPATHS)
    credit_element = _first(figure, sel.CREDIT_XPATHS)
    caption = _CAPTION_LABEL.sub("", text_of(caption_element)) if caption_element is not None else ""
    credit = text_of(credit_element) if credit_element is not None else ""
    if not caption and credit:
        caption = clean_text(_image_alt(figure))
    if credit and caption.endswith(credit):
        caption = caption[: -len(credit)].rstrip(" |–—-")
    elif credit and credit in caption:
        caption = clean_text(caption.replace(credit, " "))
    credit = _CREDIT_LABEL.sub("", credit)
    if not credit and caption:
        caption, found = split_caption_credit(caption[:MAX_CAPTION_CHARS])
        credit = found or ""
    if not caption and not credit:
        return None
    return parse_credit(credit or None, caption or None)


def _first(element: HtmlElement, xpaths: tuple[str, ...]) -> Optional[HtmlElement]:
    for xpath in xpaths:
        found = element.xpath(xpath)
        if found:
            return found[0]
    return None


def _image_alt(figure: HtmlElement) -> str:
    image = figure.find(".//img")
    return (image.get("alt") or "") if image is not None else ""
