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

from court_sandbox.enrolment import Enrolments
from court_sandbox.faults import Faults
from court_sandbox.pdfdocs import Renderer
from court_sandbox.pki import fingerprint
from court_sandbox.records import Records
from court_sandbox.store import Store
from court_sandbox.tls import peer_certificate as peer
from offline_queue import contract as c

#: How long a bearer token from the token endpoint stays valid.
TOKEN_LIFETIME_SECONDS = 3600

UNAUTHORISED_DETAIL = "a valid bearer token is required (POST " + c.TOKEN_PATH + ")"


class Tokens:
    """Bearer tokens the sandbox handed out (in memory: a restart forgets them, like an expiry).

    Each token is bound to the client certificate it was issued over (its SHA-256, RFC 8705's
    ``x5t#S256``; None over a connection without one): it is valid only over that certificate, so a
    token copied off a kiosk is worth nothing without the kiosk's private key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[float, str | None]] = {}
        self.issued = 0

    def issue(self, binding: str | None = None) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = (time.monotonic() + TOKEN_LIFETIME_SECONDS, binding)
            self.issued += 1
        return token

    def valid(self, token: str, binding: str | None = None) -> bool:
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None:
            return False
        expiry, bound = entry
        return expiry > time.monotonic() and bound == binding

    def revoke_all(self) -> int:
        with self._lock:
            count = len(self._tokens)
            self._tokens.clear()
        return count


@dataclass(frozen=True)
class SandboxContext:
    """One application's store, faults, tokens and settings (``app.state.sandbox``).

    A PATCH body over `max_chunk_bytes` and an upload over `max_upload_bytes` get 413;
    `require_auth` makes a bearer token mandatory for every /api/v1 request but the token's.
    `records` and `documents` are the court records (1.2) and their PDFs; `public_url` is the base of
    the URLs a QR carries (verify, lookup page); None: the URL the request came to.
    `enrolments` are the kiosk certificates (1.6); with `require_client_cert` (the sandbox served over
    mutual TLS) every /api/v1 request but an enrolment and a phone's page needs a known, unrevoked kiosk
    certificate whose CN is its X-Kiosk-Id, and bearer tokens are bound to the certificate.
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
    enrolments: Enrolments | None = None
    require_client_cert: bool = False

    def base_url(self, request: Request) -> str:
        """Where a phone reaches this sandbox: `public_url`, or the URL the request came to."""
        return (self.public_url or str(request.base_url)).rstrip("/")

    def authorised(self, request: Request) -> bool:
        """A request without a bearer token passes unless `require_auth`; one with a token needs a valid one,
        issued over the certificate this request came with."""
        header = request.headers.get(c.AUTHORIZATION_HEADER)
        if header is None and not self.require_auth:
            return True
        scheme, _, token = (header or "").partition(" ")
        return scheme.lower() == "bearer" and self.tokens.valid(token.strip(), certificate_binding(request))

    def identity_problem(self, request: Request) -> str | None:
        """With `require_client_cert`: why the court does not accept this request's kiosk (None: it does)."""
        if not self.require_client_cert:
            return None
        identity = self.enrolments.identify(peer_certificate(request)) if self.enrolments is not None else None
        if identity is None:
            return "a kiosk client certificate is required (enrol the kiosk)"
        if identity.problem is not None:
            return identity.problem
        if request.headers.get(c.KIOSK_ID_HEADER) != identity.kiosk_id:
            return "X-Kiosk-Id is not the kiosk this certificate was issued to"
        return None

    def check_auth(self, request: Request) -> None:
        if not self.authorised(request):
            raise HTTPException(401, UNAUTHORISED_DETAIL, headers={"WWW-Authenticate": "Bearer"})


def peer_certificate(request: Request) -> bytes | None:
    """The DER client certificate TLS verified for this request's connection (None: none, or plain http)."""
    return peer(request)


def certificate_binding(request: Request) -> str | None:
    """What a token issued over this request's connection is bound to: its certificate's SHA-256, or None."""
    der = peer_certificate(request)
    return fingerprint(der) if der is not None else None


def context_of(request: Request) -> SandboxContext:
    """The context of the application handling `request`."""
    context: SandboxContext = request.app.state.sandbox
    return context


async def _sandbox(request: Request) -> SandboxContext:
    # async: a plain function would cost every request a trip to the thread pool
    return context_of(request)


#: A route's parameter ``sandbox: Sandbox`` receives its application's `SandboxContext`.
Sandbox = Annotated[SandboxContext, Depends(_sandbox)]
