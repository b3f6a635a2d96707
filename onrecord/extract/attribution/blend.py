"""Blend two taggers' label probabilities and read off valid BIO tags.

The CRF's marginals know the parse; the encoder's probabilities know the
words around each token (``encoder.py``).  A weighted mean of the two is
decoded per paragraph by a Viterbi pass whose only transition scores forbid
an ``I-X`` that does not continue an ``X``: the most probable tag sequence
that is still a set of spans.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
_FORBIDDEN = -1e9
_FLOOR = 1e-9


def _transitions(labels: Sequence[str]) -> np.ndarray:
    """Scores of label pairs (previous, current): 0 where allowed."""
    out = np.zeros((len(labels), len(labels)))
    for current, label in enumerate(labels):
        if label.startswith("I-"):
            for previous, before in enumerate(labels):
                if before == "O" or before[2:] != label[2:]:
                    out[previous, current] = _FORBIDDEN
    return out


_TRANSITIONS = _transitions(LABELS)
_START = np.array([_FORBIDDEN if label.startswith("I-") else 0.0 for label in LABELS])


def blend(crf: np.ndarray, encoder: np.ndarray, encoder_weight: float) -> np.ndarray:
    """Weighted mean of two (tokens × ``LABELS``) probability arrays."""
    return encoder_weight * encoder + (1.0 - encoder_weight) * crf


def best_path(probs: np.ndarray) -> list[str]:
    """The most probable valid BIO sequence for the rows of ``probs``."""
    n = len(probs)
    if n == 0:
        return []
    log_probs = np.log(np.clip(probs, _FLOOR, 1.0))
    score = log_probs[0] + _START
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    for t in range(1, n):
        candidates = score[:, None] + _TRANSITIONS
        back[t] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return [LABELS[k] for k in reversed(path)]
