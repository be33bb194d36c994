"""联系法官: a litigant's message for the judge of one of their cases, stored durably in the outbox
(encrypted, like a filing) and delivered to the court by the sync worker, exactly once."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("kiosk.messages")

MAX_TEXT = 5000


class MessageService(QObject):
    stored = Signal(str)  # message id: durable in the outbox
    failed = Signal(str)  # code: storage | invalid

    def __init__(self, core, outbox_worker, clock=datetime.now) -> None:
        super().__init__()
        self._core = core
        self._worker = outbox_worker
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
                court_code=self._core.config.get("court.court_code"),
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
        core = self._core

        def store() -> str:
            items.enqueue_message(core.outbox, message)
            return message.message_id

        def stored(message_id: str) -> None:
            log.info("message %s stored in the outbox", message_id)
            if core.sync is not None:
                core.sync.wake()
            self.stored.emit(message_id)

        def failed(exc: BaseException) -> None:
            log.error("storing a message failed: %s", type(exc).__name__)
            self.failed.emit("storage")

        self._worker.submit(store, stored, failed, session_bound=False)
