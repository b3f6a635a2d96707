"""One speaker across many articles: resolving each article's entities to
ledger entities, and the hand tools (merge, split, rename) to fix mistakes.

Evidence used, strongest first:

* the same folded full name ("Vladimir Putin" = "vladimir putin"), or an
  alias the article itself tied to the entity (its in-article coreference);
* a bare surname ("Putin") joins a known full name with that surname only
  when exactly one person in the ledger has it, and, for common surnames
  (``data/common_surnames.txt``) or several candidates, only when a role or
  title agrees ("President", "Senator") — otherwise it stays a separate
  surname-only entity that a later full name or a hand merge can absorb;
* organisations and places match on folded name or alias, same type.

Entities merged away are kept with ``merged_into`` set, so the history is
readable and ids printed earlier still resolve.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

from onrecord.errors import LedgerError

SPEAKER_TYPES = {"person": "PERSON", "organization": "ORG", "organisation": "ORG", "group": "GROUP"}
_NAME_TYPES = ("PERSON",)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr"})
#: a bare surname several ledger people share goes to one of them only when it
#: is mentioned at least this many times as often as all the others together
DOMINANT_SURNAME_RATIO = 4


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A data file of ``onrecord/ledger/data`` as a set of lines (``#`` comments skipped)."""
    text = (resources.files("onrecord.ledger") / "data" / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, possessive dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s-]", "", text).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def split_title(name: str) -> tuple[str, list[str]]:
    """(folded name without leading titles, the titles found) — "President
    Vladimir Putin" gives ("vladimir putin", ["president"])."""
    words = fold(name).split()
    titles = word_list("titles.txt")
    found = []
    while len(words) > 1 and words[0] in titles:
        found.append(words.pop(0))
    return " ".join(words), found


def role_words(roles: Iterable[str]) -> set[str]:
    """Title words in a list of roles ("Russian President" → {"president"})."""
    titles = word_list("titles.txt") - {"former", "vice", "chief", "foreign"}
    return {w for role in roles for w in fold(role).split() if w in titles}


# Lower-case words that belong inside a name ("Ursula von der Leyen").
PARTICLES = frozenset("von van der den de da di del della des la le bin ibn al el dos du ter ten".split())
_DETERMINERS = frozenset("the a an this that these those his her their its our".split())


def proper_name(text: str, type_: str = "PERSON") -> tuple[Optional[str], list[str]]:
    """The name inside a mention, and the words cut off before it.

    "Republican presidential candidate Donald Trump" gives ("Donald Trump",
    [...]); "Mexican President Felipe Calderon" gives ("Felipe Calderon",
    ["Mexican", "President"]); "the candidate" or "he" give (None, ...):
    descriptions are evidence about a name, never a name — otherwise every
    "the judge" in the ledger would become one person.  For organisations and
    places only leading lower-case words are cut ("the Kremlin"), since their
    names often start with a title word ("Justice Department").
    """
    tokens = text.replace("’", "'").split()
    titles = word_list("titles.txt") if type_ in _NAME_TYPES else frozenset()
    cut = 0
    for index, token in enumerate(tokens):
        bare = fold(token)
        if not bare:
            continue
        lower = not any(c.isupper() for c in token)
        if bare in titles or (lower and bare not in PARTICLES) or (lower and index == 0 and bare in _DETERMINERS):
            cut = index + 1
    rest = [t for t in tokens[cut:]]
    while rest and fold(rest[-1]) in ("s", ""):
        rest.pop()
    name = " ".join(rest).strip(" ,.;:'\"()")
    name = re.sub(r"['’]s$", "", name)
    if not name or not any(c.isupper() for c in name):
        return None, tokens
    return name, tokens[:cut]


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _without_suffix(form: str) -> str:
    """"joseph r biden jr" -> "joseph r biden": a generational suffix is not the surname."""
    words = form.split()
    while len(words) > 2 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return " ".join(words)


