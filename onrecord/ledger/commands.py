"""The ledger's command line: ingest, queries, entities, watches, export.

``register(group)`` adds the commands to the ``onrecord`` click group; every
command takes ``--db`` (default ``$ONRECORD_DB`` or ``./onrecord.db``) and the
query commands take ``--format table|json|jsonl|csv``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from onrecord.cli_options import fast_option, type_option
from onrecord.ledger import formats, queries

DB_HELP = "Ledger file (default: $ONRECORD_DB or ./onrecord.db)."


def _db_option(fn):
    return click.option("--db", "db", envvar="ONRECORD_DB", default="onrecord.db", show_default=True,
                        help=DB_HELP)(fn)


def _format_option(fn):
    return click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="table", show_default=True,
                        help="Output format.")(fn)


def _limit_option(default: int):
    return click.option("--limit", type=click.IntRange(1, 100_000), default=default, show_default=True,
                        help="At most this many rows.")


def _open(db: str, *, must_exist: bool = True, timeout: float = 10.0):
    from onrecord.errors import LedgerError
    from onrecord.ledger import Ledger

    if must_exist and db != ":memory:" and not Path(db).exists():
        raise LedgerError(f"{db}: no ledger here yet (run `onrecord ingest --db {db} ...` first)")
    return Ledger(db, timeout=timeout)


def _show(rows, columns, fmt: str, title: str, wide=("content", "snippet", "text"), table=None) -> None:
    """Print rows; the table view shows ``table`` (the columns a reader needs),
    the machine formats every column in ``columns``."""
    from rich.console import Console

    if fmt == "table":
        formats.render(rows, table or columns, fmt, title=title, console=Console(), wide=wide)
    else:
        click.echo(formats.to_text(rows, columns, fmt), nl=False)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extraction processes (the model is loaded once in each).")
@click.option("--as", "kind", type=click.Choice(["auto", "text", "html", "body"]), default="auto", show_default=True,
              help="How to read plain pages (feeds, WARC and JSONL say for themselves).")
@click.option("--model", help="spaCy pipeline to use.")
@click.option("--no-fetch", is_flag=True, help="Do not fetch the pages that feed entries link to.")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on private or loopback addresses.")
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds allowed per URL fetch.")
@click.option("--lock-timeout", type=float, default=10.0, show_default=True,
              help="Seconds to wait for a ledger another process is writing.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@fast_option
def ingest(inputs: tuple[str, ...], db: str, workers: int, kind: str, model: Optional[str], no_fetch: bool,
           allow_private: bool, timeout: float, lock_timeout: float, quiet: bool) -> None:
    """Extract every page in INPUTS (files, folders, globs, URLs, RSS/Atom feeds,
    WARC and JSONL files) into the ledger; already-known pages are skipped."""
    from rich.console import Console

    from onrecord.read.fetch import FetchPolicy

    console = Console(stderr=True)
    policy = FetchPolicy(timeout=timeout, allow_private=allow_private)
    ledger = _open(db, must_exist=False, timeout=lock_timeout)
    try:
        if quiet or not console.is_terminal:
            summary = ledger.ingest(inputs, workers=workers, kind=kind, model=model, policy=policy,
                                    fetch_links=not no_fetch)
        else:
            summary = _with_progress(ledger, inputs, console, workers=workers, kind=kind, model=model,
                                     policy=policy, fetch_links=not no_fetch)
    finally:
        ledger.close()
    _summarise(summary, db, console)
    if summary.failed and not (summary.ingested or summary.duplicates or summary.near_duplicates):
        sys.exit(1)


def _with_progress(ledger, inputs, console, **kwargs):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[stats]}"), TimeElapsedColumn())
    counts = {"ingested": 0, "duplicate": 0, "near-duplicate": 0, "failed": 0}
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=None, stats="")

        def tick(status: str, source: str) -> None:
            counts[status] = counts.get(status, 0) + 1
            progress.update(task, advance=1, stats=(
                f"{counts['ingested']} new · {counts['duplicate']} dup · {counts['near-duplicate']} near · "
                f"{counts['failed']} failed"))

        return ledger.ingest(inputs, progress=tick, **kwargs)


def _summarise(summary, db: str, console) -> None:
    from rich.markup import escape

    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    console.print(f"[bold]{escape(db)}[/bold]: {summary.ingested} ingested, {summary.duplicates} skipped as duplicate, "
                  f"{summary.near_duplicates} near-duplicate (linked), {len(summary.failed)} failed "
                  f"in {summary.seconds:.1f}s ({rate:.1f}/s)", soft_wrap=True, highlight=False)
    for source, reason in summary.failed[:20]:
        console.print(f"  [red]failed[/red] {escape(source)}: {escape(reason)}", highlight=False, soft_wrap=True)
    if len(summary.failed) > 20:
        console.print(f"  ... and {len(summary.failed) - 20} more (see `onrecord failures --db {db}`)")


@click.command("who-said")
@click.option("--speaker", required=True, help="Name (or part of it) or entity id.")
@click.option("--about", help="Words the statement must contain (FTS5 syntax allowed).")
@click.option("--since", help="Earliest date (YYYY-MM-DD).")
@click.option("--until", help="Latest date (YYYY-MM-DD), inclusive.")
@_limit_option(50)
@_db_option
@_format_option
@type_option
def who_said(speaker: str, about: Optional[str], since: Optional[str], until: Optional[str], limit: int, db: str,
             fmt: str, statement_type: str) -> None:
    """What SPEAKER said, newest first (speech only unless --type says otherwise)."""
    with _open(db) as ledger:
        rows = ledger.who_said(speaker, about=about, since=since, until=until, limit=limit, type=statement_type)
    _show(rows, queries.STATEMENT_COLUMNS, fmt, f"who said: {speaker}" + (f" about {about}" if about else ""),
          table=("date", "speaker", "cue", "content", "outlet"))


@click.command()
@click.argument("text")
@click.option("--in", "kinds", type=click.Choice(["statement", "claim", "article"]), multiple=True,
              help="Search only these (repeatable; default all).")
@_limit_option(20)
@_db_option
@_format_option
def search(text: str, kinds: tuple[str, ...], limit: int, db: str, fmt: str) -> None:
    """Full-text search over statements, claims and articles, with snippets."""
    with _open(db) as ledger:
        rows = ledger.search(text, limit=limit, kinds=kinds or ("statement", "claim", "article"))
    _show(rows, queries.SEARCH_COLUMNS, fmt, f"search: {text}", table=("type", "date", "who", "snippet", "title"))


@click.command()
@click.argument("name")
@click.option("--about", help="Words the statement must contain.")
@click.option("--since", help="Earliest date (YYYY-MM-DD).")
@click.option("--until", help="Latest date (YYYY-MM-DD), inclusive.")
@_limit_option(200)
@_db_option
@_format_option
@type_option
def timeline(name: str, about: Optional[str], since: Optional[str], until: Optional[str], limit: int, db: str,
             fmt: str, statement_type: str) -> None:
    """NAME's statements in time order, with the date each is filed under
    (speech only unless --type says otherwise)."""
    with _open(db) as ledger:
        rows = ledger.timeline(name, about=about, since=since, until=until, limit=limit, type=statement_type)
    _show(rows, ("date", "date_source", *queries.STATEMENT_COLUMNS[1:]), fmt, f"timeline: {name}",
          table=("date", "date_source", "speaker", "content", "outlet"))


@click.command()
@click.option("--story", "story_id", type=int, help="List the articles of this story.")
@click.option("--min-articles", type=int, default=2, show_default=True, help="Only stories told this many times.")
@click.option("--since", help="Only stories still running on or after this date.")
@click.option("--rebuild", is_flag=True, help="Re-cluster every article of the ledger first.")
@_limit_option(50)
@_db_option
@_format_option
def stories(story_id: Optional[int], min_articles: int, since: Optional[str], rebuild: bool, limit: int, db: str,
            fmt: str) -> None:
    """Clusters of articles about the same event across outlets."""
    with _open(db) as ledger:
        if rebuild:
            count = ledger.rebuild_stories()
            click.echo(f"{db}: stories rebuilt ({count} clusters)", err=True)
        if story_id is not None:
            rows = ledger.story_articles(story_id)
            _show(rows, ("date", "date_not_before", "outlet", "title", "url", "article_id", "copy_of"), fmt,
                  f"story {story_id}", wide=("title",), table=("date", "outlet", "title", "url", "copy_of"))
            return
        rows = ledger.stories(min_articles=min_articles, since=since, limit=limit)
    _show(rows, queries.STORY_COLUMNS, fmt, "stories",
          table=("story", "title", "first_published", "last_published", "articles", "outlet_names"), wide=("title",))


@click.command()
@click.option("--about", help="Only subjects matching these words.")
@_limit_option(20)
@_db_option
@_format_option
def numbers(about: Optional[str], limit: int, db: str, fmt: str) -> None:
    """Claims about the same subject whose values disagree between sources."""
    with _open(db) as ledger:
        rows = ledger.numbers(about=about, limit=limit)
    _show(rows, queries.NUMBER_COLUMNS, fmt, "numbers that disagree", wide=("text", "reason"),
          table=("group", "measured", "value", "unit", "hedge", "source", "date", "text", "reason"))


@click.command("also-ran-in")
@click.argument("article_id")
@_db_option
@_format_option
def also_ran_in(article_id: str, db: str, fmt: str) -> None:
    """Where else ARTICLE_ID's text ran: same text elsewhere, or near-duplicates."""
    with _open(db) as ledger:
        rows = ledger.also_ran_in(article_id)
    _show(rows, ("url", "outlet", "published", "relation", "similarity", "source_path"), fmt,
          f"also ran in: {article_id}", wide=("url",))


