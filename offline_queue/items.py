"""The outbox item kinds besides attachments, and how each is enqueued.

- ``filing``: a `FilingSubmission` (key: the caller's, made when the litigant confirms; the item id
  is the filing id). With attachments, `offline_queue.attachments.enqueue_filing` chains it after them.
- ``payment``: a `PaymentOrderCreate` for a fee notice. The payment id comes from the notice
  (`contract.payment_id_for`), and so does the key: confirming "pay" again, a kiosk restart in the
  middle of paying, or a second kiosk all name the same order, so a notice never gets two. It
  depends on its filing's item when that is still in the outbox. The sync worker settles an
  attempt whose outcome is unknown by asking the backend for the order (GET) before sending it again.
- ``message``: a `MessageSubmission` (for the judge, or a request for mediation).
- ``heartbeat``: a `Heartbeat` (no personal data). Only the newest matters: enqueueing one removes
  the heartbeats still waiting (`Outbox.enqueue_latest`), so a week offline leaves one, not 2,000.
- ``reading_application``: a `ReadingApplication` (阅卷申请; the court decides later).
- ``reading_record``: a `ReadingRecord` (who read which document of a case file, and when).
- ``print_outcome``: a `PrintOutcome` (how a 文书打印 job went; the print record was made online).
- ``material``: a `MaterialSubmission` (材料收转); with its PDFs,
  `offline_queue.attachments.enqueue_material` chains it after them.
- ``ticket_report`` / ``ticket_cancel`` (1.3): a queue ticket issued offline, reported; a ticket cancelled.
- ``staff_call``: a `StaffCall` (呼叫工作人员: which kiosk, when, on which screen; nothing personal).
- ``video_call_log`` (issue 20): a `VideoCallLog` (a finished video call: kind, kiosk, who answered, when,
  how long; no litigant data).
- ``video_booking`` (contract 1.8): a `VideoBookingRequest` (判后答疑 booked when the judge is not at the
  console: the case, the person's ID number, the time chosen; encrypted like a filing). The answer, the
  `VideoBooking`, is the item's response: the time the court booked.
- ``audit`` (1.5): an `AuditEntry` of the staff audit trail (`kiosk.audit`), keyed ``audit-<kiosk_id>-<seq>``.

Each of these is keyed by its own client-chosen id: enqueueing the same record again (a second
touch, a restart in the middle) returns the stored item, and the backend answers the same key once.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from offline_queue.contract import (
    AuditEntry,
    FeeNotice,
    Heartbeat,
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
    payment_id_for,
)
from offline_queue.outbox import Outbox, OutboxItem

KIND_FILING = "filing"
KIND_PAYMENT = "payment"
KIND_MESSAGE = "message"
KIND_HEARTBEAT = "heartbeat"
KIND_READING_APPLICATION = "reading_application"
KIND_READING_RECORD = "reading_record"
KIND_PRINT_OUTCOME = "print_outcome"
KIND_MATERIAL = "material"


def payment_key(payment_id: str) -> str:
    return f"payment-{payment_id}"


def enqueue_payment(
    outbox: Outbox, notice: FeeNotice, *, attempt: int = 1, filing_item_id: str | None = None
) -> OutboxItem:
    """The payment order for a fee notice, once: the same notice (and attempt) returns the stored item.

    `attempt` > 1 only after the backend reported the previous order failed or expired.
    `filing_item_id`: the filing's outbox item (default: the notice's filing id, when that item is
    still stored); the order is sent only after the filing is delivered.
    """
    payment_id = payment_id_for(notice.notice_id, attempt)
    order = PaymentOrderCreate(payment_id=payment_id, notice_id=notice.notice_id, amount=notice.amount)
    depends_on = filing_item_id
    if depends_on is None and outbox.get(notice.filing_id) is not None:
        depends_on = notice.filing_id
    return outbox.enqueue(
        KIND_PAYMENT,
        order.model_dump(mode="json"),
        payment_key(payment_id),
        item_id=payment_id,
        depends_on=depends_on,
    )


def enqueue_message(outbox: Outbox, message: MessageSubmission) -> OutboxItem:
    """A message, once per message id (confirming it again returns the stored item)."""
    return outbox.enqueue(
        KIND_MESSAGE, message.model_dump(mode="json"), f"message-{message.message_id}", item_id=message.message_id
    )


def enqueue_heartbeat(outbox: Outbox, heartbeat: Heartbeat) -> OutboxItem:
    """The kiosk's newest heartbeat, replacing any still waiting to be sent."""
    item_id = str(uuid.uuid4())
    return outbox.enqueue_latest(
        KIND_HEARTBEAT, heartbeat.model_dump(mode="json"), f"heartbeat-{item_id}", item_id=item_id
    )


def enqueue_reading_application(outbox: Outbox, application: ReadingApplication) -> OutboxItem:
    """A reading application, once per application id."""
    return outbox.enqueue(KIND_READING_APPLICATION, application.model_dump(mode="json"),
                          f"reading-application-{application.application_id}", item_id=application.application_id)


