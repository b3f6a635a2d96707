"""One record as rows of the Spark job's tables — the per-record function,
free of Spark so it can be tested (and reasoned about) alone.

The rows of ``articles``, ``statements``, ``claims`` and ``mentions`` carry the
ledger's columns (``ledger.columns``), filled as ``onrecord ingest`` fills them,
except what only a ledger can assign:

* ``seq``, ``statements.id``, ``claims.id``, ``story_id``, ``ingested_at``:
  NULL (insertion order, stories and times belong to one ledger);
* entity ids: a 63-bit hash of the entity's type and folded name
  (``entity_key``), the same in every task and every run.  The ledger's
  resolution across articles (a bare surname joining a full name, hand merges)
  happens when the output is loaded with ``onrecord ingest DIR``.

Each record also becomes one ``records`` row holding its whole JSON, so the
ledger can be filled from the output without running the extraction again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Optional

from onrecord.ledger import dedup
from onrecord.ledger.columns import table_columns
from onrecord.ledger.entities import SPEAKER_TYPES, Candidate, fold
from onrecord.ledger.measures import measure_key, owner_names
from onrecord.ledger.writer import input_key, resolved_date, speaker_id
from onrecord.record import Record, _to_plain

Row = dict[str, Any]
_PRONOUNS = {"he", "she", "they", "it", "i", "we"}


@dataclass
class RecordRows:
    """Everything one extracted record contributes to the output tables."""

    record: Row
    article: Row
    statements: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)   # one per entity of this record, for the corpus table


def entity_key(type_: str, norm: str) -> int:
    """A stable 63-bit id for an entity (type and folded name): the same on
    every executor and in every run, so a retried task writes the same rows."""
    digest = hashlib.blake2b(f"{type_}\0{norm}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _json(value) -> str:
    return json.dumps(_to_plain(value), ensure_ascii=False)


def _shaped(table: str, values: Row) -> Row:
    """``values`` with exactly the ledger table's columns (missing ones NULL)."""
    return {c.name: values.get(c.name) for c in table_columns(table)}


def record_rows(record: Record, *, input_index: int, input_path: str, record_number: int,
                source: str, raw: Any, url: Optional[str]) -> RecordRows:
    """The rows for one extracted ``record``.  ``raw`` and ``url`` are the job's,
    so ``input_key`` is the key a direct ``onrecord ingest`` would store."""
    a = record.article
    article_id = a.id
    minhash = dedup.signature(a.body)
    rows = RecordRows(
        record={"input_index": input_index, "input": input_path, "record_number": record_number, "source": source,
                "input_key": input_key(raw, url), "article_id": article_id, "url": a.url,
                "signature": dedup.to_blob(minhash) if minhash is not None else None,
                "record": json.dumps(record.to_dict(), ensure_ascii=False)},
        article=_shaped("articles", {
            "id": article_id, "canonical_url": dedup.canonical_url(a.url), "url": a.url, "outlet": a.outlet,
            "title": a.title, "section_path": _json(a.section_path), "published": a.published,
            "published_not_before": a.published_not_before, "updated": a.updated, "authors": _json(a.authors),
            "language": a.language, "dateline": a.dateline, "body": a.body, "paragraphs": len(a.paragraphs),
            "images": _json(a.images), "comments": _json(a.comments),
            "boilerplate_removed": _json(a.boilerplate_removed), "source_path": source}))
    ids = _entity_ids(record, rows, article_id)
    for s in record.statements:
        date, origin = resolved_date(s.when.date if s.when else None, record)
        rows.statements.append(_shaped("statements", {
            "key": f"{article_id}:{s.id}", "article_id": article_id, "speaker_id": speaker_id(s, ids),
            "speaker_name": s.speaker.name, "speaker_mention": s.speaker.mention.text if s.speaker.mention else None,
            "speaker_role": s.speaker.role, "speaker_type": s.speaker.type, "cue": s.cue.text if s.cue else None,
            "kind": s.kind, "content": s.content.text, "start": s.content.start, "end": s.content.end,
            "location": s.where, "sentence": s.sentence, "when_text": s.when.text if s.when else None,
            "when_date": s.when.date if s.when else None, "date": date, "date_source": origin, "venue": s.venue,
            "confidence": s.confidence, "type": getattr(s, "type", None)}))
    owners = _owners(record) if record.claims else {}
    for c in record.claims:
        source_id = None
        if c.source is not None:
            source_id = ids.get(c.source.entity_id) if c.source.entity_id else ids.get(f"speaker:{c.source.name}")
        date, origin = resolved_date(c.time.date if c.time else None, record)
        rows.claims.append(_shaped("claims", {
            "key": f"{article_id}:{c.id}", "article_id": article_id,
            "statement_key": f"{article_id}:{c.statement_id}" if c.statement_id else None,
            "text": c.text, "start": c.start, "end": c.end, "value": c.value, "value_max": c.value_max,
            "unit": c.unit, "hedge": c.hedge, "kind": c.kind, "subject": c.subject,
            "subject_norm": measure_key(c.subject, owners, c.kind),
            "time_text": c.time.text if c.time else None, "time_date": c.time.date if c.time else None,
            "date": date, "date_source": "time" if origin == "statement" else origin,
            "source_id": source_id, "source_name": c.source.name if c.source else None}))
    return rows


