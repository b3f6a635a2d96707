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

import gzip
import os
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Optional

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


@dataclass
class _DocView:
    """The token attributes the features read, pulled out of the ``Doc``
    once: building features then touches plain lists, not spaCy objects."""

    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    ent: list[str]
    shape: list[str]
    title: list[bool]
    punct: list[bool]
    sent: list[int]
    sent_bounds: list[tuple[int, int]]
    sent_root: list[str]
    sent_cue_verbs: list[list[str]]


def _view(doc: "Doc") -> _DocView:
    lower, lemma, pos, tag, dep, head, ent, shape, title, punct = ([] for _ in range(10))
    shapes: dict[str, str] = {}
    for t in doc:
        low = t.lower_
        lower.append(low)
        lemma.append(t.lemma_.lower() or low)
        pos.append(t.pos_)
        tag.append(t.tag_)
        dep.append(t.dep_)
        head.append(t.head.i)
        ent.append(t.ent_iob_ + "-" + t.ent_type_ if t.ent_type_ else "O")
        text = t.text
        sh = shapes.get(text)
        if sh is None:
            sh = shapes[text] = _shape(text)
        shape.append(sh)
        title.append(t.is_title)
        punct.append(t.is_punct)
    sent = [0] * len(doc)
    bounds, roots, cue_verbs = [], [], []
    for n, span in enumerate(doc.sents):
        for i in range(span.start, span.end):
            sent[i] = n
        bounds.append((span.start, span.end))
        roots.append(lemma[span.root.i])
        verbs = []
        for i in range(span.start, span.end):
            if dep[i] == "ccomp" and pos[head[i]] in _VERBAL and lemma[head[i]] not in verbs:
                verbs.append(lemma[head[i]])
        cue_verbs.append(verbs[:2])
    return _DocView(lower, lemma, pos, tag, dep, head, ent, shape, title, punct, sent, bounds,
                    roots, cue_verbs)


def _verb_ancestors(v: _DocView, i: int, limit: int = 2) -> list[str]:
    """Features naming the first verbal ancestors and how this token hangs
    under them ("v1r=ccomp|say": inside the complement clause of *say*)."""
    out = []
    child, node = i, v.head[i]
    steps = 0
    while node != child and steps < 12 and len(out) < 2 * limit:
        if v.pos[node] in _VERBAL:
            n = len(out) // 2 + 1
            out.append(f"v{n}={v.lemma[node]}")
            out.append(f"v{n}r={v.dep[child]}|{v.lemma[node]}")
        child, node = node, v.head[node]
        steps += 1
    return out


def _dep_path(v: _DocView, i: int, limit: int = 3) -> str:
    deps = []
    node = i
    while len(deps) < limit:
        deps.append(v.dep[node])
        if v.head[node] == node:
            break
        node = v.head[node]
    return ">".join(deps)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"{edges[-1]}+"


_CHILD_DEPS = frozenset({"ccomp", "nsubj", "dobj", "prep", "agent"})


def token_base(doc: "Doc", v: _DocView, i: int) -> list[str]:
    """Features of token ``i`` alone (its neighbours' are added by the window)."""
    low, h = v.lower[i], v.head[i]
    feats = [
        "w=" + low,
        "lem=" + v.lemma[i],
        "shape=" + v.shape[i],
        "suf3=" + low[-3:],
        "pos=" + v.pos[i],
        "tag=" + v.tag[i],
        "dep=" + v.dep[i],
        "hlem=" + v.lemma[h],
        "hdep=" + v.dep[i] + "|" + v.lemma[h],
        "hpos=" + v.pos[h],
        "path=" + _dep_path(v, i),
        "ent=" + v.ent[i],
    ]
    if v.title[i]:
        feats.append("title")
    if v.punct[i]:
        feats.append("punct")
        quote = _quote_kind(doc[i].text)
        if quote:
            feats.append("quote=" + quote)
    feats.extend(_verb_ancestors(v, i))
    return feats


