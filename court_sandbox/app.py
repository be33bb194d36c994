"""The court sandbox: a reference court backend implementing `offline_queue.contract`.

`create_app(db_path)` builds the FastAPI application from the routers in `court_sandbox.routes`
(one per resource) and the middleware in `court_sandbox.middleware`; the admin API is a second
application on the same state (``app.state.admin_app``: its own port, the admin token). Their joint
OpenAPI document (``court_sandbox/openapi.json``, `court_sandbox.server.document`, checked by a test)
is the contract: the routers are included in the order of its paths.

Logs carry request, correlation and kiosk ids, method, path, status and time;
never a body (names, ID numbers, claims).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.types import Receive, Scope, Send

from court_sandbox.admin_auth import AdminTokenGuard, ConsoleSessions, admin_token_security, new_admin_token
from court_sandbox.context import SandboxContext, Tokens
from court_sandbox.demo import DEMO_ID_NUMBER
from court_sandbox.enrolment import Enrolments
from court_sandbox.faults import Faults, describe_faults, spec_from_env
from court_sandbox.limits import DEFAULT_MAX_BODY_BYTES, BodyLimit
from court_sandbox.middleware import TRANSPORT_KEY, trace_and_faults, validation_failed
from court_sandbox.pdfdocs import Renderer
from court_sandbox.pki import KioskCA
from court_sandbox.private import private_dir
from court_sandbox.purge import DEFAULT_RETENTION_DAYS
from court_sandbox.records import QUERY_LOCK_SECONDS, Records
from court_sandbox.routes import (
    admin,
    auth,
    cases,
    filings,
    health,
    heartbeat,
    lookup,
    messages,
    payments,
    policy,
    records,
    staff_cards,
    uploads,
)
from court_sandbox.routes import audit as audit_routes
from court_sandbox.routes import enrol as enrol_routes
from court_sandbox.routes import staff_calls as staff_call_routes
from court_sandbox.routes import tickets as ticket_routes
from court_sandbox.routes import video as video_routes
from court_sandbox.routes import video_bookings as video_booking_routes
from court_sandbox.routes.common import trace_headers
from court_sandbox.store import Store
from court_sandbox.tickets import Tickets
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

#: The largest PATCH body the sandbox accepts by default (a larger one: 413, the client halves its chunks).
DEFAULT_MAX_CHUNK_BYTES = 1024 * 1024

#: The kiosk's routers, in the order of the OpenAPI document's paths (the admin API's come after them).
_PUBLIC_ROUTERS = (
    health.router,
    policy.router,
    filings.router,
    cases.router,
    payments.router,
    messages.router,
    heartbeat.router,
    auth.router,
    uploads.router,
    records.router,
    lookup.router,
    ticket_routes.router,
    staff_call_routes.router,
    audit_routes.router,
    enrol_routes.router,
    staff_cards.router,
    video_routes.router,
    video_booking_routes.router,
)
#: The admin API's routers (served by the admin application only, on its own port, with the admin token).
_ADMIN_ROUTERS = (
    admin.router,
    records.admin_router,
    ticket_routes.admin_router,
    staff_call_routes.admin_router,
    audit_routes.admin_router,
    enrol_routes.admin_router,
    staff_cards.admin_router,
    video_routes.admin_router,
    video_booking_routes.admin_router,
)
_DOC_URLS = {"docs_url": "/docs", "redoc_url": "/redoc", "openapi_url": "/openapi.json"}
_NO_DOCS = dict.fromkeys(_DOC_URLS)


class _SandboxApp(FastAPI):
    """FastAPI that remembers each request's connection, so a fault can close it without an answer."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            # uvicorn's `send` is a method of the request cycle (of the WebSocket protocol), which holds the
            # connection's transport (its TLS client certificate: a kiosk's signalling socket is checked too).
            scope[TRANSPORT_KEY] = getattr(getattr(send, "__self__", None), "transport", None)
        await super().__call__(scope, receive, send)


