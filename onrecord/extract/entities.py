"""The article's entities: people, organisations, places and groups, merged.

A reporter writes "President Vladimir Putin", then "Putin", then "the
president"; a reader knows these are one person.  This module builds that
list from what spaCy's NER already found, without re-parsing:

* names are cleaned of determiners, possessives and honorifics, and the
  titles written before a person's name ("Defense Minister", "Russian
  President") or in apposition ("Sergei Shoigu, the defense minister")
  become roles (the title word list is data: ``onrecord/data/titles.json``);
* cue and headline verbs are never part of a name ("Obama Says", "Trump
  Tells", "Injecting Clinton": the small NER model often takes a title-case
  verb for part of the name);
* in a title-case line (a headline, a video label) a common word next to a
  name is no part of it when the body never writes it in a name ("Obama
  Speech", "Standard Clinton", "Trump Face"; ``headline_names``);
* a longer name that ends with a full name the article gives ("Crooked
  Hillary Clinton", "Miss Universe Alicia Machado") is that person;
* a one-word person mention joins the full name whose last (or first) word
  it is, when exactly one full name fits (with both Hillary and Bill Clinton
  in the article, "Clinton" stays apart), and not when the honorifics the
  article writes before that surname all give the other gender ("Mr. Obama"
  throughout, and Michelle Obama the one Obama named in full);
* an organisation, as NER typed it, whose name is a person's name or its
  unique surname ("Trump" tagged ORG in an article about Donald Trump) is
  that person; a longer organisation name ("Trump Organization") stays an
  organisation;
* "the defense minister" joins the person whose role ends the same way;
* captions and the photo credit add roles and the photographer and agency.

``EntityIndex`` keeps the lookups the speaker resolver needs (entity by
mention offsets, by name, by role) and lets it add group speakers.  Ids are
"e1", "e2"... in order of first mention, so they are stable for one text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Optional

from onrecord.extract.attribution.cues import lexicon
from onrecord.extract.attribution.spans import doc_text
from onrecord.extract.gender import first_name_pronoun
from onrecord.extract.headline_names import TitleCaseLines, body_name_words, lower_case_words, trim_title_case_name
from onrecord.record import Entity, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span as DocSpan, Token

    from onrecord.nlp.parse import ParsedArticle

NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True)
class Titles:
    """The title word list: role heads, their modifiers, honorifics."""

    heads: frozenset[str]
    modifiers: frozenset[str]
    honorifics: frozenset[str]
    person_nouns: frozenset[str]
    gendered: dict[str, str]
    demonym_suffixes: tuple[str, ...]
    max_head_words: int

    def is_head(self, words: Iterable[str]) -> bool:
        return " ".join(w.lower() for w in words) in self.heads

    def is_demonym(self, token: "Token") -> bool:
        """A capitalised nationality adjective ("Russian", "French")."""
        if token.ent_type_ == "NORP":
            return True
        text = token.text
        return (text[:1].isupper() and text.isalpha() and token.pos_ in ("ADJ", "PROPN")
                and text.lower().endswith(self.demonym_suffixes) and len(text) > 3)


@lru_cache(maxsize=1)
def titles() -> Titles:
    """The packaged title list, loaded once."""
    data = json.loads((resources.files("onrecord") / "data" / "titles.json").read_text(encoding="utf-8"))
    heads = frozenset(h.lower() for h in data["heads"])
    return Titles(heads=heads, modifiers=frozenset(m.lower() for m in data["modifiers"]),
                  honorifics=frozenset(h.lower() for h in data["honorifics"]),
                  person_nouns=frozenset(n.lower() for n in data.get("person_nouns", [])),
                  gendered={k.lower(): v for k, v in data.get("gendered", {}).items()},
                  demonym_suffixes=tuple(data.get("demonym_suffixes", [])),
                  max_head_words=max(len(h.split()) for h in heads))


def role_before(doc: "Doc", start: int, table: Optional[Titles] = None) -> Optional[tuple[int, int]]:
    """Token range of the title written right before token ``start``
    ("Defense Minister" before "Sergei Shoigu"), or None."""
    table = table or titles()
    i = start
    head_seen = False
    while i > 0:
        t = doc[i - 1]
        word = t.lower_
        if t.is_space or t.is_punct and word not in (".",):
            break
        if word in table.heads:
            head_seen = True
        elif word in table.modifiers or (head_seen and (table.is_demonym(t) or t.ent_type_ == "GPE")):
            pass  # "Russian President", "Florida Sen.": the place is part of the role
        elif word == "of" and i >= 2 and f"{doc[i - 2].lower_} of {doc[i].lower_}" in table.heads:
            head_seen = True  # "Secretary of State"
        else:
            break
        i -= 1
    # a role must end in a head word
    if not head_seen or i == start:
        return None
    end = start
    while end > i and doc[end - 1].lower_ not in table.heads and not (
            end - 3 >= i and " ".join(t.lower_ for t in doc[end - 3:end]) in table.heads):
        end -= 1
    return (i, end) if end > i else None


def clean_name_range(ent: "DocSpan", table: Titles) -> tuple[int, int, Optional[tuple[int, int]]]:
    """An entity's name tokens without determiners, possessives, honorifics
    and leading titles; the leading title's range is returned apart."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].lower_ in table.honorifics):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if end > start:
        kept = trim_name_edges(list(doc[start:end]), ent.label_ == "PERSON")
        start, end = kept[0].i, kept[-1].i + 1
    role = None
    if ent.label_ == "PERSON":
        j = start
        while j < end - 1 and (doc[j].lower_ in table.heads or doc[j].lower_ in table.modifiers):
            j += 1
        if j > start and any(doc[k].lower_ in table.heads for k in range(start, j)):
            role = (start, j)
            start = j
    return start, end, role


