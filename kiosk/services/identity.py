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

    @property
    def masked_id(self) -> str:
        return idnumber.mask(self.id_number)


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


def identity_from_photo(values: dict[str, str]) -> Identity:
    """The identity a litigant confirmed after OCR of a photo of their card's front.

    Raises PhotoIdProblems {field: code} when a field is missing, the ID number fails its
    check, or the birth date or sex disagree with the ID number. Codes: required,
    id_<reason>, date_invalid, mismatch_id_number.
    """
    import re

    problems: dict[str, str] = {}
    v = {k: (values.get(k) or "").strip() for k in ("name", "sex", "nation", "birth_date", "address", "id_number")}
    number = None
    try:
        number = idnumber.validate(v["id_number"])
    except idnumber.InvalidIdNumber as exc:
        problems["id_number"] = f"id_{exc.reason_code}"
    for key, shortest in (("name", 2), ("nation", 1), ("address", 4)):
        if len(v[key]) < shortest:
            problems[key] = "required"
    born = None
    m = re.fullmatch(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?", v["birth_date"])
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
    if problems:
        raise PhotoIdProblems(problems)
    return Identity(name=v["name"], id_number=number, sex=v["sex"], nation=v["nation"], birth_date=born,
                    address=v["address"], authority="", valid_to=None, source="photo")


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
