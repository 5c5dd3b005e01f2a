"""A coding run: progress display, summary counts, a crashing document is skipped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from diplowatch import parallel, run
from diplowatch.pipeline import CodeOptions
from diplowatch.readers import ReadOptions
from diplowatch.store import Store

from .conftest import EXAMPLES, stored_rows


def test_progress_appears_on_long_runs_and_summary_counts(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "PROGRESS_AFTER_SECONDS", 0.0)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    summary = run.code_inputs([str(EXAMPLES)], db, ReadOptions(), CodeOptions(), console)
    with Store(db, read_only=True) as store:
        assert summary.events == store.counts()["events"]
        assert summary.sentences == store.counts()["sentences"]
    assert "documents" in screen.getvalue() and "docs/s" in screen.getvalue()
    assert summary.read == summary.coded == 12
    summary.print(console, db)
    assert "documents coded" in screen.getvalue()


def test_no_progress_on_short_runs(db: Path) -> None:
    screen = io.StringIO()
    run.code_inputs([str(EXAMPLES)], db, ReadOptions(), CodeOptions(), Console(file=screen))
    assert "docs/s" not in screen.getvalue()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_crashes_the_coder_is_reported_and_skipped(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(
            f"Titel {name}\n\nPolen kritisiert Russland.", encoding="utf-8"
        )
    original = parallel.code_document

    def flaky(document, options):
        if document.title == "Titel b":
            raise RuntimeError("boom")
        return original(document, options)

    monkeypatch.setattr(parallel, "code_document", flaky)  # forked workers inherit it
    screen = io.StringIO()
    summary = run.code_inputs(
        [str(tmp_path)], db, ReadOptions(), CodeOptions(), Console(file=screen), jobs
    )
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 2
    assert summary.coded == 2 and summary.problems == 1
    assert "b.txt: internal error while coding: RuntimeError('boom')" in screen.getvalue()


def test_several_jobs_store_exactly_what_one_does(cli, tmp_path: Path) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert cli("code", EXAMPLES, "--db", one, "--quiet").exit_code == 0
    assert cli("code", EXAMPLES, "--db", two, "--quiet", "--jobs", "2").exit_code == 0
    assert stored_rows(one) == stored_rows(two) and len(stored_rows(one)[0]) > 50
