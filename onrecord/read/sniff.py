"""Deciding whether decoded text is HTML, a feed or already-flattened text."""

from __future__ import annotations

import re

_HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<(p|div|article|meta|title)[\s>]", re.I)
_FEED_MARKERS = re.compile(r"<rss[\s>]|<feed[\s>][^>]*xmlns=\"http://www.w3.org/2005/Atom|<rdf:RDF", re.I)


def sniff_kind(text: str) -> str:
    """Return ``"feed"``, ``"html"`` or ``"text"`` from the first 4 KiB."""
    head = text[:4096]
    if _FEED_MARKERS.search(head):
        return "feed"
    if _HTML_MARKERS.search(head):
        return "html"
    # Markup deeper in a page without a recognisable head: count tags.
    if len(re.findall(r"</?[a-zA-Z][^>]{0,200}>", text[:20000])) > 20:
        return "html"
    return "text"
