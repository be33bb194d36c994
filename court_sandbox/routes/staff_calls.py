"""Call staff (呼叫工作人员): a kiosk raises a call for a person of the hall (an idempotent PUT), and asks
whether the hall acknowledged it (GET); the staff side (`admin_router`) lists the calls and acknowledges
one. A call holds nothing personal: the kiosk, the time, the screen and service, the green channel.

`StaffCalls` keeps them in the `Store`'s database (its ``_connect``: one short connection per operation,
writes in ``BEGIN IMMEDIATE`` transactions); the application's is ``app.state.staff_calls``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from starlette.responses import Response

from court_sandbox.context import Sandbox
from court_sandbox.routes.common import errors, idempotency_key_header, idempotent_put
from court_sandbox.store import Refused, Store, _iso
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

router = APIRouter(tags=["staff calls"])
admin_router = APIRouter(tags=["admin"])

CallId = Annotated[str, Path(pattern=c.FILING_ID_PATTERN, description="Client-chosen call id")]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_calls (
    call_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, hall TEXT NOT NULL, called_at TEXT NOT NULL,
    screen TEXT NOT NULL, service TEXT, green_channel INTEGER NOT NULL, status TEXT NOT NULL,
    fingerprint TEXT NOT NULL, received_at TEXT NOT NULL, acknowledged_at TEXT, acknowledged_by TEXT
)
"""
_COLUMNS = ("call_id, kiosk_id, hall, called_at, screen, service, green_channel, status, received_at, "
            "acknowledged_at, acknowledged_by")


class StaffCalls:
    """The staff calls of the sandbox (one per application, beside its `Store`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store._connect(write=True) as conn:
            conn.execute(_SCHEMA)

    @staticmethod
    def _status(row: tuple[Any, ...]) -> c.StaffCallStatus:
        keys = [k.strip() for k in _COLUMNS.split(",")]
        data = dict(zip(keys, row, strict=True))
        data["green_channel"] = bool(data["green_channel"])
        return c.StaffCallStatus.model_validate(data)

    def _row(self, conn: sqlite3.Connection, call_id: str) -> tuple[Any, ...] | None:
        return conn.execute(f"SELECT {_COLUMNS} FROM staff_calls WHERE call_id = ?", (call_id,)).fetchone()

    def create(self, key: str, fingerprint: str, call: c.StaffCall) -> tuple[int, dict[str, Any]]:
        """Record a call. (201, the call); (200, the call as it stands) for the same call again."""
        now = _iso(self.store.now())
        with self.store._connect(write=True) as conn:
            existing = conn.execute("SELECT fingerprint FROM staff_calls WHERE call_id = ?",
                                    (call.call_id,)).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "call_id is already used by a different call")
                status_code = 200
            else:
                if conn.execute("SELECT 1 FROM courts WHERE code = ?", (call.hall,)).fetchone() is None:
                    raise Refused(422, "unknown hall")
                conn.execute(
                    "INSERT INTO staff_calls (call_id, kiosk_id, hall, called_at, screen, service, green_channel,"
                    " status, fingerprint, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (call.call_id, call.kiosk_id, call.hall, _iso(call.called_at), call.screen, call.service,
                     int(call.green_channel), c.STAFF_CALL_OPEN, fingerprint, now))
                status_code = 201
            text = self._status(self._row(conn, call.call_id)).model_dump_json()
            Store._complete_key(conn, key, status_code, text, now)
        return status_code, json.loads(text)

    def get(self, call_id: str) -> c.StaffCallStatus | None:
        with self.store._connect() as conn:
            row = self._row(conn, call_id)
        return None if row is None else self._status(row)

    def acknowledge(self, call_id: str, by: str) -> c.StaffCallStatus | None:
        """Someone of the hall answers the call (the first acknowledgement stands); None: no such call."""
        now = _iso(self.store.now())
        with self.store._connect(write=True) as conn:
            conn.execute("UPDATE staff_calls SET status = ?, acknowledged_at = ?, acknowledged_by = ?"
                         " WHERE call_id = ? AND status = ?",
                         (c.STAFF_CALL_ACKNOWLEDGED, now, by or None, call_id, c.STAFF_CALL_OPEN))
            row = self._row(conn, call_id)
        return None if row is None else self._status(row)

    def list_calls(self, kiosk_id: str | None = None, open_only: bool = False) -> c.StaffCallList:
        with self.store._connect() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM staff_calls WHERE (? IS NULL OR kiosk_id = ?) AND (? = 0 OR status = ?)"
                " ORDER BY called_at DESC, rowid DESC",
                (kiosk_id, kiosk_id, int(open_only), c.STAFF_CALL_OPEN)).fetchall()
        return c.StaffCallList(items=[self._status(r) for r in rows])


async def _staff_calls(request: Request) -> StaffCalls:
    calls: StaffCalls = request.app.state.staff_calls
    return calls


StaffCallsDep = Annotated[StaffCalls, Depends(_staff_calls)]


@router.put(
    c.STAFF_CALL_PATH,
    response_model=c.StaffCallStatus,
    status_code=201,
    operation_id="callStaff",
    responses={
        200: {"model": c.StaffCallStatus, "description": "A repeat of an earlier request: the call as it stands"},
        **errors(400, 401, 409, 422, 503),
    },
)
def call_staff(
    call_id: CallId, call: c.StaffCall, request: Request, idempotency_key: idempotency_key_header("staff call"),
    sandbox: Sandbox, calls: StaffCallsDep,
) -> Response:
    """A litigant at a kiosk asks for a person of the hall. Nothing personal: the kiosk, the time, the
    screen and service they were on, whether the green channel is on."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.STAFF_CALL_PATH.format(call_id=call_id),
        ("call_id", call_id, call.call_id), call.model_dump(mode="json"), f"staff call {call_id}",
        lambda fingerprint: calls.create(idempotency_key, fingerprint, call),
    )


@router.get(c.STAFF_CALL_PATH, response_model=c.StaffCallStatus, operation_id="getStaffCall",
            responses=errors(401, 404))
def get_staff_call(call_id: CallId, calls: StaffCallsDep) -> c.StaffCallStatus:
    """A call as it stands: open, or acknowledged (when, and by which desk)."""
    found = calls.get(call_id)
    if found is None:
        raise HTTPException(404, "no such staff call")
    return found


# ------------------------------------------------------------------------- admin


@admin_router.get(c.ADMIN_STAFF_CALLS_PATH, response_model=c.StaffCallList, operation_id="listStaffCalls")
def list_staff_calls(
    calls: StaffCallsDep,
    kiosk_id: Annotated[str | None, Query(max_length=64, description="Only this kiosk's calls")] = None,
    open_only: Annotated[bool, Query(alias="open", description="Only the calls nobody has acknowledged")] = False,
) -> c.StaffCallList:
    """The staff calls, newest first."""
    return calls.list_calls(kiosk_id, open_only)


@admin_router.post(c.ADMIN_STAFF_CALL_ACK_PATH, response_model=c.StaffCallStatus,
                   operation_id="acknowledgeStaffCall", responses=errors(404, 422))
def acknowledge_staff_call(call_id: CallId, answer: c.StaffCallAcknowledge,
                           calls: StaffCallsDep) -> c.StaffCallStatus:
    """Someone of the hall answers the call: the kiosk learns it at its next status request (the first
    acknowledgement stands)."""
    found = calls.acknowledge(call_id, answer.by)
    if found is None:
        raise HTTPException(404, "no such staff call")
    log.info("staff call %s acknowledged", call_id)
    return found
