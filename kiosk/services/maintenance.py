"""Staff maintenance mode: PIN with lockout, device and queue status, reprints,
and retrying items that needed a person (dead letters)."""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.core import DEVICE_KINDS
from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.maintenance")


@dataclass(frozen=True)
class QueueRow:
    item_id: str
    kind: str
    state: str
    attempts: int
    last_error: str | None
    created_at: str


VOID_REASONS = ("withdrawn", "duplicate", "court_instructed")


class AuditLog:
    """What staff did to the queue, one JSON line per action, fsynced: who (PIN or staff card id),
    when, what, which item and why (a reason code, never free text: no personal data)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def record(self, action: str, item_id: str = "", reason: str = "", staff: str = "pin") -> dict:
        entry = {"at": datetime.now().astimezone().isoformat(timespec="seconds"), "action": action,
                 "item": item_id, "reason": reason, "staff": staff}
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            new = not self.path.exists()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            if new:  # the new file's directory entry must survive a power cut too
                from offline_queue.durable import fsync_dir

                fsync_dir(self.path.parent)
        log.info("audit: %s %s (%s) by %s", action, item_id, reason, staff.split(":")[0])  # no staff id in logs
        return entry

    def entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]


class MaintenanceService(QObject):
    device_status = Signal(object)  # DeviceHealth
    backend_status = Signal(bool, str)
    queue_status = Signal(object, object)  # stats dict, list[QueueRow]
    reprinted = Signal(str)
    reprint_failed = Signal(str, str)
    voided = Signal(str, bool)  # item id, done

    def __init__(self, outbox, wake_sync, workers, receipts, pin_guard, *, device_health, backend_health,
                 audit_path: str | os.PathLike[str], queue_set_aside=None) -> None:
        """``device_health(kind)`` and ``backend_health()`` are blocking checks (run on the
        device's and the network's worker); ``workers``: kind -> DeviceWorker, plus "network",
        "outbox"."""
        super().__init__()
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._workers = workers
        self._receipts = receipts
        self._guard = pin_guard
        self._device_health = device_health
        self._backend_health = backend_health
        self._set_aside = queue_set_aside
        self.audit = AuditLog(audit_path)
        self.staff = "pin"  # who is in maintenance mode: "pin" or "card:<staff id>"

    def try_pin(self, pin: str):
        result = self._guard.try_pin(pin)
        log.info("maintenance PIN %s", "accepted" if result.ok else "rejected")
        return result

    def refresh(self) -> None:
        for kind in DEVICE_KINDS:
            self._workers[kind].submit(
                lambda k=kind: self._device_health(k), self.device_status.emit, session_bound=False
            )
        self._workers["network"].submit(
            self._backend_health, lambda r: self.backend_status.emit(*r), session_bound=False
        )
        self.refresh_queue()

    @property
    def queue_alert(self) -> str:
        """The name of an outbox file set aside at start ("" if none): staff must recover it."""
        return self._set_aside.name if self._set_aside is not None else ""

    @property
    def queue_alert_unreadable(self) -> bool:
        """Whether that file was set aside because the key file cannot open it (not damaged)."""
        from offline_queue.outbox import UNREADABLE

        return f".{UNREADABLE}-" in self.queue_alert

    def refresh_queue(self) -> None:
        def read():
            rows = [
                QueueRow(i.id, i.kind, i.state, i.attempts, i.last_error, str(i.created_at))
                for i in self._outbox.items()
            ]
            return self._outbox.stats(), rows

        self._workers["outbox"].submit(read, lambda r: self.queue_status.emit(*r), session_bound=False)

    def reprint(self, item_id: str) -> None:
        def load():
            return self._outbox.get(item_id)

        def loaded(item):
            if item is None or item.kind != "filing":
                self.reprint_failed.emit(item_id, "unknown")
                return
            self._receipts.print_filing(item.payload, self.reprinted, self.reprint_failed, reprint=True)

        self._workers["outbox"].submit(load, loaded, session_bound=False)

    def retry(self, item_id: str) -> None:
        """Replay a dead letter: back to pending, with the same idempotency key."""
        staff = self.staff

        def requeue():
            if self._outbox.requeue(item_id):
                self.audit.record("replay", item_id, "", staff)
            self._wake_sync()

        self._workers["outbox"].submit(requeue, lambda _: self.refresh_queue(), session_bound=False)

    def void(self, item_id: str, reason: str) -> None:
        """Never send this item (it stays on record as voided); audited."""
        if reason not in VOID_REASONS:
            raise ValueError("unknown void reason (see VOID_REASONS)")
        staff = self.staff

        def do_void():
            done = self._outbox.void(item_id, f"voided by staff: {reason}")
            if done:
                self.audit.record("void", item_id, reason, staff)
            return done

        def finished(done: bool) -> None:
            self.voided.emit(item_id, bool(done))
            self.refresh_queue()

        self._workers["outbox"].submit(do_void, finished, session_bound=False)


def create(deps) -> MaintenanceService:
    from kiosk.pin import PinGuard

    service = MaintenanceService(
        deps.outbox, deps.wake_sync, deps.workers, deps.services["receipts"], PinGuard.from_config(deps.config),
        device_health=deps.device_health, backend_health=deps.backend_health,
        audit_path=Path(deps.config.get("kiosk.data_dir")) / "audit.jsonl", queue_set_aside=deps.queue_set_aside)
    deps.subscribe_queue(lambda item_id, state: service.refresh_queue())
    return service


SERVICE = ServiceSpec("maintenance", create, uses_devices=DEVICE_KINDS, workers=("network", "outbox"),
                      config=("maintenance", "kiosk.data_dir"), requires=("receipts",), outbox=True)
