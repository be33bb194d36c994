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
"""

from __future__ import annotations

import uuid

from offline_queue.contract import (
    FeeNotice,
    Heartbeat,
    MessageSubmission,
    PaymentOrderCreate,
    payment_id_for,
)
from offline_queue.outbox import Outbox, OutboxItem

KIND_FILING = "filing"
KIND_PAYMENT = "payment"
KIND_MESSAGE = "message"
KIND_HEARTBEAT = "heartbeat"


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
