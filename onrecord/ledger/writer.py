"""Writing one record into the ledger, all or nothing.

Everything one article contributes — the article row, its entities and
mentions, statements, claims, MinHash signature, story keys and the
``inputs`` row that lets a rerun skip it — goes in one ``BEGIN IMMEDIATE``
transaction.  A process killed at any point either committed the article
completely or left no trace of it; a rerun then writes what is missing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Union

from onrecord.errors import InputError
from onrecord.ledger import dedup, stories
from onrecord.ledger.entities import SPEAKER_TYPES, Candidate, EntityResolver, fold, live_id, now
from onrecord.ledger.measures import measure_key, owner_names
from onrecord.ledger.schema import ledger_error
from onrecord.record import Record, _to_plain


@dataclass
class WriteResult:
    """What happened to one record."""

    status: str                      # ingested | duplicate | near-duplicate
    article_id: str
    canonical_id: Optional[str] = None
    relation: Optional[str] = None   # same-input | same-url | same-text | near-duplicate
    similarity: Optional[float] = None


def input_key(raw: Union[str, bytes], url: Optional[str] = None) -> str:
    """Identity of one raw input (its URL and bytes), to skip it before any NLP."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    digest = hashlib.sha1((url or "").encode("utf-8") + b"\0" + data)
    return digest.hexdigest()


