"""Where something was said: the occasion of a statement.

Reporters name the occasion either beside the cue ("Putin said at a news
conference that ...") or in a sentence of its own after the statements it
describes ("The comments were made during a meeting of the Russian defense
leadership in Moscow").  Both are read from the parse:

* beside the cue: a preposition (at, during, in, on) hanging on the cue verb
  whose object is an occasion noun from the lexicon (``venue_nouns``);
* a venue sentence: a speech noun ("the comments", "his remarks") as the
  subject of a making/delivering verb (``venue_verbs``) or as its object
  ("he made the remarks at ..."), with such a preposition.  It describes
  the statements just before it by the same speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from onrecord.extract.attribution.cues import Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

VENUE_PREPS = frozenset({"at", "during", "in", "on", "before", "after", "to"})
_SPEECH_ROLES = frozenset({"nsubjpass", "nsubj", "dobj"})


@dataclass
class VenueNote:
    """A sentence that names the occasion of earlier statements."""

    sentence_start: int  # character offset
    venue: str


def _occasion(lex: Lexicon, verb: "Token", any_noun: bool = False) -> Optional[str]:
    """The object of an occasion preposition on ``verb``: its noun must be
    an occasion noun unless ``any_noun`` (a venue sentence is explicit)."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in VENUE_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if obj.lemma_.lower() in lex.venue_nouns or (any_noun and obj.pos_ == "NOUN"):
                return obj.doc[obj.left_edge.i:obj.right_edge.i + 1].text
    return None


def venue_at_cue(doc: "Doc", lex: Lexicon, cue_token: int) -> Optional[str]:
    """"said at a news conference": the occasion written beside the cue."""
    return _occasion(lex, doc[cue_token])


def venue_sentences(doc: "Doc", lex: Lexicon) -> list[VenueNote]:
    """Sentences like "The comments were made during X": one note each."""
    notes = []
    for sent in doc.sents:
        root = sent.root
        if root.lemma_.lower() not in lex.venue_verbs:
            continue
        if not any(c.dep_ in _SPEECH_ROLES and lex.is_speech_noun(c.lemma_) for c in root.children):
            continue
        venue = _occasion(lex, root, any_noun=True)
        if venue:
            notes.append(VenueNote(sent.start_char, venue))
    return notes
