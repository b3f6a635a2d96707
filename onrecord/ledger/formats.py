"""Printing query rows as a rich table, JSON, JSON Lines or CSV.

Every query command takes ``--format``; the rows and column order are the
same in each, so a script can switch from reading the table to parsing JSON
without surprises.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Optional, Sequence

FORMATS = ("table", "json", "jsonl", "csv")


def render(rows: list[dict[str, Any]], columns: Sequence[str], fmt: str = "table", *,
           title: Optional[str] = None, console=None, wide: Sequence[str] = ()) -> Optional[str]:
    """Print ``rows`` (or, with no console for a text format, return the text)."""
    if fmt == "table":
        _table(rows, columns, title, console, wide)
        return None
    text = to_text(rows, columns, fmt)
    if console is None:
        return text
    console.out(text, end="", highlight=False, soft_wrap=True)
    return None


def to_text(rows: list[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    picked = [{c: row.get(c) for c in columns} for row in rows]
    if fmt == "json":
        return json.dumps(picked, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(picked)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}")


def _table(rows, columns, title, console, wide) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if not rows:
        console.print(f"[dim]{title + ': ' if title else ''}nothing found[/dim]")
        return
    table = Table(title=title, show_lines=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold", ratio=3 if column in wide else None,
                         max_width=None if column in wide else 40)
    for row in rows:
        table.add_row(*(_cell(row, c) for c in columns))
    console.print(table)


def _cell(row: dict[str, Any], column: str) -> str:
    """A value as the table shows it: a date that is only a lower bound (the
    row's ``<column>_not_before`` is true, or its ``date_source`` is
    ``not-before``) reads "≥ 2023-12-14"."""
    value = row.get(column)
    if value is None:
        return ""
    if row.get(f"{column}_not_before") or (column == "date" and row.get("date_source") == "not-before"):
        return f"≥ {value}"
    return str(value)
