"""Blank lines end sentences before the parser runs (onrecord.nlp.paragraphs)."""

from onrecord.nlp.model import load_pipeline

TEXT = ("Trump Says He Will Win Ohio\n\nDonald Trump said Monday he would win.\n\n"
        "— Carla Ruiz, head of the union\n\nThe company said the figures were wrong.")


def test_each_paragraph_starts_a_sentence():
    nlp = load_pipeline(paragraph_breaks=True)
    doc = nlp(TEXT)
    starts = [s.text.strip() for s in doc.sents]
    assert starts == ["Trump Says He Will Win Ohio", "Donald Trump said Monday he would win.",
                      "— Carla Ruiz, head of the union", "The company said the figures were wrong."]
    said = [t for t in doc if t.text == "said"][-1]
    subject = [c.text for c in said.children if c.dep_ == "nsubj"]
    assert subject == ["company"]


def test_single_line_breaks_are_left_to_the_parser():
    nlp = load_pipeline(paragraph_breaks=True)
    doc = nlp("The minister said on Monday\nthat the plan would pass.")
    assert len(list(doc.sents)) == 1


def test_pipeline_without_parser_is_unchanged():
    nlp = load_pipeline(disable=("parser",), paragraph_breaks=True)
    assert "onrecord_paragraph_breaks" not in nlp.pipe_names
