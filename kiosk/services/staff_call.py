"""呼叫工作人员 (call staff): a button on every screen asks for a person of the hall.

What a touch does, in this order:

1. The call (`contract.StaffCall`: this kiosk, the time, the screen and service the litigant was on,
   whether the green channel is on; nothing personal) is stored in the outbox, durable, before the
   litigant is told anything; the sync worker is woken and delivers it with its idempotency key.
2. A priority queue ticket (service `TICKET_SERVICE`) is taken and printed through the 取号 service
   (`TicketService.take_for_call`): the litigant has a number to show when staff come, or to be called
   with at the counter. Without a printer the number is shown on the screen only.
3. The notice (ui/staff_call_notice.py) follows `changed`: stored, the ticket, whether the call reached
   the court within `DELIVERY_WAIT` seconds (else: "the call is waiting for the network; please go to
   the service counter"), and the hall's acknowledgement once it comes.

One call per session: touching again while this session's call is open only says it is already made.
The kiosk keeps a small durable book of its calls (`StaffCallBook`, SQLite WAL, ``synchronous=FULL``)
for maintenance mode (staff see each call and mark it handled) and for the heartbeat (the open calls,
`summary`). While a delivered call is open the kiosk asks the court every `POLL_SECONDS` whether the
hall acknowledged it. Logs carry call ids, screen names and states only.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.staff_call")

TICKET_SERVICE = "consultation"  # the counter service of a staff call's priority ticket (咨询: the service desk)
DELIVERY_WAIT = 8.0  # seconds for the call to reach the court before the notice says it waits for the network
POLL_SECONDS = 10.0  # how often the court is asked about the open calls it has
POLL_HOURS = 4.0  # calls older than this are no longer asked about (they stay open in maintenance)
KEEP_DAYS = 30  # closed calls older than this are deleted from the book at start
LISTED = 50  # the calls maintenance mode shows (newest first)
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

# delivery of a call: queued (in the outbox) | delivered (the court has it) | dead (refused: needs a person)
QUEUED, DELIVERED, DEAD = "queued", "delivered", "dead"


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class StaffCallRecord:
    """A call as the kiosk knows it."""

    call_id: str
    called_at: datetime
    screen: str
    service: str | None
    green_channel: bool
    delivery: str = QUEUED
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    handled_at: datetime | None = None  # marked handled by staff at the kiosk
    ticket_number: str | None = None

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None and self.handled_at is None


@dataclass(frozen=True)
class CallState:
    """This session's call, as the notice shows it."""

    phase: str  # storing | stored | failed (could not be stored: the notice sends the litigant to the desk)
    record: StaffCallRecord | None = None
    repeated: bool = False  # the button was touched again: the call is already made
    ticket: object = None  # kiosk.services.tickets.IssuedTicket
    ticket_state: str = "taking"  # taking | printed | not_printed | none (no number)
    ticket_code: str = ""  # the printer's code (not printed) or the refusal (none)
    waiting_network: bool = False  # not at the court `DELIVERY_WAIT` seconds after the touch

    @property
    def reached_court(self) -> bool:
        return self.record is not None and self.record.delivery == DELIVERED

    @property
    def acknowledged(self) -> bool:
        return self.record is not None and self.record.acknowledged_at is not None


