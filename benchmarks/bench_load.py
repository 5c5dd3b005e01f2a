"""Load test: many clients at once against the real dashboard server, on loopback.

bench_api.py times each endpoint alone, in-process; this runs what a user runs,
`diplowatch serve`, in a process of its own on 127.0.0.1 over the same generated store of
100,000 events, and lets CLIENTS clients (asyncio tasks, one keep-alive connection each)
make requests for DURATION_S seconds (or until MAX_REQUESTS, whichever comes first).
Each request is drawn from the mix the dashboard's views make: an event list (often
filtered or paged), stories, a dyad, the network, isolation, alerts, the document list
or a document; half of the time a view's default, the other half with random countries,
dates and pages, so both repeated and fresh questions are asked.

Two scenarios, each against a server of its own (started, warmed up, then measured):
- "dashboard users", the one checked against the target: each client waits for its
  answer, then pauses as a reader does before the next click (exponential, mean
  THINK_MEAN_S), then asks again;
- "saturation": each client asks again as soon as it has its answer, so the server is
  never idle; its requests/s is the server's capacity, and its latencies show the
  queue that builds when more is asked than the cores can compute (no target).

Reported per scenario: requests/s, latency p50/p95/p99/max (overall, for repeated and
fresh questions, and per endpoint), errors (any non-2xx answer or failed request), and
the CPU seconds the server and the clients used (they share the machine's cores).
Writes benchmarks/results/load.json and load.md. Run: make bench.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
from bench_api import COUNTRIES, EVENTS, FIRST_DAY, PER_DOCUMENT, generate

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks/results/load.json"
TABLE = ROOT / "benchmarks/results/load.md"
CLIENTS = 50
DURATION_S = 30.0
MAX_REQUESTS = 100_000
TIMEOUT_S = 10.0
START_TIMEOUT_S = 120.0
P99_TARGET_MS = 500
THINK_MEAN_S = 1.0  # a dashboard user's pause between an answer and the next request
# scenario: the mean pause between a client's answer and its next request (0: none)
SCENARIOS = {"dashboard users": THINK_MEAN_S, "saturation": 0.0}
TARGET_SCENARIO = "dashboard users"
DAYS = 3650  # the generated events span ten years from FIRST_DAY
LAST_YEAR = FIRST_DAY + dt.timedelta(days=DAYS - 365)  # the alerts view's default start
PERIODS = ("year", "month")


@dataclass(frozen=True)
class Sample:
    """One request: which endpoint, a view's default question or a fresh one, its HTTP
    status (0: no answer), how long it took."""

    endpoint: str
    fresh: bool
    status: int
    ms: float
    problem: str = ""


Request = tuple[str, dict]  # a path and its query parameters


def _day(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))


def _summary(rng: random.Random, fresh: bool) -> Request:
    return "/api/summary", {}


def _events(rng: random.Random, fresh: bool) -> Request:
    if not fresh:
        return "/api/events", {"limit": 50}
    a, b = rng.sample(COUNTRIES, 2)
    since = _day(rng)
    filters = rng.choice([
        {"country": a}, {"source": a, "target": b}, {"root": f"{rng.randint(1, 20):02d}"},
        {"since": since, "until": since + dt.timedelta(days=365)}, {"text": "acted on"},
    ])  # fmt: skip
    return "/api/events", {**filters, "limit": 50, "offset": 50 * rng.randrange(20)}


def _stories(rng: random.Random, fresh: bool) -> Request:
    filters = {"country": rng.choice(COUNTRIES)} if fresh else {}
    return "/api/stories", {**filters, "limit": 200}


def _dyad(rng: random.Random, fresh: bool) -> Request:
    if not fresh:
        return "/api/dyad", {"a": "PRK", "b": "IRN", "by": "year"}
    a, b = rng.sample(COUNTRIES, 2)
    return "/api/dyad", {"a": a, "b": b, "by": rng.choice(PERIODS)}


def _network(rng: random.Random, fresh: bool) -> Request:
    year = rng.randrange(2015, 2025)
    return "/api/network", {"since": f"{year}-01-01", "until": f"{year}-12-31"} if fresh else {}


def _isolation(rng: random.Random, fresh: bool) -> Request:
    if not fresh:
        return "/api/isolation", {"country": "PRK", "by": "year"}
    return "/api/isolation", {"country": rng.choice(COUNTRIES), "by": rng.choice(PERIODS)}


def _alerts(rng: random.Random, fresh: bool) -> Request:
    return "/api/alerts", {"since": _day(rng) if fresh else LAST_YEAR}


def _documents(rng: random.Random, fresh: bool) -> Request:
    return "/api/documents", {"limit": 1000, "offset": 1000 * rng.randrange(25) if fresh else 0}


def _document(rng: random.Random, fresh: bool) -> Request:
    number = rng.randrange(EVENTS // PER_DOCUMENT) if fresh else 1
    return f"/api/documents/doc-{number:05d}", {}


# endpoint: (weight in the mix, the request for a random `rng` and whether it is fresh)
MIX: dict[str, tuple[int, Callable[[random.Random, bool], Request]]] = {
    "summary": (1, _summary), "events": (3, _events), "stories": (1, _stories),
    "dyad": (1, _dyad), "network": (1, _network), "isolation": (1, _isolation),
    "alerts": (1, _alerts), "documents": (1, _documents), "document": (1, _document),
}  # fmt: skip


def draw(rng: random.Random) -> tuple[str, bool, Request]:
    """One request of the mix, half of the time a view's default question:
    (endpoint, fresh, request)."""
    names = list(MIX)
    name = rng.choices(names, weights=[MIX[n][0] for n in names])[0]
    fresh = rng.random() < 0.5
    return name, fresh, MIX[name][1](rng, fresh)


async def _client(
    http: httpx.AsyncClient, seed: int, deadline: float, think_s: float, samples: list[Sample]
) -> None:
    """One user on one connection until the time or the budget is up: a pause, then a
    request and its answer awaited, again and again. The pause is a reader's
    (exponential, mean `think_s`), none for 0; the first one spreads the users' first
    requests as their later ones are spread."""
    rng = random.Random(seed)
    await _pause(rng, think_s, deadline)
    while time.monotonic() < deadline and len(samples) < MAX_REQUESTS:
        name, fresh, (path, params) = draw(rng)
        started = time.perf_counter()
        try:
            answer = await http.get(path, params=params)
            status, problem = answer.status_code, "" if answer.is_success else answer.text
        except httpx.HTTPError as failure:
            status, problem = 0, f"{type(failure).__name__}: {failure}"
        ms = (time.perf_counter() - started) * 1000
        samples.append(Sample(name, fresh, status, ms, problem[:200]))
        await _pause(rng, think_s, deadline)


async def _pause(rng: random.Random, think_s: float, deadline: float) -> None:
    if think_s:
        await asyncio.sleep(min(rng.expovariate(1 / think_s), max(deadline - time.monotonic(), 0)))


async def run_load(base: str, think_s: float) -> tuple[list[Sample], float]:
    """All clients at once; the samples and the seconds the run took. The clients are
    made before the clock starts: each costs the load generator milliseconds of CPU (an
    SSL context), 1.3 s for 50, which would otherwise count in the first answers."""
    samples: list[Sample] = []
    limits = httpx.Limits(max_connections=1)
    async with AsyncExitStack() as clients:
        https = [
            await clients.enter_async_context(
                httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, limits=limits)
            )
            for _ in range(CLIENTS)
        ]
        started = time.monotonic()
        deadline = started + DURATION_S
        await asyncio.gather(
            *(_client(http, seed, deadline, think_s, samples) for seed, http in enumerate(https))
        )
        return samples, time.monotonic() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(db: Path, log: Path) -> Iterator[tuple[str, int]]:
    """`diplowatch serve` on a free loopback port in a subprocess: (base URL, pid)."""
    port = _free_port()
    command = [str(Path(sys.executable).with_name("diplowatch")), "serve", "--db", str(db),
               "--port", str(port)]  # fmt: skip
    with log.open("w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/api/summary", timeout=2).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start (exit code {server.poll()})")


def _warm_up(base: str) -> None:
    """Every endpoint once with its default question (the first answers load modules)."""
    rng = random.Random(0)
    with httpx.Client(base_url=base, timeout=60) as http:
        for name, (_, request) in MIX.items():
            path, params = request(rng, False)
            answer = http.get(path, params=params)
            assert answer.is_success, (name, answer.status_code, answer.text[:200])


def _exceptions(log: str) -> dict[str, int]:
    """The exceptions the server logged, by type (a traceback ends with its type)."""
    return dict(Counter(re.findall(r"^([\w.]+(?:Error|Exception)):", log, flags=re.MULTILINE)))


def _latency(times: list[float]) -> dict[str, float]:
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    return {"p50_ms": round(float(p50), 1), "p95_ms": round(float(p95), 1),
            "p99_ms": round(float(p99), 1), "max_ms": round(max(times), 1)}  # fmt: skip


def summarise(samples: list[Sample], seconds: float) -> dict:
    """Throughput, latency and errors of a run, overall and per endpoint."""
    failed = [s for s in samples if not 200 <= s.status < 300]
    endpoints = {
        name: {"requests": len(times), **_latency(times)}
        for name in MIX
        if (times := [s.ms for s in samples if s.endpoint == name])
    }
    questions = {
        kind: {"requests": len(times), **_latency(times)}
        for kind, fresh in (("repeated", False), ("fresh", True))
        if (times := [s.ms for s in samples if s.fresh == fresh])
    }
    kinds = Counter(f"{s.endpoint} {s.status}: {s.problem[:80]}" for s in failed)
    return {
        "requests": len(samples),
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(samples) / seconds, 1),
        **_latency([s.ms for s in samples]),
        "errors": len(failed),
        "error_kinds": dict(kinds.most_common(10)),
        "questions": questions,
        "endpoints": endpoints,
    }


def measured(db: Path, log: Path, think_s: float) -> dict:
    """One scenario against a server of its own (so no answer is kept from another):
    its summary, the CPU seconds both sides used, the load before it and the
    exceptions the server logged."""
    with serving(db, log) as (base, pid):
        _warm_up(base)
        load_average = os.getloadavg()[0]  # other work on the machine skews the figures
        server_cpu, client_cpu = _cpu_seconds(pid), time.process_time()
        samples, seconds = asyncio.run(run_load(base, think_s))
        server_cpu = _cpu_seconds(pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
    return {
        "think_mean_s": think_s,
        **summarise(samples, seconds),
        "server_cpu_s": round(server_cpu, 1),
        "client_cpu_s": round(client_cpu, 1),
        "load_average_before": round(load_average, 2),
        "server_exceptions": _exceptions(log.read_text()),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "generated.duckdb"
        generate(db)
        scenarios = {
            name: measured(db, Path(folder) / f"server-{i}.log", think_s)
            for i, (name, think_s) in enumerate(SCENARIOS.items())
        }
    checked = scenarios[TARGET_SCENARIO]
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "date": dt.date.today().isoformat(),
        "events": EVENTS,
        "clients": CLIENTS,
        "duration_s": DURATION_S,
        "p99_target_ms": P99_TARGET_MS,
        "target_scenario": TARGET_SCENARIO,
        "met": checked["errors"] == 0 and checked["p99_ms"] < P99_TARGET_MS,
        "scenarios": scenarios,
    }  # fmt: skip
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    TABLE.write_text(_markdown(report), encoding="utf-8")
    print(_markdown(report))


def _markdown(report: dict) -> str:
    parts = [
        f"Machine: {report['machine']}, {report['date']}. {report['clients']} clients on "
        f"{report['events']:,} events, each scenario against a server of its own. Target "
        f"({report['target_scenario']}: no errors, p99 under {report['p99_target_ms']} ms): "
        f"{'met' if report['met'] else 'not met'}.\n"
    ]
    for name, run in report["scenarios"].items():
        parts.append(_scenario_markdown(name, run))
    return "\n".join(parts)


def _scenario_markdown(name: str, run: dict) -> str:
    pause = (
        f"each client waits for its answer, then pauses (exponential, mean "
        f"{run['think_mean_s']} s) before its next request, and so before its first"
        if run["think_mean_s"]
        else "each client asks again as soon as it has its answer"
    )
    head = (
        f"## {name}\n\n{pause}; {run['seconds']} s: {run['requests']:,} requests, "
        f"{run['requests_per_s']} requests/s, {run['errors']} errors; server CPU "
        f"{run['server_cpu_s']} s, clients' CPU {run['client_cpu_s']} s; load average "
        f"before the run {run['load_average_before']}.\n"
    )
    rows = ["| endpoint | requests | p50 | p95 | p99 | max |", "|---|---|---|---|---|---|"]
    questions = [(f"{kind} questions", row) for kind, row in run["questions"].items()]
    for label, row in [("all", run), *questions, *run["endpoints"].items()]:
        rows.append(f"| {label} | {row['requests']:,} | {row['p50_ms']} ms | {row['p95_ms']} ms "
                    f"| {row['p99_ms']} ms | {row['max_ms']} ms |")  # fmt: skip
    return head + "\n" + "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