_IRREGULAR_CUE_FORMS = frozenset({"said", "told", "thought", "wrote", "spoke", "found", "says", "tells"})
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"))


@lru_cache(maxsize=4096)
def is_cue_form(word: str) -> bool:
    """An inflected form of a cue verb of the lexicon ("Says", "Tells",
    "Warns", "Urged"): a headline word, never part of a name.  The bare
    lemma is not enough ("Hope Hicks", "Mark Warner")."""
    word = word.lower()
    if word in _IRREGULAR_CUE_FORMS:
        return True
    verbs = lexicon().verbs
    return any(word.endswith(suffix) and len(word) > len(suffix) + 1 and word[:-len(suffix)] + repl in verbs
               for suffix, repl in _INFLECTIONS)


def _headline_verb(token: "Token", cues: bool = True) -> bool:
    """A verb inside an entity span: a cue form ("Obama Says", where the
    tagger may call "Says" a proper noun) or a finite verb ("Trump Is
    Unfit").  ``cues`` off for places and organisations, whose names may hold
    a word like a cue ("United States", "Consumer Reports")."""
    return (cues and is_cue_form(token.text)) or token.tag_ in ("VBZ", "VBD", "VBP", "MD")


@lru_cache(maxsize=1)
def _verb_lemmas() -> frozenset[str]:
    """The verb lemmas the loaded English pipeline's lemmatizer knows (empty
    when no pipeline with a rule lemmatizer is loaded)."""
    from onrecord.nlp import model

    for nlp in list(getattr(model, "_cache", {}).values()):
        try:
            return frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"])
        except (KeyError, AttributeError, ValueError):
            continue
    return frozenset()


def _leading_gerund(token: "Token") -> bool:
    """"Injecting Clinton": a capitalised -ing word of a verb the lemmatizer
    knows, which the tagger took for part of a name."""
    word = token.lower_
    if not word.endswith("ing") or len(word) < 6:
        return False
    stem = word[:-3]
    verbs = _verb_lemmas()
    return stem in verbs or stem + "e" in verbs or (stem[-1:] == stem[-2:-1] and stem[:-1] in verbs)


