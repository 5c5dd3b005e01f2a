"""The embedded DuckDB store: documents, sentences, mentions and events.

Writing is idempotent per document: a document's old rows are deleted and its new
rows inserted in the same transaction, so coding a document again replaces its events
and a crash never leaves half a document. Batches go in as Arrow tables, because
DuckDB inserts columnar data orders of magnitude faster than row-by-row statements.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from diplowatch import __version__
from diplowatch.errors import InputError
from diplowatch.model import CodedDocument, Event, Mention
from diplowatch.store_lock import (
    DEFAULT_WAIT_SECONDS,
    WriterLock,
    await_no_writer,
    retry,
)

SCHEMA_VERSION = 2
# DuckDB's buffer pool keeps the pages it wrote cached up to its limit (by default 80%
# of the RAM), so a long coding run's memory grew with the store: storing 16 copies of
# GNAD rose 195 -> 295 MB under a 256 MB limit and stayed at 187-202 MB over 64 copies
# under 32 MB, at 0.05 s more per 1,000 documents. Writing needs only a small pool;
# queries (the analysis, the dashboard) aggregate and get a larger one.
WRITE_MEMORY_LIMIT = "32MB"
READ_MEMORY_LIMIT = "256MB"

# The event columns of schema version 1 (frozen: migration 1 creates them).
EVENT_COLUMNS_V1: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("sentence_index", "INTEGER NOT NULL"),
    ("sentence", "VARCHAR NOT NULL"),
    ("char_start", "INTEGER NOT NULL"),
    ("char_end", "INTEGER NOT NULL"),
    ("date", "DATE"),
    ("date_precision", "VARCHAR NOT NULL"),
    ("source_code", "VARCHAR NOT NULL"),
    ("source_country", "VARCHAR NOT NULL"),
    ("source_sector", "VARCHAR"),
    ("source_text", "VARCHAR NOT NULL"),
    ("target_code", "VARCHAR NOT NULL"),
    ("target_country", "VARCHAR NOT NULL"),
    ("target_sector", "VARCHAR"),
    ("target_text", "VARCHAR NOT NULL"),
    ("cameo", "VARCHAR NOT NULL"),
    ("cameo_root", "VARCHAR NOT NULL"),
    ("plover", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "TINYINT"),
    ("alleged", "BOOLEAN NOT NULL"),
    ("modality", "VARCHAR NOT NULL"),
    ("trigger", "VARCHAR NOT NULL"),
    ("rule", "VARCHAR NOT NULL"),
    ("confidence", "DOUBLE NOT NULL"),
    ("lang", "VARCHAR NOT NULL"),
    ("coder_version", "VARCHAR NOT NULL"),
)
# Added by migration 2: the event a headline or lede report repeats (NULL: an event).
MENTION_OF = ("mention_of", "VARCHAR")
# The exported event fields, in order; the events table has exactly these columns.
EVENT_COLUMNS = (*EVENT_COLUMNS_V1, MENTION_OF)
EVENT_FIELDS = tuple(name for name, _ in EVENT_COLUMNS)

DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR PRIMARY KEY"),
    ("title", "VARCHAR"),
    ("url", "VARCHAR"),
    ("published", "DATE"),
    ("lang", "VARCHAR"),
    ("source", "VARCHAR"),
    ("origin", "VARCHAR NOT NULL"),
    ("status", "VARCHAR NOT NULL"),
    ("skip_reason", "VARCHAR"),
    ("text", "VARCHAR NOT NULL"),
    ("clean_text", "VARCHAR NOT NULL"),
    ("meta", "JSON"),
    ("coded_at", "TIMESTAMP NOT NULL"),
    ("coder_version", "VARCHAR NOT NULL"),
)
SENTENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR NOT NULL"),
    ("sentence_index", "INTEGER NOT NULL"),
    ("char_start", "INTEGER NOT NULL"),
    ("char_end", "INTEGER NOT NULL"),
    ("text", "VARCHAR NOT NULL"),
)
MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR NOT NULL"),
    ("sentence_index", "INTEGER NOT NULL"),
    ("char_start", "INTEGER NOT NULL"),
    ("char_end", "INTEGER NOT NULL"),
    ("text", "VARCHAR NOT NULL"),
    ("code", "VARCHAR"),  # NULL: a name that resolved to no known actor
    ("country", "VARCHAR"),
    ("sector", "VARCHAR"),
    ("kind", "VARCHAR NOT NULL"),
    ("entity_id", "VARCHAR"),
)
TABLES_V1 = {
    "documents": DOCUMENT_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "events": EVENT_COLUMNS_V1,
}
TABLES = {**TABLES_V1, "events": EVENT_COLUMNS}  # the current schema


def _create(table: str, columns: Sequence[tuple[str, str]]) -> str:
    body = ", ".join(f'"{name}" {kind}' for name, kind in columns)
    return f"CREATE TABLE {table} ({body})"


# Migrations by the schema version they lead to; each runs in one transaction.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        *(_create(table, columns) for table, columns in TABLES_V1.items()),
        "CREATE INDEX events_doc ON events (doc_id)",
        "CREATE INDEX sentences_doc ON sentences (doc_id)",
        "CREATE INDEX mentions_doc ON mentions (doc_id)",
    ],
    2: [f'ALTER TABLE events ADD COLUMN "{MENTION_OF[0]}" {MENTION_OF[1]}'],
}


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a query returns; every value is passed as a SQL parameter."""

    source: str | None = None
    target: str | None = None
    country: str | None = None
    root: str | None = None
    cameo: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    lang: str | None = None
    text: str | None = None
    doc_id: str | None = None
    mentions: bool = False  # also the repeats of an event (rows with mention_of set)

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (or '') and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        side = "({0}_code LIKE ? || '%' OR {0}_country = ?)"
        if self.source:
            add(side.format("source"), self.source.upper(), self.source.upper())
        if self.target:
            add(side.format("target"), self.target.upper(), self.target.upper())
        if self.country:
            code = self.country.upper()
            add(f"({side.format('source')} OR {side.format('target')})", code, code, code, code)
        if self.root:
            add("cameo_root = ?", self.root.zfill(2))
        if self.cameo:
            add("cameo LIKE ? || '%'", self.cameo)
        if self.since:
            add("date >= ?", self.since)
        if self.until:
            add("date <= ?", self.until)
        if self.lang:
            add("lang = ?", self.lang)
        if self.text:
            add("sentence ILIKE '%' || ? || '%'", self.text)
        if self.doc_id:
            add("doc_id = ?", self.doc_id)
        if not self.mentions:
            add("mention_of IS NULL")
        return (" WHERE " + " AND ".join(clauses) if clauses else "", params)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection | None:
    """A connection, or None while another process holds DuckDB's lock on the file (or
    this one holds it open read-only while we would write, or the other way round)."""
    limit = READ_MEMORY_LIMIT if read_only else WRITE_MEMORY_LIMIT
    try:
        return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": limit})
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            return None
        raise InputError(f"{path}: cannot open the store: {err}") from None
    except duckdb.ConnectionException as err:
        if "different configuration" in str(err):  # this process has it open the other way
            return None
        raise InputError(f"{path}: cannot open the store: {err}") from None
    except duckdb.Error as err:
        raise InputError(f"{path}: not a diplowatch store ({err})") from None


