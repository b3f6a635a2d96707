"""Parsing articles with spaCy, streamed in batches with ``nlp.pipe``."""

from __future__ import annotations

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
            yield article.body

    docs = nlp.pipe(texts(), batch_size=batch_size * 2, n_process=n_process)
    for article in articles:
        title_doc = next(docs)
        doc = next(docs)
        yield ParsedArticle(article, doc, title_doc if article.title else None)