def trim_name_edges(tokens: list["Token"], person: bool = True) -> list["Token"]:
    """The name in an entity span, without the headline around it: the span
    ends before its first verb after the first word ("Trump Tells Supporters
    To Watch Polls" is Trump) and leading verbs go ("Injecting Clinton").
    ``person``: the span may be a person's name (cue forms count as verbs).
    At least one token is kept."""
    end = next((i for i in range(1, len(tokens)) if _headline_verb(tokens[i], person)), len(tokens))
    start = 0
    while end - start > 1 and (_headline_verb(tokens[start], person) or tokens[start].tag_ == "VBG"
                               or (person and _leading_gerund(tokens[start]))):
        start += 1
    return tokens[start:end]


def without_initials(name: str) -> str:
    """A full name without its middle initials ("Donald J. Trump" -> "Donald Trump")."""
    words = name.split()
    if len(words) <= 2:
        return name
    middle = [w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.?", w)]
    return " ".join([words[0], *middle, words[-1]])


#: abbreviated titles as written before names ("Sen. Marco Rubio") and the word a
#: later description uses ("the Florida senator")
_TITLE_ABBREVIATIONS = {"sen": "senator", "gov": "governor", "rep": "representative", "pres": "president",
                        "sec": "secretary", "secy": "secretary", "gen": "general", "lt": "lieutenant",
                        "atty": "attorney", "amb": "ambassador", "supt": "superintendent"}


def _role_key(words: Iterable[str]) -> list[str]:
    """A role's words for matching a description to it: lower case, without
    dots, abbreviations spelt out ("Sen." is "senator") and the "of"
    complement dropped ("former Secretary of State" has the head
    "secretary", as "the former secretary" does)."""
    out = []
    for word in words:
        low = word.lower().strip(".,")
        if low == "of":
            break
        if low:
            out.append(_TITLE_ABBREVIATIONS.get(low, low))
    return out


def _looks_like_name(name: str) -> bool:
    """Every word capitalised, a particle or an initial, and no case title
    ("Trump v. Trump") or institution word the small NER model left in."""
    words = name.split()
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words) and not any(
        w.lower().strip(".") in ("v", "vs") or w.lower() in _INSTITUTION_WORDS for w in words)


_NAME_PARTICLES = frozenset("von van der den de da di del della des la le bin ibn al el dos du".split())
_INSTITUTION_WORDS = frozenset("foundation organization organisation university tower hotel group campaign".split())


def _spelling_key(name: str) -> str:
    """A name lower-cased with doubled letters written once ("hilary clinton")."""
    return re.sub(r"(\w)\1", r"\1", _norm(name))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


