"""Seconds spent per pipeline stage in this process, for the benchmark's time shares.

Counting costs two clock reads per stage and document, so it is always on; the
benchmark resets the counter, runs, and reads it (each process keeps its own).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

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


def timed(items: Iterable[T], name: str) -> Iterator[T]:
    """The items, with the time spent producing each added to the stage's total (for the
    stages that produce lazily: reading, parsing)."""
    iterator = iter(items)
    while True:
        with stage(name):
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def reset() -> None:
    """Start counting afresh."""
    seconds.clear()
