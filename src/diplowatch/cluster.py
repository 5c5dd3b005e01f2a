"""Coding on a Dask cluster: the same coding function, date-partitioned Parquet out.

The client reads the inputs and sends them to the workers in partitions of
`partition_size` documents (at most `IN_FLIGHT_PER_WORKER` partitions per worker at
a time, so the client's memory stays bounded). Each task codes its partition with
`parallel.code_one`, the function a single process uses, and writes its rows as
Parquet under the output folder:

    documents/part-000042.parquet   sentences/...   mentions/...
    events/month=2024-04/part-000042.parquet        (hive-partitioned by event month)

File names come from the partition number and each file is written under a temporary
name and renamed, so a task that Dask runs again after losing a worker rewrites the
same files: every document is in the output exactly once. `diplowatch load DIR` brings
the folder into a store; DuckDB, Spark or BigQuery can read it as it is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from diplowatch.errors import InputError
from diplowatch.model import CodedDocument, Document, ReadProblem
from diplowatch.parallel import chunks, code_one
from diplowatch.pipeline import CodeOptions
from diplowatch.run import RunSummary
from diplowatch.store import arrow_tables

PARTITION_SIZE = 100
IN_FLIGHT_PER_WORKER = 2
RETRIES = 3  # a partition whose worker died is run again, up to this many times
TABLES = ("documents", "sentences", "mentions", "events")


@dataclass(slots=True)
class PartitionResult:
    """What one task (or the whole run) coded, and the messages to report."""

    summary: RunSummary = field(default_factory=RunSummary)
    messages: list[str] = field(default_factory=list)

    def merge(self, other: PartitionResult) -> None:
        self.summary.merge(other.summary)
        self.messages.extend(other.messages)


def code_partition(
    number: int, documents: list[Document], out: str, options: CodeOptions
) -> PartitionResult:
    """Code a partition and write its Parquet files (the task a worker runs)."""
    result = PartitionResult()
    coded: list[CodedDocument] = []
    for outcome in (code_one(d, options) for d in documents):
        report = result.summary.count(outcome)
        if report is not None:
            result.messages.append(report)
        if isinstance(outcome, CodedDocument):
            coded.append(outcome)
    _write_partition(number, arrow_tables(coded), Path(out))
    return result


def _write_partition(number: int, tables: dict[str, pa.Table], out: Path) -> None:
    name = f"part-{number:06d}.parquet"
    for table in ("documents", "sentences", "mentions"):
        _atomic_write(tables[table], out / table / name)
    events = tables["events"]
    months = pc.if_else(
        pc.is_null(events["date"]), "unknown", pc.strftime(events["date"], format="%Y-%m")
    )
    for month in sorted(set(months.to_pylist())):
        chosen = events.filter(pc.equal(months, month))
        _atomic_write(chosen, out / "events" / f"month={month}" / name)


def _atomic_write(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _partitions(
    items: Iterable[Document | ReadProblem], size: int, total: PartitionResult
) -> Iterator[list[Document]]:
    """Runs of documents; read problems are counted and kept for the report."""
    for chunk in chunks(items, size):
        if isinstance(chunk[0], ReadProblem):
            total.messages.append(str(total.summary.count(chunk[0])))
        else:
            yield chunk


def code_on_cluster(
    items: Iterable[Document | ReadProblem],
    out: Path,
    options: CodeOptions,
    client: Any,
    partition_size: int = PARTITION_SIZE,
) -> PartitionResult:
    """Code every document on the cluster behind `client` into Parquet under `out`."""
    from distributed import as_completed

    if out.exists() and any(out.iterdir()):
        raise InputError(f"{out}: the Parquet output folder must be new or empty")
    total = PartitionResult()
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    partitions = enumerate(_partitions(items, partition_size, total))
    running = as_completed()
    for number, chunk in islice(partitions, workers * IN_FLIGHT_PER_WORKER):
        running.add(_submit(client, number, chunk, out, options))
    for future in running:
        total.merge(future.result())
        following = next(partitions, None)
        if following is not None:
            running.add(_submit(client, *following, out, options))
    return total


def _submit(
    client: Any, number: int, chunk: list[Document], out: Path, options: CodeOptions
) -> Any:
    key = f"diplowatch-partition-{number}"
    return client.submit(code_partition, number, chunk, str(out), options, retries=RETRIES,
                         pure=False, key=key)  # fmt: skip


def connect(scheduler: str, workers: int) -> Any:
    """A client of the scheduler at `scheduler`, or of a local cluster for "local"."""
    from distributed import Client

    if scheduler == "local":  # the client owns this cluster: closing it stops the workers
        return Client(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None)  # fmt: skip
    try:
        return Client(scheduler, timeout="10s")
    except OSError as problem:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {problem}") from None
