"""Identification with the resident ID card.

While the identify screen is shown the reader is polled on its own worker. A card
yields an `Identity` only after its ID number passes the GB 11643 check and the
card is in date. A card read into one session is never read into the next: after
a read the reader must report "no card" before another read is accepted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.domain import idnumber
from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.identity")

POLL_INTERVAL_MS = 400


@dataclass(frozen=True)
class Identity:
    name: str = field(repr=False)
    id_number: str = field(repr=False)
    sex: str = field(repr=False)
    nation: str = field(repr=False)
    birth_date: date = field(repr=False)
    address: str = field(repr=False)
    authority: str = field(repr=False)
    valid_to: date | None = field(repr=False)
    source: str = "chip"  # chip: read from the card's chip | photo: OCR of the card's front, confirmed
    staff_confirmed: bool = False  # photo: a staff member confirmed the person against the card (staff card)

    @property
    def masked_id(self) -> str:
        return idnumber.mask(self.id_number)

    @property
    def assurance(self) -> str:
        """How sure the kiosk is of who this is (kiosk.assurance): chip | photo | photo_confirmed."""
        if self.source != "photo":
            return "chip"
        return "photo_confirmed" if self.staff_confirmed else "photo"


def identity_from_card(card, today: date) -> Identity:
    """Validate a card's data; raises IdentityProblem with a code the UI translates."""
    try:
        number = idnumber.validate(card.id_number)
    except idnumber.InvalidIdNumber as exc:
        raise IdentityProblem("invalid_id", exc.reason_code) from None
    if card.valid_to is not None and card.valid_to < today:
        raise IdentityProblem("expired")
    return Identity(
        name=card.name.strip(),
        id_number=number,
        sex=card.sex,
        nation=card.nation,
        birth_date=card.birth_date,
        address=card.address.strip(),
        authority=card.authority.strip(),
        valid_to=card.valid_to,
    )


_DAY = r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?"
LONG_TERM = ("长期", "long-term", "long term")
LONG_TERM_AGE = 46  # a card issued at 46 or older is valid for the long term (居民身份证法 Art. 5)


def card_validity(text: str, born: date | None, today: date) -> tuple[date | None, str | None]:
    """The card's valid-to date (None: long-term) from its back's 有效期限 as typed, and a problem code:
    required, validity_invalid (unreadable, or a period that no resident ID card has: not 5, 10 or 20
    years, starting in the future, long-term under 46), card_expired."""
    import re

    text = (text or "").strip()
    if not text:
        return None, "required"
    if text.lower() in LONG_TERM:
        if born is not None and _age(born, today) < LONG_TERM_AGE:
            return None, "validity_invalid"
        return None, None
    days = []
    for m in re.finditer(_DAY, text):
        try:
            days.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return None, "validity_invalid"
    rest = re.sub(_DAY, "", text).strip(" -—–~至")
    if len(days) not in (1, 2) or rest:
        return None, "validity_invalid"
    valid_to = days[-1]
    if len(days) == 2:
        start = days[0]
        years = {valid_to.year - start.year} if (valid_to.month, valid_to.day) == (start.month, start.day) else set()
        if start > today or not years & {5, 10, 20}:
            return None, "validity_invalid"
    if valid_to < today:
        return valid_to, "card_expired"
    return valid_to, None


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def identity_from_photo(values: dict[str, str], today: date | None = None) -> Identity:
    """The identity a litigant confirmed after OCR of a photo of their card's front, with the validity
    period typed from the card's back (``valid_to``: "2016.05.01-2036.05.01", "2036.05.01" or 长期).

    Raises PhotoIdProblems {field: code} when a field is missing, the ID number fails its
    check, the birth date or sex disagree with the ID number, or the card has expired or its
    validity cannot be read. Codes: required, id_<reason>, date_invalid, mismatch_id_number,
    card_expired, validity_invalid.
    """
    import re

    today = today or date.today()
    problems: dict[str, str] = {}
    v = {k: (values.get(k) or "").strip()
         for k in ("name", "sex", "nation", "birth_date", "address", "id_number", "valid_to")}
    number = None
    try:
        number = idnumber.validate(v["id_number"])
    except idnumber.InvalidIdNumber as exc:
        problems["id_number"] = f"id_{exc.reason_code}"
    for key, shortest in (("name", 2), ("nation", 1), ("address", 4)):
        if len(v[key]) < shortest:
            problems[key] = "required"
    born = None
    m = re.fullmatch(_DAY, v["birth_date"])
    try:
        born = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        born = None
    if born is None:
        problems["birth_date"] = "date_invalid"
    elif number and born != idnumber.birth_date(number):
        problems["birth_date"] = "mismatch_id_number"
    if v["sex"] not in ("男", "女"):
        problems["sex"] = "required"
    elif number and v["sex"] != {"M": "男", "F": "女"}[idnumber.sex(number)]:
        problems["sex"] = "mismatch_id_number"
    valid_to, validity_problem = card_validity(v["valid_to"], born, today)
    if validity_problem:
        problems["valid_to"] = validity_problem
    if problems:
        raise PhotoIdProblems(problems)
    return Identity(name=v["name"], id_number=number, sex=v["sex"], nation=v["nation"], birth_date=born,
                    address=v["address"], authority="", valid_to=valid_to, source="photo")