@click.command()
@_limit_option(100)
@_db_option
@_format_option
def failures(limit: int, db: str, fmt: str) -> None:
    """Inputs that could not be ingested, with their reasons."""
    with _open(db) as ledger:
        rows = ledger.failures(limit=limit)
    _show(rows, queries.FAILURE_COLUMNS, fmt, "failures", wide=("reason",))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl", "csv"]), default="parquet",
              show_default=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable).")
@_db_option
def export(fmt: str, out: str, tables: tuple[str, ...], db: str) -> None:
    """Write every table of the ledger to OUT as Parquet, JSON Lines or CSV."""
    with _open(db) as ledger:
        counts = ledger.export(out, fmt, tables=tables)
    for table, count in counts.items():
        click.echo(f"{Path(out) / (table + '.' + fmt)}: {count} rows")


@click.group()
def entities() -> None:
    """List entities and fix the automatic merge by hand."""


@entities.command("list")
@click.option("--name", help="Only entities whose name or alias contains this.")
@click.option("--type", "type_", help="PERSON, ORG, GPE, LOC or GROUP.")
@click.option("--all", "include_merged", is_flag=True, help="Include entities merged away.")
@_limit_option(100)
@_db_option
@_format_option
def entities_list(name: Optional[str], type_: Optional[str], include_merged: bool, limit: int, db: str,
                  fmt: str) -> None:
    """Entities, most quoted first, with their aliases."""
    with _open(db) as ledger:
        rows = ledger.entities(name=name, type_=type_, include_merged=include_merged, limit=limit)
    _show(rows, queries.ENTITY_COLUMNS, fmt, "entities", wide=("aliases",),
          table=("id", "name", "type", "aliases", "mentions", "statements"))


