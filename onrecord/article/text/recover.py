"""Article recovery from scraped text (a page a scraper already flattened).

No site rules: every line gets a role from its shape (``roles.py``), then
position decides the rest.  The page splits into four zones:

* header: everything before the first prose line, holding the breadcrumb,
  the headline, bylines, timestamps, captions (read by ``header.py``);
* body: from the first to the last prose line before any comment marker;
  inside it furniture, related-link lists, captions and timestamps are taken
  out and the remaining lines are the paragraphs;
* trailer: what follows the last prose line (newsletter boxes, link lists);
* comments: after a comment-section marker, read by ``comments.py``.

Every line that leaves the text without landing in a field is listed in
``boilerplate_removed``, so nothing disappears silently (``page_parts.py``
holds what the zones collect).
"""

from __future__ import annotations

import re
from typing import Optional

from onrecord.article.text.comments import read_comments
from onrecord.article.credits import agency_name
from onrecord.article.text.header import find_breadcrumb, read_header
from onrecord.article.language import SAMPLE_CHARS, guess_language
from onrecord.article.text.lines import Line, split_lines
from onrecord.article.text.page_parts import PageParts
from onrecord.article.text.roles import (COMMENT_MARKER, CREDIT, MAX_CAPTION, META, OTHER, PROSE, RELATED_HEADING, TITLE,
                                    Tagged, pair_captions, tag_line)
from onrecord.article.timestamps import parse_dateline
from onrecord.errors import InputError
from onrecord.record import PARAGRAPH_SEPARATOR, Article

# A run of this many title-shaped lines inside the body is a list of links.
LINK_LIST_MIN_LINES = 3
LINK_MIN_WORDS = 3
_BULLET = re.compile(r"^(?:\d{1,2}[.)]|[-•*–·▪●])\s")
DATELINE_PARAGRAPHS = 2
MAX_BIO = 400
_BIO_VERBS = ("is a ", "is an ", "is the ", "is ", "covers ", "reports ", "writes ", "has covered ", "was a ")


def recover_from_text(text: str) -> Article:
    """Recover title, section path, dates, authors, images, paragraphs and
    comments from flattened page text."""
    if not isinstance(text, str):
        raise InputError(f"scraped text must be decoded text, not {type(text).__name__}")
    tagged = pair_captions(_tag_all(split_lines(text)))
    page = PageParts()
    if not tagged:
        return page.article
    body_start = next((i for i, t in enumerate(tagged) if t.role == PROSE), None)
    if body_start is None:
        _read_without_prose(tagged, page)
        return _finish(page)
    comment_start = next((i for i in range(body_start, len(tagged)) if tagged[i].role == COMMENT_MARKER),
                         len(tagged))
    body_end = max(i for i in range(body_start, comment_start) if tagged[i].role == PROSE)
    read_header(tagged[:body_start], page)
    _read_body(tagged[body_start:body_end + 1], page)
    _read_trailer(tagged[body_end + 1:comment_start], page)
    if comment_start < len(tagged):
        _read_comment_zone(tagged[comment_start:], page)
    return _finish(page)


def _tag_all(lines: list[Line]) -> list[Tagged]:
    """Tag every line; identical lines (furniture repeats, so do
    concatenated pages) are judged once.  The cache keys are the line
    strings themselves, so it costs no copy of the text."""
    seen: dict[str, Tagged] = {}
    tagged = []
    for line in lines:
        known = seen.get(line.text)
        if known is None:
            known = seen[line.text] = tag_line(line)
        tagged.append(Tagged(line, known.role, known.data))
    return tagged


def _read_body(body: list[Tagged], page: PageParts) -> None:
    """Paragraphs, minus furniture, link lists, captions and timestamps."""
    run: list[Tagged] = []  # title-shaped lines that may be a list of links
    in_list = False
    compact: Optional[bool] = None  # list items on consecutive lines?
    for position, item in enumerate(body):
        role = item.role
        if in_list and compact and item.line.blank_before:
            in_list = False  # a blank line closes a list written line after line
        if role in (TITLE, OTHER) or (role == META and not item.data.byline.labelled):
            if in_list:
                compact = not item.line.blank_before if compact is None else compact
                page.remove(item.text)
            else:
                run.append(item)
            continue
        if role == CREDIT and run and position and run[-1] is body[position - 1] \
                and len(run[-1].text) <= MAX_CAPTION:
            caption = run.pop()
            _flush_run(run, page)
            page.add_image(item.data[1], caption.text)
            continue
        _flush_run(run, page)
        if role == CREDIT and position and _previous_paragraph_is_caption(body[position - 1], page):
            caption = page.article.paragraphs.pop()
            page.add_image(item.data[1], caption)
            continue
        if role == PROSE:
            in_list = False
            page.article.paragraphs.append(item.text)
        elif role == RELATED_HEADING:
            in_list, compact = True, None
            page.remove(item.text)
        elif not page.take_metadata(item, labelled_only=True):
            page.remove(item.text)  # furniture, related links, comment markers, relative times
    _flush_run(run, page)