class Store:
    """A DuckDB file holding everything diplowatch has coded.

    A writable Store holds the writers' turn (store_lock.py) until it is closed, so keep
    one open only as long as the work needs it: a coding run opens it per batch.
    """

    def __init__(
        self, path: str | Path, read_only: bool = False, wait: float = DEFAULT_WAIT_SECONDS
    ) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise InputError(f"{self.path}: no such store (code some documents first)")
        self._turn: WriterLock | None = None
        if read_only:
            await_no_writer(self.path, wait)
        else:
            self._turn = WriterLock(self.path, wait)
        try:
            self.con = retry(lambda: _connect(self.path, read_only), self.path, wait)
        except BaseException:
            self._release()
            raise
        version = self.schema_version() if read_only else self._migrate()
        if read_only and 0 < version < SCHEMA_VERSION:  # an older store: upgrade it once
            self.con.close()
            with Store(self.path, wait=wait):
                pass
            self.con = retry(lambda: _connect(self.path, True), self.path, wait)
            version = SCHEMA_VERSION
        self._check_version(version)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (DuckDB checkpoints the file), then give up the turn."""
        self.con.close()
        self._release()

    def _release(self) -> None:
        if self._turn is not None:
            self._turn.release()
            self._turn = None

    # --- schema -----------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version stored in the file (0 for an empty file)."""
        try:  # one cheap query: every dashboard request opens the store and asks this
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:  # no meta table: an empty file
            return 0
        return int(row[0]) if row else 0

    def _migrate(self) -> int:
        """Bring the file to the current schema; the version it has after."""
        current = self.schema_version()
        for version in sorted(v for v in MIGRATIONS if v > current):
            with self._transaction():
                for statement in MIGRATIONS[version]:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
                )
            current = version
        return current

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: store schema version {version} is newer than this diplowatch "
                f"({__version__}, schema {SCHEMA_VERSION}); upgrade diplowatch"
            )

    # --- writing ----------------------------------------------------------------------

    def write(self, batch: Sequence[CodedDocument]) -> None:
        """Store a batch of coded documents, replacing earlier rows of the same documents.

        The batch is one transaction: after a crash either all its documents are stored
        or none; a document that appears twice in a batch is stored once (the last copy).
        """
        latest = {coded.document.doc_id: coded for coded in batch}
        if not latest:
            return
        tables = arrow_tables(list(latest.values()))
        with self._transaction():
            self.con.register("batch_ids", pa.table({"doc_id": list(latest)}))
            self._delete_documents("SELECT doc_id FROM batch_ids")
            for table, arrow in tables.items():
                self.con.register("batch_rows", arrow)
                self.con.execute(f"INSERT INTO {table} SELECT * FROM batch_rows")
                self.con.unregister("batch_rows")
            self.con.unregister("batch_ids")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """The block as one transaction: committed whole, or rolled back if it raises."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _delete_documents(self, ids: str, params: Sequence[Any] = ()) -> None:
        """Delete every row of the documents whose ids the query `ids` selects."""
        for table in ("events", "mentions", "sentences", "documents"):
            self.con.execute(f"DELETE FROM {table} WHERE doc_id IN ({ids})", params)

    def load_parquet(self, folder: Path) -> dict[str, int]:
        """Bring a folder of Parquet written by a cluster run into the store, replacing
        earlier rows of the same documents (so loading twice changes nothing)."""
        files = {
            table: [str(f) for f in sorted(folder.glob(f"{table}/**/*.parquet"))]
            for table in TABLES
        }
        if not files["documents"]:
            raise InputError(f"{folder}: no documents/*.parquet here (not a cluster run's output)")
        counts = {}
        with self._transaction():
            ids = "SELECT doc_id FROM read_parquet(?, hive_partitioning = false)"
            self._delete_documents(ids, [files["documents"]])
            for table, columns in TABLES.items():
                if not files[table]:
                    continue
                names = ", ".join(f'"{name}"' for name, _ in columns)
                counts[table] = self.con.execute(  # an INSERT answers with its row count
                    f"INSERT INTO {table} SELECT {names} FROM "
                    "read_parquet(?, hive_partitioning = false, union_by_name = true)",
                    [files[table]],
                ).fetchone()[0]
        return counts

    # --- reading ----------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a query as dicts (for the CLI and the API)."""
        cursor = self.con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def events(
        self, where: EventFilter | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Events matching a filter, newest first."""
        clause, params = (where or EventFilter()).where()
        sql = f"SELECT * FROM events{clause} ORDER BY date DESC NULLS LAST, doc_id, sentence_index"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self.query(sql, params)

    def counts(self) -> dict[str, int]:
        """Number of rows per table."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def arrow_tables(batch: Iterable[CodedDocument]) -> dict[str, pa.Table]:
    """A batch of coded documents as one Arrow table per store table."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for coded in batch:
        rows["documents"].append(_document_row(coded, now))
        doc_id = coded.document.doc_id
        rows["sentences"].extend(
            {"doc_id": doc_id, "sentence_index": s.index, "char_start": s.start,
             "char_end": s.end, "text": s.text}
            for s in coded.sentences
        )  # fmt: skip
        rows["mentions"].extend(_mention_row(doc_id, m) for m in coded.mentions)
        rows["events"].extend(event_row(e) for e in coded.events)
    return {table: _to_arrow(rows[table], TABLES[table]) for table in TABLES}


_ARROW_TYPES = {
    "VARCHAR": pa.string(), "JSON": pa.string(), "INTEGER": pa.int32(), "TINYINT": pa.int8(),
    "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(), "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}  # fmt: skip


def _to_arrow(rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> pa.Table:
    schema = pa.schema([(name, _ARROW_TYPES[kind.split()[0]]) for name, kind in columns])
    return pa.Table.from_pylist(rows, schema=schema)


def _document_row(coded: CodedDocument, now: dt.datetime) -> dict[str, Any]:
    doc = coded.document
    return {
        "doc_id": doc.doc_id, "title": doc.title, "url": doc.url, "published": doc.published,
        "lang": coded.lang, "source": doc.source, "origin": doc.origin, "status": coded.status,
        "skip_reason": coded.skip_reason, "text": doc.text, "clean_text": coded.clean_text,
        "meta": json.dumps(doc.meta, ensure_ascii=False, default=str), "coded_at": now,
        "coder_version": __version__,
    }  # fmt: skip


def _mention_row(doc_id: str, mention: Mention) -> dict[str, Any]:
    actor = mention.actor
    return {
        "doc_id": doc_id, "sentence_index": mention.sentence_index,
        "char_start": mention.start, "char_end": mention.end, "text": mention.text,
        "code": actor.code if actor else None, "country": actor.country if actor else None,
        "sector": actor.sector if actor else None, "kind": mention.kind,
        "entity_id": mention.entity_id,
    }  # fmt: skip


def event_row(event: Event) -> dict[str, Any]:
    """An event as a row of the events table (the exported fields)."""
    source, target = event.source.actor, event.target.actor
    assert source is not None and target is not None, "events are coded from resolved actors"
    return {
        "event_id": event.event_id, "doc_id": event.doc_id,
        "sentence_index": event.sentence_index, "sentence": event.sentence,
        "char_start": event.char_start, "char_end": event.char_end, "date": event.date,
        "date_precision": event.date_precision,
        "source_code": source.code, "source_country": source.country,
        "source_sector": source.sector, "source_text": event.source.text,
        "target_code": target.code, "target_country": target.country,
        "target_sector": target.sector, "target_text": event.target.text,
        "cameo": event.cameo, "cameo_root": event.cameo_root, "plover": event.plover,
        "goldstein": event.goldstein, "quad_class": event.quad_class, "alleged": event.alleged,
        "modality": event.modality, "trigger": event.trigger, "rule": event.rule,
        "confidence": event.confidence, "lang": event.lang,
        "coder_version": event.coder_version, "mention_of": event.mention_of,
    }  # fmt: skip
