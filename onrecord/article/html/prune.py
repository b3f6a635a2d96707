"""Removing page elements that class names mark as never article text.

Some parts of a news page are named for what they are: the standfirst
("dek", "standfirst", "strapline"), the kicker above the headline, teaser
excerpts of other stories.  trafilatura does not know these names, and once
their text reaches its output a standfirst looks like any paragraph.  So they
are cut from the tree before extraction, and reported as removed.  Only
short elements go: a long one carrying such a name is more likely a wrapper
around the article than the thing itself.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from typing import Optional

from onrecord.article.html.dom import attr_tokens, remove_element, scan_attributes, text_of
from onrecord.article.html.selectors import ATTRIBUTE_BUCKETS, PRUNE_ATTR_WORDS

MAX_PRUNED_WORDS = 80


def prune_named_boilerplate(tree: HtmlElement, candidates: Optional[list[HtmlElement]] = None) -> list[str]:
    """Remove short elements whose class or id names them as non-article
    parts (``PRUNE_ATTR_WORDS``); return their texts in page order.

    ``candidates`` is the "named" bucket of ``scan_attributes`` when the
    caller has already scanned the page."""
    if candidates is None:
        candidates = scan_attributes(tree, {"named": ATTRIBUTE_BUCKETS["named"]})["named"]
    doomed = [e for e in candidates if e.tag not in ("html", "body") and attr_tokens(e) & PRUNE_ATTR_WORDS]
    removed = []
    doomed_set = set(doomed)
    for element in doomed:
        if any(parent in doomed_set for parent in element.iterancestors()):
            continue
        text = text_of(element)
        if len(text.split()) <= MAX_PRUNED_WORDS:
            if text:
                removed.append(text)
            remove_element(element)
    return removed
