"""What the sandbox's routers share: documented error answers, path parameters, the tracing and
Idempotency-Key headers, and the Idempotency-Key rules of a PUT (`idempotent_put`)."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header, HTTPException, Path, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from court_sandbox.context import SandboxContext
from court_sandbox.faults import fault_response
from court_sandbox.middleware import CLOSE_KEY
from court_sandbox.store import Refused
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": c.ErrorBody, "description": "Bad request (e.g. a write without an Idempotency-Key)"},
    403: {"model": c.ErrorBody, "description": "Not allowed: a wrong query code, no reading grant, a print limit"},
    404: {"model": c.ErrorBody, "description": "No such filing"},
    401: {"model": c.ErrorBody, "description": "The bearer token is unknown or expired: get a new one and retry"},
    409: {"model": c.ErrorBody, "description": "Conflict: retry later (Retry-After) or already decided"},
    413: {"model": c.ErrorBody, "description": "The request body is too large: send smaller chunks"},
    415: {"model": c.ErrorBody, "description": f"A PATCH body must be {c.UPLOAD_CONTENT_TYPE}"},
    422: {"model": c.ErrorBody, "description": "The request is not acceptable; do not retry it unchanged"},
    429: {"model": c.ErrorBody, "description": "Too many wrong query codes: locked for Retry-After seconds"},
    503: {"model": c.ErrorBody, "description": "Temporarily unavailable; retry later (Retry-After)"},
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers with these status codes (for a route's ``responses``)."""
    return {code: _ERRORS[code] for code in codes}


FilingId = Annotated[str, Path(pattern=c.FILING_ID_PATTERN, description="Client-chosen filing id")]
UploadId = Annotated[str, Path(pattern=c.UPLOAD_ID_PATTERN, description="Client-chosen upload id")]
PaymentId = Annotated[str, Path(pattern=c.FILING_ID_PATTERN, description="Client-chosen payment order id")]
MessageId = Annotated[str, Path(pattern=c.FILING_ID_PATTERN, description="Client-chosen message id")]
KioskId = Annotated[str, Path(min_length=1, max_length=64, description="The kiosk's id")]


def trace_headers(
    x_request_id: Annotated[
        str | None, Header(alias=c.REQUEST_ID_HEADER, description="Unique per HTTP request (uuid4)")
    ] = None,
    x_correlation_id: Annotated[
        str | None,
        Header(alias=c.CORRELATION_ID_HEADER, description="Names the business operation across retries"),
    ] = None,
    x_kiosk_id: Annotated[
        str | None, Header(alias=c.KIOSK_ID_HEADER, description="The calling kiosk")
    ] = None,
) -> None:
    """Documents the tracing headers every request carries (the middleware reads and logs them)."""


def idempotency_key_header(what: str) -> Any:
    """The Idempotency-Key header of an idempotent write (FastAPI answers 400 without it)."""
    return Annotated[
        str,
        Header(
            alias=c.IDEMPOTENCY_KEY_HEADER,
            min_length=1,
            max_length=c.IDEMPOTENCY_KEY_MAX_LENGTH,
            description=f"One key per {what}, reused on every retry (400 without it)",
        ),
    ]


def _fingerprint(method: str, path: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"method": method, "path": path, "body": body},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def idempotent_put(
    sandbox: SandboxContext,
    request: Request,
    key: str,
    path: str,
    ids: tuple[str, str, str],
    body: dict[str, Any],
    what: str,
    create: Callable[[str], tuple[int, dict[str, Any]]],
) -> Response:
    """The Idempotency-Key rules around a PUT of a client-named resource: the id in the path must be
    the body's (`ids`: name, path value, body value); replay the first answer, 409 while the first
    request is in progress, 422 for the key with another body; a refusal or a failure is never
    stored. `create(fingerprint)` makes the resource and records the answer with the key."""
    store, faults = sandbox.store, sandbox.faults
    name, in_path, in_body = ids
    if in_path != in_body:
        raise HTTPException(422, f"{name} in the body differs from the path")
    fingerprint = _fingerprint("PUT", path, body)
    claim = store.claim_key(key, fingerprint)
    if claim.outcome == "mismatch":
        raise HTTPException(422, f"{c.IDEMPOTENCY_KEY_HEADER} was already used with a different request")
    if claim.outcome == "in_progress":
        raise HTTPException(
            409,
            f"a request with this {c.IDEMPOTENCY_KEY_HEADER} is still in progress",
            headers={c.RETRY_AFTER_HEADER: "1"},
        )
    if claim.outcome == "replay":
        return JSONResponse(claim.body, status_code=200, headers={c.IDEMPOTENT_REPLAYED_HEADER: "true"})
    try:
        if faults.hold:
            time.sleep(faults.hold)
        spec = faults.take("during")
        if spec is not None:
            store.release_key(key)
            if spec.action == "close":
                request.scope[CLOSE_KEY] = True
            return fault_response(spec)
        status_code, answer = create(fingerprint)
    except Refused as exc:
        store.release_key(key)
        raise HTTPException(exc.status, exc.detail, headers=getattr(exc, "headers", None)) from exc
    except BaseException:
        store.release_key(key)
        raise
    log.info("%s received (%d)", what, status_code)
    headers = {c.IDEMPOTENT_REPLAYED_HEADER: "true"} if status_code == 200 else None
    return JSONResponse(answer, status_code=status_code, headers=headers)