class EntityIndex:
    """Entities of one article and the lookups speaker resolution needs."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._by_key: dict[tuple[str, str], Entity] = {}
        self._mentions: list[tuple[int, int, Entity]] = []
        self._spans: set[tuple[int, int]] = set()
        self._first: dict[int, int] = {}
        self._names: dict[str, Entity] = {}  # any name or alias -> entity
        self._person_words: dict[str, list[Entity]] = {}  # first/last word of a person's name
        #: folded one-word person name -> offsets where the article writes it alone
        self.bare_uses: dict[str, list[int]] = {}
        #: "he" or "she" when an honorific or title says so ("Mrs. Clinton")
        self.pronoun: dict[int, str] = {}
        #: folded one-word name -> the genders of the honorifics written before it ("Mr. Obama")
        self.honorific_genders: dict[str, set[str]] = {}

    # ----------------------------------------------------------- building
    def create(self, name: str, type_: str, first: int) -> Entity:
        """A new entity; ``first`` (its first offset) decides its id order."""
        entity = Entity(id="", name=name, type=type_)
        self.entities.append(entity)
        self._by_key[(type_, _norm(name))] = entity
        self._first[id(entity)] = first
        self._index_name(entity, name)
        if type_ == "PERSON":
            words = _norm(name).split()
            for word in {words[0], words[-1]} if words else ():
                self._person_words.setdefault(word, []).append(entity)
        return entity

    def _index_name(self, entity: Entity, name: str) -> None:
        self._names.setdefault(_norm(name), entity)

    def get(self, name: str, type_: str) -> Optional[Entity]:
        return self._by_key.get((type_, _norm(name)))

    def add_mention(self, entity: Entity, start: int, end: int, text: str, alias: bool = True) -> None:
        """Record that ``text`` at ``[start, end)`` names ``entity`` (a pronoun
        is a mention but not an alias)."""
        if (start, end) in self._spans:
            return
        self._spans.add((start, end))
        entity.mentions.append(Span(text, start, end))
        self._mentions.append((start, end, entity))
        self._first[id(entity)] = min(self._first.get(id(entity), start), start)
        if alias:
            self.add_alias(entity, text)

    def add_alias(self, entity: Entity, text: str) -> None:
        text = text.strip()
        if text and text != entity.name and text not in entity.aliases:
            entity.aliases.append(text)
            self._index_name(entity, text)

    def add_role(self, entity: Entity, role: str) -> None:
        role = role.strip()
        if role and _norm(role) not in {_norm(r) for r in entity.roles}:
            entity.roles.append(role)

    def add_group(self, name: str, start: int, end: int, text: str) -> Entity:
        """A group speaker ("Western officials", "the ministry") as its own entity."""
        entity = self.get(name, "GROUP") or self.create(name, "GROUP", start)
        self.add_mention(entity, start, end, text)
        return entity

    def finish(self) -> list[Entity]:
        """Number the entities by first mention ("e1", "e2", ...)."""
        self.entities.sort(key=lambda e: self._first.get(id(e), 1 << 60))
        for n, entity in enumerate(self.entities, 1):
            entity.id = f"e{n}"
            entity.mentions.sort(key=lambda m: m.start)
        return self.entities

    # ------------------------------------------------------------ lookups
    def at(self, start: int, end: int) -> Optional[Entity]:
        """The entity one of whose mentions overlaps ``[start, end)``; people
        first, then organisations, places and groups."""
        found = [e for s, t, e in self._mentions if s < end and start < t]
        order = {"PERSON": 0, "ORG": 1, "GROUP": 2, "GPE": 3, "LOC": 4}
        found.sort(key=lambda e: order.get(e.type, 9))
        return found[0] if found else None

    def by_name(self, words: list[str], gender: Optional[str] = None) -> Optional[Entity]:
        """A person or organisation whose name or alias matches ``words``
        (a full name, or its last or first word; a surname several full
        names share goes to the article's principal one, see ``principal``).
        ``gender``: "he" or "she" when an honorific says so ("Mrs. Clinton")."""
        key = _norm(" ".join(words))

        def fits(entity: Entity) -> bool:  # "Mrs. Clinton" is not Bill Clinton, even as his alias
            return gender is None or entity.type != "PERSON" or _person_pronoun(self, entity) in (None, gender)
        entity = self._names.get(key)
        if entity is not None and fits(entity):
            return entity
        if len(words) == 1:
            hits = [e for e in self._person_words.get(key, []) if fits(e)]
            if len(hits) == 1:
                return hits[0] if gender is not None or self._titled_as(key, hits[0]) else None
            return self.principal(key, hits, gender)
        return None

    def _titled_as(self, surname: str, entity: Entity) -> bool:
        """False when the honorifics the article writes before the bare
        surname all give the other gender than ``entity``'s ("Mr. Obama"
        throughout, and Michelle Obama the one Obama named in full: the bare
        "Obama" is not she)."""
        genders = self.honorific_genders.get(surname)
        if not genders or entity.type != "PERSON":
            return True
        pronoun = _person_pronoun(self, entity)
        return pronoun is None or pronoun in genders

    def principal(self, surname: str, hits: list[Entity], gender: Optional[str] = None) -> Optional[Entity]:
        """The person a bare surname shared by several full names means, read
        as a reader meets it: the one full name of that surname the article
        has introduced before it first writes the surname alone ("Donald J.
        Trump ... Trump said ... Ivana Trump"; the namesake comes later and
        is named in full; a headline's bare surname before any full name
        does not count).  None when two were introduced by then (the
        surname then stays apart).  Names the small NER model got wrong
        ("Trump v. Trump", "Donald J. Trump Foundation") do not count, nor,
        after "Mr." or "Mrs." (``gender``), a person known to take the other
        pronoun."""
        people = [e for e in hits if e.type == "PERSON" and _norm(e.name).split()[-1] == surname
                  and len(e.name.split()) > 1 and _looks_like_name(e.name)
                  and (gender is None or _person_pronoun(self, e) in (None, gender))]
        if len(people) < 2:
            return people[0] if people else None
        def named_in_full(entity: Entity) -> list[int]:  # "Bill Clinton", not "President Clinton"
            given = _norm(entity.name).split()[0]
            return [m.start for m in entity.mentions if given in _norm(m.text).split()]
        introduced = {id(e): min(named_in_full(e), default=1 << 60) for e in people}
        earliest = min(introduced.values())
        bare = next((at for at in sorted(self.bare_uses.get(surname, ())) if at > earliest), None)
        if bare is None:
            return None
        before = [e for e in people if introduced[id(e)] < bare]
        return before[0] if len(before) == 1 else None

    def surname_people(self, word: str) -> list[Entity]:
        """The people whose full name starts or ends with ``word``."""
        return list(self._person_words.get(_norm(word), []))

    def same_spelling(self, name: str) -> Optional[Entity]:
        """The person whose full name differs from ``name`` only by a doubled
        letter ("Hilary Clinton" is the article's Hillary Clinton, misspelt)."""
        key = _spelling_key(name)
        hits = [e for e in self.entities if e.type == "PERSON" and len(e.name.split()) > 1
                and _spelling_key(e.name) == key]
        return hits[0] if len(hits) == 1 else None

    def person_ending(self, words: list[str]) -> Optional[Entity]:
        """The person whose full name (two words or more) ends ``words``:
        "Crooked Hillary Clinton" is Hillary Clinton."""
        for k in range(len(words) - 1, 1, -1):
            entity = self._by_key.get(("PERSON", _norm(" ".join(words[-k:]))))
            if entity is not None:
                return entity
        return None

    def person_named(self, words: list[str]) -> Optional[Entity]:
        """The person a name written in full or as a unique first or last
        word stands for, or None (an ambiguous surname stays unresolved)."""
        key = _norm(" ".join(words))
        entity = self._by_key.get(("PERSON", key))
        if entity is None and len(words) == 1:
            hits = self._person_words.get(key, [])
            entity = hits[0] if len(hits) == 1 else self.principal(key, hits)
        if entity is None:
            found = self._names.get(key)
            entity = found if found is not None and found.type == "PERSON" else None
        return entity

    def by_role(self, role_words: list[str], before: int) -> Optional[Entity]:
        """The person whose role has the head of ``role_words`` ("defense
        minister") and no clashing modifier ("foreign minister"); the closest
        fit, then the most recently mentioned before offset ``before``."""
        want = _role_key(role_words)
        scored = []
        for entity in self.entities:
            best = 0
            for role in entity.roles:
                words = _role_key(role.split())
                if words and words[-1] == want[-1]:  # same head: "minister", "speaker"
                    # "the House speaker" fits "Speaker"; "the defense minister" fits
                    # "Defense Minister" better than "Foreign Minister"
                    clash = [w for w in want[:-1] if w not in words] and [w for w in words[:-1] if w not in want]
                    if not clash:
                        best = max(best, 1 + len(set(words) & set(want)))
            if best:
                scored.append((best, entity))
        if not scored:
            return None
        top = max(score for score, _ in scored)
        hits = [e for score, e in scored if score == top]
        if len(hits) == 1:
            return hits[0]

        def last_before(e: Entity) -> int:
            starts = [m.start for m in e.mentions if m.start < before]
            return max(starts) if starts else -1
        return max(hits, key=last_before)


def build_entities(parsed: "ParsedArticle") -> EntityIndex:
    """Entities of the article body (and roles from its captions and credits)."""
    table = titles()
    doc = parsed.doc
    index = EntityIndex()
    people: list[tuple[int, int, Optional[tuple[int, int]]]] = []
    role_tokens: set[int] = set()
    others: list["DocSpan"] = []
    person_ranges = {ent: clean_name_range(ent, table) for ent in doc.ents if ent.label_ == "PERSON"}
    lines = TitleCaseLines(doc)
    # the words the body (outside headlines and labels) writes as names: a person's, or a
    # one-word name NER typed otherwise ("Trump" as ORG)
    names = body_name_words(doc, lines, [(s, e) for s, e, _ in person_ranges.values() if e > s]
                            + [(ent.start, ent.end) for ent in doc.ents
                               if ent.label_ in NER_TYPES and len(ent) == 1])
    lower_words = lower_case_words(doc)
    for ent in doc.ents:
        if ent.label_ not in NER_TYPES:
            continue
        if ent.label_ == "PERSON":
            start, end, role = person_ranges[ent]
            if end <= start:
                continue
            start, end = trim_title_case_name(doc, start, end, lines, names, lower_words)
            if role is None:
                role = role_before(doc, start, table)
            if role is not None:
                role_tokens.update(range(*role))
            people.append((start, end, role))
        else:
            others.append(ent)
            start, end = ent.start, ent.end
        if end - start == 1:  # a one-word name, whatever NER typed it ("Trump" as ORG)
            index.bare_uses.setdefault(_norm(doc[start].text), []).append(doc[start].idx)
    _add_people(index, doc, people, table)
    for ent in others:
        if all(i in role_tokens for i in range(ent.start, ent.end)):
            continue  # "Defense" tagged ORG inside "Defense Minister Sergei Shoigu"
        start, end, _ = clean_name_range(ent, table)
        if end <= start or all(t.pos_ == "ADJ" for t in doc[start:end]):
            continue  # "Ukrainian membership": an adjective, not the place
        text = doc[start:end].text
        type_ = NER_TYPES[ent.label_]
        if type_ == "ORG" and _person_shaped(doc[start:end]):
            type_ = "PERSON"  # "Carly Fiorina" tagged ORG by the small model
        entity = None
        if type_ in ("ORG", "GPE"):  # "Trump" tagged ORG, "Kasich" GPE, where the article names the person
            entity = index.person_named([t.text for t in doc[start:end]])
        entity = entity or index.get(text, type_) or index.create(text, type_, doc[start].idx)
        index.add_mention(entity, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), text)
    _add_role_mentions(index, doc, table)
    _add_article_people(index, parsed, table)
    return index


