"""Stories: articles about the same event across outlets.

Different outlets word the same event differently, so text similarity
(which finds copies, see ``dedup``) is the wrong tool.  An article is
described instead by a small set of keys — the ledger entities it mentions
most and the content words of its headline (or first paragraph) — and joins
the story of the article whose key set overlaps most (Jaccard ≥
``THRESHOLD`` and at least ``MIN_SHARED`` keys in common) among those
published within ``WINDOW_DAYS`` of it.  Dates only narrow the search: an
article without a publication date (most scraped text) is compared with
every article by its keys alone, and a dated article also with the undated
ones; a "not before" date (``published_not_before``) is a lower bound, so it
only rules out articles older than it.  The keys are stored
(``story_keys``) so that clustering is incremental and works across runs;
``rebuild`` re-clusters the whole ledger (after merges, or when articles
arrived in an unlucky order).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter
from typing import Optional

from onrecord.errors import LedgerError
from onrecord.ledger.entities import live_id, now

THRESHOLD = 0.3
MIN_SHARED = 3
WINDOW_DAYS = 3
MAX_ENTITY_KEYS = 8

_STOP = frozenset("""
a an and are as at be been but by for from had has have he her his in into is it its of on or our
says said say that the their they this to was we were will with who what when where which would
after before over under about against new more than not no up out off after amid could should
""".split())


def keys_for(title: Optional[str], first_paragraph: str, entity_counts: Counter) -> set[str]:
    """The key set describing an article for clustering."""
    text = title or first_paragraph[:300]
    words = {w for w in re.findall(r"[^\W\d_]{3,}", text.lower()) if w not in _STOP}
    keys = {f"w:{w}" for w in words}
    keys |= {f"e:{entity_id}" for entity_id, _ in entity_counts.most_common(MAX_ENTITY_KEYS)}
    return keys


def day(value: Optional[str]) -> Optional[str]:
    """The YYYY-MM-DD part of an ISO date, or None when unknown."""
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def assign_story(conn: sqlite3.Connection, article_id: str, title: Optional[str], published: Optional[str],
                 keys: set[str], not_before: Optional[str] = None) -> int:
    """Put the article in the best matching story (or a new one); return its id.

    ``published`` is the article's date; without one, ``not_before`` (the
    earliest it can have been published) rules out only older articles."""
    when, floor = day(published), day(not_before)
    story_id = _best_story(conn, keys, when, floor) if keys else None
    if story_id is None:
        story_id = int(conn.execute("INSERT INTO stories(title, created_at) VALUES (?, ?)",
                                    (title, now())).lastrowid)
    conn.executemany("INSERT OR IGNORE INTO story_keys(key, article_id, story_id, date) VALUES (?, ?, ?, ?)",
                     [(key, article_id, story_id, when or floor) for key in keys])
    join_story(conn, article_id, story_id)
    return story_id


def join_story(conn: sqlite3.Connection, article_id: str, story_id: int) -> None:
    """Attach the article and refresh the story's cached counts and dates
    (a date only known as a lower bound is marked so)."""
    conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
    conn.execute(
        "UPDATE stories SET article_count = s.n, outlet_count = s.outlets, first_published = s.first, "
        "last_published = s.last, title = coalesce(stories.title, s.title) FROM ("
        "  SELECT count(*) AS n, count(DISTINCT outlet) AS outlets, "
        "  min(coalesce(published, published_not_before)) AS first, "
        "  max(coalesce(published, published_not_before)) AS last, max(title) AS title "
        "  FROM articles WHERE story_id = ?) AS s WHERE stories.id = ?", (story_id, story_id))
    conn.execute(
        "UPDATE stories SET "
        "first_not_before = coalesce((SELECT published IS NULL FROM articles WHERE story_id = stories.id "
        "  AND coalesce(published, published_not_before) = stories.first_published ORDER BY published IS NULL "
        "  LIMIT 1), 0), "
        "last_not_before = coalesce((SELECT published IS NULL FROM articles WHERE story_id = stories.id "
        "  AND coalesce(published, published_not_before) = stories.last_published ORDER BY published IS NULL "
        "  LIMIT 1), 0) WHERE id = ?", (story_id,))


def _best_story(conn: sqlite3.Connection, keys: set[str], when: Optional[str], floor: Optional[str]) -> Optional[int]:
    marks = ",".join("?" * len(keys))
    if when:  # dated: articles within the window, and undated ones
        low = (dt.date.fromisoformat(when) - dt.timedelta(days=WINDOW_DAYS)).isoformat()
        high = (dt.date.fromisoformat(when) + dt.timedelta(days=WINDOW_DAYS)).isoformat()
        dates, args = "AND (k.date IS NULL OR k.date BETWEEN ? AND ?)", [low, high]
    elif floor:  # only a lower bound: not articles older than it
        low = (dt.date.fromisoformat(floor) - dt.timedelta(days=WINDOW_DAYS)).isoformat()
        dates, args = "AND (k.date IS NULL OR k.date >= ?)", [low]
    else:  # undated: by content alone
        dates, args = "", []
    rows = conn.execute(
        f"SELECT k.article_id, k.story_id, count(*) AS shared, "
        f"(SELECT count(*) FROM story_keys o WHERE o.article_id = k.article_id) AS size "
        f"FROM story_keys k WHERE k.key IN ({marks}) {dates} "
        f"GROUP BY k.article_id HAVING shared >= ? ORDER BY shared DESC LIMIT 50",
        (*keys, *args, MIN_SHARED)).fetchall()
    best, best_score = None, 0.0
    for row in rows:
        score = row["shared"] / (len(keys) + row["size"] - row["shared"])
        if score >= THRESHOLD and score > best_score:
            best, best_score = row["story_id"], score
    return best


def rebuild(conn: sqlite3.Connection) -> int:
    """Re-cluster every article of the ledger (inside the caller's
    transaction), oldest first and undated last, with entity keys following
    merges made since ingest; near-duplicates join their original's story.
    Returns the number of stories."""
    keys: dict[str, set[str]] = {}
    for row in conn.execute("SELECT key, article_id FROM story_keys"):
        key = row["key"]
        if key.startswith("e:"):
            try:
                key = f"e:{live_id(conn, int(key[2:]))}"
            except (ValueError, LedgerError):  # an entity deleted by hand: drop the key
                continue
        keys.setdefault(row["article_id"], set()).add(key)
    articles = conn.execute(
        "SELECT id, title, published, published_not_before, canonical_id FROM articles "
        "ORDER BY coalesce(published, published_not_before) IS NULL, coalesce(published, published_not_before), seq"
    ).fetchall()
    conn.execute("DELETE FROM story_keys")
    conn.execute("UPDATE articles SET story_id = NULL")
    conn.execute("DELETE FROM stories")
    for article in articles:
        if article["canonical_id"] is None:
            assign_story(conn, article["id"], article["title"], article["published"], keys.get(article["id"], set()),
                         article["published_not_before"])
    for article in articles:
        if article["canonical_id"] is not None:
            original = conn.execute("SELECT story_id FROM articles WHERE id = ?", (article["canonical_id"],)).fetchone()
            if original and original[0] is not None:
                join_story(conn, article["id"], original[0])
    return conn.execute("SELECT count(*) FROM stories").fetchone()[0]
