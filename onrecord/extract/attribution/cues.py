"""The cue lexicon: which words report speech or thought, and in which frames.

The words live in ``onrecord/data/cues.json`` so that adding a cue is a data
change with a test, not a code change.  This module loads that file once,
checks it (unknown frames or missing keys fail loudly at import of the
lexicon, not silently at extraction time) and offers the lookups the rules
need.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from onrecord.errors import OnrecordError

VERB_FRAMES = frozenset({"clause", "quote", "np", "prep", "infinitive", "naming"})
NOUN_FRAMES = frozenset({"subject", "clause"})
SUBJECT_CONSTRAINTS = frozenset({"speech_noun"})
DATA_FILE = "cues.json"


class LexiconError(OnrecordError):
    """The cue lexicon file is malformed."""


@dataclass(frozen=True)
class VerbCue:
    """A cue verb: its frames, prepositions for the ``prep`` frame, and an
    optional constraint on its subject."""

    lemma: str
    frames: frozenset[str]
    preps: frozenset[str] = frozenset()
    subject: Optional[str] = None
    particle: Optional[str] = None


@dataclass(frozen=True)
class LightVerb:
    """A verb that reports speech only with a speech noun object and a
    preposition ("provided details on X")."""

    lemma: str
    objects: frozenset[str]
    preps: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """The validated contents of ``cues.json``."""

    version: str
    verbs: dict[str, VerbCue]
    light_verbs: dict[str, LightVerb]
    nouns: dict[str, frozenset[str]]
    prepositional: tuple[tuple[str, ...], ...]
    venue_nouns: frozenset[str] = field(default_factory=frozenset)
    venue_verbs: frozenset[str] = field(default_factory=frozenset)

    def verb(self, lemma: str) -> Optional[VerbCue]:
        return self.verbs.get(lemma.lower())

    def has_frame(self, lemma: str, frame: str) -> bool:
        cue = self.verbs.get(lemma.lower())
        return cue is not None and frame in cue.frames

    def is_speech_noun(self, lemma: str) -> bool:
        """Nouns that can stand in for their speaker ("Putin's remarks")."""
        return "subject" in self.nouns.get(lemma.lower(), frozenset())

    def is_clause_noun(self, lemma: str) -> bool:
        return "clause" in self.nouns.get(lemma.lower(), frozenset())


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"cues.json: {where} must be a list of non-empty strings")
    return [v.lower() for v in value]


def _verb(lemma: str, spec: Any) -> VerbCue:
    if not isinstance(spec, dict) or "frames" not in spec:
        raise LexiconError(f"cues.json: verb {lemma!r} needs a 'frames' list")
    frames = frozenset(_strings(spec["frames"], f"verbs.{lemma}.frames"))
    unknown = frames - VERB_FRAMES
    if unknown or not frames:
        raise LexiconError(f"cues.json: verb {lemma!r} has unknown frames {sorted(unknown)}; "
                           f"use {sorted(VERB_FRAMES)}")
    preps = frozenset(_strings(spec.get("preps", []), f"verbs.{lemma}.preps"))
    if "prep" in frames and not preps:
        raise LexiconError(f"cues.json: verb {lemma!r} has the 'prep' frame but no 'preps'")
    subject = spec.get("subject")
    if subject is not None and subject not in SUBJECT_CONSTRAINTS:
        raise LexiconError(f"cues.json: verb {lemma!r} has unknown subject constraint {subject!r}")
    particle = spec.get("particle")
    if particle is not None and (not isinstance(particle, str) or not particle.strip()):
        raise LexiconError(f"cues.json: verb {lemma!r} has an empty 'particle'")
    return VerbCue(lemma, frames, preps, subject, particle.lower() if particle else None)


def parse_lexicon(data: Any) -> Lexicon:
    """Validate the decoded JSON of a cue lexicon and build a ``Lexicon``."""
    if not isinstance(data, dict):
        raise LexiconError("cues.json: the top level must be an object")
    for key in ("version", "verbs", "nouns"):
        if key not in data:
            raise LexiconError(f"cues.json: missing key {key!r}")
    verbs = {lemma.lower(): _verb(lemma.lower(), spec) for lemma, spec in data["verbs"].items()}
    light = {}
    for lemma, spec in data.get("light_verbs", {}).items():
        if not isinstance(spec, dict):
            raise LexiconError(f"cues.json: light verb {lemma!r} must be an object")
        light[lemma.lower()] = LightVerb(
            lemma.lower(),
            frozenset(_strings(spec.get("objects"), f"light_verbs.{lemma}.objects")),
            frozenset(_strings(spec.get("preps"), f"light_verbs.{lemma}.preps")))
    nouns = {}
    for lemma, spec in data["nouns"].items():
        frames = frozenset(_strings((spec or {}).get("frames"), f"nouns.{lemma}.frames"))
        if not frames or frames - NOUN_FRAMES:
            raise LexiconError(f"cues.json: noun {lemma!r} has unknown frames "
                               f"{sorted(frames - NOUN_FRAMES)}; use {sorted(NOUN_FRAMES)}")
        nouns[lemma.lower()] = frames
    prepositional = tuple(tuple(_strings(p, "prepositional[]")) for p in data.get("prepositional", []))
    return Lexicon(
        version=str(data["version"]),
        verbs=verbs,
        light_verbs=light,
        nouns=nouns,
        prepositional=prepositional,
        venue_nouns=frozenset(_strings(data.get("venue_nouns", []), "venue_nouns")),
        venue_verbs=frozenset(_strings(data.get("venue_verbs", []), "venue_verbs")),
    )


def packaged_json(name: str) -> Any:
    """A JSON word list shipped in ``onrecord/data``; a broken file is a
    ``LexiconError`` naming it, not a bare decoding traceback."""
    text = (resources.files("onrecord") / "data" / name).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{name} is not valid JSON: {exc}") from exc


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon, loaded and validated once per process."""
    return parse_lexicon(packaged_json(DATA_FILE))
