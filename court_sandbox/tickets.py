"""Queue tickets (取号, contract 1.3) in the sandbox's SQLite database.

`Tickets` shares the `Store`'s database (its ``_connect``: one short connection per operation, writes
in ``BEGIN IMMEDIATE`` transactions) and clock, so several threads, and several kiosks, draw from one
sequence without a gap or a double.

Numbering. A number is its prefix and serial (``A023``): one serial per hall (the court code), hall
day (`contract.ticket_day`, China time) and prefix, in ``ticket_serials``. The reset rule: a new day
starts every prefix at 1 again; a number is unique within its hall and day (a UNIQUE constraint, the
last guard). Each counter service has its letter (`SEED_SERVICES`); green-channel tickets draw from
the hall's `TICKET_PRIORITY_PREFIX` sequence whatever their service; offline blocks are carved from
the `TICKET_OFFLINE_PREFIX` sequence of their day, so two kiosks' blocks never overlap and no online
number ever looks like an offline one.

Order. A counter calls the waiting tickets of its services priority first, then in the order they were
issued (an offline ticket by the time the kiosk issued it, so it keeps its place once reported).
`waiting_ahead` counts the waiting tickets called before a ticket.

Cancellations are kept by ticket id, also for a ticket the backend has not seen yet (the kiosk gave up
on an answer that did not come): a ticket that arrives after its cancellation is refused with 410.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta
from typing import Any

from court_sandbox.store import Refused, Store, _iso
from offline_queue import contract as c

#: (code, name, letter, counters) of the hall's counter services, in the order a kiosk shows them.
SEED_SERVICES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("filing", "立案", "A", ("1", "2", "3")),
    ("payment", "交费", "B", ("4",)),
    ("petition", "信访", "C", ("5",)),
    ("legal_aid", "法律援助", "D", ("6",)),
    ("mediation", "调解", "E", ("7",)),
    ("consultation", "咨询", "F", ("8",)),
)
#: How far ahead a kiosk may reserve an offline block, and the largest serial of a day and prefix.
RANGE_DAYS_AHEAD = 7
MAX_SERIAL = 9999
#: The calls the hall's queue shows (the latest per counter).
CALLS_SHOWN = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ticket_services (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, prefix TEXT NOT NULL UNIQUE, counters TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ticket_serials (
    hall TEXT NOT NULL, day TEXT NOT NULL, prefix TEXT NOT NULL, last INTEGER NOT NULL,
    PRIMARY KEY (hall, day, prefix)
);
CREATE TABLE IF NOT EXISTS tickets (
    ticket_id TEXT PRIMARY KEY, hall TEXT NOT NULL, day TEXT NOT NULL, number TEXT NOT NULL, prefix TEXT NOT NULL,
    serial INTEGER NOT NULL, service_code TEXT NOT NULL, priority INTEGER NOT NULL, source TEXT NOT NULL,
    range_id TEXT, status TEXT NOT NULL, fingerprint TEXT NOT NULL, kiosk_id TEXT, issued_at TEXT NOT NULL,
    counter TEXT, called_at TEXT, cancelled_at TEXT, cancel_reason TEXT, received_at TEXT NOT NULL,
    UNIQUE (hall, day, number)
);
CREATE INDEX IF NOT EXISTS tickets_queue ON tickets (hall, day, status, service_code);
CREATE TABLE IF NOT EXISTS ticket_ranges (
    range_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, hall TEXT NOT NULL, day TEXT NOT NULL, prefix TEXT NOT NULL,
    first INTEGER NOT NULL, last INTEGER NOT NULL, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ticket_cancels (
    ticket_id TEXT PRIMARY KEY, reason TEXT NOT NULL, cancelled_at TEXT NOT NULL, kiosk_id TEXT
)
"""

_COLUMNS = ("ticket_id, hall, day, number, service_code, priority, source, issued_at, status, counter, called_at, "
            "cancelled_at, cancel_reason, rowid")