def _person_shaped(tokens: "DocSpan") -> bool:
    """An organisation name that is written as a person's: two or three
    capitalised proper nouns, the first a given name the census lists give
    overwhelmingly to one sex ("Carly Fiorina"), no institution word.
    "Morgan Stanley" (a name both sexes take) or "Wells Fargo" stay firms."""
    words = [t for t in tokens if not t.is_punct]
    if not 2 <= len(words) <= 3 or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in words):
        return False
    if any(t.lower_ in _INSTITUTION_WORDS or not t.text.replace(".", "").isalpha() for t in words):
        return False
    return first_name_pronoun(words[0].text) is not None


def _add_people(index: EntityIndex, doc: "Doc", people: list, table: Titles) -> None:
    """Full names first, then one-word names joined to the full name they
    shorten; a title or apposition adds a role."""
    # shortest full names first, so "Hillary Clinton" exists before "Crooked Hillary Clinton"
    full = sorted((p for p in people if p[1] - p[0] > 1), key=lambda p: (p[1] - p[0], p[0]))
    short = [p for p in people if p[1] - p[0] == 1]
    for start, _, _ in short:
        gender = table.gendered.get(doc[start - 1].lower_) if start else None
        if gender is not None and doc[start - 1].lower_ in table.honorifics:
            index.honorific_genders.setdefault(_norm(doc[start].text), set()).add(gender)
    for n, (start, end, role) in enumerate(full + short):
        if n == len(full):
            _pronoun_evidence(index, doc)  # before the surnames: "Mrs. Clinton" needs it
        words = [t.text for t in doc[start:end]]
        name = " ".join(words)
        # "Mrs. Clinton" is decided by the honorific before the bare "Clinton" entity
        # a headline created takes it (that one may be Bill or Hillary)
        entity = _by_honorific(index, doc, start, words[0], table) if len(words) == 1 else None
        entity = entity or index.get(name, "PERSON")
        if entity is None and len(words) > 2:  # "Donald J. Trump" after "Donald Trump"
            entity = index.get(without_initials(name), "PERSON")
        if entity is None and len(words) == 1:
            entity = index.by_name(words, gender=table.gendered.get(doc[start - 1].lower_) if start else None)
        if entity is None and len(words) > 2:
            entity = index.person_ending(words)
        if entity is None and len(words) > 1:
            entity = index.same_spelling(name)
        if entity is None:
            entity = index.create(name, "PERSON", doc[start].idx)
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        index.add_mention(entity, s, e, doc_text(doc)[s:e])
        if role is not None:
            index.add_role(entity, doc[role[0]:role[1]].text)
            index.add_alias(entity, doc[role[0]:end].text)
        appos = _appositive_role(doc, doc[end - 1], table)
        if appos is not None:
            index.add_role(entity, appos)
        pronoun = _pronoun_hint(doc, start, role, appos, table)
        if pronoun is not None:
            index.pronoun.setdefault(id(entity), pronoun)
    _pronoun_evidence(index, doc)  # again, for the people named by surname only ("Merkel ... she")


