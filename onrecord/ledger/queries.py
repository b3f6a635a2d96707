"""The read side: who said what, full-text search, timelines, stories, numbers.

Each query returns plain dict rows (stable column order) so the CLI, the
Python API and an HTTP layer format them the same way.  Every query is
bounded by a LIMIT and driven by an index — ``statements(speaker_id, date,
id)`` read in date order, FTS5 for words — so latency stays flat as the
ledger grows (see the ledger section of ``docs/benchmarks.md``).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any, Iterable, Optional, Sequence, Union

from onrecord.errors import LedgerError
from onrecord.ledger.entities import find_entities, fold
from onrecord.ledger.measures import window_days
from onrecord.ledger.schema import ledger_error

Row = dict[str, Any]

STATEMENT_COLUMNS = ("date", "speaker", "kind", "type", "cue", "content", "outlet", "title", "url", "article_id",
                     "statement", "date_not_before")
#: statement types (``Statement.type``); views show speech unless asked otherwise
STATEMENT_TYPES = ("speech", "belief", "topic")
_STATEMENT_SELECT = (
    "SELECT s.date AS date, s.date_source = 'not-before' AS date_not_before, "
    "coalesce(e.name, s.speaker_name) AS speaker, s.kind AS kind, s.type AS type, s.cue AS cue, "
    "s.content AS content, a.outlet AS outlet, a.title AS title, a.url AS url, s.article_id AS article_id, "
    "s.key AS statement, s.date_source AS date_source, s.id AS id "
    "FROM statements s JOIN articles a ON a.id = s.article_id LEFT JOIN entities e ON e.id = s.speaker_id ")
_OPERATORS = re.compile(r'"|\b(AND|OR|NOT|NEAR)\b|\*|\^|\w+:')


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a user typed: plain words are quoted (so
    punctuation never becomes syntax) and all must match; text already using
    FTS5 syntax (quotes, AND/OR/NOT/NEAR, ``*``) is passed through."""
    if _OPERATORS.search(text):
        return text
    words = re.findall(r"\w+", re.sub(r"(\w)['’]s\b", r"\1", text), re.U)
    if not words:
        raise LedgerError(f"nothing to search for in {text!r}")
    return " ".join(f'"{w}"' for w in words)


def _booleans(row: Row) -> Row:
    """SQLite's 0/1 as False/True for the ``*_not_before`` markers: a date
    that is only the earliest the article can have been published."""
    for key, value in row.items():
        if key.endswith("_not_before") and value is not None:
            row[key] = bool(value)
    return row


