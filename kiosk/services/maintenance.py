"""Staff maintenance mode: PIN with lockout, device and queue status, reprints,
and retrying items that needed a person (dead letters)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk.core import DEVICE_KINDS

log = logging.getLogger("kiosk.maintenance")


@dataclass(frozen=True)
class QueueRow:
    item_id: str
    kind: str
    state: str
    attempts: int
    last_error: str | None
    created_at: str


class MaintenanceService(QObject):
    device_status = Signal(object)  # DeviceHealth
    backend_status = Signal(bool, str)
    queue_status = Signal(object, object)  # stats dict, list[QueueRow]
    reprinted = Signal(str)
    reprint_failed = Signal(str, str)

    def __init__(self, core, workers, receipts, pin_guard) -> None:
        super().__init__()
        self._core = core
        self._workers = workers  # kind -> DeviceWorker, plus "network", "outbox"
        self._receipts = receipts
        self._guard = pin_guard

    def try_pin(self, pin: str):
        result = self._guard.try_pin(pin)
        log.info("maintenance PIN %s", "accepted" if result.ok else "rejected")
        return result

    def refresh(self) -> None:
        for kind in DEVICE_KINDS:
            self._workers[kind].submit(
                lambda k=kind: self._core.device_health(k), self.device_status.emit, session_bound=False
            )
        self._workers["network"].submit(
            self._core.backend_health, lambda r: self.backend_status.emit(*r), session_bound=False
        )
        self.refresh_queue()

    def refresh_queue(self) -> None:
        def read():
            rows = [
                QueueRow(i.id, i.kind, i.state, i.attempts, i.last_error, str(i.created_at))
                for i in self._core.outbox.items()
            ]
            return self._core.outbox.stats(), rows

        self._workers["outbox"].submit(read, lambda r: self.queue_status.emit(*r), session_bound=False)

    def reprint(self, item_id: str) -> None:
        def load():
            return self._core.outbox.get(item_id)

        def loaded(item):
            if item is None or item.kind != "filing":
                self.reprint_failed.emit(item_id, "unknown")
                return
            self._receipts.print_filing(item.payload, self.reprinted, self.reprint_failed, reprint=True)

        self._workers["outbox"].submit(load, loaded, session_bound=False)

    def retry(self, item_id: str) -> None:
        def requeue():
            self._core.outbox.requeue(item_id)
            if self._core.sync is not None:
                self._core.sync.wake()

        self._workers["outbox"].submit(requeue, lambda _: self.refresh_queue(), session_bound=False)