_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})


def _pronoun_evidence(index: EntityIndex, doc: "Doc") -> None:
    """"he" or "she" for each person whose mentions are followed,
    in their sentence or the next, by pronouns of one kind only ("Hillary
    Clinton ... she"); an honorific or title already seen wins, and a first
    name the census gives to one sex is not overruled (the nearby pronoun
    may be another person's)."""
    for entity in index.entities:
        if entity.type != "PERSON" or id(entity) in index.pronoun:
            continue
        if len(entity.name.split()) > 1 and first_name_pronoun(entity.name.split()[0]) is not None:
            continue  # "Donald" says "he" more surely than a "she" after his name (another woman's)
        votes = {"he": 0, "she": 0}
        for mention in entity.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            stop = min(len(doc), span.sent.end + 25)
            for token in doc[span.end:stop]:
                if token.ent_type_ == "PERSON":
                    break  # another person is nearer: the pronoun may be theirs
                if token.lower_ in _HE or token.lower_ in _SHE:
                    votes["he" if token.lower_ in _HE else "she"] += 1
                    break
        if votes["he"] != votes["she"] and min(votes.values()) == 0:
            index.pronoun[id(entity)] = max(votes, key=votes.get)


def _by_honorific(index: EntityIndex, doc: "Doc", start: int, surname: str, table: Titles) -> Optional[Entity]:
    """"Mrs. Clinton" where the article names Hillary and Bill Clinton: the
    one person of that surname the honorific's gender does not rule out."""
    if start == 0 or doc[start - 1].lower_ not in table.honorifics:
        return None
    gender = table.gendered.get(doc[start - 1].lower_)
    hits = index.surname_people(surname)
    if gender is None or len(hits) < 2:
        return None
    hits = [e for e in hits if len(e.name.split()) > 1]  # full names only: a bare "Clinton" is no one yet
    if len(hits) < 2:
        return None
    fitting = [e for e in hits if _person_pronoun(index, e) in (gender, None)]
    return fitting[0] if len(fitting) == 1 else None


