"""Fakes for the 取号 service tests: the court's ticket calls (numbers per prefix, offline blocks, the
hall's queue), answered with contract objects, refusing or out of reach on demand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from offline_queue import contract as c
from offline_queue.client import PermanentError, RetryableError

PREFIXES = {"filing": "A", "payment": "B", "petition": "C", "legal_aid": "D", "mediation": "E", "consultation": "F"}
NAMES = {"filing": "立案", "payment": "交费", "petition": "信访", "legal_aid": "法律援助", "mediation": "调解",
         "consultation": "咨询"}


class TicketCourt:
    """``down``: every call raises RetryableError; ``refuse``: issuing raises PermanentError(422);
    ``lose_ranges``: that many block reservations are made but their answer is lost."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.down = False
        self.refuse = False
        self.lose_ranges = 0
        self.serials: dict[str, int] = {}
        self.tickets: dict[str, c.Ticket] = {}
        self.blocks: dict[str, c.TicketRange] = {}
        self.next_block = 1
        self.waiting = 0
        self.call_list: list[c.TicketCall] = []

    def methods(self) -> list[str]:
        return [name for name, _ in self.calls]

    def _call(self, name: str, argument: Any) -> None:
        self.calls.append((name, argument))
        if self.down:
            raise RetryableError(detail="connection error: ConnectionError (fake)")

    def issue_ticket(self, request: c.TicketRequest, key: str, *, timeout=None, correlation_id=None) -> c.Ticket:
        self._call("issue_ticket", request)
        if self.refuse:
            raise PermanentError(422, "unknown service_code (fake)")
        if request.ticket_id not in self.tickets:
            prefix = c.TICKET_PRIORITY_PREFIX if request.priority else PREFIXES[request.service_code]
            self.serials[prefix] = self.serials.get(prefix, 0) + 1
            self.tickets[request.ticket_id] = c.Ticket(
                ticket_id=request.ticket_id, number=c.ticket_number(prefix, self.serials[prefix]), hall=request.hall,
                day=c.ticket_day(request.requested_at), service_code=request.service_code,
                service_name=NAMES[request.service_code], priority=request.priority,
                issued_at=request.requested_at, status=c.TICKET_WAITING, waiting_ahead=self.waiting)
            self.waiting += 1
        return self.tickets[request.ticket_id]

    def reserve_ticket_range(self, request: c.TicketRangeRequest, key: str, *, timeout=None,
                             correlation_id=None) -> c.TicketRange:
        self._call("reserve_ticket_range", request)
        if request.range_id not in self.blocks:
            self.blocks[request.range_id] = c.TicketRange(
                range_id=request.range_id, kiosk_id=request.kiosk_id, hall=request.hall, day=request.day,
                prefix=c.TICKET_OFFLINE_PREFIX, first=self.next_block, last=self.next_block + request.size - 1)
            self.next_block += request.size
        if self.lose_ranges:
            self.lose_ranges -= 1
            raise RetryableError(detail="connection error: the answer was lost (fake)")
        return self.blocks[request.range_id]

    def hall_queue(self, hall: str, *, timeout=None, correlation_id=None) -> c.HallQueue:
        self._call("hall_queue", hall)
        services = [c.CounterService(code=code, name=NAMES[code], prefix=prefix, counters=["1"],
                                     waiting=self.waiting if code == "filing" else 0)
                    for code, prefix in PREFIXES.items()]
        now = datetime.now(UTC)
        return c.HallQueue(hall=hall, day=c.ticket_day(now), services=services, calls=self.call_list, updated_at=now)
