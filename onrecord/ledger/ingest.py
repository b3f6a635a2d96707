"""Filling the ledger: extraction in worker processes, one writer.

The NLP is the slow part and parallelises; SQLite wants one writer.  So
``--workers N`` starts N processes that each load the model once (through
``Extractor``) and turn batches of jobs into records, while this process —
the only one holding the database — writes each record in its own
transaction.  Inputs already in the ledger are recognised by a hash of their
bytes before any NLP, so a rerun after a crash or a kill only does the work
that is missing.
"""

from __future__ import annotations

import multiprocessing
import queue
import sqlite3
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from onrecord.errors import LedgerError, OnrecordError
from onrecord.ledger.schema import connect, ledger_error
from onrecord.ledger.writer import WriteResult, input_key, record_failure, write_record
from onrecord.pipeline import Extractor, Job, batched
from onrecord.read.items import Item, Skipped
from onrecord.record import Record

BATCH = 8           # jobs per task sent to a worker (spaCy batches within it)

Progress = Callable[[str, str], None]   # (status, source) after each item


@dataclass
class IngestSummary:
    """What one ingest did."""

    ingested: int = 0
    duplicates: int = 0          # already in the ledger: same input, URL or text
    near_duplicates: int = 0     # linked to a canonical article as "also ran in"
    failed: list[tuple[str, str]] = field(default_factory=list)   # (source, reason)
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return self.ingested + self.duplicates + self.near_duplicates + len(self.failed)

    def merge(self, other: "IngestSummary") -> None:
        """Add ``other``'s counts (one ingest over several kinds of input)."""
        self.ingested += other.ingested
        self.duplicates += other.duplicates
        self.near_duplicates += other.near_duplicates
        self.failed.extend(other.failed)
        self.seconds += other.seconds

    def count(self, status: str) -> None:
        if status == "ingested":
            self.ingested += 1
        elif status == "near-duplicate":
            self.near_duplicates += 1
        else:
            self.duplicates += 1


def ingest_items(conn: sqlite3.Connection, items: Iterable[Item], *, workers: int = 1,
                 model: Optional[str] = None, path: str = "ledger", progress: Optional[Progress] = None,
                 extractor: Optional[Extractor] = None) -> IngestSummary:
    """Extract and write every job in ``items``; failures are recorded and
    counted, never raised — except a ``LedgerError`` (locked, disk full),
    which stops the run because nothing more could be written.

    With workers, the pool pulls jobs from a feeder thread: that thread only
    reads (its own connection) and queues what it skips; every write happens
    here, in the main thread, on ``conn``."""
    summary = IngestSummary()
    started = time.perf_counter()
    pending: deque[str] = deque()   # input keys, in job order (results come back in order)
    events: queue.SimpleQueue = queue.SimpleQueue()   # (status, source, reason) found while feeding

    def jobs() -> Iterator[Job]:
        reader = conn if workers <= 1 else None
        try:
            for item in items:
                if isinstance(item, Skipped):
                    events.put(("failed", item.source, item.reason))
                    continue
                if reader is None:
                    reader = connect(path, readonly=True)
                key = input_key(item.raw, item.url)
                if _done(reader, key, path):
                    events.put(("duplicate", item.source_path or "", None))
                    continue
                pending.append(key)
                yield item
        finally:
            if reader is not None and reader is not conn:
                reader.close()

    def drain() -> None:
        while not events.empty():
            status, source, reason = events.get()
            if status == "failed":
                record_failure(conn, source, reason, path)
                summary.failed.append((source, reason))
            else:
                summary.count(status)
            if progress:
                progress(status, source)

    for job, record, error in _extract(jobs(), workers, model, extractor):
        drain()
        source = job.source_path or job.url or "(input)"
        key = pending.popleft()
        if error is None and record is not None:
            try:
                result: WriteResult = write_record(conn, record, key=key, source=source, path=path)
            except LedgerError:
                raise
            except OnrecordError as exc:
                error = str(exc)
            else:
                summary.count(result.status)
                if progress:
                    progress(result.status, source)
                continue
        events.put(("failed", source, error or "no record"))
        drain()
    drain()
    summary.seconds = time.perf_counter() - started
    return summary


def _done(conn: sqlite3.Connection, key: str, path: str) -> bool:
    try:
        return conn.execute("SELECT 1 FROM inputs WHERE key = ?", (key,)).fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise ledger_error(exc, path) from exc


Result = tuple[Job, Optional[Record], Optional[str]]


def _extract(jobs: Iterator[Job], workers: int, model: Optional[str],
             extractor: Optional[Extractor]) -> Iterator[Result]:
    if workers <= 1:
        extractor = extractor or Extractor(model)
        for batch in batched(jobs, BATCH):
            yield from extract_batch(extractor, batch)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
        try:
            for results in pool.imap(_work, batched(jobs, BATCH), chunksize=1):
                yield from results
        except BaseException:
            pool.terminate()
            raise


def extract_batch(extractor: Extractor, batch: list[Job]) -> list[Result]:
    """Run one batch; if the pipeline itself crashes (a bug, not bad input),
    rerun the jobs one by one so only the job that triggers it fails."""
    try:
        return [(o.job, o.record, str(o.error) if o.error else None) for o in extractor.run(batch)]
    except Exception as exc:
        if len(batch) == 1:
            return [(batch[0], None, f"extraction crashed: {type(exc).__name__}: {exc}")]
        return [result for job in batch for result in extract_batch(extractor, [job])]


_worker_extractor: Optional[Extractor] = None


def _init_worker(model: Optional[str]) -> None:
    """Load the model once in each worker process."""
    import signal

    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C
    _worker_extractor = Extractor(model)
    _worker_extractor.nlp  # noqa: B018 - load now, not on the first batch


def _work(batch: list[Job]) -> list[Result]:
    assert _worker_extractor is not None
    return extract_batch(_worker_extractor, batch)