def create_app(
    db_path: str,
    *,
    clock: Callable[[], datetime] | None = None,
    faults: c.FaultSpec | None = None,
    uploads_dir: str | None = None,
    max_chunk_bytes: int = DEFAULT_MAX_CHUNK_BYTES,
    max_upload_bytes: int = c.MAX_UPLOAD_LENGTH,
    require_auth: bool = False,
    require_client_cert: bool = False,
    kiosk_ca=None,
    print_limits: c.PrintLimits | None = None,
    query_lock_seconds: int = QUERY_LOCK_SECONDS,
    public_url: str | None = None,
    demo_people: tuple[str, ...] = (DEMO_ID_NUMBER,),
    documents_dir: str | None = None,
    admin_token: str | None = None,
    docs: bool = False,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    video_recording: bool = False,
    video_ice_servers: Sequence[Mapping[str, Any]] = (),
) -> FastAPI:
    """The sandbox application on the SQLite database at `db_path` (created and seeded if new).

    `clock` (an aware datetime factory) lets tests pick the time, e.g. the case number year.
    `faults` are injected from the start (default: from ``KIOSK_SANDBOX_FAULTS``, see
    `court_sandbox.faults`); the admin API changes them later. ``app.state.faults`` is the
    `Faults` object (``.counts`` says what was injected).

    Uploads: files are kept in `uploads_dir` (default ``<db_path>.uploads``); a PATCH body over
    `max_chunk_bytes` and an upload over `max_upload_bytes` get 413. ``/api/v1`` requests that carry a
    bearer token must carry a valid one (401 otherwise); `require_auth` makes a token mandatory for
    all of them but the token endpoint.
    ``app.state.tokens`` counts the tokens issued (``.issued``).

    Court records (1.2, `court_sandbox.records`): `print_limits` (default `PrintLimits()`), the lock
    after too many wrong query codes (`query_lock_seconds`), the base of the URLs a QR carries
    (`public_url`; default: the URL a request came to), the people whose demo cases are seeded when
    first asked for (`demo_people`, `court_sandbox.demo`; ``()``: none), and where rendered PDFs are
    cached (`documents_dir`, default ``<db_path>.documents``).

    The routes reach all of this through ``app.state.sandbox`` (a `SandboxContext`).

    Hardening (issue 17): the returned application is the public (kiosk-facing) one; the admin API is
    ``app.state.admin_app``, a second application on the same state, every request of which needs
    ``X-Admin-Token`` equal to `admin_token` (``app.state.admin_token``; default: a new random one).
    Request bodies over `max_body_bytes` (an upload chunk: over `max_chunk_bytes` plus a little) get 413
    (`court_sandbox.limits`). `docs`: serve /docs, /redoc and /openapi.json (demo only).
    ``app.state.retention`` (`retention_days`) is how long finished records are kept (`court_sandbox.purge`).

    Remote video (issue 20, `court_sandbox.routes.video`): ``app.state.video`` is the call hub; the console may
    record a call whose litigant consented only with `video_recording`; `video_ice_servers` (RTCIceServer
    dicts, default none) are what the console page's peer connections use. ``app.state.console_sessions``
    are the video console's sign-ins (a session cookie on the admin application's console paths).
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    store = Store(db_path, clock, uploads_dir=uploads_dir)
    records_ = Records(store, print_limits=print_limits, query_lock_seconds=query_lock_seconds,
                       demo_people=demo_people)
    documents_dir = documents_dir if documents_dir is not None else f"{db_path}.documents"
    documents = Renderer(private_dir(documents_dir))
    tokens = Tokens()
    initial = faults if faults is not None else spec_from_env()
    faults_ = Faults(initial)
    if initial is not None and initial != c.FaultSpec():
        log.warning("faults injected at start-up: %s", describe_faults(initial))
    app = _SandboxApp(
        title="Court sandbox",
        version=c.CONTRACT_VERSION,
        summary="Reference court backend for the litigation-hall kiosk",
        description=(
            "Implements the kiosk <-> court contract (offline_queue.contract): policy, fee calculation, "
            "idempotent filing submission with fee notices, resumable uploads, payment orders, messages, "
            "heartbeats, filing status and case search, court records (case detail and file, reading, served "
            "documents as PDF, print records and their verification, materials, lookup codes), plus an admin "
            "API to decide reviews, payments and reading applications, add case events and inject faults. "
            "Every write carries an Idempotency-Key; every request carries X-Request-Id, X-Correlation-Id "
            "and X-Kiosk-Id. Money is a decimal string."
        ),
        **(_DOC_URLS if docs else _NO_DOCS),
    )
    app.state.admin_token = admin_token or new_admin_token()
    app.state.retention = timedelta(days=retention_days)
    app.state.store = store
    app.state.faults = faults_
    app.state.tokens = tokens
    app.state.tickets = Tickets(store)  # queue tickets (1.3): court_sandbox.routes.tickets
    app.state.staff_calls = staff_call_routes.StaffCalls(store)  # call staff: court_sandbox.routes.staff_calls
    app.state.audit = audit_routes.AuditTrail(store)  # staff audit trails (1.5): court_sandbox.routes.audit
    # remote video (issue 20): the call hub, and the video console's sign-ins: court_sandbox.routes.video
    app.state.video = video_routes.VideoHub(store, recording=video_recording, ice_servers=video_ice_servers)
    app.state.console_sessions = ConsoleSessions()
    app.state.video_bookings = video_booking_routes.VideoBookings(store, records_, app.state.video.online)  # 判后答疑
    app.state.sandbox = SandboxContext(
        store=store,
        faults=faults_,
        tokens=tokens,
        max_chunk_bytes=max_chunk_bytes,
        max_upload_bytes=max_upload_bytes,
        require_auth=require_auth,
        enrolments=Enrolments(store, kiosk_ca if kiosk_ca is not None else KioskCA.load_or_create(f"{db_path}.pki")),
        require_client_cert=require_client_cert,
        records=records_,
        documents=documents,
        public_url=public_url,
    )

    # Middleware, innermost first: body limits, (admin: the admin token), tracing and faults.
    app.add_middleware(BodyLimit, max_body_bytes=max_body_bytes, max_chunk_bytes=max_chunk_bytes)
    app.middleware("http")(trace_and_faults)
    app.exception_handler(RequestValidationError)(validation_failed)
    # Every route documents the tracing headers.
    for router in _PUBLIC_ROUTERS:
        app.include_router(router, dependencies=[Depends(trace_headers)])
    app.include_router(video_routes.signal_router)  # the kiosk's signalling WebSocket (not in the OpenAPI document)
    app.state.admin_app = _admin_app(app, docs=docs, max_body_bytes=max_body_bytes)
    return app


def _admin_app(public: FastAPI, *, docs: bool, max_body_bytes: int) -> FastAPI:
    """The admin API on the public application's state (served on its own port)."""
    admin_app = _SandboxApp(
        title="Court sandbox admin API",
        version=c.CONTRACT_VERSION,
        summary="Decide reviews, payments and reading applications, add case events, inject faults",
        description=f"Every request needs the admin token in {c.ADMIN_TOKEN_HEADER}.",
        **(_DOC_URLS if docs else _NO_DOCS),
    )
    admin_app.state = public.state  # one state: store, faults, tokens, tickets, ..., and what is added later
    admin_app.add_middleware(BodyLimit, max_body_bytes=max_body_bytes)
    admin_app.add_middleware(AdminTokenGuard, token=public.state.admin_token, docs=docs,
                             console_sessions=public.state.console_sessions)
    admin_app.middleware("http")(trace_and_faults)
    admin_app.exception_handler(RequestValidationError)(validation_failed)
    for router in _ADMIN_ROUTERS:
        admin_app.include_router(router, dependencies=[Depends(trace_headers), Depends(admin_token_security)])
    # The video console: a page for a browser, which signs in for a session cookie instead of the token.
    admin_app.include_router(video_routes.console_router)
    admin_app.include_router(video_booking_routes.console_router)
    return admin_app
