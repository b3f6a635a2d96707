"""The HTML path of the article stage: a page's DOM to an ``Article``.

``recover.py`` is the door (``recover_from_html``).  It parses the page
(``parse.py``), reads the metadata cascade (``metadata.py``: JSON-LD in
``jsonld.py``, then meta tags and markup, dates in ``dates.py``), takes the
body from trafilatura's reading checked block by block (``body.py`` with
``blocks.py``, ``prune.py``, ``fallback.py``, ``chunks.py``, ``embeds.py`` and
the rules of ``filters.py``), and adds figures (``figures.py``) and reader
comments (``comments.py``).  XPath selectors and attribute word lists are data
in ``selectors.py``; DOM helpers are in ``dom.py``.
"""

from onrecord.article.html.recover import recover_from_html

__all__ = ["recover_from_html"]