def _person_pronoun(index: EntityIndex, entity: Entity) -> Optional[str]:
    """"he" or "she" for a person: what the article said (an honorific, a
    title, the pronouns after the name), else the first name's usual one."""
    known = index.pronoun.get(id(entity))
    if known is None and len(entity.name.split()) > 1:
        known = first_name_pronoun(entity.name.split()[0])
    return known


def _pronoun_hint(doc: "Doc", start: int, role: Optional[tuple[int, int]], appos: Optional[str],
                  table: Titles) -> Optional[str]:
    """"he" or "she" from the honorific before a name ("Mrs. Clinton") or a
    gendered title ("spokeswoman"), else None."""
    words = [doc[start - 1].lower_] if start > 0 else []
    if role is not None:
        words += [t.lower_ for t in doc[role[0]:role[1]]]
    if appos:
        words += appos.lower().split()
    for word in words:
        if word in table.gendered:
            return table.gendered[word]
    return None


def _appositive_role(doc: "Doc", head: "Token", table: Titles) -> Optional[str]:
    """"Sergei Shoigu, the defense minister," / "the defense minister, Sergei
    Shoigu": a role noun in apposition to the name."""
    candidates = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        candidates.append(head.head)
    for noun in candidates:
        if noun.lower_ not in table.heads or noun.ent_type_ == "PERSON":
            continue
        start = noun.i
        while start > noun.left_edge.i and (doc[start - 1].lower_ in table.modifiers
                                            or doc[start - 1].lower_ in table.heads
                                            or table.is_demonym(doc[start - 1])):
            start -= 1
        return doc[start:noun.i + 1].text
    return None


