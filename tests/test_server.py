"""The HTTP API: each analysis as an endpoint, validated input, safe headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from diplowatch.analysis.alerts import alerts
from diplowatch.analysis.network import network
from diplowatch.errors import InputError
from diplowatch.server import create_app
from diplowatch.store import Store


@pytest.fixture(scope="module")
def client(analysis_store: Path) -> TestClient:
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
    coded = client.post("/api/code", json={"text": "Serbia criticised Kosovo on Monday.",
                                           "published": "2025-01-08"}).json()  # fmt: skip
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
    assert client.post("/api/code", json={"text": ""}).status_code == 422
    assert client.post("/api/code", json={"text": "x" * 200_001}).status_code == 422
    assert client.post("/api/code", json={"text": "Hallo", "lang": "fr"}).status_code == 422


def test_pages_carry_a_strict_content_security_policy(client: TestClient) -> None:
    for path in ("/api/summary", "/openapi.json", "/static/vendor/echarts.min.js"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/../server.py").status_code == 404


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such store"):
        create_app(tmp_path / "none.duckdb")
