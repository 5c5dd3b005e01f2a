"""A coding run: read inputs, code each document, store in batches, report.

Problems are printed as they happen (naming file and line) and the run goes on; the
closing summary counts what was read, coded and skipped, with the reasons.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from diplowatch.model import CodedDocument, ReadProblem
from diplowatch.parallel import CodingFailure, Outcome, coded_stream
from diplowatch.pipeline import CodeOptions
from diplowatch.readers import ReadOptions, read_inputs
from diplowatch.stages import stage, timed
from diplowatch.store import Store
from diplowatch.store_lock import DEFAULT_WAIT_SECONDS

BATCH_SIZE = 200
PROGRESS_AFTER_SECONDS = 2.0


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the closing summary and the exit code."""

    read: int = 0
    coded: int = 0
    sentences: int = 0
    events: int = 0
    problems: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    long_sentences: int = 0
    seconds: float = 0.0

    def add(self, coded: CodedDocument) -> None:
        """Count one coded (or skipped) document."""
        self.read += 1
        self.long_sentences += coded.long_sentences
        if coded.status == "coded":
            self.coded += 1
            self.sentences += len(coded.sentences)
            self.events += len(coded.events)
        else:
            self.skipped[coded.skip_reason or "skipped"] += 1

    def count(self, outcome: Outcome) -> str | None:
        """Count one outcome of the run; the line to report about it, if any."""
        if isinstance(outcome, ReadProblem):
            self.problems += 1
            return f"skipped: {outcome.message}"
        if isinstance(outcome, CodingFailure):  # a bug must not cost the rest of the batch
            self.problems += 1
            return f"skipped: {outcome.origin}: {outcome.message}"
        self.add(outcome)
        if outcome.status != "coded":
            return f"skipped: {outcome.document.origin}: {outcome.skip_reason}"
        if outcome.long_sentences:
            return (
                f"note: {outcome.document.origin}: {outcome.long_sentences:,} sentence(s) "
                "longer than --max-sentence-chars: no actors looked for, not parsed"
            )
        return None

    def merge(self, other: RunSummary) -> None:
        """Add another part's counts (a cluster's partitions)."""
        self.read += other.read
        self.coded += other.coded
        self.sentences += other.sentences
        self.events += other.events
        self.problems += other.problems
        self.skipped.update(other.skipped)
        self.long_sentences += other.long_sentences

    def print(self, console: Console, store: Path) -> None:
        """The closing summary table."""
        table = Table(title=f"diplowatch: {store}", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column(justify="right")
        table.add_row("documents read", f"{self.read:,}")
        table.add_row("documents coded", f"{self.coded:,}")
        for reason, count in self.skipped.most_common():
            table.add_row(f"skipped: {reason}", f"{count:,}")
        if self.problems:
            table.add_row("inputs not readable", f"{self.problems:,}")
        table.add_row("sentences", f"{self.sentences:,}")
        if self.long_sentences:
            table.add_row("sentences too long to code", f"{self.long_sentences:,}")
        table.add_row("events", f"{self.events:,}")
        table.add_row("time", f"{self.seconds:.1f} s")
        console.print(table)


class _LazyProgress:
    """A progress display that appears only once a run has taken a few seconds."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._started = time.monotonic()
        self._progress: Progress | None = None
        self._task = None

    def update(self, summary: RunSummary) -> None:
        if self._progress is None:
            if time.monotonic() - self._started < PROGRESS_AFTER_SECONDS:
                return
            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                console=self._console, transient=True,
            )  # fmt: skip
            self._progress.start()
            self._task = self._progress.add_task("")
        rate = summary.read / max(time.monotonic() - self._started, 1e-9)
        counts = f"{summary.read:,} documents, {summary.events:,} events"
        self._progress.update(self._task, description=f"{counts} ({rate:,.1f} docs/s)")

    def print(self, message: str) -> None:
        console = self._progress.console if self._progress else self._console
        console.print(message, highlight=False, markup=False, soft_wrap=True)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def code_inputs(
    inputs: Iterable[str], db: Path, read_options: ReadOptions, options: CodeOptions,
    console: Console, jobs: int = 1, wait: float = DEFAULT_WAIT_SECONDS,
) -> RunSummary:  # fmt: skip
    """Code every document of the inputs into the store at `db` (in `jobs` processes);
    problems go to `console`.

    The store is opened for each batch and closed after it, so other processes take
    turns with this run (a second run, the dashboard) instead of being locked out for
    its whole length; each waits up to `wait` seconds for its turn.
    """
    Store(db, wait=wait).close()  # a bad or busy store fails before anything is coded
    summary = RunSummary()
    started = time.monotonic()
    progress = _LazyProgress(console)
    batch: list[CodedDocument] = []
    try:
        items = timed(read_inputs(inputs, read_options), "read")
        for coded in coded_stream(items, options, jobs):
            report = summary.count(coded)
            if report is not None:
                progress.print(report)
            if not isinstance(coded, CodedDocument):
                continue
            batch.append(coded)
            if len(batch) >= BATCH_SIZE:
                _write(db, batch, wait)
            progress.update(summary)
        _write(db, batch, wait)
    finally:
        progress.stop()
    summary.seconds = time.monotonic() - started
    return summary


def _write(db: Path, batch: list[CodedDocument], wait: float) -> None:
    if not batch:
        return
    with stage("store"), Store(db, wait=wait) as store:
        store.write(batch)
    batch.clear()
