"""Page metadata by cascade: JSON-LD, then <meta> tags, then markup.

Each field takes the first source that has it, so the cleanest statement a
publisher makes wins and markup heuristics only fill gaps.  Selectors live in
``html_selectors``; this module only orders and cleans what they find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from onrecord.article.html import selectors as sel
from onrecord.article.html.dates import fallback_date, iso_date, url_date
from onrecord.article.html.dom import clean_text, scan_attributes, text_of
from onrecord.article.html.jsonld import read_jsonld
from onrecord.article.wordlists import load_json

_IS_BREADCRUMB = etree.XPath(f"boolean(self::*[{sel.BREADCRUMB_TEST}])")
AUTHORS_FILE = "html_authors.json"
MAX_BREADCRUMB_ITEMS = 8
MAX_BREADCRUMB_LABEL = 60


@dataclass
class PageMetadata:
    """What the page says about its article, before the body is read."""

    title: Optional[str] = None
    description: Optional[str] = None
    published: Optional[str] = None
    updated: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    outlet: Optional[str] = None
    section: Optional[str] = None
    section_path: list[str] = field(default_factory=list)
    language: Optional[str] = None
    url: Optional[str] = None
    headlines: list[str] = field(default_factory=list)
    """Every headline-like string (JSON-LD, og:title, <title>, <h1>): the body
    filter drops leading blocks that repeat one of them."""


def extract_metadata(tree: HtmlElement, url: Optional[str] = None,
                     breadcrumbs: Optional[list[HtmlElement]] = None) -> PageMetadata:
    """Run the cascade over a parsed page.

    ``breadcrumbs`` is the "breadcrumb" bucket of ``scan_attributes`` when
    the caller has already scanned the page."""
    ld = read_jsonld(tree)
    meta = _meta_map(tree)
    md = PageMetadata()
    md.title = ld.title or _pick(meta, sel.META_TITLE) or _markup_title(tree) or _title_tag(tree)
    md.description = ld.description or _pick(meta, sel.META_DESCRIPTION)
    md.published = iso_date(ld.published) or iso_date(_pick(meta, sel.META_PUBLISHED)) \
        or _markup_date(tree, sel.DATE_XPATHS)
    md.updated = iso_date(ld.updated) or iso_date(_pick(meta, sel.META_UPDATED)) \
        or _markup_date(tree, sel.UPDATED_XPATHS)
    if not md.published:
        md.published = url_date(url) or url_date(_canonical(tree)) or fallback_date(tree)
    if md.updated and md.published and md.updated <= md.published:
        md.updated = None
    structured = ld.authors or _meta_authors(meta)
    md.authors = parse_authors(structured, True) if structured else parse_authors(_markup_authors(tree), False)
    md.outlet = ld.outlet or _outlet(meta)
    md.section_path = _without_title(ld.breadcrumbs or _markup_breadcrumbs(tree, breadcrumbs), md.title)
    md.section = ld.section or _pick(meta, sel.META_SECTION) or _markup_first(tree, sel.SECTION_XPATHS) \
        or (md.section_path[-1] if md.section_path else None)
    md.language = _language(ld.language or tree.get("lang") or _pick(meta, sel.META_LANGUAGE))
    md.url = _canonical(tree) or _absolute(ld.url) or _absolute(_pick(meta, sel.META_URL)) or url
    md.headlines = _headlines(tree, md, ld.title, meta)
    return md


def _meta_map(tree: HtmlElement) -> dict[str, str]:
    """First ``content`` for each lower-cased meta name/property/itemprop/http-equiv."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        content = clean_text(meta.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    return found


def _pick(meta: dict[str, str], names: Iterable[str]) -> Optional[str]:
    for name in names:
        value = meta.get(name.lower())
        if value:
            return value
    return None


def _first_match(tree: HtmlElement, xpaths: Iterable[str]) -> Optional[HtmlElement]:
    for xpath in xpaths:
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return None


def _markup_first(tree: HtmlElement, xpaths: Iterable[str]) -> Optional[str]:
    element = _first_match(tree, xpaths)
    return (text_of(element) or clean_text(element.get("content"))) or None if element is not None else None


def _markup_title(tree: HtmlElement) -> Optional[str]:
    return _markup_first(tree, sel.TITLE_XPATHS)


def _title_tag(tree: HtmlElement) -> Optional[str]:
    title = tree.find(".//title")
    return text_of(title) or None if title is not None else None


