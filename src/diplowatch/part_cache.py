"""The analyses' parameter-free parts (`analysis/parts.py`), kept until the store changes.

Why: the answer cache (`answer_cache.py`) keeps whole answers, so a question asked
before is fast, but a fresh one (alerts since another date) would rank every event
again, hundreds of milliseconds of CPU on 100,000 events. The ranking is the same for
every such question while the store stays as it was, so it is kept here, per store
state as the answer cache defines it, and each question is a cheap query over it.

A part is kept only if the store did not change while it was computed, and every part
goes when the store changes, so none is older than the state it is filed under. One
thread computes a part while the others that need it wait for it (after a coding run
every open dashboard asks at once). Parts are bounded in bytes, the least recently used
going first.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from pathlib import Path

import pyarrow as pa

from diplowatch.analysis.parts import Compute
from diplowatch.kept import KeptPerState, store_state

MAX_BYTES = 128_000_000  # kept parts in all (alerts' ranking: 12 MB for 100,000 events)


class PartCache:
    """Parts of one store's analyses, kept per store state (an `analysis.parts.Parts`)."""

    def __init__(self, db: Path, max_bytes: int = MAX_BYTES) -> None:
        self.db = db
        self._kept: KeptPerState[pa.Table] = KeptPerState(max_bytes, lambda t: t.nbytes)
        self._lock = threading.Lock()  # guards the table of computations
        self._computing: dict[Hashable, threading.Lock] = {}

    def __call__(self, key: Hashable, compute: Compute) -> pa.Table:
        state = store_state(self.db)
        found = self._kept.get(key, state)
        if found is not None:
            return found
        with self._turn(key):  # one computation of a part at a time; the others wait
            found = self._kept.get(key, state)
            if found is None:
                found = compute()
                if store_state(self.db) == state:
                    self._kept.keep(key, state, found)
        return found

    def _turn(self, key: Hashable) -> threading.Lock:
        with self._lock:
            return self._computing.setdefault(key, threading.Lock())
