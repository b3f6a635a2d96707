"""What the read stage hands on: a ``Job`` to extract, or a ``Skipped`` input.

Every reader (pages, feeds, WARC, JSONL) and every front end (the CLI, the
ledger's ingest, the Spark job) speaks these two types, so they live here,
below all of them: a reader never has to import the module that dispatches to
it, nor the pipeline that consumes its output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional, Union

Published = Union[str, dt.date, dt.datetime, None]


@dataclass
class Job:
    """One unit of work: raw input plus what the caller knows about it."""

    raw: Union[str, bytes]
    source_path: Optional[str] = None
    kind: str = "auto"
    url: Optional[str] = None
    published: Published = None


@dataclass
class Skipped:
    """An input (or part of one) that produced no job, and why."""

    source: str
    reason: str


Item = Union[Job, Skipped]
