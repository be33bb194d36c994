"""判后答疑 bookings (contract 1.8, docs/VIDEO.md): a litigant's cases with a judgment, whether each case's
judge is at the video console now (then the kiosk calls at once), and the times free to book when not.

- ``POST /api/v1/video/judgment-cases`` (`JudgmentCaseQuery`, the ID number in the body): the person's
  docketed cases whose timeline has 宣判 or 结案, each with its judge (the court's records), ``judge_online``
  (a console signed in with the judge's name, or the name and 法官, has its socket open), the next
  `VIDEO_SLOTS_OFFERED` free times from an hour on, and the person's coming booking for the case.
- ``PUT /api/v1/video/bookings/{booking_id}`` (Idempotency-Key, `VideoBookingRequest`, the kiosk's
  ``video_booking`` outbox item): books the time chosen when it is still free and not past, else the next
  free one after it (a booking may arrive late from a kiosk's outbox: it is never refused for its time);
  a time off the grid (not a working-day slot): 422; not a party of a case with a judgment: 404.
- ``GET /admin/v1/video/bookings`` (``?judge=``): the bookings by time.
- ``GET /console/video/bookings`` (the video console's session cookie): the coming bookings with the judge
  the console signed in as (its name, or its name less a trailing 法官), so that the judge is there.

Slots: `VIDEO_SLOT_MINUTES` from each start in `VIDEO_SLOT_HOURS`, Monday to Friday, at the court's local
time (UTC+8). One session per judge and time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta, timezone
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from starlette.responses import JSONResponse, Response

from court_sandbox.context import Sandbox
from court_sandbox.records import normal_case_number
from court_sandbox.routes.common import errors, idempotency_key_header, idempotent_put
from court_sandbox.routes.video import _request_session, console_judge
from court_sandbox.store import Refused, Store, _iso
from offline_queue import contract as c

router = APIRouter(tags=["video"])
admin_router = APIRouter(tags=["admin"])
console_router = APIRouter(include_in_schema=False)

COURT_TZ = timezone(timedelta(hours=c.COURT_UTC_OFFSET_HOURS))
JUDGED = ("宣判", "结案")
#: How far ahead the court looks for free times (calendar days: six weeks and two days).
LOOK_AHEAD_DAYS = 44

class _Judged(NamedTuple):
    """One of a person's cases with a judgment, as the court's records have it."""

    case_number: str
    court_name: str
    case_type_name: str
    judged_at: str
    judge: str  # "" when the records name none


BookingId = Annotated[str, PathParam(pattern=c.VIDEO_CALL_ID_PATTERN, description="Client-chosen id (a UUID)")]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS video_bookings (
    booking_id TEXT PRIMARY KEY, judge TEXT NOT NULL, case_number TEXT NOT NULL, id_number TEXT NOT NULL,
    slot TEXT NOT NULL, body TEXT NOT NULL, fingerprint TEXT NOT NULL, booked_at TEXT NOT NULL,
    UNIQUE (judge, slot)
);
CREATE INDEX IF NOT EXISTS video_bookings_person ON video_bookings (id_number, case_number);
"""


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def day_slots(day) -> list[datetime]:
    """The session start times of a day (none on Saturday and Sunday), court time."""
    if day.weekday() >= 5:
        return []
    step = timedelta(minutes=c.VIDEO_SLOT_MINUTES)
    starts = []
    for first, last in c.VIDEO_SLOT_HOURS:
        at = datetime.combine(day, _clock(first), COURT_TZ)
        end = datetime.combine(day, _clock(last), COURT_TZ)
        while at + step <= end:
            starts.append(at)
            at += step
    return starts


def on_grid(slot: datetime) -> bool:
    local = slot.astimezone(COURT_TZ)
    return local in day_slots(local.date())


def free_slots(after: datetime, taken: Iterable[datetime], count: int) -> list[datetime]:
    """The first ``count`` slot starts at or after ``after`` that are not ``taken`` (court time)."""
    busy = {t.astimezone(COURT_TZ) for t in taken}
    day = after.astimezone(COURT_TZ).date()
    found: list[datetime] = []
    for _ in range(LOOK_AHEAD_DAYS):
        for slot in day_slots(day):
            if slot >= after and slot not in busy:
                found.append(slot)
                if len(found) == count:
                    return found
        day += timedelta(days=1)
    return found


