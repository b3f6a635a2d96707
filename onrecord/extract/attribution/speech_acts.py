"""What an attribution reports: speech, a belief, a topic — or nothing at all.

PolNeAR's scheme, which the tagger learned, counts beliefs ("hopes",
"believes"), bare topics ("talked about his retirement") and sometimes plain
actions as attributions.  A reader of a general-news page wants to know what
someone *communicated*.  This module reads the cue's head word (and, for
topics, the shape of the content) against ``onrecord/data/statement_types.json``:

* ``communicates``: False for actions that are never statements ("sold the
  company the right", "is investigating") and for verbs that report speech
  only with a speech-noun subject when the subject is something else ("red
  flags for investors included X");
* ``statement_type``: ``speech`` (a quote, or a clause someone said or
  wrote), ``belief`` (a position held without a speech act) or ``topic`` (a
  bare topic or noun phrase);
* ``unnamed_hearsay``: "X reportedly did Y" and "X is said to do Y" report
  what unnamed sources say about X; X is part of the content, not the
  speaker.

The filter runs in the finder (every mode, so PolNeAR scores what a user
sees); the type is written on each statement and PolNeAR keeps counting all
three.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

from onrecord.extract.attribution.cues import LexiconError, lexicon, packaged_json
from onrecord.extract.attribution.types import RawAttribution

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span as DocSpan, Token

DATA_FILE = "statement_types.json"
TYPES = ("speech", "belief", "topic")
_LISTS = ("belief", "topic", "naming", "not_communication", "speech_noun_subject", "hearsay",
          "hearsay_passives", "words_released", "communication_objects", "sides_taken")
#: content heads that make a clause, not a noun phrase
_CLAUSE_POS = frozenset({"VERB", "AUX"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "csubj", "advcl"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_QUOTE_MARKS = ('"', "“", "”", "«", "»", "„")


@dataclass(frozen=True)
class SpeechActs:
    """The validated contents of ``statement_types.json``."""

    version: str
    belief: frozenset[str]
    topic: frozenset[str]
    naming: frozenset[str]
    not_communication: frozenset[str]
    speech_noun_subject: frozenset[str]
    hearsay: frozenset[str]
    hearsay_passives: frozenset[str]
    words_released: frozenset[str] = frozenset()
    communication_objects: frozenset[str] = frozenset()
    sides_taken: frozenset[str] = frozenset()


def parse_speech_acts(data: Any) -> SpeechActs:
    """Validate the decoded JSON of ``statement_types.json``."""
    if not isinstance(data, dict) or "version" not in data:
        raise LexiconError(f"{DATA_FILE}: the top level must be an object with a 'version'")
    lists = {}
    for key in _LISTS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise LexiconError(f"{DATA_FILE}: {key} must be a list of non-empty strings")
        lists[key] = frozenset(v.lower() for v in value)
    clash = lists["not_communication"] & (lists["belief"] | lists["topic"] | lists["naming"])
    if clash:
        raise LexiconError(f"{DATA_FILE}: {sorted(clash)} are both actions and cues")
    return SpeechActs(str(data["version"]), **lists)


@lru_cache(maxsize=1)
def speech_acts() -> SpeechActs:
    """The packaged lists, loaded and validated once per process."""
    return parse_speech_acts(packaged_json(DATA_FILE))


def _span(doc: "Doc", offsets: Optional[tuple[int, int]]) -> Optional["DocSpan"]:
    if offsets is None:
        return None
    span = doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
    return span if span is not None and len(span) else None


def cue_head(doc: "Doc", att: RawAttribution) -> Optional["Token"]:
    """The word of saying in the cue: its verb when it has one ("has said in
    a statement" -> said), else the head of the span ("reportedly",
    "according to")."""
    span = _span(doc, att.cue)
    if span is None:
        return None
    root = span.root
    if root.pos_ in _CLAUSE_POS:
        return root
    verbs = [t for t in span if t.pos_ == "VERB"]
    return verbs[0] if verbs else root


def _lemma(token: Optional["Token"]) -> str:
    return token.lemma_.lower() if token is not None else ""


def communicates(doc: "Doc", att: RawAttribution) -> bool:
    """False when the cue is an action, not a saying (see module doc).
    Attributions without a cue (a bare quote) communicate."""
    head = cue_head(doc, att)
    if head is None:
        return True
    acts = speech_acts()
    lemma = _lemma(head)
    if lemma in acts.not_communication and head.pos_ in _CLAUSE_POS:
        return (lemma in acts.words_released and _releases_words(head, acts)) or \
            (lemma in acts.sides_taken and takes_side(head))
    if lemma in acts.speech_noun_subject:
        source = _span(doc, att.source)
        subject = source.root if source is not None else None
        if subject is None or not lexicon().is_speech_noun(subject.lemma_):
            return False
    return True


def takes_side(head: "Token") -> bool:
    """"voted for Trump", "voting against the bill", "voted in favor of
    it": the vote is a position on someone or something, which PolNeAR
    annotates as an attribution (train: most of its 79 'vote' cues are
    'vote for/against X'); "voted to approve the budget" stays an action."""
    for child in head.children:
        if child.dep_ != "prep":
            continue
        word = child.lower_
        if word in ("for", "against"):
            return True
        if word == "in" and any(c.lower_ in ("favor", "favour") for c in child.children):
            return True
    return False


def _releases_words(head: "Token", acts: SpeechActs) -> bool:
    """"released a statement", "released data", "was released" of a memo:
    the object (the subject of a passive) is words, figures or media, so
    releasing it communicates; "released the prisoners" does not."""
    objects = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(o.lemma_.lower() in acts.communication_objects or lexicon().is_speech_noun(o.lemma_)
               for o in objects)


def keep_communication(doc: "Doc", found: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` without the attributions whose cue is not a saying."""
    return [att for att in found if communicates(doc, att)]