def _add_role_mentions(index: EntityIndex, doc: "Doc", table: Titles) -> None:
    """"The defense minister" names the person who holds that role."""
    if not len(doc):
        return
    from spacy.attrs import LOWER

    strings = doc.vocab.strings
    heads = {strings.add(h) for h in table.heads}
    for i, lower in enumerate(doc.to_array([LOWER]).reshape(-1).tolist()):
        if lower not in heads:
            continue  # read from the array: no Token built for the other words
        token = doc[i]
        if token.ent_type_ == "PERSON" or token.pos_ != "NOUN":
            continue
        if token.tag_ in ("NNS", "NNPS"):
            continue
        start = token.i
        while start > 0 and doc[start - 1].lower_ in table.modifiers:
            start -= 1
        if start == 0 or doc[start - 1].lower_ != "the":
            continue
        words = [t.text for t in doc[start:token.i + 1]]
        entity = index.by_role(words, token.idx)
        if entity is None:
            continue
        s, e = doc[start - 1].idx, token.idx + len(token.text)
        index.add_mention(entity, s, e, doc_text(doc)[s:e])


_CAPITALISED_RUN = r"((?:[A-Z][\w.’'-]*\s+){1,4})"


def _add_article_people(index: EntityIndex, parsed: "ParsedArticle", table: Titles) -> None:
    """Roles written in captions ("Russian President Vladimir Putin speaks"),
    and the photographer and agency of each photo credit."""
    article = parsed.article
    people = [e for e in index.entities if e.type == "PERSON"]
    for image in article.images:
        caption = image.caption or ""
        for entity in people:
            for m in re.finditer(_CAPITALISED_RUN + re.escape(entity.name) + r"\b", caption):
                words = m.group(1).split()
                keep: list[str] = []
                for word in reversed(words):
                    low = word.lower()
                    if low in table.heads or low in table.modifiers or (
                            keep and low.endswith(table.demonym_suffixes) and word[:1].isupper()):
                        keep.insert(0, word)
                    else:
                        break
                if keep and any(w.lower() in table.heads for w in keep):
                    index.add_role(entity, " ".join(keep))
        if image.photographer:
            person = index.by_name(image.photographer.split()) or index.create(
                image.photographer, "PERSON", 1 << 59)
            index.add_role(person, "photographer")
        if image.agency:
            if index.get(image.agency, "ORG") is None:
                index.create(image.agency, "ORG", 1 << 59)