# ------------------------------------------------------------------------------ the book
_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    call_id TEXT PRIMARY KEY, called_at TEXT NOT NULL, screen TEXT NOT NULL, service TEXT,
    green INTEGER NOT NULL, delivery TEXT NOT NULL, acknowledged_at TEXT, acknowledged_by TEXT, handled_at TEXT,
    ticket_number TEXT, created REAL NOT NULL
)
"""
_COLUMNS = ("call_id, called_at, screen, service, green, delivery, acknowledged_at, acknowledged_by, handled_at,"
            " ticket_number")


def _record(row: tuple) -> StaffCallRecord:
    call_id, called_at, screen, service, green, delivery, ack_at, ack_by, handled_at, number = row
    return StaffCallRecord(call_id, datetime.fromisoformat(called_at), screen, service, bool(green), delivery,
                           datetime.fromisoformat(ack_at) if ack_at else None, ack_by,
                           datetime.fromisoformat(handled_at) if handled_at else None, number)


class StaffCallBook:
    """This kiosk's calls (SQLite, WAL, synchronous=FULL; thread-safe)."""

    def __init__(self, path, clock=time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5.0)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        with self._lock:
            self._conn.execute(_SCHEMA)
            self._conn.execute("DELETE FROM calls WHERE created < ? AND (handled_at IS NOT NULL OR acknowledged_at"
                               " IS NOT NULL)", (self._clock() - KEEP_DAYS * 86400.0,))

    def _write(self, sql: str, params: tuple = ()) -> None:
        with self._lock:
            self._conn.execute(sql, params)

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def record(self, call) -> StaffCallRecord:
        """A call just stored in the outbox (the same call again changes nothing)."""
        self._write("INSERT OR IGNORE INTO calls (call_id, called_at, screen, service, green, delivery, created)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", (call.call_id, call.called_at.isoformat(), call.screen,
                                                      call.service, int(call.green_channel), QUEUED, self._clock()))
        return self.get(call.call_id)

    def get(self, call_id: str) -> StaffCallRecord | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM calls WHERE call_id = ?", (call_id,))
        return _record(rows[0]) if rows else None

    def set_delivery(self, call_id: str, delivery: str) -> None:
        self._write("UPDATE calls SET delivery = ? WHERE call_id = ?", (delivery, call_id))

    def acknowledged(self, call_id: str, at: datetime, by: str | None) -> None:
        self._write("UPDATE calls SET acknowledged_at = ?, acknowledged_by = ? WHERE call_id = ? AND"
                    " acknowledged_at IS NULL", (at.isoformat(), by, call_id))

    def handled(self, call_id: str, at: datetime) -> bool:
        with self._lock:
            return self._conn.execute("UPDATE calls SET handled_at = ? WHERE call_id = ? AND handled_at IS NULL",
                                      (at.isoformat(), call_id)).rowcount == 1

    def set_ticket(self, call_id: str, number: str) -> None:
        self._write("UPDATE calls SET ticket_number = ? WHERE call_id = ?", (number, call_id))

    def calls(self, limit: int = LISTED) -> list[StaffCallRecord]:
        """Newest first."""
        return [_record(r) for r in self._read(f"SELECT {_COLUMNS} FROM calls ORDER BY called_at DESC LIMIT ?",
                                               (limit,))]

    def open_calls(self) -> list[StaffCallRecord]:
        """Neither acknowledged by the court nor handled at the kiosk, oldest first."""
        return [_record(r) for r in self._read(
            f"SELECT {_COLUMNS} FROM calls WHERE acknowledged_at IS NULL AND handled_at IS NULL ORDER BY called_at")]


def _ask_court(court, call_id: str):
    """The court's view of a call (None: it has none)."""
    return court.staff_call_status(call_id)


