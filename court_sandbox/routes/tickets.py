"""Queue tickets (取号, contract 1.3): the hall's queue and calls, issuing and cancelling tickets, offline
number blocks for kiosks; and the staff side (`admin_router`): a counter calls its next ticket, the
tickets of a day. Writes are idempotent PUTs (`idempotent_put`): the same key answers the same ticket.

The `court_sandbox.tickets.Tickets` of the application is ``app.state.tickets``.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from starlette.responses import Response

from court_sandbox.context import Sandbox
from court_sandbox.routes.common import FilingId, KioskId, errors, idempotency_key_header, idempotent_put
from court_sandbox.store import Refused
from court_sandbox.tickets import Tickets
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

router = APIRouter(tags=["tickets"])
admin_router = APIRouter(tags=["admin"])

Hall = Annotated[str, Path(min_length=1, max_length=32, description="The hall: the court code")]
_GONE = {410: {"model": c.ErrorBody, "description": "The ticket was cancelled before it arrived"}}
_PUT_ERRORS = errors(400, 401, 404, 409, 422, 503)


async def _tickets(request: Request) -> Tickets:
    tickets: Tickets = request.app.state.tickets
    return tickets


TicketsDep = Annotated[Tickets, Depends(_tickets)]


def _refused(exc: Refused) -> HTTPException:
    return HTTPException(exc.status, exc.detail)


def _replay_doc(model: type) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": "A repeat of an earlier request: the answer again"}}


@router.get(c.HALL_QUEUE_PATH, response_model=c.HallQueue, operation_id="getHallQueue", responses=errors(401, 404))
def hall_queue(hall: Hall, tickets: TicketsDep) -> c.HallQueue:
    """The hall's counter services with the tickets of today waiting for each, and the number each
    counter calls now (newest first)."""
    try:
        return tickets.queue(hall)
    except Refused as exc:
        raise _refused(exc) from exc


@router.put(c.TICKET_PATH, response_model=c.Ticket, status_code=201, operation_id="issueTicket",
            responses={**_replay_doc(c.Ticket), **_PUT_ERRORS, **_GONE})
def issue_ticket(
    ticket_id: FilingId, ticket: c.TicketRequest, request: Request,
    idempotency_key: idempotency_key_header("ticket"), sandbox: Sandbox, tickets: TicketsDep,
) -> Response:
    """Issue a ticket: the next number of the hall's sequence for its service (green channel: the
    priority sequence) and the people waiting before it. With ``offline``: a ticket the kiosk issued
    from its reserved block (422 when the number is not of the block, or already used)."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.TICKET_PATH.format(ticket_id=ticket_id),
        ("ticket_id", ticket_id, ticket.ticket_id), ticket.model_dump(mode="json"), f"ticket {ticket_id}",
        lambda fp: tickets.issue(idempotency_key, fp, ticket, request.headers.get(c.KIOSK_ID_HEADER)),
    )


@router.get(c.TICKET_PATH, response_model=c.Ticket, operation_id="getTicket", responses=errors(401, 404))
def get_ticket(ticket_id: FilingId, tickets: TicketsDep) -> c.Ticket:
    """A ticket as it stands: waiting (with the people before it), called (to which counter), served,
    cancelled or expired."""
    ticket = tickets.ticket(ticket_id)
    if ticket is None:
        raise HTTPException(404, "no such ticket")
    return ticket


@router.put(c.TICKET_CANCEL_PATH, response_model=c.TicketCancellation, status_code=201, operation_id="cancelTicket",
            responses={**_replay_doc(c.TicketCancellation), **_PUT_ERRORS})
def cancel_ticket(
    ticket_id: FilingId, cancel: c.TicketCancel, request: Request,
    idempotency_key: idempotency_key_header("cancellation"), sandbox: Sandbox, tickets: TicketsDep,
) -> Response:
    """Cancel a ticket (a print that failed, a litigant who gave up). A ticket the backend has not seen
    is cancelled in advance: it is refused (410) when it arrives."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.TICKET_CANCEL_PATH.format(ticket_id=ticket_id),
        ("ticket_id", ticket_id, cancel.ticket_id), cancel.model_dump(mode="json"), f"ticket cancel {ticket_id}",
        lambda fp: tickets.cancel(idempotency_key, cancel, request.headers.get(c.KIOSK_ID_HEADER)),
    )


@router.put(c.TICKET_RANGE_PATH, response_model=c.TicketRange, status_code=201, operation_id="reserveTicketRange",
            responses={**_replay_doc(c.TicketRange), **_PUT_ERRORS})
def reserve_range(
    kiosk_id: KioskId, range_id: FilingId, reservation: c.TicketRangeRequest, request: Request,
    idempotency_key: idempotency_key_header("reservation"), sandbox: Sandbox, tickets: TicketsDep,
) -> Response:
    """Reserve a block of numbers (prefix X) the kiosk may issue offline on a day: today or up to 7 days
    ahead. The blocks of a day never overlap."""
    if reservation.kiosk_id != kiosk_id:
        raise HTTPException(422, "kiosk_id in the body differs from the path")
    return idempotent_put(
        sandbox, request, idempotency_key, c.TICKET_RANGE_PATH.format(kiosk_id=kiosk_id, range_id=range_id),
        ("range_id", range_id, reservation.range_id), reservation.model_dump(mode="json"),
        f"ticket range {range_id}", lambda fp: tickets.reserve(idempotency_key, fp, reservation),
    )


# ------------------------------------------------------------------------- admin


@admin_router.post(c.ADMIN_CALL_NEXT_PATH, response_model=c.Ticket, operation_id="callNextTicket",
                   responses=errors(404, 422))
def call_next(hall: Hall, call: c.CallNext, tickets: TicketsDep) -> c.Ticket:
    """A counter calls its next ticket: green-channel tickets of its services first, then in order of
    issue (404 when nobody waits). The ticket it called before is served."""
    try:
        ticket = tickets.call_next(hall, call)
    except Refused as exc:
        raise _refused(exc) from exc
    if ticket is None:
        raise HTTPException(404, "nobody is waiting for these services")
    log.info("counter %s calls ticket %s", call.counter, ticket.ticket_id)
    return ticket


@admin_router.get(c.ADMIN_TICKETS_PATH, response_model=c.TicketList, operation_id="listTickets")
def list_tickets(
    tickets: TicketsDep,
    hall: Annotated[str | None, Query(max_length=32, description="Only this hall")] = None,
    day: Annotated[date | None, Query(description="The hall day (default: today)")] = None,
) -> c.TicketList:
    """The tickets of a day, in the order they reached the backend."""
    return tickets.list_tickets(hall, day)