def _content_is_phrase(doc: "Doc", att: RawAttribution) -> bool:
    """The content is a noun phrase, with no verb of its own heading it or
    a clause inside it ("the recruitment of soldiers")."""
    for offsets in att.content_spans:
        piece = _span(doc, offsets)
        if piece is None or piece.root.pos_ in _CLAUSE_POS:
            return False
        if any(t.dep_ in _CLAUSE_DEPS and t.pos_ in _CLAUSE_POS for t in piece):
            return False
    return True


def statement_type(doc: "Doc", att: RawAttribution) -> str:
    """``speech``, ``belief`` or ``topic`` (see module doc).  A quote is
    speech whatever its cue; so is a naming ("called him a liar")."""
    if att.kind in ("direct", "mixed") or att.extra.get("unnamed_source"):
        return "speech"
    acts = speech_acts()
    lemma = _lemma(cue_head(doc, att))
    if lemma in acts.belief or lemma in acts.sides_taken:  # kept only when it took a side
        return "belief"
    if lemma in acts.naming or att.extra.get("frame") in ("according", "naming"):
        return "speech"
    if lemma in acts.topic or _content_is_phrase(doc, att):
        return "topic"
    return "speech"


def _hearsay_passive(head: "Token", acts: SpeechActs) -> bool:
    """"X is said to ...", "X was reported to ...": a passive cue verb with
    no "by" agent."""
    if _lemma(head) not in acts.hearsay_passives:
        return False
    if not any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children):
        return False
    return not any(c.dep_ == "agent" for c in head.children)


def unnamed_hearsay(doc: "Doc", att: RawAttribution) -> bool:
    """Rewrite "X reportedly did Y" / "X is said to do Y" in place: no
    source (the speaker is unnamed), and X joins the content.  Returns
    whether it did.  "reportedly, according to Reuters" keeps its source."""
    head = cue_head(doc, att)
    if head is None:
        return False
    acts = speech_acts()
    hearsay = head.lower_ in acts.hearsay or _hearsay_passive(head, acts)
    if not hearsay:
        return False
    source = _span(doc, att.source)
    if source is not None and any(t.lower_ == "according" for t in doc[max(0, source.start - 2):source.start]):
        return False
    if att.source is not None:
        start, end = att.source
        if not any(s <= start and end <= e for s, e in att.content_spans):
            att.content_spans = sorted([(start, end), *att.content_spans])
        att.source = None
    att.extra["unnamed_source"] = True
    return True


