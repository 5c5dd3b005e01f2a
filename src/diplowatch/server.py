"""The HTTP API and dashboard (`diplowatch serve`): every analysis as a JSON endpoint.

FastAPI validates every query parameter (dates, codes, limits) before a handler runs,
so bad input gets a 422 naming the parameter, never a 500, and the OpenAPI schema at
/openapi.json documents the lot. Each request opens the store read-only and closes
it when done, so `diplowatch code` can write to it while the server runs. All SQL
takes values as parameters. Reading is open; coding needs the server's token, and
request bodies are size-limited (`access.py`). Answers are kept until the store file
changes, and only a few are computed at once (`answer_cache.py`); what alerts rank
whatever the parameters is kept too, so a fresh alerts question is cheap
(`part_cache.py`).

The page (`web/static/`) is static: it fetches this API and draws with ECharts, which
is bundled, so the dashboard works offline. News text is untrusted: the page puts it
into the DOM only as text, and the Content-Security-Policy allows no inline script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathPart
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from diplowatch import __version__
from diplowatch.access import MAX_BODY_BYTES, BodyLimit, CodingAccess
from diplowatch.analysis.alerts import DEFAULT_GAP_DAYS, DEFAULT_LIMIT, alerts
from diplowatch.analysis.dyads import dyad_history
from diplowatch.analysis.isolation import isolation
from diplowatch.analysis.network import network
from diplowatch.analysis.periods import Span
from diplowatch.analysis.stories import DEFAULT_WINDOW_DAYS, stories, story_members
from diplowatch.answer_cache import MAX_BYTES, AnswerCache
from diplowatch.errors import InputError
from diplowatch.model import Document
from diplowatch.part_cache import PartCache
from diplowatch.pipeline import CodeOptions, code_document
from diplowatch.store import EventFilter, Store, event_row
from diplowatch.store_lock import HeldWhileIdle, StoreBusyError

READ_WAIT_SECONDS = 10.0  # a request waits this long for a coding run's batch to finish
MAX_TEXT_CHARS = 200_000  # a pasted document; longer ones are refused (422)
CODE = r"^[A-Za-z]{2,3}$"  # a country code in a query
ACTOR = r"^[A-Za-z]{2,12}$"  # an actor code or its prefix
ROOT = r"^[0-9]{1,2}$"
CAMEO = r"^[0-9]{1,4}$"
PERIOD = r"^(week|month|year)$"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

Since = Annotated[dt.date | None, Query(description="Events on or after (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Events on or before (YYYY-MM-DD).")]
By = Annotated[str, Query(pattern=PERIOD, description="Bucket: week, month or year.")]


class PastedDocument(BaseModel):
    """A document to code on the spot (nothing is stored)."""

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=1_000)
    published: dt.date | None = None
    lang: str | None = Field(default=None, pattern=r"^(de|en)$")


def _event_filter(
    source: Annotated[
        str | None, Query(pattern=ACTOR, description="Source actor or country.")
    ] = None,
    target: Annotated[
        str | None, Query(pattern=ACTOR, description="Target actor or country.")
    ] = None,
    country: Annotated[str | None, Query(pattern=ACTOR, description="Either side.")] = None,
    root: Annotated[str | None, Query(pattern=ROOT, description="CAMEO root.")] = None,
    since: Since = None,
    until: Until = None,
) -> EventFilter:
    """The filters events and stories share, validated (a FastAPI dependency)."""
    return EventFilter(source=source, target=target, country=country, root=root,
                       since=since, until=until)  # fmt: skip


def create_app(
    db: Path,
    *,
    token: str | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    cache_bytes: int = MAX_BYTES,
) -> FastAPI:
    """The app over one store (opened read-only; a missing store is a clear error).

    Without a `token` the server only reads; with one, the bearer of it may code text.
    Answers are kept up to `cache_bytes` until the store changes (0: none are kept).
    """
    Store(db, read_only=True).close()  # a missing or foreign store fails here, at start
    held = HeldWhileIdle(db, lambda: Store(db, read_only=True, wait=0))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        held.close()

    app = FastAPI(title="diplowatch", version=__version__, lifespan=lifespan,
                  description="Political events from German and English news.")  # fmt: skip
    static = resources.files("diplowatch").joinpath("web/static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @contextmanager
    def reading() -> Iterator[Store]:
        # Each request opens the store and closes it when done, so a coding run takes
        # its turn between requests (store_lock.py) and the request after its batch
        # sees the batch whole. Requests share DuckDB's open database, which `held`
        # keeps open between requests while no writer wants it, so opening costs them
        # a few ms. A user error inside becomes a 400, a store busy for too long a 503
        # (the handlers below).
        with Store(db, read_only=True, wait=READ_WAIT_SECONDS) as view:
            yield view

    access = CodingAccess(token)
    parts = PartCache(db)
    # the last added runs first: security headers, then the body limit, then kept answers
    app.add_middleware(AnswerCache, db=db, max_bytes=cache_bytes)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")), media_type="text/html")

    @app.get("/api/summary")
    def summary() -> dict[str, Any]:
        """Counts, the span of event dates and the countries in the store."""
        with reading() as view:
            span = view.query("SELECT min(date) AS first, max(date) AS last FROM events")[0]
            countries = view.query(
                "SELECT country, count(*) AS events FROM (SELECT source_country AS country "
                "FROM events UNION ALL SELECT target_country FROM events) GROUP BY country "
                "ORDER BY events DESC, country"
            )
            return {"counts": view.counts(), **span, "countries": countries,
                    "version": __version__}  # fmt: skip

    @app.get("/api/events")
    def events(
        where: Annotated[EventFilter, Depends(_event_filter)],
        cameo: Annotated[str | None, Query(pattern=CAMEO)] = None,
        lang: Annotated[str | None, Query(pattern=r"^(de|en)$")] = None,
        text: Annotated[str | None, Query(max_length=200)] = None,
        doc_id: Annotated[str | None, Query(max_length=500)] = None,
        mentions: bool = False,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """Events matching the filters, newest first, with the total that match."""
        where = replace(where, cameo=cameo, lang=lang, text=text, doc_id=doc_id,
                        mentions=mentions)  # fmt: skip
        clause, params = where.where()
        with reading() as view:
            total = view.query(f"SELECT count(*) AS n FROM events{clause}", params)[0]["n"]
            rows = view.query(
                f"SELECT * FROM events{clause} ORDER BY date DESC NULLS LAST, doc_id, "
                "sentence_index, event_id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            return {"total": total, "limit": limit, "offset": offset, "events": rows}

    @app.get("/api/stories")
    def story_list(
        where: Annotated[EventFilter, Depends(_event_filter)],
        window: Annotated[int, Query(ge=0, le=365)] = DEFAULT_WINDOW_DAYS,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        """Reports of the same real-world event merged into stories."""
        with reading() as view:
            return {"stories": stories(view, where, window, limit)}

    @app.get("/api/stories/{story_id}")
    def story(
        story_id: Annotated[str, PathPart(pattern=r"^[0-9a-f]{16}$")],
        window: Annotated[int, Query(ge=0, le=365)] = DEFAULT_WINDOW_DAYS,
    ) -> dict[str, Any]:
        """The reports that make up one story."""
        with reading() as view:
            members = story_members(view, story_id, window)
        if not members:
            raise HTTPException(status_code=404, detail=f"no story {story_id}")
        return {"story_id": story_id, "events": members}

    @app.get("/api/dyad")
    def dyad(
        a: Annotated[str, Query(pattern=CODE)],
        b: Annotated[str, Query(pattern=CODE)],
        by: By = "month",
        since: Since = None,
        until: Until = None,
    ) -> dict[str, Any]:
        """Counts by QuadClass and Goldstein per bucket, both directions."""
        with reading() as view:
            return dyad_history(view, a, b, by, Span(since, until))

    @app.get("/api/network")
    def signed_network(since: Since = None, until: Until = None) -> dict[str, Any]:
        """The signed network of states for a period, its blocs and positions."""
        with reading() as view:
            return network(view, Span(since, until))

    @app.get("/api/isolation")
    def isolation_series(
        country: Annotated[str, Query(pattern=CODE)],
        by: By = "year",
        since: Since = None,
        until: Until = None,
    ) -> dict[str, Any]:
        """Cooperative partners of a state per period and the trend."""
        with reading() as view:
            return isolation(view, country, by, Span(since, until))

    @app.get("/api/alerts")
    def alert_feed(
        since: Annotated[dt.date, Query(description="Alerts for events on or after.")],
        gap_days: Annotated[int, Query(ge=1, le=36_500)] = DEFAULT_GAP_DAYS,
        by: By = "week",
        limit: Annotated[int, Query(ge=1, le=1000)] = DEFAULT_LIMIT,
    ) -> dict[str, Any]:
        """Novelties and conflict spikes since a date, newest first."""
        with reading() as view:
            return {"alerts": alerts(view, since, gap_days, by, limit, parts)}

    @app.get("/api/documents")
    def documents(
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Documents in the store with their number of events, newest first."""
        with reading() as view:
            rows = view.query(
                "SELECT d.doc_id, d.title, d.published, d.lang, d.source, d.status, "
                "count(e.event_id) AS events FROM documents d LEFT JOIN events e "
                "USING (doc_id) GROUP BY ALL ORDER BY d.published DESC NULLS LAST, d.doc_id "
                "LIMIT ? OFFSET ?",
                [limit, offset],
            )
            return {"documents": rows}

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        """One document, its text and all its events."""
        with reading() as view:
            found = view.query(
                "SELECT doc_id, title, url, published, lang, source, origin, status, "
                "skip_reason, clean_text FROM documents WHERE doc_id = ?",
                [doc_id],
            )
            if not found:
                raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
            rows = view.events(EventFilter(doc_id=doc_id, mentions=True))
            return {"document": found[0], "events": rows}

    @app.get("/api/coding")
    def coding() -> dict[str, Any]:
        """Whether this server codes pasted text (for the bearer of its token) and how much
        a paste may hold, so the page can say so before sending."""
        return {"enabled": access.enabled, "max_text_chars": MAX_TEXT_CHARS,
                "max_body_bytes": max_body_bytes}  # fmt: skip

    @app.post("/api/code", dependencies=[Depends(access)])
    def code_text(pasted: Annotated[PastedDocument, Body()]) -> dict[str, Any]:
        """Code a pasted document on the spot and return its events (nothing is stored)."""
        document = Document(doc_id="pasted", text=pasted.text, origin="paste",
                            title=pasted.title, published=pasted.published)  # fmt: skip
        coded = code_document(document, CodeOptions(lang=pasted.lang))
        return {"status": coded.status, "lang": coded.lang, "skip_reason": coded.skip_reason,
                "events": [event_row(e) for e in coded.events]}  # fmt: skip

    @app.exception_handler(InputError)
    def input_error(_request: Request, problem: InputError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(problem)})

    @app.exception_handler(StoreBusyError)
    def store_busy(_request: Request, problem: StoreBusyError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(problem)},
                            headers={"Retry-After": "5"})  # fmt: skip

    @app.exception_handler(duckdb.OutOfMemoryException)
    def out_of_memory(_request: Request, _problem: duckdb.OutOfMemoryException) -> JSONResponse:
        # too many heavy queries at once for DuckDB's memory limit: the client may retry
        return JSONResponse(status_code=503, content={"detail": "the server is busy, retry"},
                            headers={"Retry-After": "1"})  # fmt: skip

    @app.exception_handler(RequestValidationError)
    def invalid_request(_request: Request, problem: RequestValidationError) -> JSONResponse:
        # FastAPI's own handler echoes the input and fails (a 500) on a body that is not
        # UTF-8 and not JSON; this one shows such bytes with replacement characters
        detail = jsonable_encoder(problem.errors(), custom_encoder={bytes: _lenient_text})
        return JSONResponse(status_code=422, content={"detail": detail})

    return app


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")
