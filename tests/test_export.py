"""Exports: the same field names and types in JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from diplowatch.errors import InputError
from diplowatch.export import export_events, infer_format
from diplowatch.model import Document
from diplowatch.pipeline import code_document
from diplowatch.store import EVENT_FIELDS, EventFilter, Store

ARTICLE = (
    "Japan protests to China over coast guard patrols\n\n"
    "TOKYO (Reuters) - Japan's foreign ministry protested to China on Monday. "
    "The Chinese government rejected the protest. "
    "Separately, South Korea's president visited Poland."
)


@pytest.fixture
def store(db: Path):
    doc = Document(doc_id="jp-1", text=ARTICLE, origin="t", published=dt.date(2025, 4, 7))
    undated = Document(doc_id="jp-2", text=ARTICLE.replace("Monday", "Sunday"), origin="t")
    with Store(db) as opened:
        opened.write([code_document(doc, None), code_document(undated, None)])
        assert opened.counts()["events"] >= 4
        yield opened


def test_jsonl_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    count = export_events(store, "jsonl", out, EventFilter(mentions=True))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == count == store.counts()["events"]
    for row in rows:
        assert tuple(row) == EVENT_FIELDS
        assert isinstance(row["sentence_index"], int) and isinstance(row["goldstein"], float)
        assert isinstance(row["alleged"], bool) and isinstance(row["confidence"], float)
        assert row["date"] is None or dt.date.fromisoformat(row["date"])
    assert {r["date_precision"] for r in rows} == {"day", "publication", "unknown"}
    assert {r["date"] for r in rows if r["date_precision"] == "unknown"} == {None}


def test_csv_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    export_events(store, "csv", out, EventFilter(mentions=True))
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == EVENT_FIELDS
    assert len(rows) == store.counts()["events"]
    stored = {r["event_id"]: r for r in store.events(EventFilter(mentions=True))}
    for row in rows:
        original = stored[row["event_id"]]
        assert int(row["char_start"]) == original["char_start"]
        assert float(row["goldstein"]) == original["goldstein"]
        assert row["sentence"] == original["sentence"]
        assert row["alleged"] in ("true", "false")


def test_parquet_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    export_events(store, "parquet", out, EventFilter(mentions=True))
    table = pq.read_table(out)
    assert tuple(table.column_names) == EVENT_FIELDS
    assert table.num_rows == store.counts()["events"]
    types = {f.name: str(f.type) for f in table.schema}
    assert types["date"] == "date32[day]"
    assert types["sentence_index"] == "int32"
    assert types["alleged"] == "bool"
    assert types["goldstein"] == "double"


def test_filtered_export(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "kor.jsonl"
    count = export_events(store, "jsonl", out, EventFilter(source="KOR"))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert count == len(rows) > 0
    assert {r["source_country"] for r in rows} == {"KOR"}


def test_failed_export_leaves_no_partial_file(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    out.write_bytes(b"previous export")
    store.con.execute("DROP TABLE events")
    with pytest.raises(Exception, match="events"):
        export_events(store, "parquet", out)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".diplowatch-export")] == []


def test_format_inference_and_errors(store: Store, tmp_path: Path) -> None:
    assert infer_format(None, Path("x.parquet")) == "parquet"
    assert infer_format(None, Path("x.csv")) == "csv"
    assert infer_format(None, None) == "jsonl"
    with pytest.raises(InputError, match="unknown export format"):
        infer_format("xml", None)
    with pytest.raises(InputError, match="give an output file"):
        export_events(store, "parquet", None)
    with pytest.raises(InputError, match="no such directory"):
        export_events(store, "csv", tmp_path / "missing" / "e.csv")
    with pytest.raises(InputError, match="is a directory"):
        export_events(store, "csv", tmp_path)
