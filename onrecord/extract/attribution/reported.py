"""Reported speech from the dependency parse: one rule per cue frame.

Each rule starts from a cue word of the lexicon (``cues.json``) and reads
the parse around it, so the cost is one pass over the tokens plus a walk of
each cue's own children:

* clause — "stated that X", "told reporters on Monday that X",
  "X, he said" (content before the cue), participles "..., stating that X";
* np — "highlighted X", "questioned X", "has expressed X";
* prep — "spoke about X", "commented on X";
* infinitive — "vowed to X";
* light verbs — "provided details on X";
* speech-noun subjects — "Putin's remarks included X";
* clause nouns — "his claim that X";
* prepositional cues — "according to Y, X" and "X, according to Y";
* polls — "In a new Fox News poll, X".

A rule fires only when it also finds a source (the speaker), which keeps
the finder precise; sources elsewhere are left to the tagger and the
resolver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from onrecord.extract.attribution.cues import Lexicon
from onrecord.extract.attribution.spans import (char_range, clean_range, cue_range, mention_range,
                                                subject_of)
from onrecord.extract.attribution.types import RawAttribution

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

_VERBAL = frozenset({"VERB", "AUX"})
_CLAUSE_DEPS = frozenset({"ccomp"})
_OBJECT_DEPS = frozenset({"dobj"})
_TRAILING_DEPS = frozenset({"prep", "npadvmod"})
_PRONOUN_OBJECTS = frozenset({"PRON"})
_CONTENT_BEFORE_DEPS = frozenset({"parataxis", "ccomp", "conj"})
#: frames whose cue words leave no doubt that something was said (a speech
#: noun as object or owner, "according to"): see ``RawAttribution.extra["anchored"]``
ANCHORED_FRAMES = frozenset({"light", "noun", "according"})
CONFIDENCE = {"clause": 0.9, "quote": 0.9, "np": 0.75, "prep": 0.75, "infinitive": 0.8, "naming": 0.8,
              "light": 0.8, "noun": 0.75, "according": 0.85}


def _same_paragraph(doc: "Doc", content: tuple[int, int], anchor: int) -> tuple[int, int]:
    """Cut a content range at blank lines so it stays in the cue's paragraph
    (the parser sometimes runs a sentence over a paragraph break)."""
    start, end = content
    for i in range(start, end):
        if doc[i].is_space and "\n\n" in doc[i].text.replace(" ", ""):
            if i < anchor:
                start = i + 1
            else:
                return start, i
    return start, end


def _attribution(doc: "Doc", content: tuple[int, int], cue: tuple[int, int],
                 source: Optional["Token"], frame: str) -> Optional[RawAttribution]:
    content = _same_paragraph(doc, content, cue[0])
    cleaned = clean_range(doc, *content)
    if cleaned is None:
        return None
    src = None
    if source is not None:
        src = char_range(doc, *mention_range(source))
    return RawAttribution(
        content_spans=[char_range(doc, *cleaned)],
        cue=char_range(doc, *cue),
        source=src,
        kind="indirect",
        confidence=CONFIDENCE[frame],
        origin="rules",
        extra={"frame": frame, "cue_token": cue[1] - 1,
               "source_token": source.i if source is not None else None,
               "anchored": frame in ANCHORED_FRAMES},
    )


def _subtree_range(token: "Token") -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def _object_with_trailers(verb: "Token", obj: "Token") -> tuple[int, int]:
    """The object phrase (or the object of a preposition on it), extended
    over modifiers of the verb that follow it without a comma ("details on X
    since February 2022")."""
    start, end = _subtree_range(obj)
    for child in verb.rights:
        if child.i < end:
            continue
        if child.i != end or child.dep_ not in _TRAILING_DEPS:
            break
        end = child.right_edge.i + 1
    return start, end


def _has_speech_subject(lex: Lexicon, subject: Optional["Token"]) -> bool:
    return subject is not None and lex.is_speech_noun(subject.lemma_)


def _content_before(verb: "Token") -> Optional[tuple[int, int]]:
    """"X, he said": the cue hangs after the clause it reports, joined by a
    comma; the content is that clause up to the comma."""
    head = verb.head
    if head.i == verb.i or head.i > verb.i or verb.dep_ not in _CONTENT_BEFORE_DEPS:
        return None
    if head.pos_ not in _VERBAL:
        return None
    left = verb.left_edge.i
    doc = verb.doc
    if left == 0 or doc[left - 1].text not in (",", "—", "–"):
        return None
    start = head.left_edge.i
    return (start, left - 1) if left - 1 > start else None


def _content_around(verb: "Token") -> Optional[tuple[tuple[int, int], tuple[int, int]]]:
    """"The goal, he said, is to forge a cease-fire": the cue set off by
    commas inside the clause it reports; the content is that clause in two
    pieces, without the cue."""
    head = verb.head
    if verb.dep_ != "parataxis" or head.i <= verb.i or head.pos_ not in _VERBAL:
        return None
    doc = verb.doc
    marks = (",", "—", "–")
    left, right = verb.left_edge.i, verb.right_edge.i
    if doc[left].text not in marks:
        left -= 1
    if doc[right].text not in marks:
        right += 1
    if left <= head.left_edge.i or right >= len(doc) or doc[left].text not in marks \
            or doc[right].text not in marks:
        return None
    return (head.left_edge.i, left), (right + 1, head.right_edge.i + 1)


def _verb_rules(doc: "Doc", lex: Lexicon, verb: "Token") -> Iterator[RawAttribution]:
    for att in _verb_frames(doc, lex, verb):
        if lex.verb(verb.lemma_).subject == "speech_noun":
            att.extra["anchored"] = True
        yield att


def _verb_frames(doc: "Doc", lex: Lexicon, verb: "Token") -> Iterator[RawAttribution]:
    cue = lex.verb(verb.lemma_)
    if cue is None:
        return
    subject = subject_of(verb)
    if subject is None:
        return
    if cue.subject == "speech_noun" and not _has_speech_subject(lex, subject):
        return
    span = cue_range(verb)
    children = list(verb.children)
    if cue.particle is not None:
        particle = next((c for c in children if c.dep_ == "prt" and c.lower_ == cue.particle), None)
        if particle is None:
            return
        if particle.i == span[1]:
            span = (span[0], particle.i + 1)  # "pointed out"
    if "clause" in cue.frames or "quote" in cue.frames:
        for child in children:
            if child.dep_ in _CLAUSE_DEPS:
                att = _attribution(doc, _subtree_range(child), span, subject, "clause")
                if att:
                    yield att
                return
        before = _content_before(verb)
        if before is not None and subject.i > before[1]:
            att = _attribution(doc, before, span, subject, "clause")
            if att:
                yield att
            return
        around = _content_around(verb)
        if around is not None:
            first = _attribution(doc, around[0], span, subject, "clause")
            second = _attribution(doc, around[1], span, subject, "clause")
            if first and second:  # "The goal, he said, is to forge a cease-fire"
                first.content_spans += second.content_spans
                yield first
            return
    if "infinitive" in cue.frames:
        for child in children:
            if child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                start, end = _subtree_range(child)
                obj = next((c for c in children if c.dep_ == "dobj" and verb.i < c.i < child.i), None)
                if obj is not None:  # "asked Russia to find ...": the object is the one asked
                    start = obj.left_edge.i
                att = _attribution(doc, (start, end), span, subject, "infinitive")
                if att:
                    yield att
                return
    if "naming" in cue.frames:
        obj = next((c for c in children if c.dep_ in ("dobj", "oprd") and c.i > verb.i), None)
        pred = next((c for c in children if obj is not None and c.i > obj.i and (
            c.dep_ in ("oprd", "xcomp", "ccomp") or c.dep_ == "prep" and c.lower_ == "as")), None)
        if obj is not None and pred is not None:  # 'called him "a savage grandpa"'
            att = _attribution(doc, (obj.left_edge.i, pred.right_edge.i + 1), span, subject, "naming")
            if att:
                yield att
            return
    if "np" in cue.frames:
        for child in children:
            if child.dep_ in _OBJECT_DEPS and child.pos_ not in _PRONOUN_OBJECTS:
                att = _attribution(doc, _subtree_range(child), span, subject, "np")
                if att:
                    yield att
                return
    if "prep" in cue.frames:
        for child in children:
            if child.dep_ == "prep" and child.lower_ in cue.preps:
                obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    att = _attribution(doc, _subtree_range(obj), (span[0], child.i + 1), subject, "prep")
                    if att:
                        yield att
                    return


def _light_verb_rule(doc: "Doc", lex: Lexicon, verb: "Token") -> Iterator[RawAttribution]:
    light = lex.light_verbs.get(verb.lemma_.lower())
    if light is None:
        return
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.lemma_.lower() not in light.objects:
            continue
        preps = [c for c in obj.rights if c.dep_ == "prep" and c.lower_ in light.preps]
        preps += [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in light.preps and c.i > obj.i]
        for prep in preps:
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is None:
                continue
            subject = subject_of(verb)
            if subject is None:
                return
            start, _ = cue_range(verb)
            att = _attribution(doc, _object_with_trailers(verb, pobj), (start, prep.i + 1), subject, "light")
            if att:
                yield att
            return



def _noun_rule(doc: "Doc", lex: Lexicon, noun: "Token") -> Iterator[RawAttribution]:
    """"his claim that X": a clause noun with a possessor and a that-clause."""
    if not lex.is_clause_noun(noun.lemma_):
        return
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp") and any(c.dep_ == "mark" and c.lower_ == "that"
                                                  for c in child.children):
            att = _attribution(doc, _subtree_range(child), (noun.i, noun.i + 1), owner, "noun")
            if att:
                yield att
            return


