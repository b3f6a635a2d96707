"""How many threads a model runtime (the attribution encoder) may use in this process.

Pipeline and ledger workers are forked processes that already share the
machine's cores between them, so each runs its model on one thread; a lone
process lets the runtime choose (one thread per core).  The fork hook lives
here, in a module with no dependencies that the pipeline imports, so it is in
place before any worker forks, even when the encoder itself is never
imported in the parent (``--only article``) and loads only in the workers.
"""

from __future__ import annotations

import os
from typing import Optional

_threads: Optional[int] = None


def get() -> Optional[int]:
    """Threads for this process (None: the runtime's default)."""
    return _threads


def set_threads(count: Optional[int]) -> None:
    global _threads
    _threads = count


def _one_thread_after_fork() -> None:
    """A forked child runs its models on one thread: the workers share the
    cores, and a thread pool the parent used does not exist in the child
    (ONNX Runtime's would wait on it forever, torch's OpenMP pool hangs)."""
    set_threads(1)


os.register_at_fork(after_in_child=_one_thread_after_fork)
