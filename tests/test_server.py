"""The HTTP API: each analysis as an endpoint, validated input, safe headers, coding
only with the server's token, bounded request bodies."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import duckdb
import pytest
import uvicorn
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from diplowatch.access import BodyLimit
from diplowatch.analysis.alerts import alerts
from diplowatch.analysis.network import network
from diplowatch.answer_cache import AnswerCache
from diplowatch.errors import InputError
from diplowatch.server import create_app
from diplowatch.store import Store

from .conftest import Cli

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PASTE = {"text": "Serbia criticised Kosovo on Monday.", "published": "2025-01-08"}


@pytest.fixture(scope="module")
def client(analysis_store: Path) -> TestClient:
    """A server started with a token: it reads for anyone and codes for the bearer."""
    return TestClient(create_app(analysis_store, token=TOKEN))


@pytest.fixture(scope="module")
def readonly(analysis_store: Path) -> TestClient:
    """A server started without a token."""
    return TestClient(create_app(analysis_store))


def test_endpoints_answer_what_the_analyses_answer(
    client: TestClient, analysis_store: Path
) -> None:
    with Store(analysis_store, read_only=True) as store:
        expected_network = network(store)
        expected_alerts = alerts(store, dt.date(2024, 4, 1))
    assert client.get("/api/network").json()["blocs"] == expected_network["blocs"]
    answer = client.get("/api/alerts", params={"since": "2024-04-01"}).json()["alerts"]
    assert [a["message"] for a in answer] == [a["message"] for a in expected_alerts]
    dyad = client.get("/api/dyad", params={"a": "PRK", "b": "IRN", "by": "year"}).json()
    assert [b["period"] for b in dyad["buckets"]][:1] == ["2019"]
    iso = client.get("/api/isolation", params={"country": "PRK"}).json()
    assert iso["slope"] > 0
    story = client.get("/api/stories", params={"country": "PRK", "root": "04"}).json()["stories"]
    two = [s for s in story if s["num_documents"] == 2]
    members = client.get(f"/api/stories/{two[0]['story_id']}").json()["events"]
    assert {m["doc_id"] for m in members} == {"nordkorea-iran", "dprk-iran-visit"}


def test_events_filter_page_and_count(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()
    prk = client.get("/api/events", params={"country": "PRK", "limit": 5}).json()
    assert 0 < prk["total"] < everything["total"] == len(everything["events"])
    assert len(prk["events"]) == 5
    assert all("PRK" in (e["source_country"], e["target_country"]) for e in prk["events"])
    page2 = client.get("/api/events", params={"country": "PRK", "limit": 5, "offset": 5}).json()
    assert not {e["event_id"] for e in page2["events"]} & {e["event_id"] for e in prk["events"]}


def test_document_view_and_on_the_spot_coding(client: TestClient) -> None:
    doc = client.get("/api/documents/nordkorea-iran").json()
    assert doc["document"]["title"].startswith("Nordkorea schickt eine Delegation")
    assert any(e["cameo"] == "042" and e["target_country"] == "IRN" for e in doc["events"])
    listed = {d["doc_id"] for d in client.get("/api/documents").json()["documents"]}
    assert {"nordkorea-iran", "dprk-iran-visit"} <= listed
    coded = client.post("/api/code", json=PASTE, headers=AUTH).json()
    assert [(e["source_country"], e["cameo"], e["target_country"], str(e["date"]))
            for e in coded["events"]] == [("SRB", "111", "XKX", "2025-01-06")]  # fmt: skip
    before = client.get("/api/summary").json()["counts"]["documents"]
    assert before == len(listed)  # nothing pasted was stored


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/events", {"since": "yesterday"}),
        ("/api/events", {"limit": 0}),
        ("/api/events", {"limit": 5000}),
        ("/api/events", {"root": "4'; DROP TABLE events; --"}),
        ("/api/dyad", {"a": "PRK"}),
        ("/api/dyad", {"a": "PRK", "b": "IRN", "by": "decade"}),
        ("/api/dyad", {"a": "PRK' OR 1=1 --", "b": "IRN"}),
        ("/api/isolation", {"country": "PRK", "by": "day"}),
        ("/api/alerts", {}),
        ("/api/alerts", {"since": "2024-02-30"}),
        ("/api/stories", {"window": -1}),
    ],
)
def test_bad_parameters_are_4xx_never_500(client: TestClient, path: str, params: dict) -> None:
    assert client.get(path, params=params).status_code == 422


def test_injection_strings_are_values_not_sql(client: TestClient) -> None:
    for text in ("' OR '1'='1", "%'; DROP TABLE events; --", "\\x00", "<script>"):
        answer = client.get("/api/events", params={"text": text})
        assert answer.status_code == 200 and answer.json()["total"] == 0
    missing = client.get("/api/documents/' OR 1=1 --")
    assert missing.status_code == 404
    assert client.get("/api/summary").json()["counts"]["events"] > 0  # nothing dropped


def test_pasted_text_is_limited_and_checked(client: TestClient) -> None:
    for body in ({"text": ""}, {"text": "x" * 200_001}, {"text": "Hallo", "lang": "fr"}):
        assert client.post("/api/code", json=body, headers=AUTH).status_code == 422
    broken = client.post("/api/code", content=b'{"text": ', headers=AUTH)
    assert broken.status_code == 422


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer", "Bearer é".encode()],
)
def test_coding_needs_the_servers_token(client: TestClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    answer = client.post("/api/code", json=PASTE, headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "token" in answer.json()["detail"]
    assert client.post("/api/code", json=PASTE, headers=AUTH).status_code == 200
    assert client.get("/api/coding").json()["enabled"] is True


def test_a_server_without_a_token_only_reads(readonly: TestClient) -> None:
    for headers in ({}, AUTH, {"Authorization": "Bearer "}):
        answer = readonly.post("/api/code", json=PASTE, headers=headers)
        assert answer.status_code == 401
        assert "read-only" in answer.json()["detail"] and "--token" in answer.json()["detail"]
    assert readonly.get("/api/coding").json() == {
        "enabled": False, "max_text_chars": 200_000, "max_body_bytes": 1_000_000}  # fmt: skip
    assert readonly.get("/api/summary").status_code == 200
    assert readonly.get("/api/events", params={"limit": 1}).status_code == 200


def test_an_oversized_body_is_refused_with_413(analysis_store: Path) -> None:
    small = TestClient(create_app(analysis_store, token=TOKEN, max_body_bytes=2_000))
    text = {"text": "Serbia criticised Kosovo. " * 100}  # 2,600 characters of JSON
    declared = small.post("/api/code", json=text, headers=AUTH)
    chunked = small.post("/api/code", content=iter([b'{"text": "', b"x" * 3_000, b'"}']),
                         headers={**AUTH, "Content-Type": "application/json"})  # fmt: skip
    for answer in (declared, chunked):
        assert answer.status_code == 413
        assert "2,000 bytes" in answer.json()["detail"]
        assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "content-length" not in chunked.request.headers
    fits = small.post("/api/code", json={"text": "Serbia criticised Kosovo."}, headers=AUTH)
    assert fits.status_code == 200
    assert small.get("/api/summary").status_code == 200  # kept now
    assert small.get("/api/summary", headers={"Content-Length": "5000"}).status_code == 413


def _run_limited(chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple[int, int, bool]:
    """Send a body in chunks through BodyLimit(1,000 bytes) to an app that reads it all:
    (status, chunks the middleware read, whether the app ran)."""
    read, ran, status = 0, False, 0

    async def receive() -> Message:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": chunks[read - 1],
                "more_body": read < len(chunks)}  # fmt: skip

    async def app(scope: Scope, app_receive: Receive, send: Send) -> None:
        nonlocal ran
        ran = True
        while (await app_receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message: Message) -> None:
        nonlocal status
        status = message.get("status", status)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(BodyLimit(app, max_bytes=1_000)(scope, receive, send))
    return status, read, ran


def test_the_body_limit_stops_reading_at_the_limit() -> None:
    chunks = [b"x" * 400] * 10  # 4,000 bytes streamed, no length declared
    assert _run_limited(chunks, []) == (413, 3, False)  # refused at 1,200 bytes
    declared = [(b"content-length", b"4000")]
    assert _run_limited(chunks, declared) == (413, 0, False)  # refused before reading
    assert _run_limited(chunks[:2], []) == (204, 2, True)  # 800 bytes pass, whole


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/api/documents/" + "x" * 5_000, {}, 404),
        ("get", "/api/documents/%00%ff", {}, 404),
        ("get", "/api/events", {"params": {"offset": 10**30}}, 422),
        ("get", "/api/events", {"params": {"since": "9999-99-99"}}, 422),
        ("get", "/api/events", {"params": {"text": "\u0000%_*"}}, 200),
        ("get", "/api/stories/../../etc/passwd", {}, 404),
        ("get", "/static/%2e%2e/server.py", {}, 404),
        ("post", "/api/code", {"content": b"\xff\xfe", "headers": AUTH}, 422),
        ("post", "/api/code", {"data": {"text": "x"}, "headers": AUTH}, 422),
        ("post", "/api/code", {"json": {"published": "0000-01-01"}, "headers": AUTH}, 422),
        ("post", "/api/summary", {"json": PASTE}, 405),
    ],
)
def test_odd_requests_get_4xx_never_500(
    client: TestClient, method: str, path: str, kwargs: dict, status: int
) -> None:
    assert client.request(method, path, **kwargs).status_code == status


def test_pages_carry_a_strict_content_security_policy(client: TestClient) -> None:
    for path in ("/api/summary", "/openapi.json", "/static/vendor/echarts.min.js"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/../server.py").status_code == 404


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such store"):
        create_app(tmp_path / "none.duckdb")


def test_serve_takes_the_token_from_the_environment_and_warns_off_loopback(
    cli: Cli, analysis_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict] = []
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **options: started.append({"app": app, **options})
    )
    local = cli("serve", "--db", analysis_store)
    monkeypatch.setenv("DIPLOWATCH_TOKEN", TOKEN)
    exposed = cli("serve", "--db", analysis_store, "--host", "0.0.0.0")
    assert [s["host"] for s in started] == ["127.0.0.1", "0.0.0.0"]
    assert local.stderr == ""
    assert "warning" in exposed.stderr and "unencrypted" in exposed.stderr
    local_app, exposed_app = (TestClient(s["app"]) for s in started)
    assert local_app.post("/api/code", json=PASTE, headers=AUTH).status_code == 401
    assert exposed_app.post("/api/code", json=PASTE, headers=AUTH).status_code == 200


def test_answers_are_kept_until_the_store_changes(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    Store(db).close()
    client = TestClient(create_app(db))
    assert client.get("/api/summary").json()["counts"]["documents"] == 0
    with Store(db) as store:  # what a coding run does meanwhile
        store.con.execute(
            "INSERT INTO documents (doc_id, origin, status, text, clean_text, coded_at, "
            "coder_version) VALUES ('new', 'test', 'coded', 'text', 'text', now(), 'test')"
        )
    assert client.get("/api/summary").json()["counts"]["documents"] == 1
    assert client.get("/api/documents").json()["documents"][0]["doc_id"] == "new"


class _CountingApp:
    """An ASGI app that answers after a pause, counting calls and how many ran at once."""

    def __init__(self, status: int = 200) -> None:
        self.status, self.calls, self.running, self.most = status, 0, 0, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(0.01)
        self.running -= 1
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": scope["query_string"]})


def _ask(cache: AnswerCache, *queries: bytes, method: str = "GET") -> list[bytes]:
    """The bodies the cache answers for requests made at once."""

    async def one(query: bytes) -> bytes:
        body = []

        async def send(message: Message) -> None:
            body.append(message.get("body", b""))

        scope = {"type": "http", "method": method, "path": "/api/x", "query_string": query}
        await cache(scope, lambda: asyncio.sleep(0, {"type": "http.disconnect"}), send)
        return b"".join(body)

    async def all_at_once() -> list[bytes]:
        return list(await asyncio.gather(*(one(q) for q in queries)))

    return asyncio.run(all_at_once())


def test_the_cache_computes_an_answer_once_per_store_state(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    db.write_bytes(b"one")
    app = _CountingApp()
    cache = AnswerCache(app, db=db)
    assert _ask(cache, b"a=1", b"a=1", b"a=1", b"a=2") == [b"a=1", b"a=1", b"a=1", b"a=2"]
    assert app.calls == 2  # the three at once shared one computation
    assert _ask(cache, b"a=1", b"a=2") == [b"a=1", b"a=2"] and app.calls == 2
    db.write_bytes(b"two, longer")
    assert _ask(cache, b"a=1") == [b"a=1"] and app.calls == 3
    _ask(cache, b"a=1", method="POST")
    assert app.calls == 4  # only GET answers are kept


def test_the_cache_keeps_no_errors_and_computes_a_few_at_a_time(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    db.write_bytes(b"one")
    failing = _CountingApp(status=404)
    cache = AnswerCache(failing, db=db)
    _ask(cache, b"a=1")
    _ask(cache, b"a=1")
    assert failing.calls == 2
    busy = _CountingApp()
    _ask(AnswerCache(busy, db=db, max_computing=2), *(f"a={i}".encode() for i in range(8)))
    assert (busy.calls, busy.most) == (8, 2)
    unkept = _CountingApp()
    keeping_none = AnswerCache(unkept, db=db, max_bytes=0)
    _ask(keeping_none, b"a=1")
    _ask(keeping_none, b"a=1")
    assert unkept.calls == 2


def test_a_query_out_of_memory_is_a_503_to_retry(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*_args: object) -> None:
        raise duckdb.OutOfMemoryException("Out of Memory Error: failed to pin block")

    monkeypatch.setattr("diplowatch.server.network", exhausted)
    answer = client.get("/api/network", params={"since": "1999-01-01"})  # not kept yet
    assert answer.status_code == 503 and answer.headers["retry-after"] == "1"
