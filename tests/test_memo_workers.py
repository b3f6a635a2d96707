"""Forked workers hand the token attributes their memo learnt back to the
parent, so a later run's workers start warm; what they hand back must give
the same attributes as computing them here."""

from __future__ import annotations

import pytest

from onrecord.nlp.model import MemoAttributes, load_pipeline, memo_of
from onrecord.pipeline import Extractor, Job

TEXTS = [
    '"We will win this race," Smith said on Tuesday. "Nobody doubts it."\n\n'
    "The minister said that taxes would rise by 4% next year.",
    "Let's go, y'all: the Zorblatt committee gon na vote. There were 12 of them.\n\n"
    "Officials, who asked not to be named, told Reuters the deal was off.",
    "Quizzically, the unpersuaded ombudspersons reconvened.",
]


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, t.lemma_, str(t.morph), t.dep_) for t in doc]


def test_learnt_entries_give_the_same_attributes():
    nlp = load_pipeline()
    memo = memo_of(nlp)
    assert isinstance(memo, MemoAttributes)
    fresh = MemoAttributes(nlp)
    fresh.learnt = []
    with nlp.select_pipes(disable=["onrecord_memo_attributes"]):
        raw = [nlp(t) for t in TEXTS]
    for doc in raw:
        fresh(doc)
    assert fresh.learnt
    other = MemoAttributes(nlp)
    other.learn(fresh.learnt)
    assert other.memo == fresh.memo
    with nlp.select_pipes(disable=["onrecord_memo_attributes"]):
        again = [nlp(t) for t in TEXTS]
    for doc, expected in zip(again, raw):
        other(doc)
        assert _attrs(doc) == _attrs(expected)
    assert len(other.memo) == len(fresh.memo)  # every answer came from what was learnt


def test_parallel_run_teaches_the_parent_and_matches_one_process():
    one = [o.record.to_dict() for o in Extractor().run(Job(t, kind="body") for t in TEXTS)]
    extractor = Extractor(workers=2)
    memo = memo_of(extractor.nlp)
    unseen = "Xylophonists’ quarrelsome dachshunds barked."
    before = len(memo.memo)
    texts = [*TEXTS, unseen]
    two = [o.record.to_dict() for o in extractor.run(Job(t, kind="body") for t in texts)]
    assert two[:len(TEXTS)] == one
    assert len(memo.memo) > before  # the words of ``unseen`` came back from a worker
    again = [o.record.to_dict() for o in extractor.run(Job(t, kind="body") for t in texts)]
    assert again == two


@pytest.mark.parametrize("lemma, morph", [("zzqx-not-here", "Number=Sing")])
def test_learn_skips_entries_from_another_vocab(lemma, morph):
    nlp = load_pipeline()
    memo = MemoAttributes(nlp)
    key = (1, 2, 3, 0, 0, False)
    memo.learn([(key, (0, 0, 0, 12345, 0), lemma, morph)])  # 12345 is not hash(lemma)
    assert key not in memo.memo