class VideoBookings:
    """The bookings, in the `Store`'s database; ``online(name)`` says whether a judge is at the console."""

    def __init__(self, store: Store, records, online: Callable[[str], bool]) -> None:
        self.store = store
        self.records = records
        self.online = online
        with store._connect(write=True) as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    # ------------------------------------------------------------------ read
    def _judged_cases(self, conn: sqlite3.Connection, id_number: str,
                      case_number: str | None = None) -> list[_Judged]:
        rows = conn.execute(
            "SELECT f.case_number, ct.name, t.name, r.body FROM filings f JOIN courts ct ON ct.code = f.court_code"
            " JOIN case_types t ON t.code = f.case_type JOIN case_records r ON r.filing_id = f.filing_id"
            " WHERE f.case_number IS NOT NULL AND (? IS NULL OR f.case_number = ?) AND f.filing_id IN"
            " (SELECT filing_id FROM case_people WHERE id_number = ?"
            "  UNION SELECT filing_id FROM filing_people WHERE id_number = ?) ORDER BY r.updated_at DESC",
            (case_number, case_number, id_number, id_number)).fetchall()
        out = []
        for number, court, type_name, body in rows:
            record = json.loads(body)
            judged = [e["at"] for e in record.get("timeline", []) if e.get("kind") in JUDGED]
            if not judged:
                continue
            judge = record.get("judge") or {}
            out.append(_Judged(number, court, type_name, max(judged),
                               judge.get("name", "") if isinstance(judge, dict) else ""))
        return out

    def _taken(self, conn: sqlite3.Connection, judge: str, after: datetime) -> list[datetime]:
        rows = conn.execute("SELECT slot FROM video_bookings WHERE judge = ? AND slot >= ?",
                            (judge, _iso(after - timedelta(days=1)))).fetchall()
        return [datetime.fromisoformat(r[0]) for r in rows]

    def _coming(self, conn: sqlite3.Connection, id_number: str, case_number: str) -> c.VideoBooking | None:
        now = self.store.now()
        for (body,) in conn.execute("SELECT body FROM video_bookings WHERE id_number = ? AND case_number = ?"
                                    " ORDER BY slot", (id_number, case_number)).fetchall():
            booking = c.VideoBooking.model_validate_json(body)
            if booking.slot + timedelta(minutes=booking.minutes) > now:
                return booking
        return None

    def judgment_cases(self, id_number: str) -> c.JudgmentCaseList:
        self.records.ensure_demo(id_number=id_number)
        now = self.store.now()
        items = []
        with self.store._connect() as conn:
            for case in self._judged_cases(conn, id_number):
                slots = free_slots(now + timedelta(hours=1), self._taken(conn, case.judge, now),
                                   c.VIDEO_SLOTS_OFFERED) if case.judge else []
                items.append(c.JudgmentCase(
                    case_number=case.case_number, court_name=case.court_name, case_type_name=case.case_type_name,
                    judged_at=case.judged_at, judge=case.judge, judge_online=bool(case.judge) and
                    self.online(case.judge), slots=slots, booking=self._coming(conn, id_number, case.case_number)))
        return c.JudgmentCaseList(items=items)

    # ----------------------------------------------------------------- write
    def create(self, key: str, fingerprint: str, request: c.VideoBookingRequest) -> tuple[int, dict[str, Any]]:
        """Book: (201, booking); the same booking again: (200, booking)."""
        if not on_grid(request.slot):
            raise Refused(422, "slot is not a session time (working days, "
                               + ", ".join("-".join(h) for h in c.VIDEO_SLOT_HOURS) + ")")
        self.records.ensure_demo(id_number=request.id_number)
        now = self.store.now()
        with self.store._connect(write=True) as conn:
            row = conn.execute("SELECT body, fingerprint FROM video_bookings WHERE booking_id = ?",
                               (request.booking_id,)).fetchone()
            if row is not None:
                if row[1] != fingerprint:
                    raise Refused(422, "this booking id was already used for another booking")
                status_code, text = 200, row[0]
            else:
                if conn.execute("SELECT 1 FROM courts WHERE code = ?", (request.hall,)).fetchone() is None:
                    raise Refused(422, "unknown hall")
                number = normal_case_number(request.case_number)
                cases = self._judged_cases(conn, request.id_number, number)
                if not cases or not cases[0].judge:
                    raise Refused(404, "no case with a judgment of this party")
                judge = cases[0].judge
                slot = free_slots(max(request.slot, now), self._taken(conn, judge, now), 1)
                if not slot:
                    raise Refused(503, "no free time in the coming weeks")
                booking = c.VideoBooking(booking_id=request.booking_id, case_number=number, judge=judge,
                                         slot=slot[0], requested_slot=request.slot, booked_at=now)
                text = booking.model_dump_json()
                conn.execute("INSERT INTO video_bookings (booking_id, judge, case_number, id_number, slot, body,"
                             " fingerprint, booked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (request.booking_id, judge, number, request.id_number, _iso(slot[0]), text, fingerprint,
                              _iso(now)))
                status_code = 201
            Store._complete_key(conn, key, status_code, text, _iso(now))
        return status_code, json.loads(text)

    def list_bookings(self, judge: str | None = None, coming: bool = False) -> c.VideoBookingList:
        """By time; ``coming``: only those not over yet."""
        since = _iso(self.store.now() - timedelta(minutes=c.VIDEO_SLOT_MINUTES)) if coming else ""
        with self.store._connect() as conn:
            rows = conn.execute("SELECT body FROM video_bookings WHERE (? IS NULL OR judge = ?) AND slot >= ?"
                                " ORDER BY slot", (judge, judge, since)).fetchall()
        return c.VideoBookingList(items=[c.VideoBooking.model_validate_json(r[0]) for r in rows])


