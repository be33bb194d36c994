"""Fakes for the call-staff service tests: a court that also answers staff calls (the 取号 fake court
plus `staff_call_status`), and a session controller holding a session's data."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.session import SessionData
from offline_queue import contract as c
from offline_queue.client import RetryableError
from tests.services.ticket_fakes import TicketCourt


class StaffCallCourt(TicketCourt):
    """``acknowledged``: call id -> who answered (the hall acknowledged it); ``received``: the calls it has."""

    def __init__(self) -> None:
        super().__init__()
        self.received: dict[str, c.StaffCall] = {}
        self.acknowledged: dict[str, str] = {}

    def submit_staff_call(self, call: c.StaffCall, key: str, *, correlation_id=None) -> c.StaffCallStatus:
        self._call("submit_staff_call", call)
        self.received.setdefault(call.call_id, call)
        return self.staff_call_status(call.call_id)

    def staff_call_status(self, call_id: str) -> c.StaffCallStatus | None:
        self.calls.append(("staff_call_status", call_id))
        if self.down:
            raise RetryableError(detail="connection error: ConnectionError (fake)")
        call = self.received.get(call_id)
        if call is None:
            return None
        by = self.acknowledged.get(call_id)
        return c.StaffCallStatus(
            call_id=call_id, kiosk_id=call.kiosk_id, hall=call.hall, called_at=call.called_at, screen=call.screen,
            service=call.service, green_channel=call.green_channel,
            status=c.STAFF_CALL_ACKNOWLEDGED if by is not None else c.STAFF_CALL_OPEN,
            received_at=datetime.now(UTC), acknowledged_at=datetime.now(UTC) if by is not None else None,
            acknowledged_by=by or None)


class FakeSessionControl:
    """The session controller's part the service reads: ``data`` (service, settings, identity)."""

    def __init__(self) -> None:
        self.data = SessionData()
