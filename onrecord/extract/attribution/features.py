"""Token features for the attribution tagger.

The tagger labels each token of a paragraph as part of a Source, a Cue or a
Content (BIO).  What decides the label is rarely the word itself: it is where
the token sits relative to a verb of saying (inside its clausal complement,
its subject, its object), whether it is inside quote marks, and where in the
sentence and the paragraph it is.  The features below expose exactly that,
from the spaCy parse, so the CRF can learn cue words and frames from the
training data instead of a hand-written list.

A paragraph (text between blank lines) is one sequence: contents run over
sentence boundaries inside a paragraph (multi-sentence quotes, "X. Y," he
said) but PolNeAR attributions almost never cross a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
OPEN_QUOTES = frozenset("“«„‘‹")
CLOSE_QUOTES = frozenset("”»’›")
STRAIGHT_QUOTES = frozenset("\"")
_VERBAL = frozenset({"VERB", "AUX"})


@dataclass
class Paragraph:
    """The non-space tokens of one paragraph, as indices into the doc."""

    index: int
    tokens: list[int]


def paragraphs(doc: "Doc") -> list[Paragraph]:
    """Split the doc's non-space tokens at blank lines."""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(doc.text)]
    out: list[Paragraph] = []
    current: list[int] = []
    b = 0
    for token in doc:
        while b < len(breaks) and breaks[b] < token.idx:
            if current:
                out.append(Paragraph(len(out), current))
                current = []
            b += 1
        if token.is_space:
            continue
        current.append(token.i)
    if current:
        out.append(Paragraph(len(out), current))
    return out


def _shape(text: str) -> str:
    shape = re.sub(r"[A-Z]+", "A", text)
    shape = re.sub(r"[a-z]+", "a", shape)
    return re.sub(r"[0-9]+", "0", shape)[:6]


def _quote_kind(text: str) -> str:
    if text in STRAIGHT_QUOTES or text == "''" or text == "``":
        return "straight"
    if len(text) == 1 and text in OPEN_QUOTES:
        return "open"
    if len(text) == 1 and text in CLOSE_QUOTES:
        return "close"
    return ""


def quote_states(doc: "Doc", paragraph: Paragraph) -> list[int]:
    """1 for quote marks and tokens inside them, else 0.  The state restarts
    at each paragraph, so an unbalanced mark never swallows the article."""
    inside = False
    out = []
    for i in paragraph.tokens:
        text = doc[i].text
        kind = _quote_kind(text)
        if kind == "straight":
            inside = not inside
        elif kind == "open" and (text != "‘" or _opens_single(doc, i)):
            inside = True
        elif kind == "close" and (text != "’" or inside):
            out.append(1)
            inside = False
            continue
        elif not kind:
            out.append(int(inside))
            continue
        out.append(1)
    return out


def _opens_single(doc: "Doc", i: int) -> bool:
    """A ‘ opens a quote only when a word follows it (not an elided year)."""
    return i + 1 < len(doc) and doc[i + 1].is_alpha


def _verb_ancestors(token: "Token", limit: int = 2) -> list[str]:
    """Features naming the first verbal ancestors and how this token hangs
    under them ("ccomp|say": inside the complement clause of *say*)."""
    out = []
    child = token
    node = token.head
    steps = 0
    while node.i != child.i and steps < 12 and len(out) < limit:
        if node.pos_ in _VERBAL:
            n = len(out) + 1
            out.append(f"v{n}={node.lemma_.lower()}")
            out.append(f"v{n}r={child.dep_}|{node.lemma_.lower()}")
        child, node = node, node.head
        steps += 1
    return out


def _dep_path(token: "Token", limit: int = 3) -> str:
    deps = []
    node = token
    while len(deps) < limit:
        deps.append(node.dep_)
        if node.head.i == node.i:
            break
        node = node.head
    return ">".join(deps)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def token_base(doc: "Doc", i: int) -> list[str]:
    """Features of token ``i`` alone (its neighbours' are added by the window)."""
    t = doc[i]
    lower = t.lower_
    lemma = t.lemma_.lower() if t.lemma_ else lower
    feats = [
        "w=" + lower,
        "lem=" + lemma,
        "shape=" + _shape(t.text),
        "suf3=" + lower[-3:],
        "pos=" + t.pos_,
        "tag=" + t.tag_,
        "dep=" + t.dep_,
        "hlem=" + t.head.lemma_.lower(),
        "hdep=" + t.dep_ + "|" + t.head.lemma_.lower(),
        "hpos=" + t.head.pos_,
        "path=" + _dep_path(t),
        "ent=" + (t.ent_iob_ + "-" + t.ent_type_ if t.ent_type_ else "O"),
    ]
    if t.is_title:
        feats.append("title")
    if t.is_punct:
        feats.append("punct")
    quote = _quote_kind(t.text)
    if quote:
        feats.append("quote=" + quote)
    feats.extend(_verb_ancestors(t))
    for child in t.children:
        if child.dep_ in ("ccomp", "nsubj", "dobj", "prep", "agent"):
            feats.append(f"child={child.dep_}")
    return feats


_WINDOW_KEYS = ("w=", "lem=", "pos=", "dep=", "quote=")


def paragraph_features(doc: "Doc", paragraph: Paragraph, n_paragraphs: int) -> list[list[str]]:
    """One feature list per token of ``paragraph`` (the CRF's ``xseq``)."""
    tokens = paragraph.tokens
    base = [token_base(doc, i) for i in tokens]
    short = [[f for f in fs if f.startswith(_WINDOW_KEYS)] for fs in base]
    quotes = quote_states(doc, paragraph)
    has_quote = any(quotes)
    sent_starts = {}
    sent_index = -1
    last_sent = None
    out: list[list[str]] = []
    p_pos = "0" if paragraph.index == 0 else ("last" if paragraph.index == n_paragraphs - 1 else
                                              _bucket(paragraph.index, (1, 2, 4)))
    for k, i in enumerate(tokens):
        t = doc[i]
        sent = t.sent
        if sent.start != last_sent:
            last_sent = sent.start
            sent_index += 1
            sent_starts[sent.start] = sent_index
        length = max(1, sent.end - sent.start)
        rel = (i - sent.start) / length
        feats = ["bias", *base[k],
                 "para=" + p_pos,
                 "sidx=" + _bucket(sent_index, (0, 1, 2)),
                 "spos=" + ("a" if rel < 0.2 else "b" if rel < 0.5 else "c" if rel < 0.8 else "d"),
                 "inq=" + str(quotes[k]),
                 "pq=" + str(int(has_quote)),
                 "root=" + sent.root.lemma_.lower()]
        if i == sent.start:
            feats.append("sstart")
        if i == sent.end - 1:
            feats.append("send")
        if k == 0:
            feats.append("pstart")
        if k == len(tokens) - 1:
            feats.append("pend")
        for offset in (-2, -1, 1, 2):
            j = k + offset
            if 0 <= j < len(tokens):
                feats.extend(f"{offset}{f}" for f in short[j])
                feats.append(f"{offset}inq={quotes[j]}")
            else:
                feats.append(f"{offset}edge")
        if k > 0:
            feats.append("bi=" + base[k - 1][0][2:] + "|" + base[k][0][2:])
        out.append(feats)
    return out


def doc_features(doc: "Doc") -> tuple[list[Paragraph], list[list[list[str]]]]:
    """Paragraphs of ``doc`` and the feature sequence of each."""
    paras = paragraphs(doc)
    return paras, [paragraph_features(doc, p, len(paras)) for p in paras]