def _bookings(request: Request) -> VideoBookings:
    bookings: VideoBookings = request.app.state.video_bookings
    return bookings


@router.post(c.VIDEO_JUDGMENT_CASES_PATH, response_model=c.JudgmentCaseList, operation_id="listJudgmentCases",
             responses=errors(401, 422))
def judgment_cases(query: c.JudgmentCaseQuery, request: Request) -> c.JudgmentCaseList:
    """判后答疑: the person's cases with a judgment, whether each judge is at the video console now, and the
    times free to book. The ID number travels in the body, never in a URL."""
    return _bookings(request).judgment_cases(query.id_number)


@router.put(
    c.VIDEO_BOOKING_PATH,
    response_model=c.VideoBooking,
    status_code=201,
    operation_id="bookJudgmentSession",
    responses={
        200: {"model": c.VideoBooking, "description": "A repeat of an earlier request: the booking"},
        **errors(400, 401, 404, 409, 422, 503),
    },
)
def book_video_session(
    booking_id: BookingId, booking: c.VideoBookingRequest, request: Request,
    idempotency_key: idempotency_key_header("booking"), sandbox: Sandbox,
) -> Response:
    """Book a 判后答疑 session with the case's judge: the time chosen, or the next free one after it when it
    was taken or is past by the time the booking arrives."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.VIDEO_BOOKING_PATH.format(booking_id=booking_id),
        ("booking_id", booking_id, booking.booking_id), booking.model_dump(mode="json"), f"video booking {booking_id}",
        lambda fingerprint: _bookings(request).create(idempotency_key, fingerprint, booking),
    )


@admin_router.get(c.ADMIN_VIDEO_BOOKINGS_PATH, response_model=c.VideoBookingList, operation_id="listVideoBookings")
def list_video_bookings(
    request: Request, judge: Annotated[str | None, Query(max_length=64, description="Only this judge's")] = None,
) -> c.VideoBookingList:
    """The 判后答疑 bookings, by time."""
    return _bookings(request).list_bookings(judge)


@console_router.get(c.VIDEO_CONSOLE_BOOKINGS_PATH)
def console_bookings(request: Request) -> JSONResponse:
    """The coming 判后答疑 sessions booked with the judge this console signed in as (case number and time:
    nothing about the person)."""
    session = _request_session(request)
    if session is None:
        return JSONResponse({"detail": "sign in again"}, status_code=401)
    name = console_judge(session.name)
    items = _bookings(request).list_bookings(name, coming=True).items
    return JSONResponse({"judge": name, "items": [
        {"case_number": b.case_number, "slot": b.slot.isoformat(), "minutes": b.minutes} for b in items]},
        headers={"Cache-Control": "no-store"})
