"""Ways to make the encoder cheaper or the blend finer, scored on the train holdout.

    python -m bench.encoder_variants --model bench/out/valid_strat_it300.crfsuite \\
        --encoder bench/out/valid_strat_encoder_e5.safetensors

None of these ships (docs/benchmarks.md, docs/tagger.md); this script keeps
their numbers reproducible.  Each row is the combined finder on the stratified
holdout (both models trained without it), with the shipped blend except for
what the row changes:

* ``int8 all`` / ``int8 feed-forward``: torch's dynamic int8 quantisation of
  every linear layer, or of the feed-forward ones only (faster on CPU);
* ``skip CRF-empty paragraphs (t)``: paragraphs where no token has a non-O CRF
  marginal of ``t`` or more get the CRF alone (the encoder's share of tokens
  saved is printed);
* ``weights ...``: a separate encoder weight per label.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from typing import Optional

import numpy as np

from bench.encoder_weight import add_holdout_arguments, combined_scores, held_out

#: per-label weights tried, in ``LABELS`` order (O, B-SRC, I-SRC, B-CUE, I-CUE, B-CON, I-CON)
PER_LABEL = {
    "weights: cue 0.9, rest 0.7": (0.7, 0.7, 0.7, 0.9, 0.9, 0.7, 0.7),
    "weights: content 0.6, rest 0.7": (0.7, 0.7, 0.7, 0.7, 0.7, 0.6, 0.6),
    "weights: source 0.5, rest 0.7": (0.7, 0.5, 0.5, 0.7, 0.7, 0.7, 0.7),
    "weights: O 0.6, rest 0.7": (0.6, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7),
}


def _quantised(model, which: str):
    import torch

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    if which == "all":
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    for block in model.encoder.blocks:
        for name in ("up", "down"):
            layer = torch.nn.Sequential(getattr(block, name))
            setattr(block, name, torch.ao.quantization.quantize_dynamic(layer, {torch.nn.Linear},
                                                                        dtype=torch.qint8)[0])
    return model


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_holdout_arguments(parser)
    args = parser.parse_args(argv)

    from onrecord.extract.attribution import encoder, tagger

    articles, docs = held_out(args)
    os.environ[encoder.SWITCH_ENV] = "1"
    key = str(args.encoder)
    shipped_probabilities = encoder.encoder_probabilities
    shipped_blend = tagger.blend

    print("| variant | encoder seconds | overlap F1 | exact F1 | source acc | e2e F1 |")
    print("|---|---|---|---|---|---|")

    def row(label: str) -> None:
        seconds = [0.0]

        def timed(doc, paras, labels, path=None):
            _paragraphs[:] = [p.tokens for p in paras]  # for the paragraph gate below
            started = time.process_time()
            out = shipped_probabilities(doc, paras, labels, path)
            seconds[0] += time.process_time() - started
            return out

        encoder.encoder_probabilities = timed
        try:
            s = combined_scores(articles, docs, args.model)
        finally:
            encoder.encoder_probabilities = shipped_probabilities
        print(f"| {label} | {seconds[0]:.1f} | {s['overlap_f1']:.3f} | {s['exact_f1']:.3f} | "
              f"{s['source_acc']:.3f} | {s['e2e_f1']:.3f} |", flush=True)

    row("shipped blend")
    for which, label in (("all", "int8 all"), ("ffn", "int8 feed-forward")):
        from onrecord.extract.attribution.encoder_torch import TorchEncoder

        encoder._loaded.pop((key, None), None)  # an adapter file: torch, one model for any thread count
        loaded = encoder.load_encoder(key)
        encoder._loaded[(key, None)] = TorchEncoder(_quantised(loaded.module, which), loaded.labels)
        row(label)
    encoder._loaded.pop((key, None), None)

    for threshold in (0.05, 0.1, 0.2, 0.3):
        counts = {"tokens": 0, "skipped": 0}

        def gated(crf: np.ndarray, enc: np.ndarray, weight: float, _t: float = threshold) -> np.ndarray:
            mixed = shipped_blend(crf, enc, weight)
            for rows in _paragraphs:
                counts["tokens"] += len(rows)
                if (1.0 - crf[rows, 0]).max() < _t:  # no token with non-O mass: the CRF alone
                    counts["skipped"] += len(rows)
                    mixed[rows] = crf[rows]
            return mixed

        tagger.blend = gated
        try:
            row(f"skip CRF-empty paragraphs ({threshold:g})")
        finally:
            tagger.blend = shipped_blend
        print(f"| (tokens in skipped paragraphs: {counts['skipped'] / max(1, counts['tokens']):.1%}) | | | | | |")

    for label, weights in PER_LABEL.items():
        vector = np.array(weights, dtype=np.float32)
        tagger.blend = lambda crf, enc, weight, _v=vector: _v * enc + (1.0 - _v) * crf
        try:
            row(label)
        finally:
            tagger.blend = shipped_blend


#: the paragraphs (doc token indices) of the doc being tagged
_paragraphs: list[list[int]] = []


if __name__ == "__main__":
    main()
