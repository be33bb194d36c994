"""The heartbeat: every `queue.heartbeat_seconds` the kiosk tells the court how its devices and
its outbox are (no personal data). It goes through the outbox; while offline only the newest
one waits there (`offline_queue.items.enqueue_heartbeat` replaces one still waiting). It carries the
staff calls still open (kiosk.services.staff_call attaches itself): how many, how many have not reached the
court, and since when; one is sent at once when that count changes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from importlib import metadata

from PySide6.QtCore import QObject, QTimer

from kiosk.core import DEVICE_KINDS
from kiosk.services.registry import ServiceSpec


def software_version() -> str:
    try:
        return metadata.version("court-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


class HeartbeatService(QObject):
    def __init__(self, outbox, wake_sync, outbox_worker, device_report: dict, *, kiosk_id: str,
                 interval_seconds: float, queue_set_aside=None, clock=time.monotonic) -> None:
        """``device_report``: kind -> "ok" or "state: reason", kept current by the device checks."""
        super().__init__()
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._worker = outbox_worker
        self._devices = device_report
        self._kiosk_id = kiosk_id
        self._interval = interval_seconds
        self._set_aside = queue_set_aside
        self._clock = clock
        self._started = clock()
        self._staff_calls = None  # kiosk.services.staff_call.StaffCallService, once it attaches itself
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.send)

    def start(self) -> None:
        if self._interval > 0:
            # The first one once the device checks have answered (the court sees the kiosk come up).
            self._timer.setInterval(int(min(60.0, self._interval) * 1000))
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def attach_staff_calls(self, staff_calls) -> None:
        """The staff calls to report (``summary()``: open, of which not at the court, the oldest's time)."""
        self._staff_calls = staff_calls

    def staff_calls_changed(self) -> None:
        """The number of open staff calls changed: the court hears it now (when heartbeats are on)."""
        if self._interval > 0:
            self.send()

    def heartbeat(self):
        """The heartbeat as it is now (contract Heartbeat); reads the outbox: call on its worker."""
        from offline_queue.contract import Heartbeat

        calls = self._staff_calls.summary() if self._staff_calls is not None else (0, 0, None)
        return Heartbeat(
            kiosk_id=self._kiosk_id,
            sent_at=datetime.now(UTC),
            software_version=software_version(),
            uptime_seconds=round(self._clock() - self._started, 1),
            devices={kind: self._devices.get(kind, "unknown")[:200] for kind in DEVICE_KINDS},
            queue=self._outbox.stats(),
            queue_set_aside=self._set_aside is not None,
            staff_calls_open=calls[0],
            staff_calls_undelivered=calls[1],
            oldest_staff_call_at=calls[2],
        )

    def send(self) -> None:
        """Queue a heartbeat (replacing one still waiting) and wake the sender."""
        from offline_queue import items

        self._timer.setInterval(int(self._interval * 1000))

        def enqueue():
            items.enqueue_heartbeat(self._outbox, self.heartbeat())
            self._wake_sync()

        self._worker.submit(enqueue, session_bound=False)


def create(deps) -> HeartbeatService:
    return HeartbeatService(deps.outbox, deps.wake_sync, deps.workers["outbox"], deps.services["device_health"].report,
                            kiosk_id=deps.config.get("kiosk.kiosk_id"),
                            interval_seconds=deps.config.get("queue.heartbeat_seconds"),
                            queue_set_aside=deps.queue_set_aside)


SERVICE = ServiceSpec("heartbeat", create, workers=("outbox",), config=("kiosk.kiosk_id", "queue.heartbeat_seconds"),
                      requires=("device_health",), outbox=True, on_start="start", on_stop="stop")
