"""Recognising an article the ledger already holds.

Three levels, cheapest first:

1. the canonical URL (tracking parameters, fragments and ``www.`` removed);
2. ``Article.id``, the hash of the normalised body (same text, other URL:
   the same wire story run by another outlet);
3. MinHash over word 4-shingles with LSH banding (datasketch) for lightly
   edited copies.  The signatures and band buckets are stored in the ledger
   (``minhashes``, ``lsh_bands``) inside the article's own transaction, so
   the index survives restarts and never disagrees with the articles table;
   a lookup is one indexed query per band instead of rebuilding an in-memory
   index on every run.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
THRESHOLD = 0.7          # estimated Jaccard similarity (of 4-word shingles) that makes a near-duplicate
SHINGLE = 4              # words per shingle
SEED = 1                 # fixed so signatures from different runs compare
SCHEME = "affine32"      # datasketch 2 hashing scheme, pinned for the same reason
MIN_WORDS = 20           # shorter bodies are too small to call near-duplicates

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ocid$|cmpid$|smid$|ref$|ref_src$|cid$)", re.I)
_WORD = re.compile(r"\w+", re.U)


def canonical_url(url: Optional[str]) -> Optional[str]:
    """The URL used as an identity: lower-case scheme and host, no ``www.``,
    no fragment, no tracking parameters, no trailing slash; ``None`` when the
    input is not an http(s) URL."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    path = re.sub(r"/+$", "", parts.path) or "/"
    return urlunsplit(("https", host, path, query, ""))


def shingles(body: str, size: int = SHINGLE) -> set[bytes]:
    """Word ``size``-grams of the folded body, as bytes ready for hashing."""
    words = _WORD.findall(body.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(body: str) -> Optional["MinHash"]:
    """The MinHash of ``body``, or ``None`` when it is too short to compare."""
    if len(_WORD.findall(body)) < MIN_WORDS:
        return None
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles(body)))
    return minhash


@lru_cache(maxsize=1)
def bands() -> tuple[int, int]:
    """(bands, rows per band) datasketch picks for ``THRESHOLD`` and ``NUM_PERM``."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_buckets(minhash: "MinHash") -> list[tuple[int, bytes]]:
    """One (band, bucket) pair per LSH band of the signature."""
    import numpy as np

    b, r = bands()
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
    return [(i, hashlib.blake2b(values[i * r:(i + 1) * r].tobytes(), digest_size=8).digest())
            for i in range(b)]


def to_blob(minhash: "MinHash") -> bytes:
    import numpy as np

    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_blob(blob: bytes) -> "MinHash":
    import numpy as np
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint64))


@dataclass
class Match:
    """An article already in the ledger that the new one duplicates."""

    article_id: str
    relation: str            # same-url | same-text | near-duplicate
    similarity: float = 1.0


def find_near_duplicate(conn: sqlite3.Connection, minhash: "MinHash") -> Optional[Match]:
    """The most similar stored article above ``THRESHOLD``, following its
    ``canonical_id`` so copies of copies point at one original."""
    candidates: set[str] = set()
    for band, bucket in band_buckets(minhash):
        for (article_id,) in conn.execute(
                "SELECT article_id FROM lsh_bands WHERE band = ? AND bucket = ?", (band, bucket)):
            candidates.add(article_id)
    best: Optional[Match] = None
    for article_id in candidates:
        row = conn.execute("SELECT signature FROM minhashes WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            continue
        similarity = minhash.jaccard(from_blob(row[0]))
        if similarity >= THRESHOLD and (best is None or similarity > best.similarity):
            best = Match(article_id, "near-duplicate", float(similarity))
    if best is None:
        return None
    canonical = conn.execute("SELECT canonical_id FROM articles WHERE id = ?", (best.article_id,)).fetchone()
    if canonical and canonical[0]:
        best.article_id = canonical[0]
    return best


def store_signature(conn: sqlite3.Connection, article_id: str, minhash: "MinHash") -> None:
    """Record the signature and its band buckets (inside the caller's transaction)."""
    conn.execute("INSERT OR REPLACE INTO minhashes(article_id, signature) VALUES (?, ?)",
                 (article_id, to_blob(minhash)))
    conn.executemany("INSERT OR IGNORE INTO lsh_bands(band, bucket, article_id) VALUES (?, ?, ?)",
                     [(band, bucket, article_id) for band, bucket in band_buckets(minhash)])
