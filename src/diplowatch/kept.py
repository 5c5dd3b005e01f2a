"""Values kept while a store stays as it was: what the dashboard's caches share.

The store changes only when a coding run writes to it, so an answer or a part of an
analysis computed from it holds until then. A store's state is what changes whenever its
content may have: inode, size and times of the file and of its write-ahead log (a coding
run rewrites the file when it closes the store). Everything kept goes when the state
changes, and a value is kept only under the state it was computed from.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

V = TypeVar("V")
StoreState = tuple[tuple[int, ...], ...]


def store_state(db: Path) -> StoreState:
    """The stat of the store file and of its write-ahead log (absent: empty)."""
    return tuple(_stat(path) for path in (db, db.with_name(db.name + ".wal")))


def _stat(path: Path) -> tuple[int, ...]:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return ()
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


class KeptPerState(Generic[V]):
    """Values by key for the current store state, at most `max_bytes` of them (as
    `size` counts), the least recently used going first. Safe to use from threads."""

    def __init__(self, max_bytes: int, size: Callable[[V], int]) -> None:
        self.max_bytes = max_bytes
        self._size_of = size
        self._lock = threading.Lock()
        self._state: StoreState | None = None
        self._kept: OrderedDict[Hashable, V] = OrderedDict()
        self._size = 0

    def get(self, key: Hashable, state: StoreState) -> V | None:
        """The value kept for `key`, if the store is still in the state it was kept in."""
        with self._lock:
            if state != self._state:  # the store changed: nothing kept holds
                self._kept.clear()
                self._size = 0
                self._state = state
                return None
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def keep(self, key: Hashable, state: StoreState, value: V) -> None:
        """Keep `value`, computed from the store in `state`, unless that state is gone."""
        size = self._size_of(value)
        with self._lock:
            if state != self._state or size > self.max_bytes:
                return
            replaced = self._kept.pop(key, None)  # two callers computed it at once
            self._size += size - (self._size_of(replaced) if replaced is not None else 0)
            self._kept[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._kept.popitem(last=False)
                self._size -= self._size_of(dropped)
