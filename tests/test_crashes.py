"""Crashes and concurrent users: `kill -9` mid-run, two coding runs on one store, the
dashboard reading while a run writes. The store must never lose a document, hold one
twice, or show half a batch.

The documents are generated (1,000 short German and English reports between states),
so a whole run takes seconds and the kills can land anywhere in it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from diplowatch.run import BATCH_SIZE
from diplowatch.server import create_app
from diplowatch.store import Store

from .conftest import stored_rows

DOCUMENTS = 1_000
KILLS = 2  # per test, which runs with one job and with two
STATES = {
    "en": ["France", "Germany", "Poland", "Russia", "China", "Japan", "India", "Brazil"],
    "de": ["Frankreich", "Deutschland", "Polen", "Russland", "China", "Japan", "Indien"],
}
TEMPLATES = {
    "en": [
        "{a} criticised {b} over the border dispute.",
        "The foreign minister of {a} met the foreign minister of {b} on Monday.",
        "{a} accused {b} of spying on its embassy.",
        "{a} and {b} signed a trade agreement.",
    ],
    "de": [
        "{a} kritisiert {b} wegen des Grenzstreits.",
        "Der Außenminister von {a} traf am Montag den Außenminister von {b}.",
        "{a} wirft {b} Spionage vor.",
        "{a} und {b} unterzeichneten ein Handelsabkommen.",
    ],
}


def _corpus(path: Path, seed: int = 11) -> Path:
    """DOCUMENTS reports of three sentences each, in input order doc-0000, doc-0001, ..."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(DOCUMENTS):
            lang = "de" if i % 2 else "en"
            sentences = []
            for _ in range(3):
                a, b = rng.sample(STATES[lang], 2)
                sentences.append(rng.choice(TEMPLATES[lang]).format(a=a, b=b))
            record = {"id": f"doc-{i:04d}", "title": f"Report {i}", "lang": lang,
                      "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                      "text": " ".join(sentences)}  # fmt: skip
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "diplowatch", "code", str(corpus), "--db", str(db),
            "--quiet", *extra]  # fmt: skip


def _run(corpus: Path, db: Path, *extra: str) -> float:
    """Code the corpus to the end; the seconds it took."""
    started = time.monotonic()
    done = subprocess.run(_command(corpus, db, *extra), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """The corpus, the store of an uninterrupted run, and how long that run took."""
    folder = tmp_path_factory.mktemp("crashes")
    corpus = _corpus(folder / "reports.jsonl")
    db = folder / "reference.duckdb"
    seconds = _run(corpus, db)
    return corpus, db, seconds


def _counts(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        return store.counts()


def test_the_generated_corpus_codes_into_events(reference: tuple[Path, Path, float]) -> None:
    _, db, _ = reference
    counts = _counts(db)
    assert counts["documents"] == DOCUMENTS
    assert counts["events"] > DOCUMENTS  # most sentences are an event between two states


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_anywhere_then_rerun_equals_an_uninterrupted_run(
    reference: tuple[Path, Path, float], tmp_path: Path, jobs: str
) -> None:
    corpus, reference_db, seconds = reference
    db = tmp_path / "killed.duckdb"
    rng = random.Random(int(jobs))
    for _ in range(KILLS):
        victim = subprocess.Popen(_command(corpus, db, "--jobs", jobs),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)  # fmt: skip
        time.sleep(rng.uniform(0.3, seconds))
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        if db.exists():  # whatever was stored is whole batches, and the store opens
            assert _counts(db)["documents"] % BATCH_SIZE == 0
        _assert_no_orphans(victim.pid)
    _run(corpus, db, "--jobs", jobs)
    assert stored_rows(db) == stored_rows(reference_db)


def _assert_no_orphans(session: int) -> None:
    """Forked workers of a killed run must not live on (they would code for nobody)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = [pid for pid in _session_members(session) if not _is_zombie(pid)]
        if not alive:
            return
        time.sleep(0.1)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    raise AssertionError(f"workers {alive} outlived their killed parent")


def _session_members(session: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == session:
                    members.append(int(entry.name))
            except (ProcessLookupError, PermissionError):
                continue
    return members


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True


def test_two_runs_on_one_store_both_succeed(
    reference: tuple[Path, Path, float], tmp_path: Path
) -> None:
    corpus, reference_db, _ = reference
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    halves = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    halves[0].write_text("".join(lines[::2]), encoding="utf-8")
    halves[1].write_text("".join(lines[1::2]), encoding="utf-8")
    db = tmp_path / "shared.duckdb"
    runs = [subprocess.Popen(_command(half, db), stderr=subprocess.PIPE, text=True)
            for half in halves]  # fmt: skip
    errors = [run.communicate()[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    # the same rows but for each document's origin, which names the half it came from
    assert stored_rows(db, "origin") == stored_rows(reference_db, "origin")


def test_the_dashboard_sees_whole_batches_while_a_run_writes(
    reference: tuple[Path, Path, float], tmp_path: Path
) -> None:
    corpus, reference_db, _ = reference
    whole_batches = _batch_boundaries(reference_db)
    db = tmp_path / "watched.duckdb"
    Store(db).close()
    client = TestClient(create_app(db))
    seen: list[tuple[int, int, int]] = []
    failures: list[str] = []
    writer = subprocess.Popen(_command(corpus, db), stderr=subprocess.PIPE, text=True)

    while writer.poll() is None:  # the dashboard asks as the run writes
        answer = client.get("/api/summary")
        if answer.status_code != 200:
            failures.append(f"{answer.status_code}: {answer.text}")
            continue
        counts = answer.json()["counts"]
        seen.append((counts["documents"], counts["sentences"], counts["events"]))
        time.sleep(0.02)  # a busy dashboard, not a tight loop that starves the writer
    assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    assert not failures
    assert set(seen) <= whole_batches
    assert len(set(seen)) >= 3  # the dashboard watched the store grow, batch by batch


def _batch_boundaries(db: Path) -> set[tuple[int, int, int]]:
    """(documents, sentences, events) after each whole batch of the reference run."""
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT d.doc_id, (SELECT count(*) FROM sentences s WHERE s.doc_id = d.doc_id), "
            "(SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) "
            "FROM documents d ORDER BY d.doc_id"
        ).fetchall()
    bounds = {(0, 0, 0)}
    sentences = events = 0
    for i, (_, in_doc, events_in_doc) in enumerate(rows, start=1):
        sentences += in_doc
        events += events_in_doc
        if i % BATCH_SIZE == 0 or i == len(rows):
            bounds.add((i, sentences, events))
    return bounds
