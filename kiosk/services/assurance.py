"""A staff member confirms a photo-read identity at the kiosk with their staff card (kiosk.assurance).

While the identify screen waits for a confirmation (`request`), a valid maintenance staff card put on
the staff card reader confirms the litigant's identity (the card was read and checked by the staff card
service) instead of opening maintenance mode: `confirmed` carries the identity marked
``staff_confirmed`` (assurance ``photo_confirmed``), and the audit trail records
``identity_confirmed`` by ``card:<staff id>`` (no personal data: the reason is the code ``photo``).
Without a staff card reader (`available` is False) nothing can confirm: the services that need a
confirmed identity stay closed to a photo identity and the screen says to ask at the counter.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.services")


class AssuranceService(QObject):
    confirmed = Signal(object)  # the identity, confirmed by a staff member (assurance photo_confirmed)

    def __init__(self, staff_card, audit, audit_worker) -> None:
        super().__init__()
        self._staff_card = staff_card
        self._audit = audit
        self._worker = audit_worker
        self._pending = None

    @property
    def available(self) -> bool:
        """A staff member can confirm here (the kiosk has a staff card reader)."""
        return self._staff_card is not None and self._staff_card.has_reader

    @property
    def waiting(self) -> bool:
        return self._pending is not None

    def request(self, identity) -> bool:
        """Wait for a staff card to confirm `identity` (a photo identity). False when nothing can confirm."""
        if not self.available:
            return False
        self._pending = identity
        self._staff_card.claim = self._claimed
        log.info("identity confirmation: waiting for a staff card")
        return True

    def cancel(self) -> None:
        """Stop waiting (the screen is left, the session reset): a staff card opens maintenance again."""
        if self._staff_card is not None and self._staff_card.claim == self._claimed:
            self._staff_card.claim = None
        self._pending = None

    def _claimed(self, staff_id: str) -> None:
        identity, self._pending = self._pending, None
        self._staff_card.claim = None
        if identity is None:
            return
        audit = self._audit
        self._worker.submit(lambda: audit.record("identity_confirmed", "", "photo", f"card:{staff_id}"),
                            session_bound=False)
        log.info("identity confirmation: confirmed by a staff card")
        self.confirmed.emit(replace(identity, staff_confirmed=True))


def create(deps) -> AssuranceService:
    return AssuranceService(deps.services["staff_card"], deps.services["maintenance"].audit, deps.workers["outbox"])


SERVICE = ServiceSpec("assurance", create, workers=("outbox",), requires=("staff_card", "maintenance"),
                      on_session_reset="cancel", on_stop="cancel")