@dataclass
class Candidate:
    """What an article knows about one entity, ready to resolve."""

    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    #: a speaker of one of the article's statements (places and firms rarely speak by surname)
    speaks: bool = False
    #: folded surnames the article gives two or more full names for ("trump": Donald and
    #: Eric): there a bare surname is the article's own ambiguity, never settled ledger-wide
    shared_surnames: frozenset = frozenset()

    def forms(self) -> tuple[Optional[str], set[str], set[str]]:
        """(full folded name or None, folded forms, title words seen).

        A person's aliases count only when they end with the same surname as
        the name ("Putin", "Vladimir Putin"): an in-article coreference that
        tied "Joe Biden" to Obama must not make them one person ledger-wide.
        """
        name, lead = proper_name(self.name, self.type)
        if name is None:
            return None, set(), set()
        titles = word_list("titles.txt") - {"former"}
        norm = _without_suffix(fold(name)) if self.type in _NAME_TYPES else fold(name)
        forms, roles = {norm}, {fold(w) for w in lead} & titles | role_words(self.roles)
        last = norm.split()[-1]
        for alias in self.aliases:
            alias_name, alias_lead = proper_name(alias, self.type)
            if alias_name is None:
                continue
            alias_norm = fold(alias_name)
            if self.type in _NAME_TYPES and alias_norm.split()[-1] != last:
                continue
            forms.add(alias_norm)
            roles |= {fold(w) for w in alias_lead} & titles
        if self.type in _NAME_TYPES:
            forms = {_without_suffix(f) for f in forms}
            # "donald j trump" is also "donald trump", "hillary rodham clinton" "hillary clinton"
            forms |= {" ".join([f.split()[0], *[w for w in f.split()[1:-1] if len(w) > 1], f.split()[-1]])
                      for f in forms if len(f.split()) > 2}
            forms |= {f"{f.split()[0]} {f.split()[-1]}" for f in forms if len(f.split()) == 3}
        multi = {f for f in forms if len(f.split()) > 1}
        # the name the article settled on, else its longest full-name alias
        full = norm if len(norm.split()) > 1 else (max(multi, key=len) if multi else None)
        return full, forms, roles