def cut_sibling_verbs(doc: "Doc", att: RawAttribution) -> None:
    """End an indirect content before a verb coordinated with the cue: in
    "he asked the company to unwind the agreement and returned the money",
    "returned the money" is something he did, not what he asked.

    Only a verb that is plainly the speaker's next act is cut: a finite verb
    of the cue's own tense with no subject of its own, outside quotation
    marks.  The parser also hangs the reported clause's own verbs on the cue
    ("says it would depress revenue ..., but would eventually add $84
    billion"; "said Mills “got an immunity agreement,” and still “got to
    sit in”"), and those stay in the content."""
    if att.kind == "direct":
        return
    head = cue_head(doc, att)
    if head is None or head.pos_ not in _CLAUSE_POS:
        return
    _drop_pieces_of_actions(doc, att, head)
    siblings = [c for c in head.rights if c.dep_ == "conj" and c.pos_ in _CLAUSE_POS
                and c.tag_ == head.tag_ and head.tag_ in _FINITE and _own_act(c)]
    for xcomp in (c for c in head.rights if c.dep_ == "xcomp" and c.tag_ == "VB"):
        # "asked the company to unwind it and returned the money": a finite verb
        # joined to the infinitive is the subject's own doing, parsed one level down
        siblings += [c for c in xcomp.rights if c.dep_ == "conj" and c.tag_ in _FINITE and _own_act(c)]
    siblings = [c for c in siblings if not _inside_quotes(doc, c)]
    siblings.sort(key=lambda t: t.i)
    if not siblings:
        return
    cut = siblings[0].left_edge.i
    while cut > 0 and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_space or
                       doc[cut - 1].is_punct and doc[cut - 1].text not in _QUOTE_MARKS):
        cut -= 1
    cut_char = doc[cut - 1].idx + len(doc[cut - 1].text) if cut > 0 else 0
    pieces = [(s, min(e, cut_char)) for s, e in att.content_spans if s < cut_char]
    pieces = [(s, e) for s, e in pieces if e > s]
    if pieces and pieces != att.content_spans:
        att.content_spans = pieces


def _own_act(verb: "Token") -> bool:
    """A coordinated verb that shares the cue's subject and is no modal
    continuation of the reported clause ("but would eventually add")."""
    return not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux") for c in verb.children)


def _inside_quotes(doc: "Doc", token: "Token") -> bool:
    """Whether ``token`` stands inside a quotation opened earlier in its sentence."""
    before = doc.text[token.sent.start_char:token.idx]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _drop_pieces_of_actions(doc: "Doc", att: RawAttribution, head: "Token") -> None:
    """Content pieces that are the object of an action verb other than the
    cue: the tagger read "sold the company the right ..., though he later
    asked the company to unwind it" as one statement of "asked" in two pieces."""
    if len(att.content_spans) < 2:
        return
    acts = speech_acts()
    kept = []
    for offsets in att.content_spans:
        piece = _span(doc, offsets)
        governor = piece.root.head if piece is not None else None
        if governor is not None and governor.i != head.i and governor.pos_ in _CLAUSE_POS \
                and _lemma(governor) in acts.not_communication and not (piece.start <= governor.i < piece.end):
            continue
        kept.append(offsets)
    if kept and kept != att.content_spans:
        att.content_spans = kept
        text = doc.text
        if att.kind == "mixed" and not any(q in text[s:e] for s, e in kept for q in _QUOTE_MARKS):
            att.kind = "indirect"


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def hearsay_clauses(doc: "Doc", found: list[RawAttribution]) -> list[RawAttribution]:
    """"X is reportedly investigating Y": the whole clause around a hearsay
    adverb is one statement with an unnamed source, whatever pieces the
    tagger made of it (it often labels X as a source and leaves the adverb
    out).  A hearsay adverb inside something a named speaker said stays part
    of that content; a clause with "according to" names its source."""
    acts = speech_acts()
    out = list(found)
    for token in doc:
        if token.lower_ not in acts.hearsay or token.dep_ != "advmod":
            continue
        verb = token.head
        cue = (token.idx, token.idx + len(token.text))
        if any(a.cue is not None and a.cue != cue and a.holds(cue) for a in out):
            continue  # "officials said he had reportedly ...": nested in a named statement
        clause = [t for t in verb.subtree if not t.is_space]
        if any(t.lower_ == "according" for t in clause):
            continue
        start, end = clause[0].i, clause[-1].i + 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        pieces = [(doc[start].idx, token.idx), (token.idx + len(token.text), doc[end - 1].idx + len(doc[end - 1].text))]
        pieces = [(s, e) for s, e in (_strip(doc.text, s, e) for s, e in pieces) if e > s]
        if not pieces:
            continue
        out = [a for a in out if not _overlap(a.content_spans, pieces) or a.cue is not None and a.cue != cue
               and not any(s <= a.cue[0] < e for s, e in pieces)]
        out.append(RawAttribution(content_spans=pieces, cue=cue, source=None, kind="indirect", confidence=0.7,
                                  origin="hearsay", extra={"unnamed_source": True, "frame": "hearsay"}))
    out.sort(key=lambda a: a.content_start)
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
