"""Seconds spent per pipeline stage in this process, for the benchmark's time shares.

Counting costs two clock reads per stage and document, so it is always on; the
benchmark resets the counter, runs, and reads it (each process keeps its own).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("read", "clean", "detect", "find", "parse", "code", "store")
seconds: Counter[str] = Counter()


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the time the block takes to the stage's total."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] += time.perf_counter() - started


def reset() -> None:
    """Start counting afresh."""
    seconds.clear()
