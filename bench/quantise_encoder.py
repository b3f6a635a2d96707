"""Quantise the attribution encoder's ONNX model to int8 (ONNX Runtime).

    python -m bench.quantise_encoder --method dynamic --out bench/out/attribution_encoder_dynamic.onnx
    python -m bench.quantise_encoder --method static --calibrate 40 --out bench/out/attribution_encoder_static.onnx
    python -m bench.quantise_encoder --method static --calibrate 40 --calibration-method percentile --ops MatMul \
        --out bench/out/attribution_encoder_static_pct.onnx
    ONRECORD_ENCODER_MODEL=bench/out/attribution_encoder_dynamic.onnx \\
        python -m bench.attribution --modes combined --no-write   # its PolNeAR dev scores

Needs the ``train`` extra.  The fp32 model is exported afresh from the
shipped adapter (``bench.export_encoder``), then

* ``dynamic``: weights int8 per output channel, activations quantised per
  call from their observed range (``quantize_dynamic``);
* ``static``: weights int8 per channel and activations uint8 with ranges
  fixed by a calibration pass over the word-piece windows of the first
  ``--calibrate`` PolNeAR *train* articles (never dev), QDQ format
  (``quantize_static``; the model is pre-processed with shape inference first).

Whether one ships is decided on PolNeAR dev against the fp32 model
(docs/tagger.md): all three goals met and no more than 0.005 lost on any.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Optional

from bench.train_tagger import REPO, default_eval_root

#: pieces per calibration window for the histogram methods (the last one stays [SEP])
CALIBRATION_PIECES = 128


def calibration_windows(eval_root: Path, articles: int) -> list[list[int]]:
    """Word-piece ids of every runtime window of the first ``articles`` train texts."""
    from bench.polnear import load_split
    from onrecord.extract.attribution.encoder import load_tokenizer, windows
    from onrecord.extract.attribution.features import paragraphs
    from onrecord.nlp.model import load_pipeline
    from onrecord.nlp.parse import PARSE_DISABLE

    nlp = load_pipeline(disable=PARSE_DISABLE)
    tokenizer = load_tokenizer()
    texts = [a.text for a in load_split(eval_root, "train", limit=articles)]
    return [pieces for doc in nlp.pipe(texts, batch_size=8)
            for _, pieces, _ in windows(doc, paragraphs(doc), tokenizer)]


def quantise(fp32: Path, out: Path, method: str, calibration: Optional[list[list[int]]] = None,
             calibration_method: str = "minmax", ops: tuple[str, ...] = ("MatMul", "Gather")) -> None:
    import numpy as np
    import onnx
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                          quantize_dynamic, quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process

    out.parent.mkdir(parents=True, exist_ok=True)
    if method == "dynamic":
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True)
    else:
        windows = calibration or []
        if calibration_method != "minmax":  # histograms need one shape: windows cut to a common length
            windows = [w[:CALIBRATION_PIECES - 1] + w[-1:] for w in windows if len(w) >= CALIBRATION_PIECES]

        class Windows(CalibrationDataReader):
            def __init__(self) -> None:
                self.rest = iter(windows)

            def get_next(self):
                pieces = next(self.rest, None)
                return None if pieces is None else {"ids": np.asarray([pieces], dtype=np.int64)}

        prepared = out.with_suffix(".prepared.onnx")
        quant_pre_process(str(fp32), str(prepared), skip_symbolic_shape=True)
        quantize_static(str(prepared), str(out), Windows(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        op_types_to_quantize=list(ops),
                        calibrate_method={"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile,
                                          "entropy": CalibrationMethod.Entropy}[calibration_method])
        prepared.unlink()
    # quantisation tools drop nothing we need, but say which model this is
    model, source = onnx.load(str(out)), onnx.load(str(fp32), load_external_data=False)
    kept = {p.key: p.value for p in source.metadata_props}
    kept["storage"] = f"int8 ({method})"
    del model.metadata_props[:]
    for key, value in kept.items():
        model.metadata_props.add(key=key, value=value)
    onnx.save(model, str(out))


def main(argv: Optional[list[str]] = None) -> None:
    from bench.export_encoder import export
    from onrecord.extract.attribution.encoder import adapter_path

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--method", choices=("dynamic", "static"), required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--adapter", type=Path, default=adapter_path())
    parser.add_argument("--calibrate", type=int, default=60, help="train articles whose windows calibrate (static)")
    parser.add_argument("--calibration-method", choices=("minmax", "percentile", "entropy"), default="minmax")
    parser.add_argument("--ops", default="MatMul,Gather", help="operator types to quantise (static)")
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    args = parser.parse_args(argv)
    calibration = calibration_windows(args.eval_root, args.calibrate) if args.method == "static" else None
    if calibration is not None:
        print(f"{len(calibration)} calibration windows from {args.calibrate} train articles", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        export(args.adapter, fp32, "fp32")
        quantise(fp32, args.out, args.method, calibration, args.calibration_method, tuple(args.ops.split(",")))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
