"""Where things live in news-page markup: selectors as data.

Kept apart from the code that uses them (as trafilatura keeps its
``xpaths.py``) so that a new markup convention is one line here, not a new
branch in a function.  Order matters inside each tuple: earlier selectors are
more specific and win.
"""

from __future__ import annotations

# <meta> names and properties, most trusted first.
META_TITLE = ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "title")
META_DESCRIPTION = ("og:description", "twitter:description", "description", "dc.description")
META_SITE_NAME = ("og:site_name", "application-name", "publisher", "dc.publisher",
                  "twitter:site", "apple-mobile-web-app-title")
META_PUBLISHED = ("article:published_time", "og:article:published_time", "published_time",
                  "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "date",
                  "dc.date", "dc.date.issued", "dcterms.created", "article.published",
                  "originalpublicationdate", "datepublished", "cxenseparse:recs:publishtime")
META_UPDATED = ("article:modified_time", "og:updated_time", "og:article:modified_time",
                "modified_time", "dateModified", "last-modified", "dcterms.modified",
                "article.updated", "datemodified")
META_AUTHOR = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
               "dc.creator", "twitter:creator")
META_SECTION = ("article:section", "og:article:section", "parsely-section", "section",
                "cxenseparse:section", "category")
META_LANGUAGE = ("og:locale", "language", "content-language", "dc.language")
META_URL = ("og:url", "twitter:url", "parsely-link")

# Markup heuristics, tried when JSON-LD and <meta> say nothing.
TITLE_XPATHS = ("//h1[contains(@class, 'headline') or contains(@class, 'title')]",
                "//article//h1", "//h1")
AUTHOR_XPATHS = (
    "//*[@itemprop='author']//*[@itemprop='name']",
    "//*[@rel='author']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]",
    "//*[contains(@class, 'byline__name') or contains(@class, 'author-name')"
    " or contains(@class, 'author__name')]",
    "//*[contains(@class, 'byline')]",
)
DATE_XPATHS = (
    "//*[@itemprop='datePublished']",
    "//time[@datetime][contains(@class, 'publish') or contains(@class, 'posted')]",
    "//article//time[@datetime]",
)
UPDATED_XPATHS = ("//*[@itemprop='dateModified']",
                  "//time[@datetime][contains(@class, 'updated') or contains(@class, 'modified')]")
BREADCRUMB_TEST = ("contains(@itemtype, 'BreadcrumbList') or contains(@aria-label, 'readcrumb')"
                   " or contains(@class, 'readcrumb') or contains(@id, 'readcrumb')")
SECTION_XPATHS = ("//*[@itemprop='articleSection']",)

# Reader comments: containers, then single comments inside them.
COMMENT_CONTAINER_TEST = ("@id='comments' or @id='disqus_thread' or @id='respond-comments'"
                          " or contains(@class, 'commentlist') or contains(@class, 'comment-list')"
                          " or contains(@class, 'comments-area') or contains(@class, 'comments-list')"
                          " or (self::section and contains(@class, 'comments'))")
COMMENT_ITEM_XPATHS = (
    ".//*[@itemtype and contains(@itemtype, 'Comment')]",
    ".//li[contains(@class, 'comment')]",
    ".//article[contains(@class, 'comment')]",
    ".//div[contains(concat(' ', normalize-space(@class), ' '), ' comment ')]",
)
COMMENT_TEXT_XPATHS = (".//*[@itemprop='text']", ".//*[contains(@class, 'comment-content')]",
                       ".//*[contains(@class, 'comment-body')]", ".//*[contains(@class, 'comment-text')]",
                       ".//p")
COMMENT_AUTHOR_XPATHS = (".//*[@itemprop='author']", ".//*[contains(@class, 'comment-author')]",
                         ".//cite", ".//*[contains(@class, 'author')]")

# Embedded social posts (part of the story: see html_embeds).
EMBED_XPATH = ("//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
               " or contains(@class, 'tiktok-embed') or contains(@class, 'twitter-video')]")

# Figures: containers with an image and a caption; credit elements inside captions.
FIGURE_XPATHS = ("//figure",
                 "//*[contains(@class, 'wp-caption')]",
                 "//*[@itemtype and contains(@itemtype, 'ImageObject')]")
CAPTION_XPATHS = (".//figcaption", ".//*[@itemprop='caption']", ".//*[contains(@class, 'caption')]")
# Screen-reader labels some sites put in front of captions and credits.
CAPTION_LABEL_PATTERN = r"^(?:(?:image|media|photo|video|picture)\s+caption|caption)\s*:?\s*"
CREDIT_LABEL_PATTERN = r"^(?:image|photo|picture)\s+(?:copyright|source|credit)\s*:?\s*"
CREDIT_XPATHS = (".//*[contains(@class, 'credit')]", ".//*[@itemprop='copyrightHolder']",
                 ".//*[contains(@class, 'copyright')]", ".//*[@itemprop='creditText']",
                 ".//small")

# Class or id words naming short page parts that are never article text
# (cut before extraction, see html_prune).  Measured on the article
# extraction benchmark: no element so named held gold article text.
PRUNE_ATTR_WORDS = frozenset({"dek", "standfirst", "strapline", "kicker", "teaser", "excerpt", "subhead"})

# One pass over the page sorts elements into these buckets by substrings of
# their class, id, itemtype or aria-label; the tests above then run on a
# bucket only, instead of a whole-page XPath each.
ATTRIBUTE_BUCKETS = {
    "comments": ("comment", "disqus"),
    "breadcrumb": ("readcrumb",),
    "named": tuple(sorted(PRUNE_ATTR_WORDS)),
}
