"""The dashboard's answers, kept until the store changes.

Why: visitors ask the same questions over and over (every first visit asks for the
summary, the first page of events, the network, last year's alerts), the heavy answers
take DuckDB hundreds of milliseconds on 100,000 events, and the store changes only when
a coding run writes to it. So the answer to a GET /api/ request is kept, byte for byte,
while the store file stays as it was: same inode, size and times, for the file and its
write-ahead log (a coding run rewrites the file when it closes the store). An answer is
kept only if the store did not change while it was computed, so none is older than the
state it is filed under.

A request for an answer that is being computed waits for it instead of computing it
again (after a coding run every open dashboard asks at once). At most `max_computing`
answers are computed at a time: on a small machine more at once only share the same
cores, each holding DuckDB memory and a worker thread, while answers already kept go
out at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from diplowatch.kept import KeptPerState, StoreState, store_state

MAX_BYTES = 64_000_000  # kept answers in all; the least recently used go first
# Answers computed at once. Measured on 2 cores over 100,000 events: as many answers per
# second at 1, 2, 4 or 8 at once (14-16.5/s), but 16 heavy queries at once ran out of
# DuckDB's 256 MB (a 500 each) where 8 did not.
MAX_COMPUTING = 4

Key = tuple[str, bytes]  # path and query string


@dataclass(frozen=True)
class Answer:
    """A whole HTTP response, as the app sent it."""

    start: Message
    body: bytes

    async def send(self, send: Send) -> None:
        # a copy of the headers: a middleware outside may add to the list it is given
        await send({**self.start, "headers": list(self.start["headers"])})
        await send({"type": "http.response.body", "body": self.body})


class AnswerCache:
    """ASGI middleware keeping the answers of GET /api/ requests per store state."""

    def __init__(
        self,
        app: ASGIApp,
        db: Path,
        max_bytes: int = MAX_BYTES,
        max_computing: int = MAX_COMPUTING,
    ) -> None:
        self.app = app
        self.db = db
        self._kept: KeptPerState[Answer] = KeptPerState(max_bytes, lambda a: len(a.body))
        self._computing = asyncio.Semaphore(max_computing)
        self._pending: dict[tuple[Key, StoreState], asyncio.Future[Answer | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable(scope):
            await self.app(scope, receive, send)
            return
        key: Key = (scope["path"], scope["query_string"])
        state = store_state(self.db)
        answer = self._kept.get(key, state)
        if answer is None:
            answer = await self._shared(key, state, scope, receive)
        await answer.send(send)

    async def _shared(self, key: Key, state: StoreState, scope: Scope, receive: Receive) -> Answer:
        """The answer being computed for the same request on the same store state, or a
        new one (also when that computation failed)."""
        pending = self._pending.get((key, state))
        if pending is not None:
            answer = await asyncio.shield(pending)
            if answer is not None:
                return answer
        future: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._pending[(key, state)] = future
        try:
            async with self._computing:
                answer = await _computed(self.app, scope, receive)
        except BaseException:
            future.set_result(None)
            raise
        finally:
            self._pending.pop((key, state), None)
        future.set_result(answer)
        if answer.start["status"] == 200 and store_state(self.db) == state:
            self._kept.keep(key, state, answer)
        return answer


def _cacheable(scope: Scope) -> bool:
    is_get = scope["type"] == "http" and scope["method"] == "GET"
    return is_get and scope["path"].startswith("/api/")


async def _computed(app: ASGIApp, scope: Scope, receive: Receive) -> Answer:
    """Run the app for a request and collect its whole response."""
    start: Message = {}
    chunks: list[bytes] = []

    async def collect(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, collect)
    return Answer(start, b"".join(chunks))