def write_record(conn: sqlite3.Connection, record: Record, *, key: Optional[str] = None,
                 source: Optional[str] = None, path: str = "ledger") -> WriteResult:
    """Write ``record`` in one transaction; raise ``LedgerError`` if the
    database refuses (locked, disk full), leaving it as it was."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise ledger_error(exc, path) from exc
    try:
        result = _write(conn, record, key, source or record.source_path)
        conn.execute("COMMIT")
        return result
    except sqlite3.DatabaseError as exc:
        _rollback(conn)
        raise ledger_error(exc, path) from exc
    except BaseException:
        _rollback(conn)
        raise


def record_failure(conn: sqlite3.Connection, source: str, reason: str, path: str = "ledger") -> None:
    """Remember why ``source`` failed (one row per source, attempts counted)."""
    try:
        conn.execute(
            "INSERT INTO failures(source, reason, attempts, at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(source) DO UPDATE SET reason = excluded.reason, attempts = attempts + 1, at = excluded.at",
            (source, reason, now()))
    except sqlite3.DatabaseError as exc:
        raise ledger_error(exc, path) from exc


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.DatabaseError:
        pass


def _write(conn: sqlite3.Connection, record: Record, key: Optional[str], source: Optional[str]) -> WriteResult:
    article = record.article
    if not article.body.strip():
        raise InputError("the article has no body text")
    article_id = article.id
    if key:
        done = conn.execute("SELECT article_id FROM inputs WHERE key = ?", (key,)).fetchone()
        if done:
            return WriteResult("duplicate", done[0], done[0], "same-input")
    url = dedup.canonical_url(article.url)
    result = _known(conn, article_id, url)
    minhash = None
    if result is None:
        minhash = dedup.signature(article.body)
        match = dedup.find_near_duplicate(conn, minhash) if minhash is not None else None
        if match is not None:
            _insert_article(conn, record, url, source, canonical=match)
            story = conn.execute("SELECT story_id FROM articles WHERE id = ?", (match.article_id,)).fetchone()
            if story and story[0] is not None:
                stories.join_story(conn, article_id, story[0])
            result = WriteResult("near-duplicate", article_id, match.article_id, match.relation, match.similarity)
    if result is not None:
        if result.canonical_id and result.relation != "same-url":
            _also_ran_in(conn, result.canonical_id, record, source, result.relation or "same-text",
                         result.similarity)
    else:
        _insert_article(conn, record, url, source)
        entity_ids = _insert_entities(conn, record, article_id)
        _insert_statements(conn, record, article_id, entity_ids)
        _insert_claims(conn, record, article_id, entity_ids)
        if minhash is not None:
            dedup.store_signature(conn, article_id, minhash)
        counts: Counter = Counter()
        for entity in record.entities:
            if entity_ids.get(entity.id):
                counts[entity_ids[entity.id]] += max(1, len(entity.mentions))
        first = article.paragraphs[0] if article.paragraphs else article.body[:300]
        stories.assign_story(conn, article_id, article.title, article.published,
                             stories.keys_for(article.title, first, counts), article.published_not_before)
        _count(conn, article_id)
        result = WriteResult("ingested", article_id)
    if key:
        conn.execute("INSERT OR IGNORE INTO inputs(key, source, article_id, status, at) VALUES (?, ?, ?, ?, ?)",
                     (key, source, article_id if result.status != "duplicate" else result.canonical_id,
                      result.status, now()))
    if source:
        conn.execute("DELETE FROM failures WHERE source = ?", (source,))
    return result


def _count(conn: sqlite3.Connection, article_id: str) -> None:
    """Add this article's mentions and statements to the entities' cached
    counts (incrementally: recounting a much-quoted speaker on every article
    would grow with the ledger)."""
    conn.execute(
        "UPDATE entities SET mention_count = mention_count + m.n FROM (SELECT entity_id, count(*) AS n "
        "FROM mentions WHERE article_id = ? GROUP BY entity_id) AS m WHERE entities.id = m.entity_id", (article_id,))
    conn.execute(
        "UPDATE entities SET statement_count = statement_count + s.n FROM (SELECT speaker_id, count(*) AS n "
        "FROM statements WHERE article_id = ? AND speaker_id IS NOT NULL GROUP BY speaker_id) AS s "
        "WHERE entities.id = s.speaker_id", (article_id,))


def _known(conn: sqlite3.Connection, article_id: str, url: Optional[str]) -> Optional[WriteResult]:
    row = conn.execute("SELECT id, canonical_id, canonical_url FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row:
        # The same text again: from another outlet it "also ran in" there; from
        # the same URL (or none) it is simply the same article once more.
        relation = "same-text" if url and url != row["canonical_url"] else "same-url"
        return WriteResult("duplicate", article_id, row["canonical_id"] or row["id"], relation)
    if url:
        row = conn.execute("SELECT id FROM articles WHERE canonical_url = ?", (url,)).fetchone()
        if row:
            return WriteResult("duplicate", article_id, row["id"], "same-url")
    return None


def _json(value) -> str:
    return json.dumps(_to_plain(value), ensure_ascii=False)


def _insert_article(conn: sqlite3.Connection, record: Record, url: Optional[str], source: Optional[str],
                    canonical: Optional[dedup.Match] = None) -> None:
    a = record.article
    conn.execute(
        "INSERT INTO articles(id, canonical_url, url, outlet, title, section_path, published, published_not_before, "
        "updated, authors, language, dateline, body, paragraphs, images, comments, boilerplate_removed, source_path, "
        "canonical_id, similarity, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (a.id, url, a.url, a.outlet, a.title, _json(a.section_path), a.published, a.published_not_before, a.updated,
         _json(a.authors), a.language, a.dateline, a.body, len(a.paragraphs), _json(a.images), _json(a.comments),
         _json(a.boilerplate_removed), source, canonical.article_id if canonical else None,
         canonical.similarity if canonical else None, now()))


def _also_ran_in(conn: sqlite3.Connection, canonical_id: str, record: Record, source: Optional[str],
                 relation: str, similarity: Optional[float]) -> None:
    a = record.article
    conn.execute(
        "INSERT OR IGNORE INTO article_sources(article_id, url, outlet, published, source_path, relation, similarity, "
        "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (canonical_id, a.url or "", a.outlet, a.published, source or "", relation, similarity, now()))


def _insert_entities(conn: sqlite3.Connection, record: Record, article_id: str) -> dict[str, Optional[int]]:
    """Resolve each record entity, write its mentions; map local id → ledger id."""
    resolver = EntityResolver(conn)
    ids: dict[str, Optional[int]] = {}
    rows = []
    speakers = {s.speaker.entity_id for s in record.statements if s.speaker.entity_id}
    shared = _shared_surnames(record)
    for entity in record.entities:
        ids[entity.id] = resolver.resolve(Candidate(entity.name, entity.type, entity.roles, entity.aliases,
                                                    speaks=entity.id in speakers, shared_surnames=shared))
        if ids[entity.id] is None:
            continue
        for mention in entity.mentions or []:
            rows.append((article_id, ids[entity.id], entity.id, mention.text, mention.start, mention.end))
        if not entity.mentions:
            rows.append((article_id, ids[entity.id], entity.id, entity.name, None, None))
    conn.executemany('INSERT INTO mentions(article_id, entity_id, local_id, text, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
                     rows)
    # Speakers the extractor named without an entity still deserve one.
    for statement in record.statements:
        speaker = statement.speaker
        if speaker.entity_id in ids or not speaker.name:
            continue
        type_ = SPEAKER_TYPES.get(speaker.type)
        if type_ is None or fold(speaker.name) in {"he", "she", "they", "it", "i", "we"}:
            continue
        local = f"speaker:{speaker.name}"
        if local not in ids:
            ids[local] = resolver.resolve(Candidate(speaker.name, type_, [speaker.role] if speaker.role else []))
    return ids


def _shared_surnames(record: Record) -> frozenset:
    """Folded surnames the article gives two or more people's full names for."""
    from collections import Counter

    counts = Counter(fold(e.name).split()[-1] for e in record.entities
                     if e.type == "PERSON" and len(fold(e.name).split()) > 1)
    return frozenset(name for name, n in counts.items() if n > 1)