def enqueue_reading_record(outbox: Outbox, record: ReadingRecord) -> OutboxItem:
    """A reading record, once per record id. It waits for its application when that is still in the outbox."""
    depends_on = record.application_id if outbox.get(record.application_id) is not None else None
    return outbox.enqueue(KIND_READING_RECORD, record.model_dump(mode="json"), f"reading-record-{record.record_id}",
                          item_id=record.record_id, depends_on=depends_on)


def enqueue_print_outcome(outbox: Outbox, outcome: PrintOutcome) -> OutboxItem:
    """How a print went, once per print record (its record id is the item id's source)."""
    item_id = str(uuid.uuid5(_OUTCOME_NAMESPACE, outcome.record_id))
    return outbox.enqueue(KIND_PRINT_OUTCOME, outcome.model_dump(mode="json"), f"print-outcome-{outcome.record_id}",
                          item_id=item_id)


_OUTCOME_NAMESPACE = uuid.UUID("5f0d6c1e-2b7a-4d55-9a3e-8c1b2f4e6d70")

# Queue tickets (1.3): a number a kiosk issued offline is reported (``ticket_report``, a `TicketRequest`
# with ``offline``; item id = ticket id), and a ticket that was not printed is cancelled
# (``ticket_cancel``, a `TicketCancel`), after its report when that is still stored here.
KIND_TICKET_REPORT = "ticket_report"
KIND_TICKET_CANCEL = "ticket_cancel"
_TICKET_CANCEL_NAMESPACE = uuid.UUID("0c9e2b64-7f3d-4a1e-b5c8-2d6f9a1e7b30")


def enqueue_ticket_report(outbox: Outbox, request: TicketRequest) -> OutboxItem:
    """An offline-issued ticket's report, once per ticket id."""
    if request.offline is None:
        raise ValueError("only a ticket issued offline is reported through the outbox")
    return outbox.enqueue(KIND_TICKET_REPORT, request.model_dump(mode="json"), f"ticket-{request.ticket_id}",
                          item_id=request.ticket_id)


def enqueue_ticket_cancel(outbox: Outbox, cancel: TicketCancel) -> OutboxItem:
    """A ticket's cancellation, once per ticket (the first one stored stands)."""
    item_id = str(uuid.uuid5(_TICKET_CANCEL_NAMESPACE, cancel.ticket_id))
    stored = outbox.get(item_id)
    if stored is not None:
        return stored
    depends_on = cancel.ticket_id if outbox.get(cancel.ticket_id) is not None else None
    return outbox.enqueue(KIND_TICKET_CANCEL, cancel.model_dump(mode="json"), f"ticket-cancel-{cancel.ticket_id}",
                          item_id=item_id, depends_on=depends_on)


# Call staff: a litigant's call for a person of the hall (``staff_call``, a `StaffCall`; item id = call id).
KIND_STAFF_CALL = "staff_call"


def enqueue_staff_call(outbox: Outbox, call: StaffCall) -> OutboxItem:
    """A staff call, once per call id (a second touch, a restart in the middle: the stored item)."""
    return outbox.enqueue(KIND_STAFF_CALL, call.model_dump(mode="json"), f"staff-call-{call.call_id}",
                          item_id=call.call_id)


# Remote video (issue 20): a finished call's log (``video_call_log``, a `VideoCallLog`; no litigant data).
KIND_VIDEO_CALL_LOG = "video_call_log"


def enqueue_video_call_log(outbox: Outbox, entry: VideoCallLog) -> OutboxItem:
    """A call's log, once per call id."""
    return outbox.enqueue(KIND_VIDEO_CALL_LOG, entry.model_dump(mode="json"), f"video-call-log-{entry.call_id}",
                          item_id=f"video-call-log-{entry.call_id}")


# 判后答疑 bookings (1.8): ``video_booking``, a `VideoBookingRequest` (item id = booking id).
KIND_VIDEO_BOOKING = "video_booking"


def enqueue_video_booking(outbox: Outbox, booking: VideoBookingRequest) -> OutboxItem:
    """A booking, once per booking id."""
    return outbox.enqueue(KIND_VIDEO_BOOKING, booking.model_dump(mode="json"), f"video-booking-{booking.booking_id}",
                          item_id=booking.booking_id)


# The staff audit trail (1.5): one entry of a kiosk's hash chain (``audit``, an `AuditEntry`; `kiosk.audit`).
KIND_AUDIT = "audit"


def audit_key(kiosk_id: str, seq: int) -> str:
    """The Idempotency-Key (and item id) of a kiosk's audit entry: the same on every resend."""
    return f"audit-{kiosk_id}-{seq}"


def enqueue_audit(outbox: Outbox, entry: AuditEntry | Mapping[str, Any]) -> OutboxItem:
    """An audit entry, once per kiosk and sequence number (enqueueing it again returns the stored item).
    Entries carry no dependency on each other: the backend checks the chain whatever order they arrive in."""
    if not isinstance(entry, AuditEntry):
        entry = AuditEntry.model_validate(dict(entry))
    key = audit_key(entry.kiosk_id, entry.seq)
    return outbox.enqueue(KIND_AUDIT, entry.model_dump(mode="json"), key, item_id=key)
