"""Coding on a Dask cluster: a LocalCluster of two worker processes gives the events a
single process gives, and a worker killed mid-run loses no document and doubles none."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from diplowatch.cluster import code_on_cluster
from diplowatch.errors import InputError
from diplowatch.model import Document
from diplowatch.pipeline import CodeOptions
from diplowatch.readers import read_inputs
from diplowatch.store import Store

from .conftest import EXAMPLES, Cli


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)  # fmt: skip
    with cluster, Client(cluster) as connected:
        yield connected


def _documents() -> list[Document]:
    return [d for d in read_inputs([str(EXAMPLES)]) if isinstance(d, Document)]


def _rows(db: Path) -> tuple[list, list]:
    with Store(db, read_only=True) as store:
        events = store.con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
        docs = store.con.execute("SELECT doc_id, status FROM documents ORDER BY 1").fetchall()
    return events, docs


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples coded by one process, as `diplowatch code` does."""
    db = tmp_path_factory.mktemp("serial") / "serial.duckdb"
    assert Cli()("code", EXAMPLES, "--db", db, "--quiet").exit_code == 0
    return db


def test_a_local_cluster_codes_what_one_process_codes(
    client: Client, serial: Path, tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    result = code_on_cluster(_documents(), out, CodeOptions(), client, partition_size=3)
    assert result.summary.read == result.summary.coded == 12 and result.messages == []
    assert (out / "documents" / "part-000003.parquet").is_file()
    assert any(p.name.startswith("month=") for p in (out / "events").iterdir())
    db = tmp_path / "loaded.duckdb"
    with Store(db) as store:
        store.load_parquet(out)
        store.load_parquet(out)  # loading twice changes nothing
    assert _rows(db) == _rows(serial)


def test_a_worker_killed_mid_run_loses_no_document(
    client: Client, serial: Path, tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    pids = list(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_after_first_partition() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(out.glob("documents/*.parquet")):
            time.sleep(0.05)
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    killer = threading.Thread(target=kill_after_first_partition, daemon=True)
    killer.start()
    result = code_on_cluster(_documents(), out, CodeOptions(), client, partition_size=1)
    killer.join(timeout=5)
    assert killed and killed[0] not in client.run(os.getpid).values()  # it really died
    assert result.summary.coded == 12
    assert len(list(out.glob("documents/*.parquet"))) == 12
    db = tmp_path / "loaded.duckdb"
    with Store(db) as store:
        store.load_parquet(out)
    assert _rows(db) == _rows(serial)


def test_cluster_output_must_go_to_a_new_folder(client: Client, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="new or empty"):
        code_on_cluster(_documents()[:1], tmp_path, CodeOptions(), client)


def test_cluster_options_and_load_errors(cli, tmp_path: Path) -> None:
    alone = cli("code", EXAMPLES, "--scheduler", "local", "--db", tmp_path / "x.duckdb")
    assert alone.exit_code == 1 and "go together" in alone.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    loaded = cli("load", empty, "--db", tmp_path / "x.duckdb")
    assert loaded.exit_code == 1 and "not a cluster run's output" in loaded.stderr
    unreachable = cli("code", EXAMPLES, "--scheduler", "tcp://127.0.0.1:9", "--parquet",
                      tmp_path / "out", "--db", tmp_path / "x.duckdb")  # fmt: skip
    assert unreachable.exit_code == 1 and "cannot reach the Dask scheduler" in unreachable.stderr