class EntityResolver:
    """Maps article entities to ledger entity ids (inside the caller's transaction)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def resolve(self, candidate: Candidate) -> Optional[int]:
        """The ledger id for ``candidate``, creating or extending an entity."""
        full, forms, roles = candidate.forms()
        if not forms:
            return None
        person = self._person_named_as_group(candidate) or self._speaking_surname(candidate, forms)
        if person is not None:
            entity_id = person
        elif candidate.type in _NAME_TYPES:
            entity_id = self._resolve_person(candidate, full, forms, roles)
        else:
            entity_id = self._exact(forms, candidate.type) or self._create(candidate, full or min(forms, key=len))
        self._remember(entity_id, candidate, forms, roles)
        return entity_id

    def _person_named_as_group(self, candidate: Candidate) -> Optional[int]:
        """A "group" speaker the article could not place (or a speaking
        organisation or place) that is written as a known person's full name ("Hillary Clinton", "Mr. Obama" excepted:
        a bare surname stays evidence) is that person."""
        if candidate.type != "GROUP" and not (candidate.speaks and candidate.type in ("ORG", "GPE")):
            return None  # a speaking "Carly Fiorina" the small NER model typed ORG is the person
        name, lead = proper_name(candidate.name, "PERSON")
        if name is None or not all(w[:1].isupper() for w in name.split()):
            return None
        if len(fold(name).split()) < 2:
            # "Mr. Obama" as a group: the honorific says a person, the surname which one
            if candidate.type == "GROUP" and {fold(w) for w in lead} & _HONORIFICS:
                return self._by_surname(fold(name), set(), dominant=fold(name) not in candidate.shared_surnames)
            return None
        return self._exact({fold(name)}, "PERSON")

    def _speaking_surname(self, candidate: Candidate, forms: set[str]) -> Optional[int]:
        """A one-word speaker the small NER model typed as an organisation,
        place or group ("Kasich said", tagged GPE, where the article never
        gives the full name) is the one full-name person of the ledger with
        that surname — unless the ledger already knows a place or
        organisation of that name ("Washington")."""
        if not candidate.speaks or candidate.type == "PERSON" or len(forms) != 1:
            return None
        surname = next(iter(forms))
        if len(surname.split()) != 1 or not candidate.name[:1].isupper():
            return None
        known = self.conn.execute("SELECT 1 FROM entities WHERE norm = ? AND type IN ('GPE', 'LOC', 'ORG') "
                                  "AND merged_into IS NULL LIMIT 1", (surname,)).fetchone()
        if known:
            return None
        return self._by_surname(surname, set(), dominant=surname not in candidate.shared_surnames)

    # -- persons ---------------------------------------------------------------------------
    def _resolve_person(self, candidate: Candidate, full: Optional[str], forms: set[str],
                        roles: set[str]) -> int:
        if full:
            found = self._exact({full} | {f for f in forms if len(f.split()) > 1}, "PERSON")
            if found:
                return found
            entity_id = self._create(candidate, full)
            self._adopt_surname_entities(entity_id, full.split()[-1])
            return entity_id
        surname = min(forms, key=len)
        chosen = self._by_surname(surname, roles, dominant=surname not in candidate.shared_surnames)
        if chosen:
            return chosen
        return self._exact({surname}, "PERSON") or self._create(candidate, surname)

    def _by_surname(self, surname: str, roles: set[str], dominant: bool = False) -> Optional[int]:
        """The one full-name person a bare surname can be tied to, or None.
        ``dominant``: with several, the one named overwhelmingly most often
        may be chosen (not where the article itself names two of them)."""
        rows = self.conn.execute(
            "SELECT DISTINCT e.id, e.roles, e.mention_count FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.alias = ? AND a.kind = 'surname' AND e.type = 'PERSON' AND e.merged_into IS NULL "
            "AND e.norm <> ?", (surname, surname)).fetchall()
        if not rows:
            return None
        agreeing = [row["id"] for row in rows if roles & role_words(json.loads(row["roles"]))]
        if len(agreeing) == 1:
            return agreeing[0]
        if surname in word_list("common_surnames.txt"):
            return None
        if len(rows) == 1:
            return rows[0]["id"]
        # "Obama" where the ledger knows Barack Obama (137 mentions) and Michelle Obama (23): the
        # surname alone is the person the ledger's articles name overwhelmingly more often
        ranked = sorted(rows, key=lambda row: -row["mention_count"])
        others = sum(row["mention_count"] for row in ranked[1:])
        if dominant and ranked[0]["mention_count"] >= DOMINANT_SURNAME_RATIO * max(others, 1):
            return ranked[0]["id"]
        return None

    def _adopt_surname_entities(self, entity_id: int, surname: str) -> None:
        """A new full name absorbs an earlier bare-surname entity when it is the
        only full-name person with that surname (same rule as ``_by_surname``)."""
        if surname in word_list("common_surnames.txt"):
            return
        others = self.conn.execute(
            "SELECT count(*) FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ? "
            "AND a.kind = 'surname' AND e.type = 'PERSON' AND e.merged_into IS NULL AND e.id <> ?",
            (surname, entity_id)).fetchone()[0]
        if others:
            return
        for row in self.conn.execute(
                "SELECT id FROM entities WHERE norm = ? AND type = 'PERSON' AND merged_into IS NULL "
                "AND locked = 0 AND id <> ?", (surname, entity_id)).fetchall():
            merge_entities(self.conn, row["id"], entity_id, action="auto-merge")

    # -- shared ----------------------------------------------------------------------------
    def _exact(self, forms: set[str], type_: str) -> Optional[int]:
        for form in sorted(forms, key=len, reverse=True):
            row = self.conn.execute(
                "SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ? "
                "AND a.kind IN ('name', 'alias', 'manual') AND e.type = ? AND e.merged_into IS NULL "
                "ORDER BY e.mention_count DESC LIMIT 1", (form, type_)).fetchone()
            if row:
                return row["id"]
        return None

    def _create(self, candidate: Candidate, norm: str) -> int:
        shown = [n for n in (proper_name(t, candidate.type)[0] for t in [candidate.name, *candidate.aliases])
                 if n and _without_suffix(fold(n)) == norm]
        cursor = self.conn.execute(
            "INSERT INTO entities(name, norm, type, roles, created_at) VALUES (?, ?, ?, '[]', ?)",
            (shown[0] if shown else norm.title(), norm, candidate.type, now()))
        return int(cursor.lastrowid)

    def _remember(self, entity_id: int, candidate: Candidate, forms: set[str], roles: set[str]) -> None:
        row = self.conn.execute("SELECT norm, roles, locked FROM entities WHERE id = ?", (entity_id,)).fetchone()
        aliases = []
        for form in forms:
            if candidate.type in _NAME_TYPES and len(form.split()) == 1:
                if form != row["norm"]:
                    continue  # a bare surname is evidence, not an alias
                aliases.append((form, entity_id, "name"))
            else:
                aliases.append((form, entity_id, "name" if form == row["norm"] else "alias"))
            if candidate.type in _NAME_TYPES and len(form.split()) > 1:
                aliases.append((form.split()[-1], entity_id, "surname"))
        self.conn.executemany("INSERT OR IGNORE INTO aliases(alias, entity_id, kind) VALUES (?, ?, ?)", aliases)
        known = json.loads(row["roles"])
        seen = {k.lower() for k in known}
        new = []
        for role in list(candidate.roles) + sorted(roles):
            if role and role.lower() not in seen:
                seen.add(role.lower())
                new.append(role)
        if new:
            self.conn.execute("UPDATE entities SET roles = ? WHERE id = ?",
                              (json.dumps((known + new)[:20], ensure_ascii=False), entity_id))


def live_id(conn: sqlite3.Connection, entity_id: int) -> int:
    """Follow ``merged_into`` to the entity that stands for ``entity_id`` now."""
    seen = set()
    while entity_id not in seen:
        seen.add(entity_id)
        row = conn.execute("SELECT merged_into FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise LedgerError(f"no entity with id {entity_id}")
        if row[0] is None:
            return entity_id
        entity_id = row[0]
    raise LedgerError(f"entity {entity_id}: merge cycle")


def merge_entities(conn: sqlite3.Connection, source: int, target: int, *, action: str = "merge") -> int:
    """Move everything of ``source`` onto ``target`` (inside the caller's transaction)."""
    source, target = live_id(conn, source), live_id(conn, target)
    if source == target:
        return target
    conn.execute("UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", (target, source))
    conn.execute("UPDATE claims SET source_id = ? WHERE source_id = ?", (target, source))
    conn.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (target, source))
    conn.execute("INSERT OR IGNORE INTO aliases(alias, entity_id, kind) "
                 "SELECT alias, ?, CASE kind WHEN 'name' THEN 'alias' ELSE kind END FROM aliases WHERE entity_id = ?",
                 (target, source))
    conn.execute("DELETE FROM aliases WHERE entity_id = ?", (source,))
    roles = json.loads(conn.execute("SELECT roles FROM entities WHERE id = ?", (target,)).fetchone()[0])
    for role in json.loads(conn.execute("SELECT roles FROM entities WHERE id = ?", (source,)).fetchone()[0]):
        if role.lower() not in {r.lower() for r in roles}:
            roles.append(role)
    conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (target, source))
    conn.execute("UPDATE entities SET roles = ?, locked = CASE WHEN ? = 'auto-merge' THEN locked ELSE 1 END "
                 "WHERE id = ?", (json.dumps(roles[:20], ensure_ascii=False), action, target))
    refresh_counts(conn, [target, source])
    conn.execute("INSERT INTO merges(action, entity_id, other_id, detail, at) VALUES (?, ?, ?, ?, ?)",
                 (action, target, source, None, now()))
    return target