def _markup_date(tree: HtmlElement, xpaths: Iterable[str]) -> Optional[str]:
    for xpath in xpaths:
        for element in tree.xpath(xpath)[:3]:
            date = iso_date(element.get("datetime") or element.get("content") or text_of(element))
            if date:
                return date
    return None


def _meta_authors(meta: dict[str, str]) -> list[str]:
    value = _pick(meta, sel.META_AUTHOR)
    if not value or value.startswith(("http://", "https://", "@")):
        return []
    return [value]


def _markup_authors(tree: HtmlElement) -> list[str]:
    for xpath in sel.AUTHOR_XPATHS:
        texts = [text_of(e) for e in tree.xpath(xpath)[:6]]
        texts = [t for t in texts if t and len(t) < 200]
        if texts:
            return list(dict.fromkeys(texts))
    return []


def parse_authors(raw: list[str], structured: bool) -> list[str]:
    """Each raw author string through the byline parser ("By", roles and
    outlet names removed; "A and B" split), duplicates dropped.

    Structured data (JSON-LD, <meta>) names people directly, so a value the
    parser cannot read is kept when it is name-shaped and not an outlet;
    free text from the markup must parse as a byline.
    """
    from onrecord.article.bylines import parse_byline

    names: list[str] = []
    for item in raw:
        text = clean_text(item)
        found, outlet = parse_byline(text if text.lower().startswith("by ") else f"By {text}")
        if not found and structured and not outlet and _name_shaped(text):
            found = [text]
        for name in found:
            if name not in names:
                names.append(name)
    return names


def _name_shaped(text: str) -> bool:
    """Two to five words, no digits or separators, no desk or team words
    (``html_authors.json``): a person, not a brand or a newsroom."""
    words = text.split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() or c in "@/|:" for c in text):
        return False
    not_person = _not_person_words()
    return not any(w.strip(".,").lower() in not_person for w in words)


@lru_cache(maxsize=1)
def _not_person_words() -> frozenset[str]:
    return frozenset(load_json(AUTHORS_FILE)["not_person_words"])


def _outlet(meta: dict[str, str]) -> Optional[str]:
    name = _pick(meta, sel.META_SITE_NAME)
    if name and name.startswith("@"):
        name = name[1:]
    return name or None


def _markup_breadcrumbs(tree: HtmlElement, candidates: Optional[list[HtmlElement]]) -> list[str]:
    """Labels of the first breadcrumb trail in the markup, in order."""
    if candidates is None:
        candidates = scan_attributes(tree, {"breadcrumb": sel.ATTRIBUTE_BUCKETS["breadcrumb"]})["breadcrumb"]
    container = next((c for c in candidates if _IS_BREADCRUMB(c)), None)
    if container is None:
        return []
    items = container.xpath(".//*[@itemprop='name']") or container.xpath(".//li") or container.xpath(".//a")
    labels = []
    for item in items[:MAX_BREADCRUMB_ITEMS * 2]:
        label = text_of(item).strip(" >›»/|")
        if label and len(label) <= MAX_BREADCRUMB_LABEL and label not in labels:
            labels.append(label)
    return labels[:MAX_BREADCRUMB_ITEMS]


def _without_title(path: list[str], title: Optional[str]) -> list[str]:
    """A breadcrumb trail without its last crumb when that is the page itself
    (the headline, or anything too long to be a section name)."""
    last = path[-1] if path else ""
    if path and (len(last) > MAX_BREADCRUMB_LABEL or (title and last in title and len(last) >= 0.6 * len(title))):
        return path[:-1]
    return path


def _language(value: Optional[str]) -> Optional[str]:
    """A BCP-47-like tag reduced to its language: "en-US", "en_GB" -> "en"."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _canonical(tree: HtmlElement) -> Optional[str]:
    for link in tree.iterfind(".//link"):
        if (link.get("rel") or "").lower() == "canonical":
            return _absolute(link.get("href"))
    return None


def _absolute(url: Optional[str]) -> Optional[str]:
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _headlines(tree: HtmlElement, md: PageMetadata, ld_title: Optional[str], meta: dict[str, str]) -> list[str]:
    candidates = [md.title, ld_title, _pick(meta, sel.META_TITLE), _title_tag(tree)]
    candidates += [text_of(h) for h in tree.iterfind(".//h1")][:3]
    return [c for c in dict.fromkeys(candidates) if c]