class Tickets:
    """The queue tickets of the sandbox (one per application, beside its `Store`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store._connect(write=True) as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany(
                "INSERT OR IGNORE INTO ticket_services (code, name, prefix, counters, position) VALUES (?, ?, ?, ?, ?)",
                [(code, name, prefix, json.dumps(list(counters)), i)
                 for i, (code, name, prefix, counters) in enumerate(SEED_SERVICES)])

    def now(self) -> datetime:
        return self.store.now()

    def today(self) -> date:
        return c.ticket_day(self.now())

    # ---------------------------------------------------------------- reading
    @staticmethod
    def _check_hall(conn: sqlite3.Connection, hall: str) -> None:
        if conn.execute("SELECT 1 FROM courts WHERE code = ?", (hall,)).fetchone() is None:
            raise Refused(404, "unknown hall")

    @staticmethod
    def _services(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
        rows = conn.execute("SELECT code, name, prefix, counters FROM ticket_services ORDER BY position").fetchall()
        return {code: {"code": code, "name": name, "prefix": prefix, "counters": json.loads(counters)}
                for code, name, prefix, counters in rows}

    def _ticket(self, conn: sqlite3.Connection, row: tuple[Any, ...], today: date) -> c.Ticket:
        (ticket_id, hall, day, number, service_code, priority, source, issued_at, status, counter, called_at,
         cancelled_at, cancel_reason, rowid) = row
        names = self._services(conn)
        if status in (c.TICKET_WAITING, c.TICKET_CALLED) and date.fromisoformat(day) < today:
            status = c.TICKET_EXPIRED
        ahead = 0
        if status == c.TICKET_WAITING:
            ahead = conn.execute(
                "SELECT count(*) FROM tickets WHERE hall = ? AND day = ? AND service_code = ? AND status = 'waiting'"
                " AND (priority > ? OR (priority = ? AND (issued_at < ? OR (issued_at = ? AND rowid < ?))))",
                (hall, day, service_code, priority, priority, issued_at, issued_at, rowid)).fetchone()[0]
        return c.Ticket(
            ticket_id=ticket_id, number=number, hall=hall, day=date.fromisoformat(day), service_code=service_code,
            service_name=names.get(service_code, {}).get("name", service_code), priority=bool(priority),
            source=source, issued_at=datetime.fromisoformat(issued_at), status=status, waiting_ahead=ahead,
            counter=counter, called_at=called_at, cancelled_at=cancelled_at, cancel_reason=cancel_reason)

    def ticket(self, ticket_id: str) -> c.Ticket | None:
        with self.store._connect() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM tickets WHERE ticket_id = ?", (ticket_id,)).fetchone()
            return None if row is None else self._ticket(conn, row, self.today())

    def queue(self, hall: str) -> c.HallQueue:
        """The hall's services with today's waiting tickets, and the latest call of each counter."""
        moment = self.now()
        today = c.ticket_day(moment)
        with self.store._connect() as conn:
            self._check_hall(conn, hall)
            waiting = dict(conn.execute(
                "SELECT service_code, count(*) FROM tickets WHERE hall = ? AND day = ? AND status = 'waiting'"
                " GROUP BY service_code", (hall, today.isoformat())).fetchall())
            services = [c.CounterService(**info, waiting=waiting.get(code, 0))
                        for code, info in self._services(conn).items()]
            rows = conn.execute(
                "SELECT number, service_code, counter, called_at, priority FROM tickets t WHERE hall = ? AND day = ?"
                " AND called_at IS NOT NULL AND called_at = (SELECT max(called_at) FROM tickets u WHERE u.hall ="
                " t.hall AND u.day = t.day AND u.counter = t.counter) ORDER BY called_at DESC LIMIT ?",
                (hall, today.isoformat(), CALLS_SHOWN)).fetchall()
        calls = [c.TicketCall(number=n, service_code=s, counter=k, called_at=at, priority=bool(p))
                 for n, s, k, at, p in rows]
        return c.HallQueue(hall=hall, day=today, services=services, calls=calls, updated_at=moment)

    def list_tickets(self, hall: str | None = None, day: date | None = None) -> c.TicketList:
        today = self.today()
        day = day or today
        with self.store._connect() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM tickets WHERE day = ? AND (? IS NULL OR hall = ?) ORDER BY rowid",
                (day.isoformat(), hall, hall)).fetchall()
            return c.TicketList(items=[self._ticket(conn, row, today) for row in rows])

    # ---------------------------------------------------------------- writing
    @staticmethod
    def _next_serial(conn: sqlite3.Connection, hall: str, day: str, prefix: str, count: int = 1) -> int:
        """Take `count` serials of a hall's day and prefix (in the caller's transaction); the first."""
        row = conn.execute("SELECT last FROM ticket_serials WHERE hall = ? AND day = ? AND prefix = ?",
                           (hall, day, prefix)).fetchone()
        last = row[0] if row is not None else 0
        if last + count > MAX_SERIAL:
            raise Refused(422, f"no numbers with prefix {prefix} are left for this day")
        conn.execute("INSERT INTO ticket_serials (hall, day, prefix, last) VALUES (?, ?, ?, ?) ON CONFLICT"
                     " (hall, day, prefix) DO UPDATE SET last = excluded.last", (hall, day, prefix, last + count))
        return last + 1

    def _answer(self, conn: sqlite3.Connection, ticket_id: str) -> str:
        row = conn.execute(f"SELECT {_COLUMNS} FROM tickets WHERE ticket_id = ?", (ticket_id,)).fetchone()
        return self._ticket(conn, row, self.today()).model_dump_json()

    def issue(self, key: str, fingerprint: str, request: c.TicketRequest,
              kiosk_id: str | None) -> tuple[int, dict[str, Any]]:
        """Issue a ticket (the next number of its sequence), or record one issued offline. (201, ticket);
        (200, ticket as it stands) for the same ticket again."""
        moment = self.now()
        now = _iso(moment)
        with self.store._connect(write=True) as conn:
            existing = conn.execute("SELECT fingerprint FROM tickets WHERE ticket_id = ?",
                                    (request.ticket_id,)).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "ticket_id is already used by a different ticket")
                text, status_code = self._answer(conn, request.ticket_id), 200
                Store._complete_key(conn, key, status_code, text, now)
                return status_code, json.loads(text)
            if conn.execute("SELECT 1 FROM ticket_cancels WHERE ticket_id = ?", (request.ticket_id,)).fetchone():
                raise Refused(410, "the ticket was cancelled before it arrived")
            self._check_hall(conn, request.hall)
            service = self._services(conn).get(request.service_code)
            if service is None:
                raise Refused(422, "unknown service_code")
            if request.offline is None:
                day, issued_at = c.ticket_day(moment).isoformat(), now
                prefix = c.TICKET_PRIORITY_PREFIX if request.priority else service["prefix"]
                serial = self._next_serial(conn, request.hall, day, prefix)
                number, range_id, source = c.ticket_number(prefix, serial), None, "online"
            else:
                issue = request.offline
                block = conn.execute("SELECT hall, day, prefix, first, last FROM ticket_ranges WHERE range_id = ?",
                                     (issue.range_id,)).fetchone()
                if block is None or block[0] != request.hall:
                    raise Refused(422, "unknown range_id for this hall")
                hall, day, prefix, first, last = block
                serial_text = issue.number[len(prefix):]
                if not issue.number.startswith(prefix) or not serial_text.isdigit() \
                        or not first <= int(serial_text) <= last or issue.number != c.ticket_number(prefix,
                                                                                                   int(serial_text)):
                    raise Refused(422, "the number is not of the reserved block")
                if c.ticket_day(issue.issued_at).isoformat() != day:
                    raise Refused(422, "the number was issued on another day than its block's")
                number, serial, range_id, source = issue.number, int(serial_text), issue.range_id, "offline"
                issued_at = _iso(issue.issued_at)
            try:
                conn.execute(
                    "INSERT INTO tickets (ticket_id, hall, day, number, prefix, serial, service_code, priority, source,"
                    " range_id, status, fingerprint, kiosk_id, issued_at, received_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?)",
                    (request.ticket_id, request.hall, day, number, prefix, serial, request.service_code,
                     int(request.priority), source, range_id, fingerprint, kiosk_id, issued_at, now))
            except sqlite3.IntegrityError as exc:
                raise Refused(422, f"number {number} is already used on that day") from exc
            text = self._answer(conn, request.ticket_id)
            Store._complete_key(conn, key, 201, text, now)
        return 201, json.loads(text)

    def cancel(self, key: str, cancel: c.TicketCancel, kiosk_id: str | None) -> tuple[int, dict[str, Any]]:
        """Cancel a waiting (or called) ticket; one already served stays served. A ticket not seen yet is
        cancelled in advance (``known`` false). (201, cancellation); (200, ...) when it was cancelled before."""
        now = _iso(self.now())
        with self.store._connect(write=True) as conn:
            before = conn.execute("SELECT cancelled_at FROM ticket_cancels WHERE ticket_id = ?",
                                  (cancel.ticket_id,)).fetchone()
            if before is None:
                conn.execute("INSERT INTO ticket_cancels (ticket_id, reason, cancelled_at, kiosk_id) VALUES (?, ?, ?, ?)",
                             (cancel.ticket_id, cancel.reason, now, kiosk_id))
                conn.execute("UPDATE tickets SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?"
                             " WHERE ticket_id = ? AND status IN ('waiting', 'called')",
                             (now, cancel.reason, cancel.ticket_id))
            row = conn.execute("SELECT status, number FROM tickets WHERE ticket_id = ?",
                               (cancel.ticket_id,)).fetchone()
            answer = c.TicketCancellation(
                ticket_id=cancel.ticket_id, status=row[0] if row else c.TICKET_CANCELLED, known=row is not None,
                number=row[1] if row else None, cancelled_at=datetime.fromisoformat(before[0] if before else now))
            status_code = 200 if before is not None else 201
            text = answer.model_dump_json()
            Store._complete_key(conn, key, status_code, text, now)
        return status_code, json.loads(text)

    def reserve(self, key: str, fingerprint: str, request: c.TicketRangeRequest) -> tuple[int, dict[str, Any]]:
        """A block of offline numbers for a kiosk and day. (201, range); (200, the same range) again."""
        now = _iso(self.now())
        today = self.today()
        with self.store._connect(write=True) as conn:
            row = conn.execute("SELECT fingerprint, kiosk_id, hall, day, prefix, first, last FROM ticket_ranges"
                               " WHERE range_id = ?", (request.range_id,)).fetchone()
            if row is not None:
                if row[0] != fingerprint:
                    raise Refused(422, "range_id is already used by a different reservation")
                status_code = 200
                kiosk, hall, day, prefix, first, last = row[1:]
            else:
                self._check_hall(conn, request.hall)
                if not today <= request.day <= today + timedelta(days=RANGE_DAYS_AHEAD):
                    raise Refused(422, f"a block may be reserved for today and up to {RANGE_DAYS_AHEAD} days ahead")
                kiosk, hall, day, prefix = request.kiosk_id, request.hall, request.day.isoformat(), \
                    c.TICKET_OFFLINE_PREFIX
                first = self._next_serial(conn, hall, day, prefix, request.size)
                last = first + request.size - 1
                conn.execute("INSERT INTO ticket_ranges (range_id, kiosk_id, hall, day, prefix, first, last,"
                             " fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (request.range_id, kiosk, hall, day, prefix, first, last, fingerprint, now))
                status_code = 201
            text = c.TicketRange(range_id=request.range_id, kiosk_id=kiosk, hall=hall, day=date.fromisoformat(day),
                                 prefix=prefix, first=first, last=last).model_dump_json()
            Store._complete_key(conn, key, status_code, text, now)
        return status_code, json.loads(text)

    def call_next(self, hall: str, call: c.CallNext) -> c.Ticket | None:
        """The counter's next ticket among its services, now called to it (None: nobody waits). The
        ticket the counter called before is served."""
        now = _iso(self.now())
        today = self.today().isoformat()
        with self.store._connect(write=True) as conn:
            self._check_hall(conn, hall)
            conn.execute("UPDATE tickets SET status = 'served' WHERE hall = ? AND day = ? AND counter = ?"
                         " AND status = 'called'", (hall, today, call.counter))
            marks = ",".join("?" * len(call.service_codes))
            row = conn.execute(
                f"SELECT ticket_id FROM tickets WHERE hall = ? AND day = ? AND status = 'waiting' AND service_code"
                f" IN ({marks}) ORDER BY priority DESC, issued_at, rowid LIMIT 1",
                (hall, today, *call.service_codes)).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE tickets SET status = 'called', counter = ?, called_at = ? WHERE ticket_id = ?",
                         (call.counter, now, row[0]))
            return c.Ticket.model_validate_json(self._answer(conn, row[0]))
