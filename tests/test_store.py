"""The DuckDB store: schema and migrations, idempotent writes, filters, locking."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from diplowatch.errors import InputError
from diplowatch.model import Document
from diplowatch.pipeline import CodeOptions, code_document
from diplowatch.store import EVENT_FIELDS, SCHEMA_VERSION, EventFilter, Store
from diplowatch.store_lock import StoreBusyError

ARTICLE = (
    "Polen kritisiert Russland\n\n"
    "Warschau (dpa) - Die polnische Regierung hat Russland am Montag scharf kritisiert. "
    "Der litauische Außenminister besuchte anschließend die Ukraine.\n"
)


# A second process that holds the store open for writing until it is killed.
HOLD_LOCK = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(60)"


def coded(
    doc_id: str = "pl-1", text: str = ARTICLE, published: dt.date | None = dt.date(2025, 3, 4)
):
    return code_document(Document(doc_id=doc_id, text=text, origin="test", published=published))


def test_new_store_has_schema_version_and_tables(db: Path) -> None:
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.counts() == {"documents": 0, "sentences": 0, "mentions": 0, "events": 0}
        columns = [r["column_name"] for r in store.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' "
            "ORDER BY ordinal_position")]  # fmt: skip
        assert tuple(columns) == EVENT_FIELDS


def test_writing_a_document_twice_replaces_it(db: Path) -> None:
    first = coded()
    assert first.events, "the test article must yield events"
    with Store(db) as store:
        store.write([first])
        once = store.counts()
        store.write([coded()])
        assert store.counts() == once
        ids = [r["event_id"] for r in store.events(EventFilter(mentions=True))]
        assert sorted(ids) == sorted(e.event_id for e in first.events)


def test_a_document_twice_in_one_batch_is_stored_once(db: Path) -> None:
    with Store(db) as store:
        store.write([coded(), coded()])
        assert store.counts()["documents"] == 1
        assert store.counts()["events"] == len(coded().events)


def test_changed_document_replaces_old_events(db: Path) -> None:
    with Store(db) as store:
        store.write([coded()])
        store.write([coded(text="Nur ein Titel ohne Ereignis\n\nEs regnete in Wien.")])
        assert store.counts()["events"] == 0
        assert store.counts()["documents"] == 1


def test_failed_batch_leaves_the_store_unchanged(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db) as store:
        store.write([coded("keep")])
        before = store.counts()
        broken = coded("new")
        broken.status = None  # type: ignore[assignment]  # violates NOT NULL: the insert fails
        with pytest.raises(duckdb.Error):
            store.write([coded("keep"), broken])
        assert store.counts() == before


def test_filters(db: Path) -> None:
    with Store(db) as store:
        store.write([coded()])
        everything = store.events()
        assert {r["source_country"] for r in everything} >= {"POL"}
        assert all(r["source_country"] == "POL" for r in store.events(EventFilter(source="POL")))
        assert store.events(EventFilter(source="POLGOV"))
        assert store.events(EventFilter(country="RUS"))
        assert not store.events(EventFilter(since=dt.date(2025, 3, 5)))
        assert store.events(EventFilter(until=dt.date(2025, 3, 4)))
        assert all(r["cameo_root"] == "11" for r in store.events(EventFilter(root="11")))
        assert store.events(EventFilter(text="KRITISIERT"))
        assert not store.events(EventFilter(lang="en"))
        assert len(store.events(limit=1)) == 1


def test_filters_are_parameters_not_sql(db: Path) -> None:
    with Store(db) as store:
        store.write([coded()])
        assert store.events(EventFilter(source="X' OR 1=1 --")) == []
        assert store.events(EventFilter(text="'; DROP TABLE events; --")) == []
        assert store.counts()["events"] > 0


def test_second_writer_gets_a_clear_message(db: Path) -> None:
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusyError, match="in use by another process"):
            Store(db, wait=0.3)
    finally:
        holder.kill()
        holder.wait()


def _opened_after(db: Path, holder: Store, **kwargs: object) -> float:
    """Seconds until a second Store opens while `holder` is closed 0.3 s from now."""
    threading.Timer(0.3, holder.close).start()
    started = time.monotonic()
    Store(db, wait=10, **kwargs).close()
    return time.monotonic() - started


def test_writers_and_readers_wait_for_a_writer_to_finish(db: Path) -> None:
    assert _opened_after(db, Store(db)) >= 0.25
    assert _opened_after(db, Store(db), read_only=True) >= 0.25
    assert _opened_after(db, Store(db, read_only=True)) >= 0.25
    assert _opened_after(db, Store(db, read_only=True), read_only=True) < 0.25  # readers share


def test_store_from_a_newer_diplowatch_is_refused(db: Path) -> None:
    with Store(db) as store:
        store.con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(InputError, match="newer than this diplowatch"):
        Store(db)


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("this is not a database", encoding="utf-8")
    with pytest.raises(InputError, match=r"bogus\.duckdb"):
        Store(bogus)


def test_published_option_overrides_document_date() -> None:
    result = code_document(
        Document(doc_id="x", text=ARTICLE, origin="t", published=dt.date(2020, 1, 1)),
        CodeOptions(published=dt.date(2025, 3, 4)),
    )
    assert result.document.published == dt.date(2025, 3, 4)
    # the headline has no date of its own; "am Montag" is the Monday before Tuesday 4 March
    assert {e.date for e in result.events} == {dt.date(2025, 3, 4), dt.date(2025, 3, 3)}


def test_a_version_1_store_is_migrated_on_open(db: Path) -> None:
    with Store(db) as store:
        store.write([coded()])
        events = store.counts()["events"]
        # what a version-1 store looked like: no mention_of column
        store.con.execute("DROP INDEX events_doc")
        store.con.execute("ALTER TABLE events DROP COLUMN mention_of")
        store.con.execute("CREATE INDEX events_doc ON events (doc_id)")
        store.con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with Store(db, read_only=True) as reader:  # `events` and `export` open read-only
        assert reader.schema_version() == SCHEMA_VERSION
        assert len(reader.events()) == events
    with Store(db) as migrated:
        columns = {r["column_name"] for r in migrated.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'")}  # fmt: skip
        assert "mention_of" in columns and migrated.counts()["events"] == events
