"""The scraped-text path of the article stage: a flattened page to an ``Article``.

``recover.py`` is the door (``recover_from_text``).  The text becomes lines
(``lines.py``), each line gets a role from its shape (``roles.py``, matching
phrase lists with ``phrases.py``), and position splits the page into zones:
the header (``header.py``), the body, the trailer and the reader comments
(``comments.py``), all collected in ``page_parts.py``.
"""

from onrecord.article.text.recover import recover_from_text

__all__ = ["recover_from_text"]