@entities.command("merge")
@click.argument("source")
@click.argument("target")
@_db_option
def entities_merge(source: str, target: str, db: str) -> None:
    """Merge entity SOURCE into TARGET (ids, or names that mean one entity)."""
    with _open(db) as ledger:
        kept = ledger.merge(source, target)
    click.echo(f"merged {source} into entity {kept}")


@entities.command("split")
@click.argument("entity")
@click.argument("alias")
@_db_option
def entities_split(entity: str, alias: str, db: str) -> None:
    """Move what was written as ALIAS off ENTITY onto a new entity."""
    with _open(db) as ledger:
        new_id = ledger.split(entity, alias)
    click.echo(f"split {alias!r} off {entity} as entity {new_id}")


@entities.command("rename")
@click.argument("entity")
@click.argument("name")
@_db_option
def entities_rename(entity: str, name: str, db: str) -> None:
    """Give ENTITY a new display name."""
    with _open(db) as ledger:
        ledger.rename(entity, name)
    click.echo(f"renamed {entity} to {name!r}")


@click.group()
def watch() -> None:
    """Saved searches, followed as Atom feeds."""


@watch.command("add")
@click.argument("name")
@click.argument("query")
@click.option("--speaker", help="Only statements by this speaker.")
@_db_option
def watch_add(name: str, query: str, speaker: Optional[str], db: str) -> None:
    """Save QUERY (words, FTS5 syntax allowed) under NAME."""
    with _open(db, must_exist=False) as ledger:
        ledger.watch_add(name, query, speaker)
    click.echo(f"watch {name!r} saved; `onrecord watch feed {name}` writes its Atom feed")


@watch.command("list")
@_db_option
@_format_option
def watch_list(db: str, fmt: str) -> None:
    """Saved watches and how many statements are new since their last feed."""
    with _open(db) as ledger:
        rows = ledger.watches()
    _show(rows, ("name", "query", "speaker", "new", "created_at"), fmt, "watches")


@watch.command("remove")
@click.argument("name")
@_db_option
def watch_remove(name: str, db: str) -> None:
    """Delete the watch NAME."""
    with _open(db) as ledger:
        ledger.watch_remove(name)
    click.echo(f"watch {name!r} removed")


@watch.command("feed")
@click.argument("name")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the feed here (default: standard output).")
@_db_option
def watch_feed(name: str, out: Optional[str], db: str) -> None:
    """Write the Atom 1.0 feed of the newest statements matching watch NAME."""
    with _open(db) as ledger:
        xml = ledger.watch_feed(name)
    if out:
        Path(out).write_text(xml, encoding="utf-8")
        click.echo(f"{out}: Atom feed written", err=True)
    else:
        click.echo(xml, nl=False)


COMMANDS = (ingest, who_said, search, timeline, stories, numbers, also_ran_in, failures, export, entities, watch)


def register(group: click.Group) -> None:
    """Add the ledger commands to the ``onrecord`` command group."""
    for command in COMMANDS:
        group.add_command(command)
