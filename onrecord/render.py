"""Rendering records for people: Markdown for files, a short summary for the demo."""

from __future__ import annotations

from typing import Sequence

from onrecord.record import Record


def to_markdown(record: Record, types: Sequence[str] = ("speech",)) -> str:
    """A readable Markdown page of one record; "Who said what" lists the
    statements of ``types`` (speech by default: what someone said or wrote,
    not what they believe or the topics they touched)."""
    a = record.article
    lines: list[str] = []
    if a.section_path:
        lines.append(" › ".join(a.section_path))
        lines.append("")
    lines.append(f"# {a.title or '(no headline)'}")
    lines.append("")
    meta = []
    if a.authors:
        meta.append("By " + ", ".join(a.authors))
    if a.outlet:
        meta.append(a.outlet)
    if a.published:
        meta.append(f"published {a.published}")
    elif a.published_not_before:
        meta.append(f"published on or after {a.published_not_before}")
    if meta:
        lines += ["*" + " · ".join(meta) + "*", ""]
    for image in a.images:
        lines.append(f"> 🖼 {image.caption or ''} — {image.credit or 'no credit'}")
        lines.append("")
    for paragraph in a.paragraphs:
        lines += [paragraph, ""]
    shown = [s for s in record.statements if s.type in types]
    if shown:
        lines += ["## Who said what", ""]
        for s in shown:
            who = s.speaker.name or "unknown speaker"
            role = f" ({s.speaker.role})" if s.speaker.role else ""
            cue = s.cue.text if s.cue else "—"
            when = f" [{s.when.text} → {s.when.date or '?'}]" if s.when.text else ""
            kind = s.kind if tuple(types) == ("speech",) else f"{s.kind}, {s.type}"
            lines.append(f"- **{who}**{role} *{cue}*{when} ({kind}): {s.content.text}")
        lines.append("")
    if record.claims:
        lines += ["## Numbers", ""]
        for c in record.claims:
            source = c.source.name if c.source and c.source.name else "the outlet"
            hedge = f"{c.hedge} " if c.hedge else ""
            time = f" ({c.time.text})" if c.time.text else ""
            lines.append(f"- {hedge}**{format_number(c.value)}** {c.unit or ''}{time} [{c.kind}] — {source}: “{c.text}”")
        lines.append("")
    if a.comments:
        lines += ["## Reader comments", ""]
        lines += [f"- {c.author + ': ' if c.author else ''}{c.text}" for c in a.comments]
        lines.append("")
    if a.boilerplate_removed:
        lines += ["<sub>Removed as boilerplate: " + "; ".join(a.boilerplate_removed) + "</sub>", ""]
    return "\n".join(lines)


def format_number(value: float | None) -> str:
    """A claim value as a reader writes it: 3,200,000,000 rather than 3.2e+09."""
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
