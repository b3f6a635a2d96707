"""The tables the Spark job writes, with their column types, defined once.

``articles``, ``statements``, ``claims``, ``mentions`` and ``entities`` take
their columns from the ledger (``ledger.columns``, the definition
``onrecord export --format parquet`` writes with), so a column added to the
ledger's schema appears in the Spark output too.  The tables only a corpus job
has (``records``, ``failures``, ``duplicates``, ``speakers``, ``tasks``,
``summary``) are declared here, in the same kinds.  ``spark_schema`` turns
any of them into a Spark ``StructType``; ``arrow_schema`` into pyarrow's.
"""

from __future__ import annotations

import base64
import json

from onrecord.ledger import columns as ledger_columns

#: Tables whose columns are the ledger's.
LEDGER_TABLES = ("articles", "statements", "claims", "mentions", "entities")

#: Columns of the job's own tables: (name, kind); kinds as in ``ledger.columns``,
#: plus ``list<string>``.
OWN_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    # one row per record extracted, duplicates included: the lossless form `onrecord ingest DIR` loads
    "records": (("input_index", "int64"), ("input", "string"), ("record_number", "int64"), ("source", "string"),
                ("input_key", "string"), ("article_id", "string"), ("url", "string"), ("signature", "binary"),
                ("record", "string")),
    "failures": (("input_index", "int64"), ("input", "string"), ("record_number", "int64"), ("source", "string"),
                 ("error_class", "string"), ("message", "string")),
    "duplicates": (("article_id", "string"), ("canonical_id", "string"), ("relation", "string"),
                   ("similarity", "float64"), ("source", "string"), ("url", "string")),
    "speakers": (("speaker_id", "int64"), ("speaker_name", "string"), ("statements", "int64"),
                 ("articles", "int64"), ("outlets", "list<string>"), ("outlet_count", "int64"),
                 ("first_date", "string"), ("last_date", "string")),
    "tasks": (("partition", "int64"), ("pid", "int64"), ("inputs", "int64"), ("records", "int64"),
              ("model_loads", "int64"), ("seconds", "float64"), ("cpu_seconds", "float64")),
    "summary": (("inputs", "int64"), ("records_read", "int64"), ("extracted", "int64"), ("articles", "int64"),
                ("duplicates", "int64"), ("near_duplicates", "int64"), ("failed", "int64"),
                ("statements", "int64"), ("claims", "int64"), ("model_loads", "int64"),
                ("python_workers", "int64"), ("extract_seconds", "float64"), ("seconds", "float64")),
    # per record and entity, before the corpus-wide group-by that makes `entities`
    "entity_rows": (("id", "int64"), ("name", "string"), ("norm", "string"), ("type", "string"),
                    ("roles", "list<string>"), ("mentions", "int64"), ("article_id", "string")),
}

#: What the job writes, in order.
OUTPUT_TABLES = ("articles", "statements", "claims", "entities", "mentions", "records", "failures",
                 "duplicates", "speakers", "tasks", "summary")

#: Columns the job adds while working (a row's record, to keep the first copy of a text) and drops on writing.
ORDER_COLUMNS = (("_input_index", "int64"), ("_record_number", "int64"))


def table_columns(table: str) -> tuple[tuple[str, str], ...]:
    """(name, kind) of each column ``table`` is written with."""
    if table in LEDGER_TABLES:
        return tuple((c.name, c.kind) for c in ledger_columns.table_columns(table))
    try:
        return OWN_TABLES[table]
    except KeyError:
        raise KeyError(f"no output table called {table}") from None


def working_columns(table: str) -> tuple[tuple[str, str], ...]:
    """The columns of a table's rows as the workers produce them."""
    if table in ("articles", "statements", "claims", "mentions", "entity_rows"):
        return table_columns(table) + ORDER_COLUMNS
    return table_columns(table)


def _spark_type(kind: str):
    from pyspark.sql import types as T

    simple = {"int64": T.LongType(), "float64": T.DoubleType(), "binary": T.BinaryType(),
              "string": T.StringType()}
    if kind == "list<string>":
        return T.ArrayType(T.StringType())
    return simple[kind]


def spark_schema(table: str, *, working: bool = False):
    """The Spark ``StructType`` of ``table`` (with the order columns if ``working``)."""
    from pyspark.sql import types as T

    cols = working_columns(table) if working else table_columns(table)
    return T.StructType([T.StructField(name, _spark_type(kind), True) for name, kind in cols])


def arrow_schema(table: str):
    """The pyarrow schema of ``table`` (what a Parquet reader sees)."""
    import pyarrow as pa

    def arrow(kind: str):
        return pa.list_(pa.string()) if kind == "list<string>" else ledger_columns.arrow_type(kind)

    return pa.schema([(name, arrow(kind)) for name, kind in table_columns(table)])


def as_payload(row: dict) -> str:
    """``row`` as the JSON text a worker hands to Spark (binary values as
    base64): one string column for every table, parsed back by the JVM
    (``from_payload``), so no Python pass per table is needed after extraction."""
    return json.dumps({k: (base64.b64encode(v).decode("ascii") if isinstance(v, (bytes, bytearray)) else v)
                       for k, v in row.items()}, ensure_ascii=False, allow_nan=False)


def from_payload(frame, table: str, *, column: str = "payload"):
    """The rows of ``table`` from a frame of ``as_payload`` texts, typed by the
    table's working schema: parsed by Spark's JSON reader inside the JVM."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = spark_schema(table, working=True)
    as_read = T.StructType([T.StructField(f.name, T.StringType() if isinstance(f.dataType, T.BinaryType)
                                          else f.dataType, True) for f in schema.fields])
    parsed = frame.select(F.from_json(F.col(column), as_read).alias("_row")).select("_row.*")
    return parsed.select(*[F.unbase64(F.col(f.name)).alias(f.name) if isinstance(f.dataType, T.BinaryType)
                           else F.col(f.name) for f in schema.fields])


def as_tuple(table: str, row: dict, *, working: bool = True) -> tuple:
    """``row`` as a tuple in the table's column order (what Spark builds rows from)."""
    cols = working_columns(table) if working else table_columns(table)
    return tuple(row.get(name) for name, _ in cols)