def _child_deps(doc: "Doc", v: _DocView, tokens: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for i in tokens:
        if v.dep[i] in _CHILD_DEPS:
            out.setdefault(v.head[i], set()).add(v.dep[i])
    return out


_WINDOW_KEYS = ("w=", "lem=", "pos=", "dep=", "quote=")


def paragraph_features(doc: "Doc", paragraph: Paragraph, n_paragraphs: int,
                       view: "_DocView | None" = None,
                       clusters: Optional[list[int]] = None) -> list[list[str]]:
    """One feature list per token of ``paragraph`` (the CRF's ``xseq``)."""
    v = view or _view(doc)
    if clusters is None and CLUSTER_FEATURES:
        clusters = token_clusters(doc)
    tokens = paragraph.tokens
    base = [token_base(doc, v, i) for i in tokens]
    children = _child_deps(doc, v, tokens)
    short = [[f for f in fs if f.startswith(_WINDOW_KEYS)] for fs in base]
    quotes = quote_states(doc, paragraph)
    has_quote = any(quotes)
    starts_quoted = bool(quotes) and quotes[0] == 1
    closed_at = {k for k, i in enumerate(tokens) if v.punct[i] and _quote_kind(doc[i].text) in ("close", "straight")
                 and quotes[k] and (k + 1 == len(tokens) or not quotes[k + 1])}
    first_sent = v.sent[tokens[0]] if tokens else 0
    out: list[list[str]] = []
    p_pos = "0" if paragraph.index == 0 else ("last" if paragraph.index == n_paragraphs - 1 else
                                              _bucket(paragraph.index, (1, 2, 4)))
    for k, i in enumerate(tokens):
        sent = v.sent[i]
        s_start, s_end = v.sent_bounds[sent]
        rel = (i - s_start) / max(1, s_end - s_start)
        feats = ["bias", *base[k],
                 "para=" + p_pos,
                 "sidx=" + _bucket(sent - first_sent, (0, 1, 2)),
                 "spos=" + ("a" if rel < 0.2 else "b" if rel < 0.5 else "c" if rel < 0.8 else "d"),
                 "inq=" + str(quotes[k]),
                 "pq=" + str(int(has_quote)),
                 "pqs=" + str(int(starts_quoted)),
                 "root=" + v.sent_root[sent]]
        feats.extend("scc=" + lemma for lemma in v.sent_cue_verbs[sent])
        feats.extend("child=" + d for d in children.get(i, ()))
        if (k - 1) in closed_at or (k - 2) in closed_at:
            feats.append("afterq")
        if i == s_start:
            feats.append("sstart")
        if i == s_end - 1:
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
        if clusters is not None:
            feats.extend(cluster_features(v, clusters, tokens, k))
        out.append(feats)
    return out


def doc_features(doc: "Doc") -> tuple[list[Paragraph], list[list[list[str]]]]:
    """Paragraphs of ``doc`` and the feature sequence of each."""
    paras = paragraphs(doc)
    view = _view(doc)
    clusters = token_clusters(doc) if CLUSTER_FEATURES else None
    return paras, [paragraph_features(doc, p, len(paras), view, clusters) for p in paras]


# ------------------------------------------------------------ word clusters
#
# Brown clusters of English words (``onrecord/data/word_clusters.tsv.gz``,
# built by ``bench/word_clusters.py`` from spaCy's English clusters): words
# used alike share a path prefix, so a cue or content word the CRF never saw
# in train ("identified", "hopes") gets the weights of its cluster-mates
# ("argued", "believes").  A cluster is spaCy's integer encoding of the path
# (bit string reversed): its first ``n`` bits are ``c & (2**n - 1)``.

CLUSTER_FILE = "word_clusters.tsv.gz"
# Off until a model trained with them ships (model selection sets it to 1).
CLUSTER_FEATURES = os.environ.get("ONRECORD_TAGGER_CLUSTERS", "0") == "1"
_CLUSTER_PREFIXES = (4, 6, 10)
_clusters_lock = threading.Lock()
_cluster_table: Optional[dict[str, int]] = None


def word_clusters() -> dict[str, int]:
    """The word -> cluster table, read once per process."""
    global _cluster_table
    with _clusters_lock:
        if _cluster_table is None:
            path = resources.files("onrecord") / "data" / CLUSTER_FILE
            table: dict[str, int] = {}
            with gzip.open(str(path), "rt", encoding="utf-8") as f:
                for line in f:
                    word, _, cluster = line.rstrip("\n").partition("\t")
                    table[word] = int(cluster)
            _cluster_table = table
        return _cluster_table


def token_clusters(doc: "Doc") -> list[int]:
    """Each token's cluster (0: none), by its exact form, else lower-cased."""
    table = word_clusters()
    get = table.get
    return [get(t.text) or get(t.lower_, 0) for t in doc]


def _prefixes(name: str, c: int) -> list[str]:
    if not c:
        return [name + "=none"]
    return [f"{name}{n}={c & ((1 << n) - 1)}" for n in _CLUSTER_PREFIXES] + [f"{name}={c}"]


def cluster_features(v: _DocView, clusters: list[int], tokens: list[int], k: int) -> list[str]:
    """Cluster features of the ``k``-th token of a paragraph: its own cluster
    (prefixes and full path), its head's, its verbal ancestors' (with how it
    hangs under them, as ``v1r`` does with the lemma) and its neighbours'."""
    i = tokens[k]
    feats = _prefixes("c", clusters[i])
    h = v.head[i]
    hc = clusters[h]
    feats.append(f"hc6={hc & 63}")
    feats.append(f"hc={hc}")
    child, node, steps, n = i, h, 0, 0
    while node != child and steps < 12 and n < 2:
        if v.pos[node] in _VERBAL:
            n += 1
            c = clusters[node]
            feats.append(f"v{n}c={c}")
            feats.append(f"v{n}rc={v.dep[child]}|{c & 1023}")
        child, node = node, v.head[node]
        steps += 1
    for offset in (-1, 1):
        j = k + offset
        if 0 <= j < len(tokens):
            c = clusters[tokens[j]]
            feats.append(f"{offset}c6={c & 63}")
            feats.append(f"{offset}c={c}")
    return feats
