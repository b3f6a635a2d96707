"""Faceted search: statements, claims and articles narrowed by speaker,
outlet, date range and direct/indirect, with a count for each facet value.

``queries.search`` ranks the best few hits across all three tables for the
command line; a reader of the web app instead narrows step by step (Datasette,
MediaCloud), so this module pages through one table at a time, newest first in
the order the ledger received the rows (which tracks publication), and counts
what the filters leave.  That order is the FTS index's own (rowid), so a page
reads its rows and stops: sorting every match of a common word by date would
cost time proportional to its hits.  The cursor is the rowid of the last row
shown (keyset paging: a deep page costs what the first does).  For the same
reason counts stop at ``COUNT_CAP`` and facets are taken over the newest
``FACET_SAMPLE`` matches, and say so (``capped``).

Statements may carry a ``type`` column (speech | belief | topic, from the
statement typing stage): when the ledger has it, the filter and facet use it;
a ledger without it simply has no such facet.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Optional

from onrecord.errors import LedgerError
from onrecord.ledger.queries import _run, fts_query

Row = dict[str, Any]

#: Matches per table are counted up to this many ("10,000+" beyond).
COUNT_CAP = 10_000
#: Facets are counted over at most this many matches (the newest): reading
#: each match's row costs about 4 µs of CPU, so this bounds a page's cost.
FACET_SAMPLE = 2_000
#: Values shown per facet (the most frequent).
FACET_VALUES = 12
# Markers put around matched words in snippets: control characters that never
# occur in stored text, so a display layer can escape everything else first.
MARK_START, MARK_END = "\x02", "\x03"
TABLES = ("statements", "claims", "articles")


@dataclass
class Filters:
    """What a reader narrowed the search to (every field optional)."""

    text: Optional[str] = None
    speaker_ids: list[int] = field(default_factory=list)
    outlet: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    kind: Optional[str] = None        # direct | indirect | mixed
    type: Optional[str] = None        # speech | belief | topic (ledgers that have statements.type)

    def query(self) -> Optional[str]:
        return fts_query(self.text) if self.text and self.text.strip() else None


def has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` (ledgers written before a column was added lack it)."""
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def statement_types(conn: sqlite3.Connection) -> bool:
    """Whether this ledger records statement types (``statements.type``)."""
    return has_column(conn, "statements", "type")


# -- the three tables, each as (FROM ... , date expression, id expression) ---------------------
def _spoken_where(table: str, alias: str, speaker_column: str,
                  f: Filters) -> tuple[str, list[str], list[Any]]:
    """What statements and claims share: words, speaker (a claim's is its source), outlet, dates."""
    query = f.query()
    source = (f"{table}_fts JOIN {table} {alias} ON {alias}.id = {table}_fts.rowid"
              if query else f"{table} {alias}")
    where, params = ([f"{table}_fts MATCH ?"], [query]) if query else ([], [])
    if f.speaker_ids:
        where.append(f"{alias}.{speaker_column} IN ({','.join('?' * len(f.speaker_ids))})")
        params += f.speaker_ids
    if f.outlet:
        where.append(f"{alias}.article_id IN (SELECT id FROM articles WHERE outlet = ?)")
        params.append(f.outlet)
    _dates(where, params, f"{alias}.date", f)
    return source, where, params


def _statement_where(conn: sqlite3.Connection, f: Filters) -> tuple[str, list[str], list[Any]]:
    source, where, params = _spoken_where("statements", "s", "speaker_id", f)
    if f.kind:
        where.append("s.kind = ?")
        params.append(f.kind)
    if f.type and statement_types(conn):
        where.append("s.type = ?")
        params.append(f.type)
    return source, where, params


def _claim_where(f: Filters) -> tuple[str, list[str], list[Any]]:
    return _spoken_where("claims", "c", "source_id", f)


