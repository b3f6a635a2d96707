"""Paragraph breaks are sentence breaks.

The small English parser decides sentence boundaries itself, and a line
without final punctuation runs into the next paragraph: a headline into the
first paragraph, "— Carla Ruiz, head of the union" into "The company said…",
which then makes Ruiz the subject of "said".  In PolNeAR train, 7% of the
parser's sentences cross a blank line.  Marking the first token after each
blank line as a sentence start before the parser runs fixes that: spaCy's
parser keeps boundaries set before it and parses each side on its own.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "onrecord_paragraph_breaks"
#: A blank line: the one definition of a paragraph break, shared by the quote
#: finder and the attribution features (the record joins paragraphs with
#: PARAGRAPH_SEPARATOR, "\n\n").
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def mark_paragraph_breaks(doc: "Doc") -> "Doc":
    """Set ``is_sent_start`` on the first non-space token after each blank line."""
    text = doc.text
    if "\n" not in text or len(doc) < 2:
        return doc
    from spacy.attrs import IDX

    starts = doc.to_array(IDX).tolist()  # one call, no Token objects (this runs on every doc)
    for match in BLANK_LINE.finditer(text):
        i = bisect.bisect_left(starts, match.end())
        while i < len(doc) and doc[i].is_space:
            i += 1
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc


def install(nlp: "Language") -> bool:
    """Add the component before the parser; False when there is no parser
    (nothing would read the boundaries) or it is already there."""
    from spacy.language import Language

    if "parser" not in nlp.pipe_names or COMPONENT in nlp.component_names:
        return False
    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=mark_paragraph_breaks)
    nlp.add_pipe(COMPONENT, before="parser")
    return True
