"""The header of a scraped page: everything above the first paragraph.

Breadcrumb, headline, byline, timestamps, photo and standfirst sit there in
an order that varies by site.  Breadcrumb and headline are chosen over the
whole header (a menu is not a path; the headline is the title-shaped line on
top of the story); every other line is then placed on its own.
"""

from __future__ import annotations

from typing import Optional

from onrecord.article.bylines import is_role, read_byline
from onrecord.article.text.lines import breadcrumb
from onrecord.article.text.page_parts import PageParts
from onrecord.article.text.roles import (BOILERPLATE, CAPTION, CREDIT, MAX_CAPTION, META, OTHER, PROSE, TIMESTAMP, TITLE,
                                    Meta, Tagged)
from onrecord.record import Article

# Breadcrumbs sit in the first few lines of the page; a path written one
# item per line has a few short lines (more is the site menu).
CRUMB_SEARCH_LINES = 3
CRUMB_MAX_LINES = 3
CRUMB_LINE_MAX_WORDS = 3
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 25
STANDFIRST_MIN_WORDS = 12


def read_header(header: list[Tagged], page: PageParts) -> None:
    """Breadcrumb and headline first (they depend on the whole header), then
    each remaining line: caption, metadata, standfirst or furniture."""
    article = page.article
    crumbs = find_breadcrumb(header, article)
    headline_at = _find_headline(header, crumbs)
    if headline_at is not None:
        article.title = header[headline_at].text
    taken = set(crumbs) | {headline_at}
    bylines_at: set[int] = set()
    for i, item in enumerate(header):
        if i in taken:
            continue
        if item.role == CREDIT and i > 0 and _caption_candidate(header[i - 1], i - 1, taken):
            page.take_back(header[i - 1].text)
            page.add_image(item.data[1], header[i - 1].text)
            continue
        if page.take_metadata(item, labelled_only=False):
            if item.role == META:
                bylines_at.add(i)
            continue
        if _is_bare_byline(header, i):
            page.bylines.append(Meta(read_byline(item.text), []))
            bylines_at.add(i)
        elif i - 1 in bylines_at and is_role(item.text):
            continue  # the job title under a byline ('Environment reporter')
        elif headline_at is not None and i > headline_at and _is_standfirst(item):
            article.paragraphs.append(item.text)
        else:
            page.remove(item.text)


def find_breadcrumb(header: list[Tagged], article: Article) -> list[int]:
    """Indexes of the breadcrumb line(s): one line of several items, or a few
    short section lines in a row ('World' / 'Europe', or a section and a
    kicker such as 'Climate crisis' above the headline).  Furniture before
    it is skipped; a long column of section names is the site menu, not a
    path, and the search goes on after it."""
    last_headline = max((i for i, t in enumerate(header) if t.role == TITLE and t.line.words >= HEADLINE_MIN_WORDS),
                        default=-1)
    seen = i = 0
    while i < len(header) and seen < CRUMB_SEARCH_LINES:
        item = header[i]
        if item.role == BOILERPLATE:
            i += 1
            continue
        seen += 1
        path = breadcrumb(item.text) if item.role in (TITLE, OTHER) else None
        if not path:
            i += 1
            continue
        j = i + 1
        while j < len(header) and header[j].role in (TITLE, OTHER) \
                and header[j].line.words <= CRUMB_LINE_MAX_WORDS \
                and (j < last_headline or breadcrumb(header[j].text)):
            j += 1
        if j - i > CRUMB_MAX_LINES:
            i = j  # a menu
            continue
        article.section_path = path + [t.text for t in header[i + 1:j]]
        return list(range(i, j))
    return []


def _find_headline(header: list[Tagged], crumbs: list[int]) -> Optional[int]:
    """The title-shaped line that scores best on shape and position: a
    headline's length, the metadata, caption or story it sits on top of,
    and being first.  Ties go to the earlier line."""
    best, best_score = None, -1
    for i, item in enumerate(header):
        if item.role != TITLE or i in crumbs:
            continue
        score = 1 if best is None else 0
        if HEADLINE_MIN_WORDS <= item.line.words <= HEADLINE_MAX_WORDS:
            score += 2
        if _sits_on_story(header, i):
            score += 2
        if score > best_score:
            best, best_score = i, score
    return best


def _sits_on_story(header: list[Tagged], index: int) -> bool:
    """What follows a headline: a byline, a timestamp, a photo, a standfirst,
    or the story itself (the end of the header)."""
    for position in range(index + 1, len(header)):
        item = header[position]
        if item.role == BOILERPLATE:
            continue
        return item.role in (META, TIMESTAMP, CAPTION, CREDIT) or _is_standfirst(item)
    return True


def _is_bare_byline(header: list[Tagged], index: int) -> bool:
    """'Hannah Reid in Marlow Bay' is a byline when a timestamp or byline
    line sits right next to it."""
    neighbours = header[max(0, index - 1):index] + header[index + 1:index + 2]
    if not any(t.role in (TIMESTAMP, META) for t in neighbours):
        return False
    byline = read_byline(header[index].text)
    return byline.complete and bool(byline.authors)


def _is_standfirst(item: Tagged) -> bool:
    """A long summary line under the headline: the outlet's words, kept."""
    return item.role in (TITLE, OTHER) and item.line.words >= STANDFIRST_MIN_WORDS


def _caption_candidate(item: Tagged, index: int, taken: set[Optional[int]]) -> bool:
    return index not in taken and item.role in (TITLE, OTHER, PROSE) and len(item.text) <= MAX_CAPTION
