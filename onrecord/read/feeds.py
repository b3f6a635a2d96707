"""Articles out of RSS and Atom feeds, parsed safely.

A feed is untrusted XML: before feedparser sees it, the bytes go through
defusedxml, which refuses entity declarations and external references —
the "billion laughs" XML bomb and its cousins — with a clear error instead
of eating the machine's memory.  Each entry becomes a job: its full content
when the feed carries the article (``content:encoded``, Atom ``content``),
otherwise the page its link points to, fetched through
``onrecord.read.fetch`` with the usual limits.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Optional, Union

from onrecord.errors import InputError, OnrecordError
from onrecord.read.items import Job, Skipped

# A feed entry whose text is shorter than this is a teaser: fetch the page instead.
MIN_CONTENT_CHARS = 600

Fetch = Callable[[str], tuple[str, str]]   # url -> (decoded text, final url)


def check_xml(data: bytes, source: str) -> None:
    """Refuse XML that declares entities or references external resources."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if re.search(rb"<!ENTITY", data[:1_000_000], re.I):
        raise InputError(f"{source}: refused: the feed declares XML entities, the pattern of an XML bomb "
                         "(billion laughs); feeds never need them")
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(f"{source}: refused: unsafe XML in the feed ({type(exc).__name__})") from exc
    except ParseError:
        pass  # malformed but harmless: feedparser's lenient parser copes with many real feeds


def read_feed(data: bytes, source: str, *, fetch: Optional[Fetch] = None) -> Iterator[Union[Job, Skipped]]:
    """Yield one job per feed entry (raise ``InputError`` if the feed is unsafe or unreadable)."""
    import feedparser

    check_xml(data, source)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise InputError(f"{source}: no entries in the feed" + (f" ({reason})" if reason else ""))
    for index, entry in enumerate(parsed.entries):
        link = entry.get("link")
        item = f"{source}#{link or index}"
        published = entry.get("published") or entry.get("updated")
        html = _content(entry)
        if html is not None:
            yield Job(_with_title(entry.get("title"), html), item, "html", link, published)
        elif link and fetch is not None:
            try:
                text, final_url = fetch(link)
            except OnrecordError as exc:
                yield Skipped(item, str(exc))
                continue
            yield Job(text, item, "auto", final_url, published)
        else:
            yield Skipped(item, "the entry carries only a summary and its link cannot be fetched")


def _content(entry) -> Optional[str]:
    """The entry's full HTML content, or None when it is only a teaser."""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(re.sub(r"<[^>]+>", "", value)) >= MIN_CONTENT_CHARS:
            return value
    summary = entry.get("summary") or ""
    if len(re.sub(r"<[^>]+>", "", summary)) >= MIN_CONTENT_CHARS:
        return summary
    return None


def _with_title(title: Optional[str], html: str) -> str:
    """Wrap entry content as a page so the article stage finds the headline."""
    from html import escape

    head = f"<title>{escape(title)}</title>" if title else ""
    heading = f"<h1>{escape(title)}</h1>" if title else ""
    return f"<html><head>{head}</head><body><article>{heading}{html}</article></body></html>"