def split_entity(conn: sqlite3.Connection, entity_id: int, alias: str) -> int:
    """Move the mentions and statements written as ``alias`` off ``entity_id``
    onto a new entity; return the new id."""
    entity_id = live_id(conn, entity_id)
    norm = split_title(alias)[0]
    row = conn.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()
    moved_mentions = [r[0] for r in conn.execute("SELECT rowid, text FROM mentions WHERE entity_id = ?", (entity_id,))
                      .fetchall() if split_title(r[1])[0] == norm]
    moved_statements = [r[0] for r in conn.execute(
        "SELECT id, speaker_name, speaker_mention FROM statements WHERE speaker_id = ?", (entity_id,)).fetchall()
        if norm in {split_title(r[1] or "")[0], split_title(r[2] or "")[0]}]
    if not moved_mentions and not moved_statements:
        raise LedgerError(f"entity {entity_id} has no mention or statement written as {alias!r}")
    cursor = conn.execute("INSERT INTO entities(name, norm, type, roles, locked, created_at) VALUES (?, ?, ?, '[]', 1, ?)",
                          (alias, norm, row["type"], now()))
    new_id = int(cursor.lastrowid)
    conn.executemany("UPDATE mentions SET entity_id = ? WHERE rowid = ?", [(new_id, m) for m in moved_mentions])
    conn.executemany("UPDATE statements SET speaker_id = ? WHERE id = ?", [(new_id, s) for s in moved_statements])
    conn.execute("DELETE FROM aliases WHERE entity_id = ? AND alias = ?", (entity_id, norm))
    conn.execute("INSERT OR IGNORE INTO aliases(alias, entity_id, kind) VALUES (?, ?, 'manual')", (norm, new_id))
    conn.execute("UPDATE entities SET locked = 1 WHERE id = ?", (entity_id,))
    refresh_counts(conn, [entity_id, new_id])
    conn.execute("INSERT INTO merges(action, entity_id, other_id, detail, at) VALUES ('split', ?, ?, ?, ?)",
                 (entity_id, new_id, alias, now()))
    return new_id


