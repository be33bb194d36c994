"""The sandbox's HTTP middleware (tracing, access log, auth, fault injection) and its answer to
a request that does not validate.

Logs carry request, correlation and kiosk ids, method, path, status and time;
never a body (names, ID numbers, claims).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.responses import Response

from court_sandbox.context import UNAUTHORISED_DETAIL, context_of
from court_sandbox.faults import NO_FAULT, Injection, fault_response
from court_sandbox.tls import TRANSPORT_KEY
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")
access_log = logging.getLogger("court_sandbox.access")

#: Scope keys: the connection's transport (to close it without an answer), a close asked for by a route.
CLOSE_KEY = "court_sandbox.close"
#: Public /api/v1 paths (what a phone opens from a QR): no bearer token needed even with require_auth.
PUBLIC_PREFIXES = (c.VERIFY_PATH.split("{")[0], c.LOOKUP_PATH.split("{")[0])
#: Enrolment needs no client certificate (the kiosk has none yet): the one-time code is its credential.
_ENROL = re.compile(re.escape(c.ENROL_PATH).replace(re.escape("{kiosk_id}"), "[^/]+"))


def _clean(value: str | None) -> str:
    """A client-supplied id made safe for a log line: printable, no spaces, at most 128 characters."""
    if not value:
        return ""
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace())[:128]


def _is_idempotency_key_error(error: dict[str, Any]) -> bool:
    loc = error.get("loc") or ()
    return len(loc) >= 2 and loc[0] == "header" and str(loc[1]).lower() == c.IDEMPOTENCY_KEY_HEADER.lower()


async def _close_connection(request: Request) -> bool:
    """Close the request's TCP connection without an answer; False when the server does not say how."""
    transport = request.scope.get(TRANSPORT_KEY)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    # Let the server notice (connection_lost) so it sends nothing and does not complain.
    for _ in range(3):
        await asyncio.sleep(0)
    return True


async def trace_and_faults(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Every request: its ids, auth, the faults that apply, and one access log line."""
    sandbox = context_of(request)
    faults = sandbox.faults
    started = time.perf_counter()
    request_id = _clean(request.headers.get(c.REQUEST_ID_HEADER)) or str(uuid.uuid4())
    correlation_id = _clean(request.headers.get(c.CORRELATION_ID_HEADER)) or request_id
    kiosk_id = _clean(request.headers.get(c.KIOSK_ID_HEADER)) or "-"
    path = request.url.path
    api = path.startswith(c.API_PREFIX + "/")
    faulted = api and faults.applies_to(path)
    note = ""
    if faulted and faults.latency:
        await asyncio.sleep(faults.latency)
    plan = faults.plan() if faulted else NO_FAULT
    injected: Injection | None = plan.now
    # Over mutual TLS the kiosk's certificate is checked first (all of /api/v1 but an enrolment and a phone's
    # pages); then every /api/v1 request but the token's is checked here; a PATCH checks after reading its body.
    public = path.startswith(PUBLIC_PREFIXES) or _ENROL.fullmatch(path) is not None
    problem = sandbox.identity_problem(request) if injected is None and api and not public else None
    if problem is not None:
        response = JSONResponse({"detail": problem}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        note = " (kiosk certificate refused)"
    elif injected is None and api and path != c.TOKEN_PATH and request.method != "PATCH" and not public and (
        not sandbox.authorised(request)
    ):
        response = JSONResponse(
            {"detail": UNAUTHORISED_DETAIL}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
        note = " (unauthorised)"
    elif injected is None:
        try:
            response = await call_next(request)
        except sqlite3.OperationalError as exc:
            log.error("storage busy or failing (%s) request_id=%s", type(exc).__name__, request_id)
            response = JSONResponse(
                {"detail": "storage temporarily unavailable"},
                status_code=503,
                headers={c.RETRY_AFTER_HEADER: "1"},
            )
        except Exception as exc:  # never let a traceback (which may quote data) reach the server log
            log.error("unhandled %s request_id=%s", type(exc).__name__, request_id)
            response = JSONResponse({"detail": "internal error"}, status_code=500)
        if faulted:
            injected = faults.after(plan)
            if request.scope.get(CLOSE_KEY):  # a route asked (fail_next during, action close)
                injected = Injection("fail_next", close=True)
        if injected is not None:
            body_iterator = getattr(response, "body_iterator", None)
            if body_iterator is not None:  # drain the real answer before replacing it
                async for _ in body_iterator:
                    pass
            note = " (handled, answer replaced by injected fault)"
    else:
        note = " (injected)"
    if injected is not None:
        response = fault_response(injected)
        if injected.close and await _close_connection(request):
            note += f" ({injected.kind}: connection closed without an answer)"
        elif injected.close:
            note += f" ({injected.kind}: cannot close this connection; answered instead)"
        else:
            note += f" ({injected.kind})"
    response.headers[c.REQUEST_ID_HEADER] = request_id
    response.headers[c.CORRELATION_ID_HEADER] = correlation_id
    access_log.info(
        "%s %s -> %d %.1f ms request_id=%s correlation_id=%s kiosk_id=%s%s",
        request.method,
        path,
        response.status_code,
        (time.perf_counter() - started) * 1000,
        request_id,
        correlation_id,
        kiosk_id,
        note,
    )
    return response


async def validation_failed(request: Request, exc: RequestValidationError) -> JSONResponse:
    """400 for a missing or bad Idempotency-Key; otherwise 422 saying where and what, never the values."""
    errors = list(exc.errors())
    if any(_is_idempotency_key_error(e) for e in errors):
        detail = (
            f"{c.IDEMPOTENCY_KEY_HEADER} header is required (1-{c.IDEMPOTENCY_KEY_MAX_LENGTH} characters)"
        )
        return JSONResponse({"detail": detail}, status_code=400)
    # Only where and what: never the input values (they may be ID numbers).
    items = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]
    return JSONResponse({"detail": items}, status_code=422)
