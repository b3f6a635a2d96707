"""The ``onrecord`` command line.

Errors a user can cause are printed as one line (``onrecord: error: ...``)
with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Iterator, Optional

import click

from onrecord.cli_options import fast_option, statement_types, type_option
from onrecord.errors import OnrecordError
from onrecord.read.fetch import FetchPolicy


class OnrecordGroup(click.Group):
    """A click group that turns ``OnrecordError`` into a one-line message."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OnrecordError as exc:
            click.echo(f"onrecord: error: {exc}", err=True)
            ctx.exit(2)
        except sqlite3.DatabaseError as exc:  # a query on a damaged or foreign file
            from onrecord.ledger.schema import ledger_error

            click.echo(f"onrecord: error: {ledger_error(exc, _db_of(ctx))}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("onrecord: interrupted", err=True)
            ctx.exit(130)


def _db_of(ctx: click.Context) -> str:
    """The ledger the failing subcommand was given (``--db``, else its
    default), for the error message: the subcommand's own context is gone."""
    import os

    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--db="):
            return arg[len("--db="):]
    return os.environ.get("ONRECORD_DB") or "onrecord.db"


@click.group(cls=OnrecordGroup)
@click.version_option(package_name="onrecord")
def main() -> None:
    """onrecord: who said what, when, with which numbers — from news pages."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--as", "kind", type=click.Choice(["auto", "text", "html", "body"]), default="auto",
              show_default=True, help="How to read each input; `body` keeps offsets into the input exactly.")
@click.option("--published", help="Publication date (ISO or a common form) to resolve relative dates.")
@click.option("--url", help="The page's URL, when the input is a file.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "md"]), default=None,
              help="json for one input, jsonl (one record per line) for many; md is for reading.")
@click.option("--model", help="spaCy pipeline to use (an installed package or a path).")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on private or loopback addresses.")
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds allowed per URL fetch.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to extract with (use the machine's cores for many inputs).")
@click.option("--only", type=click.Choice(["article"]), default=None,
              help="Stop after this stage: `article` gives the body and metadata alone, "
                   "without the parse (spaCy and the encoder are never loaded).")
@fast_option
@type_option
def extract(inputs: tuple[str, ...], kind: str, published: Optional[str], url: Optional[str],
            fmt: Optional[str], model: Optional[str], allow_private: bool, timeout: float,
            workers: int, only: Optional[str], statement_type: str) -> None:
    """Print the record of each INPUT (a path, a .gz file, a URL, or - for stdin).

    JSON keeps every statement with its ``type``; ``--type`` chooses which
    ones the md page lists."""
    from onrecord.pipeline import Extractor, Job
    from onrecord.read.sources import read_input
    from onrecord.render import to_markdown

    fmt = fmt or ("json" if len(inputs) == 1 else "jsonl")
    if fmt == "json" and len(inputs) > 1:
        raise click.UsageError("--format json takes one input; use jsonl for several")
    policy = FetchPolicy(timeout=timeout, allow_private=allow_private)
    failures: list[str] = []

    def jobs() -> Iterator[Job]:
        for spec in inputs:
            try:
                raw = read_input(spec, policy=policy)
            except OnrecordError as exc:
                failures.append(str(exc))
                click.echo(f"onrecord: error: {exc}", err=True)
                continue
            yield Job(raw.text, spec, kind, url or raw.url, published)

    extractor = Extractor(model, workers=workers, only=only)
    for outcome in extractor.run(jobs()):
        if outcome.error is not None:
            message = f"{outcome.job.source_path}: {outcome.error}"
            failures.append(message)
            click.echo(f"onrecord: error: {message}", err=True)
            continue
        record = outcome.record
        if fmt == "md":
            click.echo(to_markdown(record, types=statement_types(statement_type)))
        elif fmt == "jsonl":
            click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
        else:
            click.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    if failures:
        sys.exit(1)


@main.command()
@click.option("--model", help="spaCy pipeline to use.")
@click.option("--db", default="onrecord-demo.db", show_default=True,
              help="Ledger file the samples are written to (a rerun adds nothing new).")
def demo(model: Optional[str], db: str) -> None:
    """Run the whole pipeline on the bundled sample pages, write them to a
    ledger, summarise, and print the command that serves it."""
    from onrecord.demo import run_demo

    run_demo(model=model, db=db)


__import__("onrecord.ledger.commands", fromlist=["register"]).register(main)  # ledger commands (issue 5)
main.add_command(__import__("onrecord.scale.commands", fromlist=["spark"]).spark)  # the Spark job (issue 17)


from onrecord.serve.cli import serve as _serve  # noqa: E402  (click only: the web stack loads when it runs)

main.add_command(_serve)

if __name__ == "__main__":  # pragma: no cover
    main()
