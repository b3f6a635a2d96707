"""Reading one article, statement, entity or story back out of the ledger.

The rows come back in the record's shape (``docs/record.md``: ``speaker``,
``cue``, ``content``, ``when``, ``source`` ... with the same field names) so
that a client of the HTTP API reads the ledger the way it reads ``onrecord
extract`` output.  Ids are the ledger's: a statement's ``key`` is
``article_id:Statement.id`` and ``speaker.entity_id`` is a ledger entity id.
Columns added to the tables later (such as a statement ``type``) flow through
unchanged, because statements are read with ``SELECT *``.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Optional

from onrecord.ledger.entities import live_id
from onrecord.ledger.queries import _run, also_ran_in
from onrecord.errors import LedgerError

Row = dict[str, Any]

_STATEMENT_FIELDS = {"id", "key", "article_id", "speaker_id", "speaker_name", "speaker_mention", "speaker_role",
                     "speaker_type", "cue", "kind", "content", "start", "end", "location", "sentence", "when_text",
                     "when_date", "date", "date_source", "venue", "confidence", "entity_name"}


def _loads(text: Optional[str], default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


def statement_shape(row: Row) -> Row:
    """A ``statements`` row (joined with its entity's name) as a record statement."""
    key = row["key"]
    shaped = {
        "id": key.split(":", 1)[1] if ":" in key else key,
        "key": key,
        "article_id": row["article_id"],
        "speaker": {"name": row.get("entity_name") or row["speaker_name"], "written_as": row["speaker_name"],
                    "type": row["speaker_type"], "role": row["speaker_role"], "entity_id": row["speaker_id"],
                    "mention": {"text": row["speaker_mention"]} if row["speaker_mention"] else None},
        "cue": {"text": row["cue"]} if row["cue"] else None,
        "kind": row["kind"],
        "content": {"text": row["content"], "start": row["start"], "end": row["end"]},
        "where": row["location"] or "body",
        "sentence": row["sentence"],
        "when": {"text": row["when_text"], "date": row["when_date"]},
        "venue": row["venue"],
        "confidence": row["confidence"],
        "date": row["date"],
        "date_source": row["date_source"],
    }
    for column, value in row.items():   # columns newer than this module (e.g. ``type``)
        if column not in _STATEMENT_FIELDS and column not in shaped:
            shaped[column] = value
    return shaped


def claim_shape(row: Row) -> Row:
    """A ``claims`` row as a record claim."""
    key = row["key"]
    return {
        "id": key.split(":", 1)[1] if ":" in key else key,
        "key": key,
        "article_id": row["article_id"],
        "text": row["text"], "start": row["start"], "end": row["end"],
        "value": row["value"], "value_max": row["value_max"], "unit": row["unit"], "hedge": row["hedge"],
        "kind": row["kind"], "subject": row["subject"],
        "time": {"text": row["time_text"], "date": row["time_date"]},
        "source": ({"name": row["source_name"], "entity_id": row["source_id"]}
                   if row["source_name"] or row["source_id"] else None),
        "statement_id": row["statement_key"],
        "date": row["date"],
    }


_STATEMENTS = ("SELECT s.*, e.name AS entity_name FROM statements s LEFT JOIN entities e ON e.id = s.speaker_id ")


def article(conn: sqlite3.Connection, article_id: str) -> Optional[Row]:
    """The article ``article_id`` with its statements and claims in reading
    order, the copies it also ran as, and its story; ``None`` if unknown."""
    found = _run(conn, "SELECT * FROM articles WHERE id = ?", (article_id,))
    if not found:
        return None
    a = dict(found[0])
    statements = [statement_shape(dict(r)) for r in _run(
        conn, _STATEMENTS + "WHERE s.article_id = ? ORDER BY s.location = 'body', s.start, s.id", (article_id,))]
    claims = [claim_shape(dict(r)) for r in _run(
        conn, "SELECT * FROM claims WHERE article_id = ? ORDER BY start, id", (article_id,))]
    story = None
    if a["story_id"] is not None:
        rows = _run(conn, "SELECT id, title, article_count, outlet_count FROM stories WHERE id = ?", (a["story_id"],))
        story = dict(rows[0]) if rows else None
    copies = [dict(r) for r in _run(conn, "SELECT id, url, outlet, published, similarity FROM articles "
                                          "WHERE canonical_id = ? ORDER BY seq", (article_id,))]
    return {
        "id": a["id"], "title": a["title"], "section_path": _loads(a["section_path"], []),
        "published": a["published"], "published_not_before": a["published_not_before"], "updated": a["updated"],
        "authors": _loads(a["authors"], []), "outlet": a["outlet"], "language": a["language"], "url": a["url"],
        "dateline": a["dateline"], "images": _loads(a["images"], []), "body": a["body"],
        "comments": _loads(a["comments"], []), "source_path": a["source_path"], "ingested_at": a["ingested_at"],
        "canonical_id": a["canonical_id"], "similarity": a["similarity"],
        "statements": statements, "claims": claims,
        "also_ran_in": also_ran_in(conn, article_id), "copies": copies, "story": story,
    }


def statement(conn: sqlite3.Connection, key: str) -> Optional[Row]:
    """One statement by its ledger key, with the article it is from and its claims."""
    rows = _run(conn, _STATEMENTS + "WHERE s.key = ?", (key,))
    if not rows:
        return None
    shaped = statement_shape(dict(rows[0]))
    a = _run(conn, "SELECT id, title, outlet, url, published, published_not_before FROM articles WHERE id = ?",
             (shaped["article_id"],))
    shaped["article"] = dict(a[0]) if a else None
    shaped["claims"] = [claim_shape(dict(r)) for r in _run(
        conn, "SELECT * FROM claims WHERE statement_key = ? ORDER BY start", (key,))]
    return shaped


def entity(conn: sqlite3.Connection, entity_id: int) -> Optional[Row]:
    """Entity ``entity_id`` (followed to the one it was merged into) with its
    aliases, roles, counts and the history of hand and automatic merges."""
    try:
        live = live_id(conn, entity_id)
    except LedgerError:
        return None
    row = dict(_run(conn, "SELECT * FROM entities WHERE id = ?", (live,))[0])
    aliases = [dict(r) for r in _run(conn, "SELECT alias, kind FROM aliases WHERE entity_id = ? ORDER BY kind, alias",
                                     (live,))]
    history = [dict(r) for r in _run(conn, (
        "SELECT action, entity_id, other_id, detail, at FROM merges WHERE entity_id = ? OR other_id = ? "
        "ORDER BY id DESC LIMIT 50"), (live, live))]
    return {"id": live, "requested_id": entity_id, "name": row["name"], "type": row["type"],
            "roles": _loads(row["roles"], []), "aliases": aliases,
            "mentions": row["mention_count"], "statements": row["statement_count"], "locked": bool(row["locked"]),
            "history": history}


def activity(conn: sqlite3.Connection, entity_id: int, *, types: Optional[tuple[str, ...]] = None) -> list[Row]:
    """Statements per day of ``entity_id`` (for a timeline chart), read from
    the ``statements(speaker_id, date)`` index alone; ``types`` keeps only
    statements of those types (the chart counts what the list beside it
    shows: speech by default)."""
    where, params = "", [entity_id]
    if types:
        where = f" AND type IN ({', '.join('?' for _ in types)})"
        params.extend(types)
    return [dict(r) for r in _run(conn, (
        "SELECT substr(date, 1, 10) AS day, count(*) AS statements FROM statements "
        f"WHERE speaker_id = ? AND date IS NOT NULL{where} GROUP BY day ORDER BY day"), params)]


def claims_by_source(conn: sqlite3.Connection, entity_id: int, *, limit: int = 50) -> list[Row]:
    """The numbers ``entity_id`` is the source of, newest first."""
    rows = _run(conn, (
        "SELECT c.*, a.title AS title, a.outlet AS outlet FROM claims c JOIN articles a ON a.id = c.article_id "
        "WHERE c.source_id = ? ORDER BY c.date DESC, c.id DESC LIMIT ?"), (entity_id, limit))
    out = []
    for r in rows:
        shaped = claim_shape(dict(r))
        shaped["title"], shaped["outlet"] = r["title"], r["outlet"]
        out.append(shaped)
    return out


def story(conn: sqlite3.Connection, story_id: int, *, per_article: int = 40) -> Optional[Row]:
    """Story ``story_id``: its articles in publication order, each with who is
    quoted in it (statements per speaker) and what they said."""
    found = _run(conn, "SELECT * FROM stories WHERE id = ?", (story_id,))
    if not found:
        return None
    articles = [dict(r) for r in _run(conn, (
        "SELECT id, title, outlet, url, published, published_not_before, canonical_id AS copy_of "
        "FROM articles WHERE story_id = ? ORDER BY coalesce(published, published_not_before), seq"), (story_id,))]
    for a in articles:
        statements = [statement_shape(dict(r)) for r in _run(
            conn, _STATEMENTS + "WHERE s.article_id = ? ORDER BY s.location = 'body', s.start LIMIT ?",
            (a["id"], per_article))]
        quoted: dict[str, Row] = {}
        for s in statements:
            name = s["speaker"]["name"] or "(unknown)"
            entry = quoted.setdefault(name, {"name": name, "entity_id": s["speaker"]["entity_id"],
                                             "role": s["speaker"]["role"], "statements": 0})
            entry["statements"] += 1
        a["quoted"] = sorted(quoted.values(), key=lambda q: -q["statements"])
        a["statements"] = statements
    return {**dict(found[0]), "articles": articles}
