"""The sync worker: sends outbox items to the court backend.

One daemon thread claims due items one at a time and hands each to the
handler registered for its kind (default: ``"filing"`` -> `CourtClient.submit_filing`,
``"attachment"`` -> `CourtClient.upload`, resumable, see `offline_queue.attachments`;
``"payment"`` -> `CourtClient.create_payment`, ``"message"`` -> `CourtClient.submit_message`,
``"heartbeat"`` -> `CourtClient.heartbeat`; contract 1.2: ``"reading_application"``,
``"reading_record"``, ``"print_outcome"``, ``"material"``; 1.3: ``"ticket_report"``, ``"ticket_cancel"``;
``"staff_call"``; 1.5: ``"audit"``; see `offline_queue.items`).

- success -> `Outbox.mark_delivered` with the backend's answer;
- `RetryableError` -> `Outbox.mark_retry` at now + max(Retry-After, full-jitter delay);
- `PermanentError` -> `Outbox.mark_dead` (dead letter, shown in maintenance mode); the error's reason
  code (`offline_queue.transport`, e.g. ``mismatched_answer``, ``redirect``) starts the dead letter's text;
- a `RetryableError` whose answer was nonsense (not JSON, not the contract, too large:
  `transport.BOUNDED_REASONS`) is retried until the item's `MAX_NONSENSE_ATTEMPTS`-th attempt, then
  it is a dead letter with that reason (a backend that keeps answering nonsense needs a person);
- anything else -> `Outbox.mark_retry` (logged with its type only: messages may hold personal data),
  up to `MAX_UNEXPECTED_ATTEMPTS` attempts, then a dead letter ("unexpected <type>").

A failing item is rescheduled, so it never blocks the others. `drain` is the
headless variant for ``kiosk sync``: it tries every pending item once now.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from offline_queue import attachments
from offline_queue.client import DEFAULT_CHUNK_SIZE, CourtClient, PermanentError, RetryableError
from offline_queue.contract import (
    AuditEntry,
    FilingSubmission,
    Heartbeat,
    MaterialSubmission,
    MessageSubmission,
    PaymentOrderCreate,
    PrintOutcome,
    ReadingApplication,
    ReadingRecord,
    StaffCall,
    TicketCancel,
    TicketRequest,
    VideoBookingRequest,
    VideoCallLog,
    validation_summary,
)
from offline_queue.items import (
    KIND_AUDIT,
    KIND_FILING,
    KIND_HEARTBEAT,
    KIND_MATERIAL,
    KIND_MESSAGE,
    KIND_PAYMENT,
    KIND_PRINT_OUTCOME,
    KIND_READING_APPLICATION,
    KIND_READING_RECORD,
    KIND_STAFF_CALL,
    KIND_TICKET_CANCEL,
    KIND_TICKET_REPORT,
    KIND_VIDEO_BOOKING,
    KIND_VIDEO_CALL_LOG,
)
from offline_queue.outbox import DEAD, DELIVERED, IN_FLIGHT, PENDING, Outbox, OutboxError, OutboxItem
from offline_queue.transport import BOUNDED_REASONS

log = logging.getLogger("offline_queue.sync")

#: A handler sends one item and returns the backend's answer (stored with the delivered item).
Handler = Callable[[OutboxItem], dict[str, Any] | BaseModel]

KIND_ATTACHMENT = attachments.KIND_ATTACHMENT

#: The attempt at which an item whose answers are still nonsense becomes a dead letter.
MAX_NONSENSE_ATTEMPTS = 5
#: The attempt at which an item whose handler still fails unexpectedly (a bug) becomes a dead letter.
MAX_UNEXPECTED_ATTEMPTS = 20
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class DrainResult:
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    remaining: int = 0


def _where(exc: BaseException) -> str:
    """file:line of the innermost frame: enough to find a bug, no message (personal data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


class SyncWorker:
    """Delivers outbox items in the background (`start`/`stop`) or headless (`drain`)."""

    def __init__(
        self,
        outbox: Outbox,
        client: CourtClient,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        on_change: Callable[[str, str], None] | None = None,
        *,
        handlers: dict[str, Handler] | None = None,
        idle_interval: float = 30.0,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
        attachments_dir: str | os.PathLike[str] | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> None:
        """`attachments_dir`: where attachment files are (default: the folder each item was stored
        in, recorded in its payload); `chunk_size`: the first upload chunk size (413 halves it)."""
        self.outbox = outbox
        self.attachments_dir = Path(attachments_dir) if attachments_dir is not None else None
        self.chunk_size = chunk_size
        self.client = client
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.on_change = on_change
        self.idle_interval = idle_interval
        self.handlers: dict[str, Handler] = (
            {
                KIND_FILING: self.send_filing,
                KIND_ATTACHMENT: self.send_attachment,
                KIND_PAYMENT: self.send_payment,
                KIND_MESSAGE: self.send_message,
                KIND_HEARTBEAT: self.send_heartbeat,
                KIND_READING_APPLICATION: self._sender(ReadingApplication, "apply_reading"),
                KIND_READING_RECORD: self._sender(ReadingRecord, "submit_reading_record"),
                KIND_PRINT_OUTCOME: self._sender(PrintOutcome, "report_print_outcome"),
                KIND_MATERIAL: self._sender(MaterialSubmission, "submit_material"),
                KIND_TICKET_REPORT: self._sender(TicketRequest, "issue_ticket"),
                KIND_TICKET_CANCEL: self._sender(TicketCancel, "cancel_ticket"),
                KIND_STAFF_CALL: self.send_staff_call,
                KIND_AUDIT: self._sender(AuditEntry, "submit_audit_entry"),
                KIND_VIDEO_CALL_LOG: self._sender(VideoCallLog, "submit_video_call_log"),
                KIND_VIDEO_BOOKING: self._sender(VideoBookingRequest, "book_video_session"),
            }
            if handlers is None
            else dict(handlers)
        )
        self._rng = rng or random.Random()
        self._clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ handlers
    def register(self, kind: str, handler: Handler) -> None:
        self.handlers[kind] = handler
        self.wake()

    @staticmethod
    def _payload(item: OutboxItem, model: type[M]) -> M:
        try:
            return model.model_validate(item.payload)
        except ValidationError as exc:
            raise PermanentError(
                None, f"payload is not a valid {model.__name__}: {validation_summary(exc)}"
            ) from exc

    def _sender(self, model: type[M], method: str) -> Handler:
        """A handler for an idempotent PUT of a `model` payload by the client's `method`: the item's
        key is its Idempotency-Key."""

        def send(item: OutboxItem) -> dict[str, Any]:
            body = self._payload(item, model)
            call = getattr(self.client, method)
            return call(body, item.idempotency_key, correlation_id=item.id).model_dump(mode="json")

        return send

    def send_filing(self, item: OutboxItem) -> dict[str, Any]:
        """The "filing" handler: payload is a FilingSubmission's JSON, the item's key its Idempotency-Key."""
        submission = self._payload(item, FilingSubmission)
        receipt = self.client.submit_filing(submission, item.idempotency_key, correlation_id=item.id)
        return receipt.model_dump(mode="json")

    def send_payment(self, item: OutboxItem) -> dict[str, Any]:
        """The "payment" handler: make the payment order for a fee notice.

        When an earlier attempt's outcome is unknown (this is not the first attempt: the answer
        may have been lost, or the kiosk died mid-request), the backend is asked for the order
        first and an order it has is the answer; only an order it does not have is sent (again,
        with the same id and key, so even a race cannot make a second one).
        """
        order = self._payload(item, PaymentOrderCreate)
        if item.attempts > 1:
            existing = self.client.payment_status(order.payment_id, correlation_id=item.id)
            if existing is not None:
                log.info("sync: payment %s was already made (%s); settled by asking", item.id, existing.status)
                return existing.model_dump(mode="json")
        return self.client.create_payment(order, item.idempotency_key, correlation_id=item.id).model_dump(
            mode="json"
        )

    def send_message(self, item: OutboxItem) -> dict[str, Any]:
        """The "message" handler: a message for the judge or a mediation request."""
        message = self._payload(item, MessageSubmission)
        return self.client.submit_message(message, item.idempotency_key, correlation_id=item.id).model_dump(
            mode="json"
        )

    def send_heartbeat(self, item: OutboxItem) -> dict[str, Any]:
        """The "heartbeat" handler: the kiosk's state (PUT replaces the backend's last one)."""
        heartbeat = self._payload(item, Heartbeat)
        return self.client.heartbeat(heartbeat, correlation_id=item.id).model_dump(mode="json")

    def send_staff_call(self, item: OutboxItem) -> dict[str, Any]:
        """The "staff_call" handler: PUT the call with its key (the backend answers a repeat with the call as
        it stands)."""
        call = self._payload(item, StaffCall)
        return self.client.submit_staff_call(call, item.idempotency_key, correlation_id=item.id).model_dump(mode="json")

    def send_attachment(self, item: OutboxItem) -> dict[str, Any]:
        """The "attachment" handler: a resumable upload (upload id = item id), then the file is deleted.

        The file is read (decrypted) and checked against its digest first; when it is gone the
        backend is asked whether the upload completed before a crash (then it is delivered), else
        the item is a dead letter. After the backend confirms, the file is securely deleted.
        """
        payload = item.payload
        directory = self.attachments_dir or Path(payload.get("dir") or ".")
        try:
            content = attachments.read_attachment(item, directory)
        except attachments.AttachmentError as exc:
            status = self.client.upload_status(item.id, correlation_id=item.id)
            if status is not None and status.complete and status.sha256 == payload["sha256"]:
                return status.model_dump(mode="json")  # uploaded, then interrupted before marked delivered
            raise PermanentError(None, str(exc)) from exc
        status = self.client.upload(
            content,
            payload["sha256"],
            payload["media_type"],
            item.id,
            self.chunk_size,
            idempotency_key=item.idempotency_key,
            correlation_id=item.id,
        )
        attachments.secure_delete(attachments.file_path(item, directory))
        return status.model_dump(mode="json")

    # -------------------------------------------------------------- thread
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="offline-queue-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to stop and wait for it; False if it is still busy (e.g. in an HTTP call)."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            log.warning("sync worker still busy %.1f s after stop", timeout)
            return False
        self._thread = None
        return True

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wake(self) -> None:
        """Look for due items now (call after enqueue)."""
        self._wake.set()

    def _run(self) -> None:
        log.info("sync worker started")
        while not self._stop.is_set():
            self._wake.clear()
            try:
                handled = self.process_one()
            except OutboxError as exc:
                log.error("sync: the outbox failed: %s", exc)
                self._wake.wait(min(self.max_delay, 5.0))
                continue
            except Exception as exc:  # a bug; keep the worker alive
                log.error("sync: unexpected %s at %s", type(exc).__name__, _where(exc))
                self._wake.wait(min(self.max_delay, 5.0))
                continue
            if handled is not None:
                continue
            try:
                due = self.outbox.next_due(kinds=self.handlers.keys())
            except OutboxError as exc:
                log.error("sync: the outbox failed: %s", exc)
                due = None
            timeout = self.idle_interval if due is None else min(self.idle_interval, due - self._clock())
            self._wake.wait(max(0.05, timeout))
        log.info("sync worker stopped")

    # ---------------------------------------------------------- processing
    def process_one(
        self,
        now: float | None = None,
        *,
        ignore_schedule: bool = False,
        exclude: tuple[str, ...] | set[str] = (),
    ) -> tuple[OutboxItem, str] | None:
        """Claim one due item and send it. Returns (item as claimed, its new state) or None if nothing was due."""
        item = self.outbox.claim_due(
            now, ignore_schedule=ignore_schedule, kinds=self.handlers.keys(), exclude=exclude
        )
        if item is None:
            return None
        return item, self._handle(item)

    def _handle(self, item: OutboxItem) -> str:
        self._notify(item.id, IN_FLIGHT)
        handler = self.handlers.get(item.kind)
        try:
            if handler is None:  # unregistered while the item was being claimed
                raise LookupError(f"no handler for kind {item.kind!r}")
            response = handler(item)
        except RetryableError as exc:
            if exc.reason in BOUNDED_REASONS and item.attempts >= MAX_NONSENSE_ATTEMPTS:
                self.outbox.mark_dead(item.id, f"{exc.reason}: {exc} (after {item.attempts} attempts)")
                log.warning("sync: item %s kind=%s: the court's answer is still nonsense (%s) after %d attempts; "
                            "dead letter", item.id, item.kind, exc.reason, item.attempts)
                self._notify(item.id, DEAD)
                return DEAD
            delay = self.retry_delay(item.attempts, exc.retry_after)
            self.outbox.mark_retry(item.id, str(exc) or "retryable error", self._clock() + delay)
            log.info(
                "sync: item %s kind=%s attempt %d failed (%s); retry in %.1f s",
                item.id,
                item.kind,
                item.attempts,
                f"HTTP {exc.status}" if exc.status else exc.detail.split(":")[0],
                delay,
            )
            state = PENDING
        except PermanentError as exc:
            text = str(exc) or "permanent error"
            self.outbox.mark_dead(item.id, f"{exc.reason}: {text}" if exc.reason else text)
            log.warning(
                "sync: item %s kind=%s refused (%s); dead letter",
                item.id,
                item.kind,
                exc.reason or (f"HTTP {exc.status}" if exc.status else "local"),
            )
            state = DEAD
        except OutboxError:
            raise
        except Exception as exc:
            if item.attempts >= MAX_UNEXPECTED_ATTEMPTS:
                self.outbox.mark_dead(item.id, f"unexpected {type(exc).__name__} (after {item.attempts} attempts)")
                log.error("sync: item %s kind=%s handler raised %s at %s %d times; dead letter", item.id, item.kind,
                          type(exc).__name__, _where(exc), item.attempts)
                self._notify(item.id, DEAD)
                return DEAD
            delay = self.retry_delay(item.attempts, None)
            self.outbox.mark_retry(item.id, f"unexpected {type(exc).__name__}", self._clock() + delay)
            log.error(
                "sync: item %s kind=%s handler raised %s at %s; retry in %.1f s",
                item.id,
                item.kind,
                type(exc).__name__,
                _where(exc),
                delay,
            )
            state = PENDING
        else:
            if isinstance(response, BaseModel):
                response = response.model_dump(mode="json")
            self.outbox.mark_delivered(item.id, dict(response or {}))
            state = DELIVERED
        self._notify(item.id, state)
        return state

    def retry_delay(self, attempts: int, retry_after: float | None) -> float:
        """Full jitter: uniform(0, min(max_delay, base * 2**failures)), but at least Retry-After."""
        failures = max(0, attempts - 1)
        cap = min(self.max_delay, self.base_delay * 2 ** min(failures, 62))
        return max(retry_after or 0.0, self._rng.uniform(0, cap))

    def drain(self, deadline: float = 60.0) -> DrainResult:
        """Try every pending item once now (ignoring backoff), in dependency order, until `deadline` seconds.

        An item that becomes ready during the drain (its dependency was just
        delivered) is tried as well. The item in progress when the deadline
        passes finishes first (bounded by the client's timeout).
        """
        end = time.monotonic() + deadline
        tried: set[str] = set()
        delivered = retried = dead = 0
        while time.monotonic() < end:
            result = self.process_one(ignore_schedule=True, exclude=tried)
            if result is None:
                break
            item, state = result
            tried.add(item.id)
            if state == DELIVERED:
                delivered += 1
            elif state == DEAD:
                dead += 1
            else:
                retried += 1
        stats = self.outbox.stats()
        result = DrainResult(delivered, retried, dead, stats[PENDING] + stats[IN_FLIGHT])
        log.info(
            "sync drain: %d delivered, %d to retry, %d dead, %d remaining",
            result.delivered,
            result.retried,
            result.dead,
            result.remaining,
        )
        return result

    def _notify(self, item_id: str, state: str) -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(item_id, state)
        except Exception as exc:
            log.error("sync: on_change callback raised %s at %s", type(exc).__name__, _where(exc))
