"""Build ``onrecord/data/word_clusters.tsv.gz``: English word -> Brown cluster.

    pip install spacy-lookups-data==1.0.5      # the "train" extra; not a runtime dependency
    python -m bench.word_clusters

The attribution tagger's cluster features (``features.cluster_features``)
read a word's Brown cluster: a path in a binary tree of 1,000 leaves learnt
from word co-occurrence, so words used alike share a prefix ("argued",
"insisted", "believes", "hopes", "declined", "told" share eight bits).  They
let the CRF generalise a cue or content word it saw in PolNeAR train to its
cluster-mates it never saw.

The clusters are spaCy's English ones (``en_lexeme_cluster``) from the
pinned PyPI package ``spacy-lookups-data`` (MIT).  Only the derived table
ships (every word with a cluster, about 190k, under 1 MB gzipped); the
runtime never needs the package.  Each line is ``word<TAB>cluster``, where
``cluster`` is spaCy's integer encoding of the path: the bit string reversed,
so the path's first ``n`` bits are ``cluster & (2**n - 1)``.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "onrecord" / "data" / "word_clusters.tsv.gz"
PINNED = "1.0.5"


def load_clusters() -> dict[str, int]:
    """spaCy's English Brown clusters (0 = no cluster is dropped)."""
    from importlib import metadata, resources

    version = metadata.version("spacy-lookups-data")
    if version != PINNED:
        raise SystemExit(f"spacy-lookups-data {version} installed; the table is built from {PINNED}")
    path = resources.files("spacy_lookups_data") / "data" / "en_lexeme_cluster.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as f:
        table = json.load(f)
    return {w: int(c) for w, c in table.items() if int(c) and "\t" not in w and "\n" not in w}


def write(table: dict[str, int], out: Path) -> None:
    lines = "".join(f"{w}\t{c}\n" for w, c in sorted(table.items()))
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(lines.encode("utf-8"))


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    table = load_clusters()
    write(table, args.out)
    print(f"{len(table)} words, {len(set(table.values()))} clusters, "
          f"{args.out.stat().st_size / 1e6:.2f} MB at {args.out}")


if __name__ == "__main__":
    main()
