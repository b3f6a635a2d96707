"""Small charts drawn on the server as SVG geometry (no script, no library).

The functions return numbers and labels only; the templates turn them into
``<svg>`` elements, so every label is escaped like any other text and the
strict Content-Security-Policy holds (presentation attributes, no inline style).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

WIDTH, HEIGHT, PAD, AXIS = 640, 150, 8, 22
MAX_BARS = 12   # a subject's (source, value) rows shown on the page; the JSON twin has them all


def _day(value: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value[:10])
    except (ValueError, TypeError):
        return None


def timeline(activity: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars of statements per day, month or year (whichever fits the span:
    at most about 60 bars) for ``records.activity`` rows."""
    days = [(d, row["statements"]) for row in activity if (d := _day(row["day"])) is not None]
    if not days:
        return {"bars": [], "ticks": [], "width": WIDTH, "height": HEIGHT, "bucket": None, "total": 0}
    first, last = days[0][0], days[-1][0]
    span = (last - first).days
    bucket = "day" if span <= 60 else "month" if span <= 5 * 365 else "year"

    def key(d: dt.date) -> str:
        return d.isoformat() if bucket == "day" else d.strftime("%Y-%m") if bucket == "month" else str(d.year)

    counts: dict[str, int] = {}
    for d, n in days:
        counts[key(d)] = counts.get(key(d), 0) + n
    labels = _range(first, last, bucket, key)
    top = max(counts.values())
    slot = (WIDTH - 2 * PAD) / len(labels)
    chart = HEIGHT - AXIS - PAD
    bars, ticks = [], []
    every = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        n = counts.get(label, 0)
        h = chart * n / top if n else 0
        x = PAD + i * slot
        w = min(40.0, max(1.0, slot * 0.8))
        bars.append({"x": round(x + (slot - w) / 2, 1), "y": round(PAD + chart - h, 1), "w": round(w, 1),
                     "h": round(h, 1), "label": label, "count": n})
        if i % every == 0 or i == len(labels) - 1:
            ticks.append({"x": round(x + slot / 2, 1), "label": label})
    return {"bars": bars, "ticks": ticks, "width": WIDTH, "height": HEIGHT, "bucket": bucket, "top": top,
            "total": sum(counts.values()), "base": PAD + chart}


def _range(first: dt.date, last: dt.date, bucket: str, key) -> list[str]:
    """Every bucket label from ``first`` to ``last`` (empty ones too: gaps show)."""
    if bucket == "day":
        return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    if bucket == "year":
        return [str(y) for y in range(first.year, last.year + 1)]
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def disputes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``queries.numbers`` rows grouped by subject, each group with one bar per
    (source, value) scaled to the group's largest value."""
    groups: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault((row["subject"] or "", row["unit"] or "", row["kind"] or ""), {
            "subject": row["subject"], "unit": row["unit"], "kind": row["kind"], "rows": []})
        group["rows"].append(row)
    out = []
    for group in groups.values():
        group["more"] = max(0, len(group["rows"]) - MAX_BARS)
        group["rows"] = group["rows"][:MAX_BARS]
        top = max(abs(r["value"]) for r in group["rows"]) or 1.0
        label_w, bar_w, row_h = 220, 300, 22
        bars = []
        for i, r in enumerate(group["rows"]):
            bars.append({"y": i * row_h + 4, "w": round(bar_w * abs(r["value"]) / top, 1), "h": row_h - 8,
                         "label": r["source"] or "", "value": r["value"], "date": r["date"], "x": label_w})
        group.update(bars=bars, width=label_w + bar_w + 140, height=len(bars) * row_h + 8)
        low, high = min(r["value"] for r in group["rows"]), max(r["value"] for r in group["rows"])
        group["spread"] = (high - low) / max(abs(high), abs(low), 1e-12)
        out.append(group)
    return out
