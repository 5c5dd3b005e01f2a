"""Latency of every dashboard endpoint on a generated store of 100,000 events.

The store is generated (seeded): 25,000 documents from 40 outlets, four events each,
between 60 countries over ten years, with real CAMEO codes and their QuadClass and
Goldstein values, so the analyses do the work they do on a real store. Each endpoint is
called REPEAT times in-process (FastAPI's TestClient: the handler, validation and
JSON, without the network), no answer kept; alerts and stories also with other
parameters at every call (fresh questions, as dashboard users ask); the baseline in
the same run is an event query that matches nothing. Writes
benchmarks/results/api.json. Run: make bench.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
from fastapi.testclient import TestClient

from diplowatch.ontology import cameo_table
from diplowatch.server import create_app
from diplowatch.store import EVENT_COLUMNS, Store

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks/results/api.json"
EVENTS = 100_000
PER_DOCUMENT = 4
REPEAT = 20
TARGET_MS = 200
# letters only, as the API takes country codes (XAA ... XCF)
COUNTRIES = [f"X{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(58)] + ["PRK", "IRN"]
FIRST_DAY = dt.date(2015, 1, 1)  # the generated events span ten years from here
ENDPOINTS = {
    "events": "/api/events?limit=100",
    "events (country filter)": "/api/events?country=PRK&limit=100",
    "stories": "/api/stories?limit=100",
    "dyad": "/api/dyad?a=PRK&b=IRN&by=month",
    "network": "/api/network",
    "network (one year)": "/api/network?since=2020-01-01&until=2020-12-31",
    "isolation": "/api/isolation?country=PRK&by=month",
    "alerts": "/api/alerts?since=2024-06-01",
    "document": "/api/documents/doc-00001",
    "summary": "/api/summary",
}
# Fresh questions: other parameters at every call (the i-th call asks url(i)), so each
# answer is computed from the parts kept for the store state (part_cache.py), if any.
FRESH: dict[str, Callable[[int], str]] = {
    "alerts (fresh since)": lambda i: f"/api/alerts?since={FIRST_DAY + dt.timedelta(173 * i)}",
    "stories (fresh country)": lambda i: f"/api/stories?country={COUNTRIES[i]}&limit=100",
}


def generate(path: Path, events: int = EVENTS, seed: int = 7) -> None:
    """A store of `events` synthetic events (and their documents), reproducibly."""
    rng = np.random.default_rng(seed)
    codes = [t for t in cameo_table().values() if len(t.code) == 3]
    picked = rng.integers(0, len(codes), events)
    days = rng.integers(0, 3650, events)
    pairs = rng.choice(len(COUNTRIES), size=(events, 2))
    pairs[:, 1] = np.where(
        pairs[:, 0] == pairs[:, 1], (pairs[:, 1] + 1) % len(COUNTRIES), pairs[:, 1]
    )
    start = FIRST_DAY
    documents = events // PER_DOCUMENT
    rows = {name: [] for name, _ in EVENT_COLUMNS}
    for i in range(events):
        kind = codes[picked[i]]
        source, target = COUNTRIES[pairs[i, 0]], COUNTRIES[pairs[i, 1]]
        values = {
            "event_id": f"{i:016x}", "doc_id": f"doc-{i // PER_DOCUMENT:05d}",
            "sentence_index": i % PER_DOCUMENT, "sentence": f"{source} acted on {target}.",
            "char_start": 0, "char_end": 20, "date": start + dt.timedelta(days=int(days[i])),
            "date_precision": "day", "source_code": source, "source_country": source,
            "source_sector": None, "source_text": source, "target_code": target,
            "target_country": target, "target_sector": None, "target_text": target,
            "cameo": kind.code, "cameo_root": kind.code[:2], "plover": None,
            "goldstein": kind.goldstein, "quad_class": kind.quad_class, "alleged": False,
            "modality": "asserted", "trigger": "acted", "rule": "synthetic", "confidence": 0.9,
            "lang": "en", "coder_version": "synthetic", "mention_of": None,
        }  # fmt: skip
        for name, value in values.items():
            rows[name].append(value)
    with Store(path) as store:
        con = store.con.cursor()  # a fresh cursor: no unfinished result of the migrations
        con.register("generated", pa.table(rows))
        con.execute("INSERT INTO events SELECT * FROM generated")
        con.execute(
            "INSERT INTO documents SELECT printf('doc-%05d', i), 'generated', NULL, "
            "DATE '2015-01-01' + CAST(i % 3650 AS INTEGER), 'en', printf('outlet %d', i % 40), "
            "'generated', 'coded', NULL, 'text', 'text', NULL, now(), 'synthetic' "
            "FROM range(?) t(i)",
            [documents],
        )


def timed(client: TestClient, url: Callable[[int], str]) -> dict[str, float]:
    """Median and worst of REPEAT calls (the i-th asks url(i)), after one warm-up call,
    in milliseconds."""
    assert client.get(url(REPEAT)).status_code == 200, url(REPEAT)
    times = []
    for i in range(REPEAT):
        started = time.perf_counter()
        assert client.get(url(i)).status_code == 200, url(i)
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def _always(url: str) -> Callable[[int], str]:
    return lambda _i: url


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.duckdb"
        started = time.perf_counter()
        generate(path)
        generated = time.perf_counter() - started
        # every call computes its answer: none kept (bench_load.py measures kept ones)
        client = TestClient(create_app(path, cache_bytes=0))
        baseline = timed(client, _always("/api/events?limit=1&root=99"))
        results = {name: timed(client, _always(url)) for name, url in ENDPOINTS.items()}
        results |= {name: timed(client, url) for name, url in FRESH.items()}
    slowest = max(r["median_ms"] for r in results.values())
    report = {
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}",
        "events": EVENTS,
        "generate_seconds": round(generated, 1),
        "baseline (empty filter)": baseline,
        "endpoints": results,
        "slowest_median_ms": slowest,
        "target_ms": TARGET_MS,
        "met": slowest < TARGET_MS,
    }
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
