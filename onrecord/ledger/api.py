"""``Ledger``: the Python face of the ledger (the CLI is a thin layer over it).

    >>> from onrecord.ledger import Ledger
    >>> with Ledger("news.db") as ledger:
    ...     ledger.ingest(["pages/", "feed.xml"], workers=2)
    ...     ledger.who_said("Putin", about="negotiations")
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

from onrecord.errors import LedgerError
from onrecord.ledger import atom, entities, export, facets, queries, records
from onrecord.ledger.ingest import IngestSummary, Progress, ingest_items
from onrecord.ledger.schema import connect, ledger_error
from onrecord.ledger.writer import WriteResult, input_key, write_record
from onrecord.read.fetch import FetchPolicy
from onrecord.record import Record

Rows = list[dict[str, Any]]


def default_path() -> str:
    """``$ONRECORD_DB`` if set, else ``./onrecord.db``."""
    return os.environ.get("ONRECORD_DB") or "onrecord.db"


class Ledger:
    """One ledger file, opened for reading and writing."""

    def __init__(self, path: Union[str, Path, None] = None, *, timeout: float = 10.0, readonly: bool = False) -> None:
        self.path = str(path or default_path())
        self.conn: sqlite3.Connection = connect(self.path, timeout=timeout, readonly=readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def add(self, record: Record, *, source: Optional[str] = None, raw: Optional[str] = None) -> WriteResult:
        """Write one record (already extracted) in its own transaction."""
        key = input_key(raw, record.article.url) if raw is not None else None
        return write_record(self.conn, record, key=key, source=source, path=self.path)

    def ingest(self, inputs: Iterable[str], *, workers: int = 1, kind: str = "auto", model: Optional[str] = None,
               policy: FetchPolicy = FetchPolicy(), fetch_links: bool = True,
               progress: Optional[Progress] = None) -> IngestSummary:
        """Read, extract and write every page found in ``inputs`` (paths, folders,
        globs, URLs, feeds, WARC and JSONL files).  A folder written by
        ``onrecord spark`` is loaded as it is, without extracting again."""
        from onrecord.read.expand import expand
        from onrecord.scale.load import is_job_output, load_output

        inputs = list(inputs)
        outputs = [spec for spec in inputs if is_job_output(spec)]
        summary = IngestSummary()
        for out in outputs:
            summary.merge(load_output(self.conn, out, path=self.path, progress=progress))
        rest = [spec for spec in inputs if spec not in outputs]
        if rest or not outputs:
            items = expand(rest, kind=kind, policy=policy, fetch_links=fetch_links)
            summary.merge(ingest_items(self.conn, items, workers=workers, model=model, path=self.path,
                                       progress=progress))
        return summary

    def ingest_jobs(self, jobs: Iterable[Any], *, workers: int = 1, model: Optional[str] = None,
                    progress: Optional[Progress] = None, extractor: Any = None) -> IngestSummary:
        """Ingest ``Job`` objects built by the caller (e.g. texts already in memory)."""
        return ingest_items(self.conn, jobs, workers=workers, model=model, path=self.path, progress=progress,
                            extractor=extractor)

    # -- reading ---------------------------------------------------------------------------
    def who_said(self, speaker: str, **kwargs: Any) -> Rows:
        return queries.who_said(self.conn, speaker, **kwargs)

    def timeline(self, speaker: str, **kwargs: Any) -> Rows:
        return queries.timeline(self.conn, speaker, **kwargs)

    def search(self, text: str, **kwargs: Any) -> Rows:
        return queries.search(self.conn, text, **kwargs)

    def stories(self, **kwargs: Any) -> Rows:
        return queries.stories(self.conn, **kwargs)

    def rebuild_stories(self) -> int:
        """Re-cluster every article into stories (one transaction); the number of stories."""
        from onrecord.ledger import stories

        return self._tx(stories.rebuild)

    def story_articles(self, story_id: int) -> Rows:
        return queries.story_articles(self.conn, story_id)

    def numbers(self, **kwargs: Any) -> Rows:
        """Claims about one quantity that disagree; each row has ``group``
        (rows of one quantity), ``measured`` and ``reason`` (why it was lined up)."""
        return queries.numbers(self.conn, **kwargs)

    def number_pairs(self, **kwargs: Any) -> list[tuple[str, str, str]]:
        """Every pair of claims ``numbers`` lines up: (claim key, claim key, reason)."""
        return queries.number_pairs(self.conn, **kwargs)

    def entities(self, **kwargs: Any) -> Rows:
        return queries.entities(self.conn, **kwargs)

    def failures(self, **kwargs: Any) -> Rows:
        return queries.failures(self.conn, **kwargs)

    def also_ran_in(self, article_id: str) -> Rows:
        return queries.also_ran_in(self.conn, article_id)

    # -- one thing at a time, in the record's shape (the web app and HTTP API) -------------
    def article(self, article_id: str) -> Optional[dict[str, Any]]:
        return records.article(self.conn, article_id)

    def statement(self, key: str) -> Optional[dict[str, Any]]:
        return records.statement(self.conn, key)

    def entity(self, entity_id: int) -> Optional[dict[str, Any]]:
        return records.entity(self.conn, entity_id)

    def activity(self, entity_id: int, *, types: Optional[tuple[str, ...]] = None) -> Rows:
        return records.activity(self.conn, entity_id, types=types)

    def claims_by_source(self, entity_id: int, *, limit: int = 50) -> Rows:
        return records.claims_by_source(self.conn, entity_id, limit=limit)

    def story(self, story_id: int) -> Optional[dict[str, Any]]:
        return records.story(self.conn, story_id)

    def find_entities(self, name: str) -> list[int]:
        """Live entity ids a name (or an id) can mean."""
        return entities.find_entities(self.conn, name)

    # -- faceted search (the web app) --------------------------------------------------------
    def search_table(self, table: str, filters: "facets.Filters", *, limit: int = 20,
                     cursor: Optional[int] = None) -> tuple[Rows, Optional[int]]:
        return facets.search_table(self.conn, table, filters, limit=limit, cursor=cursor)

    def search_counts(self, filters: "facets.Filters") -> dict[str, int]:
        return facets.counts(self.conn, filters)

    def statement_facets(self, filters: "facets.Filters") -> dict[str, Any]:
        return facets.statement_facets(self.conn, filters)

    def counts(self) -> dict[str, int]:
        """Rows per main table (a quick look at what the ledger holds)."""
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "entities", "statements", "claims", "stories", "failures")}

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file ("ok" when sound) plus the FTS indexes'."""
        verdict = self.conn.execute("PRAGMA integrity_check").fetchone()[0]
        for fts in ("statements_fts", "claims_fts", "articles_fts"):
            try:
                self.conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                return f"{fts}: {exc}"
        return verdict

    # -- fixing entities by hand -----------------------------------------------------------
    def _entity(self, ref: Union[int, str]) -> int:
        ids = entities.find_entities(self.conn, str(ref))
        if len(ids) != 1:
            found = ", ".join(str(i) for i in ids) or "none"
            raise LedgerError(f"{ref!r} must name exactly one entity (found: {found}); use its id")
        return ids[0]

    def _tx(self, fn, *args):
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            result = fn(self.conn, *args)
            self.conn.execute("COMMIT")
            return result
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise ledger_error(exc, self.path) from exc
            raise

    def merge(self, source: Union[int, str], target: Union[int, str]) -> int:
        """Merge entity ``source`` into ``target`` (ids or unambiguous names)."""
        return self._tx(entities.merge_entities, self._entity(source), self._entity(target))

    def split(self, entity: Union[int, str], alias: str) -> int:
        """Move what was written as ``alias`` off ``entity`` onto a new entity."""
        return self._tx(entities.split_entity, self._entity(entity), alias)

    def rename(self, entity: Union[int, str], name: str) -> None:
        self._tx(entities.rename_entity, self._entity(entity), name)

    # -- watches ---------------------------------------------------------------------------
    def watch_add(self, name: str, query: str, speaker: Optional[str] = None) -> None:
        self._tx(atom.add_watch, name, query, speaker)

    def watch_remove(self, name: str) -> None:
        self._tx(atom.remove_watch, name)

    def watches(self) -> Rows:
        return atom.list_watches(self.conn)

    def watch_feed(self, name: str, *, mark: bool = True) -> str:
        """The watch's Atom feed (and, with ``mark``, remember what it contained)."""
        if not mark:
            return atom.watch_feed(self.conn, name, mark=False)
        return self._tx(atom.watch_feed, name)

    # -- export ----------------------------------------------------------------------------
    def export(self, out: Union[str, Path], fmt: str = "parquet", *, tables: Sequence[str] = ()) -> dict[str, int]:
        return export.export(self.conn, Path(out), fmt, tables=tables)
