"""The court sandbox: a reference court backend implementing `offline_queue.contract`.

`create_app(db_path)` builds the FastAPI application. Its OpenAPI document
(``court_sandbox/openapi.json``, checked by a test) is the contract.

Logs carry request, correlation and kiosk ids, method, path, status and time;
never a body (names, ID numbers, claims).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import json
import logging
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from court_sandbox import fees
from court_sandbox.faults import NO_FAULT, Faults, Injection, fault_response, spec_from_env
from court_sandbox.store import OffsetMismatch, Refused, Store, case_fee
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")
access_log = logging.getLogger("court_sandbox.access")

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": c.ErrorBody, "description": "Bad request (e.g. a write without an Idempotency-Key)"},
    404: {"model": c.ErrorBody, "description": "No such filing"},
    401: {"model": c.ErrorBody, "description": "The bearer token is unknown or expired: get a new one and retry"},
    409: {"model": c.ErrorBody, "description": "Conflict: retry later (Retry-After) or already decided"},
    413: {"model": c.ErrorBody, "description": "The request body is too large: send smaller chunks"},
    415: {"model": c.ErrorBody, "description": f"A PATCH body must be {c.UPLOAD_CONTENT_TYPE}"},
    422: {"model": c.ErrorBody, "description": "The request is not acceptable; do not retry it unchanged"},
    503: {"model": c.ErrorBody, "description": "Temporarily unavailable; retry later (Retry-After)"},
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: _ERRORS[code] for code in codes}


FilingId = Annotated[str, Path(pattern=c.FILING_ID_PATTERN, description="Client-chosen filing id")]
UploadId = Annotated[str, Path(pattern=c.UPLOAD_ID_PATTERN, description="Client-chosen upload id")]
PaymentId = Annotated[str, Path(pattern=c.FILING_ID_PATTERN, description="Client-chosen payment order id")]
MessageId = Annotated[str, Path(pattern=c.FILING_ID_PATTERN, description="Client-chosen message id")]
KioskId = Annotated[str, Path(min_length=1, max_length=64, description="The kiosk's id")]

#: The largest PATCH body the sandbox accepts by default (a larger one: 413, the client halves its chunks).
DEFAULT_MAX_CHUNK_BYTES = 1024 * 1024
#: How long a bearer token from the token endpoint stays valid.
TOKEN_LIFETIME_SECONDS = 3600


def _trace_headers(
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


def _fingerprint(method: str, path: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"method": method, "path": path, "body": body},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _clean(value: str | None) -> str:
    """A client-supplied id made safe for a log line: printable, no spaces, at most 128 characters."""
    if not value:
        return ""
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace())[:128]


def _is_idempotency_key_error(error: dict[str, Any]) -> bool:
    loc = error.get("loc") or ()
    return len(loc) >= 2 and loc[0] == "header" and str(loc[1]).lower() == c.IDEMPOTENCY_KEY_HEADER.lower()


#: Scope keys: the connection's transport (to close it without an answer), a close asked for by a route.
_TRANSPORT_KEY = "court_sandbox.transport"
_CLOSE_KEY = "court_sandbox.close"


class _SandboxApp(FastAPI):
    """FastAPI that remembers each request's connection, so a fault can close it without an answer."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # uvicorn's `send` is a method of the request cycle, which holds the connection's transport.
            scope[_TRANSPORT_KEY] = getattr(getattr(send, "__self__", None), "transport", None)
        await super().__call__(scope, receive, send)


async def _close_connection(request: Request) -> bool:
    """Close the request's TCP connection without an answer; False when the server does not say how."""
    transport = request.scope.get(_TRANSPORT_KEY)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    # Let the server notice (connection_lost) so it sends nothing and does not complain.
    for _ in range(3):
        await asyncio.sleep(0)
    return True


def _describe_faults(spec: c.FaultSpec) -> str:
    """The fault settings that differ from none, for the log (``fail_next=2 status=503 ...``)."""
    default = c.FaultSpec()
    parts = [
        f"{name}={value}"
        for name, value in spec.model_dump(mode="json").items()
        if value != getattr(default, name) and name != "body"
    ]
    if spec.fail_next and not any(p.startswith("status=") for p in parts):
        parts.append(f"status={spec.status}")
    return " ".join(parts) or "none"


class _Tokens:
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


def _upload_headers(status: c.UploadStatus) -> dict[str, str]:
    return {
        c.UPLOAD_OFFSET_HEADER: str(status.offset),
        c.UPLOAD_LENGTH_HEADER: str(status.length),
        "Cache-Control": "no-store",
    }


