"""What the sandbox's routes and middleware share: one `SandboxContext` per application.

`create_app` keeps it on ``app.state.sandbox``; a route asks for it with the `Sandbox`
dependency, the middleware reads it from ``request.app``. Nothing here is module-level
state, so several applications can live in one process (tests make many).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from court_sandbox.faults import Faults
from court_sandbox.pdfdocs import Renderer
from court_sandbox.records import Records
from court_sandbox.store import Store
from offline_queue import contract as c

#: How long a bearer token from the token endpoint stays valid.
TOKEN_LIFETIME_SECONDS = 3600

UNAUTHORISED_DETAIL = "a valid bearer token is required (POST " + c.TOKEN_PATH + ")"


class Tokens:
    """Bearer tokens the sandbox handed out (in memory: a restart forgets them, like an expiry)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._expiry: dict[str, float] = {}
        self.issued = 0

    def issue(self) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._expiry[token] = time.monotonic() + TOKEN_LIFETIME_SECONDS
            self.issued += 1
        return token

    def valid(self, token: str) -> bool:
        with self._lock:
            expiry = self._expiry.get(token)
            return expiry is not None and expiry > time.monotonic()

    def revoke_all(self) -> int:
        with self._lock:
            count = len(self._expiry)
            self._expiry.clear()
        return count


@dataclass(frozen=True)
class SandboxContext:
    """One application's store, faults, tokens and settings (``app.state.sandbox``).

    A PATCH body over `max_chunk_bytes` and an upload over `max_upload_bytes` get 413;
    `require_auth` makes a bearer token mandatory for every /api/v1 request but the token's.
    `records` and `documents` are the court records (1.2) and their PDFs; `public_url` is the base of
    the URLs a QR carries (verify, lookup page); None: the URL the request came to.
    """

    store: Store
    faults: Faults
    tokens: Tokens
    max_chunk_bytes: int
    max_upload_bytes: int
    require_auth: bool
    records: Records
    documents: Renderer
    public_url: str | None = None

    def base_url(self, request: Request) -> str:
        """Where a phone reaches this sandbox: `public_url`, or the URL the request came to."""
        return (self.public_url or str(request.base_url)).rstrip("/")

    def authorised(self, request: Request) -> bool:
        """A request without a bearer token passes unless `require_auth`; one with a token needs a valid one."""
        header = request.headers.get(c.AUTHORIZATION_HEADER)
        if header is None and not self.require_auth:
            return True
        scheme, _, token = (header or "").partition(" ")
        return scheme.lower() == "bearer" and self.tokens.valid(token.strip())

    def check_auth(self, request: Request) -> None:
        if not self.authorised(request):
            raise HTTPException(401, UNAUTHORISED_DETAIL, headers={"WWW-Authenticate": "Bearer"})


def context_of(request: Request) -> SandboxContext:
    """The context of the application handling `request`."""
    context: SandboxContext = request.app.state.sandbox
    return context


async def _sandbox(request: Request) -> SandboxContext:
    # async: a plain function would cost every request a trip to the thread pool
    return context_of(request)


#: A route's parameter ``sandbox: Sandbox`` receives its application's `SandboxContext`.
Sandbox = Annotated[SandboxContext, Depends(_sandbox)]
