"""Attribution on PolNeAR dev, end to end through the real CLI.

    python -m bench.attribution                  # dev; writes docs/benchmarks.md
    python -m bench.attribution --split train-holdout --holdout 84 \\
        --model bench/out/valid.crfsuite          # model/merge selection, not reported
    python -m bench.attribution --split train-holdout-stratified --modes combined \\
        --errors                                  # rule changes, compared; with a breakdown

``train-holdout-stratified`` is the last 12 train articles of each of the 7
outlets (``polnear.holdout_split(stratified=True)``), so it mixes outlets as dev
does.  The shipped tagger and encoder were trained on all of train, these
articles included, so its absolute figures are inflated: it is for comparing
rule changes against each other, with dev confirming a candidate once.

Runs ``onrecord extract --as body --format jsonl`` once per finder mode
(combined, rules only, tagger only; selected with ``$ONRECORD_FINDER``; and
combined-crf, the combined finder with the CRF alone, ``ONRECORD_ENCODER=0``;
combined-torch, the encoder's adapter run on torch instead of its ONNX export) over
every text of the split in one process, reads ``statements`` back
(``content.spans`` and ``speaker.mention`` are offsets into the input) and
scores them with the PolNeAR README's metric (``bench/polnear.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

from bench.polnear import Article, Attribution, from_statement, holdout_split, load_split, score, split_dir

REPO = Path(__file__).resolve().parent.parent
MODES = ("combined", "rules", "tagger", "combined-crf", "combined-torch")
#: pseudo-modes: (finder mode, extra environment); combined-torch runs the
#: encoder's adapter file on torch instead of its ONNX export (``train`` extra)
VARIANTS = {"combined-crf": ("combined", {"ONRECORD_ENCODER": "0"}),
            "combined-torch": ("combined", {"ONRECORD_ENCODER_MODEL": str(REPO / "onrecord" / "data"
                                                                          / "attribution_encoder.safetensors")})}
COLUMNS = [("overlap_p", "P"), ("overlap_r", "R"), ("overlap_f1", "F1"), ("exact_f1", "exact F1"),
           ("source_acc", "source acc"), ("e2e_p", "e2e P"), ("e2e_r", "e2e R"), ("e2e_f1", "e2e F1")]


def default_eval_root() -> Path:
    return Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))


def articles_for(eval_root: Path, split: str, holdout: int = 84) -> tuple[list[Article], list[Path]]:
    """The articles of ``split`` and their text files (``train-holdout``: the
    last ``holdout`` train articles, which ``train_tagger --holdout`` leaves out,
    all one outlet; ``train-holdout-stratified``: the last ``holdout / 7`` of each
    outlet, as ``train_tagger --stratified`` leaves out)."""
    if split == "train-holdout":
        articles = load_split(eval_root, "train")[-holdout:]
        folder = split_dir(eval_root, "train")
    elif split == "train-holdout-stratified":
        train = load_split(eval_root, "train")
        articles = [train[i] for i in holdout_split(train, holdout, stratified=True)[1]]
        folder = split_dir(eval_root, "train")
    else:
        articles = load_split(eval_root, split)
        folder = split_dir(eval_root, split)
    return articles, [folder / "text" / f"{a.name}.txt" for a in articles]


def run_cli(paths: list[Path], mode: str, workers: int = 1,
            model: Optional[Path] = None) -> tuple[dict[str, list], float]:
    """Run ``onrecord extract`` over ``paths``; predictions by article name."""
    finder, extra = VARIANTS.get(mode, (mode, {}))
    env = dict(os.environ, ONRECORD_FINDER=finder, **extra)
    if model:
        env["ONRECORD_TAGGER_MODEL"] = str(model)
    cmd = [sys.executable, "-m", "onrecord.cli", "extract", "--as", "body", "--format", "jsonl"]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    started = time.time()
    proc = subprocess.run(cmd + [str(p) for p in paths], env=env, capture_output=True, text=True)
    elapsed = time.time() - started
    if proc.returncode != 0:
        raise RuntimeError(f"onrecord extract failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    predictions: dict[str, list] = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        name = Path(record["source_path"]).stem
        preds = [from_statement(s) for s in record.get("statements", [])]
        predictions[name] = [p for p in preds if p is not None]
    return predictions, elapsed


def evaluate(eval_root: Path, split: str = "dev", modes: tuple[str, ...] = MODES, holdout: int = 84,
             limit: int = 0, model: Optional[Path] = None, errors: bool = False,
             dump: Optional[Path] = None) -> dict[str, dict[str, float]]:
    """Scores per finder mode on ``split`` (``limit``: first N articles only);
    with ``errors``, each mode's breakdown of lost overlap is printed
    (``bench/attribution_errors.py``); with ``dump``, each mode's predictions
    are written to ``DUMP.MODE.json`` for a closer look."""
    articles, paths = articles_for(eval_root, split, holdout)
    if limit:
        articles, paths = articles[:limit], paths[:limit]
    results = {}
    for mode in modes:
        predictions, elapsed = run_cli(paths, mode, model=model)
        results[mode] = {**score(articles, predictions), "seconds": elapsed}
        if dump:
            write_predictions(Path(f"{dump}.{mode}.json"), predictions)
        if errors:
            from bench.attribution_errors import breakdown, render

            print(f"## {mode}: where overlap is lost ({split})")
            print(render(breakdown(articles, predictions)))
    return results


def write_predictions(path: Path, predictions: dict[str, list[Attribution]]) -> None:
    """Predictions as JSON (content pieces and source offsets by article)."""
    path.write_text(json.dumps({name: [{"content": a.content, "source": a.source, "cue": a.cue} for a in preds]
                                for name, preds in predictions.items()}))


def read_predictions(path: Path) -> dict[str, list[Attribution]]:
    """What ``write_predictions`` wrote."""
    raw = json.loads(path.read_text())
    return {name: [Attribution([tuple(c) for c in a["content"]], tuple(a["source"]) if a["source"] else None,
                               [tuple(c) for c in a["cue"]] if a.get("cue") else None)
                   for a in preds] for name, preds in raw.items()}


def table(results: dict[str, dict[str, float]]) -> str:
    head = "| finder | gold | pred | " + " | ".join(name for _, name in COLUMNS) + " |"
    rule = "|" + "---|" * (3 + len(COLUMNS))
    rows = [head, rule]
    for mode, s in results.items():
        cells = " | ".join(f"{s[key]:.3f}" for key, _ in COLUMNS)
        rows.append(f"| {mode} | {s['gold']} | {s['pred']} | {cells} |")
    return "\n".join(rows)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--split", default="dev", choices=["dev", "train-holdout", "train-holdout-stratified"])
    parser.add_argument("--holdout", type=int, default=84)
    parser.add_argument("--model", type=Path, help="tagger model to use instead of the shipped one")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md")
    parser.add_argument("--errors", action="store_true", help="print where content overlap is lost")
    parser.add_argument("--dump", type=Path, help="write each mode's predictions to DUMP.MODE.json")
    args = parser.parse_args(argv)

    modes = tuple(m for m in args.modes.split(",") if m)
    results = evaluate(args.eval_root, args.split, modes, args.holdout, model=args.model,
                       errors=args.errors, dump=args.dump)
    text = table(results)
    print(text)
    if args.split != "dev" or args.no_write or args.model:
        return
    from bench.report import write_section

    n = len(articles_for(args.eval_root, "dev")[0])
    write_section("attribution", "\n".join([
        f"PolNeAR dev ({n} articles, never trained or tuned on), scored with the metric in the "
        "corpus README (`bench/polnear.py`): content overlap P/R/F1, content exact F1, source "
        "accuracy on matched pairs, end-to-end P/R/F1. Each row is one run of "
        "`onrecord extract --as body --format jsonl` over all dev texts, with "
        "`ONRECORD_FINDER` selecting the finder; the tagger blends the CRF with the MiniLM encoder (its "
        "ONNX export on ONNX Runtime, `onrecord/data/attribution_encoder.onnx`), `combined-crf` is the "
        "combined finder with the CRF alone (`ONRECORD_ENCODER=0`), and `combined-torch` the combined "
        "finder with the encoder's adapter file run on torch (the model the ONNX file is exported from; "
        "needs the `train` extra).",
        "",
        text,
        "",
        "Goals: end-to-end F1 ≥ 0.75, content-overlap F1 ≥ 0.85, exact ≥ 0.60.",
        "",
        "Rerun: `python -m bench.attribution`",
    ]))


if __name__ == "__main__":
    main()