class PhotoIdProblems(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {c}" for k, c in problems.items()))
        self.problems = problems


class IdentityProblem(Exception):
    """code: invalid_id | expired | card_left | read_failed | reader_missing"""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


class IdentityService(QObject):
    identified = Signal(object)  # Identity
    problem = Signal(str)  # IdentityProblem code; "" when a reported problem has cleared
    card_removed = Signal()

    def __init__(self, reader, worker, today=date.today) -> None:
        super().__init__()
        self._reader = reader
        self._worker = worker
        self._today = today
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._poll)
        self._busy = False
        self._card_consumed = False  # a card was read and has not been taken off yet
        self._card_problem: str | None = None  # why that card was refused (it stays refused while it lies there)
        self._reported: str | None = None

    @property
    def polling(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._reported = None
        if not self._timer.isActive():
            self._timer.start()
            self._poll()

    def stop(self) -> None:
        self._timer.stop()

    def _poll(self) -> None:
        if self._busy or self._reader is None:
            if self._reader is None:
                self._report("reader_missing")
            return
        self._busy = True
        self._worker.submit(self._reader.poll, self._on_card, self._on_error, session_bound=False)

    def _on_card(self, card) -> None:
        self._busy = False
        if card is None:
            if self._card_consumed:
                self._card_consumed = False
                self._card_problem = None
                self.card_removed.emit()
            if self._reported is not None:  # the reader answers again: clear the old problem
                self._reported = None
                self.problem.emit("")
            return
        if self._card_consumed:  # still the card read before: refused again, or left from an earlier visit
            self._report(self._card_problem or "card_left")
            return
        self._card_consumed = True
        if not self._timer.isActive():
            return  # read finished after the screen was left: not for this session
        try:
            identity = identity_from_card(card, self._today())
        except IdentityProblem as exc:
            log.info("card rejected: %s %s", exc.code, exc.detail)
            self._card_problem = exc.code
            self._report(exc.code)
            return
        log.info("card read and validated")
        self.stop()
        self.identified.emit(identity)

    def _on_error(self, exc: BaseException) -> None:
        self._busy = False
        from drivers.base import DeviceUnavailable  # lazy: keeps start-up light

        code = "reader_missing" if isinstance(exc, DeviceUnavailable) else "read_failed"
        log.warning("ID reader poll failed: %s", type(exc).__name__)
        self._report(code)

    def _report(self, code: str) -> None:
        if code != self._reported:
            self._reported = code
            self.problem.emit(code)


def create(deps) -> IdentityService:
    return IdentityService(deps.devices["id_reader"], deps.workers["id_reader"])


SERVICE = ServiceSpec("identity", create, uses_devices=("id_reader",), on_stop="stop")
