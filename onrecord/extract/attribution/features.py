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

from onrecord.nlp.paragraphs import BLANK_LINE

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

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
    from spacy.attrs import IDX, IS_SPACE

    from onrecord.extract.attribution.spans import doc_text

    breaks = [m.start() for m in BLANK_LINE.finditer(doc_text(doc))]
    out: list[Paragraph] = []
    current: list[int] = []
    b = 0
    n_breaks = len(breaks)
    for i, (idx, space) in enumerate(doc.to_array([IDX, IS_SPACE]).tolist()):
        while b < n_breaks and breaks[b] < idx:
            if current:
                out.append(Paragraph(len(out), current))
                current = []
            b += 1
        if space:
            continue
        current.append(i)
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
    texts = _texts(doc)
    for i in paragraph.tokens:
        text = texts[i]
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


def _texts(doc: "Doc") -> list[str]:
    """Every token's text, read once per doc (cached in ``doc.user_data``,
    keyed by length so a retokenised doc is read again)."""
    cached = doc.user_data.get(_TEXTS_KEY)
    if cached is None or len(cached) != len(doc):
        from spacy.attrs import ORTH

        cached = _strings(doc, doc.to_array(ORTH)) if len(doc) else []
        doc.user_data[_TEXTS_KEY] = cached
    return cached


_TEXTS_KEY = "onrecord_token_texts"


def _strings(doc: "Doc", ids) -> list[str]:
    """The strings of a column of string ids from ``Doc.to_array``, each
    distinct id looked up once."""
    import numpy

    unique, inverse = numpy.unique(numpy.asarray(ids).ravel(), return_inverse=True)
    strings = doc.vocab.strings
    names = [strings[x] for x in unique.tolist()]
    return [names[j] for j in inverse.ravel().tolist()]


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
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_PUNCT, IS_TITLE, LEMMA, LOWER, POS, TAG
    from spacy.parts_of_speech import NAMES as POS_NAMES

    n_tokens = len(doc)
    if n_tokens:
        arr = doc.to_array([LOWER, LEMMA, TAG, DEP, ENT_TYPE, POS, ENT_IOB, HEAD, IS_TITLE, IS_PUNCT])
        strs = [_strings(doc, arr[:, c]) for c in range(5)]
        cols = arr[:, 5:].T.tolist()
    else:
        strs = [[] for _ in range(5)]
        cols = [[] for _ in range(5)]
    lower, lemma_names, tag, dep, ent_type = strs
    lemmas: dict[str, str] = {}
    lemma = []
    for name, low in zip(lemma_names, lower):
        lem = lemmas.get(name)
        if lem is None:
            lem = lemmas[name] = name.lower()
        lemma.append(lem or low)
    pos = [POS_NAMES[x] for x in cols[0]]
    ent = [("", "I", "O", "B")[iob] + "-" + et if et else "O" for iob, et in zip(cols[1], ent_type)]
    head = [i + (off if off < _SIGN else off - _WRAP) for i, off in enumerate(cols[2])]  # uint64 offsets
    title = [bool(x) for x in cols[3]]
    punct = [bool(x) for x in cols[4]]
    shapes: dict[str, str] = {}
    shape = []
    for text in _texts(doc):
        sh = shapes.get(text)
        if sh is None:
            sh = shapes[text] = _shape(text)
        shape.append(sh)
    sent = [0] * n_tokens
    bounds, roots, cue_verbs = [], [], []
    for n, (s_start, s_end) in enumerate(_sentences(doc)):
        for i in range(s_start, s_end):
            sent[i] = n
        bounds.append((s_start, s_end))
        root = next((i for i in range(s_start, s_end) if head[i] == i), None)
        if root is None:  # not a whole sentence of the parse: spaCy's rule
            root = doc[s_start:s_end].root.i
        roots.append(lemma[root])
        verbs = []
        for i in range(s_start, s_end):
            if dep[i] == "ccomp" and pos[head[i]] in _VERBAL and lemma[head[i]] not in verbs:
                verbs.append(lemma[head[i]])
        cue_verbs.append(verbs[:2])
    return _DocView(lower, lemma, pos, tag, dep, head, ent, shape, title, punct, sent, bounds,
                    roots, cue_verbs)


_SIGN, _WRAP = 1 << 63, 1 << 64


