"""Article recovery from scraped text (a page a scraper already flattened).

No site rules: every line gets a role from its shape (``roles.py``), then
position decides the rest.  The page splits into four zones:

* header: everything before the first prose line, holding the breadcrumb,
  the headline (the first title-shaped line), bylines, timestamps, captions;
* body: from the first to the last prose line before any comment marker;
  inside it furniture, related-link lists, captions and timestamps are taken
  out and the remaining lines are the paragraphs;
* trailer: what follows the last prose line (newsletter boxes, link lists);
* comments: after a comment-section marker, read by ``comments.py``.

Every line that leaves the text without landing in a field is listed in
``boilerplate_removed``, so nothing disappears silently.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Optional

from onrecord.article.bylines import is_role, read_byline
from onrecord.article.comments import read_comments
from onrecord.article.credits import agency_name, parse_credit
from onrecord.article.language import SAMPLE_CHARS, guess_language
from onrecord.article.lines import Line, breadcrumb, split_lines
from onrecord.article.roles import (BOILERPLATE, MAX_CAPTION, CAPTION, COMMENT_MARKER, CREDIT, META, OTHER, PROSE, RELATED_HEADING,
                                    TIMESTAMP, TITLE, Meta, Tagged, pair_captions, tag_line)
from onrecord.article.timestamps import Stamp, parse_dateline
from onrecord.errors import InputError
from onrecord.record import PARAGRAPH_SEPARATOR, Article, Image

# A run of this many title-shaped lines inside the body is a list of links.
LINK_LIST_MIN_LINES = 3
LINK_MIN_WORDS = 3
_BULLET = re.compile(r"^(?:\d{1,2}[.)]|[-•*–·▪●])\s")
# Breadcrumbs sit in the first few lines of the page; a path written one
# item per line has a few short lines.
CRUMB_SEARCH_LINES = 3
CRUMB_MAX_LINES = 3
CRUMB_LINE_MAX_WORDS = 3
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 25
STANDFIRST_MIN_WORDS = 12
DATELINE_PARAGRAPHS = 2
MAX_BIO = 400
_BIO_VERBS = ("is a ", "is an ", "is the ", "is ", "covers ", "reports ", "writes ", "has covered ", "was a ")


@dataclass
class _Page:
    """What the zones collect before the ``Article`` is assembled."""

    article: Article = field(default_factory=Article)
    stamps: list[Stamp] = field(default_factory=list)
    bylines: list[Meta] = field(default_factory=list)
    parsed_credits: dict[tuple[Optional[str], Optional[str]], Image] = field(default_factory=dict)

    def remove(self, text: str) -> None:
        self.article.boilerplate_removed.append(text)


def recover_from_text(text: str) -> Article:
    """Recover title, section path, dates, authors, images, paragraphs and
    comments from flattened page text."""
    if not isinstance(text, str):
        raise InputError(f"scraped text must be decoded text, not {type(text).__name__}")
    tagged = pair_captions(_tag_all(split_lines(text)))
    page = _Page()
    if not tagged:
        return page.article
    body_start = next((i for i, t in enumerate(tagged) if t.role == PROSE), None)
    if body_start is None:
        _read_without_prose(tagged, page)
        return _finish(page)
    comment_start = next((i for i in range(body_start, len(tagged)) if tagged[i].role == COMMENT_MARKER),
                         len(tagged))
    body_end = max(i for i in range(body_start, comment_start) if tagged[i].role == PROSE)
    _read_header(tagged[:body_start], page)
    _read_body(tagged[body_start:body_end + 1], page)
    _read_trailer(tagged[body_end + 1:comment_start], page)
    if comment_start < len(tagged):
        _read_comment_zone(tagged[comment_start:], page)
    return _finish(page)


def _image(page: _Page, credit: Optional[str], caption: Optional[str]) -> Image:
    """``parse_credit``, remembered for this page: a concatenation of pages
    repeats its captions.  Each image is its own copy."""
    key = (credit, caption)
    image = page.parsed_credits.get(key)
    if image is None:
        image = page.parsed_credits[key] = parse_credit(credit, caption)
    return dataclasses.replace(image)


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


def _read_header(header: list[Tagged], page: _Page) -> None:
    """Breadcrumb and headline first (they depend on the whole header), then
    each remaining line: caption, metadata, standfirst or furniture."""
    article = page.article
    crumbs = _find_breadcrumb(header, article)
    headline_at = _find_headline(header, crumbs)
    if headline_at is not None:
        article.title = header[headline_at].text
    taken = set(crumbs) | {headline_at}
    bylines_at: set[int] = set()
    for i, item in enumerate(header):
        if i in taken:
            continue
        if item.role == CREDIT and i > 0 and _caption_candidate(header[i - 1], i - 1, taken):
            _drop_last(page, header[i - 1].text)
            article.images.append(_image(page, item.data[1], header[i - 1].text))
            continue
        if _take_metadata(item, page, labelled_only=False):
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


def _find_breadcrumb(header: list[Tagged], article: Article) -> list[int]:
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
    for item in header[index + 1:]:
        if item.role == BOILERPLATE:
            continue
        return item.role in (META, TIMESTAMP, CAPTION, CREDIT) or _is_standfirst(item)
    return True


def _is_bare_byline(header: list[Tagged], index: int) -> bool:
    """'Hannah Reid in Marlow Bay' is a byline when a timestamp or byline
    line sits right next to it."""
    byline = read_byline(header[index].text)
    if not (byline.complete and byline.authors):
        return False
    neighbours = header[max(0, index - 1):index] + header[index + 1:index + 2]
    return any(t.role in (TIMESTAMP, META) for t in neighbours)


def _is_standfirst(item: Tagged) -> bool:
    """A long summary line under the headline: the outlet's words, kept."""
    return item.role in (TITLE, OTHER) and item.line.words >= STANDFIRST_MIN_WORDS


