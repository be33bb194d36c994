"""案件查询 and a case's detail: the timeline, the hearings, the deadlines with the days left and the
judge's and clerk's names with the court's phone for the case.

Two ways in: a party identified by the ID card opens one of their cases from 我的案件 (`open_for_party`),
or an agent or lawyer without the party's card types the case number and the query code (查询码) printed
on the court's notices (`lookup`). What is typed is checked here before anything is sent (a case number
the parser refuses, a query code outside the court's alphabet: each with its reason). The court answers
a wrong query code with 403 and, after `QUERY_CODE_ATTEMPTS` wrong ones for a case, locks the lookup
(429 with Retry-After): this kiosk then refuses that case number by itself until the lock ends, without
asking the court again.

Days left are counted in calendar days in the kiosk's zone, with an injected clock. Nothing is stored;
logs carry codes and counts, never a case number, a name or a code.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.case_detail")

# failed(code, info) codes
WRONG_CODE = "wrong_code"  # info: attempts left (int) or None when unknown
LOCKED = "locked"  # info: minutes to wait (int) or None when the court did not say
NOT_FOUND = "not_found"  # the court knows no such case (for this person)
OFFLINE = "offline"  # the court cannot be reached (or answered with an error): try again later
ERROR = "error"  # the court refused the request for another reason


@dataclass(frozen=True)
class DeadlineView:
    kind: str
    due: datetime
    note: str
    days_left: int  # calendar days from today to the due date (0: today; negative: overdue)
    overdue: bool  # the due time has passed


@dataclass(frozen=True)
class HearingView:
    at: datetime
    kind: str
    courtroom: str
    online: bool
    note: str
    past: bool


@dataclass(frozen=True)
class CaseView:
    """A case as the screen shows it: the court's answer, sorted, with the days left worked out."""

    detail: object = field(repr=False)  # offline_queue.contract.CaseDetail
    access: object = field(repr=False)  # the CaseAccess that opened it (reading the file uses the same)
    timeline: tuple = field(repr=False)  # TimelineEvent, oldest first
    hearings: tuple[HearingView, ...] = field(repr=False)  # in time order
    deadlines: tuple[DeadlineView, ...] = field(repr=False)  # by due time
    now: datetime

    @property
    def by_query_code(self) -> bool:
        return self.detail.access == "query_code"


def days_left(due: datetime, now: datetime) -> int:
    """Calendar days from ``now``'s date to ``due``'s date, both in ``now``'s zone."""
    return (due.astimezone(now.tzinfo).date() - now.date()).days


def case_view(detail, access, now: datetime) -> CaseView:
    """The detail sorted for the screen, with each deadline's days left as of ``now`` (aware)."""
    deadlines = tuple(
        DeadlineView(d.kind, d.due, d.note, days_left(d.due, now), d.due < now)
        for d in sorted(detail.deadlines, key=lambda d: d.due)
    )
    hearings = tuple(
        HearingView(h.at, h.kind, h.courtroom, h.online, h.note, h.at < now)
        for h in sorted(detail.hearings, key=lambda h: h.at)
    )
    timeline = tuple(sorted(detail.timeline, key=lambda e: e.at))
    return CaseView(detail, access, timeline, hearings, deadlines, now)


def normalise_query_code(text: str) -> str:
    """What people type, as the court's codes are printed: full-width and lower case letters folded,
    spaces and dashes dropped."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[\s\-_]", "", text)


def check_lookup(case_number: str, query_code: str) -> tuple[str, str, dict[str, str]]:
    """(canonical case number, query code, problems by field). Problems: ``case_number`` -> the case
    number parser's reason (empty, format, year, serial, case_type); ``query_code`` -> empty | length |
    chars."""
    from kiosk.domain import casenumber
    from offline_queue.contract import CODE_ALPHABET

    problems: dict[str, str] = {}
    canonical = ""
    try:
        canonical = casenumber.parse(case_number).format()
    except casenumber.InvalidCaseNumber as exc:
        problems["case_number"] = exc.reason
    code = normalise_query_code(query_code)
    if not code:
        problems["query_code"] = "empty"
    elif any(ch not in CODE_ALPHABET for ch in code):
        problems["query_code"] = "chars"
    elif not 6 <= len(code) <= 12:
        problems["query_code"] = "length"
    return canonical, code, problems


_LEFT = re.compile(r"(\d+)\s*(?:attempts?|tries|次)")


def attempts_left_from(detail: str) -> int | None:
    """The attempts left when the court's 403 says so ("2 attempts left", "还可尝试2次")."""
    match = _LEFT.search(detail or "")
    return int(match.group(1)) if match else None


def _key(case_number: str) -> str:
    """A case number as this kiosk remembers a lock on it (not the number itself)."""
    return hashlib.sha256(case_number.encode("utf-8")).hexdigest()[:16]


