"""``onrecord demo``: the whole pipeline on the sample pages shipped in the package.

Each sample is extracted (article, statements, claims), then all of them are
ingested into a ledger file (``./onrecord-demo.db`` unless told otherwise) to
show what the cross-article side gives: who said what across outlets, a story
told by two outlets, and numbers that disagree between sources.  The last line
is the one command that serves that ledger in a browser.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Optional

from rich.console import Console
from rich.table import Column, Table

from onrecord.pipeline import Extractor, Job
from onrecord.record import Record
from onrecord.render import format_number


def sample_pages() -> list[tuple[str, str]]:
    """(name, text) of every bundled sample page, sorted by name."""
    folder = resources.files("onrecord") / "samples"
    pages = [(entry.name, entry.read_text(encoding="utf-8")) for entry in folder.iterdir()
             if entry.name.endswith((".txt", ".html"))]
    return sorted(pages)


DEMO_DB = "onrecord-demo.db"


def run_demo(model: Optional[str] = None, console: Optional[Console] = None, db: str = DEMO_DB) -> None:
    """Extract every sample page, print what was found, write them to the
    ledger at ``db`` (a rerun finds them there and adds nothing), query it, and
    say how to serve it."""
    console = console or Console()
    extractor = Extractor(model)
    pages = sample_pages()
    records: list[tuple[str, str, Record]] = []
    for outcome in extractor.run([Job(text, name) for name, text in pages]):
        if outcome.error:
            console.print(f"[red]{outcome.job.source_path}: {outcome.error}[/red]")
            continue
        show_record(console, outcome.job.source_path or "", outcome.record)
        records.append((outcome.job.source_path or "", str(outcome.job.raw), outcome.record))
    show_ledger(console, Path(db), records)
    console.rule("[bold]see it in a browser[/bold]")
    console.print("Serve the demo ledger (then open the address it prints):", highlight=False)
    console.print(serve_command(db), highlight=False, soft_wrap=True)


def serve_command(db: str) -> str:
    """The one command that serves the ledger at ``db``."""
    import shlex

    return f"onrecord serve --db {shlex.quote(db)}"


def show_record(console: Console, name: str, record: Record) -> None:
    """One article: structure, statements and numbers."""
    a = record.article
    console.rule(f"[bold]{a.title or '(no headline)'}[/bold]")
    facts = [f"sample: {name}"]
    if a.section_path:
        facts.append("section: " + " › ".join(a.section_path))
    if a.authors or a.outlet:
        facts.append("by " + ", ".join(a.authors + ([a.outlet] if a.outlet else [])))
    if a.published or a.published_not_before:
        facts.append(f"published: {a.published or 'not before ' + str(a.published_not_before)}")
    facts.append(f"{len(a.paragraphs)} paragraphs, {len(a.images)} images, "
                 f"{len(a.boilerplate_removed)} boilerplate lines removed, {len(a.comments)} comments")
    console.print("\n".join(facts))
    for image in a.images:
        console.print(f"  photo: {image.caption}  [dim]({image.credit})[/dim]")
    if record.statements:
        table = Table("speaker", "role", "cue", "kind", "when", "what", title="who said what")
        for s in record.statements:
            when = f"{s.when.text} ({s.when.date})" if s.when.date else (s.when.text or "")
            table.add_row(s.speaker.name or "?", s.speaker.role or "", s.cue.text if s.cue else "", s.kind,
                          when, s.content.text)
        console.print(table)
    if record.claims:
        # a value is never cut ("3,200,000…"): the text columns wrap instead
        table = Table(Column("value", no_wrap=True, min_width=13), "unit", "hedge", "kind", "time", "source", "text",
                      title="numbers")
        for c in record.claims:
            table.add_row(format_number(c.value), c.unit or "", c.hedge or "",
                          c.kind, c.time.text or "", c.source.name if c.source else "(outlet)", c.text)
        console.print(table)


def show_ledger(console: Console, path: Path, records: list[tuple[str, str, Record]]) -> None:
    """Ingest the records into a fresh ledger and show the cross-article queries."""
    from onrecord.ledger import Ledger

    console.rule("[bold]the ledger[/bold]")
    with Ledger(path) as ledger:
        for name, raw, record in records:
            ledger.add(record, source=name, raw=raw)
        counts = ledger.counts()
        console.print(", ".join(f"{n} {table}" for table, n in counts.items() if table != "failures")
                      + f" in the ledger {path}")
        speakers = [row for row in ledger.entities(limit=5) if row["statements"]]
        if speakers:
            table = Table("speaker", "type", "statements", "also written as", title="most quoted")
            for row in speakers:
                table.add_row(row["name"], row["type"], str(row["statements"]), row["aliases"] or "")
            console.print(table)
            top = speakers[0]["name"]
            rows = ledger.who_said(top, limit=5)
            table = Table("date", "cue", "what", "outlet", title=f"onrecord who-said --speaker {top!r}")
            for row in rows:
                table.add_row(row["date"] or "", row["cue"] or "", row["content"], row["outlet"] or "")
            console.print(table)
        disagreements = ledger.numbers(limit=5)
        if disagreements:
            table = Table("subject", "value", "unit", "source", "date", title="onrecord numbers: sources disagree")
            for row in disagreements:
                table.add_row(row["subject"] or "", format_number(row['value']), row["unit"] or "", row["source"] or "",
                              row["date"] or "")
            console.print(table)
