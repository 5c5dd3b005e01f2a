"""Limits per document: a sentence over the length limit is counted and left uncoded, a
document over the time limit is skipped with its reason, and the rest of the batch is
coded, in one process and in forked workers; outside the main thread (a Dask worker)
only the size limits apply, and a timer already running is resumed afterwards."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import pytest

from diplowatch import pipeline
from diplowatch.limits import DEFAULT_MAX_SENTENCE_CHARS, DocumentTimeout, time_limit
from diplowatch.model import CodedDocument, Document
from diplowatch.pipeline import CodeOptions, code_document
from diplowatch.store import Store

SHORT = "Polen kritisiert Russland."
TEN_MB_LINE = "Polen kritisiert Russland " * 400_000  # no full stop: one 10 MB "sentence"


def test_a_10_mb_line_is_never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[int] = []
    original = pipeline.parse_sentences

    def spy(lang: str, texts: list[str]):
        parsed.extend(map(len, texts))
        return original(lang, texts)

    monkeypatch.setattr(pipeline, "parse_sentences", spy)
    document = Document("big", f"{TEN_MB_LINE}\n\n{SHORT}", "big.txt")
    started = time.monotonic()
    coded = code_document(document, CodeOptions(lang="de"))
    assert time.monotonic() - started < 30
    assert coded.status == "coded" and coded.long_sentences == 1
    assert len(coded.sentences) == 2 and max(parsed) <= DEFAULT_MAX_SENTENCE_CHARS
    assert {m.sentence_index for m in coded.mentions} == {1}
    assert [e.sentence_index for e in coded.events] == [1]


def test_long_sentences_are_reported_and_the_rest_coded(cli, tmp_path: Path, db: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    records = [
        {"id": "long", "text": "Polen kritisiert Russland " * 50},
        {"id": "ok", "text": SHORT},
    ]
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = cli("code", dump, "--db", db, "--lang", "de", "--max-sentence-chars", "1000")
    assert result.exit_code == 0, result.output
    assert f"note: {dump}:1: 1 sentence(s) longer than --max-sentence-chars" in result.stderr
    assert "sentences too long to code" in result.stdout
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT doc_id, status FROM documents ORDER BY doc_id")
        events = store.query("SELECT doc_id FROM events")
    assert rows == [{"doc_id": "long", "status": "coded"}, {"doc_id": "ok", "status": "coded"}]
    assert {e["doc_id"] for e in events} == {"ok"}


def _slow_for(monkeypatch: pytest.MonkeyPatch, marker: str, seconds: float) -> None:
    """Make splitting the documents that contain `marker` take `seconds`."""
    original = pipeline.split_sentences

    def slow(text: str, lang: str):
        if marker in text:
            time.sleep(seconds)
        return original(text, lang)

    monkeypatch.setattr(pipeline, "split_sentences", slow)  # forked workers inherit it


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_time_limit_is_skipped_and_the_rest_coded(
    cli, tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Titel {name}\n\n{SHORT}", encoding="utf-8")
    _slow_for(monkeypatch, "Titel b", 60)
    started = time.monotonic()
    result = cli("code", tmp_path, "--db", db, "--max-seconds", "1", "--jobs", jobs)
    assert time.monotonic() - started < 30
    assert result.exit_code == 0, result.output
    reason = "took longer than 1 s to code (the --max-seconds limit per document)"
    assert f"b.txt: {reason}" in result.stderr
    assert "skipped: took longer than 1 s to code" in result.stdout  # the summary row
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT title, status, skip_reason FROM documents ORDER BY title")
        coded = store.query("SELECT DISTINCT doc_id FROM events")
    assert [(r["title"], r["status"]) for r in rows] == [
        ("Titel a", "coded"), ("Titel b", "skipped"), ("Titel c", "coded"),
    ]  # fmt: skip
    assert rows[1]["skip_reason"] == reason and len(coded) == 2


def test_outside_the_main_thread_only_the_size_limits_apply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _slow_for(monkeypatch, "Polen", 0.5)
    results: list[CodedDocument] = []
    options = CodeOptions(lang="de", max_seconds=0.1)
    worker = threading.Thread(
        target=lambda: results.append(code_document(Document("t", SHORT, "t"), options))
    )
    worker.start()
    worker.join(timeout=30)
    [coded] = results
    assert coded.status == "coded" and coded.events


def test_the_limit_interrupts_and_a_running_timer_is_resumed() -> None:
    rang: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: rang.append(signum))
    outer = signal.setitimer(signal.ITIMER_REAL, 30)  # a test runner's timer, say
    try:
        with pytest.raises(DocumentTimeout), time_limit(0.05):
            time.sleep(5)
        with time_limit(0):  # no limit
            time.sleep(0.1)
        left, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < left < 30 and not rang
    finally:
        signal.setitimer(signal.ITIMER_REAL, *outer)
        signal.signal(signal.SIGALRM, previous)
