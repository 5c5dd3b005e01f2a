"""Per-document limits on coding: how long a sentence may be to be read for actors and
parsed, and how many seconds one document may take.

The readers bound a document's size (`ReadOptions.max_bytes`); these bound the work
done on it, so one hostile or freak document (a 5 MB line without a full stop, a dump
of numbers) costs bounded time and memory and is reported instead of stalling a run.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Sentences longer than this are not prose (the longest in the German and English news
# corpora under ../shared has 1,456 characters): no actors are looked for in them and
# they are not parsed, so the parser never sees a megabyte "sentence".
DEFAULT_MAX_SENTENCE_CHARS = 3_000
# Seconds one document may take to code; the slowest real articles take a second or two.
DEFAULT_MAX_SECONDS = 60.0


class DocumentTimeout(Exception):
    """Coding a document took longer than its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in the block once `seconds` of wall-clock time have passed.

    The clock is SIGALRM, which only the main thread of a process can set: a forked
    `--jobs` worker codes in its main thread and is limited; a Dask worker or the
    dashboard codes in other threads, where only the size limits apply. A timer already
    running (a test runner's, say) is paused meanwhile and resumed with what it had left.
    `seconds` of 0 means no limit.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), interval)
