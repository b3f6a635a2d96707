"""Stories: articles about the same event across outlets.

Different outlets word the same event differently, so text similarity
(which finds copies, see ``dedup``) is the wrong tool.  An article is
described instead by a small set of keys — the ledger entities it mentions
most and the content words of its headline (or first paragraph) — and joins
the story of the published-within-three-days article whose key set overlaps
most (Jaccard ≥ ``THRESHOLD`` and at least ``MIN_SHARED`` keys in common).
The keys are stored (``story_keys``) so that clustering is incremental and
works across runs.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter
from typing import Optional

from onrecord.ledger.entities import now

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


def day(value: Optional[str]) -> str:
    """The YYYY-MM-DD part of an ISO date, today when unknown."""
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return dt.date.today().isoformat()


def assign_story(conn: sqlite3.Connection, article_id: str, title: Optional[str], date: Optional[str],
                 keys: set[str]) -> int:
    """Put the article in the best matching story (or a new one); return its id."""
    when = day(date)
    story_id = _best_story(conn, keys, when) if keys else None
    if story_id is None:
        story_id = int(conn.execute("INSERT INTO stories(title, created_at) VALUES (?, ?)",
                                    (title, now())).lastrowid)
    conn.executemany("INSERT OR IGNORE INTO story_keys(key, article_id, story_id, date) VALUES (?, ?, ?, ?)",
                     [(key, article_id, story_id, when) for key in keys])
    join_story(conn, article_id, story_id)
    return story_id


def join_story(conn: sqlite3.Connection, article_id: str, story_id: int) -> None:
    """Attach the article and refresh the story's cached counts and dates."""
    conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
    conn.execute(
        "UPDATE stories SET article_count = s.n, outlet_count = s.outlets, first_published = s.first, "
        "last_published = s.last, title = coalesce(stories.title, s.title) FROM ("
        "  SELECT count(*) AS n, count(DISTINCT outlet) AS outlets, "
        "  min(coalesce(published, published_not_before)) AS first, "
        "  max(coalesce(published, published_not_before)) AS last, max(title) AS title "
        "  FROM articles WHERE story_id = ?) AS s WHERE stories.id = ?", (story_id, story_id))


def _best_story(conn: sqlite3.Connection, keys: set[str], when: str) -> Optional[int]:
    low = (dt.date.fromisoformat(when) - dt.timedelta(days=WINDOW_DAYS)).isoformat()
    high = (dt.date.fromisoformat(when) + dt.timedelta(days=WINDOW_DAYS)).isoformat()
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT k.article_id, k.story_id, count(*) AS shared, "
        f"(SELECT count(*) FROM story_keys o WHERE o.article_id = k.article_id) AS size "
        f"FROM story_keys k WHERE k.key IN ({marks}) AND k.date BETWEEN ? AND ? "
        f"GROUP BY k.article_id HAVING shared >= ? ORDER BY shared DESC LIMIT 50",
        (*keys, low, high, MIN_SHARED)).fetchall()
    best, best_score = None, 0.0
    for row in rows:
        score = row["shared"] / (len(keys) + row["size"] - row["shared"])
        if score >= THRESHOLD and score > best_score:
            best, best_score = row["story_id"], score
    return best