def _according_rule(doc: "Doc", lex: Lexicon, token: "Token") -> Iterator[RawAttribution]:
    """"according to Y, X" / "X, according to Y": the content is the clause
    the phrase modifies, without the phrase."""
    for words in lex.prepositional:
        if token.lower_ != words[0] or len(words) < 2:
            continue
        nxt = token.nbor(1) if token.i + 1 < len(doc) else None
        if nxt is None or nxt.lower_ != words[1]:
            continue
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return
        head = token.head
        while head.dep_ not in ("ROOT",) and head.pos_ not in _VERBAL and head.head.i != head.i:
            head = head.head
        phrase = (token.i, max(token.right_edge.i, pobj.right_edge.i) + 1)
        att = _attribution(doc, _clause_without(head, token.sent, phrase), (token.i, nxt.i + 1), pobj, "according")
        if att:
            yield att
        return


def _clause_without(head: "Token", sent, phrase: tuple[int, int]) -> tuple[int, int]:
    """The token range of ``head``'s clause (inside its sentence) minus a
    source phrase ("according to X", "in a new X poll") at its start or end;
    a phrase in the middle keeps the longer side."""
    phrase_start, phrase_end = phrase
    start, end = _subtree_range(head)
    start, end = max(start, sent.start), min(end, sent.end)
    if phrase_start <= start:
        return phrase_end, end
    if phrase_end >= end - 1:
        return start, phrase_start
    return (start, phrase_start) if phrase_start - start >= end - phrase_end else (phrase_end, end)


