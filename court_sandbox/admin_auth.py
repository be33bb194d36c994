"""The admin API's token: every request to the admin application carries ``X-Admin-Token``.

`AdminTokenGuard` (pure ASGI, on the admin application only) answers 401 to a request without the
token or with a wrong one before anything else reads it; `admin_token_security` documents the
header in the OpenAPI document (and checks it again, should a router ever be mounted elsewhere).
Tokens are compared with `hmac.compare_digest` and never logged.

The video console (issue 20) is a web page, and a browser cannot send that header: it signs in once with
the token (`court_sandbox.routes.video`) and gets a session (`ConsoleSessions`: a random id in an HttpOnly,
SameSite=Strict cookie, the session kept here, server-side). The guard lets the console's own paths
through with a valid session cookie instead of the token, and its page and sign-in without either (they
show or check the sign-in themselves); a WebSocket to the admin application needs the token or the cookie
too (it is refused, 403, before the route sees it).
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader
from starlette.types import ASGIApp, Receive, Scope, Send

from offline_queue import contract as c

ADMIN_UNAUTHORISED_DETAIL = f"the admin API needs the admin token in {c.ADMIN_TOKEN_HEADER}"
#: Paths of the API documentation (served only with ``docs=True``): readable without the token.
DOC_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
#: The console's page and sign-in: open to a browser without a session (they show and check the sign-in).
CONSOLE_OPEN_PATHS = frozenset({c.VIDEO_CONSOLE_PATH, c.VIDEO_CONSOLE_LOGIN_PATH})
#: The console's other paths: open with a valid session cookie instead of the token.
_CONSOLE_SESSION_PATH = re.compile(
    "|".join(re.escape(p) for p in (c.VIDEO_CONSOLE_SCRIPT_PATH, c.VIDEO_CONSOLE_LOGOUT_PATH,
                                    c.VIDEO_CONSOLE_CONFIG_PATH, c.VIDEO_CONSOLE_WS_PATH,
                                    c.VIDEO_CONSOLE_BOOKINGS_PATH))
    + "|" + re.escape(c.VIDEO_CONSOLE_RECORDING_PATH).replace(re.escape("{call_id}"), "[^/]+"))
#: A console session lasts a working day; signing in again makes a new one.
CONSOLE_SESSION_SECONDS = 12 * 3600
#: At most this many console sessions at once (the oldest goes first).
MAX_CONSOLE_SESSIONS = 256


def new_admin_token() -> str:
    return secrets.token_urlsafe(32)


def token_matches(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


@dataclass(frozen=True)
class ConsoleSession:
    session_id: str
    name: str  # the display name the console signed in with (a desk or a judge; never an ID number)
    expires: float  # time.monotonic()


class ConsoleSessions:
    """The video console's sessions (in memory: a restart signs every console out)."""

    def __init__(self, lifetime: float = CONSOLE_SESSION_SECONDS) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, ConsoleSession] = {}
        self._lifetime = lifetime

    def open(self, name: str) -> ConsoleSession:
        session = ConsoleSession(secrets.token_urlsafe(32), name, time.monotonic() + self._lifetime)
        with self._lock:
            self._drop_expired()
            while len(self._sessions) >= MAX_CONSOLE_SESSIONS:
                del self._sessions[next(iter(self._sessions))]
            self._sessions[session.session_id] = session
        return session

    def get(self, session_id: str | None) -> ConsoleSession | None:
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
        return session if session is not None and session.expires > time.monotonic() else None

    def close(self, session_id: str | None) -> None:
        with self._lock:
            self._sessions.pop(session_id or "", None)

    def _drop_expired(self) -> None:
        now = time.monotonic()
        for key in [k for k, s in self._sessions.items() if s.expires <= now]:
            del self._sessions[key]


def cookie_value(headers: list[tuple[bytes, bytes]] | tuple, name: str) -> str | None:
    """The value of cookie `name` in an ASGI scope's headers (None: absent or unreadable)."""
    for key, value in headers:
        if key.lower() != b"cookie":
            continue
        try:
            jar = SimpleCookie(value.decode("latin-1"))
        except CookieError:
            continue
        if name in jar:
            return jar[name].value
    return None


class AdminTokenGuard:
    """401 for every HTTP request to the admin application without the right admin token (403 for a
    WebSocket); the video console's paths with a valid session cookie instead (see the module doc)."""

    def __init__(self, app: ASGIApp, token: str, docs: bool = False,
                 console_sessions: ConsoleSessions | None = None) -> None:
        if not token:
            raise ValueError("the admin token must not be empty")
        self.app = app
        self._token = token
        self._docs = docs
        self._console = console_sessions

    def _allowed(self, scope: Scope) -> bool:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path in CONSOLE_OPEN_PATHS or (self._docs and path in DOC_PATHS)):
            return True
        headers = scope.get("headers", ())
        wanted = c.ADMIN_TOKEN_HEADER.lower().encode("latin-1")
        given = next((v for k, v in headers if k.lower() == wanted), None)
        if given is not None and token_matches(self._token, given.decode("latin-1")):
            return True
        return (self._console is not None and _CONSOLE_SESSION_PATH.fullmatch(path) is not None
                and self._console.get(cookie_value(headers, c.VIDEO_CONSOLE_COOKIE)) is not None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await receive()  # websocket.connect; closing before accepting answers the handshake with 403
            await send({"type": "websocket.close", "code": 1008})
            return
        body = json.dumps({"detail": ADMIN_UNAUTHORISED_DETAIL}).encode("utf-8")
        await send({"type": "http.response.start", "status": 401, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("ascii")),
            (b"www-authenticate", c.ADMIN_TOKEN_HEADER.encode("latin-1")),
        ]})
        await send({"type": "http.response.body", "body": body})


_header = APIKeyHeader(name=c.ADMIN_TOKEN_HEADER, auto_error=False, scheme_name="AdminToken",
                       description="The admin token (`<db>.admin-token`, or what the operator was given).")


async def admin_token_security(request: Request, token: Annotated[str | None, Depends(_header)]) -> None:
    """The admin token in ``X-Admin-Token``: 401 without it or with a wrong one."""
    expected = getattr(request.app.state, "admin_token", None)
    if not expected or not token_matches(expected, token):
        raise HTTPException(401, ADMIN_UNAUTHORISED_DETAIL, headers={"WWW-Authenticate": c.ADMIN_TOKEN_HEADER})
