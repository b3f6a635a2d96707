"""Small helpers over the dependency parse shared by the attribution rules:
who is the subject of a cue, which words name a speaker, and how a token
range becomes a clean content span (no leading "that", no trailing
punctuation)."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Optional

from onrecord.extract.attribution.types import Offsets

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

SUBJECT_DEPS = frozenset({"nsubj"})
# a cue with no subject of its own borrows the subject of the verb it hangs on
BORROW_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep"})
RELATIVE_WORDS = frozenset({"who", "that", "which"})
_LEADING_DROP = frozenset({"that"})  # "whether"/"if" belong to an indirect question
_MENTION_RIGHT = frozenset({"prep", "compound", "flat", "nummod", "amod", "case"})
_VERBAL = frozenset({"VERB", "AUX"})


TEXT_KEY = "onrecord.text"


def remember_text(doc: "Doc", text: str) -> None:
    """Tell ``doc_text`` the string ``doc`` was parsed from (the article body
    or title), so it never has to rebuild it."""
    if len(doc) == 0 or doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        doc.user_data[TEXT_KEY] = text


def doc_text(doc: "Doc") -> str:
    """``doc.text``, built once per doc: spaCy rebuilds the string from the
    tokens on every access, which costs a pass over the whole doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


STARTS_KEY = "onrecord.token_starts"


def token_starts(doc: "Doc") -> list[int]:
    """Character offset of every token, read from the doc's array in one
    call (building Token objects one by one costs far more)."""
    starts = doc.user_data.get(STARTS_KEY)
    if starts is None:
        from spacy.attrs import IDX

        starts = doc.user_data[STARTS_KEY] = doc.to_array([IDX]).reshape(-1).tolist() if len(doc) else []
    return starts


def token_at(doc: "Doc", offset: int) -> int:
    """Index of the token containing (or the last one before) ``offset``."""
    return max(bisect.bisect_right(token_starts(doc), offset) - 1, 0)


def subject_of(verb: "Token", max_hops: int = 4) -> Optional["Token"]:
    """The speaker token of a cue verb: its own ``nsubj`` (or the agent of a
    passive), else the subject of the verb it is coordinated with or hangs
    on as a participle ("..., stating that"), else the noun a relative clause
    describes ("Putin, who said ...")."""
    node = verb
    for _ in range(max_hops):
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS:
                return child  # a relative "who" is kept as written; the resolver follows it
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if node.dep_ == "relcl" and node.head.pos_ in ("PROPN", "NOUN"):
            return node.head
        if node.dep_ not in BORROW_DEPS or node.head.i == node.i:
            return None
        if node.dep_ == "prep" and node.head.pos_ not in _VERBAL:
            return None
        node = node.head
    return None


def mention_range(head: "Token") -> tuple[int, int]:
    """Token range naming a speaker: the left edge of its phrase up to the
    head, extended right over close modifiers ("a spokesman for the
    ministry") but not over commas, appositions or relative clauses."""
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ not in _MENTION_RIGHT or child.i != end:
            break
        end = child.right_edge.i + 1
    # a mention never starts with a comma or a conjunction left over by the parse
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ in ("cc", "punct")):
        start += 1
    return start, end


def char_range(doc: "Doc", start: int, end: int) -> Offsets:
    """Character offsets of tokens ``[start, end)``."""
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def clean_range(doc: "Doc", start: int, end: int) -> Optional[tuple[int, int]]:
    """Trim a content token range: leading complementisers and punctuation,
    trailing punctuation and spaces.  None when nothing is left."""
    while start < end and (doc[start].is_space or doc[start].is_punct and not _is_open_quote(doc[start])
                           or doc[start].lower_ in _LEADING_DROP and doc[start].dep_ == "mark"):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct
                           and doc[end - 1].text not in ("?", "!") and not _is_close_quote(doc[end - 1])):
        end -= 1
    if end <= start:
        return None
    return start, _close_quote(doc, start, end)


def _close_quote(doc: "Doc", start: int, end: int) -> int:
    """Extend ``end`` over the closing mark of a quote the range opened
    ('as a “proxy for criminality.”' keeps its ”), skipping the final
    punctuation the parser hangs elsewhere."""
    text = doc_text(doc)[doc[start].idx:doc[end - 1].idx + len(doc[end - 1].text)]
    unbalanced = text.count("“") > text.count("”") or text.count('"') % 2 == 1
    if not unbalanced:
        return end
    for j in range(end, min(end + 3, len(doc))):
        if _is_close_quote(doc[j]):
            return j + 1
        if not doc[j].is_punct:
            break
    return end


def _is_open_quote(token: "Token") -> bool:
    return token.text in ("“", "\"", "‘", "«", "„", "'")


def _is_close_quote(token: "Token") -> bool:
    return token.text in ("”", "\"", "’", "»", "“", "'")


def words_in(doc: "Doc", start: int, end: int) -> int:
    """Number of word tokens in ``[start, end)``."""
    return sum(1 for t in doc[start:end] if not t.is_punct and not t.is_space)


def cue_range(verb: "Token") -> tuple[int, int]:
    """The cue verb with its auxiliaries and negation directly before it
    ("has expressed", "did not say")."""
    start = verb.i
    doc = verb.doc
    while start > 0 and doc[start - 1].head.i == verb.i and doc[start - 1].dep_ in ("aux", "neg", "auxpass"):
        start -= 1
    return start, verb.i + 1