#: documents whose findings "in X" reports ("In a new Fox News poll, Trump achieved 45 percent")
POLL_NOUNS = frozenset({"poll", "survey"})
#: verbs whose "in" phrase is where a rank sits ("ranked 11th in the survey", "came third in the poll")
RANK_VERBS = frozenset({"rank", "place", "finish", "come", "rate"})


def _in_poll_rule(doc: "Doc", token: "Token") -> Iterator[RawAttribution]:
    """"In a new Fox News poll released Thursday, Trump achieved 45 percent
    support": a poll or survey in an "in" phrase on a clause reports that
    clause (PolNeAR train annotates 66 of its 74 "in" cues so); the content
    is the clause without the phrase, the source the poll."""
    pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in POLL_NOUNS or pobj.tag_ != "NN":
        return
    if not any(c.dep_ in ("det", "compound", "amod", "poss", "nummod") for c in pobj.children):
        return  # "in survey design", not a poll that reports
    head = token.head
    if head.pos_ not in _VERBAL or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children):
        return
    if head.lemma_.lower() in RANK_VERBS:
        return  # "ranked 11th in the global survey": where a rank sits, not who reports it
    att = _attribution(doc, _clause_without(head, token.sent, (token.i, pobj.right_edge.i + 1)),
                       (token.i, token.i + 1), pobj, "according")
    if att:
        yield att


def _candidates(doc: "Doc", lex: Lexicon) -> list[int]:
    """Indices of tokens whose lemma or lower form is in the lexicon, read
    from the doc's arrays so that no Token object is built for the rest."""
    if not len(doc):
        return []
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings
    wanted = {strings.add(w) for w in (*lex.verbs, *lex.light_verbs, *lex.nouns)}
    wanted |= {strings.add(p[0]) for p in lex.prepositional}
    table = doc.to_array([LEMMA, LOWER])
    return [i for i, (lemma, lower) in enumerate(table.tolist()) if lemma in wanted or lower in wanted]


def reported_attributions(doc: "Doc", lex: Lexicon, in_quote: list[bool]) -> list[RawAttribution]:
    """Every reported-speech attribution the rules find; cues inside direct
    quotes are skipped (the quote is the attribution there)."""
    out: list[RawAttribution] = []
    for i in _candidates(doc, lex):
        token = doc[i]
        if in_quote[i]:
            continue
        lemma = token.lemma_.lower()
        if token.lower_ == "according":
            out.extend(_according_rule(doc, lex, token))
        elif token.pos_ in _VERBAL:
            if lemma in lex.verbs:
                out.extend(_verb_rules(doc, lex, token))
            elif lemma in lex.light_verbs:
                out.extend(_light_verb_rule(doc, lex, token))
        elif token.pos_ == "NOUN" and lemma in lex.nouns:
            out.extend(_noun_rule(doc, lex, token))
    for token in doc:
        if token.lower_ == "in" and token.dep_ == "prep" and not in_quote[token.i]:
            out.extend(_in_poll_rule(doc, token))
    return out
