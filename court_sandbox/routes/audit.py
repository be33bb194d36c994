"""The staff audit trail (1.5): each kiosk delivers the entries of its hash-chained audit log one by one
(an idempotent PUT per entry, through its outbox); the court's side (`admin_router`) lists them per kiosk
with each chain's state and the alerts.

On arrival an entry's hash is recomputed (`contract.audit_entry_hash`) and its ``prev`` compared with the
stored previous entry's hash of that kiosk (64 zeros for seq 1). An entry that does not follow is kept but
flagged ``chain_broken``; entries may arrive out of order (the outbox retries each on its own schedule), so
an entry whose predecessor has not arrived yet is not flagged, and is checked when the predecessor comes.
The same seq with the same hash again is an idempotent repeat; the same seq with another hash is refused
(409): the court already holds a different entry under that number.

Alerts: an entry whose action is one of `contract.ALERT_ACTIONS` (``pin_lockout``, ``audit_file_repaired``),
and every entry flagged ``chain_broken``.

`AuditTrail` keeps them in the `Store`'s database; the application's is ``app.state.audit``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from starlette.responses import Response

from court_sandbox.context import Sandbox
from court_sandbox.routes.common import KioskId, errors, idempotency_key_header, idempotent_put
from court_sandbox.store import Refused, Store, _iso
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

router = APIRouter(tags=["audit"])
admin_router = APIRouter(tags=["admin"])

Seq = Annotated[int, Path(ge=1, description="The entry's sequence number in its kiosk's chain")]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_entries (
    kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL, entry TEXT NOT NULL, hash TEXT NOT NULL, prev TEXT NOT NULL,
    action TEXT NOT NULL, hash_ok INTEGER NOT NULL, chain_broken INTEGER NOT NULL, received_at TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, seq)
)
"""
_COLUMNS = "entry, received_at, chain_broken"
_MISSING_LISTED = 100


def _broken(seq: int, prev: str, hash_ok: bool, predecessor_hash: str | None) -> bool:
    """Whether an entry does not follow: a wrong hash, a first entry not starting the chain, or a prev that is
    not the stored predecessor's hash (a predecessor not received yet: not known to be broken)."""
    if not hash_ok:
        return True
    if seq == 1:
        return prev != c.AUDIT_GENESIS
    return predecessor_hash is not None and prev != predecessor_hash


