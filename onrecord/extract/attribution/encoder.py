"""Contextual label probabilities for the attribution tagger.

The CRF sees the parse but only the words it was trained on; most of what it
misses are cues it rarely saw ("support", "focus on", "identified herself").
A small pretrained transformer (MiniLM-L6), fine-tuned on PolNeAR train
through low-rank adapters, gives every token a probability for each of the
tagger's seven BIO labels from the words around it.  The tagger blends these
with the CRF's marginals (``tagger.py``); scores and the training recipe are
in ``docs/tagger.md``.

Paragraphs are packed whole into windows of at most ``MAX_PIECES`` word
pieces, so a token sees its paragraph and its neighbours; each token's
probability is read off its first word piece.

What runs is an ONNX model (``onrecord/data/attribution_encoder.onnx``: the
base weights with the adapters folded in, and the label head), on ONNX
Runtime (``encoder_onnx.py``): a light install without torch.  The model is
exported from the training artefact, the adapter file, by
``python -m bench.export_encoder``.  ``$ONRECORD_ENCODER_MODEL`` may name
another ``.onnx`` file, or an adapter ``.safetensors`` file, which runs on
torch (``encoder_torch.py``; model selection on a train holdout, needs the
``train`` extra).  ``ONRECORD_ENCODER=0`` turns the encoder off (CRF only:
faster, less accurate).  Models are loaded once per process, on first use.
"""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Protocol, Sequence, Union

import numpy as np

from onrecord import threads
from onrecord.errors import ModelError
from onrecord.extract.attribution.features import Paragraph

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc
    from tokenizers import Tokenizer

MODEL_FILE = "attribution_encoder.onnx"
#: the training artefact (adapters, layer norms, head) the ONNX model is exported from
ADAPTER_FILE = "attribution_encoder.safetensors"
#: the base model's word-piece tokenizer (``tokenizer.json`` of all-MiniLM-L6-v2)
TOKENIZER_FILE = "attribution_encoder_tokenizer.json"
MODEL_ENV = "ONRECORD_ENCODER_MODEL"
ADAPTER_ENV = MODEL_ENV  # the name bench scripts used when only adapters existed
SWITCH_ENV = "ONRECORD_ENCODER"
#: word pieces per window, [CLS] and [SEP] aside
MAX_PIECES = 254
#: word pieces kept of one token (a 300-character URL must not fill a window)
MAX_PIECES_PER_TOKEN = 8
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"


class EncoderModel(Protocol):
    """A loaded encoder, whichever runtime runs it."""

    labels: list[str]

    def window_probabilities(self, pieces: list[int], firsts: list[int]) -> np.ndarray:
        """Label probabilities (``labels`` order) at one window's first pieces."""


_lock = threading.Lock()
_loaded: dict[tuple[str, Optional[int]], EncoderModel] = {}
#: model files that could not be loaded, with why: the tagger asks for every
#: document, and a corrupt file must not be read again each time
_failed: dict[str, ModelError] = {}
_tokenizer: Optional["Tokenizer"] = None


def enabled() -> bool:
    """Whether the tagger uses the encoder (``ONRECORD_ENCODER=0`` turns it off)."""
    return os.environ.get(SWITCH_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def set_threads(count: Optional[int]) -> None:
    """Run the encoder on ``count`` threads in this process (a forked worker: 1;
    see ``onrecord/threads.py``)."""
    threads.set_threads(count)


def switch_off() -> None:
    """Tag with the CRF alone in this process and the workers it forks
    (the CLI's ``--fast``)."""
    os.environ[SWITCH_ENV] = "0"


def _data_file(name: str) -> Path:
    return Path(str(resources.files("onrecord") / "data" / name))


def model_path() -> Path:
    """``$ONRECORD_ENCODER_MODEL`` (another export, or an adapter file for
    model selection on a train holdout) or the shipped ONNX model."""
    override = os.environ.get(MODEL_ENV)
    return Path(override) if override else _data_file(MODEL_FILE)


def adapter_path() -> Path:
    """The shipped adapter file: what ``bench.export_encoder`` exports and a
    distilled student learns from (training only; the runtime reads the ONNX model)."""
    return _data_file(ADAPTER_FILE)


def tokenizer_path() -> Path:
    return _data_file(TOKENIZER_FILE)


def load_tokenizer() -> "Tokenizer":
    """The base model's word-piece tokenizer, without padding or truncation,
    read once from the file shipped in the package."""
    global _tokenizer
    if _tokenizer is None:
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        except Exception as exc:
            raise ModelError(f"cannot read the encoder's tokenizer {tokenizer_path()} "
                             f"({type(exc).__name__}: {exc})") from exc
        tokenizer.no_padding()
        tokenizer.no_truncation()
        _tokenizer = tokenizer
    return _tokenizer


def _is_adapter(key: str) -> bool:
    return key.endswith(".safetensors")


def load_encoder(path: Union[str, Path, None] = None) -> EncoderModel:
    """The encoder of ``path`` (default: ``model_path()``), loaded once per
    process and thread count; ``ModelError`` when it cannot be used."""
    key = str(path or model_path())
    # an ONNX Runtime session fixes its thread count when it is built; torch's
    # is set per call (encoder_torch), so one torch model serves every count
    cache = (key, None if _is_adapter(key) else threads.get())
    with _lock:
        if cache in _loaded:
            return _loaded[cache]
        if key in _failed:
            raise _failed[key]
        try:
            if not Path(key).is_file():
                raise ModelError(f"attribution encoder not found at {key}; export it with "
                                 f"`python -m bench.export_encoder` (train it with `python -m bench.train_encoder`)")
            if _is_adapter(key):
                from onrecord.extract.attribution.encoder_torch import load_adapter

                model: EncoderModel = load_adapter(key)
            else:
                from onrecord.extract.attribution.encoder_onnx import load_onnx

                model = load_onnx(key, threads.get())
        except ModelError as exc:
            _failed[key] = exc
            raise
        _loaded[cache] = model
        return model


def prepare_workers(path: Union[str, Path, None] = None) -> None:
    """Before forking pipeline workers: load the encoder as each worker will
    run it (one thread), so the workers share the parent's copy instead of
    each reading the model again.  A model that cannot be loaded is left to
    the workers' tagger, which falls back to the CRF with a warning."""
    from onrecord.extract.attribution import encoder_onnx

    if not enabled() or encoder_onnx.wants_gpu():  # a CUDA context does not survive a fork
        return
    before = threads.get()
    threads.set_threads(1)
    try:
        load_encoder(path)
    except ModelError:
        pass
    finally:
        threads.set_threads(before)


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
    model = load_encoder(path)
    tokenizer = load_tokenizer()
    columns = [model.labels.index(label) for label in labels]
    out = np.zeros((len(doc), len(labels)), dtype=np.float32)
    out[:, 0] = 1.0
    # one window at a time: batches of windows had to be padded to their
    # longest, and a window without padding needs no attention mask
    for tokens, pieces, firsts in windows(doc, paras, tokenizer):
        out[tokens] = window_probabilities(model, pieces, firsts, columns)
    return out


def window_probabilities(model: EncoderModel, pieces: list[int], firsts: list[int],
                         columns: Sequence[int]) -> np.ndarray:
    """Label probabilities at one window's first pieces, in the order
    ``columns`` names the model's labels (one unpadded window).  Training a
    student reads its teacher here too, so it learns exactly what the runtime
    would blend."""
    return model.window_probabilities(pieces, firsts)[:, list(columns)]
