"""The Spark job: web archives (and JSONL, pages, manifests of paths) in, the
record out as Parquet tables.  Modelled on Common Crawl's cc-pyspark jobs.

On a laptop::

    onrecord spark crawl/*.warc.gz --out out/ --master 'local[2]'

On a cluster (docs/scale.md: shipping onrecord and its models in a packed
virtual environment)::

    spark-submit --archives onrecord-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        onrecord/scale/job.py --out s3a://bucket/onrecord/ s3a://bucket/news.warc.paths

The driver lists the inputs and hands one input file to each task
(``--input-partitions`` changes that); each Python worker loads the models
once (``worker.py``) and turns its files into rows; the corpus-wide tables
(``corpus.py``) are computed by Spark from those rows; every table is written
with ``mode("overwrite")``, so a rerun into the same ``--out`` replaces the
output, and since every id is derived from the input (body hashes, record
keys, entity keys) a rerun or a retried task writes the same rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

if __package__ in (None, ""):   # run as a file by spark-submit: make `onrecord` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from onrecord.errors import OnrecordError  # noqa: E402
from onrecord.scale import tables  # noqa: E402
from onrecord.scale.worker import Settings  # noqa: E402

APP_NAME = "onrecord"

#: JVM options for a ``local[...]`` master (driver and executor are one short-lived JVM).
LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@dataclass
class JobConfig:
    """Everything one run needs to know."""

    inputs: Sequence[str]
    out: str
    output_format: str = "parquet"
    output_partitions: Optional[int] = None     # files per table (None: Spark's own choice)
    input_partitions: Optional[int] = None      # tasks reading inputs (None: one per input file)
    input_base_url: Optional[str] = None        # prefix for relative paths in manifests
    read_via: str = "auto"                      # auto | hadoop | local: who reads the input bytes
    settings: Settings = field(default_factory=Settings)


@dataclass
class JobSummary:
    """The counts a run prints (and writes as the ``summary`` table)."""

    inputs: int = 0
    records_read: int = 0
    extracted: int = 0
    articles: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    statements: int = 0
    claims: int = 0
    model_loads: int = 0
    python_workers: int = 0
    extract_seconds: float = 0.0     # listing and extraction (the workers' share)
    seconds: float = 0.0             # the whole job, writing included

    def line(self) -> str:
        return (f"{self.inputs} input file(s), {self.records_read} record(s) read, {self.extracted} extracted, "
                f"{self.articles} article(s), {self.duplicates} duplicate(s) ({self.near_duplicates} near), "
                f"{self.failed} failed; {self.statements} statement(s), {self.claims} claim(s); "
                f"models loaded {self.model_loads}x in {self.python_workers} Python worker(s); "
                f"{self.seconds:.1f}s ({self.extract_seconds:.1f}s extracting)")


def spark_session(master: Optional[str] = None, *, app_name: str = APP_NAME, conf: Sequence[tuple[str, str]] = ()):
    """A SparkSession with the settings the job relies on.  ``master`` None
    leaves it to ``spark-submit``; a ``local[...]`` master binds to loopback
    and runs the workers on this Python with this copy of onrecord."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    settings = {
        "spark.python.worker.reuse": "true",     # the models stay loaded between tasks (worker.py)
        "spark.task.maxFailures": "4",
        "spark.sql.sources.partitionOverwriteMode": "static",
        "spark.ui.showConsoleProgress": "false",
    }
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            package_root = str(Path(__file__).resolve().parents[2])
            os.environ["PYTHONPATH"] = os.pathsep.join(
                p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            settings.update({"spark.driver.bindAddress": "127.0.0.1", "spark.driver.host": "127.0.0.1",
                             "spark.ui.enabled": "false", "spark.executorEnv.PYTHONPATH": os.environ["PYTHONPATH"],
                             "spark.sql.shuffle.partitions": "8",
                             # a local JVM lives for one job: the quick JIT tier and the serial collector
                             # spend less CPU on warming up and leave the cores to the Python workers
                             "spark.driver.extraJavaOptions": LOCAL_JVM_OPTIONS})
    for key, value in list(settings.items()) + list(conf):
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_job(spark, config: JobConfig, *, echo=print) -> JobSummary:
    """Run the job on ``spark``; return (and print with ``echo``) its summary."""
    from onrecord.scale import corpus
    from onrecord.scale.inputs import is_local, list_inputs
    from onrecord.scale.rows import failure_row

    if config.output_format not in ("parquet",):
        raise OnrecordError(f"unknown output format {config.output_format!r}; the job writes parquet")
    started = time.perf_counter()
    sc = spark.sparkContext
    files, missing = list_inputs(config.inputs, read_text=lambda p: _read_text(spark, p),
                                 list_remote=lambda p: _list_remote(sc, p), base=config.input_base_url)
    counters = {name: sc.accumulator(0) for name in ("records_read", "extracted", "failed", "model_loads")}
    from pyspark.sql import types as T

    payload_schema = T.StructType([T.StructField("table", T.StringType(), False),
                                   T.StructField("payload", T.StringType(), False)])
    rows = spark.createDataFrame(_rows(sc, files, config, counters), payload_schema).persist(_storage())
    cached = [rows]
    try:
        rows.count()      # the extraction, once, as its own stage (timed apart from the corpus work)
        extracted_at = time.perf_counter()
        # every table is parsed from the cached JSON texts inside the JVM: no Python pass per table
        frames = {table: tables.from_payload(rows.where(rows["table"] == table), table).persist(_storage())
                  for table in ("records", "articles", "statements", "claims", "mentions", "entity_rows",
                                "failures", "tasks")}
        cached.extend(frames.values())
        if missing:
            frames["failures"] = frames["failures"].unionByName(spark.createDataFrame(
                [tables.as_tuple("failures", failure_row(input_index=-1, input_path=s.source, record_number=-1,
                                                         source=s.source, error_class="Skipped",
                                                         message=s.reason)) for s in missing],
                tables.spark_schema("failures")))
        articles, kept, exact = corpus.keep_first(
            frames["records"], frames["articles"],
            {name: frames[name] for name in ("statements", "claims", "mentions", "entity_rows")})
        near = corpus.near_duplicates(spark, frames["records"]).persist(_storage())
        cached.append(near)
        from pyspark.sql import functions as F

        articles = (articles.drop("canonical_id", "similarity")
                    .join(near.select(F.col("article_id").alias("id"), "canonical_id", "similarity"), "id", "left"))
        output = {
            "articles": articles, "statements": kept["statements"], "claims": kept["claims"],
            "mentions": kept["mentions"], "entities": corpus.entities(kept["entity_rows"], kept["statements"]),
            "records": frames["records"], "failures": frames["failures"],
            "duplicates": exact.unionByName(near), "speakers": corpus.speakers(kept["statements"], articles),
            "tasks": frames["tasks"],
        }
        for table in tables.OUTPUT_TABLES:
            if table != "summary":
                _write(output[table], table, config)
        workers, loads = (spark.read.parquet(_join(config.out, "tasks")).groupBy("pid")
                          .agg(F.max("model_loads").alias("loads"))
                          .agg(F.count("*"), F.coalesce(F.sum("loads"), F.lit(0))).first())
        counts = _counts(spark, config.out)
        summary = JobSummary(
            inputs=len(files), records_read=counts["records"] + counts["failures"], extracted=counts["records"],
            articles=counts["articles"], duplicates=counts["duplicates"], near_duplicates=counts["near-duplicates"],
            failed=counts["failures"], statements=counts["statements"], claims=counts["claims"],
            model_loads=int(loads), python_workers=int(workers), extract_seconds=extracted_at - started,
            seconds=time.perf_counter() - started)
        spark.createDataFrame([tables.as_tuple("summary", summary.__dict__, working=False)],
                              tables.spark_schema("summary")).coalesce(1).write.mode("overwrite").parquet(
            _join(config.out, "summary"))
    finally:
        for item in cached:
            item.unpersist()
    echo(f"onrecord spark: {summary.line()}")
    echo(f"  accumulators: {', '.join(f'{k} {v.value}' for k, v in counters.items())} "
         "(a retried task counts twice here; the tables count once)")
    echo(f"  wrote {', '.join(tables.OUTPUT_TABLES)} to {config.out}")
    return summary


def _counts(spark, out: str) -> dict[str, int]:
    """Rows of the written tables the summary counts, read back in one Spark
    job (one count per table would be a job each)."""
    from functools import reduce

    from pyspark.sql import functions as F

    def rows(table: str, where: Optional[str] = None, name: Optional[str] = None):
        frame = spark.read.parquet(_join(out, table))
        return (frame.where(where) if where else frame).select(F.lit(name or table).alias("table"))

    parts = [rows(t) for t in ("records", "articles", "statements", "claims", "failures", "duplicates")]
    parts.append(rows("duplicates", "relation = 'near-duplicate'", "near-duplicates"))
    found = {r["table"]: r["count"] for r in reduce(lambda a, b: a.unionByName(b), parts)
             .groupBy("table").count().collect()}
    return {name: int(found.get(name, 0)) for name in ("records", "articles", "statements", "claims", "failures",
                                                       "duplicates", "near-duplicates")}


def _storage():
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK


def _rows(sc, files, config: JobConfig, counters):
    """The RDD of (table, JSON row) the workers produce, one input file per task."""
    from onrecord.scale.inputs import is_local

    settings = config.settings
    via = config.read_via
    hadoop = [f for f in files if via == "hadoop" or (via == "auto" and not is_local(f.path))]
    local = [f for f in files if f not in hadoop]
    parts = []
    if local:
        count = config.input_partitions or len(local)
        parts.append(sc.parallelize([(f, None) for f in _largest_first(local)], max(1, min(count, len(local)))))
    if hadoop:
        from onrecord.scale.inputs import local_path

        by_uri = {_uri(f.path): f for f in hadoop}
        count = config.input_partitions or len(hadoop)
        data = sc.binaryFiles(",".join(by_uri), minPartitions=max(1, count))
        parts.append(data.map(lambda kv, m=by_uri: (_match(m, kv[0]), bytes(kv[1]))))
    if not parts:
        return sc.parallelize([], 1).mapPartitionsWithIndex(lambda i, it: iter(()))
    source = parts[0] if len(parts) == 1 else sc.union(parts)
    return source.mapPartitionsWithIndex(
        lambda index, it, s=settings, c=counters: _partition(index, it, s, c))


def _largest_first(files: list) -> list:
    """Local inputs in decreasing size: tasks start in partition order, so the
    big files go first and the small ones fill the gaps at the end, instead
    of one core finishing a big file alone while the other waits (the
    longest-first rule of scheduling).  Rows keep each file's own index, so
    the output (ids, which copy of a text is kept) does not depend on it."""
    from onrecord.scale.inputs import local_path

    def size(file) -> int:
        try:
            return os.path.getsize(local_path(file.path))
        except OSError:
            return 0
    return sorted(files, key=lambda f: (-size(f), f.index))


def _partition(index, items, settings: Settings, counters):
    """One task: the worker's rows as (table, JSON text), the counters kept as they pass."""
    from onrecord.scale import worker

    loads_before = worker.model_loads()
    for table, row in worker.run_partition(items, settings, index):
        if table == "records":
            counters["records_read"].add(1)
            counters["extracted"].add(1)
        elif table == "failures":
            counters["records_read"].add(1)
            counters["failed"].add(1)
        elif table == "tasks":
            counters["model_loads"].add(worker.model_loads() - loads_before)
        yield table, tables.as_payload(row)


def _uri(path: str) -> str:
    from onrecord.scale.inputs import is_local, local_path

    return "file://" + local_path(path) if is_local(path) else path


def _match(by_uri: dict, uri: str):
    """The input a ``binaryFiles`` key names (Hadoop may write ``file:/x`` for ``file:///x``)."""
    from onrecord.scale.inputs import InputFile, is_local, local_path

    if uri in by_uri:
        return by_uri[uri]
    if is_local(uri):
        wanted = "file://" + local_path(uri)
        if wanted in by_uri:
            return by_uri[wanted]
    return InputFile(-1, uri)


def _write(frame, table: str, config: JobConfig):
    columns = [name for name, _ in tables.table_columns(table)]
    frame = frame.select(*columns)
    if config.output_partitions:
        frame = frame.repartition(config.output_partitions)
    frame.write.mode("overwrite").parquet(_join(config.out, table))
    return frame


def _join(out: str, table: str) -> str:
    return out.rstrip("/") + "/" + table


def _read_text(spark, path: str) -> str:
    """A (small) manifest file, read through Hadoop so any scheme works."""
    from onrecord.scale.inputs import is_local, local_path

    if is_local(path):
        import gzip

        data = Path(local_path(path)).read_bytes()
        return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8")
    return "\n".join(spark.sparkContext.textFile(path).collect())


def _list_remote(sc, path: str) -> list[str]:
    """Files under a Hadoop path (itself, if a file), sorted, via the JVM FileSystem."""
    from onrecord.read.expand import SUFFIXES

    jvm = sc._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(sc._jsc.hadoopConfiguration())
    if not fs.exists(hpath):
        return []
    if fs.getFileStatus(hpath).isFile():
        return [str(fs.getFileStatus(hpath).getPath().toString())]
    found = []
    listing = fs.listFiles(hpath, True)
    while listing.hasNext():
        status = listing.next()
        name = status.getPath().getName()
        if not name.startswith((".", "_")) and name.lower().endswith(SUFFIXES):
            found.append(str(status.getPath().toString()))
    return sorted(found)


# --------------------------------------------------------------------------- spark-submit entry

def parser() -> argparse.ArgumentParser:
    """The job's arguments, in cc-pyspark's spelling and onrecord's."""
    p = argparse.ArgumentParser(prog="onrecord/scale/job.py", description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="WARC, JSONL, page files, folders, or manifests (*.paths) of paths")
    p.add_argument("--out", "--output", dest="out", required=True, help="output folder (file:, hdfs:, s3a: ...)")
    p.add_argument("--format", "--output_format", dest="output_format", default="parquet", choices=["parquet"])
    p.add_argument("--partitions", "--num_output_partitions", dest="output_partitions", type=int, default=None,
                   help="files written per table")
    p.add_argument("--input-partitions", "--num_input_partitions", dest="input_partitions", type=int, default=None,
                   help="tasks reading the inputs (default: one per input file)")
    p.add_argument("--input_base_url", "--input-base-url", dest="input_base_url", default=None,
                   help="prefix for relative paths in a manifest (e.g. s3a://commoncrawl/)")
    p.add_argument("--read-via", dest="read_via", choices=["auto", "hadoop", "local"], default="auto",
                   help="auto: local files read by the workers, other schemes through Hadoop")
    p.add_argument("--master", default=None, help="Spark master (spark-submit sets it)")
    p.add_argument("--model", default=None, help="spaCy pipeline (an installed package or a path)")
    p.add_argument("--as", dest="kind", choices=["auto", "text", "html", "body"], default="auto")
    p.add_argument("--fast", action="store_true", help="CRF alone, without the encoder")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """spark-submit's entry point: parse, run, print the summary."""
    args = parser().parse_args(argv)
    config = JobConfig(args.inputs, args.out, args.output_format, args.output_partitions, args.input_partitions,
                       args.input_base_url, args.read_via, Settings(args.model, args.fast, args.kind))
    spark = spark_session(args.master)
    try:
        run_job(spark, config)
    except OnrecordError as exc:
        print(f"onrecord: error: {exc}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