def _caption_candidate(item: Tagged, index: int, taken: set[Optional[int]]) -> bool:
    return index not in taken and item.role in (TITLE, OTHER, PROSE) and len(item.text) <= MAX_CAPTION


def _drop_last(page: _Page, text: str) -> None:
    """Take back the line just placed (as furniture or as a standfirst):
    it turned out to be a caption."""
    for placed in (page.article.boilerplate_removed, page.article.paragraphs):
        if placed and placed[-1] == text:
            placed.pop()
            return


def _take_metadata(item: Tagged, page: _Page, *, labelled_only: bool) -> bool:
    """Put a timestamp, byline or caption line into its field; False if the
    line is none of these."""
    if item.role == TIMESTAMP and item.data:
        page.stamps.extend(item.data)
        return True
    if item.role == META and (item.data.byline.labelled or not labelled_only):
        page.bylines.append(item.data)
        return True
    if item.role in (CAPTION, CREDIT):
        caption, credit = item.data
        page.article.images.append(_image(page, credit, caption or None))
        return True
    return False


def _read_body(body: list[Tagged], page: _Page) -> None:
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
            page.article.images.append(_image(page, item.data[1], caption.text))
            continue
        _flush_run(run, page)
        if role == CREDIT and position and _previous_paragraph_is_caption(body[position - 1], page):
            caption = page.article.paragraphs.pop()
            page.article.images.append(_image(page, item.data[1], caption))
            continue
        if role == PROSE:
            in_list = False
            page.article.paragraphs.append(item.text)
        elif role == RELATED_HEADING:
            in_list, compact = True, None
            page.remove(item.text)
        elif not _take_metadata(item, page, labelled_only=True):
            page.remove(item.text)  # furniture, related links, comment markers, relative times
    _flush_run(run, page)


def _previous_paragraph_is_caption(previous: Tagged, page: _Page) -> bool:
    """A credit on a line of its own belongs to the short line just above it,
    even when that line is a sentence."""
    paragraphs = page.article.paragraphs
    return bool(paragraphs) and previous.role == PROSE and previous.text == paragraphs[-1] \
        and len(previous.text) <= MAX_CAPTION


def _flush_run(run: list[Tagged], page: _Page) -> None:
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


def _read_trailer(trailer: list[Tagged], page: _Page) -> None:
    """After the last paragraph: credits lines and furniture only."""
    for item in trailer:
        if not _take_metadata(item, page, labelled_only=True):
            page.remove(item.text)


def _read_comment_zone(zone: list[Tagged], page: _Page) -> None:
    page.remove(zone[0].text)  # the marker itself
    section = read_comments([t.line for t in zone[1:]])
    page.article.comments.extend(section.comments)
    page.article.boilerplate_removed.extend(section.removed)
    if section.footer_start is not None:
        for item in zone[1 + section.footer_start:]:
            page.remove(item.text)


def _read_without_prose(tagged: list[Tagged], page: _Page) -> None:
    """A page with no sentence at all: its short lines are the body, after
    metadata and furniture are taken out (no headline is guessed)."""
    crumbs = _find_breadcrumb(tagged, page.article)
    for i, item in enumerate(tagged):
        if i in crumbs or _take_metadata(item, page, labelled_only=False):
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


def _finish(page: _Page) -> Article:
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