def _parse_checksum(value: str) -> bytes:
    """The digest of an ``Upload-Checksum: sha256 <base64>`` header; ValueError when malformed."""
    algorithm, _, encoded = value.strip().partition(" ")
    if algorithm.lower() != "sha256":
        raise ValueError("only sha256 checksums are supported")
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the checksum is not base64") from exc
    if len(digest) != 32:
        raise ValueError("a sha256 checksum is 32 bytes")
    return digest


def _filing_fingerprint_body(submission: c.FilingSubmission) -> dict[str, Any]:
    body = submission.model_dump(mode="json")
    if not body.get("attachments"):
        body.pop("attachments", None)  # the fingerprint of a filing from before attachments existed
    for ref in body.get("attachments", ()):
        if ref.get("purpose") == "other":
            ref.pop("purpose")  # added in 1.1
    defaults = c.FilingSubmission.model_fields
    for name in c.FILING_FIELDS_1_1:  # a filing that does not use them is the same request as in 1.0
        field = defaults[name]
        default = field.get_default(call_default_factory=True)
        if getattr(submission, name) == default:
            body.pop(name, None)
    return body


def _idempotency_key(what: str) -> Any:
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

def create_app(
    db_path: str,
    *,
    clock: Callable[[], datetime] | None = None,
    faults: c.FaultSpec | None = None,
    uploads_dir: str | None = None,
    max_chunk_bytes: int = DEFAULT_MAX_CHUNK_BYTES,
    max_upload_bytes: int = c.MAX_UPLOAD_LENGTH,
    require_auth: bool = False,
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
    """
    store = Store(db_path, clock, uploads_dir=uploads_dir)
    tokens = _Tokens()
    initial = faults if faults is not None else spec_from_env()
    faults_ = Faults(initial)
    if initial is not None and initial != c.FaultSpec():
        log.warning("faults injected at start-up: %s", _describe_faults(initial))
    app = _SandboxApp(
        title="Court sandbox",
        version=c.CONTRACT_VERSION,
        summary="Reference court backend for the litigation-hall kiosk",
        description=(
            "Implements the kiosk <-> court contract (offline_queue.contract): policy, fee calculation, "
            "idempotent filing submission with fee notices, resumable uploads, payment orders, messages, "
            "heartbeats, filing status and case search, plus an admin API to decide reviews and payments "
            "and inject faults. Every write carries an Idempotency-Key; every request carries "
            "X-Request-Id, X-Correlation-Id and X-Kiosk-Id. Money is a decimal string."
        ),
    )
    app.state.store = store
    app.state.faults = faults_
    app.state.tokens = tokens

    def authorised(request: Request) -> bool:
        """A request without a bearer token passes unless `require_auth`; one with a token needs a valid one."""
        header = request.headers.get(c.AUTHORIZATION_HEADER)
        if header is None and not require_auth:
            return True
        scheme, _, token = (header or "").partition(" ")
        return scheme.lower() == "bearer" and tokens.valid(token.strip())

    unauthorised_detail = "a valid bearer token is required (POST " + c.TOKEN_PATH + ")"

    def check_auth(request: Request) -> None:
        if not authorised(request):
            raise HTTPException(401, unauthorised_detail, headers={"WWW-Authenticate": "Bearer"})

    # ------------------------------------------------------------ middleware
    @app.middleware("http")
    async def trace_and_faults(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        request_id = _clean(request.headers.get(c.REQUEST_ID_HEADER)) or str(uuid.uuid4())
        correlation_id = _clean(request.headers.get(c.CORRELATION_ID_HEADER)) or request_id
        kiosk_id = _clean(request.headers.get(c.KIOSK_ID_HEADER)) or "-"
        path = request.url.path
        api = path.startswith(c.API_PREFIX + "/")
        faulted = api and faults_.applies_to(path)
        note = ""
        if faulted and faults_.latency:
            await asyncio.sleep(faults_.latency)
        plan = faults_.plan() if faulted else NO_FAULT
        injected: Injection | None = plan.now
        # Every /api/v1 request but the token's is checked here; a PATCH checks after reading its body.
        if injected is None and api and path != c.TOKEN_PATH and request.method != "PATCH" and not authorised(
            request
        ):
            response = JSONResponse(
                {"detail": unauthorised_detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
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
                injected = faults_.after(plan)
                if request.scope.get(_CLOSE_KEY):  # a route asked (fail_next during, action close)
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

    @app.exception_handler(RequestValidationError)
    async def validation_failed(request: Request, exc: RequestValidationError) -> JSONResponse:
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

    def idempotent_put(
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
            if faults_.hold:
                time.sleep(faults_.hold)
            spec = faults_.take("during")
            if spec is not None:
                store.release_key(key)
                if spec.action == "close":
                    request.scope[_CLOSE_KEY] = True
                return fault_response(spec)
            status_code, answer = create(fingerprint)
        except Refused as exc:
            store.release_key(key)
            raise HTTPException(exc.status, exc.detail) from exc
        except BaseException:
            store.release_key(key)
            raise
        log.info("%s received (%d)", what, status_code)
        headers = {c.IDEMPOTENT_REPLAYED_HEADER: "true"} if status_code == 200 else None
        return JSONResponse(answer, status_code=status_code, headers=headers)

    # ---------------------------------------------------------------- public
    public = APIRouter(dependencies=[Depends(_trace_headers)])

    @public.get(c.HEALTH_PATH, response_model=c.Health, operation_id="health", tags=["service"])
    def health() -> c.Health:
        return c.Health(status="ok")

    @public.get(c.POLICY_PATH, response_model=c.Policy, operation_id="getPolicy", tags=["policy"])
    def get_policy() -> c.Policy:
        """Courts, case types and the fee schedule version (cache it with its version for offline use)."""
        return store.policy()

    @public.post(
        c.FEES_CALCULATE_PATH,
        response_model=c.FeeQuote,
        operation_id="calculateFees",
        tags=["policy"],
        responses=_errors(422),
    )
    def calculate_fees(request: c.FeeRequest) -> c.FeeQuote:
        """The authoritative acceptance fee (Decree 481 Art. 13) with its breakdown."""
        case_type = store.case_type(request.case_type)
        if case_type is None:
            raise HTTPException(422, "unknown case_type")
        try:
            total, lines = case_fee(case_type, request.amount, request.filing_kind)
        except fees.FeeError as exc:
            raise HTTPException(422, str(exc)) from exc
        return c.FeeQuote(
            case_type=request.case_type,
            amount=request.amount,
            total=total,
            breakdown=[c.FeeLine(label=label, amount=amount) for label, amount in lines],
            schedule_version=store.fee_schedule_version(),
        )

    @public.put(
        c.FILING_PATH,
        response_model=c.FilingReceipt,
        status_code=201,
        operation_id="submitFiling",
        tags=["filings"],
        responses={
            200: {
                "model": c.FilingReceipt,
                "description": "A repeat of an earlier request: the first answer again",
            },
            **_errors(400, 409, 422, 503),
        },
    )
    def submit_filing(
        filing_id: FilingId,
        submission: c.FilingSubmission,
        request: Request,
        idempotency_key: _idempotency_key("filing"),
    ) -> Response:
        """Submit a filing. The answer is only a receipt (待审核); the review outcome comes later.

        201 the first time; 200 with the first answer for a repeated Idempotency-Key (or the
        same filing again); 422 when the key was used with a different request; 409 while the
        first request with the key is still in progress.
        """
        return idempotent_put(
            request, idempotency_key, c.FILING_PATH.format(filing_id=filing_id),
            ("filing_id", filing_id, submission.filing_id), _filing_fingerprint_body(submission), f"filing {filing_id}",
            lambda fingerprint: store.create_filing(
                idempotency_key,
                fingerprint,
                submission,
                request.headers.get(c.KIOSK_ID_HEADER),
                request.headers.get(c.CORRELATION_ID_HEADER),
            ),
        )

    @public.get(
        c.FILING_PATH,
        response_model=c.FilingStatus,
        operation_id="getFilingStatus",
        tags=["filings"],
        responses=_errors(404),
    )
    def filing_status(filing_id: FilingId) -> c.FilingStatus:
        """The review outcome: 待审核, or 已立案 with a case number, or 审核不通过 / 不予立案 with reasons."""
        status = store.filing_status(filing_id)
        if status is None:
            raise HTTPException(404, "no such filing")
        return status

    @public.post(c.CASES_SEARCH_PATH, response_model=c.CaseList, operation_id="searchCases", tags=["cases"])
    def search_cases(search: c.CaseSearch) -> c.CaseList:
        """Filings whose plaintiff has this ID number, newest first (POST keeps the number out of URLs)."""
        return store.search(search.id_number)

    # -------------------------------------------------------------- payments
    @public.put(
        c.PAYMENT_PATH,
        response_model=c.PaymentOrder,
        status_code=201,
        operation_id="createPaymentOrder",
        tags=["payments"],
        responses={
            200: {"model": c.PaymentOrder, "description": "The same order again: where it stands now"},
            **_errors(400, 401, 409, 422, 503),
        },
    )
    def create_payment(
        payment_id: PaymentId,
        order: c.PaymentOrderCreate,
        request: Request,
        idempotency_key: _idempotency_key("payment order"),
    ) -> Response:
        """Make the payment order (a QR for a phone) for a fee notice; one open order per notice.

        201 the first time; 200 with the first answer for a repeated key or the same order; 422 for an
        unknown or paid notice, an amount that is not the notice's, or a notice whose open order has
        another id. An unknown outcome is settled with GET, never by a new order.
        """
        return idempotent_put(
            request, idempotency_key, c.PAYMENT_PATH.format(payment_id=payment_id),
            ("payment_id", payment_id, order.payment_id), order.model_dump(mode="json"), f"payment order {payment_id}",
            lambda fingerprint: store.create_payment(
                idempotency_key, fingerprint, order, request.headers.get(c.KIOSK_ID_HEADER)
            ),
        )

    @public.get(
        c.PAYMENT_PATH,
        response_model=c.PaymentOrder,
        operation_id="getPaymentOrder",
        tags=["payments"],
        responses=_errors(401, 404),
    )
    def payment_status(payment_id: PaymentId) -> c.PaymentOrder:
        """Where a payment order stands: awaiting_payment, paid, failed or expired."""
        order = store.payment(payment_id)
        if order is None:
            raise HTTPException(404, "no such payment order")
        return order

    # -------------------------------------------------------------- messages
    @public.put(
        c.MESSAGE_PATH,
        response_model=c.MessageReceipt,
        status_code=201,
        operation_id="submitMessage",
        tags=["messages"],
        responses={
            200: {"model": c.MessageReceipt, "description": "A repeat of an earlier request: the first answer"},
            **_errors(400, 401, 409, 422, 503),
        },
    )
    def submit_message(
        message_id: MessageId,
        message: c.MessageSubmission,
        request: Request,
        idempotency_key: _idempotency_key("message"),
    ) -> Response:
        """A message for the judge of a case, or a request for mediation."""
        return idempotent_put(
            request, idempotency_key, c.MESSAGE_PATH.format(message_id=message_id),
            ("message_id", message_id, message.message_id), message.model_dump(mode="json"), f"message {message_id}",
            lambda fingerprint: store.create_message(
                idempotency_key, fingerprint, message, request.headers.get(c.KIOSK_ID_HEADER)
            ),
        )

    # ------------------------------------------------------------- heartbeat
    @public.put(
        c.HEARTBEAT_PATH,
        response_model=c.HeartbeatAck,
        operation_id="putHeartbeat",
        tags=["fleet"],
        responses=_errors(401, 422),
    )
    def put_heartbeat(kiosk_id: KioskId, heartbeat: c.Heartbeat) -> c.HeartbeatAck:
        """A kiosk's device health and queue depth. PUT replaces the last one (an older one changes
        nothing), so a repeat is harmless and needs no Idempotency-Key."""
        if heartbeat.kiosk_id != kiosk_id:
            raise HTTPException(422, "kiosk_id in the body differs from the path")
        return store.put_heartbeat(heartbeat)

    # --------------------------------------------------------------- uploads
    @public.post(c.TOKEN_PATH, response_model=c.AuthToken, operation_id="getToken", tags=["auth"])
    def get_token() -> c.AuthToken:
        """A bearer token for /api/v1 requests (the sandbox trusts the kiosk id; a court would not)."""
        return c.AuthToken(access_token=tokens.issue(), expires_in=TOKEN_LIFETIME_SECONDS)

    @public.post(
        c.UPLOADS_PATH,
        response_model=c.UploadStatus,
        status_code=201,
        operation_id="createUpload",
        tags=["uploads"],
        responses={
            200: {"model": c.UploadStatus, "description": "The same upload again: where it stands now"},
            **_errors(400, 401, 413, 422),
        },
    )
    def create_upload(
        spec: c.UploadCreate,
        request: Request,
        idempotency_key: _idempotency_key("upload"),
    ) -> Response:
        """Announce a resumable upload (client-chosen id, total length, SHA-256, media type).

        201 the first time; 200 with the current offset when the same key and upload come again;
        422 when the key or the id was used for a different upload; 413 when it is too large.
        Then send the bytes with PATCH (ask HEAD/GET for the offset after any interruption).
        """
        if spec.length > max_upload_bytes:
            raise HTTPException(413, f"an upload may be at most {max_upload_bytes} bytes")
        try:
            status_code, status = store.create_upload(
                idempotency_key, spec, request.headers.get(c.KIOSK_ID_HEADER)
            )
        except Refused as exc:
            raise HTTPException(exc.status, exc.detail) from exc
        status = status.model_copy(update={"max_chunk_bytes": max_chunk_bytes})
        if status_code == 201:
            log.info("upload %s created (%d bytes)", spec.upload_id, spec.length)
        headers = _upload_headers(status) | {"Location": c.UPLOAD_PATH.format(upload_id=spec.upload_id)}
        if status_code == 200:
            headers[c.IDEMPOTENT_REPLAYED_HEADER] = "true"
        return JSONResponse(status.model_dump(mode="json"), status_code=status_code, headers=headers)

    def _status_or_404(upload_id: str) -> c.UploadStatus:
        status = store.upload_status(upload_id)
        if status is None:
            raise HTTPException(404, "no such upload")
        return status.model_copy(update={"max_chunk_bytes": max_chunk_bytes})

    @public.head(c.UPLOAD_PATH, operation_id="uploadOffset", tags=["uploads"], responses=_errors(401, 404))
    def upload_offset(upload_id: UploadId, request: Request) -> Response:
        """The upload's offset in ``Upload-Offset`` (and ``Upload-Length``), without a body."""
        return Response(status_code=200, headers=_upload_headers(_status_or_404(upload_id)))

    @public.get(
        c.UPLOAD_PATH,
        response_model=c.UploadStatus,
        operation_id="getUpload",
        tags=["uploads"],
        responses=_errors(401, 404),
    )
    def get_upload(upload_id: UploadId, request: Request) -> Response:
        """Where the upload stands: offset, length, digest, complete."""
        status = _status_or_404(upload_id)
        return JSONResponse(status.model_dump(mode="json"), headers=_upload_headers(status))

    @public.patch(
        c.UPLOAD_PATH,
        response_model=c.UploadStatus,
        operation_id="appendUpload",
        tags=["uploads"],
        responses={
            **_errors(400, 401, 404, 409, 413, 415, 422),
            c.CHECKSUM_MISMATCH_STATUS: {"model": c.ErrorBody, "description": "Upload-Checksum does not match"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {c.UPLOAD_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    )
    async def append_upload(
        upload_id: UploadId,
        request: Request,
        upload_offset: Annotated[
            int, Header(alias=c.UPLOAD_OFFSET_HEADER, ge=0, description="Where this chunk starts")
        ],
        upload_checksum: Annotated[
            str | None,
            Header(alias=c.UPLOAD_CHECKSUM_HEADER, description="Optional: sha256 <base64 digest of this chunk>"),
        ] = None,
    ) -> Response:
        """Append a chunk at ``Upload-Offset`` (it must be the current offset: 409 with the current one).

        The body over the server's chunk limit: 413 (send smaller chunks). When the last byte
        arrives the whole content's SHA-256 is checked: 422 and the upload discarded if it differs.
        """
        # Read the body first (also for a refusal) so the client always gets the answer.
        parts: list[bytes] = []
        size = 0
        try:
            async for part in request.stream():
                size += len(part)
                if size <= max_chunk_bytes:
                    parts.append(part)
        except ClientDisconnect:
            log.info("upload %s: the client went away mid-chunk at offset %d; nothing written", upload_id,
                     upload_offset)
            return Response(status_code=400)
        check_auth(request)
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type != c.UPLOAD_CONTENT_TYPE:
            raise HTTPException(415, f"the body must be {c.UPLOAD_CONTENT_TYPE}")
        if size > max_chunk_bytes:
            raise HTTPException(413, f"a chunk may be at most {max_chunk_bytes} bytes")
        data = b"".join(parts)
        if upload_checksum is not None:
            try:
                expected = _parse_checksum(upload_checksum)
            except ValueError as exc:
                raise HTTPException(400, f"{c.UPLOAD_CHECKSUM_HEADER}: {exc}") from exc
            if hashlib.sha256(data).digest() != expected:
                return JSONResponse(
                    {"detail": "the chunk does not match its Upload-Checksum"}, status_code=c.CHECKSUM_MISMATCH_STATUS
                )
        try:
            status = await run_in_threadpool(store.write_chunk, upload_id, upload_offset, data)
        except OffsetMismatch as exc:
            raise HTTPException(
                409, exc.detail, headers={c.UPLOAD_OFFSET_HEADER: str(exc.offset), "Cache-Control": "no-store"}
            ) from exc
        except Refused as exc:
            if exc.status == 422:
                log.warning("upload %s: digest mismatch at completion; discarded", upload_id)
            raise HTTPException(exc.status, exc.detail) from exc
        if status.complete:
            log.info("upload %s complete (%d bytes)", upload_id, status.length)
        status = status.model_copy(update={"max_chunk_bytes": max_chunk_bytes})
        return JSONResponse(status.model_dump(mode="json"), headers=_upload_headers(status))

    # ----------------------------------------------------------------- admin
    admin = APIRouter(dependencies=[Depends(_trace_headers)], tags=["admin"])

    @admin.get(c.ADMIN_FILINGS_PATH, response_model=c.FilingList, operation_id="listFilings")
    def list_filings() -> c.FilingList:
        """Every filing, oldest first: ids and status only."""
        return store.list_filings()

    @admin.post(
        c.REVIEW_PATH,
        response_model=c.FilingStatus,
        operation_id="reviewFiling",
        responses=_errors(404, 409, 422),
    )
    def review_filing(filing_id: FilingId, decision: c.ReviewDecision) -> c.FilingStatus:
        """Decide a filing awaiting review: docket (assigns a case number), reject or refuse (with reasons)."""
        try:
            status = store.review(filing_id, decision)
        except Refused as exc:
            raise HTTPException(exc.status, exc.detail) from exc
        log.info("filing %s reviewed: %s", filing_id, decision.decision)
        return status

    @admin.post(
        c.SETTLE_PAYMENT_PATH,
        response_model=c.PaymentOrder,
        operation_id="settlePayment",
        responses=_errors(404, 409),
    )
    def settle_payment(payment_id: PaymentId, settlement: c.PaymentSettlement) -> c.PaymentOrder:
        """What the payment provider reported for an open order: paid (the notice is paid), failed, expired."""
        try:
            order = store.settle_payment(payment_id, settlement.outcome)
        except Refused as exc:
            raise HTTPException(exc.status, exc.detail) from exc
        log.info("payment order %s settled: %s", payment_id, settlement.outcome)
        return order

    @admin.get(c.ADMIN_MESSAGES_PATH, response_model=c.MessageList, operation_id="listMessages")
    def list_messages() -> c.MessageList:
        """Every message, oldest first: ids only."""
        return store.list_messages()

    @admin.get(c.ADMIN_KIOSKS_PATH, response_model=c.KioskList, operation_id="listKiosks")
    def list_kiosks() -> c.KioskList:
        """Each kiosk's newest heartbeat."""
        return store.list_kiosks()

    @admin.get(c.FAULTS_PATH, response_model=c.FaultSpec, operation_id="getFaults")
    def get_faults() -> c.FaultSpec:
        """The current faults (an outage set for a duration shows when it ends, ``outage_until``)."""
        return faults_.current()

    @admin.post(c.FAULTS_PATH, response_model=c.FaultSpec, operation_id="setFaults")
    def set_faults(spec: c.FaultSpec) -> c.FaultSpec:
        """Inject faults into /api/v1 requests (replaces the current faults).

        fail_next (answer or close, before/during/after handling), latency, slow writes,
        a seeded error rate and drop rate, an outage for a duration or until a time.
        """
        current = faults_.set(spec)
        log.warning("faults injected: %s", _describe_faults(current))
        return current

    @admin.delete(c.ADMIN_TOKENS_PATH, response_model=c.TokenRevocation, operation_id="revokeTokens")
    def revoke_tokens() -> c.TokenRevocation:
        """Forget every bearer token handed out (as a restart or an expiry would): the next upload gets 401."""
        revoked = tokens.revoke_all()
        log.info("revoked %d token(s)", revoked)
        return c.TokenRevocation(revoked=revoked)

    @admin.delete(c.FAULTS_PATH, response_model=c.FaultSpec, operation_id="clearFaults")
    def clear_faults() -> c.FaultSpec:
        return faults_.clear()

    app.include_router(public)
    app.include_router(admin)
    return app
