"""The ledger's tables as typed columns: the one schema definition that
``onrecord export --format parquet`` and the Spark job (``onrecord/scale``)
both write with.

The SQL in ``schema.py`` stays the source of truth: the columns are read back
from an in-memory database built from it (``PRAGMA table_info``), so a column
added there appears in every Parquet writer without a second list to keep in
step.  Types map from SQLite's declared affinity: INTEGER → int64, REAL →
float64, BLOB → binary, anything else → string.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from onrecord.errors import LedgerError


@dataclass(frozen=True)
class Column:
    """One column of a ledger table: its name, declared SQL type and kind."""

    name: str
    declared: str
    kind: str            # int64 | float64 | binary | string


def kind_of(declared: str) -> str:
    """The Parquet kind of a SQLite declared type (SQLite's affinity rules)."""
    declared = (declared or "").upper()
    if "INT" in declared:
        return "int64"
    if "REAL" in declared or "FLOA" in declared or "DOUB" in declared:
        return "float64"
    if "BLOB" in declared:
        return "binary"
    return "string"


@lru_cache(maxsize=None)
def table_columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table`` as ``schema.SCHEMA`` creates them, in order."""
    from onrecord.ledger.schema import SCHEMA, TABLES, _split

    if table not in TABLES:
        raise LedgerError(f"no table called {table}")
    conn = sqlite3.connect(":memory:")
    try:
        for statement in _split(SCHEMA):
            conn.execute(statement)
        rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
    finally:
        conn.close()
    return tuple(Column(name, (declared or "").upper(), kind_of(declared)) for _, name, declared, *_ in rows)


def arrow_type(kind: str):
    """The pyarrow type of a column kind."""
    import pyarrow as pa

    return {"int64": pa.int64(), "float64": pa.float64(), "binary": pa.binary(), "string": pa.string()}[kind]


def arrow_schema(table: str):
    """The pyarrow schema a ledger table is written with."""
    import pyarrow as pa

    return pa.schema([(c.name, arrow_type(c.kind)) for c in table_columns(table)])