def _sentences(doc: "Doc") -> list[tuple[int, int]]:
    """``(start, end)`` of each of ``doc.sents``, without building spans."""
    if "sents" in doc.user_hooks or not len(doc) or not doc.has_annotation("SENT_START"):
        return [(span.start, span.end) for span in doc.sents]
    from spacy.attrs import SENT_START

    starts = doc.to_array([SENT_START]).tolist()
    bounds = []
    start = 0
    for i in range(1, len(starts)):
        if starts[i] == 1:
            bounds.append((start, i))
            start = i
    bounds.append((start, len(starts)))
    return bounds


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
        quote = _quote_kind(_texts(doc)[i])
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
_INQ = ("inq=0", "inq=1")


def paragraph_features(doc: "Doc", paragraph: Paragraph, n_paragraphs: int,
                       view: "_DocView | None" = None) -> list[list[str]]:
    """One feature list per token of ``paragraph`` (the CRF's ``xseq``)."""
    v = view or _view(doc)
    tokens = paragraph.tokens
    base = [token_base(doc, v, i) for i in tokens]
    children = _child_deps(doc, v, tokens)
    short = [[f for f in fs if f.startswith(_WINDOW_KEYS)] for fs in base]
    quotes = quote_states(doc, paragraph)
    has_quote = any(quotes)
    starts_quoted = bool(quotes) and quotes[0] == 1
    texts = _texts(doc)
    closed_at = {k for k, i in enumerate(tokens) if v.punct[i] and _quote_kind(texts[i]) in ("close", "straight")
                 and quotes[k] and (k + 1 == len(tokens) or not quotes[k + 1])}
    first_sent = v.sent[tokens[0]] if tokens else 0
    out: list[list[str]] = []
    p_pos = "0" if paragraph.index == 0 else ("last" if paragraph.index == n_paragraphs - 1 else
                                              _bucket(paragraph.index, (1, 2, 4)))
    # the same strings the straightforward loop would build, made once per
    # paragraph, sentence or token instead of once per use
    para_feat, pq, pqs = "para=" + p_pos, "pq=" + str(int(has_quote)), "pqs=" + str(int(starts_quoted))
    per_sent: dict[int, tuple[str, str, list[str]]] = {}
    n_tok = len(tokens)
    windows = []
    for offset in (-2, -1, 1, 2):
        pre = str(offset)
        rows = [[pre + f for f in short[j]] + [pre + _INQ[quotes[j]]] for j in range(n_tok)]
        windows.append((offset, rows, pre + "edge"))
    last = n_tok - 1
    for k, i in enumerate(tokens):
        sent = v.sent[i]
        s_start, s_end = v.sent_bounds[sent]
        rel = (i - s_start) / max(1, s_end - s_start)
        sent_feats = per_sent.get(sent)
        if sent_feats is None:
            sent_feats = per_sent[sent] = ("sidx=" + _bucket(sent - first_sent, (0, 1, 2)),
                                           "root=" + v.sent_root[sent],
                                           ["scc=" + lemma for lemma in v.sent_cue_verbs[sent]])
        feats = ["bias", *base[k],
                 para_feat,
                 sent_feats[0],
                 "spos=" + ("a" if rel < 0.2 else "b" if rel < 0.5 else "c" if rel < 0.8 else "d"),
                 _INQ[quotes[k]],
                 pq,
                 pqs,
                 sent_feats[1]]
        feats += sent_feats[2]
        child = children.get(i)
        if child:
            feats += ["child=" + d for d in child]
        if (k - 1) in closed_at or (k - 2) in closed_at:
            feats.append("afterq")
        if i == s_start:
            feats.append("sstart")
        if i == s_end - 1:
            feats.append("send")
        if k == 0:
            feats.append("pstart")
        if k == last:
            feats.append("pend")
        for offset, rows, edge in windows:
            j = k + offset
            if 0 <= j < n_tok:
                feats += rows[j]
            else:
                feats.append(edge)
        out.append(feats)
    return out


def doc_features(doc: "Doc") -> tuple[list[Paragraph], list[list[list[str]]]]:
    """Paragraphs of ``doc`` and the feature sequence of each."""
    paras = paragraphs(doc)
    view = _view(doc)
    return paras, [paragraph_features(doc, p, len(paras), view) for p in paras]

