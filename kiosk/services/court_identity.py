"""The kiosk's identity towards the court (contract 1.6), from maintenance mode: what is installed (kiosk
id, certificate serial, valid until), how the court's server is checked (its CA file or a pinned key),
and enrolment with the one-time code the court issued for this kiosk.

Enrolment runs on the network worker (`offline_queue.enrolment.enrol`: a new key pair, a CSR, the
certificate checked before anything is installed); afterwards the court client drops its connections so
the next request uses the new certificate. Every enrolment, done or refused, is audited with the staff
member's identity (``kiosk_enrolled``, ``kiosk_enrolment_refused`` with a reason code, never the code).

The embedded practice sandbox talks plain http on loopback: there is nothing to enrol (`practice`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.court_identity")

#: Why an enrolment failed (the screen's message; the audit entry's reason).
FAILURES = ("bad_code", "code_refused", "csr_refused", "unreachable", "court_error", "wrong_key", "wrong_kiosk",
            "bad_chain", "not_client", "not_valid_now", "bad_certificate", "not_saved")


@dataclass(frozen=True)
class IdentityView:
    """What the screen shows. `server_check`: "ca_bundle", "pins", "both" or "system"."""

    kiosk_id: str
    practice: bool
    server_check: str
    state: str  # offline_queue.enrolment.IdentityStatus.state
    serial: str = ""
    not_after: str = ""  # ISO date
    days_left: int = 0


def failure_reason(exc: BaseException) -> str:
    """The FAILURES code of an enrolment's exception."""
    from offline_queue.client import PermanentError, RetryableError
    from offline_queue.enrolment import EnrolmentRefused

    if isinstance(exc, EnrolmentRefused):
        return exc.reason if exc.reason in FAILURES else "bad_certificate"
    if isinstance(exc, PermanentError):
        return {403: "code_refused", 422: "csr_refused"}.get(exc.status or 0, "court_error")
    if isinstance(exc, RetryableError):
        return "unreachable"
    if isinstance(exc, OSError):
        return "not_saved"
    return "court_error"


class CourtIdentityService(QObject):
    status = Signal(object)  # IdentityView
    enrolled = Signal(object)  # IdentityView after a successful enrolment
    enrol_failed = Signal(str)  # a FAILURES code

    def __init__(self, court, worker, audit, *, kiosk_id: str, practice: bool, cert_path: str, key_path: str,
                 ca_bundle: str, server_pins: str) -> None:
        """``court``: the court client; ``worker``: the network worker; ``audit(action, item_id, reason)``:
        the maintenance audit (who is logged in)."""
        super().__init__()
        self._court = court
        self._worker = worker
        self._audit = audit
        self.kiosk_id = kiosk_id
        self.practice = practice
        self._cert = cert_path
        self._key = key_path
        if ca_bundle and server_pins:
            self.server_check = "both"
        else:
            self.server_check = "ca_bundle" if ca_bundle else ("pins" if server_pins else "system")
        self.busy = False

    def view(self) -> IdentityView:
        """Blocking (reads two small files): what is installed."""
        from offline_queue.enrolment import status

        found = status(self._cert, self._key)
        return IdentityView(self.kiosk_id, self.practice, self.server_check, found.state, found.serial,
                            found.not_after.date().isoformat() if found.not_after else "", found.days_left)

    def refresh(self) -> None:
        self._worker.submit(self.view, self.status.emit, session_bound=False)

    def enrol(self, code: str) -> None:
        """Enrol with `code` (on the network worker); `enrolled` or `enrol_failed` tells how it went."""
        if self.busy or self.practice:
            return
        self.busy = True
        self._worker.submit(lambda: self._enrol(code), self._done, self._failed, session_bound=False)

    def _enrol(self, code: str) -> IdentityView:
        from offline_queue.enrolment import enrol

        answer = enrol(self._court, code, self._cert, self._key)
        self._court.reset_connections()
        log.info("kiosk enrolled with the court (certificate %s)", answer.serial)
        return self.view()

    def _done(self, view: IdentityView) -> None:
        self.busy = False
        self._audit("kiosk_enrolled", view.serial)
        self.enrolled.emit(view)
        self.status.emit(view)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        reason = failure_reason(exc)
        log.warning("kiosk enrolment failed: %s (%s)", reason, type(exc).__name__)
        self._audit("kiosk_enrolment_refused", "", reason)
        self.enrol_failed.emit(reason)


def create(deps) -> CourtIdentityService:
    config = deps.config
    return CourtIdentityService(
        deps.court, deps.workers["network"], deps.services["maintenance"].note,
        kiosk_id=config.get("kiosk.kiosk_id"),
        practice=config.get("court.backend") == "embedded",
        cert_path=str(config.get("court.client_cert_path")),
        key_path=str(config.get("court.client_key_path")),
        ca_bundle=config.get("court.ca_bundle"),
        server_pins=config.get("court.server_pins"),
    )


SERVICE = ServiceSpec("court_identity", create, workers=("network",), config=("kiosk.kiosk_id", "court"),
                      requires=("maintenance",), court=True)
