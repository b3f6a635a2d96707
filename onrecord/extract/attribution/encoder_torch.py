"""The attribution encoder on torch, straight from an adapter file.

Training (``bench.train_encoder``) writes adapters; the runtime runs their
ONNX export (``encoder_onnx.py``).  This loader serves what still needs
torch: the export itself, a teacher for distillation, and model selection
with a freshly trained adapter (``ONRECORD_ENCODER_MODEL=….safetensors``).
It needs the ``train`` extra (torch, safetensors, the base-weights package).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import numpy as np

from onrecord.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.extract.attribution.minilm import TokenTagger

SWITCH_ENV = "ONRECORD_ENCODER"


class TorchEncoder:
    """A ``TokenTagger`` with its adapters folded in, and its label names."""

    def __init__(self, module: "TokenTagger", labels: list[str]) -> None:
        self.module = module
        self.labels = labels

    def window_probabilities(self, pieces: list[int], firsts: list[int]) -> np.ndarray:
        import torch

        from onrecord import threads

        count = threads.get()
        if count and torch.get_num_threads() != count:
            torch.set_num_threads(count)
        with torch.inference_mode():
            logits = self.module(torch.tensor([pieces]))[0, firsts]
            return torch.softmax(logits, dim=-1).numpy()


def load_adapter(key: str) -> TorchEncoder:
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
    return TorchEncoder(model, labels)
