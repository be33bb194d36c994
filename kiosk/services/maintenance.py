"""Staff maintenance mode: staff login (per-staff PINs with a persistent lockout, or a staff card),
device and queue status, reprints, and retrying items that needed a person (dead letters).

Every staff action is in the audit log with the staff member's identity (``staff:<number>`` after a
PIN login, ``card:<staff id>`` with a staff card): login, failed login, lockout, logout, reprints,
device tests, voids, retries, staff calls handled, quitting. Audit entries are written (fsynced) on
the outbox worker, never on the GUI thread."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.audit import AuditLog, outbox_delivery  # AuditLog re-exported: it lives in kiosk.audit
from kiosk.core import DEVICE_KINDS
from kiosk.services.registry import ServiceSpec
from offline_queue.items import KIND_AUDIT

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
#: The outbox items maintenance lists: every open one first (pending, in flight, dead), then the latest
#: others. Delivered items stay for ``queue.purge_after_days``: thousands on a busy kiosk.
LISTED = 200


@dataclass(frozen=True)
class LoginOutcome:
    """What a PIN login attempt came to. ``reason``: "ok", "wrong_pin", "unknown_staff", "locked"
    (refused unchecked: locked out), "no_staff" (nobody enrolled), "bad_number"; ``locked_until``:
    wall-clock end of the lockout; ``lockout``: (n, seconds) when this attempt started one."""

    ok: bool
    reason: str
    staff: str | None = None
    attempts_left: int = 0
    locked_until: float | None = None
    lockout: tuple[int, int] | None = None


class MaintenanceService(QObject):
    listed = LISTED  # the most outbox items `queue_status` lists
    login_result = Signal(object)  # LoginOutcome
    device_status = Signal(object)  # DeviceHealth
    backend_status = Signal(bool, str)
    queue_status = Signal(object, object)  # stats dict, list[QueueRow]
    reprinted = Signal(str)
    reprint_failed = Signal(str, str)
    voided = Signal(str, bool)  # item id, done

    def __init__(self, outbox, wake_sync, workers, receipts, pin_guard, *, device_health, backend_health,
                 audit_path: str | os.PathLike[str], queue_set_aside=None, roster=None,
                 relock_seconds: int = 60) -> None:
        """``device_health(kind)`` and ``backend_health()`` are blocking checks (run on the
        device's and the network's worker); ``workers``: kind -> DeviceWorker, plus "network",
        "outbox"; ``pin_guard``: kiosk.pin.PinGuard over ``roster`` (kiosk.staff.Roster)."""
        super().__init__()
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._workers = workers
        self._receipts = receipts
        self._guard = pin_guard
        self._device_health = device_health
        self._backend_health = backend_health
        self._set_aside = queue_set_aside
        self._roster = roster
        self.relock_seconds = relock_seconds
        self.audit = AuditLog(audit_path)
        self.staff = ""  # who is logged in: "staff:<number>", "card:<staff id>", or "" (nobody)

    # -- staff login ----------------------------------------------------------------------
    def try_login(self, number: str, pin: str) -> None:
        """Check a staff number and PIN on the outbox worker (PBKDF2, the lockout file, the audit
        entries: login, login_failed, pin_lockout); then `login_result` on the GUI thread."""

        def attempt() -> LoginOutcome:
            from kiosk.staff import NUMBER_RE

            if not NUMBER_RE.fullmatch(number or ""):
                return LoginOutcome(False, "bad_number", attempts_left=self._guard.attempts_left)
            who = f"staff:{number}"
            roster = self._roster
            members = None
            if roster is not None:
                try:
                    members = roster.members()
                except Exception:  # malformed: nobody can log in with a PIN (kiosk.staff logs why)
                    members = []
                if not members:
                    self.audit.record("login_failed", "", "no_staff", who)
                    return LoginOutcome(False, "no_staff")
            result = self._guard.try_pin(number, pin)
            if result.ok:
                self.audit.record("login", "", "pin", result.staff)
                return LoginOutcome(True, "ok", result.staff, result.attempts_left)
            if result.locked_until is not None and result.lockout is None:
                reason = "locked"
            elif members is not None and not any(m.number == number for m in members):
                reason = "unknown_staff"
            else:
                reason = "wrong_pin"
            self.audit.record("login_failed", "", reason, who)
            if result.lockout is not None:
                n, seconds = result.lockout
                self.audit.record("pin_lockout", "", f"n{n}-{seconds}s", who)  # an alert to the court
            return LoginOutcome(False, reason, None, result.attempts_left, result.locked_until, result.lockout)

        def done(outcome: LoginOutcome) -> None:
            if outcome.ok:
                self.staff = outcome.staff
            log.info("maintenance login %s", "accepted" if outcome.ok else f"refused ({outcome.reason})")
            self.login_result.emit(outcome)

        self._workers["outbox"].submit(attempt, done, session_bound=False)

    def card_login(self, staff_id: str) -> None:
        """A valid maintenance staff card was put on the reader: it is who is logged in."""
        self.staff = f"card:{staff_id}"
        self.note("login", "", "card")

    def logout(self, reason: str) -> None:
        """Staff leave (``leave``), maintenance locks by itself (``idle``), the card is taken off
        (``card_removed``). Nobody logged in: nothing happens."""
        if not self.staff:
            return
        self.note("logout", "", reason)
        self.staff = ""

    def note(self, action: str, item_id: str = "", reason: str = "", on_done=None) -> None:
        """Audit a staff action by whoever is logged in, on the outbox worker (the entry is fsynced);
        ``on_done()`` on the GUI thread once it is written (or failed to be)."""
        staff = self.staff
        audit = self.audit
        done = (lambda _result: on_done()) if on_done is not None else None
        failed = (lambda _exc: on_done()) if on_done is not None else None
        self._workers["outbox"].submit(lambda: audit.record(action, item_id, reason, staff), done, failed,
                                       session_bound=False)

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
        """The outbox's counts and its `LISTED` items to list (`queue_status`), read on the outbox
        worker without their payloads. The audit trail's own delivered entries (one per staff action)
        are not work for staff: listed only while they wait or need a person."""
        def read():
            rows = [
                QueueRow(i.id, i.kind, i.state, i.attempts, i.last_error, str(i.created_at))
                for i in self._outbox.summaries(LISTED, hide_delivered_kinds=(KIND_AUDIT,))
            ]
            return self._outbox.stats(), rows

        self._workers["outbox"].submit(read, lambda r: self.queue_status.emit(*r), session_bound=False)

    def reprint(self, item_id: str) -> None:
        staff = self.staff

        def load():
            item = self._outbox.get(item_id)
            if item is not None and item.kind == "filing":
                self.audit.record("reprint", item_id, "", staff)
            return item

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
            stored = self._outbox.get(item_id)  # an audit entry is never voided (kiosk.audit)
            done = stored is not None and stored.kind != KIND_AUDIT and self._outbox.void(
                item_id, f"voided by staff: {reason}")
            if done:
                self.audit.record("void", item_id, reason, staff)
            return done

        def finished(done: bool) -> None:
            self.voided.emit(item_id, bool(done))
            self.refresh_queue()

        self._workers["outbox"].submit(do_void, finished, session_bound=False)


def create(deps) -> MaintenanceService:
    from kiosk.pin import PinGuard
    from kiosk.staff import roster_for

    roster = roster_for(deps.config)
    service = MaintenanceService(
        deps.outbox, deps.wake_sync, deps.workers, deps.services["receipts"],
        PinGuard.from_config(deps.config, roster.authenticate),
        device_health=deps.device_health, backend_health=deps.backend_health,
        audit_path=Path(deps.config.get("kiosk.data_dir")) / "audit.jsonl", queue_set_aside=deps.queue_set_aside,
        roster=roster, relock_seconds=deps.config.get("maintenance.relock_seconds"))
    # the audit trail is hash-chained and goes to the court through the outbox (kiosk.audit)
    service.audit = AuditLog(service.audit.path, kiosk_id=deps.config.get("kiosk.kiosk_id"),
                             deliver=outbox_delivery(deps.outbox, deps.wake_sync))
    deps.workers["outbox"].submit(service.audit.redeliver, session_bound=False)  # what a last run did not hand over
    # what the sync worker changes is shown while staff look (maintenance refreshes when unlocked)
    deps.subscribe_queue(lambda item_id, state: service.refresh_queue() if service.staff else None)
    return service


SERVICE = ServiceSpec("maintenance", create, uses_devices=DEVICE_KINDS, workers=("network", "outbox"),
                      config=("maintenance", "kiosk.data_dir", "kiosk.mode", "kiosk.kiosk_id"), requires=("receipts",),
                      outbox=True)
