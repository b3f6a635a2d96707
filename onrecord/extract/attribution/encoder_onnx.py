"""The attribution encoder on ONNX Runtime: what the tagger runs by default.

``bench.export_encoder`` writes one ONNX graph: word-piece ids in, the seven
BIO label probabilities of every piece out (MiniLM-L6 with the fine-tuned
adapters folded into its weights, the label head and a softmax).  ONNX
Runtime runs it without torch, so the default install stays light and a
Spark executor or a laptop does not download a deep-learning framework to
run one 22M-parameter forward pass.

Device: ``$ONRECORD_ENCODER_DEVICE`` is ``auto`` (default: CUDA when the
``onnxruntime-gpu`` package is installed instead of ``onnxruntime`` and a
device answers, otherwise the CPU), ``cuda`` or ``cpu``.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Optional

import numpy as np

from onrecord.errors import ModelError

log = logging.getLogger(__name__)

DEVICE_ENV = "ONRECORD_ENCODER_DEVICE"
CPU, CUDA = "CPUExecutionProvider", "CUDAExecutionProvider"


def device() -> str:
    """``auto``, ``cuda`` or ``cpu``, from ``$ONRECORD_ENCODER_DEVICE``."""
    value = os.environ.get(DEVICE_ENV, "auto").strip().lower() or "auto"
    if value not in ("auto", "cuda", "cpu"):
        raise ModelError(f"{DEVICE_ENV}={value!r}: expected auto, cuda or cpu")
    return value


def wants_gpu() -> bool:
    """Whether sessions will try the CUDA execution provider."""
    try:
        import onnxruntime
    except ImportError:
        return False
    return device() != "cpu" and CUDA in onnxruntime.get_available_providers()


class OnnxEncoder:
    """One ONNX Runtime session and the label names its output columns carry."""

    def __init__(self, session, labels: list[str]) -> None:
        self.session = session
        self.labels = labels
        self._input = session.get_inputs()[0].name
        self._output = session.get_outputs()[0].name

    @property
    def providers(self) -> list[str]:
        return list(self.session.get_providers())

    def window_probabilities(self, pieces: list[int], firsts: list[int]) -> np.ndarray:
        ids = np.asarray([pieces], dtype=np.int64)
        probs = self.session.run([self._output], {self._input: ids})[0]
        return probs[0, firsts]


def session_options(threads: Optional[int]):
    """All graph optimisations; ``threads`` intra-op threads (None: one per
    core), one inter-op thread: windows run one after another."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads or 0
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: its warnings are about the graph, not the input
    return options


def load_onnx(path: str, threads: Optional[int]) -> OnnxEncoder:
    """A session over the ONNX model at ``path``; ``ModelError`` if the file
    is not an onrecord encoder or ONNX Runtime is missing."""
    try:
        import onnxruntime
    except ImportError as exc:
        raise ModelError("the attribution encoder needs onnxruntime (`pip install onnxruntime`)") from exc
    wanted = device()
    providers = [CPU]
    if wanted != "cpu":
        if CUDA in onnxruntime.get_available_providers():
            providers = [CUDA, CPU]
        elif wanted == "cuda":
            log.warning("%s=cuda but this onnxruntime has no CUDA execution provider "
                        "(install onnxruntime-gpu instead of onnxruntime); running on the CPU", DEVICE_ENV)
    try:
        session = onnxruntime.InferenceSession(path, sess_options=session_options(threads), providers=providers)
        labels = json.loads(session.get_modelmeta().custom_metadata_map["labels"])
    except KeyError as exc:
        raise ModelError(f"{path} is an ONNX model but not an onrecord attribution encoder (no label names)") from exc
    except Exception as exc:  # a corrupt or foreign file: say so, never crash a batch
        raise ModelError(f"cannot load the attribution encoder from {path} ({type(exc).__name__}: {exc}); "
                         f"set ONRECORD_ENCODER=0 to run with the CRF alone") from exc
    inputs, outputs = session.get_inputs(), session.get_outputs()
    if len(inputs) != 1 or inputs[0].type != "tensor(int64)" or len(outputs) != 1:
        raise ModelError(f"{path} does not take word-piece ids and give label probabilities")
    if wanted == "cuda" and CUDA not in session.get_providers():
        log.warning("%s=cuda but no CUDA device could be used; running on the CPU", DEVICE_ENV)
    return OnnxEncoder(session, labels)
