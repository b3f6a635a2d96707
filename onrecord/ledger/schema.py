"""The ledger's tables, and opening the SQLite file safely.

One SQLite file in WAL mode: readers never block the single writer, and a
process killed mid-write leaves the last committed transaction intact.  The
schema is plain tables with readable column names (documented in
``docs/schema.md``) so that ``sqlite3`` or Datasette can be pointed at the
file directly; FTS5 indexes are kept in step by triggers, so rows written by
hand are searchable too.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Union

from onrecord.errors import LedgerError

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY,             -- insertion order (stable rowid for the FTS index)
    id TEXT NOT NULL UNIQUE,             -- Article.id: hash of the normalised body
    canonical_url TEXT UNIQUE,           -- URL without tracking parameters, fragment, trailing slash
    url TEXT,
    outlet TEXT,
    title TEXT,
    section_path TEXT,                   -- JSON list
    published TEXT,
    published_not_before TEXT,
    updated TEXT,
    authors TEXT,                        -- JSON list
    language TEXT,
    dateline TEXT,
    body TEXT NOT NULL,
    paragraphs INTEGER,
    images TEXT,                         -- JSON list of Image
    comments TEXT,                       -- JSON list of Comment
    boilerplate_removed TEXT,            -- JSON list
    source_path TEXT,
    canonical_id TEXT REFERENCES articles(id),  -- set on a near-duplicate: the article it copies
    similarity REAL,                     -- estimated Jaccard similarity to canonical_id
    story_id INTEGER REFERENCES stories(id),
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_canonical ON articles(canonical_id);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);

CREATE TABLE IF NOT EXISTS article_sources (
    article_id TEXT NOT NULL REFERENCES articles(id),
    url TEXT,
    outlet TEXT,
    published TEXT,
    source_path TEXT,
    relation TEXT NOT NULL,              -- same-text | near-duplicate
    similarity REAL,
    added_at TEXT NOT NULL,
    UNIQUE (article_id, url, source_path)
);
CREATE VIEW IF NOT EXISTS also_ran_in AS
    SELECT article_id AS canonical_id, url, outlet, published, relation, similarity FROM article_sources;

CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    norm TEXT NOT NULL,                  -- folded name used for matching
    type TEXT NOT NULL,                  -- PERSON, ORG, GPE, LOC, GROUP
    roles TEXT NOT NULL DEFAULT '[]',    -- JSON list of roles/titles seen
    merged_into INTEGER REFERENCES entities(id),  -- set when merged away (kept for history)
    locked INTEGER NOT NULL DEFAULT 0,   -- 1 after a manual merge/split/rename: never auto-merged
    mention_count INTEGER NOT NULL DEFAULT 0,
    statement_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_norm ON entities(norm, type);

CREATE TABLE IF NOT EXISTS aliases (
    alias TEXT NOT NULL,                 -- folded alias ("putin", "vladimir putin")
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    kind TEXT NOT NULL,                  -- name | surname | alias | manual
    PRIMARY KEY (alias, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_entity ON aliases(entity_id);

CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    local_id TEXT,                       -- Entity.id inside the record
    text TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id, article_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);

CREATE TABLE IF NOT EXISTS statements (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,            -- article_id:Statement.id
    article_id TEXT NOT NULL REFERENCES articles(id),
    speaker_id INTEGER REFERENCES entities(id),
    speaker_name TEXT,                   -- as resolved in the article
    speaker_mention TEXT,                -- the words the article used ("he", "the minister")
    speaker_role TEXT,
    speaker_type TEXT,
    cue TEXT,
    kind TEXT,                           -- direct | indirect | mixed
    content TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    location TEXT,                       -- body | headline
    sentence TEXT,
    when_text TEXT,
    when_date TEXT,
    date TEXT,                           -- resolved: when_date, else published, else published_not_before
    date_source TEXT,                    -- statement | published | not-before
    venue TEXT,
    confidence REAL
);
CREATE INDEX IF NOT EXISTS statements_speaker_date ON statements(speaker_id, date, id);
CREATE INDEX IF NOT EXISTS statements_article ON statements(article_id);
CREATE INDEX IF NOT EXISTS statements_date ON statements(date);

CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,            -- article_id:Claim.id
    article_id TEXT NOT NULL REFERENCES articles(id),
    statement_key TEXT,                  -- statements.key when the claim sits inside a statement
    text TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    value REAL,
    value_max REAL,
    unit TEXT,
    hedge TEXT,
    kind TEXT,
    subject TEXT,
    subject_norm TEXT,                   -- folded subject used to line up claims across sources
    time_text TEXT,
    time_date TEXT,
    date TEXT,                           -- resolved: time_date, else article published
    source_id INTEGER REFERENCES entities(id),  -- NULL: the outlet itself
    source_name TEXT
);
CREATE INDEX IF NOT EXISTS claims_subject ON claims(subject_norm, unit, kind);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);

CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    title TEXT,                          -- title of the first article
    first_published TEXT,
    last_published TEXT,
    article_count INTEGER NOT NULL DEFAULT 0,
    outlet_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_keys (
    key TEXT NOT NULL,                   -- e:<entity id> or w:<title word>
    article_id TEXT NOT NULL REFERENCES articles(id),
    story_id INTEGER NOT NULL,
    date TEXT,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_keys_article ON story_keys(article_id);
CREATE INDEX IF NOT EXISTS story_keys_date ON story_keys(key, date);  -- a key's articles within a date window

CREATE TABLE IF NOT EXISTS minhashes (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    signature BLOB NOT NULL              -- num_perm uint64 hash values
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band INTEGER NOT NULL,
    bucket BLOB NOT NULL,                -- hash of the band's slice of the signature
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS inputs (
    key TEXT PRIMARY KEY,                -- hash of (url, raw input): skip work already done
    source TEXT,
    article_id TEXT,
    status TEXT NOT NULL,                -- ingested | duplicate | near-duplicate
    at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS failures (
    source TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS watches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    speaker TEXT,
    created_at TEXT NOT NULL,
    last_fed_id INTEGER NOT NULL DEFAULT 0   -- statements.id already written to the feed
);

CREATE TABLE IF NOT EXISTS merges (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,                -- auto-merge | merge | split | rename
    entity_id INTEGER NOT NULL,
    other_id INTEGER,
    detail TEXT,
    at TEXT NOT NULL
);

CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(
    content, speaker_name, content='statements', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts(rowid, content, speaker_name) VALUES (new.id, new.content, new.speaker_name);
END;
CREATE TRIGGER IF NOT EXISTS statements_ad AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, content, speaker_name)
        VALUES ('delete', old.id, old.content, old.speaker_name);
END;
CREATE TRIGGER IF NOT EXISTS statements_au AFTER UPDATE OF content, speaker_name ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, content, speaker_name)
        VALUES ('delete', old.id, old.content, old.speaker_name);
    INSERT INTO statements_fts(rowid, content, speaker_name) VALUES (new.id, new.content, new.speaker_name);
END;
CREATE VIRTUAL TABLE IF NOT EXISTS statements_vocab USING fts5vocab(statements_fts, 'row');

CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
    text, subject, content='claims', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS claims_ai AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, text, subject) VALUES (new.id, new.text, new.subject);
END;
CREATE TRIGGER IF NOT EXISTS claims_ad AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, text, subject) VALUES ('delete', old.id, old.text, old.subject);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
"""

