"""The attribution features read token attributes in bulk (``Doc.to_array``)
instead of through spaCy's per-token objects; what they read must be what the
objects say."""

from __future__ import annotations

import pytest

from onrecord.extract.attribution import features
from onrecord.nlp.model import load_pipeline

TEXTS = [
    '"We will win this race," Smith said. "Nobody doubts it."\n\n'
    'The minister said that taxes would rise next year.\n\n'
    'He told reporters the "plan is dead" after the vote in New York on Tuesday.',
    "WASHINGTON — U.S. officials, who asked not to be named, said on Monday that "
    "the $4.5 billion deal ‘was off’.\n \nIt's 'complicated,' a spokeswoman for Apple Inc. "
    "told Reuters in ’99.\n\n\n   \nGot ta go, y'all!",
    "",
    "One",
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize("text", TEXTS)
def test_view_matches_the_token_objects(nlp, text):
    doc = nlp(text)
    v = features._view(doc)
    assert v.lower == [t.lower_ for t in doc]
    assert v.lemma == [t.lemma_.lower() or t.lower_ for t in doc]
    assert v.pos == [t.pos_ for t in doc]
    assert v.tag == [t.tag_ for t in doc]
    assert v.dep == [t.dep_ for t in doc]
    assert v.head == [t.head.i for t in doc]
    assert v.ent == [t.ent_iob_ + "-" + t.ent_type_ if t.ent_type_ else "O" for t in doc]
    assert v.shape == [features._shape(t.text) for t in doc]
    assert v.title == [t.is_title for t in doc]
    assert v.punct == [t.is_punct for t in doc]
    sents = list(doc.sents) if len(doc) else []
    assert v.sent_bounds == [(s.start, s.end) for s in sents]
    assert v.sent_root == [v.lemma[s.root.i] for s in sents]
    assert v.sent == [n for n, s in enumerate(sents) for _ in range(s.start, s.end)]
    assert features._texts(doc) == [t.text for t in doc]


@pytest.mark.parametrize("text", TEXTS)
def test_paragraphs_split_at_blank_lines(nlp, text):
    doc = nlp(text)
    breaks = [m.start() for m in features.BLANK_LINE.finditer(text)]
    expected, current, b = [], [], 0
    for token in doc:  # the token-object version the bulk one replaced
        while b < len(breaks) and breaks[b] < token.idx:
            if current:
                expected.append(current)
                current = []
            b += 1
        if not token.is_space:
            current.append(token.i)
    if current:
        expected.append(current)
    got = features.paragraphs(doc)
    assert [p.tokens for p in got] == expected
    assert [p.index for p in got] == list(range(len(expected)))


def test_sentences_of_a_doc_without_a_parse(nlp):
    doc = nlp.make_doc("No parse here. None at all.")
    doc[4].is_sent_start = True
    assert features._sentences(doc) == [(s.start, s.end) for s in doc.sents]
