"""The trained attribution tagger: a CRF over BIO tags for Source, Cue and Content.

PolNeAR labels are univocal (each token belongs to at most one attribution),
so an article is a tag sequence; a linear-chain CRF over the parse features
in ``features.py`` learns cue words, frames and content boundaries from
PolNeAR train (see ``docs/tagger.md`` and ``bench/train_tagger.py``).

Tags are decoded back into attributions paragraph by paragraph: every Cue
anchors one attribution, each Content piece joins the nearest cue (same
sentence first, then by token distance; several pieces make a discontinuous
content, as in ``"X," he said, "Y."``; a piece in another sentence joins only
when it is quoted) and each Source the nearest cue likewise; a cue left
without a source takes the subject of its verb from the parse, and one left
without content its verb's complement clause or object (train holdout:
e2e F1 0.736 -> 0.739).  Contents with no cue in their paragraph are kept as attributions
without a cue, so a quote whose speaker is elsewhere is still reported.

The model file ships in ``onrecord/data`` and is loaded once per process,
on first use.

By default the CRF does not decide alone: its marginals are blended with a
fine-tuned transformer's label probabilities (``encoder.py``, ``blend.py``;
``ENCODER_WEIGHT``), which finds the cues the CRF rarely saw in train
(stratified train holdout, combined finder: e2e F1 0.714 -> 0.754).
``ONRECORD_ENCODER=0`` gives the CRF alone.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence, Union

from onrecord.errors import ModelError
from onrecord.extract.attribution import encoder
from onrecord.extract.attribution.blend import LABELS, best_path, blend
from onrecord.extract.attribution.features import Paragraph, doc_features, paragraphs, quote_states
from onrecord.extract.attribution.types import Offsets, RawAttribution

if TYPE_CHECKING:  # pragma: no cover
    import pycrfsuite
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

MODEL_FILE = "attribution_tagger.crfsuite"
KINDS = ("SRC", "CUE", "CON")
OUTSIDE = "O"

_lock = threading.Lock()
_taggers: dict[str, "pycrfsuite.Tagger"] = {}


MODEL_ENV = "ONRECORD_TAGGER_MODEL"


def model_path() -> Path:
    """The model to use: ``$ONRECORD_TAGGER_MODEL`` (for model selection on
    a train holdout) or the one shipped inside the package."""
    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override)
    return Path(str(resources.files("onrecord") / "data" / MODEL_FILE))


def load_tagger(path: Union[str, Path, None] = None) -> "pycrfsuite.Tagger":
    """The CRF tagger for ``path`` (default: the shipped model), opened once."""
    import pycrfsuite

    key = str(path or model_path())
    with _lock:
        tagger = _taggers.get(key)
        if tagger is None:
            if not Path(key).is_file():
                raise ModelError(f"attribution tagger model not found at {key}; "
                                 f"train it with `python -m bench.train_tagger`")
            tagger = pycrfsuite.Tagger()
            tagger.open(key)
            _taggers[key] = tagger
        return tagger


# ------------------------------------------------------------------ encoding

def encode_labels(doc: "Doc", attributions: Sequence[tuple[Sequence[Offsets], Optional[Offsets],
                                                            Sequence[Offsets]]]) -> list[str]:
    """BIO labels per doc token from (content pieces, source, cue pieces).

    Used to build training sequences; the inverse of ``decode``.
    """
    labels = [OUTSIDE] * len(doc)
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t.text) for t in doc]

    def mark(span: Offsets, kind: str) -> None:
        first = True
        for i in _tokens_in(starts, ends, span):
            if doc[i].is_space:
                continue
            labels[i] = ("B-" if first else "I-") + kind
            first = False

    for content, source, cue in attributions:
        for piece in content:
            mark(piece, "CON")
        for piece in cue or ():
            mark(piece, "CUE")
        if source:
            mark(source, "SRC")
    return labels


def _tokens_in(starts: list[int], ends: list[int], span: Offsets) -> range:
    import bisect

    lo = bisect.bisect_right(ends, span[0])
    hi = bisect.bisect_left(starts, span[1])
    return range(lo, hi)


# ------------------------------------------------------------------ decoding

@dataclass
class _Segment:
    kind: str
    first: int  # position in the paragraph's token list
    last: int
    sent_first: int
    sent_last: int


def _segments(labels: Sequence[str], para: Paragraph, sent_of: dict[int, int]) -> list[_Segment]:
    out: list[_Segment] = []
    for k, i in enumerate(para.tokens):
        label = labels[i]
        if label == OUTSIDE:
            continue
        prefix, kind = label.split("-", 1)
        prev = out[-1] if out else None
        if prefix == "I" and prev is not None and prev.kind == kind and prev.last == k - 1:
            prev.last = k
            prev.sent_last = sent_of[i]
        else:
            out.append(_Segment(kind, k, k, sent_of[i], sent_of[i]))
    return out


def _distance(a: _Segment, b: _Segment) -> tuple[int, int]:
    sent_gap = max(0, b.sent_first - a.sent_last, a.sent_first - b.sent_last)
    tok_gap = max(0, b.first - a.last, a.first - b.last)
    return sent_gap, tok_gap


def _nearest(seg: _Segment, anchors: Sequence[_Segment], anchor_lasts: Sequence[int]) -> int:
    """Index of the anchor nearest ``seg`` by ``_distance`` (the first one on
    a tie), in logarithmic time: anchors are segments of one paragraph in
    token order, none overlapping ``seg``, so the nearest is either the last
    one ending before it or the first one after it; both gaps only shrink
    towards ``seg``.  A scan of every anchor made a paragraph with thousands
    of cues quadratic (``He said "`` twenty thousand times: minutes)."""
    import bisect

    after = bisect.bisect_left(anchor_lasts, seg.first)
    if after == 0:
        return 0
    if after == len(anchors):
        return after - 1
    before = after - 1
    return before if _distance(seg, anchors[before]) <= _distance(seg, anchors[after]) else after


def decode(doc: "Doc", labels: Sequence[str], paras: Optional[list[Paragraph]] = None,
           confidences: Optional[Sequence[float]] = None) -> list[RawAttribution]:
    """Group BIO ``labels`` (one per doc token) into ``RawAttribution``s."""
    paras = paras if paras is not None else paragraphs(doc)
    sent_of = {}
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = n
    out: list[RawAttribution] = []
    for para in paras:
        segments = _segments(labels, para, sent_of)
        cues = [s for s in segments if s.kind == "CUE"]
        cue_lasts = [c.last for c in cues]
        groups: list[dict] = [{"cue": c, "content": [], "source": None} for c in cues]
        orphans: list[dict] = []
        sources = [s for s in segments if s.kind == "SRC"]
        quoted_tokens = None
        for seg in segments:
            if seg.kind != "CON":
                continue
            best = _nearest(seg, cues, cue_lasts) if cues else None
            if best is not None and _distance(seg, cues[best])[0]:
                # an unquoted content in another sentence than its cue is a
                # statement whose cue the tagger missed, not a piece of this
                # one ("He said X. The remarks signal Y."): dropped, which
                # scored better on the train holdout than keeping it alone
                if quoted_tokens is None:
                    quoted_tokens = {i for i, q in zip(para.tokens, quote_states(doc, para)) if q}
                if not any(para.tokens[k] in quoted_tokens for k in range(seg.first, seg.last + 1)):
                    continue
            if best is not None:
                groups[best]["content"].append(seg)
            else:
                orphans.append({"cue": None, "content": [seg], "source": None})
        orphan_firsts: Optional[list[_Segment]] = None
        orphan_lasts: list[int] = []
        for seg in sources:
            if cues:
                best = _nearest(seg, cues, cue_lasts)
                group, anchor = groups[best], cues[best]
            elif orphans:
                if orphan_firsts is None:
                    orphan_firsts = [g["content"][0] for g in orphans]
                    orphan_lasts = [c.last for c in orphan_firsts]
                group = orphans[_nearest(seg, orphan_firsts, orphan_lasts)]
                anchor = group["content"][0]
            else:
                continue
            if group["source"] is None or _distance(seg, anchor) < _distance(group["source"], anchor):
                group["source"] = seg
        for group in groups:
            group["content"] = _close_gaps(group["content"], labels, para)
        quotes = None
        position: Optional[dict[int, int]] = None
        for group in [*groups, *orphans]:
            if not group["content"] and group["cue"] is not None:
                if position is None:
                    position = {i: k for k, i in enumerate(para.tokens)}
                seg = _complement(doc, para, group["cue"], labels, sent_of, position)
                if seg is not None:
                    group["content"] = [seg]
            if not group["content"]:
                continue
            if quotes is None:
                quotes = dict(zip(para.tokens, quote_states(doc, para)))
            out.append(_attribution(doc, para, group, quotes, confidences))
    out.sort(key=lambda a: a.content_start)
    return out


MAX_GAP = 20
_COMPLEMENTS = ("ccomp", "dobj", "xcomp")


def _complement(doc: "Doc", para: Paragraph, cue: _Segment, labels: Sequence[str],
                sent_of: dict[int, int], position: dict[int, int]) -> Optional[_Segment]:
    """For a cue the tagger gave no content: its verb's clausal complement or
    object, as the parse has it, if none of its tokens carries a label
    (``position``: each doc token's place in ``para.tokens``, built once per
    paragraph by the caller)."""
    cue_tokens = [para.tokens[k] for k in range(cue.first, cue.last + 1)]
    cue_set = set(cue_tokens)
    for i in cue_tokens:
        token = doc[i]
        if token.head.i in cue_set and token.head.i != i:
            continue
        for dep in _COMPLEMENTS:
            for child in token.children:
                if child.dep_ != dep or child.i in cue_set:
                    continue
                left, right = child.left_edge.i, child.right_edge.i
                while right > left and (doc[right].is_punct or doc[right].is_space):
                    right -= 1
                if left not in position or right not in position:
                    continue
                if any(labels[j] != OUTSIDE for j in range(left, right + 1)):
                    continue
                return _Segment("CON", position[left], position[right], sent_of[left], sent_of[right])
    return None


def _close_gaps(content: list[_Segment], labels: Sequence[str], para: Paragraph) -> list[_Segment]:
    """Join pieces of one content separated by a few unlabelled tokens only:
    the tagger sometimes drops a word inside a content; a real discontinuity
    has the cue or source in between ("X," he said, "Y.")."""
    content = sorted(content, key=lambda s: s.first)
    out: list[_Segment] = []
    for seg in content:
        prev = out[-1] if out else None
        if (prev is not None and seg.first - prev.last - 1 <= MAX_GAP
                and all(labels[para.tokens[k]] == OUTSIDE for k in range(prev.last + 1, seg.first))):
            prev.last = seg.last
            prev.sent_last = seg.sent_last
        else:
            out.append(seg)
    return out


def _char_span(doc: "Doc", para: Paragraph, seg: _Segment) -> Offsets:
    first, last = doc[para.tokens[seg.first]], doc[para.tokens[seg.last]]
    return first.idx, last.idx + len(last.text)


def _attribution(doc: "Doc", para: Paragraph, group: dict, quotes: dict[int, int],
                 confidences: Optional[Sequence[float]]) -> RawAttribution:
    content = sorted(group["content"], key=lambda s: s.first)
    token_ids = [para.tokens[k] for seg in content for k in range(seg.first, seg.last + 1)]
    quoted = sum(quotes.get(i, 0) for i in token_ids)
    kind = "direct" if quoted == len(token_ids) else ("mixed" if quoted else "indirect")
    confidence = 1.0
    if confidences is not None and token_ids:
        confidence = sum(confidences[i] for i in token_ids) / len(token_ids)
    cue = group["cue"]
    source = _char_span(doc, para, group["source"]) if group["source"] else None
    if source is None and cue is not None:
        source = syntactic_source(doc, [para.tokens[k] for k in range(cue.first, cue.last + 1)],
                                  set(token_ids))
    return RawAttribution(
        content_spans=[_char_span(doc, para, s) for s in content],
        cue=_char_span(doc, para, cue) if cue else None,
        source=source,
        kind=kind,
        confidence=round(confidence, 3),
        origin="tagger",
    )


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")


def syntactic_source(doc: "Doc", cue_tokens: list[int], content: set[int]) -> Optional[Offsets]:
    """The source of a cue the tagger left without one, from the parse: the
    subject of the cue's verb (or of the verb it is coordinated with: "he said
    X and added Y"), the agent of a passive, or the object of "according to".
    The subject's own words are the source as written ("he", "the ministry")."""
    if not cue_tokens:
        return None
    cue_set = set(cue_tokens)
    heads = [doc[i] for i in cue_tokens if doc[i].head.i not in cue_set or doc[i].head.i == i]
    for head in heads:
        for verb in _governing_verbs(head):
            if verb.dep_ == "acl" and verb is not head and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
                noun = verb.head  # "the ones describing payments": the noun the clause modifies
                if noun.i not in content and noun.i not in cue_set:
                    return doc[noun.left_edge.i].idx, noun.idx + len(noun.text)
            for child in verb.children:
                if child.i in content or child.i in cue_set:
                    continue
                if child.dep_ in _SUBJECTS:
                    if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                        child = verb.head
                    return _subtree_span(child, content)
                if child.dep_ == "agent":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return _subtree_span(objects[0], content)
        for token in (doc[i] for i in cue_tokens):
            if token.lower_ == "to" or token.lower_ == "according":
                for child in token.children:
                    if child.dep_ == "pobj" and child.i not in content:
                        return _subtree_span(child, content)
    return None


#: how a participle or infinitive hangs on the verb whose subject speaks
#: ("…, accusing him of X": advcl; "he said X and added Y": conj)
_CLIMB = frozenset({"conj", "xcomp", "advcl", "acl", "pcomp", "prep"})
#: steps up from the cue (stratified train holdout, combined finder, source
#: accuracy / e2e F1: one step through conj/xcomp/advcl 0.878 / 0.701; up to
#: three through these labels 0.885 / 0.706; four: the same)
MAX_CLIMB = 3


def _governing_verbs(token: "Token") -> list["Token"]:
    """The cue's verb, then the verbs it hangs on through participles,
    infinitives and coordination (at most ``MAX_CLIMB`` steps up)."""
    out = [token]
    current = token
    for _ in range(MAX_CLIMB):
        if current.dep_ not in _CLIMB or current.head is current:
            break
        current = current.head
        out.append(current)
    return out


def _subtree_span(token: "Token", content: set[int]) -> Offsets:
    """The token's subtree as a span, cut where content starts."""
    left, right = token.left_edge.i, token.right_edge.i
    doc = token.doc
    for i in range(token.i, right + 1):
        if i in content:
            right = i - 1
            break
    right = max(right, token.i)
    return doc[left].idx, doc[right].idx + len(doc[right].text)


# ------------------------------------------------------------------- tagging

_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


#: Documents longer than this many tokens are tagged by the CRF alone: the
#: encoder costs about a second per 254-piece window on a loaded core, so a
#: 180 KB page of 60,000 tokens (``He said "`` × 20,000) cost minutes.  The
#: longest PolNeAR article has about 7,000 tokens, so real articles keep the
#: encoder; the cap only bounds what one hostile page can cost a batch.
MAX_ENCODER_TOKENS = 20_000


def tag_doc(doc: "Doc", tagger: Optional["pycrfsuite.Tagger"] = None,
            with_confidence: bool = False) -> tuple[list[Paragraph], list[str], Optional[list[float]]]:
    """Label every token of ``doc`` (space tokens get ``O``)."""
    tagger = tagger or load_tagger()
    paras, sequences = doc_features(doc)
    if encoder.enabled() and len(doc) <= MAX_ENCODER_TOKENS:
        try:
            labels, blended = _blended_labels(doc, paras, sequences, tagger)
            return paras, labels, blended if with_confidence else None
        except ModelError as exc:
            _warn_once(f"attribution encoder unavailable ({exc}); tagging with the CRF alone")
    labels = [OUTSIDE] * len(doc)
    confidences: Optional[list[float]] = [0.0] * len(doc) if with_confidence else None
    for para, xseq in zip(paras, sequences):
        with _lock:  # a pycrfsuite Tagger keeps state between tag() and marginal()
            predicted = tagger.tag(xseq)
            if CUE_RESCUE_MIN is not None:
                predicted = _rescue_cues(tagger, predicted)
            marginals = ([tagger.marginal(y, k) for k, y in enumerate(predicted)]
                         if with_confidence else None)
        for k, (i, y) in enumerate(zip(para.tokens, predicted)):
            labels[i] = y
            if confidences is not None and marginals is not None:
                confidences[i] = marginals[k]
    return paras, labels, confidences


#: Weight of the encoder's label probabilities in the blend with the CRF's
#: marginals.  Chosen on the stratified train holdout (tagger and encoder fit
#: on the other articles; encoder trained 8 epochs), combined finder,
#: end-to-end F1 / exact F1 for 0.5 / 0.55 / 0.6 / 0.65 / 0.7 / 0.8: 0.752 / 0.582,
#: 0.754 / 0.590, 0.754 / 0.586, 0.755 / 0.584, 0.752 / 0.582, 0.753 / 0.580:
#: a plateau, whose middle is kept (the CRF alone, with its own Viterbi path
#: and cue rescue: 0.714 / 0.529); see docs/tagger.md.
ENCODER_WEIGHT = 0.6


def _blended_labels(doc: "Doc", paras: list[Paragraph], sequences: list,
                    tagger: "pycrfsuite.Tagger") -> tuple[list[str], list[float]]:
    """Labels from the CRF's marginals blended with the encoder's
    probabilities, and each label's blended probability."""
    import numpy as np

    crf = np.zeros((len(doc), len(LABELS)), dtype=np.float32)
    crf[:, 0] = 1.0
    known = set(tagger.labels())
    with _lock:  # a pycrfsuite Tagger keeps the sequence set() gave it
        for para, xseq in zip(paras, sequences):
            tagger.set(xseq)
            for k, i in enumerate(para.tokens):
                crf[i] = [tagger.marginal(y, k) if y in known else 0.0 for y in LABELS]
    probs = blend(crf, encoder.encoder_probabilities(doc, paras, LABELS), ENCODER_WEIGHT)
    labels = [OUTSIDE] * len(doc)
    confidences = [0.0] * len(doc)
    for para in paras:
        for i, label in zip(para.tokens, best_path(probs[para.tokens])):
            labels[i] = label
            confidences[i] = float(probs[i, LABELS.index(label)])
    return labels, confidences


#: A token the CRF tagged O whose marginal probability of starting a cue is
#: at least this becomes a cue (None: off); the decoder then takes its content
#: and source from the parse.  The Viterbi path drops cue words the model is
#: unsure of ("hopes", "declined to"); PolNeAR counts them.  Chosen on train
#: holdouts with the combined finder, end-to-end F1 for None / 0.5 / 0.4 / 0.3:
#: last 84 articles (one outlet) 0.755 / 0.759 / 0.761 / 0.758; 12 per outlet
#: (``--stratified``) 0.690 / 0.697 / 0.695 / 0.690, and with paragraph breaks
#: 0.700 / 0.701 / 0.698 / 0.695 (0.6: 0.702).
CUE_RESCUE_MIN: Optional[float] = 0.5


def _rescue_cues(tagger: "pycrfsuite.Tagger", predicted: list[str]) -> list[str]:
    """Relabel likely cues the Viterbi path left out (called right after
    ``tagger.tag``, whose marginals it reads)."""
    out = list(predicted)
    for k, y in enumerate(predicted):
        if y != OUTSIDE:
            continue
        if tagger.marginal("B-CUE", k) >= CUE_RESCUE_MIN:
            out[k] = "B-CUE"
            j = k + 1
            while j < len(out) and predicted[j] == OUTSIDE and tagger.marginal("I-CUE", j) >= CUE_RESCUE_MIN:
                out[j] = "I-CUE"
                j += 1
    return out


def tagger_attributions(doc: "Doc", tagger: Optional["pycrfsuite.Tagger"] = None) -> list[RawAttribution]:
    """Attributions the CRF finds in ``doc`` (offsets into ``doc.text``)."""
    return tagger_output(doc, tagger)[0]


def tagger_output(doc: "Doc", tagger: Optional["pycrfsuite.Tagger"] = None
                  ) -> tuple[list[RawAttribution], list[Offsets]]:
    """The CRF's attributions and every span it labelled as a cue, including
    cues it found no content for (the finder lets a rule supply that content)."""
    paras, labels, confidences = tag_doc(doc, tagger, with_confidence=True)
    cues = [(doc[i].idx, doc[i].idx + len(doc[i])) for i, label in enumerate(labels) if label.endswith("CUE")]
    return decode(doc, labels, paras, confidences), cues
