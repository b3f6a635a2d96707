"""The record contract: keys present from the start, JSON round trip."""

from __future__ import annotations

import json

from onrecord.record import (
    Article,
    Claim,
    ClaimSource,
    Content,
    Entity,
    Image,
    Record,
    Span,
    Speaker,
    Statement,
    When,
    body_hash,
)

TOP_KEYS = {"source_path", "article", "entities", "statements", "claims"}
ARTICLE_KEYS = {
    "title", "section_path", "published", "published_not_before", "authors", "outlet", "language",
    "images", "paragraphs", "body", "comments", "boilerplate_removed",
}


def _record() -> Record:
    article = Article(title="T", paragraphs=["A said B.", "C."], body="A said B.\n\nC.",
                      images=[Image(caption="cap", credit="REUTERS/X", agency="Reuters", pool=True)])
    speaker = Speaker(name="A", type="person", entity_id="e1", mention=Span("A", 0, 1))
    statement = Statement(id="s1", speaker=speaker, cue=Span("said", 2, 6), kind="indirect",
                          content=Content("B", 7, 8, [[7, 8]]), when=When("today", "2024-01-01"))
    claim = Claim(id="c1", text="B", start=7, end=8, value=3.0, unit="men",
                  source=ClaimSource("A", "e1", "person"), statement_id="s1")
    entity = Entity(id="e1", name="A", type="PERSON", mentions=[Span("A", 0, 1)])
    return Record(article=article, source_path="x.txt", entities=[entity], statements=[statement], claims=[claim])


def test_contract_keys_present_even_when_empty() -> None:
    data = Record(article=Article()).to_dict()
    assert TOP_KEYS <= set(data)
    assert ARTICLE_KEYS <= set(data["article"])
    assert list(data)[0] == "source_path"


def test_round_trip_through_json() -> None:
    record = _record()
    data = json.loads(json.dumps(record.to_dict()))
    again = Record.from_dict(data)
    assert again == record
    assert again.statements[0].speaker.mention.text == "A"
    assert again.article.images[0].pool is True
    assert again.to_dict() == record.to_dict()


def test_paragraph_spans_index_the_body() -> None:
    article = _record().article
    for (start, end), paragraph in zip(article.paragraph_spans(), article.paragraphs):
        assert article.body[start:end] == paragraph


def test_body_hash_ignores_case_and_spacing_only() -> None:
    assert body_hash("Hello  World\n") == body_hash("hello world")
    assert body_hash("Hello World") != body_hash("Hello Word")
