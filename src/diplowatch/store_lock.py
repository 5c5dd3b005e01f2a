"""Taking turns on one store file between processes.

DuckDB lets one process write a file or several read it, never both at once, and it
refuses a conflicting open at once instead of waiting. Its documentation leaves the
turn-taking to the application: open, do the work, close. This module does that:

- A writer holds an exclusive `flock` on a sidecar file (`<store>.lock`) from before it
  opens the store until after it has closed it. The lock says "a writer is waiting or
  writing": readers that arrive meanwhile wait, so a steady stream of dashboard
  requests cannot starve a coding run, and two writers queue behind each other.
- Everyone retries DuckDB's own lock error until a deadline, then gives up with a
  message naming the store.

The kernel drops a `flock` when its holder dies, so a killed writer never leaves a
stale lock behind (a lock *file* that merely exists would).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from diplowatch.errors import InputError

T = TypeVar("T")


class Closable(Protocol):
    """What HeldWhileIdle holds: anything with a close()."""

    def close(self) -> None: ...


DEFAULT_WAIT_SECONDS = 60.0
_FIRST_PAUSE = 0.01
_LONGEST_PAUSE = 0.25


class StoreBusyError(InputError):
    """The store stayed in use by another process for longer than we were to wait."""


def lock_path(store: Path) -> Path:
    """The sidecar file writers lock."""
    return store.with_name(store.name + ".lock")


def busy(store: Path, wait: float) -> StoreBusyError:
    """The error for a store that stayed busy, naming what to do about it."""
    return StoreBusyError(
        f"{store}: the store is in use by another process (waited {wait:g} s); "
        "wait for it to finish, give --wait more seconds, or use another --db"
    )


def retry(attempt: Callable[[], T | None], store: Path, wait: float) -> T:
    """`attempt()` until it returns something other than None, pausing a little longer
    each time, or StoreBusyError once `wait` seconds have passed."""
    deadline = time.monotonic() + wait
    pause = _FIRST_PAUSE
    while True:
        result = attempt()
        if result is not None:
            return result
        if time.monotonic() >= deadline:
            raise busy(store, wait)
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE)


class WriterLock:
    """The writers' turn on a store: held from before opening until after closing."""

    def __init__(self, store: Path, wait: float) -> None:
        self._fd = _open_sidecar(store, create=True)
        try:
            retry(lambda: _flock(self._fd, fcntl.LOCK_EX), store, wait)
        except BaseException:
            os.close(self._fd)
            raise

    def release(self) -> None:
        """Give the turn to whoever waits (closing the file drops the lock)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def await_no_writer(store: Path, wait: float) -> None:
    """Return once no writer holds or awaits its turn (a reader's courtesy; a reader
    holds no lock while it reads: DuckDB's own lock does that)."""
    retry(lambda: None if writer_waiting(store) else True, store, wait)


def writer_waiting(store: Path) -> bool:
    """Whether a writer holds or awaits its turn on the store right now."""
    fd = _open_sidecar(store, create=False)
    if fd < 0:  # no sidecar (never written here, or a read-only folder): no writer
        return False
    try:
        return _flock(fd, fcntl.LOCK_SH) is None
    finally:
        os.close(fd)


class HeldWhileIdle:
    """Keeps a reader's connection (`open_()`) while no writer wants the store, and
    drops it within `poll` seconds of one asking.

    Why: DuckDB closes a database when its last connection closes, and opening it again
    costs tens of milliseconds, which a dashboard that opens the store per request would
    pay on every request of a lone user. A held connection keeps the database open
    between requests, so theirs cost a fraction of a millisecond; a watcher thread lets
    go of it as soon as a coding run takes its turn, and takes it again after.
    """

    def __init__(self, store: Path, open_: Callable[[], Closable], poll: float = 0.1) -> None:
        self._store, self._open, self._poll = store, open_, poll
        self._held: Closable | None = None
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="store-held")
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.wait(self._poll):
            if writer_waiting(self._store):
                self._let_go()
            elif self._held is None:
                try:
                    self._held = self._open()
                except StoreBusyError:
                    continue  # the writer still has it: try again at the next poll

    def _let_go(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    def close(self) -> None:
        """Stop watching and let go of the connection."""
        self._stop.set()
        self._watcher.join()
        self._let_go()


def _open_sidecar(store: Path, create: bool) -> int:
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    try:
        return os.open(lock_path(store), flags, 0o644)
    except FileNotFoundError:
        if create:
            raise InputError(f"{store}: no such folder for the store") from None
        return -1
    except PermissionError:
        if create:
            raise InputError(f"{store}: cannot lock the store (permission denied)") from None
        return -1


def _flock(fd: int, kind: int) -> bool | None:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return None
    return True
