"""Who said it: a ``Speaker`` for each attribution's source span.

The source as written ("Putin", "he", "Putin’s remarks", "The defense
minister", "Western officials") is kept as the mention; the resolver names
the entity behind it:

* a named mention, or a title that names one ("the defense minister"), is
  that entity;
* a speech noun with an owner ("Putin’s remarks", "his statement") is the
  owner;
* a pronoun is the most recent earlier *speaker* it agrees with (he/she: a
  person; they: a group, organisation or person; it: an organisation), and
  only failing that the most recent person named as a subject — reporters
  keep one speaker in focus, so the nearest noun is usually wrong;
* a common noun stays what it says: one unnamed person ("a senior
  official") or a group ("Western officials", "the ministry"), each its own
  entity;
* no source at all: the previous statement's speaker when it clearly
  continues (the next quote of the same or the next paragraph), else
  unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Optional

from onrecord.extract.attribution.cues import Lexicon, lexicon
from onrecord.extract.attribution.quotes import paragraph_spans
from onrecord.extract.attribution.spans import doc_text, token_at
from onrecord.extract.attribution.types import RawAttribution
from onrecord.extract.entities import EntityIndex, Titles, titles, trim_name_edges
from onrecord.extract.gender import first_name_pronoun
from onrecord.record import Entity, Span, Speaker

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span as DocSpan, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THING_PRONOUNS = frozenset({"it", "its"})
_HE = frozenset({"he", "him", "his", "himself"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
SPEAKER_TYPE = {"PERSON": "person", "ORG": "organization", "GPE": "organization",
                "LOC": "organization", "GROUP": "group"}
#: how far back (in statements) a pronoun or a bare quote looks for its speaker
LOOKBACK = 6
#: how far back (in statements) a bare title description looks for the named person in focus
DESCRIBED_LOOKBACK = 4
_NAME_DROP = frozenset({"a", "an", "some"})
#: endings of nouns for people ("voter", "investor", "strategist", "politician", "resident")
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent")


@lru_cache(maxsize=1)
def speaker_nouns() -> frozenset[str]:
    """``data/speaker_nouns.txt``: common nouns that can name a speaker."""
    text = (resources.files("onrecord") / "data" / "speaker_nouns.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


@dataclass
class Resolved:
    """A speaker, the entity behind it (kept to number ids later), and how
    sure the resolver is."""

    speaker: Speaker
    entity: Optional[Entity] = None
    confidence: float = 1.0
    inferred: bool = False


@dataclass
class _Said:
    """One resolved statement, remembered for later pronouns."""

    resolved: Resolved
    offset: int
    paragraph: int


@dataclass
class Resolver:
    """Resolves sources in document order, remembering who spoke."""

    doc: "Doc"
    index: EntityIndex
    #: False for a headline: its offsets are into the title, so entities
    #: are found by name and no mentions are recorded
    in_body: bool = True
    lex: Lexicon = field(default_factory=lexicon)
    table: Titles = field(default_factory=titles)
    history: list[_Said] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._paragraph_starts = [s for s, _ in paragraph_spans(doc_text(self.doc))] or [0]

    def paragraph_of(self, offset: int) -> int:
        n = 0
        for k, start in enumerate(self._paragraph_starts):
            if start <= offset:
                n = k
            else:
                break
        return n

    # ------------------------------------------------------------ public
    def resolve(self, att: RawAttribution) -> Resolved:
        """The speaker of ``att``; remembered for the pronouns that follow."""
        if att.source is None:
            resolved = self._from_context(att)
        else:
            resolved = self._from_source(*att.source)
        if resolved.entity is not None or resolved.speaker.type != "unknown":
            self.history.append(_Said(resolved, att.content_start, self.paragraph_of(att.content_start)))
        return resolved

    # ------------------------------------------------------------ context
    def _from_context(self, att: RawAttribution) -> Resolved:
        """A quote with no speaker and no cue beside it continues the previous
        speaker when that statement is in the same or the previous paragraph;
        a cue with no speaker ("it was reported that") stays unknown."""
        if att.cue is not None or att.kind == "indirect":
            return Resolved(Speaker(), confidence=0.5)
        named = self._previous_sentence_speaker(att.content_start)
        if named is not None:
            return named
        if not self.history:
            return Resolved(Speaker(), confidence=0.5)
        last = self.history[-1]
        paragraph = self.paragraph_of(att.content_start)
        if paragraph - last.paragraph <= 1 and last.resolved.entity is not None:
            prev = last.resolved
            speaker = Speaker(prev.speaker.name, prev.speaker.type, prev.speaker.role,
                              None, None)
            return Resolved(speaker, prev.entity, confidence=0.7, inferred=True)
        return Resolved(Speaker(), confidence=0.5)

    def _previous_sentence_speaker(self, offset: int) -> Optional[Resolved]:
        """'Putin was blunt. "We will win."': the person who is the subject
        of the sentence just before a bare quote (in its paragraph or ending
        the previous one) is its speaker; the mention is that name."""
        i = token_at(self.doc, offset)
        while i > 0 and (self.doc[i].idx >= offset - 1 or self.doc[i].is_space or self.doc[i].is_punct):
            i -= 1
        if i <= 0:
            return None
        sent = self.doc[i].sent
        for token in sent:
            if token.dep_ in ("nsubj", "nsubjpass") and token.ent_type_ == "PERSON" and token.head.i == sent.root.i:
                entity = self.index.at(token.idx, token.idx + len(token.text)) if self.in_body else None
                if entity is None:
                    return None
                start, end = token.left_edge.idx, token.idx + len(token.text)
                mention = Span(doc_text(self.doc)[start:end], start, end)
                resolved = self._speaker_for(entity, mention, 0.6)
                resolved.inferred = True
                return resolved
        return None

    # ------------------------------------------------------------- source
    def _span(self, start: int, end: int) -> Optional["DocSpan"]:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _owned_speech_noun(self, span: Optional["DocSpan"]) -> Optional["DocSpan"]:
        """The source widened to the speech noun its owner modifies: the finder
        may mark only "Putin’s" of "Putin’s remarks highlighted X", and the
        mention a reader checks should be the subject as written."""
        if span is None or len(span) == 0:
            return None
        root = span.root
        noun = root.head
        if root.dep_ != "poss" or noun.i < span.end or noun.i > span.end + 2:
            return None
        if not self._speaks_for_its_owner(noun):
            return None
        return self.doc[span.start:noun.i + 1]

    def _speaks_for_its_owner(self, noun: "Token") -> bool:
        """A speech or clause noun ("remarks", "statement", "claim"): with an
        owner ("Putin’s remarks") the owner is the speaker."""
        return self.lex.is_speech_noun(noun.lemma_) or self.lex.is_clause_noun(noun.lemma_)

    def _from_source(self, start: int, end: int) -> Resolved:
        span = self._span(start, end)
        owned = self._owned_speech_noun(span)
        if owned is not None:  # the finder marked "Putin’s" of "Putin’s remarks highlighted X"
            span, start, end = owned, owned.start_char, owned.end_char
        mention = Span(doc_text(self.doc)[start:end], start, end)
        if span is None or len(span) == 0:
            return Resolved(Speaker(mention=mention), confidence=0.5)
        head = self._nominal_root(span)
        # "Putin’s remarks" / "his statement": the owner speaks
        if self._speaks_for_its_owner(head):
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            if owner is not None:
                found = self._for_token(owner, mention)
                if found is not None:
                    return found
            if self.history:  # "the statement said": the last speaker's
                prev = self.history[-1].resolved
                return Resolved(Speaker(prev.speaker.name, prev.speaker.type, prev.speaker.role, None,
                                        mention), prev.entity, confidence=0.6, inferred=True)
        found = self._apposed_name(head, mention)
        if found is None and head.dep_ == "appos" and head.head.i != head.i:
            found = self._apposed_name(head.head, mention, head)  # the finder marked the name only
        found = found or self._for_token(head, mention, span)
        if found is not None:
            return found
        return Resolved(Speaker(mention=mention), confidence=0.5)

    @staticmethod
    def _nominal_root(span: "DocSpan") -> "Token":
        """The span's root, or, when the parser made a verb inside the source
        its root ("Mrs. Clinton, the presumptive nominee and strong favorite
        to win the election come November": "come"), that verb's subject in
        the span: a source names a speaker, never an action."""
        root = span.root
        if root.pos_ not in ("VERB", "AUX"):
            return root
        return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")
                     and span.start <= c.i < span.end and c.pos_ in ("PROPN", "NOUN", "PRON")), root)

    def _apposed_name(self, head: "Token", mention: Span, name: Optional["Token"] = None) -> Optional[Resolved]:
        """"a spokesman for the monitors, Pavel Ruzicka, said": a description
        with a name in apposition is that named person; the description is
        their role.  The description's head being a person noun also settles
        the entity's type when NER took the name for an organisation.
        ``name``: the apposed name, when the source span held only it."""
        if head.pos_ != "NOUN":
            return None
        name = name or next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if name is None or name.pos_ != "PROPN":
            return None
        entity = self.index.at(name.idx, name.idx + len(name.text)) if self.in_body else None
        if entity is None:
            return None
        person_noun = head.lemma_.lower() in self.table.person_nouns or head.lower_ in self.table.heads
        if person_noun and entity.type == "ORG":
            entity.type = "PERSON"
        # the description runs up to the name ("spokesman for the monitors")
        end = name.left_edge.i if name.i > head.i else head.i + 1
        words = [t for t in head.doc[head.left_edge.i:end] if not t.is_punct]
        while words and words[0].dep_ == "det":
            words = words[1:]
        role = " ".join(t.text for t in words)
        if role and role not in entity.roles:
            entity.roles.append(role)
        resolved = self._speaker_for(entity, mention, 0.9)
        resolved.speaker.role = role or resolved.speaker.role
        return resolved

    def _for_token(self, head: "Token", mention: Span,
                   span: Optional["DocSpan"] = None) -> Optional[Resolved]:
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head.i != head.head.i:
            return self._for_token(head.head.head, mention)  # "Obama, who said ..." is Obama
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            return self._pronoun(head, mention)
        entity = None
        if self.in_body:
            # the head itself must be the name: "The Clinton campaign" is not Clinton
            entity = self.index.at(head.idx, head.idx + len(head.text))
        elif head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            entity = self._headline_entity(head)
        if entity is not None:
            return self._speaker_for(entity, mention, 1.0)
        if head.pos_ == "PROPN" or head.text[:1].isupper():  # a name NER missed ("Trump charges")
            name_span = span if span is not None else head.doc[head.i:head.i + 1]
            words = [t.text for t in name_span if t.pos_ == "PROPN" and t.lower_ not in self.table.honorifics]
            entity = self.index.by_name(words) if words else None
            if entity is None and words != [head.text]:  # "Mr. Obama", "The Latest: Trump"
                entity = self.index.by_name([head.text])
            if entity is not None:
                return self._speaker_for(entity, mention, 0.9)
            alone = span is not None and all(t.i == head.i or t.is_punct or t.lower_ in self.table.honorifics
                                             for t in span)
            if self.in_body and alone and head.tag_ == "NNP" and head.text.isalpha() \
                    and head.text[:1].isupper() and head.i > head.sent.start:
                # "Hannity said", the name NER missed and the article never gave in full: a named
                # speaker all the same, typed group so the ledger ties it to the one person of
                # that surname it knows, or keeps it apart ("Reuters")
                entity = self.index.add_group(head.text, mention.start, mention.end, mention.text)
                return Resolved(Speaker(head.text, "group", None, None, mention), entity, 0.7)
        if head.pos_ in ("NOUN", "PROPN"):
            return self._common_noun(head, mention, span)
        return None

    def _headline_entity(self, head: "Token") -> Entity:
        """The body entity a headline name refers to (by full name, or by
        last or first word), or a new entity when the body never names it."""
        ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
        tokens = [t for t in (ent if ent is not None else [head]) if not t.is_punct and t.tag_ != "POS"]
        tokens = trim_name_edges(tokens) if tokens else tokens  # "Obama Says" is Obama
        words = [t.text for t in tokens]
        entity = self.index.by_name(words) or (self.index.by_name(words[-1:]) if len(words) > 1 else None)
        if entity is not None:
            return entity
        type_ = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "GROUP"}[head.ent_type_]
        name = " ".join(words)
        return self.index.get(name, type_) or self.index.create(name, type_, 1 << 58)

    def _speaker_for(self, entity: Entity, mention: Span, confidence: float) -> Resolved:
        role = self._role_in(mention.text, entity) or (entity.roles[0] if entity.roles else None)
        return Resolved(Speaker(entity.name, SPEAKER_TYPE.get(entity.type, "unknown"), role, None, mention),
                        entity, confidence)

    @staticmethod
    def _role_in(text: str, entity: Entity) -> Optional[str]:
        low = text.lower()
        for role in entity.roles:
            if role.lower() in low:
                return role
        return None

    def _pronoun(self, token: "Token", mention: Span) -> Resolved:
        lower = token.lower_
        if lower in FIRST_PERSON:
            return Resolved(Speaker(mention=mention), confidence=0.4)
        wanted = {"person"} if lower in PERSON_PRONOUNS else \
            {"group", "organization"} if lower in PLURAL_PRONOUNS else {"organization", "group"}
        recent = [said.resolved.entity for said in reversed(self.history[-LOOKBACK:])
                  if said.resolved.entity is not None and said.resolved.speaker.type in wanted
                  and self.agrees(lower, said.resolved.entity)]
        near = self._same_sentence_antecedent(token) or self._previous_sentence_subject(token)
        if near is not None and self._is_she(lower) and self.gender(near) is None:
            near = self._gendered_first(lower, recent) if any(self.gender(e) == "she" for e in recent) else near
        if near is not None:
            self._remember(near, mention, alias=False)
            return self._speaker_for(near, mention, 0.85)
        if recent:
            entity = self._gendered_first(lower, recent)
            self._remember(entity, mention, alias=False)
            return self._speaker_for(entity, mention, 0.85)
        if lower in PERSON_PRONOUNS:
            entity = self._last_person_before(token)
            if entity is not None:
                self._remember(entity, mention, alias=False)
                return self._speaker_for(entity, mention, 0.7)
        return Resolved(Speaker(mention=mention), confidence=0.5)

    def _same_sentence_antecedent(self, token: "Token") -> Optional[Entity]:
        """A compatible entity named earlier in the pronoun's own sentence:
        "An entity Neumann controlled sold the right, though he later asked
        ..." is Neumann, not the spokesperson quoted a paragraph before.
        A subject (of any clause) wins over other mentions ("Sanders praised
        Obama's record, but he said" is Sanders); then the nearest.  Only
        he/she (a person) and it (an organisation), whose agreement is
        clear; "they" keeps the speaker in focus.  Agreement includes gender
        (``agrees``).  An earlier subject pronoun of the same gender in the
        sentence is the nearer subject ("She met Taylor Smith, and she
        said"): the chain started before it, so the speaker in focus stands."""
        if not self.in_body:
            return None
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            labels, types = ("PERSON", "ORG"), ("PERSON",)
        elif lower in THING_PRONOUNS:
            labels, types = ("ORG",), ("ORG",)
        else:
            return None
        nearest = None
        same = _HE if lower in _HE else (PERSON_PRONOUNS - _HE) if lower in PERSON_PRONOUNS else THING_PRONOUNS
        for t in reversed(token.doc[token.sent.start:token.i]):
            if t.lower_ in same and t.pos_ == "PRON" and t.dep_ in ("nsubj", "nsubjpass"):
                return None  # "She met Taylor Smith, and she said": the subject's chain runs from before
            if t.ent_type_ not in labels or t.ent_iob_ == "I" and t.i + 1 < token.i and \
                    token.doc[t.i + 1].ent_type_ == t.ent_type_:
                continue
            entity = self.index.at(t.idx, t.idx + len(t.text))
            if entity is not None and entity.type not in types and "PERSON" in types:
                entity = self._person_named(t.text) or entity  # NER took "Neumann" for an ORG
            if entity is None or entity.type not in types or not self.agrees(lower, entity):
                continue
            if t.dep_ in ("nsubj", "nsubjpass") or t.head.dep_ in ("nsubj", "nsubjpass") and t.dep_ in (
                    "compound", "flat"):
                return entity
            nearest = nearest or entity
        return nearest

    def _previous_sentence_subject(self, token: "Token") -> Optional[Entity]:
        """"Mr. Manafort flew to Ukraine ... Rather than try to resurrect the
        party, he supported": a he/she subject whose sentence names no one
        takes the named person who is the main subject of the sentence just
        before it in the same paragraph (the person the paragraph is about),
        over a speaker quoted further back.  Only a name, never a pronoun
        chain, and only when that person agrees."""
        if not self.in_body or token.lower_ not in ("he", "she") or token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        sent = token.sent
        if sent.start == 0 or "\n" in token.doc[sent.start - 1].text_with_ws + token.doc[sent.start].text:
            return None
        before = token.doc[sent.start - 1].sent
        if "\n\n" in before.text:
            return None  # a paragraph break between: the speaker in focus stands
        if any(t.ent_type_ == "PERSON" for t in token.doc[sent.start:token.i]):
            return None
        for t in before:
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.i == before.root.i and t.ent_type_ == "PERSON":
                entity = self.index.at(t.idx, t.idx + len(t.text))
                if entity is not None and entity.type == "PERSON" and self.agrees(token.lower_, entity):
                    return entity
                return None
        return None

    def _person_named(self, word: str) -> Optional[Entity]:
        """The one person of the article whose name ends with ``word``."""
        low = word.lower()
        hits = [e for e in self.index.entities if e.type == "PERSON" and e.name.lower().split()[-1:] == [low]]
        return hits[0] if len(hits) == 1 else None

    def _gendered_first(self, pronoun: str, speakers: list[Entity]) -> Entity:
        """The most recent of ``speakers`` (all agreeing with ``pronoun``),
        except that for "she"/"her" one known to be a woman wins over a more
        recent speaker of unknown gender ("Gene B. Sperling said ... Her plan"
        is Mrs. Clinton's, quoted two statements before).  Only for "she":
        many men's first names are unknown to the census lists ("Barack",
        "Bernie"), so a "he" would too often skip the speaker just quoted."""
        if self._is_she(pronoun):
            known = [e for e in speakers if self.gender(e) == "she"]
            if known:
                return known[0]
        return speakers[0]

    @staticmethod
    def _is_she(pronoun: str) -> bool:
        return pronoun in PERSON_PRONOUNS - _HE

    def gender(self, entity: Entity) -> Optional[str]:
        """"he" or "she" as the article says (honorific, title, pronouns
        after the name) or the first name tells; None when unknown."""
        known = self.index.pronoun.get(id(entity))
        if known is None:
            words = entity.name.split()
            known = first_name_pronoun(words[0]) if len(words) > 1 else None
        return known

    def agrees(self, pronoun: str, entity: Entity) -> bool:
        """False when the person takes the other pronoun: an honorific or
        title says so ("she" is not "Mr. Sanders"), else a first name given
        overwhelmingly to one sex ("she" is not "John Smith").  Groups and
        organisations are never he/she, a person never "it"; an unknown
        gender agrees with both."""
        if pronoun in THING_PRONOUNS:
            return entity.type != "PERSON"
        if pronoun not in PERSON_PRONOUNS:
            return True
        if entity.type != "PERSON":
            return False
        known = self.gender(entity)
        return known is None or known == ("he" if pronoun in _HE else "she")

    def _remember(self, entity: Entity, mention: Span, alias: bool = True) -> None:
        if self.in_body:
            self.index.add_mention(entity, mention.start, mention.end, mention.text, alias)

    def _last_person_before(self, token: "Token") -> Optional[Entity]:
        """The last person named as a subject before ``token`` (any mention
        when none is a subject)."""
        fallback = unknown = None
        she = self._is_she(token.lower_)
        for t in reversed(token.doc[max(0, token.i - 400):token.i]):
            if t.ent_type_ != "PERSON":
                continue
            entity = self.index.at(t.idx, t.idx + len(t.text))
            if entity is None or entity.type != "PERSON" or not self.agrees(token.lower_, entity):
                continue
            if she and self.gender(entity) is None:
                unknown = unknown or entity  # a woman named further back wins (see ``_gendered_first``)
                continue
            if t.dep_ == "nsubj" or t.head.dep_ == "nsubj" and t.dep_ in ("compound", "flat"):
                return entity  # "Donald Trump said"; not "Trump's supporters said" (a possessive)
            fallback = fallback or entity
        return fallback or unknown

    def _common_noun(self, head: "Token", mention: Span, span: Optional["DocSpan"]) -> Resolved:
        """"The defense minister" (a known role), "a senior official" (one
        unnamed person) or "Western officials" / "the ministry" (a group)."""
        lower = head.lemma_.lower()
        plural = head.tag_ in ("NNS", "NNPS")
        if not plural and (head.lower_ in self.table.heads or lower in self.table.heads):
            words = self._role_words(head)
            entity = self.index.by_role(words, head.idx) or self._described_in_article(head, span) \
                or self._described_speaker(head, span)
            if entity is not None:
                self._remember(entity, mention)
                return self._speaker_for(entity, mention, 0.9)
        elif not plural:
            entity = self._described_in_article(head, span)
            if entity is not None:
                self._remember(entity, mention)
                return self._speaker_for(entity, mention, 0.85)
        if not self._can_speak(head):
            return Resolved(Speaker(mention=mention), confidence=0.4)
        named = self._named_before(head, span)
        if named is not None:
            return self._speaker_for(named, mention, 0.8)
        name = self._group_name(head, span)
        if not plural and (lower in self.table.person_nouns or lower in self.table.heads):
            entity = self.index.get(name, "PERSON") or self.index.create(name, "PERSON", mention.start)
            self._remember(entity, mention)
            return Resolved(Speaker(name, "person", None, None, mention), entity, 0.8)
        entity = self.index.add_group(name, mention.start, mention.end, mention.text) \
            if self.in_body else (self.index.get(name, "GROUP") or self.index.create(name, "GROUP", 1 << 58))
        return Resolved(Speaker(name, "group", None, None, mention), entity, 0.8)

    def _described_speaker(self, head: "Token", span: Optional["DocSpan"]) -> Optional[Entity]:
        """"Bernie Sanders ... said X. The Vermont senator declined to say":
        a definite title description no role of the article matches is the
        person named in full who spoke most recently (within
        ``DESCRIBED_LOOKBACK`` statements; groups and unnamed descriptions in
        between are skipped), if the article gave them no role (a title that says "she" or
        "he" must agree).  The article
        gave the role nowhere, so only the speaker in focus can be meant."""
        words = [t for t in (span if span is not None else [head]) if not t.is_punct]
        if not words or words[0].lower_ != "the" or len(words) > 6 or words[-1].i != head.i:
            return None
        gender = self.table.gendered.get(head.lower_)
        for said in reversed(self.history[-DESCRIBED_LOOKBACK:]):
            entity = said.resolved.entity
            if entity is None or entity.type != "PERSON" or len(entity.name.split()) < 2:
                continue  # a group, or a description itself: not the person in focus
            if said.resolved.speaker.mention is None:
                continue  # a continued quote: who spoke is itself a guess
            if entity.roles:
                return None  # the article said what they are ("campaign manager Jeff Weaver"), and not this
            if gender is None or self.gender(entity) in (None, gender):
                return entity
            return None
        return None

    def _described_in_article(self, head: "Token", span: Optional["DocSpan"]) -> Optional[Entity]:
        """"the real estate tycoon said": the one person the article itself
        describes with that noun, next to their name ("real estate tycoon
        Donald Trump", "Donald Trump, the billionaire"), is meant.  Only a
        definite, singular, unnamed description, and only when exactly one
        person of the article is given that noun (two senators: neither);
        a gendered noun must agree.  The article's own wording is the
        evidence, so no list of person nouns is needed."""
        if not self.in_body:
            return None
        words = [t for t in (span if span is not None else [head]) if not t.is_punct]
        if not words or words[0].lower_ != "the" or len(words) > 7 or head.tag_ not in ("NN", "NNP"):
            return None
        if any(t.ent_type_ == "PERSON" for t in words):
            return None
        noun, doc = head.lemma_.lower(), head.doc
        gender = self.table.gendered.get(head.lower_)
        # the capitalised words of the description ("GOP", "New York") must describe the person
        # too: "the GOP front-runner" is not "Democratic front-runner Hillary Clinton"
        proper = {t.lower_ for t in words[1:] if t.i < head.i and t.text[:1].isupper()}
        found: dict[int, Entity] = {}
        for t in doc:
            if t.i == head.i or t.lemma_.lower() != noun or t.pos_ not in ("NOUN", "PROPN"):
                continue
            if not proper <= {w.lower_ for w in doc[max(0, t.i - 5):t.i]}:
                continue
            for c in self._named_by(t):
                entity = self.index.at(c.idx, c.idx + len(c.text))
                if entity is not None and entity.type == "PERSON":
                    found[id(entity)] = entity
            if len(found) > 1:
                return None
        if len(found) != 1:
            return None
        entity = next(iter(found.values()))
        if gender is not None and self.gender(entity) not in (None, gender):
            return None
        return entity

    @staticmethod
    def _named_by(noun: "Token") -> list["Token"]:
        """The person tokens a noun describes in place: the name right after
        it ("tycoon Donald Trump", "Secretary of State Hillary Clinton") or
        in apposition ("Donald Trump, the billionaire")."""
        doc, out = noun.doc, []
        for k in range(noun.i + 1, min(len(doc), noun.i + 5)):
            t = doc[k]
            if t.ent_type_ == "PERSON":
                out.append(t)
                break
            if t.is_punct or t.pos_ in ("VERB", "AUX", "DET", "PRON") or t.ent_type_ not in ("", "GPE", "ORG", "NORP"):
                break
        if noun.dep_ == "appos" and noun.head.ent_type_ == "PERSON":
            out.append(noun.head)
        out.extend(c for c in noun.children if c.dep_ == "appos" and c.ent_type_ == "PERSON")
        return out

    def _named_before(self, head: "Token", span: Optional["DocSpan"]) -> Optional[Entity]:
        """"The poll also found ...": a bare definite noun ("the poll", "the
        survey", "the company") is the last speaker named with that head
        ("a Quinnipiac University poll") in the statements before it."""
        words = [t for t in (span if span is not None else [head]) if not t.is_punct]
        if len(words) != 2 or words[0].lower_ not in ("the", "this", "that") or words[1].i != head.i:
            return None
        noun = head.lower_
        for said in reversed(self.history[-LOOKBACK:]):
            prev = said.resolved
            name = (prev.speaker.name or "").lower().split()
            if prev.entity is not None and len(name) > 1 and name[-1] == noun:
                return prev.entity
        return None

    def _can_speak(self, head: "Token") -> bool:
        """A common noun that names a person, an organisation, a described
        group or a document (``data/speaker_nouns.txt``): "red flags for
        investors" says nothing."""
        lemma, lower = head.lemma_.lower(), head.lower_
        if lemma in self.table.person_nouns or lemma in self.table.heads or lower in self.table.heads:
            return True
        if lemma in speaker_nouns() or lower in speaker_nouns():
            return True
        return lemma.endswith(_PERSON_ENDINGS) and len(lemma) > 4

    def _role_words(self, head: "Token") -> list[str]:
        """The role a description names: "the Florida senator" is ["Florida",
        "senator"] (the place tells which senator)."""
        start = head.i
        doc = head.doc
        while start > 0 and (doc[start - 1].lower_ in self.table.modifiers or doc[start - 1].ent_type_ == "GPE"
                             or self.table.is_demonym(doc[start - 1])):
            start -= 1
        return [t.text for t in doc[start:head.i + 1]]

    @staticmethod
    def _group_name(head: "Token", span: Optional["DocSpan"]) -> str:
        """The phrase without a leading determiner ("the ministry" -> "ministry",
        "Western officials" stays)."""
        tokens = list(span) if span is not None else [head]
        while tokens and tokens[0].lower_ in _NAME_DROP:
            tokens = tokens[1:]
        text = "".join(t.text_with_ws for t in tokens).strip()
        return text or head.text