def _article_where(f: Filters) -> tuple[str, list[str], list[Any]]:
    query = f.query()
    source = "articles_fts JOIN articles a ON a.seq = articles_fts.rowid" if query else "articles a"
    where, params = (["articles_fts MATCH ?"], [query]) if query else ([], [])
    if f.speaker_ids:
        where.append(f"a.id IN (SELECT article_id FROM statements WHERE speaker_id IN "
                     f"({','.join('?' * len(f.speaker_ids))}))")
        params += f.speaker_ids
    if f.outlet:
        where.append("a.outlet = ?")
        params.append(f.outlet)
    _dates(where, params, "coalesce(a.published, a.published_not_before)", f)
    return source, where, params


def _dates(where: list[str], params: list[Any], column: str, f: Filters) -> None:
    if f.since:
        where.append(f"{column} >= ?")
        params.append(f.since)
    if f.until:
        where.append(f"{column} < date(?, '+1 day')")
        params.append(f.until)


def _snippet(fts: str, column: int, query: Optional[str], fallback: str) -> str:
    if not query:
        return f"substr({fallback}, 1, 240)"
    return f"snippet({fts}, {column}, '{MARK_START}', '{MARK_END}', '…', 24)"


def _page(where: list[str], params: list[Any], rowid: str, cursor: Optional[int]) -> tuple[str, list[Any]]:
    """``WHERE`` and ``ORDER BY`` of one newest-first page after ``cursor``."""
    clauses, args = list(where), list(params)
    if cursor is not None:
        clauses.append(f"{rowid} < ?")
        args.append(cursor)
    sql = (" WHERE " + " AND ".join(clauses) if clauses else "") + f" ORDER BY {rowid} DESC LIMIT ?"
    return sql, args


def search_table(conn: sqlite3.Connection, table: str, f: Filters, *, limit: int = 20,
                 cursor: Optional[int] = None) -> tuple[list[Row], Optional[int]]:
    """One page of ``table`` matching ``f``, newest first, and the cursor of
    the next page (``None`` on the last)."""
    query = f.query()
    if table == "statements":
        source, where, params = _statement_where(conn, f)
        typed = ", s.type AS type" if statement_types(conn) else ""
        select = (f"SELECT s.id AS rowid, s.key AS id, s.date AS date, s.date_source AS date_source, "
                  f"s.speaker_id AS speaker_id, coalesce(e.name, s.speaker_name) AS speaker, "
                  f"s.speaker_role AS role, s.kind AS kind{typed}, s.cue AS cue, "
                  f"{_snippet('statements_fts', 0, query, 's.content')} AS snippet, s.article_id AS article_id, "
                  f"a.title AS title, a.outlet AS outlet, a.url AS url FROM {source} "
                  "JOIN articles a ON a.id = s.article_id LEFT JOIN entities e ON e.id = s.speaker_id")
        rowid = "statements_fts.rowid" if query else "s.id"
    elif table == "claims":
        source, where, params = _claim_where(f)
        select = (f"SELECT c.id AS rowid, c.key AS id, c.date AS date, c.value AS value, c.value_max AS value_max, "
                  f"c.unit AS unit, c.kind AS kind, c.hedge AS hedge, c.subject AS subject, c.source_id AS source_id, "
                  f"coalesce(c.source_name, a.outlet) AS source, "
                  f"{_snippet('claims_fts', 0, query, 'c.text')} AS snippet, c.article_id AS article_id, "
                  f"a.title AS title, a.outlet AS outlet, a.url AS url FROM {source} JOIN articles a ON a.id = c.article_id")
        rowid = "claims_fts.rowid" if query else "c.id"
    elif table == "articles":
        source, where, params = _article_where(f)
        select = (f"SELECT a.seq AS rowid, a.id AS id, coalesce(a.published, a.published_not_before) AS date, "
                  f"a.published IS NULL AND a.published_not_before IS NOT NULL AS date_is_lower_bound, "
                  f"{_snippet('articles_fts', 1, query, 'a.body')} AS snippet, a.title AS title, "
                  f"a.outlet AS outlet, a.url AS url, a.story_id AS story_id FROM {source}")
        rowid = "articles_fts.rowid" if query else "a.seq"
    else:
        raise LedgerError(f"cannot search {table!r}: choose one of {', '.join(TABLES)}")
    tail, args = _page(where, params, rowid, cursor)
    rows = [dict(r) for r in _run(conn, select + tail, [*args, limit + 1])]
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = rows[-1]["rowid"]
    for row in rows:
        row.pop("rowid")
    return rows, following


