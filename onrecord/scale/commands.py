"""``onrecord spark``: the Spark job from the onrecord command line.

The same job ``spark-submit onrecord/scale/job.py`` runs; this command starts
its own SparkSession (``--master``, default ``local[2]``) for a laptop, a test
or a single big machine.  cc-pyspark's option names are accepted beside ours.
"""

from __future__ import annotations

from typing import Optional

import click


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "--output", "out", required=True, help="Output folder (a path, or file:, hdfs:, s3a: URI).")
@click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")
@click.option("--partitions", "--num_output_partitions", "partitions", type=click.IntRange(min=1), default=None,
              help="Parquet files written per table (default: Spark's choice).")
@click.option("--input-partitions", "--num_input_partitions", "input_partitions", type=click.IntRange(min=1),
              default=None, help="Tasks reading the inputs (default: one per input file).")
@click.option("--format", "--output_format", "fmt", type=click.Choice(["parquet"]), default="parquet",
              show_default=True, help="Output format.")
@click.option("--input_base_url", "--input-base-url", "base", default=None,
              help="Prefix for relative paths in a manifest (e.g. s3a://commoncrawl/).")
@click.option("--read-via", type=click.Choice(["auto", "hadoop", "local"]), default="auto", show_default=True,
              help="Who reads input bytes: auto = workers read local files, Hadoop the other schemes.")
@click.option("--as", "kind", type=click.Choice(["auto", "text", "html", "body"]), default="auto", show_default=True,
              help="How to read plain pages (WARC and JSONL say for themselves).")
@click.option("--model", help="spaCy pipeline to use.")
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE", help="Extra Spark setting (repeatable).")
@click.option("--fast", is_flag=True, help="Tag attributions with the CRF alone, without the encoder.")
def spark(inputs: tuple[str, ...], out: str, master: str, partitions: Optional[int], input_partitions: Optional[int],
          fmt: str, base: Optional[str], read_via: str, kind: str, model: Optional[str], conf: tuple[str, ...],
          fast: bool) -> None:
    """Run the pipeline over INPUTS (WARC, JSONL, page files, folders, manifests
    of paths) on Apache Spark and write the record as Parquet tables to OUT."""
    from onrecord.errors import OnrecordError
    from onrecord.scale.job import JobConfig, run_job, spark_session
    from onrecord.scale.worker import Settings

    pairs = []
    for item in conf:
        if "=" not in item:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--conf")
        pairs.append(tuple(item.split("=", 1)))
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise OnrecordError("pyspark is not installed: pip install 'onrecord[spark]'") from exc
    from pyspark.sql import SparkSession

    config = JobConfig(inputs, out, fmt, partitions, input_partitions, base, read_via, Settings(model, fast, kind))
    running = SparkSession.getActiveSession()   # called from Python with a session up: use it, leave it up
    session = running or spark_session(master, conf=pairs)
    try:
        run_job(session, config, echo=lambda line: click.echo(line, err=True))
    finally:
        if running is None:
            session.stop()
