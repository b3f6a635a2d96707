"""The article stage: structure recovered from scraped text or HTML."""

from __future__ import annotations

from typing import Optional

from onrecord.article.body import article_from_body
from onrecord.record import Article

KINDS = ("auto", "text", "html", "body")


def recover_article(text: str, kind: str = "auto", *, url: Optional[str] = None) -> Article:
    """Recover an ``Article`` from decoded ``text``.

    ``kind`` is ``text`` (a page a scraper already flattened), ``html``,
    ``body`` (the text verbatim as the body: offsets then refer to the input
    exactly) or ``auto`` (sniffed).
    """
    from onrecord.read.sniff import sniff_kind

    if kind == "auto":
        kind = sniff_kind(text)
        if kind == "feed":
            from onrecord.errors import InputError

            raise InputError("input is an RSS/Atom feed, not an article: use `onrecord ingest` for feeds")
    if kind == "body":
        article = article_from_body(text)
    elif kind == "html":
        from onrecord.article.html.recover import recover_from_html

        article = recover_from_html(text, url=url)
    elif kind == "text":
        from onrecord.article.text.recover import recover_from_text

        article = recover_from_text(text)
    else:
        raise ValueError(f"unknown input kind {kind!r}; expected one of {', '.join(KINDS)}")
    if url and not article.url:
        article.url = url
    return article
