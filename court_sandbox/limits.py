"""Request body size limits (pure ASGI, outside the routes).

`BodyLimit` refuses a request body over its limit with 413 ``{"detail": ...}``:
- up front, by ``Content-Length`` (the body is then read and discarded up to `DRAIN_BYTES` so the
  client, still sending, gets the answer instead of a reset; a bigger one is answered and the
  connection closed);
- a body without ``Content-Length`` (chunked) is counted as it arrives, kept up to the limit and
  handed to the route only once it is known to fit.

The upload chunk path (PATCH `c.UPLOAD_PATH`) allows the context's ``max_chunk_bytes`` plus
`CHUNK_SLACK` (the route itself answers 413 from ``max_chunk_bytes``); every other path
`max_body_bytes` (default `DEFAULT_MAX_BODY_BYTES`).
"""

from __future__ import annotations

import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
#: What a chunk PATCH may carry beyond max_chunk_bytes before the middleware (not the route) refuses it.
CHUNK_SLACK = 64 * 1024
#: How much of a refused body is read and dropped so the client sees the 413.
DRAIN_BYTES = 4 * 1024 * 1024

_UPLOAD_PREFIX = c.UPLOAD_PATH.split("{")[0]


class _TooLarge(Exception):
    pass


class BodyLimit:
    """413 for a request body over its path's limit (see the module doc)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 max_chunk_bytes: int | None = None) -> None:
        if max_body_bytes < 1:
            raise ValueError("max_body_bytes must be positive")
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_chunk_bytes = max_chunk_bytes

    def limit_for(self, method: str, path: str) -> int:
        if method == "PATCH" and path.startswith(_UPLOAD_PREFIX) and self.max_chunk_bytes is not None:
            return max(self.max_chunk_bytes + CHUNK_SLACK, self.max_body_bytes)
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("method", "GET"), scope.get("path", ""))
        headers = dict(scope.get("headers", ()))
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1  # the server (h11) refuses a malformed Content-Length before we get here
            if length > limit:
                await self._drain(receive, DRAIN_BYTES)
                await self._refuse(scope, send, limit)
                return
            await self.app(scope, receive, send)
            return
        if headers.get(b"transfer-encoding", b"").lower() != b"chunked":
            await self.app(scope, receive, send)
            return
        # Chunked: read it all (up to the limit) before the route sees any of it.
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                messages.append(message)
                break
            size += len(message.get("body", b""))
            if size > limit:
                if message.get("more_body", False):
                    await self._drain(receive, DRAIN_BYTES)
                await self._refuse(scope, send, limit)
                return
            messages.append(message)
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _drain(receive: Receive, budget: int) -> None:
        dropped = 0
        while dropped <= budget:
            message = await receive()
            if message["type"] != "http.request":
                return
            dropped += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    @staticmethod
    async def _refuse(scope: Scope, send: Send, limit: int) -> None:
        log.warning("request body over %d bytes refused: %s %s", limit, scope.get("method"), scope.get("path"))
        body = json.dumps({"detail": f"the request body may be at most {limit} bytes"}).encode("utf-8")
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
        ]})
        await send({"type": "http.response.body", "body": body})
