"""The ledger stage: many articles kept once in SQLite, queryable.

Modules, one job each: ``schema`` (tables, opening the file), ``writer``
(one record, one transaction), ``dedup`` (URL, body hash, MinHash/LSH),
``entities`` (one speaker across articles; merge/split/rename), ``stories``
(same event across outlets), ``ingest`` (workers and the single writer),
``queries`` (who-said, search, timeline, stories, numbers), ``atom``
(watches and their feeds), ``export``, ``formats`` and ``commands`` (CLI).

The public names are imported on first use, so that ``onrecord --help`` and
commands that only read the ledger do not pay for numpy and datasketch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.ledger.api import Ledger, default_path
    from onrecord.ledger.ingest import IngestSummary
    from onrecord.ledger.writer import WriteResult

__all__ = ["IngestSummary", "Ledger", "WriteResult", "default_path"]

_HOMES = {"Ledger": "api", "default_path": "api", "IngestSummary": "ingest", "WriteResult": "writer"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f"onrecord.ledger.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'onrecord.ledger' has no attribute {name!r}")