def counts(conn: sqlite3.Connection, f: Filters) -> dict[str, int]:
    """Matches per table, each counted up to ``COUNT_CAP`` (+1 says "more")."""
    out = {}
    for table, (source, where, params) in (("statements", _statement_where(conn, f)),
                                           ("claims", _claim_where(f)), ("articles", _article_where(f))):
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {source}{' WHERE ' + ' AND '.join(where) if where else ''} LIMIT ?)"
        out[table] = _run(conn, sql, [*params, COUNT_CAP + 1])[0][0]
    return out


def statement_facets(conn: sqlite3.Connection, f: Filters) -> dict[str, Any]:
    """Counts per speaker, outlet, kind, month (and type, where recorded) of
    the newest ``FACET_SAMPLE`` statements matching ``f``."""
    source, where, params = _statement_where(conn, f)
    typed = statement_types(conn)
    sample = (f"SELECT s.id AS id, s.speaker_id AS speaker_id, s.article_id AS article_id, s.kind AS kind, "
              f"substr(s.date, 1, 7) AS month{', s.type AS type' if typed else ''} FROM {source}"
              f"{' WHERE ' + ' AND '.join(where) if where else ''} "
              f"ORDER BY {'statements_fts.rowid' if f.query() else 's.id'} DESC LIMIT ?")
    rows = _run(conn, f"WITH m AS MATERIALIZED ({sample}) SELECT 'total', NULL, count(*) FROM m "
                      "UNION ALL SELECT 'speaker', speaker_id, count(*) FROM m WHERE speaker_id IS NOT NULL "
                      "GROUP BY speaker_id "
                      "UNION ALL SELECT 'outlet', a.outlet, count(*) FROM m JOIN articles a ON a.id = m.article_id "
                      "WHERE a.outlet IS NOT NULL GROUP BY a.outlet "
                      "UNION ALL SELECT 'kind', kind, count(*) FROM m GROUP BY kind "
                      "UNION ALL SELECT 'month', month, count(*) FROM m WHERE month IS NOT NULL GROUP BY month"
                      + (" UNION ALL SELECT 'type', type, count(*) FROM m GROUP BY type" if typed else ""),
                [*params, FACET_SAMPLE + 1])
    groups: dict[str, list[tuple[Any, int]]] = {"speaker": [], "outlet": [], "kind": [], "month": [], "type": []}
    total = 0
    for facet, value, n in rows:
        if facet == "total":
            total = n
        elif value is not None:
            groups[facet].append((value, n))
    speakers = sorted(groups["speaker"], key=lambda x: (-x[1], x[0]))[:FACET_VALUES]
    names = _entity_names(conn, [s for s, _ in speakers])
    return {
        "total": min(total, FACET_SAMPLE), "capped": total > FACET_SAMPLE,
        "speaker": [{"value": s, "label": names.get(s, f"#{s}"), "count": n} for s, n in speakers],
        "outlet": [{"value": o, "label": o, "count": n}
                   for o, n in sorted(groups["outlet"], key=lambda x: (-x[1], x[0]))[:FACET_VALUES]],
        "kind": [{"value": k, "label": k, "count": n} for k, n in sorted(groups["kind"], key=lambda x: -x[1])],
        "month": [{"value": m, "label": m, "count": n} for m, n in sorted(groups["month"])],
        "type": ([{"value": t, "label": t, "count": n} for t, n in sorted(groups["type"], key=lambda x: -x[1])]
                 if typed else None),
    }


def _entity_names(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = conn.execute(f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
    return {r[0]: r[1] for r in rows}


def outlets(conn: sqlite3.Connection, limit: int = 200) -> list[str]:
    """Outlet names in the ledger, most articles first (for a filter's choices)."""
    return [r[0] for r in conn.execute("SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
                                       "ORDER BY count(*) DESC LIMIT ?", (limit,))]