# ------------------------------------------------------------------------------ the service
class StaffCallService(QObject):
    """What the header button, the notice and maintenance mode talk to. Signals arrive on the GUI thread."""

    changed = Signal(object)  # CallState of this session's call, or None (no call, or a new session)
    calls_listed = Signal(object)  # list[StaffCallRecord], newest first (maintenance mode)
    open_count = Signal(int)  # the calls still open (the heartbeat is sent again when it changes)

    def __init__(self, outbox, book: StaffCallBook, court, workers: dict, tickets, session, *, kiosk_id: str,
                 hall: str, wake_sync=lambda: None, heartbeat=None, clock=_now,
                 delivery_wait: float = DELIVERY_WAIT, poll_seconds: float = POLL_SECONDS) -> None:
        """``workers``: outbox and network (DeviceWorker each); ``tickets``: the TicketService; ``session``:
        the session controller (its data's service and green-channel setting)."""
        super().__init__()
        self._outbox = outbox
        self.book = book
        self._court = court
        self._workers = workers
        self._tickets = tickets
        self._session_ctl = session
        self._kiosk_id = kiosk_id
        self._hall = hall
        self._wake_sync = wake_sync
        self._heartbeat = heartbeat
        self._clock = clock
        self._session = 0
        self._state: CallState | None = None
        self._open = -1
        self._polling = False
        self._stopped = False
        self._delivery_timer = QTimer(self)
        self._delivery_timer.setSingleShot(True)
        self._delivery_timer.setInterval(int(delivery_wait * 1000))
        self._delivery_timer.timeout.connect(self._delivery_late)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(int(poll_seconds * 1000))
        self._poll_timer.timeout.connect(self.poll)

    @property
    def state(self) -> CallState | None:
        return self._state

    # -- the litigant --------------------------------------------------------------------
    def call(self, screen: str = "unknown") -> None:
        """Call staff from this screen (a screen name: never free text). Emits changed."""
        state = self._state
        if state is not None and state.phase != "failed" and (state.record is None or state.record.open):
            self._state = replace(state, repeated=True)
            log.info("staff call: touched again on %s; the call is already made", _name(screen))
            self.changed.emit(self._state)
            return
        from offline_queue import items
        from offline_queue.contract import StaffCall

        data = self._session_ctl.data
        service = data.service if data.service and _NAME.match(data.service) else None
        call = StaffCall(call_id=str(uuid.uuid4()), kiosk_id=self._kiosk_id, hall=self._hall,
                         called_at=self._clock(), screen=_name(screen), service=service,
                         green_channel=bool(getattr(data.settings, "green_channel", False)))
        self._state = CallState("storing")
        session, book, outbox = self._session, self.book, self._outbox

        def store() -> StaffCallRecord:
            items.enqueue_staff_call(outbox, call)  # durable before the litigant is told
            return book.record(call)

        def stored(record: StaffCallRecord) -> None:
            self._wake_sync()
            log.info("staff call %s stored (screen %s, service %s, green channel %s)", call.call_id, call.screen,
                     call.service or "-", call.green_channel)
            if session == self._session and self._state is not None:
                self._state = replace(self._state, phase="stored", record=record)
                self._delivery_timer.start()
                self.changed.emit(self._state)
            self._count_open()

        def failed(exc: BaseException) -> None:
            log.error("staff call %s could not be stored (%s)", call.call_id, type(exc).__name__)
            if session == self._session and self._state is not None:
                self._state = replace(self._state, phase="failed")
                self.changed.emit(self._state)

        self.changed.emit(self._state)
        self._workers["outbox"].submit(store, stored, failed, session_bound=False)
        self._take_ticket(call.call_id, session)

    def _take_ticket(self, call_id: str, session: int) -> None:
        if self._tickets is None:
            self._ticket_done(call_id, session, None, False, "no_tickets")
            return
        self._tickets.take_for_call(TICKET_SERVICE, lambda ticket, printed, code: self._ticket_done(
            call_id, session, ticket, printed, code))

    def _ticket_done(self, call_id: str, session: int, ticket, printed: bool, code: str) -> None:
        if ticket is not None:
            book = self.book
            self._workers["outbox"].submit(lambda: book.set_ticket(call_id, ticket.number), session_bound=False)
        if session != self._session or self._state is None:
            return
        ticket_state = "none" if ticket is None else "printed" if printed else "not_printed"
        record = self._state.record
        if record is not None and ticket is not None:
            record = replace(record, ticket_number=ticket.number)
        self._state = replace(self._state, ticket=ticket, ticket_state=ticket_state, ticket_code=code, record=record)
        self.changed.emit(self._state)

    def _delivery_late(self) -> None:
        state = self._state
        if state is not None and state.phase == "stored" and not state.reached_court:
            log.warning("staff call %s has not reached the court yet", state.record.call_id)
            self._state = replace(state, waiting_network=True)
            self.changed.emit(self._state)

    def clear(self) -> None:
        """A session reset: the next person may call again (the open call stays open for staff)."""
        self._session += 1
        self._delivery_timer.stop()
        if self._state is not None:
            self._state = None
            self.changed.emit(None)

    # -- delivery and acknowledgement ----------------------------------------------------
    def queue_changed(self, item_id: str, state: str) -> None:
        """The sync worker moved an outbox item (on the GUI thread): a call delivered or refused."""
        from offline_queue.outbox import DEAD as ITEM_DEAD
        from offline_queue.outbox import DELIVERED as ITEM_DELIVERED

        delivery = {ITEM_DELIVERED: DELIVERED, ITEM_DEAD: DEAD}.get(state)
        if delivery is None or self._stopped:  # (the sender may still deliver while the kiosk stops)
            return
        book = self.book

        def update() -> StaffCallRecord | None:
            if book.get(item_id) is None:
                return None
            book.set_delivery(item_id, delivery)
            return book.get(item_id)

        self._workers["outbox"].submit(update, self._updated, session_bound=False)

    def _updated(self, record: StaffCallRecord | None) -> None:
        if record is None:
            return
        log.info("staff call %s: %s", record.call_id, record.delivery)
        state = self._state
        if state is not None and state.record is not None and state.record.call_id == record.call_id:
            number = state.record.ticket_number or record.ticket_number
            self._state = replace(state, record=replace(record, ticket_number=number),
                                  waiting_network=state.waiting_network and record.delivery != DELIVERED)
            self.changed.emit(self._state)
        if record.delivery == DELIVERED and record.open:
            self._poll_timer.start()
        self._count_open()

    def poll(self) -> None:
        """Ask the court about the open calls it has (one round at a time); stops when none is left."""
        if self._polling or self._stopped:
            return
        self._polling = True
        book, court, clock = self.book, self._court, self._clock

        def ask() -> tuple[list[StaffCallRecord], bool]:
            from offline_queue.client import CourtError

            oldest = clock() - timedelta(hours=POLL_HOURS)
            asking = [r for r in book.open_calls() if r.delivery == DELIVERED and r.called_at >= oldest]
            answered = []
            for record in asking:
                try:
                    status = _ask_court(court, record.call_id)
                except CourtError as exc:
                    log.info("staff call %s: status not known (%s)", record.call_id, type(exc).__name__)
                    break
                if status is not None and status.acknowledged_at is not None:
                    book.acknowledged(record.call_id, status.acknowledged_at, status.acknowledged_by)
                    answered.append(book.get(record.call_id))
            return answered, len(asking) > len(answered)

        def done(result) -> None:
            self._polling = False
            answered, more = result
            for record in answered:
                log.info("staff call %s acknowledged by the hall", record.call_id)
                self._updated(record)
            if not more:
                self._poll_timer.stop()

        def failed(exc: BaseException) -> None:
            self._polling = False
            log.error("staff call poll failed: %s", type(exc).__name__)

        self._workers["network"].submit(ask, done, failed, session_bound=False)

    # -- staff -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """List the calls (newest first) for maintenance mode: emits calls_listed."""
        self._workers["outbox"].submit(self.book.calls, self.calls_listed.emit, session_bound=False)

    def mark_handled(self, call_id: str, audit=lambda: None) -> None:
        """Staff at the kiosk took care of the call: it is closed here (``audit()`` records who, on the
        outbox worker), then the list is emitted again."""
        book, clock = self.book, self._clock

        def handle() -> bool:
            done = book.handled(call_id, clock())
            if done:
                audit()
            return done

        def handled(done: bool) -> None:
            if done:
                log.info("staff call %s marked handled", call_id)
                state = self._state
                if state is not None and state.record is not None and state.record.call_id == call_id:
                    self._state = replace(state, record=replace(state.record, handled_at=clock()))
                    self.changed.emit(self._state)
            self._count_open()
            self.refresh()

        self._workers["outbox"].submit(handle, handled, session_bound=False)

    def summary(self) -> tuple[int, int, datetime | None]:
        """(open calls, of which not at the court, the oldest open call's time). Blocking: on a worker."""
        calls = self.book.open_calls()
        return len(calls), sum(1 for r in calls if r.delivery != DELIVERED), calls[0].called_at if calls else None

    def _count_open(self) -> None:
        if self._stopped:
            return

        def counted(count: int) -> None:
            if count != self._open:
                first, self._open = self._open < 0, count
                self.open_count.emit(count)
                if self._heartbeat is not None and (count or not first):  # (none open at start: no news)
                    self._heartbeat.staff_calls_changed()

        self._workers["outbox"].submit(lambda: len(self.book.open_calls()), counted, session_bound=False)

    # -- life ------------------------------------------------------------------------------
    def start(self) -> None:
        """Once at start: calls the outbox holds but the book does not (a crash between the two) are
        recorded, deliveries settled while the kiosk was off noted; polling resumes for open calls."""
        outbox, book = self._outbox, self.book

        def reconcile() -> bool:
            from offline_queue.contract import StaffCall
            from offline_queue.items import KIND_STAFF_CALL
            from offline_queue.outbox import DEAD as ITEM_DEAD
            from offline_queue.outbox import DELIVERED as ITEM_DELIVERED

            held = {i.id: i for i in outbox.items(kind=KIND_STAFF_CALL)}
            for item in held.values():
                book.record(StaffCall.model_validate(item.payload))
            for record in book.open_calls():
                item = held.get(record.call_id)
                state = ITEM_DELIVERED if item is None else item.state  # gone: delivered, then purged
                delivery = {ITEM_DELIVERED: DELIVERED, ITEM_DEAD: DEAD}.get(state, QUEUED)
                if delivery != record.delivery:
                    book.set_delivery(record.call_id, delivery)
            return any(r.delivery == DELIVERED for r in book.open_calls())

        def done(any_delivered: bool) -> None:
            if any_delivered:
                self._poll_timer.start()
            self._count_open()

        self._workers["outbox"].submit(reconcile, done, lambda exc: log.error(
            "staff calls start failed: %s", type(exc).__name__), session_bound=False)

    def stop(self) -> None:
        self._stopped = True
        self._delivery_timer.stop()
        self._poll_timer.stop()
        self._workers["outbox"].submit(self.book.close, session_bound=False)


def _name(screen: str) -> str:
    return screen if isinstance(screen, str) and _NAME.match(screen) else "unknown"


def create(deps) -> StaffCallService:
    config = deps.config
    book = StaffCallBook(Path(config.get("kiosk.data_dir")) / "staff_calls.sqlite3")
    heartbeat = deps.services["heartbeat"]
    service = StaffCallService(deps.outbox, book, deps.court, deps.workers, deps.services["tickets"],
                               deps.services["session"], kiosk_id=config.get("kiosk.kiosk_id"),
                               hall=config.get("court.court_code"), wake_sync=deps.wake_sync, heartbeat=heartbeat)
    heartbeat.attach_staff_calls(service)
    deps.subscribe_queue(service.queue_changed)
    return service


SERVICE = ServiceSpec(
    "staff_call",
    create,
    workers=("network", "outbox"),
    config=("court.court_code", "kiosk.kiosk_id", "kiosk.data_dir"),
    requires=("session", "tickets", "heartbeat"),
    outbox=True,
    court=True,
    on_start="start",
    on_session_reset="clear",
    on_stop="stop",
)