def rename_entity(conn: sqlite3.Connection, entity_id: int, name: str) -> None:
    """Give ``entity_id`` a new display name, kept as a manual alias."""
    entity_id = live_id(conn, entity_id)
    conn.execute("UPDATE entities SET name = ?, locked = 1 WHERE id = ?", (name, entity_id))
    conn.execute("INSERT OR IGNORE INTO aliases(alias, entity_id, kind) VALUES (?, ?, 'manual')",
                 (split_title(name)[0], entity_id))
    conn.execute("INSERT INTO merges(action, entity_id, other_id, detail, at) VALUES ('rename', ?, NULL, ?, ?)",
                 (entity_id, name, now()))


def refresh_counts(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Recompute the cached mention and statement counts of ``ids``."""
    for entity_id in set(ids):
        conn.execute(
            "UPDATE entities SET mention_count = (SELECT count(*) FROM mentions WHERE entity_id = ?), "
            "statement_count = (SELECT count(*) FROM statements WHERE speaker_id = ?) WHERE id = ?",
            (entity_id, entity_id, entity_id))


def find_entities(conn: sqlite3.Connection, name: str) -> list[int]:
    """Live entity ids a user's ``name`` can mean: every entity with that
    folded name, alias or surname ("Clinton" means both Clintons), else a
    substring match; a number is taken as an entity id."""
    norm = split_title(name)[0]
    if not norm:
        return []
    if norm.isdigit():
        return [live_id(conn, int(norm))]
    rows = conn.execute("SELECT DISTINCT entity_id FROM aliases WHERE alias = ?", (norm,)).fetchall()
    if not rows:
        rows = conn.execute("SELECT id FROM entities WHERE norm LIKE ? AND merged_into IS NULL LIMIT 20",
                            (f"%{norm}%",)).fetchall()
    return sorted({live_id(conn, r[0]) for r in rows})
