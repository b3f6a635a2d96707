"""``--as body``: the input taken verbatim as the article body.

Evaluation harnesses rely on this mode: every offset in the record then
refers to the input text exactly, so paragraphs are only *located* (split at
blank lines), never rewritten.
"""

from __future__ import annotations

import re

from onrecord.record import Article


def article_from_body(text: str) -> Article:
    """An ``Article`` whose body is exactly ``text``.

    ``paragraphs`` are the non-blank blocks between blank lines; unlike other
    modes, joining them does not necessarily reproduce ``body`` (the body keeps
    the input's own spacing), so consumers must use ``body`` for offsets.
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Article(paragraphs=paragraphs, body=text)