def resolved_date(when_date: Optional[str], record: Record) -> tuple[Optional[str], Optional[str]]:
    """The date a statement is filed under, and where it came from."""
    if when_date:
        return when_date, "statement"
    if record.article.published:
        return record.article.published, "published"
    if record.article.published_not_before:
        return record.article.published_not_before, "not-before"
    return None, None


def speaker_id(statement, ids: dict[str, Optional[int]]) -> Optional[int]:
    """The entity id a statement's speaker maps to (``ids``: the article's
    local entity ids, and ``speaker:<name>`` for speakers with no entity).
    The Spark rows use it too, so both fill ``speaker_id`` alike."""
    speaker = statement.speaker
    if speaker.entity_id and speaker.entity_id in ids:
        return ids[speaker.entity_id]
    if speaker.name:
        return ids.get(f"speaker:{speaker.name}")
    return None


def _insert_statements(conn: sqlite3.Connection, record: Record, article_id: str,
                       ids: dict[str, Optional[int]]) -> None:
    rows = []
    for s in record.statements:
        date, origin = resolved_date(s.when.date if s.when else None, record)
        rows.append((
            f"{article_id}:{s.id}", article_id, speaker_id(s, ids), s.speaker.name,
            s.speaker.mention.text if s.speaker.mention else None, s.speaker.role, s.speaker.type,
            s.cue.text if s.cue else None, s.kind, s.content.text, s.content.start, s.content.end, s.where,
            s.sentence, s.when.text if s.when else None, s.when.date if s.when else None, date, origin,
            s.venue, s.confidence, s.type))
    conn.executemany(
        'INSERT INTO statements(key, article_id, speaker_id, speaker_name, speaker_mention, speaker_role, speaker_type, '
        'cue, kind, content, start, "end", location, sentence, when_text, when_date, date, date_source, venue, '
        'confidence, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', rows)


def _owners(conn: sqlite3.Connection, record: Record, ids: dict[str, Optional[int]]) -> dict[str, str]:
    """Each name the article gives an entity (folded) -> the ledger entity's
    folded name, so a claim's owner reads the same in every article."""
    owners: dict[str, str] = {}
    for entity in record.entities:
        ledger_id = ids.get(entity.id)
        if not ledger_id:
            continue
        row = conn.execute("SELECT norm FROM entities WHERE id = ?", (live_id(conn, ledger_id),)).fetchone()
        if row is None:
            continue
        for folded in owner_names(entity):
            owners.setdefault(folded, row[0])
    return owners


def _insert_claims(conn: sqlite3.Connection, record: Record, article_id: str,
                   ids: dict[str, Optional[int]]) -> None:
    rows = []
    owners = _owners(conn, record, ids) if record.claims else {}
    for c in record.claims:
        source_id = None
        if c.source is not None:
            source_id = ids.get(c.source.entity_id) if c.source.entity_id else ids.get(f"speaker:{c.source.name}")
        date, origin = resolved_date(c.time.date if c.time else None, record)
        rows.append((
            f"{article_id}:{c.id}", article_id, f"{article_id}:{c.statement_id}" if c.statement_id else None,
            c.text, c.start, c.end, c.value, c.value_max, c.unit, c.hedge, c.kind, c.subject,
            measure_key(c.subject, owners, c.kind), c.time.text if c.time else None, c.time.date if c.time else None,
            date, "time" if origin == "statement" else origin, source_id, c.source.name if c.source else None))
    conn.executemany(
        'INSERT INTO claims(key, article_id, statement_key, text, start, "end", value, value_max, unit, hedge, kind, '
        'subject, subject_norm, time_text, time_date, date, date_source, source_id, source_name) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', rows)
