"""Device health, checked every `devices.health_interval_seconds` on each device's own worker:
ok, degraded, missing (with the reason) or absent. A service whose device is missing is out of
service until the device is back (`problems`); the heartbeat reports every device (`report`)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.core import DEVICE_KINDS
from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.services")


class DeviceHealthService(QObject):
    problems = Signal(object)  # {device kind: reason} of the missing devices, when that changes
    checked = Signal(object)  # kiosk.core.DeviceHealth: every answer

    def __init__(self, check, workers: dict, interval_seconds: float) -> None:
        """``check(kind)`` is blocking (it runs on the kind's worker in ``workers``)."""
        super().__init__()
        self._check = check
        self._workers = workers
        self._missing: dict[str, str] = {}
        self.report: dict[str, str] = {}  # kind -> "ok" or "state: reason"
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_seconds * 1000))
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()
        self.check()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        """Check every device now (answers arrive on the GUI thread)."""
        for kind in DEVICE_KINDS:
            self._workers[kind].submit(lambda k=kind: self._check(k), self._result, session_bound=False)

    def _result(self, health) -> None:
        self.report[health.kind] = "ok" if health.state == "ok" else f"{health.state}: {health.reason}"
        self.checked.emit(health)
        before = dict(self._missing)
        if health.state in ("missing", "absent"):  # absent: none configured (a service needing it is out)
            self._missing[health.kind] = health.reason
        else:
            self._missing.pop(health.kind, None)
        if before != self._missing:
            if health.kind in self._missing:
                log.warning("device %s missing: %s", health.kind, health.reason)
            elif health.kind in before:
                log.info("device %s is back", health.kind)
            self.problems.emit(dict(self._missing))


def create(deps) -> DeviceHealthService:
    return DeviceHealthService(deps.device_health, deps.workers, deps.config.get("devices.health_interval_seconds"))


SERVICE = ServiceSpec("device_health", create, uses_devices=DEVICE_KINDS,
                      config=("devices.health_interval_seconds",), on_start="start", on_stop="stop")
