"""取号 (queue tickets): anyone takes a number for a counter service of the hall (立案, 交费, 信访, 法律援助,
调解, 咨询...), printed on the receipt printer with the service, the people waiting before it and the
time; green-channel visits get priority tickets. No identity is needed.

Numbers come from the court backend (contract 1.3): one sequence per hall (the court code) shared by
all its kiosks. When the backend does not answer within `ONLINE_TIMEOUT`, the kiosk issues the number
from a block it reserved earlier (`TicketRange`, prefix X), says so, and reports the ticket through the
outbox, so the backend counts it among the waiting. Blocks are reserved for today and tomorrow
whenever the backend is reachable (`TicketDesk.ensure_ranges`).

A number is never issued twice, also across restarts: the next number of each block lives in a small
SQLite file (`TicketBook`, WAL, ``synchronous=FULL``) and is taken in one transaction, durable before
the ticket is printed; the report is in the outbox before printing too.

A ticket that is not printed is not left as a number nobody answers: the litigant may print it again,
and when they give up, leave, or the printer fails `MAX_PRINT_ATTEMPTS` times, it is cancelled at the
backend (always through the outbox: a cancellation for a ticket the backend has not seen yet makes it
refuse the ticket later). An online request that failed is cancelled the same way (its answer may
have been lost after the backend issued it). At start, tickets left unsettled by a crash (requested,
or not printed) are cancelled; a ticket whose print was under way is left alone (it may be in a hand).

`TicketBook` and `TicketDesk` are plain Python (blocking: run them on workers); `TicketService` is the
thin Qt adapter the screen talks to. Logs carry ticket ids, numbers, service codes and counts: a ticket
holds nothing personal.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.tickets")

ONLINE_TIMEOUT = 4.0  # seconds the backend has to give a number before the kiosk issues one offline
OFFLINE_HOLD = 30.0  # after a failed request, numbers are issued offline straight away this long
POLL_TIMEOUT = 3.0
RANGE_SIZE = 50  # numbers per offline block
RANGE_LOW = 15  # another block is reserved when fewer are left for a day
RANGE_DAYS = 2  # blocks are held for today and tomorrow
MAX_PRINT_ATTEMPTS = 3  # failed prints after which the ticket is cancelled
ESTIMATE_SECONDS = 600.0  # how long a waiting count from the backend serves as an offline estimate
KEEP_DAYS = 7  # local records of tickets and blocks older than this are deleted at start

# refused codes (no number was issued)
NO_NUMBERS = "no_numbers"  # offline, and no reserved block has a number left for today
REFUSED = "refused"  # the backend refused the request (a service it does not know...)
STORAGE = "storage"  # the number could not be stored durably
BUSY = "busy"  # a ticket is being issued or printed
ERROR = "error"
# printer codes come from the receipt service: paper_out | offline | error

#: The hall's counter services when the backend has never been reached: the sandbox's (a court's own
#: list comes from its backend and is kept for the next time it is out of reach).
DEFAULT_SERVICES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("filing", "立案", "A", ("1", "2", "3")),
    ("payment", "交费", "B", ("4",)),
    ("petition", "信访", "C", ("5",)),
    ("legal_aid", "法律援助", "D", ("6",)),
    ("mediation", "调解", "E", ("7",)),
    ("consultation", "咨询", "F", ("8",)),
)


@dataclass(frozen=True)
class CounterInfo:
    code: str
    name: str  # the court's name (Chinese: it is printed)
    prefix: str
    counters: tuple[str, ...] = ()
    waiting: int | None = None  # None: not known (offline)


@dataclass(frozen=True)
class Call:
    number: str
    service_code: str
    counter: str
    priority: bool = False


@dataclass(frozen=True)
class QueueView:
    services: tuple[CounterInfo, ...]
    calls: tuple[Call, ...]
    reachable: bool


@dataclass(frozen=True)
class IssuedTicket:
    ticket_id: str
    number: str
    service_code: str
    service_name: str
    priority: bool
    issued_at: datetime
    waiting_ahead: int | None  # None: not known
    offline: bool = False  # issued from this kiosk's reserved block
    estimated: bool = False  # waiting_ahead is the last count the backend gave (offline)
    counters: tuple[str, ...] = ()


def ticket_receipt(ticket: IssuedTicket, court_name: str, reprint: bool = False):
    """The ticket on the receipt printer: the number big, the service, the people waiting, the time."""
    from drivers.printer.base import Receipt, ReceiptLine

    lines = [
        ReceiptLine(court_name, align="center", bold=True),
        ReceiptLine("诉讼服务中心 取号凭条" + ("（补打）" if reprint else ""), align="center", bold=True),
        ReceiptLine("--------------------------------"),
        ReceiptLine(ticket.number, align="center", bold=True, double=True),
    ]
    if ticket.priority:
        lines.append(ReceiptLine("【绿色通道 优先办理】", align="center", bold=True))
    lines.append(ReceiptLine(f"业务：{ticket.service_name}", align="center", bold=True, double=True))
    if ticket.counters:
        lines.append(ReceiptLine(f"办理窗口：{'、'.join(ticket.counters)} 号窗口", align="center"))
    if ticket.waiting_ahead is None:
        lines.append(ReceiptLine("等候人数：暂时无法获取", align="center"))
    elif ticket.estimated:
        lines.append(ReceiptLine(f"前面约有 {ticket.waiting_ahead} 人等候", align="center"))
    else:
        lines.append(ReceiptLine(f"前面还有 {ticket.waiting_ahead} 人等候", align="center"))
    lines += [
        ReceiptLine(f"取号时间：{ticket.issued_at:%Y-%m-%d %H:%M}", align="center"),
        ReceiptLine("--------------------------------"),
    ]
    if ticket.offline:
        lines += [ReceiptLine("本号由自助机离线签发，同样有效，", align="left"),
                  ReceiptLine("请按叫号顺序办理。", align="left")]
    lines += [
        ReceiptLine("请留意叫号屏和语音提示，过号请", align="left"),
        ReceiptLine("到服务台咨询。本号当日有效。", align="left"),
    ]
    return Receipt(lines=lines, cut=True)


class NoNumbers(Exception):
    """Offline, and no reserved block of today has a number left."""


class TicketRefused(Exception):
    """The backend refused the ticket (a permanent error): no number."""


# ------------------------------------------------------------------------------ the book
_SCHEMA = """
CREATE TABLE IF NOT EXISTS ranges (
    range_id TEXT PRIMARY KEY, day TEXT NOT NULL, size INTEGER NOT NULL, prefix TEXT, first INTEGER, last INTEGER,
    next INTEGER, state TEXT NOT NULL CHECK (state IN ('requested', 'ready')), created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    ticket_id TEXT PRIMARY KEY, number TEXT, service_code TEXT NOT NULL, priority INTEGER NOT NULL,
    source TEXT NOT NULL, state TEXT NOT NULL, day TEXT NOT NULL, issued_at TEXT, range_id TEXT,
    reported INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS tickets_number ON tickets (day, number) WHERE source = 'offline';
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)
"""
# ticket states: requesting (asked the backend) | printing (issued, sent to the printer) | printed |
# print_failed | cancelled
UNSETTLED = ("requesting", "print_failed")


class TicketBook:
    """This kiosk's durable record of its offline blocks and the tickets it issued (SQLite, WAL,
    synchronous=FULL; thread-safe). Taking an offline number is one transaction: when
    `take_offline` returns, the number is used for good, whatever happens next."""

    def __init__(self, path: str | os.PathLike[str], clock=time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5.0)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        with self._write() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            cutoff = self._clock() - KEEP_DAYS * 86400.0
            conn.execute("DELETE FROM tickets WHERE created_at < ? AND state NOT IN ('requesting', 'print_failed')",
                         (cutoff,))
            conn.execute("DELETE FROM ranges WHERE created_at < ?", (cutoff,))

    def _write(self):
        book = self

        class _Tx:
            def __enter__(self):
                book._lock.acquire()
                book._conn.execute("BEGIN IMMEDIATE")
                return book._conn

            def __exit__(self, kind, exc, tb):
                try:
                    book._conn.execute("COMMIT" if kind is None else "ROLLBACK")
                finally:
                    book._lock.release()

        return _Tx()

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- blocks --
    def request_range(self, day: date, size: int = RANGE_SIZE) -> str:
        """Note a block about to be asked for (its id is the request's): a restart asks again, same id."""
        range_id = str(uuid.uuid4())
        with self._write() as conn:
            conn.execute("INSERT INTO ranges (range_id, day, size, state, created_at) VALUES (?, ?, ?, 'requested', ?)",
                         (range_id, day.isoformat(), size, self._clock()))
        return range_id

    def requested_ranges(self) -> list[tuple[str, date, int]]:
        return [(r, date.fromisoformat(d), s) for r, d, s in
                self._read("SELECT range_id, day, size FROM ranges WHERE state = 'requested' ORDER BY created_at")]

    def range_ready(self, range_id: str, prefix: str, first: int, last: int) -> None:
        with self._write() as conn:
            conn.execute("UPDATE ranges SET prefix = ?, first = ?, last = ?, next = ?, state = 'ready'"
                         " WHERE range_id = ? AND state = 'requested'", (prefix, first, last, first, range_id))

    def numbers_left(self, day: date) -> int:
        row = self._read("SELECT coalesce(sum(last - next + 1), 0) FROM ranges WHERE day = ? AND state = 'ready'"
                         " AND next <= last", (day.isoformat(),))
        return int(row[0][0])

    def take_offline(self, ticket_id: str, day: date, service_code: str, priority: bool,
                     issued_at: datetime) -> tuple[str, str] | None:
        """The next number of today's blocks, used for good and recorded as this ticket's, in one
        durable transaction: (number, range id); None when no block has one left."""
        from offline_queue.contract import ticket_number

        with self._write() as conn:
            row = conn.execute("SELECT range_id, prefix, next FROM ranges WHERE day = ? AND state = 'ready'"
                               " AND next <= last ORDER BY first LIMIT 1", (day.isoformat(),)).fetchone()
            if row is None:
                return None
            range_id, prefix, serial = row
            number = ticket_number(prefix, serial)
            conn.execute("UPDATE ranges SET next = next + 1 WHERE range_id = ?", (range_id,))
            conn.execute("INSERT INTO tickets (ticket_id, number, service_code, priority, source, state, day,"
                         " issued_at, range_id, created_at) VALUES (?, ?, ?, ?, 'offline', 'printing', ?, ?, ?, ?)",
                         (ticket_id, number, service_code, int(priority), day.isoformat(), issued_at.isoformat(),
                          range_id, self._clock()))
        return number, range_id

    # -- tickets --
    def record(self, ticket_id: str, service_code: str, priority: bool, day: date) -> None:
        """An online request about to be sent (a crash before its answer leaves it to cancel)."""
        with self._write() as conn:
            conn.execute("INSERT INTO tickets (ticket_id, service_code, priority, source, state, day, created_at)"
                         " VALUES (?, ?, ?, 'online', 'requesting', ?, ?)",
                         (ticket_id, service_code, int(priority), day.isoformat(), self._clock()))

    def set_state(self, ticket_id: str, state: str, number: str | None = None) -> None:
        with self._write() as conn:
            conn.execute("UPDATE tickets SET state = ?, number = coalesce(?, number) WHERE ticket_id = ?",
                         (state, number, ticket_id))

    def mark_reported(self, ticket_id: str) -> None:
        with self._write() as conn:
            conn.execute("UPDATE tickets SET reported = 1 WHERE ticket_id = ?", (ticket_id,))

    def state(self, ticket_id: str) -> str | None:
        rows = self._read("SELECT state FROM tickets WHERE ticket_id = ?", (ticket_id,))
        return rows[0][0] if rows else None

    def unsettled(self) -> list[dict]:
        """Tickets a crash left: requested without an answer, or not printed; and offline tickets whose
        report is not stored yet."""
        rows = self._read("SELECT ticket_id, number, service_code, priority, source, state, issued_at, range_id,"
                          " reported FROM tickets WHERE state IN ('requesting', 'print_failed')"
                          " OR (source = 'offline' AND reported = 0) ORDER BY created_at")
        keys = ("ticket_id", "number", "service_code", "priority", "source", "state", "issued_at", "range_id",
                "reported")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def offline_numbers(self) -> list[str]:
        return [r[0] for r in self._read("SELECT number FROM tickets WHERE source = 'offline' ORDER BY created_at")]

    # -- the services list, kept for when the backend is out of reach --
    def save_services(self, services: list[dict]) -> None:
        text = json.dumps(services, ensure_ascii=False, sort_keys=True)
        with self._write() as conn:
            conn.execute("INSERT INTO meta (name, value) VALUES ('services', ?) ON CONFLICT (name) DO UPDATE"
                         " SET value = excluded.value WHERE value != excluded.value", (text,))

    def services(self) -> list[dict] | None:
        rows = self._read("SELECT value FROM meta WHERE name = 'services'")
        return json.loads(rows[0][0]) if rows else None


# ------------------------------------------------------------------------------ the desk
def _now() -> datetime:
    return datetime.now().astimezone()


class TicketDesk:
    """The blocking work of taking numbers (run it on a worker): online from the backend, offline from
    the reserved blocks, reporting and cancelling through the outbox. Plain Python, thread-safe."""

    def __init__(self, court, outbox, book: TicketBook, hall: str, kiosk_id: str, *, clock=_now,
                 monotonic=time.monotonic, online_timeout: float = ONLINE_TIMEOUT,
                 offline_hold: float = OFFLINE_HOLD) -> None:
        self.court = court
        self.outbox = outbox
        self.book = book
        self.hall = hall
        self.kiosk_id = kiosk_id
        self.clock = clock
        self.monotonic = monotonic
        self.online_timeout = online_timeout
        self.offline_hold = offline_hold
        self._lock = threading.Lock()
        self._offline_until = 0.0
        self._waiting: dict[str, tuple[int, float]] = {}  # service code -> (waiting, when the backend said)
        stored = book.services()
        self._services = tuple(_counter(s) for s in stored) if stored else tuple(
            CounterInfo(code, name, prefix, counters) for code, name, prefix, counters in DEFAULT_SERVICES)

    # -- the hall --
    @property
    def services(self) -> tuple[CounterInfo, ...]:
        return self._services

    def service(self, code: str) -> CounterInfo | None:
        return next((s for s in self._services if s.code == code), None)

    def queue(self, timeout: float = POLL_TIMEOUT) -> QueueView:
        """The backend's queue now (services with the waiting, the calls); the known services when it is
        out of reach."""
        from offline_queue.client import CourtError

        try:
            answer = self.court.hall_queue(self.hall, timeout=timeout)
        except CourtError as exc:
            log.info("hall queue not known: %s", type(exc).__name__)
            known = tuple(replace(s, waiting=None) for s in self._services)
            return QueueView(known, (), False)
        services = [s.model_dump(mode="json") for s in answer.services]
        stamp = self.monotonic()
        with self._lock:
            self._services = tuple(_counter(s) for s in services)
            self._waiting = {s.code: (s.waiting, stamp) for s in answer.services}
            self._offline_until = 0.0
        self.book.save_services([{k: v for k, v in s.items() if k != "waiting"} for s in services])
        calls = tuple(Call(k.number, k.service_code, k.counter, k.priority) for k in answer.calls)
        return QueueView(self._services, calls, True)

    # -- taking a number --
    def take(self, service_code: str, priority: bool = False) -> IssuedTicket:
        """A number for the service: from the backend, or offline from a reserved block when the backend
        does not answer. Raises NoNumbers, TicketRefused, or OutboxError (the report could not be stored)."""
        from offline_queue.client import PermanentError, RetryableError
        from offline_queue.contract import TicketRequest, ticket_day

        service = self.service(service_code) or CounterInfo(service_code, service_code, "?")
        if self.monotonic() >= self._offline_until:
            ticket_id = str(uuid.uuid4())
            now = self.clock()
            self.book.record(ticket_id, service_code, priority, ticket_day(now))
            request = TicketRequest(ticket_id=ticket_id, hall=self.hall, service_code=service_code,
                                    priority=priority, requested_at=now)
            try:
                answer = self.court.issue_ticket(request, f"ticket-{ticket_id}", timeout=self.online_timeout)
            except RetryableError as exc:
                log.warning("ticket %s: the backend did not answer (%s); issuing offline", ticket_id,
                            f"HTTP {exc.status}" if exc.status else exc.detail.split(":")[0])
                self._offline_until = self.monotonic() + self.offline_hold
                self.cancel(ticket_id, "superseded")  # its answer may have been lost after it was issued
            except PermanentError as exc:
                log.warning("ticket %s refused by the backend: HTTP %s", ticket_id, exc.status)
                self.book.set_state(ticket_id, "cancelled")
                raise TicketRefused(str(exc.status)) from exc
            else:
                self.book.set_state(ticket_id, "printing", answer.number)
                with self._lock:
                    self._waiting[service_code] = (answer.waiting_ahead + 1, self.monotonic())
                log.info("ticket %s issued online: %s (%s, %d ahead)", ticket_id, answer.number, service_code,
                         answer.waiting_ahead)
                return IssuedTicket(ticket_id, answer.number, service_code, answer.service_name or service.name,
                                    answer.priority, answer.issued_at.astimezone(now.tzinfo), answer.waiting_ahead,
                                    counters=service.counters)
        return self._take_offline(service, priority)

    def _take_offline(self, service: CounterInfo, priority: bool) -> IssuedTicket:
        from offline_queue import items
        from offline_queue.contract import OfflineIssue, TicketRequest, ticket_day

        ticket_id, now = str(uuid.uuid4()), self.clock()
        taken = self.book.take_offline(ticket_id, ticket_day(now), service.code, priority, now)
        if taken is None:
            log.error("no offline number left for today (ticket %s not issued)", ticket_id)
            raise NoNumbers()
        number, range_id = taken
        request = TicketRequest(ticket_id=ticket_id, hall=self.hall, service_code=service.code, priority=priority,
                                requested_at=now, offline=OfflineIssue(range_id=range_id, number=number, issued_at=now))
        items.enqueue_ticket_report(self.outbox, request)
        self.book.mark_reported(ticket_id)
        with self._lock:
            known = self._waiting.get(service.code)
            estimate = None
            if known is not None and self.monotonic() - known[1] <= ESTIMATE_SECONDS:
                estimate = known[0]
                self._waiting[service.code] = (known[0] + 1, known[1])
        log.info("ticket %s issued offline: %s (%s)", ticket_id, number, service.code)
        return IssuedTicket(ticket_id, number, service.code, service.name, priority, now, estimate, offline=True,
                            estimated=estimate is not None, counters=service.counters)

    # -- after printing --
    def printed(self, ticket_id: str) -> None:
        self.book.set_state(ticket_id, "printed")

    def print_failed(self, ticket_id: str) -> None:
        self.book.set_state(ticket_id, "print_failed")

    def cancel(self, ticket_id: str, reason: str) -> None:
        """Cancel a ticket at the backend, through the outbox (after its report, when it was offline)."""
        from offline_queue import items
        from offline_queue.contract import TicketCancel

        items.enqueue_ticket_cancel(self.outbox, TicketCancel(ticket_id=ticket_id, reason=reason,
                                                              cancelled_at=self.clock()))
        self.book.set_state(ticket_id, "cancelled")
        log.info("ticket %s cancelled (%s)", ticket_id, reason)

    # -- offline blocks --
    def ensure_ranges(self, days: int = RANGE_DAYS) -> int:
        """Ask again for blocks whose answer was lost, and reserve a block for today and tomorrow when fewer
        than `RANGE_LOW` numbers are left. Blocking (network). Returns the numbers left for today."""
        from offline_queue.client import CourtError
        from offline_queue.contract import TicketRangeRequest, ticket_day

        today = ticket_day(self.clock())
        wanted = [today + timedelta(days=i) for i in range(days)]
        with self._lock:
            pending = [p for p in self.book.requested_ranges() if p[1] >= today]
            for day in wanted:
                if self.book.numbers_left(day) < RANGE_LOW and not any(p[1] == day for p in pending):
                    pending.append((self.book.request_range(day), day, RANGE_SIZE))
        for range_id, day, size in pending:
            request = TicketRangeRequest(range_id=range_id, kiosk_id=self.kiosk_id, hall=self.hall, day=day, size=size)
            try:
                block = self.court.reserve_ticket_range(request, f"ticket-range-{range_id}",
                                                        timeout=self.online_timeout)
            except CourtError as exc:
                log.info("offline block %s for %s not reserved yet: %s", range_id, day, type(exc).__name__)
                continue
            self.book.range_ready(range_id, block.prefix, block.first, block.last)
            log.info("offline block %s for %s: %s%03d-%s%03d", range_id, day, block.prefix, block.first,
                     block.prefix, block.last)
        return self.book.numbers_left(today)

    def recover(self) -> int:
        """At start: settle what a crash left (see the module's docstring). Returns the tickets cancelled."""
        from offline_queue import items
        from offline_queue.contract import OfflineIssue, TicketRequest

        cancelled = 0
        for row in self.book.unsettled():
            if row["source"] == "offline" and not row["reported"]:
                issued = datetime.fromisoformat(row["issued_at"])
                items.enqueue_ticket_report(self.outbox, TicketRequest(
                    ticket_id=row["ticket_id"], hall=self.hall, service_code=row["service_code"],
                    priority=bool(row["priority"]), requested_at=issued,
                    offline=OfflineIssue(range_id=row["range_id"], number=row["number"], issued_at=issued)))
                self.book.mark_reported(row["ticket_id"])
            if row["state"] in UNSETTLED:
                self.cancel(row["ticket_id"], "kiosk_restart")
                cancelled += 1
        if cancelled:
            log.warning("%d ticket(s) left unsettled by the last run cancelled", cancelled)
        return cancelled


def _counter(data: dict) -> CounterInfo:
    return CounterInfo(data["code"], data["name"], data["prefix"], tuple(data.get("counters") or ()),
                       data.get("waiting"))


# ------------------------------------------------------------------------------ the service
class TicketService(QObject):
    """What the 取号 screen talks to. Results arrive on the GUI thread as signals."""

    queue_updated = Signal(object)  # QueueView
    issued = Signal(object)  # IssuedTicket: shown now, being printed
    refused = Signal(str)  # no number: printer_<code> | no_numbers | refused | storage | busy | error
    print_result = Signal(object, bool, str)  # IssuedTicket, printed, the printer's code when not
    cancelled = Signal(object, str)  # IssuedTicket, why: gave_up | printer

    def __init__(self, desk: TicketDesk, receipts, printer, workers: dict, court_name=lambda: "",
                 wake_sync=lambda: None, *, max_print_attempts: int = MAX_PRINT_ATTEMPTS) -> None:
        """``workers``: network, outbox and receipt_printer (DeviceWorker each)."""
        super().__init__()
        self.desk = desk
        self._receipts = receipts
        self._printer = printer
        self._workers = workers
        self._court_name = court_name
        self._wake_sync = wake_sync
        self._max_attempts = max_print_attempts
        self._session = 0
        self._busy = False
        self._polling = False
        self._attempts: dict[str, int] = {}
        self._unprinted: IssuedTicket | None = None  # this session's ticket whose print failed

    @property
    def services(self) -> tuple[CounterInfo, ...]:
        return self.desk.services

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        """Once at start: settle what the last run left, then reserve the offline blocks."""
        def work() -> int:
            self.desk.recover()
            return self.desk.ensure_ranges()

        def done(left: int) -> None:
            log.info("tickets ready: %d offline number(s) reserved for today", left)
            self._wake_sync()

        self._workers["network"].submit(work, done, lambda exc: log.error("tickets start failed: %s",
                                                                          type(exc).__name__), session_bound=False)

    def stop(self) -> None:
        """The kiosk stops: the book closes after the network tasks already queued."""
        self._workers["network"].submit(self.desk.book.close, session_bound=False)

    # -- the hall's queue --
    def poll(self) -> None:
        """Ask the backend for the queue and the calls (once at a time); emits queue_updated."""
        if self._polling:
            return
        self._polling = True

        def done(view: QueueView) -> None:
            self._polling = False
            self.queue_updated.emit(view)
            if view.reachable:  # top up the offline blocks (when low) while the court is reachable
                self._workers["network"].submit(self.desk.ensure_ranges, session_bound=False)

        def failed(exc: BaseException) -> None:
            self._polling = False
            log.error("hall queue poll failed: %s", type(exc).__name__)

        self._workers["network"].submit(self.desk.queue, done, failed, session_bound=False)

    # -- taking a number --
    def take(self, service_code: str, priority: bool = False) -> None:
        """Check the printer, take a number, print it. Emits refused(code), or issued(ticket) and then
        print_result / cancelled."""
        if self._busy:
            self.refused.emit(BUSY)
            return
        left, self._unprinted = self._unprinted, None
        if left is not None:  # a ticket of this visit that was not printed, and was left for a new one
            self._cancel(left, "abandoned")
        self._busy = True
        session = self._session
        printer = self._printer

        def check():
            status = printer.status()
            return "" if status.ready else ("paper_out" if status.paper_out else "offline")

        def checked(code: str) -> None:
            if session != self._session:
                self._busy = False
                return
            if code:
                self._refuse(f"printer_{code}")
                return
            self._issue(service_code, priority, session)

        self._workers["receipt_printer"].submit(check, checked, lambda exc: checked("offline"), session_bound=False)

    def _refuse(self, code: str) -> None:
        self._busy = False
        log.warning("no ticket issued: %s", code)
        self.refused.emit(code)

    def _issue(self, service_code: str, priority: bool, session: int) -> None:
        desk = self.desk

        def issued(ticket: IssuedTicket) -> None:
            self._wake_sync()
            if session != self._session:  # the litigant left meanwhile: the number is for nobody
                self._busy = False
                self._cancel(ticket, "abandoned")
                return
            self.issued.emit(ticket)
            self._print(ticket, session)
            if not ticket.offline:  # the backend is reachable: top up the offline blocks (when low)
                self._workers["network"].submit(desk.ensure_ranges, session_bound=False)

        def failed(exc: BaseException) -> None:
            from offline_queue.outbox import OutboxError

            code = NO_NUMBERS if isinstance(exc, NoNumbers) else REFUSED if isinstance(exc, TicketRefused) \
                else STORAGE if isinstance(exc, OutboxError | sqlite3.Error) else ERROR
            if session == self._session:
                self._refuse(code)
            else:
                self._busy = False

        self._workers["network"].submit(lambda: desk.take(service_code, priority), issued, failed,
                                        session_bound=False)

    def _print(self, ticket: IssuedTicket, session: int, reprint: bool = False) -> None:
        receipt = ticket_receipt(ticket, self._court_name(), reprint=reprint)
        desk = self.desk

        def printed() -> None:
            self._busy = False
            self._workers["outbox"].submit(lambda: desk.printed(ticket.ticket_id), session_bound=False)
            log.info("ticket %s printed", ticket.ticket_id)
            if self._unprinted is not None and self._unprinted.ticket_id == ticket.ticket_id:
                self._unprinted = None
            if session == self._session:
                self.print_result.emit(ticket, True, "")

        def failed(code: str) -> None:
            self._busy = False
            attempts = self._attempts[ticket.ticket_id] = self._attempts.get(ticket.ticket_id, 0) + 1
            log.warning("ticket %s not printed (%s), attempt %d", ticket.ticket_id, code, attempts)
            if session != self._session:
                self._cancel(ticket, "abandoned")
            elif attempts >= self._max_attempts:
                self._unprinted = None
                self._cancel(ticket, "print_failed")
                self.cancelled.emit(ticket, "printer")
            else:
                self._unprinted = ticket
                self._workers["outbox"].submit(lambda: desk.print_failed(ticket.ticket_id), session_bound=False)
                self.print_result.emit(ticket, False, code)

        self._receipts.print_receipt(receipt, printed, failed)

    def take_for_call(self, service_code: str, done) -> None:
        """A priority ticket for a staff call (kiosk.services.staff_call), taken and printed as `take` does,
        but apart from the 取号 screen: the answer goes to ``done(ticket | None, printed, code)`` on the GUI
        thread (code: the refusal when no number, the printer's code when not printed), never to this
        service's signals. The number is taken also when the printer is not ready (the screen shows it),
        and a ticket that did not print is not cancelled (the litigant has its number from the screen)."""
        desk = self.desk

        def issued(ticket: IssuedTicket) -> None:
            self._wake_sync()
            receipt = ticket_receipt(ticket, self._court_name())

            def printed() -> None:
                self._workers["outbox"].submit(lambda: desk.printed(ticket.ticket_id), session_bound=False)
                log.info("staff-call ticket %s printed", ticket.ticket_id)
                done(ticket, True, "")

            def failed(code: str) -> None:
                log.warning("staff-call ticket %s not printed (%s)", ticket.ticket_id, code)
                done(ticket, False, code)

            self._receipts.print_receipt(receipt, printed, failed)

        def refused(exc: BaseException) -> None:
            code = NO_NUMBERS if isinstance(exc, NoNumbers) else REFUSED if isinstance(exc, TicketRefused) else ERROR
            log.warning("no staff-call ticket issued: %s", code)
            done(None, False, code)

        self._workers["network"].submit(lambda: desk.take(service_code, True), issued, refused, session_bound=False)

    def reprint(self, ticket: IssuedTicket) -> None:
        """Print a ticket whose print failed again."""
        if self._busy or self._unprinted is None or self._unprinted.ticket_id != ticket.ticket_id:
            return
        self._busy = True
        self._print(ticket, self._session, reprint=True)

    def give_up(self, ticket: IssuedTicket) -> None:
        """The litigant does not want the unprinted ticket: it is cancelled at the backend."""
        if self._unprinted is None or self._unprinted.ticket_id != ticket.ticket_id or self._busy:
            return
        self._unprinted = None
        self._cancel(ticket, "print_failed")
        self.cancelled.emit(ticket, "gave_up")

    def _cancel(self, ticket: IssuedTicket, reason: str) -> None:
        desk, wake = self.desk, self._wake_sync

        def failed(exc: BaseException) -> None:
            log.error("ticket %s: the cancellation could not be stored (%s)", ticket.ticket_id, type(exc).__name__)

        self._workers["outbox"].submit(lambda: desk.cancel(ticket.ticket_id, reason), lambda _: wake(), failed,
                                       session_bound=False)

    def clear(self) -> None:
        """A session reset: an unprinted ticket is cancelled (nobody holds it); answers on their way are
        for nobody (a number issued meanwhile is cancelled when it arrives)."""
        self._session += 1
        ticket, self._unprinted = self._unprinted, None
        if ticket is not None:
            self._cancel(ticket, "abandoned")


def create(deps) -> TicketService:
    config = deps.config
    hall = config.get("court.court_code")
    book = TicketBook(Path(config.get("kiosk.data_dir")) / "tickets.sqlite3")
    desk = TicketDesk(deps.court, deps.outbox, book, hall, config.get("kiosk.kiosk_id"))
    policy = deps.policy
    return TicketService(desk, deps.services["receipts"], deps.devices["receipt_printer"], deps.workers,
                         court_name=lambda: policy.court_name(hall) if policy is not None else hall,
                         wake_sync=deps.wake_sync)


SERVICE = ServiceSpec(
    "tickets",
    create,
    title=QT_TRANSLATE_NOOP("services", "Take a number"),
    pictogram="ticket",
    voice=QT_TRANSLATE_NOOP("voice", "take a number|queue number"),
    menu=15,
    devices=("receipt_printer",),
    workers=("network", "outbox"),
    config=("court.court_code", "kiosk.kiosk_id", "kiosk.data_dir"),
    requires=("receipts",),
    outbox=True,
    court=True,
    on_start="start",
    on_session_reset="clear",
    on_stop="stop",
)
