"""What a share measures, read from the parse: whose share, among whom, answering what.

The ledger lines two numbers up only when they measure the same thing
(``onrecord.ledger.measures``).  For most numbers the noun phrase next to
the number says what is measured ("the unemployment rate", "barrels of
oil"), but a poll's or a race's percentages rarely do: in "finds Clinton
with a small lead over Sanders, 46 percent to 44 percent, among likely
voters" the phrase near "46 percent" is nothing, and the measured thing is
*Clinton's support against Sanders among likely voters*; in "all he has to do
is win 91 percent of the remaining delegates" it is *Kasich's share of the
remaining delegates* ("he" resolved through the article's people); in
"two-thirds of Republican primary voters support temporarily banning ..."
it is *Republican primary voters' answer to that question*, not "Republican
primary voters".

``measured_subject`` writes that thing as a subject phrase, with the
article's entity names (so the ledger can key it on its entities), or
returns None to keep the extractor's own subject.  It answers only where
the parse says so: a pronoun without a single antecedent, or a pair of
numbers without a race word ("leads", "ahead of", "a lead over") tying them
to two people, gets nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from onrecord.extract.claims.numbers import Quantity
from onrecord.extract.gender import first_name_pronoun
from onrecord.record import Entity

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

#: verbs and nouns that set one candidate against another, with the first
#: number of "46 percent to 44 percent" their subject's
RACE_VERBS = frozenset({"lead", "beat", "top", "edge", "trail", "defeat", "outpace", "best", "outpoll", "lag"})
RACE_NOUNS = frozenset({"lead", "edge", "advantage"})
RACE_ADVERBS = frozenset({"ahead", "behind"})
#: verbs whose subject wins, needs or polls the share ("needs 61 percent of the remaining delegates")
HOLD_VERBS = frozenset({"win", "need", "get", "receive", "take", "capture", "garner", "earn", "draw", "have", "hold",
                        "poll", "lead", "secure", "carry", "require", "collect", "gain"})
#: verbs of a respondent backing a candidate ("54 percent would vote for Trump")
BACK_VERBS = frozenset({"support", "back", "favor", "favour", "prefer", "choose", "pick", "vote", "select"})
REPORT_VERBS = frozenset({"say", "tell", "report", "indicate", "answer", "respond"})
POLL_WORDS = frozenset({"poll", "polls", "survey", "surveys", "polling", "voters", "primary", "caucus", "caucuses",
                        "ballot", "race", "matchup", "match-up", "respondents", "support", "backing", "vote", "votes"})
SHARE_HEADS = frozenset({"vote", "votes", "delegates", "support", "backing", "ballots", "seats", "share"})
VOTE_HEADS = frozenset({"vote", "votes", "ballots"})
_PERSON_PRONOUNS = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}
_SEPARATOR = re.compile(r"^\s*(?:to|-|–|—)\s*$")


def measured_subject(doc: "Doc", q: Quantity, quantities: list[Quantity], entities: list[Entity]) -> Optional[str]:
    """The measured thing of a share ``q`` as a subject phrase, or None (see
    the module docstring)."""
    if q.unit != "percent":
        return None
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    people = _People(doc, entities)
    sent = span.sent
    share = _share_token(span)
    of_phrase = _of_tokens(share)
    place = _place(sent, people)
    poll_place = place or _place(_lede(doc), people)
    pair = _pair(doc, q, quantities, sent)
    if pair is not None:
        found = _race(sent, pair, people)
        if found is None:
            return None
        first, second = found
        owner, other = (first, second) if pair[0] is q else (second, first)
        return _support(owner, other, _among(sent), poll_place)
    owner = _holder(share, people)
    if owner is not None:
        if of_phrase and of_phrase[-1].lower_ in SHARE_HEADS:
            if of_phrase[-1].lower_ in VOTE_HEADS:  # a vote is some place's: "5 percent of the vote" where?
                place = poll_place
                if place is None:
                    return None
            return f"{owner}'s share of {_text(of_phrase)}" + (f" in {place}" if place else "")
        if not of_phrase and _poll_sentence(sent):
            return _support(owner, None, _among(sent), poll_place)
        return None
    return _answer(share, of_phrase, people, poll_place)


# ---------------------------------------------------------------- people

class _People:
    """The article's people by token: a name mention or a resolvable he/she."""

    def __init__(self, doc: "Doc", entities: list[Entity]) -> None:
        self.doc = doc
        self.mentions = sorted(((m.start, m.end, e) for e in entities if e.type == "PERSON" for m in e.mentions),
                               key=lambda t: t[0])
        self.places = [(m.start, m.end, e) for e in entities if e.type == "GPE" for m in e.mentions]

    def at(self, token: "Token") -> Optional[Entity]:
        """The person a token names (inside one of its mentions), or the
        single person a he/she can refer to."""
        for start, end, entity in self.mentions:
            if start <= token.idx < end:
                return entity
        pronoun = _PERSON_PRONOUNS.get(token.lower_)
        return self.antecedent(token, pronoun) if pronoun else None

    def antecedent(self, token: "Token", pronoun: str) -> Optional[Entity]:
        """The one person named between the start of the previous sentence
        and the pronoun whose gender fits; None when none or several do."""
        sent = token.sent
        start = sent.start_char
        if sent.start > 0:
            start = self.doc[sent.start - 1].sent.start_char
        found: dict[str, Entity] = {}
        for s, _, entity in self.mentions:
            if start <= s < token.idx:
                found[entity.id] = entity
        fitting = [e for e in found.values() if _gender(e) in (pronoun, None)]
        return fitting[0] if len(fitting) == 1 else None


