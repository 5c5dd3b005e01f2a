"""Parts of the analyses kept per store state: the same answers as computing them, and
never a part of a store state that has gone."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pyarrow as pa
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient

from diplowatch.analysis.alerts import alerts
from diplowatch.part_cache import PartCache
from diplowatch.server import create_app
from diplowatch.store import Store

FIRST_WEEK = dt.date(2025, 1, 6)
Row = tuple[str, dt.date, str, str, str, int]  # id, date, source, target, CAMEO, QuadClass


def _add(db: Path, rows: list[Row]) -> None:
    """Events written as a coding run writes them: the store opened, written, closed."""
    with Store(db) as store:
        store.con.executemany(
            "INSERT INTO events (event_id, doc_id, sentence_index, sentence, char_start,"
            " char_end, date, date_precision, source_code, source_country, source_text,"
            " target_code, target_country, target_text, cameo, cameo_root, quad_class,"
            " goldstein, alleged, modality, trigger, rule, confidence, lang, coder_version)"
            " VALUES (?, 'd', 0, 's', 0, 1, ?, 'day', ?, ?, 'a', ?, ?, 'b', ?, ?, ?, 0,"
            " false, 'asserted', 't', 'r', 0.9, 'en', 'test')",
            [(i, day, a, a, b, b, cameo, cameo[:2], quad) for i, day, a, b, cameo, quad in rows],
        )


def _weeks(prefix: str, counts: list[int], first: dt.date = FIRST_WEEK) -> list[Row]:
    """Conflict events (CAMEO 190) between AAA and BBB, a number a week."""
    return [
        (f"{prefix}-{week}-{i}", first + dt.timedelta(weeks=week), "AAA", "BBB", "190", 4)
        for week, count in enumerate(counts)
        for i in range(count)
    ]


def test_kept_parts_answer_as_computing_them_also_after_a_write(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    visits = [("v1", dt.date(2023, 3, 1), "AAA", "CCC", "042", 1),
              ("v2", dt.date(2025, 2, 3), "CCC", "AAA", "042", 1),
              ("v3", dt.date(2025, 2, 3), "AAA", "CCC", "042", 1)]  # fmt: skip
    _add(db, _weeks("w", [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1]) + visits)
    client = TestClient(create_app(db))

    def both(since: dt.date, by: str) -> tuple[list, list]:
        """The dashboard's alerts (parts kept) and the alerts computed from scratch."""
        answer = client.get("/api/alerts", params={"since": since, "by": by}).json()["alerts"]
        with Store(db, read_only=True) as view:
            return answer, jsonable_encoder(alerts(view, since, by=by))

    for since, by in [(dt.date(2025, 1, 1), "week"), (dt.date(2024, 6, 1), "month")]:
        kept, computed = both(since, by)
        assert kept == computed and kept  # the ranking and the baselines now kept

    # a coding run writes a week of many conflicts and a first consultation
    _add(db, [*_weeks("x", [9], FIRST_WEEK + dt.timedelta(weeks=12)),
              ("c1", dt.date(2025, 3, 31), "BBB", "CCC", "036", 1)])  # fmt: skip
    for since, by, new in [(dt.date(2025, 1, 2), "week", ("spike", "2025-03-31")),
                           (dt.date(2024, 6, 2), "month", ("first_root", "2025-03-31"))]:  # fmt: skip
        kept, computed = both(since, by)
        assert kept == computed and new in {(a["kind"], a["date"]) for a in kept}


def _table(n: int = 1) -> pa.Table:
    return pa.table({"x": list(range(n))})


class _Counted:
    """A part's computation that counts its calls (and may take its time)."""

    def __init__(self, table: pa.Table, seconds: float = 0.0) -> None:
        self.table, self.seconds, self.calls = table, seconds, 0

    def __call__(self) -> pa.Table:
        self.calls += 1
        time.sleep(self.seconds)
        return self.table


def test_a_part_is_computed_once_per_store_state(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    Store(db).close()
    cache, compute = PartCache(db), _Counted(_table())
    assert cache("part", compute) is cache("part", compute) and compute.calls == 1
    _add(db, _weeks("w", [1]))
    cache("part", compute)
    assert compute.calls == 2


def test_a_part_computed_while_the_store_changed_is_not_kept(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    Store(db).close()
    cache, counted = PartCache(db), _Counted(_table())

    def written_meanwhile() -> pa.Table:
        _add(db, _weeks(f"w{counted.calls}", [1]))
        return counted()

    cache("part", written_meanwhile)
    cache("part", counted)
    assert counted.calls == 2  # the first part was not kept: the store had changed


def test_threads_wait_for_the_part_being_computed(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    Store(db).close()
    cache, compute = PartCache(db), _Counted(_table(), seconds=0.05)
    threads = [threading.Thread(target=cache, args=("part", compute)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert compute.calls == 1


def test_parts_are_bounded_in_bytes(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    Store(db).close()
    table = _table(1000)
    cache = PartCache(db, max_bytes=2 * table.nbytes)
    computes = {key: _Counted(table) for key in "abc"}
    for key in "abca":  # "a" went when "c" came
        cache(key, computes[key])
    assert [computes[key].calls for key in "abc"] == [2, 1, 1]
    too_big = _Counted(_table(10_000))
    cache("big", too_big)
    cache("big", too_big)
    assert too_big.calls == 2
