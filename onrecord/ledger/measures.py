"""What a claim measures, as a key that lines claims up across articles.

Two numbers disagree only when they are about the same quantity.  The claim
extractor gives each number a subject phrase ("the unemployment rate",
"members of the Democratic National Committee", "it", "Trump"); this module
turns that phrase into the *measured thing* — its head noun with the words
that qualify it, its "of" complement, and the entity it belongs to ("Trump's
share of the vote": ``donald trump share of vote``) — or refuses:

* pronouns, demonstratives and question words ("it", "that", "those",
  "which") name nothing without their antecedent;
* a bare name ("Trump", "Mexico", "Clean Power Plan") or a role ("Democratic
  nominee") is who or what a number is about, not what it measures ("Trump:
  41.7 percent" of what?);
* a single common noun ("money", "voters", "people") is too vague to say two
  articles mean the same quantity;
* a percentage of a population only ("56 percent of registered voters") or
  an unowned share ("51 percent of the support of likely voters") says who
  answered a poll, not what they answered; a count of one ("1,737
  registered voters") is a poll's sample, another poll's another.

A refused claim stays in the ledger (and in search) but is left out of
``numbers``.  Owners are written as the ledger entity's folded name, so
"Trump's" and "Donald Trump's" give the same key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from onrecord.ledger.entities import fold, word_list

_PRONOUNS = frozenset("""
it its that this these those they them their he him his she her i me my we us our you your who whom whose
which what whatever whichever one ones some many most all both each either neither none any another other
others such there here itself themselves himself herself
""".split())
_OWNER_PRONOUNS = frozenset("its his her their our my your whose".split())
_SKIP = frozenset("""
the a an of for in on among to from by with at and or about nearly almost around roughly some more than less fewer over under at least most only just
half quarter third fifth tenth percent per cent percentage points point top total kind sort type
million millions billion billions trillion thousand thousands hundred hundreds dozen dozens dollars dollar
""".split())
_CONNECTORS = frozenset("of for in on among to from by with at and or".split())
_NUMBER = re.compile(r"^\$?\d|^\W+$")
_POSSESSIVE = re.compile(r"^(.*?)['’]s?$")


_MENTION_PRONOUNS = frozenset({"he", "she", "it", "they", "his", "her", "its", "their"})
#: words that date a thing rather than say what it is ("the current federal
#: minimum wage" is the federal minimum wage, at the claim's time)
_TIME_WORDS = frozenset({"current", "currently", "present", "existing", "now", "today"})
_EQUIVALENT = {"federally mandated": "federal", "federally": "federal",
               "national minimum wage": "federal minimum wage"}
#: days across which two figures of a standing thing (``standing_words.txt``) agree in time
STANDING_DAYS = 365


def owner_names(entity) -> list[str]:
    """The folded names an article gives one entity (name, aliases, mentions;
    pronouns left out): the keys of the ``owners`` map ``measure_key`` reads,
    built the same way by the ledger's writer and by the Spark rows."""
    names = (fold(name) for name in [entity.name, *entity.aliases, *(m.text for m in entity.mentions)])
    return [name for name in names if name and name not in _MENTION_PRONOUNS]


def measure_key(subject: Optional[str], owners: Optional[dict[str, str]] = None,
                kind: Optional[str] = None) -> Optional[str]:
    """The folded measured thing of ``subject``, or None when the subject does
    not name one (see the module docstring).  ``owners`` maps a folded name as
    an article wrote it to the ledger entity's folded name; ``kind``: the
    claim's kind (a percentage or a count of a population only is refused,
    see ``_population_only``)."""
    if not subject:
        return None
    text = subject.replace("“", " ").replace("”", " ").replace('"', " ")
    for phrase, same in _EQUIVALENT.items():
        text = re.sub(rf"\b{phrase}\b", same, text)
    tokens = text.split()
    titles = _person_words()
    owners = owners or {}
    words: list[str] = []
    content = common = 0
    owned = False
    run: list[str] = []  # capitalised words that may be an owner ("Donald Trump's")

    def close_run() -> None:
        """A name run the article gives an entity ("Bernie Sanders") reads as
        the ledger entity's name, as an owner does."""
        name = fold(" ".join(run))
        if run and name in owners and owners[name] != name:
            del words[len(words) - len(run):]
            words.append(owners[name])
        run.clear()

    for token in tokens:
        bare = fold(token)
        if not bare or _NUMBER.match(token):
            close_run()
            continue
        possessive = _POSSESSIVE.match(token) if token[-2:] in ("'s", "’s") or token[-1:] in ("'", "’") else None
        if possessive is not None and token[:1].isupper():
            name = fold(" ".join(run + [possessive.group(1)]))
            owner = owners.get(name, name)
            for _ in run:
                words.pop()
                content -= 1
            words.append(owner)
            content += 1
            owned = True
            run.clear()
            continue
        if bare in _OWNER_PRONOUNS:
            return None  # "its share of the vote": whose?
        if bare in _PRONOUNS or bare in _TIME_WORDS:
            close_run()
            continue
        if bare in _SKIP and (not words or bare not in _CONNECTORS):
            close_run()
            continue
        if not token[:1].isupper():
            close_run()
        words.append(bare)
        if bare not in _CONNECTORS:
            content += 1
            if token[:1].islower() and bare not in titles:
                common += 1
        if token[:1].isupper():
            run.append(token)
    close_run()
    while words and words[-1] in _CONNECTORS:
        words.pop()
    if not common:
        return None  # a name, a role or a pronoun: who, not what
    if content < 2:
        return None  # "money", "voters": which?
    if kind in ("percent", "count") and _population_only(words, owned):
        return None
    return " ".join(words)


def _population_only(words: list[str], owned: bool) -> bool:
    """A percentage whose subject is only the people asked ("56 percent of
    registered voters", "27 percent of likely Republican voters") or an
    unowned share ("51 percent of the support of likely Democratic voters":
    whose?) says who answered, not what they answered: two such numbers
    from two polls are about different questions, so they are not compared."""
    population = word_list("population_words.txt")
    content = [w for w in words if w not in _CONNECTORS]
    if all(w in population for w in content):
        return True
    head = next((w for w, nxt in zip(words, words[1:] + [None]) if nxt is None or nxt in _CONNECTORS), None)
    return not owned and head in word_list("share_words.txt")  # "the Latino vote": whose?


@lru_cache(maxsize=1)
def _person_words() -> frozenset[str]:
    """Titles and person nouns: "nominee", "spokesman", "senator" name a person."""
    from onrecord.extract.entities import titles

    table = titles()
    words = {w for head in table.heads for w in head.split()} | set(table.person_nouns)
    return frozenset(words) | word_list("titles.txt")


def window_days(measured: Optional[str], default: int) -> int:
    """How far apart two claims about ``measured`` may be dated and still
    describe one moment: a year for a figure a law sets (the minimum wage
    stands until changed), ``default`` for everything else."""
    if measured and any(measured == phrase or measured.endswith(" " + phrase)
                        for phrase in word_list("standing_words.txt")):
        return STANDING_DAYS
    return default


def refused(subject: Optional[str]) -> bool:
    """True when ``subject`` does not name a measured thing."""
    return measure_key(subject) is None
