"""``onrecord demo``: the whole pipeline on the sample pages shipped in the package."""

from __future__ import annotations

from importlib import resources
from typing import Optional

from rich.console import Console
from rich.table import Table

from onrecord.pipeline import Extractor, Job


def sample_pages() -> list[tuple[str, str]]:
    """(name, text) of every bundled sample page, sorted by name."""
    folder = resources.files("onrecord") / "samples"
    pages = [(entry.name, entry.read_text(encoding="utf-8")) for entry in folder.iterdir()
             if entry.name.endswith((".txt", ".html"))]
    return sorted(pages)


def run_demo(model: Optional[str] = None, console: Optional[Console] = None) -> None:
    """Extract every sample page and print what was found."""
    console = console or Console()
    extractor = Extractor(model)
    jobs = [Job(text, name) for name, text in sample_pages()]
    for outcome in extractor.run(jobs):
        if outcome.error:
            console.print(f"[red]{outcome.job.source_path}: {outcome.error}[/red]")
            continue
        record = outcome.record
        a = record.article
        console.rule(f"[bold]{a.title or '(no headline)'}[/bold]")
        facts = [f"sample: {outcome.job.source_path}"]
        if a.section_path:
            facts.append("section: " + " › ".join(a.section_path))
        if a.authors:
            facts.append("by " + ", ".join(a.authors))
        if a.published or a.published_not_before:
            facts.append(f"published: {a.published or 'not before ' + str(a.published_not_before)}")
        facts.append(f"{len(a.paragraphs)} paragraphs, {len(a.images)} images, "
                     f"{len(a.boilerplate_removed)} boilerplate lines removed, {len(a.comments)} comments")
        console.print("\n".join(facts))
        for image in a.images:
            console.print(f"  photo: {image.caption}  [dim]({image.credit})[/dim]")
        if record.statements:
            table = Table("speaker", "cue", "kind", "what", title="who said what", show_lines=False)
            for s in record.statements:
                table.add_row(s.speaker.name or "?", s.cue.text if s.cue else "", s.kind, s.content.text)
            console.print(table)
        if record.claims:
            table = Table("value", "unit", "hedge", "kind", "source", "text", title="numbers")
            for c in record.claims:
                table.add_row(f"{c.value:g}" if c.value is not None else "?", c.unit or "", c.hedge or "",
                              c.kind, c.source.name if c.source else "(outlet)", c.text)
            console.print(table)
