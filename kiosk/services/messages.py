"""联系法官: a litigant's message for the judge of one of their cases, stored durably in the outbox
(encrypted, like a filing) and delivered to the court by the sync worker, exactly once."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.messages")

MAX_TEXT = 5000


class MessageService(QObject):
    stored = Signal(str)  # message id: durable in the outbox
    failed = Signal(str)  # code: storage | invalid

    def __init__(self, outbox, wake_sync, outbox_worker, court_code: str, clock=datetime.now) -> None:
        super().__init__()
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._worker = outbox_worker
        self._court_code = court_code
        self._clock = clock

    def send(self, identity, text: str, *, case_number: str | None = None, filing_id: str | None = None,
             kind: str = "judge_message") -> None:
        """Store the message (its id made now; confirming again after a failure stores a new one only
        if the first was not stored) and wake the sender."""
        from pydantic import ValidationError

        from offline_queue import items
        from offline_queue.contract import MessageSubmission, Party

        try:
            message = MessageSubmission(
                message_id=str(uuid.uuid4()),
                kind=kind,
                court_code=self._court_code,
                case_number=case_number,
                filing_id=filing_id,
                sender=Party(kind="person", name=identity.name, id_number=identity.id_number,
                             address=identity.address or None),
                text=text.strip()[:MAX_TEXT],
                confirmed_at=self._clock().astimezone(),
            )
        except ValidationError:
            self.failed.emit("invalid")
            return
        outbox = self._outbox

        def store() -> str:
            items.enqueue_message(outbox, message)
            return message.message_id

        def stored(message_id: str) -> None:
            log.info("message %s stored in the outbox", message_id)
            self._wake_sync()
            self.stored.emit(message_id)

        def failed(exc: BaseException) -> None:
            log.error("storing a message failed: %s", type(exc).__name__)
            self.failed.emit("storage")

        self._worker.submit(store, stored, failed, session_bound=False)


def create(deps) -> MessageService:
    return MessageService(deps.outbox, deps.wake_sync, deps.workers["outbox"], deps.config.get("court.court_code"))


SERVICE = ServiceSpec(
    "message_judge",
    create,
    title=QT_TRANSLATE_NOOP("services", "Message the judge"),
    pictogram="message",
    voice=QT_TRANSLATE_NOOP("voice", "message the judge|judge"),
    menu=90,
    needs_identity=True,
    devices=("id_reader",),
    workers=("outbox",),
    config=("court.court_code",),
    outbox=True,
)
