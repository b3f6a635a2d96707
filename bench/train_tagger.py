"""Train the attribution CRF on PolNeAR train.

    python -m bench.train_tagger                       # ship: all 840 train articles
    python -m bench.train_tagger --holdout 84 --out bench/out/valid.crfsuite
                                                       # model selection on a train holdout

The train texts are parsed once with the runtime spaCy pipeline and cached as
a DocBin under ``bench/out/`` (git-ignored), so trying features or
hyper-parameters costs only feature extraction and CRF training.  Dev is never
read here: choices are made on ``--holdout`` (the last N train articles in
sorted order), dev is only for the reported scores (``bench/attribution.py``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Optional

from bench.polnear import Article, holdout_split, load_split, score
from bench.polnear import from_raw

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
DEFAULT_MODEL_OUT = REPO / "onrecord" / "data" / "attribution_tagger.crfsuite"
PARAMS = {
    "c1": 2.0,  # L1 keeps the model small (about 2 MB) and scored best on the holdout (docs/tagger.md)
    "c2": 0.01,
    "max_iterations": 300,  # L-BFGS is still moving at 150 (stratified holdout e2e 0.703 -> 0.708)
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}


def default_eval_root() -> Path:
    import os

    return Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))


def parsed_docs(articles: list[Article], split: str, nlp=None) -> list:
    """spaCy docs for ``articles``, from the cache when it matches."""
    from spacy.tokens import DocBin

    from onrecord.nlp.model import load_pipeline
    from onrecord.nlp.parse import PARSE_DISABLE

    if not articles:
        raise SystemExit(f"no {split} articles found: check --eval-root / $ONRECORD_EVAL_DIR")
    nlp = nlp or load_pipeline(disable=PARSE_DISABLE)
    OUT.mkdir(parents=True, exist_ok=True)
    # one cache per pipeline variant (paragraph breaks change the parse, lemma fixes the lemmas)
    variant = "_para" if "onrecord_paragraph_breaks" in nlp.component_names else ""
    variant += "_lemfix" if "onrecord_lemma_fixes" in nlp.component_names else ""
    cache = OUT / f"polnear_{split}{variant}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles) and all(d.text == a.text for d, a in zip(docs, articles)):
            return docs
    started = time.time()
    bin_ = DocBin(store_user_data=False)
    docs = []
    for doc in nlp.pipe((a.text for a in articles), batch_size=16):
        bin_.add(doc)
        docs.append(doc)
    bin_.to_disk(cache)
    print(f"parsed {len(docs)} {split} articles in {time.time() - started:.0f}s", file=sys.stderr)
    return docs


def gold_tuples(article: Article) -> list:
    return [(g.content, g.source, g.cue or []) for g in article.gold]


def train(articles: list[Article], docs: list, out: Path, params: Optional[dict] = None) -> float:
    """Train and save a CRF; return the training time in seconds."""
    import pycrfsuite

    from onrecord.extract.attribution.features import doc_features
    from onrecord.extract.attribution.tagger import encode_labels

    started = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_tok = 0
    for article, doc in zip(articles, docs):
        labels = encode_labels(doc, gold_tuples(article))
        paras, sequences = doc_features(doc)
        for para, xseq in zip(paras, sequences):
            trainer.append(xseq, [labels[i] for i in para.tokens])
            n_seq += 1
            n_tok += len(xseq)
    print(f"features for {n_seq} paragraphs, {n_tok} tokens in {time.time() - started:.0f}s",
          file=sys.stderr)
    trainer.set_params({**PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    elapsed = time.time() - started
    last = trainer.logparser.last_iteration
    print(f"trained in {elapsed:.0f}s ({last['num'] if last else '?'} iterations); "
          f"model {out.stat().st_size / 1e6:.1f} MB at {out}", file=sys.stderr)
    return elapsed


def evaluate(articles: list[Article], docs: list, model: Path) -> dict[str, float]:
    """Tagger-only scores (in process) on ``articles``."""
    from onrecord.extract.attribution.tagger import load_tagger, tagger_attributions

    tagger = load_tagger(model)
    predictions = {a.name: [from_raw(r) for r in tagger_attributions(d, tagger)]
                   for a, d in zip(articles, docs)}
    return score(articles, predictions)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_OUT)
    parser.add_argument("--holdout", type=int, default=0,
                        help="train on all but the last N train articles and score on those N")
    parser.add_argument("--stratified", action="store_true",
                        help="hold out the last N/7 articles of each publisher (like dev) instead of the last N")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N train articles")
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = parser.parse_args(argv)

    articles = load_split(args.eval_root, "train")
    docs = parsed_docs(articles, "train")
    if args.limit:
        articles, docs = articles[:args.limit], docs[:args.limit]
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    if args.holdout:
        fit, held = holdout_split(articles, args.holdout, args.stratified)
        train([articles[i] for i in fit], [docs[i] for i in fit], args.out, params)
        scores = evaluate([articles[i] for i in held], [docs[i] for i in held], args.out)
        print("holdout (train split) tagger-only: " +
              " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in scores.items()))
    else:
        train(articles, docs, args.out, params)


if __name__ == "__main__":
    main()
