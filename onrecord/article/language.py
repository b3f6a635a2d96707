"""A cheap guess at the language of scraped text.

Flattened text carries no ``lang`` attribute, and the NLP stage needs to know
whether its (English) pipeline applies.  The commonest function words of a
few languages (``onrecord/data/article_stopwords.json``) are counted in the
first few thousand characters; a language must cover a clear share of the
words and beat the runner-up, otherwise the answer is None (unknown), never
a wild guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from onrecord.article.wordlists import load_json

SAMPLE_CHARS = 4000
MIN_WORDS = 12
MIN_SHARE = 0.15
MIN_LEAD = 1.5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    return {code: frozenset(words) for code, words in load_json("article_stopwords.json")["languages"].items()}


def guess_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the language of ``text``, or None when unsure."""
    words = [w.lower() for w in _WORD.findall(text[:SAMPLE_CHARS])]
    if len(words) < MIN_WORDS:
        return None
    scores = sorted(((sum(1 for w in words if w in stop), code) for code, stop in _stopwords().items()),
                    reverse=True)
    (best, code), (second, _) = scores[0], scores[1]
    if best < MIN_SHARE * len(words) or best < MIN_LEAD * second:
        return None
    return code
