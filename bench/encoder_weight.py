"""Choose the encoder's weight in the tagger's blend on the PolNeAR *train* holdout.

    python -m bench.train_tagger --holdout 84 --stratified --out bench/out/valid_strat.crfsuite
    python -m bench.train_encoder --holdout 84 --stratified --out bench/out/valid_strat_encoder.safetensors
    python -m bench.encoder_weight --model bench/out/valid_strat.crfsuite \\
        --encoder bench/out/valid_strat_encoder.safetensors --weights 0,0.5,0.7,1

Both models must be trained without the holdout; dev is never used to choose.
Prints the combined finder's scores (the shipped merge policy) for each
weight, and the CRF alone with its own decoding (``ONRECORD_ENCODER=0``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Optional

from bench.polnear import from_raw, holdout_split, load_split, score
from bench.train_tagger import default_eval_root, parsed_docs


def combined_scores(articles: list, docs: list, model: Path) -> dict[str, float]:
    """The finder's scores over ``docs`` with the tagger as currently configured."""
    from onrecord.extract.attribution.finder import merge
    from onrecord.extract.attribution.rules import rule_attributions
    from onrecord.extract.attribution.tagger import load_tagger, tagger_output

    tagger = load_tagger(model)
    predictions = {}
    for article, doc in zip(articles, docs):
        tagged, cues = tagger_output(doc, tagger)
        predictions[article.name] = [from_raw(x) for x in merge(rule_attributions(doc), tagged,
                                                                tagger_cues=cues, text=doc.text)]
    return score(articles, predictions)


def add_holdout_arguments(parser: argparse.ArgumentParser) -> None:
    """The models and data every encoder experiment on the holdout needs."""
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--model", type=Path, required=True, help="CRF trained without the holdout")
    parser.add_argument("--encoder", type=Path, required=True, help="encoder adapter trained without the holdout")
    parser.add_argument("--holdout", type=int, default=84)


def held_out(args: argparse.Namespace) -> tuple[list, list]:
    """The stratified holdout's articles and cached parses; the tagger will
    use ``args.encoder``."""
    from onrecord.extract.attribution import encoder

    articles = load_split(args.eval_root, "train")
    docs = parsed_docs(articles, "train")
    _, held = holdout_split(articles, args.holdout, stratified=True)
    os.environ[encoder.ADAPTER_ENV] = str(args.encoder)
    return [articles[i] for i in held], [docs[i] for i in held]


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_holdout_arguments(parser)
    parser.add_argument("--weights", default="0,0.3,0.5,0.6,0.7,0.8,1")
    args = parser.parse_args(argv)

    from onrecord.extract.attribution import encoder, tagger

    articles, docs = held_out(args)
    print("| encoder weight | pred | overlap P | overlap R | overlap F1 | exact F1 | source acc | e2e F1 |")
    print("|---|---|---|---|---|---|---|---|")

    def row(label: str, s: dict[str, float]) -> None:
        print(f"| {label} | {s['pred']} | {s['overlap_p']:.3f} | {s['overlap_r']:.3f} | {s['overlap_f1']:.3f} | "
              f"{s['exact_f1']:.3f} | {s['source_acc']:.3f} | {s['e2e_f1']:.3f} |", flush=True)

    os.environ[encoder.SWITCH_ENV] = "0"
    row("CRF alone (encoder off)", combined_scores(articles, docs, args.model))
    os.environ[encoder.SWITCH_ENV] = "1"
    for weight in (float(w) for w in args.weights.split(",")):
        tagger.ENCODER_WEIGHT = weight
        row(f"{weight:g}", combined_scores(articles, docs, args.model))


if __name__ == "__main__":
    main()
