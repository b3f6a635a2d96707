"""The attribution tagger: label encoding/decoding, quote state, the shipped
model, and the memoised token attributes the pipeline runs."""

from __future__ import annotations

import pytest

from onrecord.extract.attribution.features import doc_features, paragraphs, quote_states
from onrecord.extract.attribution.tagger import decode, encode_labels, load_tagger, tagger_attributions
from onrecord.nlp.model import load_pipeline

TEXT = ('"We will win this race," Smith said. "Nobody doubts it."\n\n'
        'The minister said that taxes would rise next year.\n\n'
        'He told reporters the "plan is dead" after the vote.')


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _span(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    s = text.index(piece, start)
    return s, s + len(piece)


def test_encode_then_decode_gives_back_the_attributions(nlp):
    doc = nlp(TEXT)
    gold = [
        ([_span(TEXT, '"We will win this race,"'), _span(TEXT, '"Nobody doubts it."')],
         _span(TEXT, "Smith"), [_span(TEXT, "said")]),
        ([_span(TEXT, "that taxes would rise next year")], _span(TEXT, "The minister"),
         [_span(TEXT, "said", 40)]),
        ([_span(TEXT, 'the "plan is dead"')], _span(TEXT, "He"), [_span(TEXT, "told reporters")]),
    ]
    labels = encode_labels(doc, gold)
    assert labels[0] == "B-CON" and "I-CON" in labels
    decoded = decode(doc, labels)
    got = [(a.content_spans, a.source, [a.cue]) for a in decoded]
    assert got == [(c, s, k) for c, s, k in gold]
    assert [a.kind for a in decoded] == ["direct", "indirect", "mixed"]


def test_unbalanced_quote_is_closed_at_the_paragraph_end(nlp):
    doc = nlp('"This quote never closes, he said.\n\nThis paragraph is not quoted.')
    first, second = paragraphs(doc)
    assert all(quote_states(doc, first))
    assert not any(quote_states(doc, second))


def test_features_cover_every_token_and_name_the_cue_frame(nlp):
    doc = nlp("The minister said that taxes would rise.")
    paras, sequences = doc_features(doc)
    assert [len(s) for s in sequences] == [len(p.tokens) for p in paras]
    taxes = sequences[0][4]
    assert "v2r=ccomp|say" in taxes or "v1r=ccomp|say" in taxes


def test_shipped_model_finds_reported_speech_with_its_source(nlp):
    load_tagger()  # raises ModelError if the package data file is missing
    text = ("President Vladimir Putin stated on Tuesday that Russia would be willing to "
            "engage in talks with Ukraine.")
    found = tagger_attributions(nlp(text))
    assert found, "the tagger found no attribution in a plain reported-speech sentence"
    a = found[0]
    assert "Russia would be willing" in text[a.content_start:a.content_end]
    assert a.source is not None and "Putin" in text[a.source[0]:a.source[1]]
    assert a.cue is not None and "stated" in text[a.cue[0]:a.cue[1]]


def test_memoised_attributes_equal_the_real_components(seed_text):
    reference = load_pipeline(fast_attributes=False)  # the real components, same parse settings
    fast = load_pipeline()
    assert "attribute_ruler" not in fast.pipe_names
    text = seed_text + "\n\nThere is gonna be trouble, y'all. Let's go. I ain't done."
    for _ in range(2):  # second pass answers from the memo
        ref, got = reference(text), fast(text)
        assert [(t.pos_, t.lemma_, str(t.morph), t.tag_, t.dep_) for t in ref] == \
               [(t.pos_, t.lemma_, str(t.morph), t.tag_, t.dep_) for t in got]


def test_unquoted_content_in_another_sentence_is_not_glued_to_the_cue(nlp):
    text = "Putin stated that talks were possible. The remarks signal a shift."
    doc = nlp(text)
    said = ([_span(text, "that talks were possible")], _span(text, "Putin"), [_span(text, "stated")])
    labels = encode_labels(doc, [said])
    for token in doc:  # the tagger's mistake: the next sentence tagged as content, no cue
        if token.idx >= text.index("The remarks") and not token.is_punct:
            labels[token.i] = "B-CON" if token.text == "The" else "I-CON"
    (found,) = decode(doc, labels)
    assert found.content_spans == [_span(text, "that talks were possible")]


def test_a_cue_without_content_takes_its_verb_s_complement_from_the_parse(nlp):
    text = "The senator said the bill would pass."
    doc = nlp(text)
    labels = encode_labels(doc, [([], _span(text, "The senator"), [_span(text, "said")])])
    (found,) = decode(doc, labels)
    assert text[found.content_start:found.content_end] == "the bill would pass"
    assert found.source == _span(text, "The senator")


class _FakeMarginals:
    """Stands in for a pycrfsuite Tagger after ``tag()``: fixed marginals."""

    def __init__(self, table: dict[tuple[str, int], float]) -> None:
        self.table = table

    def marginal(self, label: str, k: int) -> float:
        return self.table.get((label, k), 0.0)


def test_cue_rescue_relabels_likely_cues_the_viterbi_path_left_out():
    from onrecord.extract.attribution import tagger as T

    predicted = ["B-SRC", "O", "O", "O", "B-CON"]
    m = T.CUE_RESCUE_MIN
    fake = _FakeMarginals({("B-CUE", 1): m + 0.05, ("I-CUE", 2): m + 0.01, ("I-CUE", 3): 0.1})
    assert T._rescue_cues(fake, predicted) == ["B-SRC", "B-CUE", "I-CUE", "O", "B-CON"]
    unsure = _FakeMarginals({("B-CUE", 1): T.CUE_RESCUE_MIN - 0.01})
    assert T._rescue_cues(unsure, predicted) == predicted


@pytest.mark.parametrize("text,cue,source", [
    ("Vice President Joe Biden hit the campaign trail on Monday, accusing Trump of endangering troops.",
     "accusing", "Vice President Joe Biden"),
    ("President Barack Obama made history on Tuesday by nominating the first Muslim judge.",
     "nominating", "President Barack Obama"),
])
def test_syntactic_source_climbs_from_a_participle_to_the_speaking_subject(nlp, text, cue, source):
    from onrecord.extract.attribution.tagger import syntactic_source

    doc = nlp(text)
    i = next(t.i for t in doc if t.text == cue)
    found = syntactic_source(doc, [i], set())
    assert found is not None and text[found[0]:found[1]] == source