class CaseDetailService(QObject):
    """Fetches a case's detail on the network worker; the answer comes back as `loaded(CaseView)` or
    `failed(code, info)`."""

    loaded = Signal(object)  # CaseView
    failed = Signal(str, object)  # code, info (see the codes above)

    def __init__(self, court, network_worker, clock=lambda: datetime.now().astimezone()) -> None:
        """``clock``: an aware now in the kiosk's zone (days left and lock ends are counted from it)."""
        super().__init__()
        self._court = court
        self._worker = network_worker
        self._clock = clock
        self._wrong: dict[str, int] = {}  # wrong query codes this kiosk sent, by case (hashed)
        self._locked_until: dict[str, datetime] = {}  # the court's lock, by case (hashed)

    # -- asking ---------------------------------------------------------------------------------
    def open_for_party(self, identity, case_ref: str) -> None:
        """One of the identified person's cases (its filing id, or its case number)."""
        from offline_queue.contract import CaseAccess

        self._fetch(CaseAccess(case_ref=case_ref, id_number=identity.id_number), None)

    def lookup(self, case_number: str, query_code: str) -> dict[str, str]:
        """Ask for a case by case number and query code. Returns the problems of what was typed (by
        field, see `check_lookup`; ``lock`` -> minutes while the court's lock on this case lasts):
        nothing is sent then. Empty: asked, the answer comes as a signal."""
        from offline_queue.contract import CaseAccess

        canonical, code, problems = check_lookup(case_number, query_code)
        if problems:
            log.info("case lookup not sent: %s", ",".join(f"{k}={v}" for k, v in sorted(problems.items())))
            return problems
        minutes = self.locked_minutes(canonical)
        if minutes is not None:
            log.info("case lookup not sent: the court's lock on this case lasts %d more minute(s)", minutes)
            return {"lock": str(minutes)}
        self._fetch(CaseAccess(case_ref=canonical, query_code=code), canonical)
        return {}

    def locked_minutes(self, case_number: str) -> int | None:
        """Minutes left of the court's lock on a case (canonical number); None when not locked."""
        key = _key(case_number)
        until = self._locked_until.get(key)
        if until is None:
            return None
        left = (until - self._clock()).total_seconds()
        if left <= 0:
            del self._locked_until[key]
            self._wrong.pop(key, None)
            return None
        return max(1, math.ceil(left / 60))

    def refresh(self, view: CaseView) -> None:
        """The same case again, the same way."""
        access = view.access
        self._fetch(access, access.case_ref if access.query_code else None)

    # -- the answer -----------------------------------------------------------------------------
    def _fetch(self, access, case_number: str | None) -> None:
        court = self._court
        way = "query_code" if access.query_code else "party"

        def ask():
            return court.case_detail(access)

        def done(detail) -> None:
            if case_number is not None:
                self._wrong.pop(_key(case_number), None)
            view = case_view(detail, access, self._clock())
            log.info("case detail loaded (%s): %d events, %d hearings, %d deadlines", way, len(view.timeline),
                     len(view.hearings), len(view.deadlines))
            self.loaded.emit(view)

        def failed(exc: BaseException) -> None:
            code, info = self._sort(exc, case_number)
            log.info("case detail not loaded (%s): %s (%s, status %s)", way, code, type(exc).__name__,
                     getattr(exc, "status", None))
            self.failed.emit(code, info)

        self._worker.submit(ask, done, failed, session_bound=True)

    def _sort(self, exc: BaseException, case_number: str | None) -> tuple[str, object]:
        from offline_queue.client import PermanentError, RetryableError
        from offline_queue.contract import QUERY_CODE_ATTEMPTS

        status = getattr(exc, "status", None)
        if isinstance(exc, RetryableError) and status == 429:
            minutes = None
            if exc.retry_after is not None:
                minutes = max(1, math.ceil(exc.retry_after / 60))
                if case_number is not None:
                    self._locked_until[_key(case_number)] = self._clock() + timedelta(seconds=exc.retry_after)
            return LOCKED, minutes
        if isinstance(exc, PermanentError) and status == 403 and case_number is not None:
            key = _key(case_number)
            self._wrong[key] = self._wrong.get(key, 0) + 1
            left = attempts_left_from(exc.detail)
            if left is None:
                left = max(0, QUERY_CODE_ATTEMPTS - self._wrong[key])
            return WRONG_CODE, left
        if isinstance(exc, PermanentError) and status in (403, 404):
            return NOT_FOUND, None
        if isinstance(exc, RetryableError):
            return OFFLINE, None
        if isinstance(exc, PermanentError):
            return ERROR, None
        return OFFLINE, None

    def clear(self) -> None:
        """A session reset: the wrong-code counts and locks stay (they are the court's, per case, and
        kept here only as hashes); an answer still on its way is dropped by the worker."""


def create(deps) -> CaseDetailService:
    return CaseDetailService(deps.court, deps.workers["network"])


SERVICE = ServiceSpec(
    "case_detail",
    create,
    title=QT_TRANSLATE_NOOP("services", "Case lookup"),
    pictogram="case_lookup",
    voice=QT_TRANSLATE_NOOP("voice", "case lookup|query code"),
    menu=22,
    needs_identity=False,
    workers=("network",),
    court=True,
    on_session_reset="clear",
)
