"""The ledger stage: many articles kept once in SQLite, queryable.

Modules, one job each: ``schema`` (tables, opening the file), ``writer``
(one record, one transaction), ``dedup`` (URL, body hash, MinHash/LSH),
``entities`` (one speaker across articles; merge/split/rename), ``stories``
(same event across outlets), ``ingest`` (workers and the single writer),
``queries`` (who-said, search, timeline, stories, numbers), ``atom``
(watches and their feeds), ``export``, ``formats`` and ``commands`` (CLI).
"""

from onrecord.ledger.api import Ledger, default_path
from onrecord.ledger.ingest import IngestSummary
from onrecord.ledger.writer import WriteResult

__all__ = ["IngestSummary", "Ledger", "WriteResult", "default_path"]
