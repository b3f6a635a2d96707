"""Saved searches ("watches") and the Atom 1.0 feeds that follow them.

A watch is a name, an FTS query and optionally a speaker.  Its feed lists
the newest matching statements, newest first, each entry with a stable id
(``urn:onrecord:statement:<key>``) so a feed reader shows only what it has
not seen; ``last_fed_id`` remembers how far the last feed went so ``watch
list`` can say how many statements are new since.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from typing import Any, Optional
from xml.etree import ElementTree as ET

from onrecord.errors import LedgerError
from onrecord.ledger.entities import find_entities, now
from onrecord.ledger.queries import fts_query

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def add_watch(conn: sqlite3.Connection, name: str, query: str, speaker: Optional[str] = None) -> None:
    """Save a search under ``name`` (replacing one of the same name)."""
    fts_query(query)  # refuse an empty query now rather than at feed time
    conn.execute("INSERT INTO watches(name, query, speaker, created_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(name) DO UPDATE SET query = excluded.query, speaker = excluded.speaker",
                 (name, query, speaker, now()))


def remove_watch(conn: sqlite3.Connection, name: str) -> None:
    if conn.execute("DELETE FROM watches WHERE name = ?", (name,)).rowcount == 0:
        raise LedgerError(f"no watch called {name!r}")


def _watch(conn: sqlite3.Connection, name: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM watches WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise LedgerError(f"no watch called {name!r} (see `onrecord watch list`)")
    return row


def matches(conn: sqlite3.Connection, name: str, *, after_id: int = 0, limit: int = FEED_SIZE) -> list[dict[str, Any]]:
    """The newest statements matching watch ``name`` with ``statements.id > after_id``."""
    watch = _watch(conn, name)
    where, params = ["s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)", "s.id > ?"], \
        [fts_query(watch["query"]), after_id]
    if watch["speaker"]:
        ids = find_entities(conn, watch["speaker"])
        where.append(f"s.speaker_id IN ({','.join('?' * len(ids)) or 'NULL'})")
        params += ids
    rows = conn.execute(
        "SELECT s.id, s.key, s.date, s.kind, s.content, s.cue, coalesce(e.name, s.speaker_name) AS speaker, "
        "a.title, a.url, a.outlet, a.ingested_at FROM statements s JOIN articles a ON a.id = s.article_id "
        f"LEFT JOIN entities e ON e.id = s.speaker_id WHERE {' AND '.join(where)} ORDER BY s.id DESC LIMIT ?",
        (*params, limit)).fetchall()
    return [dict(r) for r in rows]


def list_watches(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every watch with the number of matching statements not yet in its feed."""
    out = []
    for row in conn.execute("SELECT name, query, speaker, created_at, last_fed_id FROM watches ORDER BY name").fetchall():
        new = len(matches(conn, row["name"], after_id=row["last_fed_id"], limit=1000))
        out.append({**dict(row), "new": new})
    return out


def watch_feed(conn: sqlite3.Connection, name: str, *, mark: bool = True) -> str:
    """The Atom 1.0 document for watch ``name``; with ``mark``, remembers its
    statements as fed (a web server serving many readers does not: each
    reader keeps its own place by the entries' ids)."""
    watch = _watch(conn, name)
    rows = matches(conn, name)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:onrecord:watch:{_slug(name)}")
    about = f" by {watch['speaker']}" if watch["speaker"] else ""
    _text(feed, "title", f"onrecord watch {name}: {watch['query']}{about}")
    _text(feed, "updated", _stamp(rows[0]["ingested_at"]) if rows else _stamp(now()))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "onrecord")
    _text(feed, "generator", "onrecord")
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:onrecord:statement:{row['key']}")
        speaker = row["speaker"] or "someone"
        _text(entry, "title", f"{speaker}: {_clip(row['content'], 90)}")
        _text(entry, "updated", _stamp(row["ingested_at"]))
        published = _stamp(row["date"]) if row["date"] else None
        if published:
            _text(entry, "published", published)
        if row["url"]:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=row["url"])
        source = ", ".join(x for x in (row["outlet"], row["title"], row["date"]) if x)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = f"{speaker} ({row['kind']}{', ' + row['cue'] if row['cue'] else ''}): {row['content']}" + \
            (f"\n\nSource: {source}" if source else "")
    if rows and mark:
        conn.execute("UPDATE watches SET last_fed_id = max(last_fed_id, ?) WHERE name = ?", (rows[0]["id"], name))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._~-]+", "-", name).strip("-") or "watch"


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _stamp(value: str) -> Optional[str]:
    """An RFC 3339 date-time (what Atom requires) from an ISO date or date-time."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"{value}T00:00:00Z"
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
        return f"{match.group(0)}T00:00:00Z" if match else None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.isoformat(timespec="seconds").replace("+00:00", "Z")
