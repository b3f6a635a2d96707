"""Every table of the ledger out as Parquet, JSON Lines or CSV.

Rows are streamed in batches so a large ledger exports in constant memory;
columns and Parquet types come from ``columns.table_columns`` (the declared
SQLite types), the same definition the Spark job writes its tables with, so an
all-NULL first batch cannot fix a column to the wrong type and the two outputs
line up column for column.  The FTS index and the
LSH buckets are derived data and can be rebuilt, so they are left out
unless asked for.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Iterator, Sequence

from onrecord.errors import LedgerError
from onrecord.ledger.columns import Column, arrow_schema, table_columns
from onrecord.ledger.schema import TABLES

FORMATS = ("parquet", "jsonl", "csv")
DERIVED = ("minhashes", "lsh_bands", "story_keys")
BATCH = 20_000


def export(conn: sqlite3.Connection, out: Path, fmt: str = "parquet", *,
           tables: Sequence[str] = (), include_derived: bool = False) -> dict[str, int]:
    """Write one file per table into ``out``; return rows written per table."""
    if fmt not in FORMATS:
        raise LedgerError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LedgerError(f"{out}: cannot create the export folder ({exc.strerror})") from exc
    chosen = list(tables) or [t for t in TABLES if include_derived or t not in DERIVED]
    unknown = set(chosen) - set(TABLES)
    if unknown:
        raise LedgerError(f"no table called {', '.join(sorted(unknown))}")
    counts = {}
    for table in chosen:
        columns = table_columns(table)
        writer = {"parquet": _parquet, "jsonl": _jsonl, "csv": _csv}[fmt]
        try:
            counts[table] = writer(out / f"{table}.{fmt}", table, columns, _batches(conn, table, columns))
        except OSError as exc:
            raise LedgerError(f"{out}: cannot write {table}.{fmt} ({exc.strerror})") from exc
    return counts


def _batches(conn: sqlite3.Connection, table: str, columns: Sequence[Column]) -> Iterator[list[tuple]]:
    """The rows in the shared column order; a column this ledger file lacks
    (written by an older onrecord) comes out as NULL."""
    present = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
    select = ", ".join(f'"{c.name}"' if c.name in present else f'NULL AS "{c.name}"' for c in columns)
    cursor = conn.execute(f"SELECT {select} FROM {table}")
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            return
        yield [tuple(r) for r in rows]


def _parquet(path: Path, table: str, columns: Sequence[Column], batches: Iterator[list[tuple]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for rows in batches:
            arrays = [pa.array([row[i] for row in rows], type=field.type) for i, field in enumerate(schema)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            count += len(rows)
    return count


def _jsonl(path: Path, table: str, columns: Sequence[Column], batches: Iterator[list[tuple]]) -> int:
    names = [c.name for c in columns]
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for rows in batches:
            for row in rows:
                handle.write(json.dumps(dict(zip(names, (_plain(v) for v in row))), ensure_ascii=False) + "\n")
            count += len(rows)
    return count


def _csv(path: Path, table: str, columns: Sequence[Column], batches: Iterator[list[tuple]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.name for c in columns])
        for rows in batches:
            writer.writerows([[_plain(v) for v in row] for row in rows])
            count += len(rows)
    return count


def _plain(value):
    return value.hex() if isinstance(value, (bytes, bytearray)) else value
