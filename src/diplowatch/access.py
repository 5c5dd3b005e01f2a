"""Who may code on the server, and how much a request may send.

The dashboard server reads the store for anyone who can reach it (on 127.0.0.1 by
default), but coding runs the whole pipeline on the caller's text, so it is open only to
the bearer of the token the server was started with: without one the server is
read-only. A body size limit keeps a client from making the server buffer more than a
pasted document needs.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1_000_000  # a pasted document of 200,000 characters fits, JSON and all
TOKEN_ENV = "DIPLOWATCH_TOKEN"
# auto_error=False: the missing and the wrong token get the same answer, from CodingAccess
BEARER = HTTPBearer(auto_error=False, description=f"The token of `serve --token` or ${TOKEN_ENV}.")


class CodingAccess:
    """A FastAPI dependency for the endpoints that code: 401 unless the request carries
    the server's token as `Authorization: Bearer TOKEN`; always 401 on a server started
    without one (read-only)."""

    def __init__(self, token: str | None) -> None:
        # bytes: compare_digest refuses str with non-ASCII characters (a 500, not a 401)
        self.token = token.encode() if token else None

    @property
    def enabled(self) -> bool:
        """Whether anyone may code here (the server has a token)."""
        return self.token is not None

    async def __call__(
        self, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
    ) -> None:
        if self.token is None:
            raise _unauthorized(
                "coding is disabled: this server is read-only. Start it with "
                f"`diplowatch serve --token TOKEN` (or ${TOKEN_ENV}) to allow it."
            )
        # headers arrive decoded as latin-1: back to their bytes, then a constant-time test
        given = credentials.credentials.encode("latin-1") if credentials else b""
        if not hmac.compare_digest(given, self.token):
            raise _unauthorized("coding needs this server's token: `Authorization: Bearer TOKEN`")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` gets a 413 and never reaches the
    app. A declared Content-Length over the limit is refused before any of the body is
    read; a chunked body is read only until it passes the limit. A body within it is
    handed on whole (the app would read it whole anyway)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = await self._read(receive)
        if received is None:
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, _replay(received, receive), send)

    async def _read(self, receive: Receive) -> list[Message] | None:
        """The messages of the whole body (or up to the client leaving), or None as soon
        as the body passes the limit."""
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":  # gone: the app sees it as it was
                return messages
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return None
            if not message.get("more_body", False):
                return messages

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"request body over the server's limit of {self.max_bytes:,} bytes"
        await JSONResponse({"detail": detail}, status_code=413)(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives the messages already read, in order, then what the client
    sends next (its disconnect, which streaming responses wait for)."""
    pending = iter(messages)

    async def replayed() -> Message:
        return next(pending, None) or await receive()

    return replayed


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False
