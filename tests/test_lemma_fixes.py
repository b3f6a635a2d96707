"""Verb lemmas the small model gets wrong are fixed from data (onrecord.nlp.lemma_fixes)."""

import pytest

from onrecord.nlp.lemma_fixes import lemma_table
from onrecord.nlp.model import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize("form", ["hopes", "hoped", "hoping"])
def test_hope_is_hope(nlp, form):
    doc = nlp(f"The minister {form} that the plan would work.")
    assert doc[2].lemma_ == "hope"


def test_nouns_and_other_words_are_left_alone(nlp):
    doc = nlp("Their hopes were high and the wages rose. He hopped over the fence.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["hopes"] == "hope" and lemmas["wages"] == "wage" and lemmas["hopped"] == "hop"


def test_every_form_belongs_to_its_lemma():
    table = lemma_table()
    assert table["hopes"] == "hope" and table["raged"] == "rage"
    assert all(form.startswith(lemma[:-1]) for form, lemma in table.items())


def test_a_hope_clause_is_a_statement(extractor):
    record = extractor.extract("The minister hopes that the talks will resume next week.", kind="body")
    assert [(s.speaker.name, s.content.text) for s in record.statements] == \
        [("The minister", "the talks will resume next week")]
