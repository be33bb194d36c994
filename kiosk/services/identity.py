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
                self.card_removed.emit()
            if self._reported is not None:  # the reader answers again: clear the old problem
                self._reported = None
                self.problem.emit("")
            return
        if self._card_consumed:
            self._report("card_left")
            return
        self._card_consumed = True
        if not self._timer.isActive():
            return  # read finished after the screen was left: not for this session
        try:
            identity = identity_from_card(card, self._today())
        except IdentityProblem as exc:
            log.info("card rejected: %s %s", exc.code, exc.detail)
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