def _entity_ids(record: Record, rows: RecordRows, article_id: str) -> dict[str, Optional[int]]:
    """Local entity id → ``entity_key``, filling the mention and entity rows
    (the entities and speakers the ledger's writer would resolve)."""
    ids: dict[str, Optional[int]] = {}
    for entity in record.entities:
        key = _key(Candidate(entity.name, entity.type, entity.roles, entity.aliases))
        ids[entity.id] = key[0] if key else None
        if key is None:
            continue
        rows.entities.append(_entity_row(key, entity.name, entity.type, entity.roles, max(1, len(entity.mentions))))
        for mention in entity.mentions or []:
            rows.mentions.append(_shaped("mentions", {"article_id": article_id, "entity_id": key[0],
                                                      "local_id": entity.id, "text": mention.text,
                                                      "start": mention.start, "end": mention.end}))
        if not entity.mentions:
            rows.mentions.append(_shaped("mentions", {"article_id": article_id, "entity_id": key[0],
                                                      "local_id": entity.id, "text": entity.name}))
    for statement in record.statements:
        speaker = statement.speaker
        if speaker.entity_id in ids or not speaker.name:
            continue
        type_ = SPEAKER_TYPES.get(speaker.type)
        if type_ is None or fold(speaker.name) in _PRONOUNS:
            continue
        local = f"speaker:{speaker.name}"
        if local not in ids:
            roles = [speaker.role] if speaker.role else []
            key = _key(Candidate(speaker.name, type_, roles))
            ids[local] = key[0] if key else None
            if key is not None:
                rows.entities.append(_entity_row(key, speaker.name, type_, roles, 0))
    return ids


def _owners(record: Record) -> dict[str, str]:
    """Each name the article gives an entity (folded) -> that entity's folded
    name, as the ledger's writer gives a claim's owner (``measure_key``)."""
    owners: dict[str, str] = {}
    for entity in record.entities:
        key = _key(Candidate(entity.name, entity.type, entity.roles, entity.aliases))
        if key is None:
            continue
        for folded in owner_names(entity):
            owners.setdefault(folded, key[1])
    return owners


def _key(candidate: Candidate) -> Optional[tuple[int, str]]:
    """(entity_key, folded name) for a candidate, or None where the ledger
    would not keep it as an entity (no proper name)."""
    full, forms, _ = candidate.forms()
    if not forms:
        return None
    norm = full or min(forms, key=len)
    return entity_key(candidate.type, norm), norm


def _entity_row(key: tuple[int, str], name: str, type_: str, roles: list[str], mentions: int) -> Row:
    return {"id": key[0], "name": name, "norm": key[1], "type": type_, "roles": sorted(set(roles)),
            "mentions": mentions}


def failure_row(*, input_index: int, input_path: str, record_number: int, source: str,
                error_class: str, message: str) -> Row:
    """One row of ``failures``: where (input, record) and why."""
    return {"input_index": input_index, "input": input_path, "record_number": record_number, "source": source,
            "error_class": error_class, "message": message}
