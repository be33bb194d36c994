"""The staff card: while a valid maintenance card lies on the PC/SC reader, maintenance mode is
open without the PIN (`present`); taking it away closes it. The PC/SC monitor only emits; the
card is read on the staff card's worker; the audit log names the card's staff id (login with reason
"card", logout with reason "card_removed", a refused card as "card_refused")."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.services")


class StaffCardService(QObject):
    present = Signal(bool)  # a valid maintenance staff card was put on (True) or taken off (False)

    def __init__(self, reader, worker, dispatcher, maintenance, reader_name_filter: str | None = None,
                 monitor_factory=None) -> None:
        super().__init__()
        self._reader = reader
        self._worker = worker
        self._dispatcher = dispatcher
        self._maintenance = maintenance
        self._filter = reader_name_filter
        self._monitor_factory = monitor_factory
        self._monitor = None
        self._present = False
        self.claim = None  # callable(staff_id): a maintenance card put on confirms a litigant's identity instead

    @property
    def has_reader(self) -> bool:
        """This kiosk has a staff card reader (devices.staff_card.backend is not "none")."""
        return self._reader is not None

    def start(self) -> None:
        if self._reader is None:
            return
        factory = self._monitor_factory
        if factory is None:
            from drivers.smartcard.monitor import PcscMonitor as factory
        self._monitor = factory(lambda event: self._dispatcher.post(lambda: self.event(event)),
                                reader_name_filter=self._filter)
        self._monitor.start()

    def stop(self) -> None:
        if self._monitor is not None:
            self._monitor.stop()

    def event(self, event) -> None:
        """On the GUI thread: a card came or went. Read it on the staff card's worker."""
        kind = type(event).__name__
        if kind == "CardEvent" and event.kind == "inserted":
            self._worker.submit(self._reader.read, self._credential, self._refused, session_bound=False)
        elif (kind == "CardEvent" and event.kind == "removed") or (kind == "ServiceEvent" and event.kind == "lost"):
            if self._present:
                self._present = False
                if self._maintenance.staff.startswith("card:"):
                    self._maintenance.logout("card_removed")
                log.info("staff card removed")
                self.present.emit(False)

    def _credential(self, credential) -> None:
        if credential is not None and credential.role == "maintenance" and self.claim is not None:
            log.info("staff card confirms an identity (role %s)", credential.role)  # kiosk.services.assurance
            self.claim(credential.staff_id)
        elif credential is not None and credential.role == "maintenance":
            self._present = True
            self._maintenance.card_login(credential.staff_id)  # who the audit log names from now on
            log.info("staff card accepted (role %s)", credential.role)
            self.present.emit(True)
        elif credential is not None:
            log.info("staff card refused (role %s)", credential.role)
            self._audit_refused("role", f"card:{credential.staff_id}")

    def _refused(self, exc: BaseException) -> None:
        log.warning("staff card refused: %s", type(exc).__name__)
        self._audit_refused("unreadable", "")

    def _audit_refused(self, reason: str, staff: str) -> None:
        audit = self._maintenance.audit
        self._worker.submit(lambda: audit.record("card_refused", "", reason, staff), session_bound=False)


def create(deps) -> StaffCardService:
    return StaffCardService(deps.devices["staff_card"], deps.workers["staff_card"], deps.dispatcher,
                            deps.services["maintenance"],
                            deps.config.get("devices.staff_card.reader_name_filter") or None)


SERVICE = ServiceSpec("staff_card", create, uses_devices=("staff_card",),
                      config=("devices.staff_card.reader_name_filter",), requires=("maintenance",),
                      on_start="start", on_stop="stop")
