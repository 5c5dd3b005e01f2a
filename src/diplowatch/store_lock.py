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
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from diplowatch.errors import InputError

T = TypeVar("T")

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
    """Return once no writer holds or awaits its turn (a reader's courtesy)."""
    fd = _open_sidecar(store, create=False)
    if fd < 0:  # no sidecar (never written here, or a read-only folder): nobody to wait for
        return
    try:
        retry(lambda: _flock(fd, fcntl.LOCK_SH), store, wait)
    finally:
        os.close(fd)  # a reader holds no lock while it reads: DuckDB's own lock does that


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
