"""The app's way into the ledger: many readers, one writer.

SQLite in WAL mode lets readers run beside a writer, but one connection must
not be shared by threads that run at once.  Each worker thread of the server
gets its own read-only ``Ledger`` (opened on first use), and every write —
adding an article, a watch, a merge — goes through the one writable
``Ledger`` behind a lock, as ``onrecord ingest`` has a single writer.
The extraction model is loaded on the first article added, not at start, so a
read-only server starts in a moment.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

from onrecord.ledger.api import Ledger

T = TypeVar("T")


class LedgerAccess:
    """Connections to one ledger file for one app."""

    def __init__(self, db_path: str, extractor: Any = None) -> None:
        self.db_path = str(Path(db_path).expanduser())
        self._writer = Ledger(self.db_path)     # creates the file and its tables if new
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[Ledger] = []
        self._readers_lock = threading.Lock()
        self._extractor = extractor

    def reader(self) -> Ledger:
        """This thread's read-only ledger."""
        ledger = getattr(self._local, "ledger", None)
        if ledger is None:
            ledger = Ledger(self.db_path, readonly=True)
            self._local.ledger = ledger
            with self._readers_lock:
                self._readers.append(ledger)
        return ledger

    def write(self, fn: Callable[[Ledger], T]) -> T:
        """Run ``fn`` with the writable ledger, one writer at a time."""
        with self._write_lock:
            return fn(self._writer)

    @property
    def extractor(self):
        """The extraction pipeline (built on first use; call under ``write``)."""
        if self._extractor is None:
            from onrecord.pipeline import Extractor

            self._extractor = Extractor()
        return self._extractor

    def close(self) -> None:
        with self._readers_lock:
            for ledger in self._readers:
                try:
                    ledger.close()
                except Exception:  # a reader of a thread already gone
                    pass
            self._readers.clear()
        with self._write_lock:
            self._writer.close()


def get_reader(request) -> Ledger:
    """FastAPI dependency: the read-only ledger of the thread serving ``request``."""
    access: LedgerAccess = request.app.state.access
    return access.reader()


def optional(value: Optional[str]) -> Optional[str]:
    """A query parameter with empty meaning absent (forms send ``since=``)."""
    return value.strip() or None if isinstance(value, str) else value