class AuditTrail:
    """The kiosks' audit entries (one per application, beside its `Store`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store._connect(write=True) as conn:
            conn.execute(_SCHEMA)

    @staticmethod
    def _status(row: tuple[Any, ...]) -> c.AuditEntryStatus:
        entry, received_at, broken = row
        data = json.loads(entry)
        alert = bool(broken) or data["action"] in c.ALERT_ACTIONS
        return c.AuditEntryStatus.model_validate(data | {"received_at": received_at, "chain_broken": bool(broken),
                                                        "alert": alert})

    @staticmethod
    def _row(conn: sqlite3.Connection, kiosk_id: str, seq: int) -> tuple[Any, ...] | None:
        return conn.execute(f"SELECT {_COLUMNS} FROM audit_entries WHERE kiosk_id = ? AND seq = ?",
                            (kiosk_id, seq)).fetchone()

    def stored_hash(self, kiosk_id: str, seq: int) -> str | None:
        with self.store._connect() as conn:
            row = conn.execute("SELECT hash FROM audit_entries WHERE kiosk_id = ? AND seq = ?",
                               (kiosk_id, seq)).fetchone()
        return None if row is None else row[0]

    def create(self, key: str, entry: c.AuditEntry) -> tuple[int, dict[str, Any]]:
        """Keep an entry. (201, the entry as kept); (200, the stored one) for the same entry again;
        `Refused` 409 for the same seq with another hash."""
        now = _iso(self.store.now())
        data = entry.model_dump(mode="json", exclude_unset=True)
        data.setdefault("item", "")
        data.setdefault("reason", "")
        hash_ok = c.audit_entry_hash(data) == entry.hash
        with self.store._connect(write=True) as conn:
            existing = conn.execute("SELECT hash FROM audit_entries WHERE kiosk_id = ? AND seq = ?",
                                    (entry.kiosk_id, entry.seq)).fetchone()
            if existing is not None:
                if existing[0] != entry.hash:
                    raise Refused(409, f"audit entry {entry.seq} of this kiosk is stored with another hash")
                status_code = 200
            else:
                before = conn.execute("SELECT hash FROM audit_entries WHERE kiosk_id = ? AND seq = ?",
                                      (entry.kiosk_id, entry.seq - 1)).fetchone()
                broken = _broken(entry.seq, entry.prev, hash_ok, None if before is None else before[0])
                conn.execute(
                    "INSERT INTO audit_entries (kiosk_id, seq, entry, hash, prev, action, hash_ok, chain_broken,"
                    " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.kiosk_id, entry.seq, json.dumps(data, ensure_ascii=False), entry.hash, entry.prev,
                     entry.action, int(hash_ok), int(broken), now))
                # the next entry may have come first: it is checked against this one now
                conn.execute("UPDATE audit_entries SET chain_broken = (hash_ok = 0 OR prev != ?)"
                             " WHERE kiosk_id = ? AND seq = ?", (entry.hash, entry.kiosk_id, entry.seq + 1))
                if broken:
                    log.warning("audit entry %d of kiosk %s does not follow from the one before it", entry.seq,
                                entry.kiosk_id)
                status_code = 201
            text = self._status(self._row(conn, entry.kiosk_id, entry.seq)).model_dump_json()
            Store._complete_key(conn, key, status_code, text, now)
        return status_code, json.loads(text)

    def list_entries(self, kiosk_id: str | None = None, alerts_only: bool = False) -> c.AuditList:
        with self.store._connect() as conn:
            rows = conn.execute(
                f"SELECT kiosk_id, seq, action, {_COLUMNS} FROM audit_entries WHERE (? IS NULL OR kiosk_id = ?)"
                " ORDER BY kiosk_id, seq", (kiosk_id, kiosk_id)).fetchall()
        per_kiosk: dict[str, list[tuple[int, bool]]] = {}
        items = []
        for kiosk, seq, action, *rest in rows:
            per_kiosk.setdefault(kiosk, []).append((seq, bool(rest[2])))
            if not alerts_only or rest[2] or action in c.ALERT_ACTIONS:
                items.append(self._status(tuple(rest)))
        chains = []
        for kiosk, seqs in per_kiosk.items():
            last = seqs[-1][0]
            have = {seq for seq, _ in seqs}
            missing = [seq for seq in range(1, last + 1) if seq not in have][:_MISSING_LISTED]
            broken = [seq for seq, flagged in seqs if flagged]
            chains.append(c.AuditChain(kiosk_id=kiosk, entries=len(seqs), last_seq=last, missing=missing,
                                       broken=broken, verified=not missing and not broken))
        return c.AuditList(items=items, chains=chains, verified=all(chain.verified for chain in chains))


async def _audit(request: Request) -> AuditTrail:
    trail: AuditTrail = request.app.state.audit
    return trail


AuditDep = Annotated[AuditTrail, Depends(_audit)]


@router.put(
    c.AUDIT_PATH,
    response_model=c.AuditEntryStatus,
    status_code=201,
    operation_id="submitAuditEntry",
    responses={
        200: {"model": c.AuditEntryStatus, "description": "A repeat (same seq, same hash): the entry as kept"},
        **errors(400, 401, 409, 422, 503),
    },
)
def submit_audit_entry(
    kiosk_id: KioskId, seq: Seq, entry: c.AuditEntry, request: Request,
    idempotency_key: idempotency_key_header("audit entry"), sandbox: Sandbox, trail: AuditDep,
) -> Response:
    """One entry of a kiosk's staff audit trail. Kept even when it does not follow from the stored previous
    entry (flagged chain_broken, an alert); 409 when another entry is kept under this kiosk and seq."""
    if kiosk_id != entry.kiosk_id:
        raise HTTPException(422, "kiosk_id in the body differs from the path")
    stored = trail.stored_hash(entry.kiosk_id, entry.seq)
    if stored is not None and stored != entry.hash:
        raise HTTPException(409, f"audit entry {entry.seq} of this kiosk is stored with another hash")
    return idempotent_put(
        sandbox, request, idempotency_key, c.AUDIT_PATH.format(kiosk_id=kiosk_id, seq=seq),
        ("seq", str(seq), str(entry.seq)), entry.model_dump(mode="json"), f"audit entry {seq} of {kiosk_id}",
        lambda fingerprint: trail.create(idempotency_key, entry),
    )


# ------------------------------------------------------------------------- admin


@admin_router.get(c.ADMIN_AUDIT_PATH, response_model=c.AuditList, operation_id="listAuditEntries")
def list_audit_entries(
    trail: AuditDep,
    kiosk_id: Annotated[str | None, Query(max_length=64, description="Only this kiosk's entries")] = None,
    alerts: Annotated[bool, Query(description="Only the alerts: PIN lockouts, repaired audit files, entries "
                                              "where the chain is broken")] = False,
) -> c.AuditList:
    """The audit entries received, per kiosk in sequence order, and each kiosk's chain: verified when it
    runs from 1 without a gap or a break."""
    return trail.list_entries(kiosk_id, alerts)
