"""Fix the few verb lemmas the small English model gets wrong.

``en_core_web_sm``'s rule lemmatiser strips a suffix and keeps the shorter
word when that is a verb too, so "hopes", "hoped" and "hoping" all become
"hop".  "hope" is a cue the lexicon knows ("He hopes that X"), and a wrong
lemma hides it from the rules and gives the tagger a misleading feature.  The
forms and their lemmas are data (``onrecord/data/lemma_fixes.json``); the
component runs after the lemmatiser and touches only tokens tagged as verbs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "onrecord_lemma_fixes"
DATA_FILE = "lemma_fixes.json"
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Lower-cased verb form -> its right lemma."""
    data = json.loads((resources.files("onrecord") / "data" / DATA_FILE).read_text(encoding="utf-8"))
    return {form: lemma for lemma, forms in data["lemmas"].items() for form in forms}


def fix_lemmas(doc: "Doc") -> "Doc":
    """Set the right lemma on the verb forms of the table (one array pass:
    the forms are rare, so Token objects are made only for them)."""
    import numpy
    from spacy.attrs import LOWER

    table = lemma_table()
    if not len(doc):
        return doc
    hashes = _form_hashes(doc.vocab.strings)
    lower = doc.to_array(LOWER)
    for i in numpy.flatnonzero(numpy.isin(lower, hashes)):
        token = doc[int(i)]
        if token.tag_ in _VERB_TAGS:
            token.lemma_ = table[token.lower_]
    return doc


def _form_hashes(strings) -> "list[int]":
    import numpy

    return numpy.array([strings.add(form) for form in lemma_table()], dtype="uint64")


def install(nlp: "Language") -> bool:
    """Add the component at the end of the pipeline (after the lemmatiser
    or the memo standing in for it); False when it is already there."""
    from spacy.language import Language

    if COMPONENT in nlp.component_names:
        return False
    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=fix_lemmas)
    nlp.add_pipe(COMPONENT, last=True)
    return True
