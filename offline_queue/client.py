"""HTTP client for the court backend contract (`offline_queue.contract`).

Every call is blocking; run it off the GUI thread. Errors are sorted into the
two classes the sync worker needs:

- `RetryableError`: try the same request (same Idempotency-Key) again later:
  connection errors, timeouts, 408/409/425/429, 5xx, an answer that is not
  JSON or does not match the contract, a 401 that a new token did not cure.

A 401 gets a new bearer token (POST the token endpoint) and the request is sent
again once; later requests carry the token.
- `PermanentError`: a person has to look (dead letter): 400/403/404/410/415/422
  and any other 4xx.

What the client refuses (issue 17): redirects (never followed, so a 307 never sends a body
again: PermanentError, reason ``redirect``); proxies from the environment (only `proxy`, from
``court.proxy``); answers over the endpoint's size cap (`ANSWER_LIMITS`; reason ``too_large``,
bounded retry); answers that do not end within the call's deadline (``court.deadline_seconds``,
besides the per-read timeout; reason ``too_slow``, retryable). An answer that is not JSON or
does not match the contract (``not_json``, ``invalid_answer``) is retried a bounded number of
times by the sync worker, then a dead letter; an answer about another item than the one sent
(``mismatched_answer``) is never a success: PermanentError. An HTML error page (a proxy's 502) is
classified by its status, with reason ``html_page``. `CourtError.reason` holds the code.

Log lines carry method, path, status, timing and the request/correlation ids,
never a request or response body (they hold names and ID numbers).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import os
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import requests
from pydantic import BaseModel, ValidationError

from offline_queue import contract as c
from offline_queue import transport as t
from offline_queue.tls import ClientTLS, CourtAdapter
from offline_queue.tls import deadline as header_deadline
from offline_queue.transport import (
    REASON_HTML,
    REASON_INVALID,
    REASON_MISMATCH,
    REASON_NOT_JSON,
    REASON_REDIRECT,
    REASON_TOO_LARGE,
    REASON_TOO_SLOW,
)

#: The kiosk is not enrolled yet (no client certificate) and the court wants mutual TLS: nothing is sent.
REASON_NOT_ENROLLED = "not_enrolled"
#: The TLS handshake failed: the court's certificate or key did not verify (or the court refused ours).
REASON_TLS = "tls_refused"

log = logging.getLogger("offline_queue.client")

M = TypeVar("M", bound=BaseModel)

#: Upload chunk sizes (bytes): the first try, and the smallest a 413 may bring it down to.
DEFAULT_CHUNK_SIZE = 1024 * 1024
MIN_CHUNK_SIZE = 16 * 1024

#: The longest Retry-After we accept (a buggy answer must not freeze the queue for days).
MAX_RETRY_AFTER = 24 * 3600.0
_DETAIL_LIMIT = 500

#: The overall time one request-answer exchange may take (the per-read timeout bounds each wait).
DEFAULT_DEADLINE = 30.0
#: A document download gets this many deadlines (it may be tens of MiB on a slow hall network).
DOCUMENT_DEADLINE_FACTOR = 4.0

#: The largest answer (bytes) read from each endpoint; anything larger is "answer too large".
#: Small JSON answers get `DEFAULT_ANSWER_LIMIT`; a document's PDF gets the call's `max_bytes`.
DEFAULT_ANSWER_LIMIT = 256 * 1024
ANSWER_LIMITS: dict[str, int] = {
    c.POLICY_PATH: 1024 * 1024,
    c.CASES_SEARCH_PATH: 1024 * 1024,
    c.CASE_DETAIL_PATH: 1024 * 1024,
    c.CASE_FILE_PATH: 1024 * 1024,
    c.SERVED_DOCUMENTS_PATH: 1024 * 1024,
    c.HALL_QUEUE_PATH: 1024 * 1024,
    c.STAFF_CARD_REVOCATIONS_PATH: 8 * 1024 * 1024,
    c.ADMIN_FILINGS_PATH: 32 * 1024 * 1024,
    c.ADMIN_MATERIALS_PATH: 32 * 1024 * 1024,
    c.ADMIN_TICKETS_PATH: 32 * 1024 * 1024,
    c.ADMIN_AUDIT_PATH: 32 * 1024 * 1024,
}
#: Of an error answer only the first part is read (its status decides; the rest is ignored).
ERROR_ANSWER_LIMIT = 64 * 1024
_LIMITS = t.compile_limits(ANSWER_LIMITS)


def answer_limit(path: str) -> int:
    """The size cap of the answer to a request for `path` (query strings ignored)."""
    return t.limit_for(path, _LIMITS, DEFAULT_ANSWER_LIMIT)


class CourtError(Exception):
    """Base of the court client's errors."""

    def __init__(self, detail: str = "", *, status: int | None = None, reason: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.reason = reason  #: what was wrong with the answer (`offline_queue.transport` REASON_*), if known


class RetryableError(CourtError):
    """The request may succeed later; `retry_after` is the backend's wish in seconds, if it said."""

    def __init__(
        self, retry_after: float | None = None, detail: str = "", *, status: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(detail, status=status, reason=reason)
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = f"HTTP {self.status}: {self.detail}" if self.status else self.detail
        if self.retry_after is not None:
            text += f" (retry after {self.retry_after:g} s)"
        return text


class PermanentError(CourtError):
    """The backend refused the request for good; a person has to look. `status` is None for a local refusal."""

    def __init__(self, status: int | None, detail: str = "", *, reason: str | None = None) -> None:
        super().__init__(detail, status=status, reason=reason)

    def __str__(self) -> str:
        return f"HTTP {self.status}: {self.detail}" if self.status else self.detail


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/invalid."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        now = time.time() if now is None else now
        return min(max(0.0, when.timestamp() - now), MAX_RETRY_AFTER)
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def _echo(what: str, answered: object, sent: object) -> None:
    """An answer about another item than the one sent is never a success (a dead letter for staff)."""
    if answered != sent:
        log.warning("the court answered about another %s than the one sent (mismatched answer)", what)
        raise PermanentError(None, f"mismatched answer: the court's {what} is not the one sent",
                             reason=REASON_MISMATCH)


M2 = TypeVar("M2", bound=BaseModel)


def _echoed(answer: M2, **sent: object) -> M2:
    """`answer`, after checking that each named field is what was sent (None answers pass through)."""
    if answer is not None:
        for field, value in sent.items():
            _echo(field, getattr(answer, field), value)
    return answer


class _Source:
    """Random access to what an upload sends: bytes in memory, or a file read with pread."""

    def __init__(self, source: bytes | bytearray | memoryview | str | os.PathLike[str]) -> None:
        self._fd: int | None = None
        if isinstance(source, bytes | bytearray | memoryview):
            self._view: memoryview | None = memoryview(source).cast("B")
            self.length = len(self._view)
        else:
            self._view = None
            self._fd = os.open(source, os.O_RDONLY)
            self.length = os.fstat(self._fd).st_size

    def read(self, offset: int, size: int) -> bytes:
        if self._view is not None:
            return bytes(self._view[offset : offset + size])
        assert self._fd is not None
        parts, got = [], 0
        while got < size:
            part = os.pread(self._fd, size - got, offset + got)
            if not part:
                raise PermanentError(None, "the file to upload became shorter while uploading")
            parts.append(part)
            got += len(part)
        return b"".join(parts)

    def __enter__(self) -> _Source:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class CourtClient:
    """Blocking client for the court backend.

    `kiosk_id` goes into every request's X-Kiosk-Id. Each request gets a new
    X-Request-Id; X-Correlation-Id names the operation: pass `correlation_id=`
    to a call, set `client.correlation_id`, or use ``with client.correlation(cid):``;
    without any, each call is its own operation (a new uuid4).
    """

    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        timeout: float = 10.0,
        session: requests.Session | None = None,
        *,
        deadline: float = DEFAULT_DEADLINE,
        proxy: str = "",
        extra_headers: dict[str, str] | None = None,
        tls: ClientTLS | None = None,
    ) -> None:
        """`timeout`: each wait for the network; `deadline`: a whole request and its answer (the status
        line and headers included). `proxy`: the only proxy used (empty: none; HTTP(S)_PROXY and the like
        are ignored). `extra_headers`: sent with every request (the sandbox's admin client: the admin
        token). `tls`: the court's CA bundle or pinned keys and the kiosk's client certificate
        (`offline_queue.tls`); with ``tls.require_client_cert`` nothing but an enrolment is sent before the
        kiosk is enrolled (RetryableError, reason ``not_enrolled``: the items wait)."""
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self.timeout = timeout
        self.deadline = deadline
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        self.session.trust_env = False  # no proxies, .netrc or CA bundles from the environment
        self.proxies = {"http": proxy, "https": proxy} if proxy else {}
        self.session.proxies = dict(self.proxies)
        self.correlation_id: str | None = None
        self._token: str | None = None
        self.extra_headers = dict(extra_headers or {})
        self.tls = tls
        self._mount()

    def _mount(self) -> None:
        adapter = CourtAdapter(self.tls)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.verify = self.tls.verify if self.tls is not None else True

    def reset_connections(self) -> None:
        """Forget open connections and the token (after enrolment: the next request uses the new certificate)."""
        for adapter in self.session.adapters.values():
            adapter.close()
        self._mount()
        self._token = None

    # ------------------------------------------------------------- lifecycle
    def close(self) -> None:
        if self._own_session:
            self.session.close()

    def __enter__(self) -> CourtClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def correlation(self, correlation_id: str) -> Iterator[str]:
        """Use one correlation id for every call inside the block."""
        previous, self.correlation_id = self.correlation_id, correlation_id
        try:
            yield correlation_id
        finally:
            self.correlation_id = previous

    # ------------------------------------------------------------- contract
    def health(self, *, correlation_id: str | None = None) -> c.Health:
        return self._call("GET", c.HEALTH_PATH, c.Health, correlation_id=correlation_id)

    def get_policy(self, *, correlation_id: str | None = None) -> c.Policy:
        return self._call("GET", c.POLICY_PATH, c.Policy, correlation_id=correlation_id)

    def calculate_fee(self, request: c.FeeRequest, *, correlation_id: str | None = None) -> c.FeeQuote:
        return self._call(
            "POST", c.FEES_CALCULATE_PATH, c.FeeQuote, body=request, correlation_id=correlation_id
        )

    def submit_filing(
        self,
        submission: c.FilingSubmission,
        idempotency_key: str,
        *,
        correlation_id: str | None = None,
    ) -> c.FilingReceipt:
        """PUT the filing. 201 (first) and 200 (a replay of the same key) both return the receipt."""
        if not idempotency_key:
            raise ValueError("submit_filing needs an idempotency key")
        receipt = self._call(
            "PUT",
            c.FILING_PATH.format(filing_id=submission.filing_id),
            c.FilingReceipt,
            body=submission,
            headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key},
            correlation_id=correlation_id,
        )
        _echoed(receipt.fee_notice, filing_id=submission.filing_id)
        return _echoed(receipt, filing_id=submission.filing_id)

    def filing_status(self, filing_id: str, *, correlation_id: str | None = None) -> c.FilingStatus:
        status = self._call(
            "GET", c.FILING_PATH.format(filing_id=filing_id), c.FilingStatus, correlation_id=correlation_id
        )
        _echoed(status.fee_notice, filing_id=filing_id)
        return _echoed(status, filing_id=filing_id)

    def search_cases(self, id_number: str, *, correlation_id: str | None = None) -> c.CaseList:
        """Cases whose plaintiff has this ID number. Raises pydantic.ValidationError for an invalid number."""
        return self._call(
            "POST",
            c.CASES_SEARCH_PATH,
            c.CaseList,
            body=c.CaseSearch(id_number=id_number),
            correlation_id=correlation_id,
        )

    def create_payment(
        self, order: c.PaymentOrderCreate, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.PaymentOrder:
        """PUT the payment order for a fee notice (201 first, 200 for the same order again)."""
        if not idempotency_key:
            raise ValueError("create_payment needs an idempotency key")
        answer = self._call(
            "PUT",
            c.PAYMENT_PATH.format(payment_id=order.payment_id),
            c.PaymentOrder,
            body=order,
            headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key},
            correlation_id=correlation_id,
        )
        return _echoed(answer, payment_id=order.payment_id, notice_id=order.notice_id, amount=order.amount)

    def payment_status(self, payment_id: str, *, correlation_id: str | None = None) -> c.PaymentOrder | None:
        """Where a payment order stands; None when the backend has no such order (it was never made)."""
        return _echoed(self._get_or_none(c.PAYMENT_PATH.format(payment_id=payment_id), c.PaymentOrder,
                                         correlation_id), payment_id=payment_id)

    def submit_message(
        self, message: c.MessageSubmission, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.MessageReceipt:
        """PUT a message for the judge or a mediation request."""
        if not idempotency_key:
            raise ValueError("submit_message needs an idempotency key")
        return _echoed(self._call(
            "PUT",
            c.MESSAGE_PATH.format(message_id=message.message_id),
            c.MessageReceipt,
            body=message,
            headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key},
            correlation_id=correlation_id,
        ), message_id=message.message_id)

    def heartbeat(self, heartbeat: c.Heartbeat, *, correlation_id: str | None = None) -> c.HeartbeatAck:
        """PUT this kiosk's state (replaces the last one; a repeat is harmless)."""
        return _echoed(self._call(
            "PUT",
            c.HEARTBEAT_PATH.format(kiosk_id=heartbeat.kiosk_id),
            c.HeartbeatAck,
            body=heartbeat,
            correlation_id=correlation_id,
        ), kiosk_id=heartbeat.kiosk_id)

    # ------------------------------------------------------- court records (1.2)
    def case_detail(self, access: c.CaseAccess, *, correlation_id: str | None = None) -> c.CaseDetail:
        """A case as a party or a query code's holder sees it. A wrong query code: PermanentError 403;
        too many: RetryableError with status 429 (locked for Retry-After seconds)."""
        detail = self._call("POST", c.CASE_DETAIL_PATH, c.CaseDetail, body=access, correlation_id=correlation_id)
        if not t.same_case_ref(access.case_ref, detail.filing_id, detail.case_number):
            _echo("case", detail.filing_id, access.case_ref)
        return detail

    def case_file(self, access: c.CaseAccess, *, correlation_id: str | None = None) -> c.CaseFileIndex:
        """The case file's index (卷宗目录) and the newest reading application's state."""
        return self._call("POST", c.CASE_FILE_PATH, c.CaseFileIndex, body=access, correlation_id=correlation_id)

    def apply_reading(
        self, application: c.ReadingApplication, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.ReadingGrant:
        """PUT a reading application (the court decides later; `reading_status` tells)."""
        return _echoed(self._put(c.READING_APPLICATION_PATH.format(application_id=application.application_id),
                                 application, c.ReadingGrant, idempotency_key, correlation_id),
                       application_id=application.application_id)

    def reading_status(self, application_id: str, *, correlation_id: str | None = None) -> c.ReadingGrant | None:
        return _echoed(self._get_or_none(c.READING_APPLICATION_PATH.format(application_id=application_id),
                                         c.ReadingGrant, correlation_id), application_id=application_id)

    def submit_reading_record(
        self, record: c.ReadingRecord, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.RecordReceipt:
        return _echoed(self._put(c.READING_RECORD_PATH.format(record_id=record.record_id), record, c.RecordReceipt,
                                 idempotency_key, correlation_id), record_id=record.record_id)

    def served_documents(self, id_number: str, *, correlation_id: str | None = None) -> c.ServedDocumentList:
        """The documents served on this person in all their cases (送达文书)."""
        return self._call("POST", c.SERVED_DOCUMENTS_PATH, c.ServedDocumentList,
                          body=c.CaseSearch(id_number=id_number), correlation_id=correlation_id)

    def fetch_document(
        self, request: c.DocumentRequest, *, max_bytes: int = 64 * 1024 * 1024, correlation_id: str | None = None
    ) -> bytes:
        """A document's PDF, whole: the answer must be a PDF (its header and end), within `max_bytes`
        (PermanentError 413 otherwise). A download cut off half way raises RetryableError: nothing of
        it is kept."""
        data = request.model_dump_json().encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": c.PDF_MEDIA_TYPE}
        try:
            response, ids = self._send("POST", c.DOCUMENT_FETCH_PATH, data=data, headers=headers,
                                       correlation_id=correlation_id, limit=max_bytes,
                                       deadline=self.deadline * DOCUMENT_DEADLINE_FACTOR)
        except RetryableError as exc:
            if exc.reason == REASON_TOO_LARGE:
                raise PermanentError(413, f"document over the kiosk's limit of {max_bytes} bytes",
                                     reason=REASON_TOO_LARGE) from exc
            raise
        with response:
            if not 200 <= response.status_code < 300:
                self._raise_for(response, "POST", c.DOCUMENT_FETCH_PATH, ids)
            length = response.headers.get("Content-Length")
            content = response.content
        if length is not None and length.isascii() and length.isdigit() and len(content) != int(length):
            raise RetryableError(None, f"download incomplete: {len(content)} of {length} bytes")
        if len(content) > max_bytes:
            raise PermanentError(413, f"document of {len(content)} bytes is over the kiosk's limit of {max_bytes}")
        if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-1024:]:
            raise PermanentError(415, "the answer is not a whole PDF document")
        return content

    def create_print_record(
        self, record: c.PrintRecord, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.PrintTicket:
        """Before printing: the court records the print and gives the page's verification code."""
        return _echoed(self._put(c.PRINT_RECORD_PATH.format(record_id=record.record_id), record, c.PrintTicket,
                                 idempotency_key, correlation_id), record_id=record.record_id)

    def report_print_outcome(
        self, outcome: c.PrintOutcome, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.RecordReceipt:
        return _echoed(self._put(c.PRINT_OUTCOME_PATH.format(record_id=outcome.record_id), outcome, c.RecordReceipt,
                                 idempotency_key, correlation_id), record_id=outcome.record_id)

    def verify_print(self, code: str, *, correlation_id: str | None = None) -> c.PrintVerification:
        return _echoed(self._call("GET", c.VERIFY_PATH.format(code=code), c.PrintVerification,
                                  correlation_id=correlation_id), verification_code=code)

    def submit_material(
        self, material: c.MaterialSubmission, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.MaterialReceipt:
        return _echoed(self._put(c.MATERIAL_PATH.format(material_id=material.material_id), material,
                                 c.MaterialReceipt, idempotency_key, correlation_id), material_id=material.material_id)

    def lookup(self, code: str, *, correlation_id: str | None = None) -> c.LookupResult | None:
        """What a receipt's QR shows; None for an unknown code."""
        return _echoed(self._get_or_none(c.LOOKUP_PATH.format(code=code), c.LookupResult, correlation_id), code=code)

    # ------------------------------------------------------- queue tickets (1.3)
    def hall_queue(self, hall: str, *, timeout: float | None = None,
                   correlation_id: str | None = None) -> c.HallQueue:
        """The hall's counter services with the people waiting, and the numbers being called now."""
        return self._call("GET", c.HALL_QUEUE_PATH.format(hall=quote(hall, safe="")), c.HallQueue,
                          correlation_id=correlation_id, timeout=timeout)

    def issue_ticket(self, request: c.TicketRequest, idempotency_key: str, *, timeout: float | None = None,
                     correlation_id: str | None = None) -> c.Ticket:
        """PUT a ticket: the backend gives its number (or records one issued offline, `request.offline`).
        The same key answers the same ticket; 410 (PermanentError): it was cancelled before it arrived."""
        if not idempotency_key:
            raise ValueError("issue_ticket needs an idempotency key")
        return _echoed(self._call("PUT", c.TICKET_PATH.format(ticket_id=request.ticket_id), c.Ticket, body=request,
                                  headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key}, correlation_id=correlation_id,
                                  timeout=timeout), ticket_id=request.ticket_id)

    def ticket_status(self, ticket_id: str, *, correlation_id: str | None = None) -> c.Ticket | None:
        """A ticket as it stands; None when the backend has none with this id."""
        return _echoed(self._get_or_none(c.TICKET_PATH.format(ticket_id=ticket_id), c.Ticket, correlation_id),
                       ticket_id=ticket_id)

    def cancel_ticket(self, cancel: c.TicketCancel, idempotency_key: str, *,
                      correlation_id: str | None = None) -> c.TicketCancellation:
        return _echoed(self._put(c.TICKET_CANCEL_PATH.format(ticket_id=cancel.ticket_id), cancel,
                                 c.TicketCancellation, idempotency_key, correlation_id), ticket_id=cancel.ticket_id)

    def reserve_ticket_range(self, request: c.TicketRangeRequest, idempotency_key: str, *,
                             timeout: float | None = None, correlation_id: str | None = None) -> c.TicketRange:
        """PUT a block of offline numbers for this kiosk and a day (the same key: the same block)."""
        if not idempotency_key:
            raise ValueError("reserve_ticket_range needs an idempotency key")
        path = c.TICKET_RANGE_PATH.format(kiosk_id=quote(request.kiosk_id, safe=""), range_id=request.range_id)
        block = _echoed(self._call("PUT", path, c.TicketRange, body=request,
                                   headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key}, correlation_id=correlation_id,
                                   timeout=timeout), range_id=request.range_id, kiosk_id=request.kiosk_id)
        if block.first > block.last:
            _echo("range", (block.first, block.last), "first <= last")
        return block

    # ------------------------------------------------------- staff calls (1.4)
    def submit_staff_call(self, call: c.StaffCall, idempotency_key: str, *,
                          correlation_id: str | None = None) -> c.StaffCallStatus:
        """PUT a call for hall staff; the same key answers the call as it stands."""
        return _echoed(self._put(c.STAFF_CALL_PATH.format(call_id=call.call_id), call, c.StaffCallStatus,
                                 idempotency_key, correlation_id), call_id=call.call_id)

    def staff_call_status(self, call_id: str, *, correlation_id: str | None = None) -> c.StaffCallStatus | None:
        """A call as the court sees it (acknowledged or not); None when it has none with this id."""
        return _echoed(self._get_or_none(c.STAFF_CALL_PATH.format(call_id=call_id), c.StaffCallStatus, correlation_id),
                       call_id=call_id)

    # ------------------------------------------------------- staff audit trail (1.5)
    def submit_audit_entry(self, entry: c.AuditEntry, idempotency_key: str, *,
                           correlation_id: str | None = None) -> c.AuditEntryStatus:
        """PUT one entry of this kiosk's audit trail; a repeat (same seq, same hash) answers the stored entry,
        the same seq with another hash is a 409 (retried: the item stays in the queue for a person)."""
        path = c.AUDIT_PATH.format(kiosk_id=quote(entry.kiosk_id, safe=""), seq=entry.seq)
        return _echoed(self._put(path, entry, c.AuditEntryStatus, idempotency_key, correlation_id),
                       seq=entry.seq, kiosk_id=entry.kiosk_id)

    def audit_trail(self, kiosk_id: str | None = None, *, alerts: bool = False,
                    correlation_id: str | None = None) -> c.AuditList:
        """Admin: the audit entries received (one kiosk's, or every kiosk's), with each chain's state."""
        params = [f"kiosk_id={quote(kiosk_id, safe='')}"] if kiosk_id else []
        if alerts:
            params.append("alerts=true")
        path = c.ADMIN_AUDIT_PATH + ("?" + "&".join(params) if params else "")
        return self._call("GET", path, c.AuditList, correlation_id=correlation_id)

    # ------------------------------------------------------- remote video (issue 20, docs/VIDEO.md)
    def create_video_call(self, request: c.VideoCallRequest, idempotency_key: str, *,
                          correlation_id: str | None = None) -> c.VideoCallStatus:
        """PUT a call (the court queues it); the same key answers the call as it stands."""
        return _echoed(self._put(c.VIDEO_CALL_PATH.format(call_id=request.call_id), request, c.VideoCallStatus,
                                 idempotency_key, correlation_id), call_id=request.call_id)

    def video_call_status(self, call_id: str, *, correlation_id: str | None = None) -> c.VideoCallStatus | None:
        return _echoed(self._get_or_none(c.VIDEO_CALL_PATH.format(call_id=call_id), c.VideoCallStatus,
                                         correlation_id), call_id=call_id)

    def end_video_call(self, call_id: str, idempotency_key: str, *,
                       correlation_id: str | None = None) -> c.VideoCallStatus:
        """The kiosk hangs up without its signalling socket (a call not yet connected, or a socket gone)."""
        return _echoed(self._call("POST", c.VIDEO_CALL_END_PATH.format(call_id=call_id), c.VideoCallStatus,
                                  headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key},
                                  correlation_id=correlation_id), call_id=call_id)

    def submit_video_call_log(self, entry: c.VideoCallLog, idempotency_key: str, *,
                              correlation_id: str | None = None) -> c.VideoCallLogReceipt:
        return _echoed(self._put(c.VIDEO_CALL_LOG_PATH.format(call_id=entry.call_id), entry, c.VideoCallLogReceipt,
                                 idempotency_key, correlation_id), call_id=entry.call_id)

    def judgment_cases(self, id_number: str, *, correlation_id: str | None = None) -> c.JudgmentCaseList:
        """判后答疑: this person's cases with a judgment, whether each judge is at the console, the free times
        (the ID number in the body)."""
        return self._call("POST", c.VIDEO_JUDGMENT_CASES_PATH, c.JudgmentCaseList,
                          body=c.JudgmentCaseQuery(id_number=id_number), correlation_id=correlation_id)

    def book_video_session(self, booking: c.VideoBookingRequest, idempotency_key: str, *,
                           correlation_id: str | None = None) -> c.VideoBooking:
        """PUT a 判后答疑 booking (the ``video_booking`` outbox item's sender)."""
        return _echoed(self._put(c.VIDEO_BOOKING_PATH.format(booking_id=booking.booking_id), booking, c.VideoBooking,
                                 idempotency_key, correlation_id), booking_id=booking.booking_id)

    @property
    def pin_check(self):
        """For a connection that is not an HTTP request (the video signalling WebSocket): the court's
        certificate (DER) -> whether its key is pinned (`ClientTLS.pin_matches`); None without pins."""
        return self.tls.pin_matches if self.tls is not None and self.tls.server_pins else None

    def signalling(self, path: str) -> tuple[str, dict[str, str], ssl.SSLContext | None]:
        """Where and how to open a signalling WebSocket on the court: its ws:// or wss:// URL, the headers
        every request carries (the kiosk id, tracing ids, the bearer token when the court gave one), and
        for wss the TLS context of the court link (its CA bundle, the kiosk's client certificate)."""
        scheme, _, rest = self.base_url.partition("://")
        url = f"{'wss' if scheme == 'https' else 'ws'}://{rest}{path}"
        headers = self._headers(str(uuid.uuid4()), str(uuid.uuid4()))
        context = None
        if scheme == "https":
            context = self.tls.ssl_context() if self.tls is not None else ssl.create_default_context()
        return url, headers, context

    def _headers(self, request_id: str, correlation_id: str) -> dict[str, str]:
        """What every request to the court carries: its ids, the kiosk's id, the bearer token when the court
        gave one, and `extra_headers`."""
        headers = {c.REQUEST_ID_HEADER: request_id, c.CORRELATION_ID_HEADER: correlation_id,
                   c.KIOSK_ID_HEADER: self.kiosk_id}
        if self._token is not None:
            headers[c.AUTHORIZATION_HEADER] = f"Bearer {self._token}"
        headers.update(self.extra_headers)
        return headers

    def _put(self, path: str, body: BaseModel, model: type[M], idempotency_key: str,
             correlation_id: str | None) -> M:
        if not idempotency_key:
            raise ValueError(f"PUT {path} needs an idempotency key")
        return self._call("PUT", path, model, body=body, headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key},
                          correlation_id=correlation_id)

    # ------------------------------------------------------ kiosk identity (1.6)
    def enrol(self, request: c.EnrolmentRequest, *, correlation_id: str | None = None) -> c.EnrolmentCertificate:
        """Send the one-time code and the CSR for this kiosk id; the court answers the client certificate."""
        answer = self._call("POST", c.ENROL_PATH.format(kiosk_id=quote(self.kiosk_id, safe="")),
                            c.EnrolmentCertificate, body=request, correlation_id=correlation_id)
        return _echoed(answer, kiosk_id=self.kiosk_id)

    # ------------------------------------------------------ staff cards (1.6)
    def staff_card_revocations(self, *, correlation_id: str | None = None) -> c.StaffCardRevocations:
        """The serials of staff cards that no longer open maintenance mode."""
        return self._call("GET", c.STAFF_CARD_REVOCATIONS_PATH, c.StaffCardRevocations, correlation_id=correlation_id)

    # ---------------------------------------------------------------- admin
    def settle_payment(
        self, payment_id: str, outcome: str, *, correlation_id: str | None = None
    ) -> c.PaymentOrder:
        return self._call(
            "POST",
            c.SETTLE_PAYMENT_PATH.format(payment_id=payment_id),
            c.PaymentOrder,
            body=c.PaymentSettlement(outcome=outcome),  # type: ignore[arg-type]
            correlation_id=correlation_id,
        )

    def review(
        self, filing_id: str, decision: c.ReviewDecision, *, correlation_id: str | None = None
    ) -> c.FilingStatus:
        return self._call(
            "POST",
            c.REVIEW_PATH.format(filing_id=filing_id),
            c.FilingStatus,
            body=decision,
            correlation_id=correlation_id,
        )

    def decide_reading(
        self, application_id: str, decision: c.ReadingDecision, *, correlation_id: str | None = None
    ) -> c.ReadingGrant:
        return self._call("POST", c.ADMIN_READING_DECISION_PATH.format(application_id=application_id),
                          c.ReadingGrant, body=decision, correlation_id=correlation_id)

    def add_case_event(self, event: c.CaseEvent, *, correlation_id: str | None = None) -> c.CaseDetail:
        return self._call("POST", c.ADMIN_CASE_EVENTS_PATH, c.CaseDetail, body=event, correlation_id=correlation_id)

    def list_materials(self, *, correlation_id: str | None = None) -> c.MaterialList:
        return self._call("GET", c.ADMIN_MATERIALS_PATH, c.MaterialList, correlation_id=correlation_id)

    def list_filings(self, *, correlation_id: str | None = None) -> c.FilingList:
        return self._call("GET", c.ADMIN_FILINGS_PATH, c.FilingList, correlation_id=correlation_id)

    def call_next_ticket(self, hall: str, call: c.CallNext, *, correlation_id: str | None = None) -> c.Ticket | None:
        """A counter calls its next ticket; None when nobody waits for its services (404)."""
        try:
            return self._call("POST", c.ADMIN_CALL_NEXT_PATH.format(hall=quote(hall, safe="")), c.Ticket, body=call,
                              correlation_id=correlation_id)
        except PermanentError as exc:
            if exc.status == 404:
                return None
            raise

    def list_tickets(self, hall: str | None = None, day: str | None = None, *,
                     correlation_id: str | None = None) -> c.TicketList:
        query = urlencode({k: v for k, v in (("hall", hall), ("day", day)) if v})
        return self._call("GET", c.ADMIN_TICKETS_PATH + (f"?{query}" if query else ""), c.TicketList,
                          correlation_id=correlation_id)

    # ------------------------------------------------------------ uploads
    def authenticate(self, *, correlation_id: str | None = None) -> None:
        """Get a bearer token from the backend; later requests carry it (Authorization: Bearer)."""
        self._token = None
        token = self._call("POST", c.TOKEN_PATH, c.AuthToken, correlation_id=correlation_id)
        self._token = token.access_token
        log.info("authenticated (token valid %d s)", token.expires_in)

    def upload_status(self, upload_id: str, *, correlation_id: str | None = None) -> c.UploadStatus | None:
        """Where an upload stands (offset, complete); None when the backend does not know it."""
        return _echoed(self._get_or_none(c.UPLOAD_PATH.format(upload_id=upload_id), c.UploadStatus, correlation_id),
                       upload_id=upload_id)

    def _get_or_none(self, path: str, model: type[M], correlation_id: str | None) -> M | None:
        """GET a resource; None for 404 (not an error here: it was never created)."""
        response, ids = self._send("GET", path, correlation_id=correlation_id)
        with response:
            if response.status_code == 404 and not t.is_html(response):  # a proxy's 404 page is no answer
                return None
            if 200 <= response.status_code < 300:
                return self._parse(response, model, "GET", path, ids)
            self._raise_for(response, "GET", path, ids)
            raise AssertionError("unreachable")

    def create_upload(
        self, spec: c.UploadCreate, idempotency_key: str, *, correlation_id: str | None = None
    ) -> c.UploadStatus:
        """Announce an upload; the same key and spec again answers where it stands (200)."""
        if not idempotency_key:
            raise ValueError("create_upload needs an idempotency key")
        return _echoed(self._call("POST", c.UPLOADS_PATH, c.UploadStatus, body=spec,
                                  headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key}, correlation_id=correlation_id),
                       upload_id=spec.upload_id)

    def upload(
        self,
        source: bytes | bytearray | memoryview | str | os.PathLike[str],
        sha256: str,
        media_type: str,
        upload_id: str,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        *,
        idempotency_key: str | None = None,
        min_chunk_size: int = MIN_CHUNK_SIZE,
        correlation_id: str | None = None,
        on_progress: Callable[[c.UploadStatus], None] | None = None,
        max_resumes: int = 5,
    ) -> c.UploadStatus:
        """Upload `source` (bytes or a file path) resumably; returns the completed upload's status.

        Asks the backend where the upload stands first (creating it when unknown, with
        `idempotency_key`, default ``upload-<upload_id>``) and sends the rest in PATCH chunks
        from that offset, so a crash or a dropped connection costs at most one chunk. Each chunk
        carries its SHA-256 (Upload-Checksum). 409: resume from the backend's offset; a dropped
        connection: ask the offset and resume (up to `max_resumes` times without progress, then
        RetryableError); 413: halve the chunk size (PermanentError below `min_chunk_size`); 422 (the digest does not
        match; the backend discarded the upload) and other refusals: PermanentError.
        `on_progress` is called with the status after every acknowledged chunk.
        """
        if chunk_size < 1 or min_chunk_size < 1:
            raise ValueError("chunk sizes must be positive")
        key = idempotency_key or f"upload-{upload_id}"
        cid = correlation_id or self.correlation_id or str(uuid.uuid4())
        path = c.UPLOAD_PATH.format(upload_id=upload_id)

        with _Source(source) as data:
            spec = c.UploadCreate(upload_id=upload_id, length=data.length, sha256=sha256, media_type=media_type)

            def checked(status: c.UploadStatus) -> c.UploadStatus:
                _echo("upload_id", status.upload_id, upload_id)
                if (status.length, status.sha256) != (spec.length, spec.sha256):
                    raise PermanentError(None, f"upload {upload_id} on the backend has another length or digest")
                if not 0 <= status.offset <= status.length or (status.complete and status.offset != status.length):
                    raise PermanentError(None, f"mismatched answer: upload {upload_id} at an impossible offset",
                                         reason=REASON_MISMATCH)
                return status

            def start() -> c.UploadStatus:
                status = self.upload_status(upload_id, correlation_id=cid)
                if status is None:
                    status = self.create_upload(spec, key, correlation_id=cid)
                return checked(status)

            status = start()
            offset = status.offset
            stalls = checksum_failures = 0
            recreated = False
            if offset:
                log.info("upload %s resumes at offset %d of %d", upload_id, offset, data.length)
            while not status.complete:
                if stalls > max_resumes:
                    raise RetryableError(None, f"upload {upload_id} made no progress after {max_resumes} resumes")
                size = min(chunk_size, data.length - offset)
                chunk = data.read(offset, size)
                headers = {
                    c.UPLOAD_OFFSET_HEADER: str(offset),
                    c.UPLOAD_CHECKSUM_HEADER: "sha256 " + base64.b64encode(hashlib.sha256(chunk).digest()).decode(),
                    "Content-Type": c.UPLOAD_CONTENT_TYPE,
                }
                try:
                    response, ids = self._send("PATCH", path, data=chunk, headers=headers, correlation_id=cid)
                except RetryableError:
                    stalls += 1
                    status = start()  # where did that chunk get to?
                    offset = status.offset
                    log.info("upload %s: connection lost; resuming at offset %d", upload_id, offset)
                    continue
                with response:
                    code = response.status_code
                    if 200 <= code < 300:
                        status = checked(self._parse(response, c.UploadStatus, "PATCH", path, ids))
                        stalls = 0 if status.offset > offset or status.complete else stalls + 1
                        offset = status.offset
                        if on_progress is not None:
                            on_progress(status)
                        continue
                    if code == 409:
                        stalls += 1
                        header = response.headers.get(c.UPLOAD_OFFSET_HEADER, "")
                        if header.isascii() and header.isdigit() and int(header) <= data.length:
                            offset = int(header)
                            log.info("upload %s: the backend is at offset %d; resuming there", upload_id, offset)
                            continue
                        self._raise_for(response, "PATCH", path, ids)  # a plain 409 (busy): retry later
                    if code == 413:
                        chunk_size = max(1, size // 2)
                        if chunk_size < min_chunk_size:
                            raise PermanentError(413, f"the backend refuses chunks of {size} bytes")
                        log.info("upload %s: chunk of %d bytes too large; now %d", upload_id, size, chunk_size)
                        continue
                    if code == c.CHECKSUM_MISMATCH_STATUS:
                        checksum_failures += 1
                        if checksum_failures > 3:
                            raise RetryableError(None, "chunks keep arriving damaged", status=code)
                        continue
                    if code == 404 and not recreated:  # the backend lost it: start again
                        recreated = True
                        log.warning("upload %s: unknown to the backend; starting it again", upload_id)
                        status = start()
                        offset = status.offset
                        continue
                    self._raise_for(response, "PATCH", path, ids)
            log.info("upload %s complete (%d bytes)", upload_id, status.length)
            return status

    # ------------------------------------------------------------- plumbing
    def _send(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        correlation_id: str | None = None,
        timeout: float | None = None,
        limit: int | None = None,
        deadline: float | None = None,
    ) -> tuple[requests.Response, str]:
        """Send one request; (response with its body read, ids for the log). Connection problems, an
        answer over the endpoint's size cap (`limit`, default `answer_limit`) or one that does not end
        within the deadline (`deadline`, default the client's) raise RetryableError.

        A 401 (no token, or it expired) gets a new token and the request is sent once more; a
        second 401 is the answer (RetryableError from `_raise_for`: the backend may be mid-restart).
        """
        correlation_id = correlation_id or self.correlation_id or str(uuid.uuid4())
        deadline_at = time.monotonic() + (self.deadline if deadline is None else deadline)
        limit = answer_limit(path) if limit is None else limit
        response, ids = self._send_once(method, path, data=data, headers=headers, correlation_id=correlation_id,
                                        timeout=timeout, limit=limit, deadline_at=deadline_at)
        if response.status_code != 401 or path == c.TOKEN_PATH:
            return response, ids
        response.close()
        log.info("%s %s -> 401; getting a new token %s", method, path, ids)
        self.authenticate(correlation_id=correlation_id)
        return self._send_once(method, path, data=data, headers=headers, correlation_id=correlation_id,
                               timeout=timeout, limit=limit, deadline_at=deadline_at)

    def _send_once(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None,
        headers: dict[str, str] | None,
        correlation_id: str,
        timeout: float | None = None,
        limit: int = DEFAULT_ANSWER_LIMIT,
        deadline_at: float | None = None,
    ) -> tuple[requests.Response, str]:
        timeout = self.timeout if timeout is None else timeout  # a call may want a shorter wait (tickets)
        deadline_at = time.monotonic() + self.deadline if deadline_at is None else deadline_at
        request_id = str(uuid.uuid4())
        all_headers = self._headers(request_id, correlation_id)
        all_headers["Accept"] = "application/json"
        if headers:
            all_headers.update(headers)
        ids = f"request_id={request_id} correlation_id={correlation_id}"
        started = time.monotonic()
        if deadline_at - started <= 0:
            log.info("%s %s not sent: the call's deadline has passed %s", method, path, ids)
            raise RetryableError(None, "court too slow: the call's deadline passed", reason=REASON_TOO_SLOW)
        timeout = min(timeout, deadline_at - started)
        kwargs: dict[str, Any] = {"headers": all_headers, "timeout": timeout, "stream": True,
                                  "allow_redirects": False, "proxies": self.proxies}
        if self.tls is not None:
            cert = self.tls.client_cert()
            if cert is None and self.tls.require_client_cert and not t.is_enrolment(path):
                log.info("%s %s not sent: this kiosk is not enrolled with the court yet %s", method, path, ids)
                raise RetryableError(None, "not enrolled: this kiosk has no client certificate yet (enrol it in "
                                           "maintenance mode)", reason=REASON_NOT_ENROLLED)
            if cert is not None:
                kwargs["cert"] = cert
        if data is not None:
            kwargs["data"] = data
        try:
            with header_deadline(deadline_at):
                response = self.session.request(method, self.base_url + path, **kwargs)
        except requests.exceptions.SSLError as exc:
            log.warning("%s %s: TLS refused (%s) %s", method, path, type(exc).__name__, ids)
            raise RetryableError(None, "TLS refused: the court's certificate or key did not verify",
                                 reason=REASON_TLS) from exc
        except (requests.Timeout, requests.ConnectionError) as exc:
            if time.monotonic() >= deadline_at - 0.02:  # the deadline cut the status line or headers off
                log.info("%s %s: no answer within the deadline %s", method, path, ids)
                raise RetryableError(None, "court too slow: no answer within the deadline",
                                     reason=REASON_TOO_SLOW) from exc
            if isinstance(exc, requests.Timeout):
                log.info("%s %s timed out after %.1f s %s", method, path, timeout, ids)
                raise RetryableError(None, f"timeout: {type(exc).__name__}") from exc
            log.info("%s %s connection failed (%s) %s", method, path, type(exc).__name__, ids)
            raise RetryableError(None, f"connection error: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            log.warning("%s %s failed (%s) %s", method, path, type(exc).__name__, ids)
            raise RetryableError(None, f"request failed: {type(exc).__name__}") from exc
        ok = 200 <= response.status_code < 300
        try:
            t.read_body(response, limit=limit if ok else ERROR_ANSWER_LIMIT, deadline_at=deadline_at,
                        read_timeout=timeout, truncate=not ok)
        except t.AnswerProblem as exc:
            log.info("%s %s -> %d: %s %s", method, path, response.status_code, exc.reason, ids)
            raise RetryableError(None, exc.detail, status=None if exc.reason == t.REASON_BROKEN_OFF else response.status_code,
                                 reason=exc.reason) from exc
        elapsed_ms = (time.monotonic() - started) * 1000
        log.debug("%s %s -> %d in %.0f ms %s", method, path, response.status_code, elapsed_ms, ids)
        return response, ids

    @staticmethod
    def _raise_for(response: requests.Response, method: str, path: str, ids: str) -> None:
        """Raise the error class of a non-2xx answer."""
        status = response.status_code
        if 300 <= status < 400:  # never followed (a 307/308 would send the body again, elsewhere)
            log.warning("%s %s -> %d: a redirect, not followed %s", method, path, status, ids)
            raise PermanentError(status, "the court answered with a redirect (not followed)", reason=REASON_REDIRECT)
        detail = t.error_detail(response, _DETAIL_LIMIT)
        reason = REASON_HTML if t.is_html(response) else None
        if status in c.RETRYABLE_STATUS_CODES or status >= 500 or status == 401:
            retry_after = parse_retry_after(response.headers.get(c.RETRY_AFTER_HEADER))
            log.info("%s %s -> %d (retry later) %s", method, path, status, ids)
            raise RetryableError(retry_after, detail, status=status, reason=reason)
        if 400 <= status < 500:
            log.warning("%s %s -> %d (permanent) %s", method, path, status, ids)
            raise PermanentError(status, detail, reason=reason)
        log.warning("%s %s -> unexpected %d %s", method, path, status, ids)
        raise RetryableError(None, f"unexpected status: {detail}", status=status)

    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
        correlation_id: str | None = None,
        timeout: float | None = None,
    ) -> M:
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = body.model_dump_json().encode("utf-8")
            headers["Content-Type"] = "application/json"
        response, ids = self._send(method, path, data=data, headers=headers, correlation_id=correlation_id,
                                   timeout=timeout)
        with response:
            if 200 <= response.status_code < 300:
                return self._parse(response, model, method, path, ids)
            self._raise_for(response, method, path, ids)
            raise AssertionError("unreachable")

    @staticmethod
    def _parse(response: requests.Response, model: type[M], method: str, path: str, ids: str) -> M:
        try:
            data = t.loads(response.content)
        except ValueError as exc:
            log.warning("%s %s -> %d but the answer is not JSON %s", method, path, response.status_code, ids)
            what = "an HTML page" if t.is_html(response) else "not JSON"
            raise RetryableError(None, f"answer is not JSON ({what})", status=response.status_code,
                                 reason=REASON_NOT_JSON) from exc
        try:
            return model.model_validate(data)
        except (ValidationError, RecursionError) as exc:
            log.warning(
                "%s %s -> %d but the answer does not match %s %s",
                method,
                path,
                response.status_code,
                model.__name__,
                ids,
            )
            summary = c.validation_summary(exc) if isinstance(exc, ValidationError) else "nested too deeply"
            raise RetryableError(
                None,
                f"answer does not match {model.__name__}: {summary}",
                status=response.status_code,
                reason=REASON_INVALID,
            ) from exc
