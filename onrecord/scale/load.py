"""The Spark job's output back into the SQLite ledger, without extracting again.

``records`` holds each extracted record's whole JSON, its source and the
input key a direct ``onrecord ingest`` would store; ``failures`` holds what
could not be read or extracted.  Loading replays them in input order (the
order a direct ingest reads the same inputs) through the ledger's own writer,
one transaction per record, so entity resolution, duplicates and stories come
out as if the inputs had been ingested directly, and a second load of the same
output finds every input key done and writes nothing.  Reads with pyarrow:
no Spark needed on the machine that serves the ledger.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Iterator, Optional, Union

from onrecord.errors import LedgerError, OnrecordError
from onrecord.ledger.ingest import IngestSummary, Progress
from onrecord.ledger.writer import record_failure, write_record
from onrecord.record import Record

def is_job_output(path: Union[str, Path]) -> bool:
    """Whether ``path`` is a folder the Spark job wrote (its ``records`` and ``summary`` tables)."""
    path = Path(path)
    return path.is_dir() and (path / "records").is_dir() and (path / "summary").is_dir()


def load_output(conn: sqlite3.Connection, out: Union[str, Path], *, path: str = "ledger",
                progress: Optional[Progress] = None) -> IngestSummary:
    """Write every record and failure of the job output ``out`` into the ledger."""
    summary = IngestSummary()
    started = time.perf_counter()
    for kind, row in _in_order(Path(out)):
        source = row["source"] or row["input"]
        if kind == "failure":
            reason = row["message"]
            record_failure(conn, source, reason, path)
            summary.failed.append((source, reason))
            if progress:
                progress("failed", source)
            continue
        try:
            record = Record.from_dict(json.loads(row["record"]))
            result = write_record(conn, record, key=row["input_key"], source=source, path=path)
        except LedgerError:
            raise
        except (OnrecordError, ValueError, KeyError, TypeError) as exc:
            record_failure(conn, source, str(exc), path)
            summary.failed.append((source, str(exc)))
            if progress:
                progress("failed", source)
            continue
        summary.count(result.status)
        if progress:
            progress(result.status, source)
    summary.seconds = time.perf_counter() - started
    return summary


def _in_order(out: Path) -> Iterator[tuple[str, dict]]:
    """Records and failures merged by (input, record number), a record before
    a failure at the same place; inputs the job could not list (index -1) last."""
    import pyarrow.dataset as ds

    tables = {}
    for kind, name in (("record", "records"), ("failure", "failures")):
        folder = out / name
        if not folder.is_dir():
            raise LedgerError(f"{out}: not a complete onrecord spark output (no {name} table)")
        tables[kind] = ds.dataset(str(folder), format="parquet").to_table()
    order = []
    for kind, table in tables.items():
        index = table.column("input_index").to_pylist()
        number = table.column("record_number").to_pylist()
        order.extend((i if i is not None and i >= 0 else 1 << 40, n, 0 if kind == "record" else 1, kind, row)
                     for row, (i, n) in enumerate(zip(index, number)))
    order.sort(key=lambda item: item[:3])
    for _, _, _, kind, row in order:
        yield kind, {name: tables[kind].column(name)[row].as_py() for name in tables[kind].column_names}
