"""Parsing articles with spaCy, streamed in batches with ``nlp.pipe``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from onrecord.record import Article

#: Pipeline components extraction does not need (none yet: the attribution
#: features read tags, lemmas, the parse and entities).
PARSE_DISABLE: tuple[str, ...] = ()

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass
class ParsedArticle:
    """An article with its body parsed (and its headline, parsed apart)."""

    article: Article
    doc: "Doc"
    title_doc: Optional["Doc"] = None


def parse_articles(nlp: "Language", articles: Iterable[Article], *, batch_size: int = 16,
                   n_process: int = 1) -> Iterator[ParsedArticle]:
    """Parse each article's body and title, streaming through ``nlp.pipe``.

    Bodies and titles go through one stream (title first) so a batch needs
    one pass of the pipeline.
    """
    articles = list(articles) if not isinstance(articles, list) else articles

    def texts() -> Iterator[str]:
        for article in articles:
            yield article.title or ""
            yield article.body if len(article.body) <= MAX_CHUNK_CHARS else ""  # parsed apart, below

    docs = nlp.pipe(texts(), batch_size=batch_size * 2, n_process=n_process)
    for article in articles:
        title_doc = next(docs)
        doc = next(docs)
        if len(article.body) > MAX_CHUNK_CHARS:
            doc = parse_long(nlp, article.body)
        yield ParsedArticle(article, doc, title_doc if article.title else None)


#: The longest text parsed in one piece.  spaCy's pipeline needs about 18 KB
#: of memory per token while it parses (the parser's precomputed features
#: for every token at once), so a 180 KB page took 1.4 GB and a body at the
#: 1,000,000-character limit would need several.  A longer body is parsed in
#: pieces cut at paragraph breaks and joined back into one ``Doc`` with the
#: same text; the longest PolNeAR article is 34,309 characters, so real
#: articles are parsed whole, exactly as before.
MAX_CHUNK_CHARS = 50_000


def parse_long(nlp: "Language", text: str) -> "Doc":
    """Parse ``text`` in pieces of at most ``MAX_CHUNK_CHARS`` (one at a time,
    so memory stays that of one piece) and join them; ``doc.text == text``."""
    from spacy.tokens import Doc

    pieces = list(nlp.pipe(split_text(text, MAX_CHUNK_CHARS), batch_size=1))
    doc = Doc.from_docs(pieces, ensure_whitespace=False)
    assert doc.text == text
    return doc


_CUTS = (re.compile(r"\n[ \t\r\f\v]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'\u201d\u2019)]*\s"),
         re.compile(r"\s"))


def split_text(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters whose join is
    ``text``: after the last paragraph break inside the limit, else the last
    line break, sentence end or space, else exactly at the limit."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window)]
            if ends and ends[-1] < limit:
                cut = ends[-1]
                break
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces
