"""The encoder alone, per runtime and model file: CPU seconds over the same windows.

    python -m bench.encoder_speed onrecord/data/attribution_encoder.safetensors \\
        onrecord/data/attribution_encoder.onnx bench/out/attribution_encoder_dynamic.onnx

The windows are the runtime's (``encoder.windows``) over the seed page and the
first ``--dev`` PolNeAR dev articles; each model (an adapter file runs on
torch, an ``.onnx`` file on ONNX Runtime) runs every window once after one
warm-up window, on ``--threads`` threads (1: what each of several workers
gets).  CPU seconds count: the cores are shared, so wall time says little.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Optional

from bench.export_encoder import check_windows
from bench.train_tagger import default_eval_root


def main(argv: Optional[list[str]] = None) -> None:
    from onrecord.extract.attribution.encoder import load_encoder, set_threads

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", type=Path, nargs="+")
    parser.add_argument("--dev", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    args = parser.parse_args(argv)
    set_threads(args.threads)
    windows = [w for group in check_windows(args.eval_root, args.dev).values() for w in group]
    print(f"{len(windows)} windows, {sum(len(p) for p, _ in windows):,} word pieces, {args.threads} thread(s)")
    print("| model | runtime | MB | CPU s | wall s |")
    print("|---|---|---|---|---|")
    for path in args.models:
        model = load_encoder(path)
        model.window_probabilities(*windows[0])
        cpu, wall = time.process_time(), time.perf_counter()
        for pieces, firsts in windows:
            model.window_probabilities(pieces, firsts)
        runtime = "torch" if path.suffix == ".safetensors" else "ONNX Runtime"
        print(f"| `{path.name}` | {runtime} | {path.stat().st_size / 1e6:.1f} | {time.process_time() - cpu:.2f} | "
              f"{time.perf_counter() - wall:.2f} |", flush=True)


if __name__ == "__main__":
    main()
