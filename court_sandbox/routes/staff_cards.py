"""Staff card revocations (1.6): the serials of staff cards that no longer open maintenance mode (lost,
stolen, the holder left). Kiosks GET the list (`router`) and keep the last one they got; the court's side
(`admin_router`) revokes a card by its serial and lists the revocations.

`StaffCardRevocationStore` keeps them in the `Store`'s database, in its own table (as routes.audit does);
the application's is ``app.state.staff_card_revocations``, made on first use when `create_app` did not.
Revoking a serial again keeps the first revocation (idempotent); nothing is ever un-revoked here (a card
that turns up again is reissued with a new serial).
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from court_sandbox.routes.common import errors
from court_sandbox.store import Store, _iso
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

router = APIRouter(tags=["staff cards"])
admin_router = APIRouter(tags=["admin"])

_SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_card_revocations (
    serial TEXT PRIMARY KEY, reason TEXT NOT NULL, revoked_at TEXT NOT NULL
)
"""
_MAKE_LOCK = threading.Lock()


class StaffCardRevocationStore:
    """The revoked staff cards (one per application, beside its `Store`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store._connect(write=True) as conn:
            conn.execute(_SCHEMA)

    def revoke(self, revocation: c.StaffCardRevocation) -> c.StaffCardRevocations:
        with self.store._connect(write=True) as conn:
            conn.execute("INSERT OR IGNORE INTO staff_card_revocations (serial, reason, revoked_at) VALUES (?, ?, ?)",
                         (revocation.serial, revocation.reason, _iso(self.store.now())))
        log.info("a staff card was revoked (%s)", revocation.reason)
        return self.list()

    def list(self) -> c.StaffCardRevocations:
        with self.store._connect() as conn:
            rows = conn.execute("SELECT serial, revoked_at FROM staff_card_revocations ORDER BY serial").fetchall()
        latest = max((row[1] for row in rows), default=None)
        updated_at = latest if latest is not None else _iso(self.store.now())
        return c.StaffCardRevocations(serials=[row[0] for row in rows], updated_at=updated_at)


def _revocations(request: Request) -> StaffCardRevocationStore:
    state = request.app.state
    with _MAKE_LOCK:
        found = getattr(state, "staff_card_revocations", None)
        if found is None:
            found = state.staff_card_revocations = StaffCardRevocationStore(state.store)
    return found


RevocationsDep = Annotated[StaffCardRevocationStore, Depends(_revocations)]


@router.get(c.STAFF_CARD_REVOCATIONS_PATH, response_model=c.StaffCardRevocations,
            operation_id="listStaffCardRevocations", responses=errors(401))
def list_staff_card_revocations(revocations: RevocationsDep) -> c.StaffCardRevocations:
    """The serials of the staff cards that no longer open maintenance mode, and when the list last changed.
    Kiosks fetch it every few minutes and keep the last one they got."""
    return revocations.list()


@admin_router.get(c.ADMIN_STAFF_CARD_REVOCATIONS_PATH, response_model=c.StaffCardRevocations,
                  operation_id="adminListStaffCardRevocations")
def admin_list_staff_card_revocations(revocations: RevocationsDep) -> c.StaffCardRevocations:
    """The revoked staff cards (as the kiosks get them)."""
    return revocations.list()


@admin_router.post(c.ADMIN_STAFF_CARD_REVOCATIONS_PATH, response_model=c.StaffCardRevocations,
                   operation_id="revokeStaffCard", responses=errors(422))
def revoke_staff_card(revocation: c.StaffCardRevocation, revocations: RevocationsDep) -> c.StaffCardRevocations:
    """Revoke a staff card by its serial (upper-case hex, as printed on the card and in the card bureau's
    records); revoking it again changes nothing. The answer is the list as the kiosks will get it."""
    return revocations.revoke(revocation)
