"""Compare the finder's merge policies on the PolNeAR *train* holdout.

    python -m bench.train_tagger --holdout 84 --out bench/out/valid.crfsuite
    python -m bench.merge_policy --model bench/out/valid.crfsuite

The tagger must be one trained without the holdout (the last 84 train
articles); dev is never used to choose a policy.  Scores come from the same
metric as ``bench/attribution.py``, in process, over the cached parse.
"""

from __future__ import annotations

import argparse
import copy
import itertools
from pathlib import Path
from typing import Optional

from bench.polnear import from_raw, holdout_split, load_split, score
from bench.train_tagger import default_eval_root, parsed_docs


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--model", type=Path, required=True, help="tagger trained without the holdout")
    parser.add_argument("--holdout", type=int, default=84)
    parser.add_argument("--stratified", action="store_true", help="the per-publisher holdout (see bench.polnear)")
    args = parser.parse_args(argv)

    from onrecord.extract.attribution.finder import merge
    from onrecord.extract.attribution.rules import rule_attributions
    from onrecord.extract.attribution.tagger import load_tagger, tagger_output

    articles = load_split(args.eval_root, "train")
    docs = parsed_docs(articles, "train")
    _, held = holdout_split(articles, args.holdout, args.stratified)
    articles, docs = [articles[i] for i in held], [docs[i] for i in held]
    tagger = load_tagger(args.model)
    rules = [rule_attributions(d) for d in docs]
    outputs = [tagger_output(d, tagger) for d in docs]
    tagged = [t for t, _ in outputs]
    cues = [c for _, c in outputs]

    print("| rule-only kept | rule direct replaces | rule source preferred | pred | overlap F1 | "
          "exact F1 | source acc | e2e F1 |")
    print("|---|---|---|---|---|---|---|---|")
    rows = [("none", frozenset()), ("direct", frozenset({"direct"})),
            ("all", frozenset({"direct", "indirect", "mixed"}))]
    rows.append(("tagger-labelled cue", frozenset()))
    for (label, kinds), replace, prefer in itertools.product(rows, (False, True), (False, True)):
        use_cues = label == "tagger-labelled cue"
        predictions = {a.name: [from_raw(x) for x in merge(r, copy.deepcopy(t), prefer_rule_source=prefer,
                                                           replace_direct=replace, add_rule_only=kinds,
                                                           tagger_cues=c if use_cues else ())]
                       for a, r, t, c in zip(articles, rules, tagged, cues)}
        s = score(articles, predictions)
        print(f"| {label} | {replace} | {prefer} | {s['pred']} | {s['overlap_f1']:.3f} | "
              f"{s['exact_f1']:.3f} | {s['source_acc']:.3f} | {s['e2e_f1']:.3f} |")
    only_tagger = {a.name: [from_raw(x) for x in t] for a, t in zip(articles, tagged)}
    s = score(articles, only_tagger)
    print(f"| tagger alone | | | {s['pred']} | {s['overlap_f1']:.3f} | {s['exact_f1']:.3f} | "
          f"{s['source_acc']:.3f} | {s['e2e_f1']:.3f} |")


if __name__ == "__main__":
    main()
