"""No sentence longer than ``MAX_SENTENCE_TOKENS`` reaches the later stages.

Much of extraction costs time in proportion to the sentence a statement sits
in (its text is copied into the record, the parse is walked up and down it),
so one "sentence" of tens of thousands of tokens makes a page quadratic: a
180 KB page of ``He said "`` repeated, with no full stop, took 91 s and
1.4 GB, and would have put the whole page in the record once per statement.
Before the parser runs, a run of ``MAX_SENTENCE_TOKENS`` tokens with no
sentence-ending mark and no line break gets a sentence start; spaCy's parser
keeps boundaries set before it.  Real prose never comes near the limit (the
longest such run in PolNeAR train and dev and the bundled samples is 203
tokens), so records of real pages are unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "onrecord_sentence_cap"
#: Twice the longest run without a sentence end in the evaluation texts.
MAX_SENTENCE_TOKENS = 400
_ENDS = frozenset({".", "!", "?", "…", ";"})


def cap_sentences(doc: "Doc") -> "Doc":
    """Mark a sentence start after every ``MAX_SENTENCE_TOKENS`` tokens that
    hold no sentence end, line break or boundary already set."""
    if len(doc) <= MAX_SENTENCE_TOKENS:
        return doc
    run = 0
    for token in doc:
        text = token.text
        if token.is_sent_start or text in _ENDS or "\n" in text:
            run = 0
            continue
        run += 1
        if run > MAX_SENTENCE_TOKENS and not token.is_space:
            token.is_sent_start = True
            run = 0
    return doc


def install(nlp: "Language") -> bool:
    """Add the component before the parser (after the paragraph breaks, whose
    boundaries it counts from); False when there is no parser or it is there."""
    from spacy.language import Language

    if "parser" not in nlp.pipe_names or COMPONENT in nlp.component_names:
        return False
    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=cap_sentences)
    nlp.add_pipe(COMPONENT, before="parser")
    return True