# Tables a user sees (exported, documented); FTS shadow tables are derived data.
TABLES = (
    "articles", "article_sources", "entities", "aliases", "mentions", "statements", "claims",
    "stories", "story_keys", "minhashes", "lsh_bands", "inputs", "failures", "watches", "merges",
)

PathLike = Union[str, Path]


def connect(path: PathLike, *, timeout: float = 10.0, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) the ledger at ``path`` with the pragmas it relies on.

    ``isolation_level=None`` puts transactions in our hands: every article is
    written between an explicit ``BEGIN IMMEDIATE`` and ``COMMIT``.
    """
    path = str(path)
    if path != ":memory:":
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise LedgerError(f"{path}: folder {parent} does not exist")
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True,
                                   timeout=timeout, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if path != ":memory:" and mode.lower() != "wal":
                raise LedgerError(f"{path}: cannot switch to WAL journal mode (got {mode})")
        # NORMAL in WAL mode survives a killed process; only a power cut can lose
        # the last transactions (never corrupt the file).
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-65536")
        if not readonly:
            _create(conn)
    except sqlite3.DatabaseError as exc:
        raise ledger_error(exc, path) from exc
    return conn


def _create(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise LedgerError(f"ledger schema version {version} is newer than this onrecord ({SCHEMA_VERSION}); upgrade onrecord")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _split(SCHEMA):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _split(script: str) -> list[str]:
    """Split the schema into statements (triggers contain ``;`` inside BEGIN...END)."""
    statements, buffer = [], []
    for line in re.sub(r"--[^\n]*", "", script).splitlines():
        stripped = line.rstrip()
        if not stripped.strip():
            continue
        buffer.append(stripped)
        text = "\n".join(buffer)
        if stripped.endswith(";") and sqlite3.complete_statement(text):
            statements.append(text)
            buffer = []
    if buffer:
        statements.append("\n".join(buffer))
    return statements


def ledger_error(exc: BaseException, path: str = "ledger") -> LedgerError:
    """Turn an sqlite3 error into a ``LedgerError`` whose message says what to do.

    SQLite's own error name (``SQLITE_IOERR_WRITE``...) is read first where
    Python gives it: a write refused by a file-size limit or a failing disk
    says only "disk I/O error", which tells a user nothing to do."""
    message = str(exc)
    lowered = message.lower()
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered or "busy" in lowered:
        return LedgerError(f"{path}: the database is locked by another process (another ingest running?); "
                           "wait for it to finish and retry")
    if code == "SQLITE_FULL" or "disk is full" in lowered or "database or disk is full" in lowered:
        return LedgerError(f"{path}: the disk is full; the article being written was not kept. "
                           "Free some space and rerun: what was committed is intact")
    if code.startswith(("SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE", "SQLITE_IOERR_SHM")):
        return LedgerError(f"{path}: the disk refused a write (full, over a file-size limit, or failing: {message}); "
                           "the article being written was not kept. Fix the disk and rerun: what was committed "
                           "is intact")
    if code.startswith("SQLITE_READONLY") or "readonly" in lowered or "read-only" in lowered:
        return LedgerError(f"{path}: the database is read-only (check the permissions of the file and its "
                           "folder, which must let onrecord create the -wal and -shm files beside it)")
    if code == "SQLITE_NOTADB" or "not a database" in lowered:
        return LedgerError(f"{path}: not an onrecord ledger (not an SQLite database); give another --db path")
    if code.startswith("SQLITE_CORRUPT") or "malformed" in lowered:
        return LedgerError(f"{path}: the ledger file is damaged ({message}); restore it from a backup, or "
                           f"salvage it with `sqlite3 {path} .recover | sqlite3 repaired.db`")
    if code.startswith("SQLITE_IOERR"):
        return LedgerError(f"{path}: the disk could not be read or written ({message}); check the disk and rerun")
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in lowered:
        return LedgerError(f"{path}: cannot open the database file ({message}; check the path and permissions)")
    return LedgerError(f"{path}: {message}")
