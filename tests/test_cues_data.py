"""The cue lexicon is data: it loads, it is valid, and bad data is refused."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from onrecord.extract.attribution.cues import (NOUN_FRAMES, VERB_FRAMES, LexiconError, lexicon,
                                               parse_lexicon)


def raw() -> dict:
    return json.loads((resources.files("onrecord") / "data" / "cues.json").read_text(encoding="utf-8"))


def test_packaged_lexicon_loads_and_is_versioned():
    lex = lexicon()
    assert lex.version == raw()["version"]
    assert lex.has_frame("say", "quote") and lex.has_frame("state", "clause")
    assert lex.has_frame("highlight", "np") and lex.has_frame("question", "np")
    assert lex.verb("include").subject == "speech_noun"
    assert lex.verb("point").particle == "out" and lex.has_frame("call", "naming")
    assert "detail" in lex.light_verbs["provide"].objects and "on" in lex.light_verbs["provide"].preps
    assert lex.is_speech_noun("remark") and lex.is_clause_noun("claim")
    assert ("according", "to") in lex.prepositional
    assert "meeting" in lex.venue_nouns


def test_every_entry_is_lower_case_with_known_frames():
    data = raw()
    for lemma, spec in data["verbs"].items():
        assert lemma == lemma.lower().strip()
        assert set(spec["frames"]) <= VERB_FRAMES
    for lemma, spec in data["nouns"].items():
        assert lemma == lemma.lower().strip()
        assert set(spec["frames"]) <= NOUN_FRAMES


def test_keys_are_lemmas_the_parser_produces():
    """A cue keyed by an inflected form would never match a token's lemma."""
    from onrecord.nlp import load_pipeline

    nlp = load_pipeline()
    verbs = list(raw()["verbs"])
    doc = nlp(" ".join(f"They {v}." for v in verbs))
    lemmas = {t.lemma_.lower() for t in doc}
    missing = [v for v in verbs if v not in lemmas]
    assert len(missing) <= len(verbs) // 10, missing


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.pop("verbs"), "missing key"),
    (lambda d: d["verbs"].__setitem__("say", {"frames": ["shout"]}), "unknown frames"),
    (lambda d: d["verbs"].__setitem__("speak", {"frames": ["prep"]}), "no 'preps'"),
    (lambda d: d["verbs"].__setitem__("say", {"frames": ["clause"], "subject": "robot"}), "subject"),
    (lambda d: d["nouns"].__setitem__("remark", {"frames": ["object"]}), "unknown frames"),
    (lambda d: d["verbs"].__setitem__("point", {"frames": ["clause"], "particle": " "}), "particle"),
    (lambda d: d["light_verbs"]["provide"].__setitem__("objects", "detail"), "list of non-empty strings"),
])
def test_malformed_lexicon_is_refused(mutate, message):
    data = copy.deepcopy(raw())
    mutate(data)
    with pytest.raises(LexiconError, match=message):
        parse_lexicon(data)