def _previous_paragraph_is_caption(previous: Tagged, page: PageParts) -> bool:
    """A credit on a line of its own belongs to the short line just above it,
    even when that line is a sentence."""
    paragraphs = page.article.paragraphs
    return bool(paragraphs) and previous.role == PROSE and previous.text == paragraphs[-1] \
        and len(previous.text) <= MAX_CAPTION


def _flush_run(run: list[Tagged], page: PageParts) -> None:
    """A run of headline-like lines is a link list; a short run is subheads,
    and a bulleted or numbered run is the article's own list."""
    if not run:
        return
    is_list = len(run) >= LINK_LIST_MIN_LINES and all(
        t.role == TITLE and t.line.words >= LINK_MIN_WORDS and not _BULLET.match(t.text) for t in run)
    for item in run:
        if is_list:
            page.remove(item.text)
        else:
            page.article.paragraphs.append(item.text)
    run.clear()


def _read_trailer(trailer: list[Tagged], page: PageParts) -> None:
    """After the last paragraph: credits lines and furniture only."""
    for item in trailer:
        if not page.take_metadata(item, labelled_only=True):
            page.remove(item.text)


def _read_comment_zone(zone: list[Tagged], page: PageParts) -> None:
    page.remove(zone[0].text)  # the marker itself
    section = read_comments([t.line for t in zone[1:]])
    page.article.comments.extend(section.comments)
    page.article.boilerplate_removed.extend(section.removed)
    if section.footer_start is not None:
        for item in zone[1 + section.footer_start:]:
            page.remove(item.text)


def _read_without_prose(tagged: list[Tagged], page: PageParts) -> None:
    """A page with no sentence at all: its short lines are the body, after
    metadata and furniture are taken out (no headline is guessed)."""
    crumbs = find_breadcrumb(tagged, page.article)
    for i, item in enumerate(tagged):
        if i in crumbs or page.take_metadata(item, labelled_only=False):
            continue
        if item.role in (TITLE, OTHER):
            page.article.paragraphs.append(item.text)
        else:
            page.remove(item.text)


def _is_author_bio(paragraph: str, authors: list[str]) -> bool:
    """'Jane Doe is a senior correspondent covering Europe.' closing the page
    describes the author, not the news."""
    return len(paragraph) <= MAX_BIO and any(
        paragraph.startswith(author) and paragraph[len(author):len(author) + 20].lstrip().startswith(_BIO_VERBS)
        for author in authors)


def _finish(page: PageParts) -> Article:
    """Authors, outlet, dates and body from what the zones collected."""
    article = page.article
    for meta in page.bylines:
        article.authors.extend(a for a in meta.byline.authors if a not in article.authors)
        article.outlet = article.outlet or meta.byline.outlet
        page.stamps.extend(meta.stamps)
    while article.paragraphs and _is_author_bio(article.paragraphs[-1], article.authors):
        page.remove(article.paragraphs.pop())
    published = [s.date for s in page.stamps if s.kind == "published"]
    updated = [s.date for s in page.stamps if s.kind == "updated"]
    article.published = min(published) if published else None
    article.updated = max(updated) if updated else None
    evidence = [image.date for image in article.images if image.date]
    # The dateline opens the story's first paragraph, which a standfirst
    # may precede.
    dateline = next(filter(None, map(parse_dateline, article.paragraphs[:DATELINE_PARAGRAPHS])), None)
    if dateline:
        article.dateline = dateline.place
        if dateline.agency:
            article.outlet = article.outlet or agency_name(dateline.agency) or dateline.agency.strip()
        if dateline.date:
            evidence.append(dateline.date)
    if article.published:
        evidence.append(article.published)
    article.published_not_before = max(evidence) if evidence else None
    article.body = PARAGRAPH_SEPARATOR.join(article.paragraphs)
    article.language = guess_language(article.body[:SAMPLE_CHARS])
    return article