def _run(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> list[sqlite3.Row]:
    try:
        return conn.execute(sql, tuple(params)).fetchall()
    except sqlite3.OperationalError as exc:
        if "MATCH" in sql and "locked" not in str(exc):
            raise LedgerError(f"cannot understand the search ({exc}); quote phrases with \"...\"") from exc
        raise ledger_error(exc) from exc


def _speakers(conn: sqlite3.Connection, name: str) -> list[int]:
    ids = find_entities(conn, name)
    if not ids:
        raise LedgerError(f"no speaker called {name!r} in the ledger (try `onrecord entities list --name ...`)")
    return ids


# Above this many hits a word is "common": ranking or materialising every hit
# would cost more than walking an index in order and stopping at the LIMIT.
COMMON_HITS = 20_000
# A speaker with at most this many statements is cheaper to walk row by row
# (one FTS seek each) than a common word's hit list.
SMALL_SPEAKER = 5_000


def hits(conn: sqlite3.Connection, fts: str, query: str, cap: int) -> int:
    """How many rows of ``fts`` match ``query``, counted only up to ``cap``
    (a bounded probe: reading a doclist prefix costs microseconds)."""
    return _run(conn, f"SELECT count(*) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH ? LIMIT ?)",
                (query, cap))[0][0]


def statement_types(type: Union[str, Sequence[str], None]) -> tuple[str, ...]:
    """The types a ``type=`` argument selects: ``"speech"`` (the default),
    ``"belief"``, ``"topic"``, ``"all"``, or a sequence of them."""
    if type is None:
        return ("speech",)
    chosen = (type,) if isinstance(type, str) else tuple(type)
    if "all" in chosen:
        return STATEMENT_TYPES
    unknown = [t for t in chosen if t not in STATEMENT_TYPES]
    if unknown or not chosen:
        raise LedgerError(f"unknown statement type {', '.join(map(repr, unknown)) or '(none)'}; "
                          f"use {', '.join(STATEMENT_TYPES)} or all")
    return chosen


def _statements(conn: sqlite3.Connection, speaker_ids: list[int], about: Optional[str], since: Optional[str],
                until: Optional[str], limit: int, newest_first: bool,
                types: tuple[str, ...] = ("speech",)) -> list[Row]:
    """Statements by any of ``speaker_ids``: one bounded query per speaker, merged."""
    where, params = [], []
    if set(types) != set(STATEMENT_TYPES):
        where.append(f"s.type IN ({', '.join('?' for _ in types)})")
        params.extend(types)
    if since:
        where.append("s.date >= ?")
        params.append(since)
    if until:
        where.append("s.date < date(?, '+1 day')")
        params.append(until)
    order = "DESC" if newest_first else "ASC"
    query = fts_query(about) if about else None
    common = query is not None and hits(conn, "statements_fts", query, COMMON_HITS) >= COMMON_HITS
    streams = []
    for speaker_id in speaker_ids:
        sql, args = _speaker_sql(conn, speaker_id, query, common, where, params, order)
        streams.append([_booleans(dict(r)) for r in _run(conn, sql, [*args, limit])])
    key = (lambda r: (r["date"] or "", r["id"]))
    rows = sorted((r for stream in streams for r in stream), key=key, reverse=newest_first)[:limit]
    for row in rows:
        row.pop("id", None)
    return rows


def _speaker_sql(conn: sqlite3.Connection, speaker_id: int, query: Optional[str], common: bool,
                 where: list[str], params: list[Any], order: str) -> tuple[str, list[Any]]:
    """The cheapest plan for one speaker's statements (see ``COMMON_HITS``):

    * no words, or a rare word: walk ``statements(speaker_id, date)`` in date
      order (the rare word's hits read once into a set) and stop at the LIMIT;
    * a common word and a speaker with few statements: same walk, one FTS
      seek per statement;
    * a common word and a much-quoted speaker: walk the word's hits newest
      (or oldest) first and keep the speaker's — order by ingestion, which
      tracks publication; dates are then sorted within the page.
    """
    clauses, args = ["s.speaker_id = ?", *where], [speaker_id, *params]
    if query is None:
        return _STATEMENT_SELECT + "WHERE " + " AND ".join(clauses) + f" ORDER BY s.date {order}, s.id {order} LIMIT ?", args
    size = conn.execute("SELECT statement_count FROM entities WHERE id = ?", (speaker_id,)).fetchone()
    if not common:
        clauses.append("s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
    elif size is not None and size[0] <= SMALL_SPEAKER:
        clauses.append("EXISTS (SELECT 1 FROM statements_fts WHERE statements_fts MATCH ? AND rowid = s.id)")
    else:
        sql = (_STATEMENT_SELECT.replace("FROM statements s ", "FROM statements_fts f JOIN statements s ON s.id = f.rowid ")
               + "WHERE f.statements_fts MATCH ? AND " + " AND ".join(clauses) + f" ORDER BY f.rowid {order} LIMIT ?")
        return sql, [query, *args]
    sql = _STATEMENT_SELECT + "WHERE " + " AND ".join(clauses) + f" ORDER BY s.date {order}, s.id {order} LIMIT ?"
    return sql, [*args, query]


def who_said(conn: sqlite3.Connection, speaker: str, *, about: Optional[str] = None, since: Optional[str] = None,
             until: Optional[str] = None, limit: int = 50,
             type: Union[str, Sequence[str], None] = "speech") -> list[Row]:
    """What ``speaker`` said (newest first), optionally about some words, in a
    date range; ``type`` picks speech (default), belief, topic or all."""
    return _statements(conn, _speakers(conn, speaker), about, since, until, limit, newest_first=True,
                       types=statement_types(type))


def timeline(conn: sqlite3.Connection, speaker: str, *, about: Optional[str] = None, since: Optional[str] = None,
             until: Optional[str] = None, limit: int = 200,
             type: Union[str, Sequence[str], None] = "speech") -> list[Row]:
    """``speaker``'s statements in time order, each with the date it is filed under
    (the statement's own date, else the article's publication date, else the
    earliest date it can have been published) and where that date came from;
    ``type`` as in ``who_said``."""
    rows = _statements(conn, _speakers(conn, speaker), about, since, until, limit, newest_first=False,
                       types=statement_types(type))
    return [r for r in rows if r["date"]] + [r for r in rows if not r["date"]]


# A claim's date is only a lower bound when it has no time of its own and its
# article only a "not before" date (the file-photo date of the seed).
CLAIM_NOT_BEFORE = "(c.date_source = 'not-before')"

SEARCH_COLUMNS = ("type", "date", "who", "snippet", "title", "url", "id", "date_not_before")
# Search ranks (bm25) the newest this-many matches of each table: exact
# best-first for all but very common words, and a bounded cost for those.
CANDIDATES = 200

_SEARCHES = {
    "statement": ("statements_fts",
                  "SELECT 'statement' AS type, s.date AS date, s.date_source = 'not-before' AS date_not_before, "
                  "coalesce(e.name, s.speaker_name) AS who, "
                  "snippet(statements_fts, -1, '[', ']', '…', 16) AS snippet, a.title AS title, a.url AS url, "
                  "s.key AS id FROM statements_fts "
                  "JOIN statements s ON s.id = statements_fts.rowid JOIN articles a ON a.id = s.article_id "
                  "LEFT JOIN entities e ON e.id = s.speaker_id "),
    "claim": ("claims_fts",
              "SELECT 'claim' AS type, c.date AS date, " + CLAIM_NOT_BEFORE + " AS date_not_before, "
              "coalesce(c.source_name, a.outlet) AS who, "
              "snippet(claims_fts, -1, '[', ']', '…', 16) AS snippet, a.title AS title, a.url AS url, "
              "c.key AS id FROM claims_fts "
              "JOIN claims c ON c.id = claims_fts.rowid JOIN articles a ON a.id = c.article_id "),
    "article": ("articles_fts",
                "SELECT 'article' AS type, coalesce(a.published, a.published_not_before) AS date, "
                "a.published IS NULL AND a.published_not_before IS NOT NULL AS date_not_before, a.outlet AS who, "
                "snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet, a.title AS title, a.url AS url, "
                "a.id AS id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "),
}


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20,
           kinds: Iterable[str] = ("statement", "claim", "article")) -> list[Row]:
    """Full-text search over statements, claims and articles, best (bm25)
    first, with snippets.

    Ranking every match of a very common word would take time proportional
    to its hits, so each table contributes its newest ``CANDIDATES`` matches
    (read backwards along the index, stopping there) and those are ranked;
    below that many matches this is exactly best-first.  Snippets are made
    only for the rows shown."""
    query = fts_query(text)
    scored: list[tuple[float, str, int]] = []
    for kind in ("statement", "claim", "article"):
        if kind in set(kinds):
            fts = _SEARCHES[kind][0]
            scored += [(rank, kind, rowid) for rowid, rank in _run(
                conn, f"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?",
                (query, CANDIDATES))]
    scored.sort()
    rows = []
    for _, kind, rowid in scored[:limit]:
        fts, select = _SEARCHES[kind]
        found = _run(conn, select + f"WHERE {fts} MATCH ? AND {fts}.rowid = ?", (query, rowid))
        rows += [_booleans(dict(r)) for r in found]
    return rows


STORY_COLUMNS = ("story", "title", "first_published", "first_published_not_before", "last_published",
                 "last_published_not_before", "articles", "outlets", "outlet_names")


def stories(conn: sqlite3.Connection, *, min_articles: int = 2, since: Optional[str] = None,
            limit: int = 50) -> list[Row]:
    """Stories told by at least ``min_articles`` articles, newest first."""
    where, params = ["st.article_count >= ?"], [min_articles]
    if since:
        where.append("st.last_published >= ?")
        params.append(since)
    rows = _run(conn, (
        "SELECT st.id AS story, st.title AS title, st.first_published AS first_published, "
        "st.first_not_before AS first_published_not_before, st.last_published AS last_published, "
        "st.last_not_before AS last_published_not_before, st.article_count AS articles, st.outlet_count AS outlets, "
        "(SELECT group_concat(DISTINCT coalesce(outlet, '?')) FROM articles WHERE story_id = st.id) AS outlet_names "
        f"FROM stories st WHERE {' AND '.join(where)} "
        "ORDER BY st.last_published DESC, st.id DESC LIMIT ?"), (*params, limit))
    return [_booleans(dict(r)) for r in rows]


def story_articles(conn: sqlite3.Connection, story_id: int) -> list[Row]:
    """The articles of one story, each with the near-duplicate it copies if any."""
    rows = _run(conn, (
        "SELECT coalesce(published, published_not_before) AS date, "
        "published IS NULL AND published_not_before IS NOT NULL AS date_not_before, outlet, title, url, id AS article_id, "
        "canonical_id AS copy_of FROM articles WHERE story_id = ? ORDER BY date, seq"), (story_id,))
    return [_booleans(dict(r)) for r in rows]


NUMBER_COLUMNS = ("group", "subject", "measured", "value", "value_max", "unit", "kind", "hedge", "source", "outlet",
                  "date", "date_not_before", "time", "text", "reason", "url", "claim")


WINDOW_DAYS = 14   # claims further apart in time describe different moments, not a dispute


def numbers(conn: sqlite3.Connection, *, about: Optional[str] = None, limit: int = 20,
            tolerance: float = 0.005) -> list[Row]:
    """Claims about the same quantity whose values disagree between sources,
    side by side with source and date, each with the ``reason`` it was lined
    up (the shared measured thing, unit, kind and time).

    Rows of one ``group`` are one quantity; each group shows one row per
    distinct (value, source).  See ``number_pairs`` for when two claims are
    about the same quantity."""
    out: list[Row] = []
    for group, (claims, pairs) in enumerate(_number_groups(conn, about, limit, tolerance), 1):
        first_pair: dict[str, tuple[Row, str]] = {}
        for a, b, reason in pairs:
            first_pair.setdefault(a["claim"], (b, reason))
            first_pair.setdefault(b["claim"], (a, reason))
        seen = set()
        for claim in claims:
            if claim["claim"] not in first_pair or (claim["value"], claim["source"]) in seen:
                continue
            seen.add((claim["value"], claim["source"]))
            other, reason = first_pair[claim["claim"]]
            row = {k: v for k, v in claim.items() if k not in ("article_id", "time_date")}
            row["group"] = group
            row["reason"] = f"{reason}; against {_number_text(other)} from {other['source']}"
            out.append(_booleans(row))
    return out


def number_pairs(conn: sqlite3.Connection, *, about: Optional[str] = None, limit: int = 1000,
                 tolerance: float = 0.005) -> list[tuple[str, str, str]]:
    """Every pair of claims ``numbers`` lines up, as (claim key, claim key, reason).

    Two claims are about the same quantity when they have the same measured
    thing (``subject_norm``: head noun and its qualifiers, "of" complement and
    owner — see ``onrecord.ledger.measures``; claims whose subject names no
    measured thing have none and are never compared), unit and kind, and
    their times agree (``_same_time``).  A pair is reported when the claims
    come from different articles *and* different sources (the speaker, else
    the outlet) and their values differ by more than ``tolerance``
    (relative)."""
    return [(a["claim"], b["claim"], reason)
            for _, pairs in _number_groups(conn, about, limit, tolerance) for a, b, reason in pairs]


def _number_groups(conn: sqlite3.Connection, about: Optional[str], limit: int, tolerance: float):
    where, params = ["subject_norm IS NOT NULL", "value IS NOT NULL"], []
    if about:
        where.append("(subject_norm LIKE ? OR id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?))")
        params += [f"%{fold(about)}%", fts_query(about)]
    groups = _run(conn, (
        f"SELECT subject_norm, coalesce(unit, '') AS unit, kind FROM claims WHERE {' AND '.join(where)} "
        "GROUP BY subject_norm, coalesce(unit, ''), kind "
        "HAVING count(DISTINCT value) > 1 AND count(DISTINCT article_id) > 1 "
        "ORDER BY count(DISTINCT article_id) DESC, subject_norm LIMIT ?"), (*params, limit * 10))
    shown = 0
    for group in groups:
        if _restates_unit(group["subject_norm"], group["unit"]):
            continue
        claims = [dict(r) for r in _run(conn, (
            "SELECT c.subject AS subject, c.subject_norm AS measured, c.value AS value, c.value_max AS value_max, "
            "c.unit AS unit, c.kind AS kind, c.hedge AS hedge, "
            "coalesce(c.source_name, a.outlet, '(outlet)') AS source, a.outlet AS outlet, c.date AS date, "
            f"{CLAIM_NOT_BEFORE} AS date_not_before, c.time_text AS time, c.time_date AS time_date, "
            "c.text AS text, a.url AS url, c.key AS claim, c.article_id AS article_id "
            "FROM claims c JOIN articles a ON a.id = c.article_id "
            "WHERE c.subject_norm = ? AND coalesce(c.unit, '') = ? AND c.kind IS ? AND c.value IS NOT NULL "
            "ORDER BY c.date, c.value, c.id LIMIT 200"), (group["subject_norm"], group["unit"], group["kind"]))]
        for claim in claims:
            if _quantity_source(claim["source"]):  # "5 percent" said it: a poll's respondents, not a source
                claim["source"] = claim["outlet"] or "(outlet)"
        pairs = _disputes(claims, tolerance)
        if not pairs:
            continue
        yield claims, pairs
        shown += 1
        if shown >= limit:
            return


def _quantity_source(name: Optional[str]) -> bool:
    """A share or count of people as a claim's source ("5 percent", "42 percent
    of those responding"): the outlet's poll figure, never who vouches for it."""
    from onrecord.extract.claims.find import is_quantity_phrase

    return bool(name) and is_quantity_phrase(name)


def _restates_unit(subject: str, unit: str) -> bool:
    words = subject.split()
    unit = fold(unit or "")
    return len(words) == 1 and (not unit or words[0].rstrip("s") == unit.rstrip("s"))


def _interval(value: Optional[str]):
    """The days a date as the ledger stores it covers: "2016-02-18" one day,
    "2016-02" the month, "2016" the year; None when there is no date."""
    import calendar
    import datetime as dt

    text = (value or "")[:10]
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return day, day
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(text) == 4:
            return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    except ValueError:
        return None
    return None


def _gap(a, b) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _same_time(first: Row, second: Row, window: int = WINDOW_DAYS) -> Optional[str]:
    """How the two claims' times agree (said in the reason), or None when they
    refer to different times.  A claim's own time ("in 2015", "last month")
    wins over its article's date; two stated times, or a stated time and an
    article date, must lie within ``WINDOW_DAYS`` of each other (a month or
    a year covers all its days); with no time stated, the article dates
    must (and two undated articles cannot be told apart, which the reason
    says).  ``window``: the days allowed (longer for a figure a law sets,
    see ``measures.window_days``)."""
    t1, t2 = _interval(first["time_date"]), _interval(second["time_date"])
    d1, d2 = _interval(first["date"]), _interval(second["date"])
    if t1 or t2:
        a, b = t1 or d1, t2 or d2
        if not (a and b) or _gap(a, b) > window:
            return None
        if t1 and t2:
            return (f"both about {first['time'] or first['time_date']}"
                    + ("" if t1 == t2 else f" / {second['time'] or second['time_date']}"))
        stated, other = (first, second) if t1 else (second, first)
        return f"about {stated['time'] or stated['time_date']}, the other dated {other['date']}"
    if d1 and d2:
        days = _gap(d1, d2)
        if days > window:
            return None
        return "dated the same day" if d1 == d2 and d1[0] == d1[1] else (
            f"dated {days} days apart" if days else f"dated {first['date']} and {second['date']}")
    if d1 or d2:
        return None  # one dated, one not: the times cannot be said to agree
    return "no time stated, articles undated"


def _disputes(claims: list[Row], tolerance: float) -> list[tuple[Row, Row, str]]:
    """The pairs of ``claims`` (one measured thing, unit and kind) that
    disagree: different articles, different sources, times that agree,
    values apart by more than ``tolerance``; each with its reason."""
    pairs = []
    for i, first in enumerate(claims):
        for second in claims[i + 1:]:
            if first["article_id"] == second["article_id"] or first["source"] == second["source"]:
                continue
            if not _disagree([first["value"], second["value"]], tolerance):
                continue
            when = _same_time(first, second, window_days(first["measured"], WINDOW_DAYS))
            if when is None:
                continue
            unit = first["unit"] or "no unit"
            pairs.append((first, second, f"same {first['measured']!r}, {unit}, {first['kind']}; {when}"))
    return pairs


def _number_text(claim: Row) -> str:
    value = claim["value"]
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return f"{shown} {claim['unit'] or ''}".strip()


def _disagree(values: list[float], tolerance: float) -> bool:
    low, high = min(values), max(values)
    scale = max(abs(low), abs(high), 1e-12)
    return (high - low) / scale > tolerance


ENTITY_COLUMNS = ("id", "name", "type", "roles", "aliases", "mentions", "statements", "merged_into")


def entities(conn: sqlite3.Connection, *, name: Optional[str] = None, type_: Optional[str] = None,
             include_merged: bool = False, limit: int = 100) -> list[Row]:
    """Ledger entities, most quoted first, with their aliases."""
    where, params = [], []
    if not include_merged:
        where.append("e.merged_into IS NULL")
    if name:
        where.append("(e.norm LIKE ? OR e.id IN (SELECT entity_id FROM aliases WHERE alias LIKE ?))")
        params += [f"%{fold(name)}%"] * 2
    if type_:
        where.append("e.type = ?")
        params.append(type_.upper())
    rows = _run(conn, (
        "SELECT e.id AS id, e.name AS name, e.type AS type, e.roles AS roles, "
        "(SELECT group_concat(alias, '; ') FROM aliases WHERE entity_id = e.id) AS aliases, "
        "e.mention_count AS mentions, e.statement_count AS statements, e.merged_into AS merged_into "
        f"FROM entities e {'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY e.statement_count DESC, e.mention_count DESC, e.id LIMIT ?"), (*params, limit))
    return [dict(r) for r in rows]


FAILURE_COLUMNS = ("source", "reason", "attempts", "at")


def failures(conn: sqlite3.Connection, *, limit: int = 100) -> list[Row]:
    """Inputs that failed, latest first, with their reasons."""
    return [dict(r) for r in _run(conn, "SELECT source, reason, attempts, at FROM failures ORDER BY at DESC LIMIT ?",
                                  (limit,))]


def also_ran_in(conn: sqlite3.Connection, article_id: str) -> list[Row]:
    """Where else an article's text ran: same text under another URL, or a near-duplicate."""
    return [dict(r) for r in _run(conn, (
        "SELECT url, outlet, published, relation, similarity, source_path FROM article_sources "
        "WHERE article_id = ? ORDER BY added_at"), (article_id,))]
