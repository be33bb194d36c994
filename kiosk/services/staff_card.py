"""The staff card: while a valid maintenance card lies on the staff card reader, maintenance mode is
open without the PIN (`present`); taking it away closes it. The monitor (PC/SC, or the simulated
reader's in demo mode) only emits; the card is read and challenged on the staff card's worker
(drivers.smartcard.staff_card, format version 2); the audit log names the card's staff id (login
with reason "card", logout with reason "card_removed", a refused card as "card_refused" with the
reason: role, revoked, forged, outdated (a version 1 card), malformed, overrun or unreadable).

Revoked cards (kiosk.staff_revocations): the court's list is fetched at start and every 10 minutes
and kept on disk; a card whose serial is on it opens nothing and confirms nothing. Until a list has
ever been fetched, cards are accepted and `revocation_state()` says so ("never")."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.services")


class StaffCardService(QObject):
    present = Signal(bool)  # a valid maintenance staff card was put on (True) or taken off (False)

    def __init__(self, reader, worker, dispatcher, maintenance, reader_name_filter: str | None = None,
                 monitor_factory=None, *, revocations=None, updater=None) -> None:
        super().__init__()
        self._reader = reader
        self._worker = worker
        self._dispatcher = dispatcher
        self._maintenance = maintenance
        self._filter = reader_name_filter
        self._monitor_factory = monitor_factory
        self._monitor = None
        self._present = False
        self._revocations = revocations  # kiosk.staff_revocations.RevocationList, or None (nothing revoked)
        self._updater = updater  # kiosk.staff_revocations.RevocationUpdater, or None
        self.claim = None  # callable(staff_id): a maintenance card put on confirms a litigant's identity instead

    @property
    def has_reader(self) -> bool:
        """This kiosk has a staff card reader (devices.staff_card.backend is not "none")."""
        return self._reader is not None

    def revocation_state(self) -> tuple[str, str | None, int]:
        """("never", None, 0) while no revocation list was ever fetched (cards are accepted), else
        ("kept", the list's date as the court gave it, how many cards it revokes)."""
        if self._revocations is None:
            return "never", None, 0
        return self._revocations.state()

    def start(self) -> None:
        if self._reader is None:
            return
        if self._updater is not None:
            self._updater.start()
        factory = self._monitor_factory or getattr(self._reader, "monitor", None)  # the simulator's own
        if factory is None:
            from drivers.smartcard.monitor import PcscMonitor as factory
        self._monitor = factory(lambda event: self._dispatcher.post(lambda: self.event(event)),
                                reader_name_filter=self._filter)
        self._monitor.start()

    def stop(self) -> None:
        if self._updater is not None:
            self._updater.stop()
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
        if credential is None:
            return
        serial = getattr(credential, "card_serial", "")
        if self._revocations is not None and self._revocations.is_revoked(serial):
            log.warning("staff card refused: revoked (role %s)", credential.role)
            self._audit_refused("revoked", f"card:{credential.staff_id}")
        elif credential.role == "maintenance" and self.claim is not None:
            log.info("staff card confirms an identity (role %s)", credential.role)  # kiosk.services.assurance
            self.claim(credential.staff_id)
        elif credential.role == "maintenance":
            self._present = True
            self._maintenance.card_login(credential.staff_id)  # who the audit log names from now on
            log.info("staff card accepted (role %s)", credential.role)
            self.present.emit(True)
        else:
            log.info("staff card refused (role %s)", credential.role)
            self._audit_refused("role", f"card:{credential.staff_id}")

    def _refused(self, exc: BaseException) -> None:
        from drivers.smartcard.base import StaffCardRejected

        reason = exc.reason if isinstance(exc, StaffCardRejected) else "unreadable"
        log.warning("staff card refused: %s (%s)", type(exc).__name__, reason)
        self._audit_refused(reason, "")

    def _audit_refused(self, reason: str, staff: str) -> None:
        audit = self._maintenance.audit
        self._worker.submit(lambda: audit.record("card_refused", "", reason, staff), session_bound=False)


def create(deps) -> StaffCardService:
    reader = deps.devices["staff_card"]
    revocations = updater = None
    if reader is not None:
        from kiosk.staff_revocations import FILENAME, RevocationList, RevocationUpdater

        revocations = RevocationList(Path(deps.config.get("kiosk.data_dir")) / FILENAME)
        if deps.court is not None:
            updater = RevocationUpdater(revocations, deps.court.staff_card_revocations, deps.workers["network"])
    return StaffCardService(reader, deps.workers["staff_card"], deps.dispatcher, deps.services["maintenance"],
                            deps.config.get("devices.staff_card.reader_name_filter") or None,
                            revocations=revocations, updater=updater)


SERVICE = ServiceSpec("staff_card", create, uses_devices=("staff_card",), workers=("network",),
                      config=("devices.staff_card.reader_name_filter", "kiosk.data_dir"), requires=("maintenance",),
                      court=True, on_start="start", on_stop="stop")