def _gender(entity: Entity) -> Optional[str]:
    first = entity.name.split()[0] if " " in entity.name else ""
    return first_name_pronoun(first) if first else None


# ---------------------------------------------------------------- the parts

def _share_token(span: "Span") -> "Token":
    """The noun of the number ("percent" of "46 percent", "thirds" of "two-thirds")."""
    root = span.root
    return root.head if root.dep_ == "nummod" and root.head.i >= span.start - 1 else root


def _of_tokens(share: "Token") -> list["Token"]:
    """The noun phrase of the share's "of" complement, determiners dropped."""
    of = next((c for c in share.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if obj is None:
        return []
    tokens = [t for t in obj.lefts if t.dep_ in ("amod", "compound", "nummod", "poss", "case")] + [obj]
    tokens = [t for t in sorted(tokens, key=lambda t: t.i) if t.dep_ != "det" and t.lower_ not in ("all", "the")]
    return tokens


def _text(tokens: list["Token"]) -> str:
    return " ".join(t.text for t in tokens)


def _pair(doc: "Doc", q: Quantity, quantities: list[Quantity], sent: "Span") -> Optional[tuple[Quantity, Quantity]]:
    """``q`` and its partner in "46 percent to 44 percent" / "46%-44%"."""
    text = doc.text
    shares = [o for o in quantities if o.unit == "percent" and sent.start_char <= o.start < sent.end_char]
    for a, b in zip(shares, shares[1:]):
        if (a is q or b is q) and _SEPARATOR.match(text[a.end:b.start]):
            return a, b
    return None


def _race(sent: "Span", pair: tuple[Quantity, Quantity], people: _People
          ) -> Optional[tuple[str, str]]:
    """The two candidates of a pair: the race word's subject (the first
    number's) and its object (the second's), the last such word before the
    pair in the sentence."""
    for token in reversed([t for t in sent if t.idx < pair[0].start]):
        lemma = token.lemma_.lower()
        found = None
        if token.pos_ == "VERB" and lemma in RACE_VERBS:
            found = _subject_person(token, people), _object_person(token, ("dobj",), people)
        elif token.pos_ == "NOUN" and lemma in RACE_NOUNS:
            over = _pobj(token, ("over", "on", "against"))
            found = _governor_person(token, people), people.at(over) if over is not None else None
        elif token.lower_ in RACE_ADVERBS:
            of = _pobj(token, ("of",))
            found = _subject_person(token.head, people), people.at(of) if of is not None else None
        if found is not None:
            first, second = found
            if first is None or second is None or first.id == second.id:
                return None
            return first.name, second.name
    return None


def _subject_person(verb: "Token", people: _People) -> Optional[Entity]:
    """The person who is the subject of ``verb`` ("Clinton leads"; "showed
    Clinton leading Sanders": Clinton)."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return people.at(child)
        if child.dep_ == "nsubjpass":
            return None  # "was beaten by": the order flips
    if verb.dep_ == "acl":
        return people.at(verb.head)
    return None


def _object_person(verb: "Token", deps: tuple[str, ...], people: _People) -> Optional[Entity]:
    obj = next((c for c in verb.children if c.dep_ in deps), None)
    return people.at(obj) if obj is not None else None


def _pobj(token: "Token", preps: tuple[str, ...]) -> Optional["Token"]:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _governor_person(noun: "Token", people: _People) -> Optional[Entity]:
    """Who has the "lead" of "finds Clinton with a small lead" / "Clinton's lead"."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return people.at(poss)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if head.pos_ in ("VERB", "AUX"):
        for dep in ("dobj", "nsubj"):
            child = next((c for c in head.children if c.dep_ == dep and c is not noun), None)
            if child is not None and people.at(child) is not None:
                return people.at(child)
    return None


def _holder(share: "Token", people: _People) -> Optional[str]:
    """The person who wins, needs or polls the share: the subject of the
    verb the share is the object of ("needs 61 percent of", "Trump has 35
    percent", "all he has to do is win 91 percent of": he), or the person it
    is "for"."""
    for_ = _pobj(share, ("for",))
    if for_ is not None and people.at(for_) is not None:
        return people.at(for_).name
    token = share
    if token.dep_ == "pobj" and token.head.lower_ in ("with", "at"):
        token = token.head
    if token.dep_ not in ("dobj", "prep", "npadvmod", "attr"):
        return None
    verb = token.head
    if verb.lemma_.lower() not in HOLD_VERBS:
        return None
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            clause = next((c for c in subject.children if c.dep_ == "relcl"), None)
            if clause is not None and subject.lower_ in ("all", "what"):  # "all he has to do is win ..."
                subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            person = people.at(subject) if subject is not None else None
            return person.name if person is not None else None
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _answer(share: "Token", of_phrase: list["Token"], people: _People, place: Optional[str]) -> Optional[str]:
    """"Two-thirds of Republican primary voters support temporarily banning
    ...": the people asked with what they answered; "54 percent of active
    duty personnel said they would vote for Trump": Trump's support among
    them.  A he/she in the answer is written as the person it names (or
    the claim is left out: "have a positive view of him" is about whom?)."""
    if not of_phrase or share.dep_ != "nsubj":
        return None
    verb = share.head
    reported = verb.lemma_.lower() in REPORT_VERBS
    if reported:
        verb = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if verb is None:
            return None
    population = _text(of_phrase)
    backed = _backed(verb, people)
    if backed is not None:
        return _support(backed, None, population, place)
    if verb.lemma_.lower() in REPORT_VERBS or verb.pos_ not in ("VERB", "AUX"):
        return None
    keep_left = ("aux", "auxpass", "neg") + (("nsubj", "nsubjpass") if reported else ())
    stop = {t.i for c in verb.children
            if c.dep_ in ("conj", "cc", "punct", "advcl", "mark", "parataxis", "npadvmod")
            or (c.i < verb.i and c.dep_ not in keep_left) for t in c.subtree}
    words: list[str] = []
    for token in verb.subtree:
        if token.i in stop or token.is_punct or token is share:
            continue
        lower = token.lower_
        if reported and token.dep_ == "nsubj" and token.head is verb and lower in ("they", "we", "i"):
            continue  # "said they would ...": the respondents themselves
        if lower in _PERSON_PRONOUNS:
            person = people.at(token)
            if person is None:
                return None
            words.append(person.name + ("'s" if lower in ("his",) or token.tag_ == "PRP$" else ""))
            continue
        if token.pos_ == "PRON" and lower in ("it", "that", "this", "they", "them", "their", "those", "these"):
            return None
        words.append(token.text)
    if len(words) < 2:
        return None
    return f"{population} who {' '.join(words)}"


def _backed(verb: "Token", people: _People) -> Optional[str]:
    """The candidate a respondent's verb backs ("support Clinton", "would vote for Trump")."""
    if verb.lemma_.lower() not in BACK_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None) or _pobj(verb, ("for",))
    person = people.at(obj) if obj is not None else None
    return person.name if person is not None else None


def _among(sent: "Span") -> Optional[str]:
    """The population of "among likely voters" in the sentence (its noun phrase, no tail)."""
    for token in sent:
        if token.lower_ == "among" and token.dep_ == "prep":
            obj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if obj is not None:
                words = [t for t in obj.lefts if t.dep_ in ("amod", "compound")] + [obj]
                return _text(sorted(words, key=lambda t: t.i))
    return None


def _lede(doc: "Doc") -> "Span":
    """The first two sentences of the body (the headline and the lede of a
    scraped page), which say where a poll was taken when its sentence does
    not ("Poll: Clinton and Sanders in dead heat in California.")."""
    sents = iter(doc.sents)
    first = next(sents)
    second = next(sents, None)
    return doc[first.start:(second.end if second is not None else first.end)]


def _place(sent: "Span", people: _People) -> Optional[str]:
    """A place named in the span outside other names ("in California")."""
    for start, end, entity in people.places:
        if sent.start_char <= start < sent.end_char and entity.name.lower() not in (
                "u.s.", "us", "united states", "america", "the united states", "the u.s."):
            return entity.name
    return None


def _poll_sentence(sent: "Span") -> bool:
    return any(t.lower_ in POLL_WORDS or t.lemma_.lower() in RACE_VERBS for t in sent)


def _support(owner: str, other: Optional[str], population: Optional[str], place: Optional[str]) -> str:
    return (f"{owner}'s support" + (f" against {other}" if other else "")
            + (f" among {population}" if population else "") + (f" in {place}" if place else ""))
