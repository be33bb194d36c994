"""Resident ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015).

:func:`validate` normalises what a litigant types (spaces, full-width digits,
lower-case x), converts a legacy 15-digit number to 18 digits and raises
:class:`InvalidIdNumber` with a reason code the UI turns into a message:

- ``'chars'``      something other than digits (and a final X)
- ``'length'``     not 15 or 18 characters
- ``'checksum'``   the check character does not match (ISO 7064 MOD 11-2)
- ``'birth_date'`` the birth date is not a date, or lies in the future

The check digit and format come from python-stdnum (``stdnum.cn.ric``). Its
extra address-code lookup is deliberately *not* enforced: stdnum's county table
misses codes that appear on real cards (e.g. 210202, Dalian Zhongshan District),
and the kiosk must not turn a litigant away because a table is out of date.

Exception messages never contain the number itself.
"""

from __future__ import annotations

import datetime
import unicodedata

from stdnum import exceptions as stdnum_exc
from stdnum.cn import ric, uscc

__all__ = [
    "REASONS",
    "InvalidIdNumber",
    "InvalidUscc",
    "birth_date",
    "mask",
    "sex",
    "validate",
    "validate_uscc",
]

REASONS = ("length", "chars", "birth_date", "checksum")
_ALLOWED = frozenset("0123456789X")
MIN_BIRTH_YEAR = 1880


class InvalidIdNumber(ValueError):
    """Not a valid resident ID number; ``reason_code`` is one of :data:`REASONS`."""

    def __init__(self, reason_code: str) -> None:
        super().__init__(f"invalid ID number: {reason_code}")
        self.reason_code = reason_code

    @property
    def reason(self) -> str:
        return self.reason_code


class InvalidUscc(ValueError):
    """Not a valid unified social credit code (reason: 'length', 'chars' or 'checksum')."""

    def __init__(self, reason_code: str) -> None:
        super().__init__(f"invalid unified social credit code: {reason_code}")
        self.reason_code = reason_code


def preload() -> None:
    """Blocking: parse python-stdnum's table of division codes now (some 100 ms and 5 MB, once
    per process), which `validate` otherwise parses on its first call: at start-up, on a worker,
    not when the first litigant's card is read on the GUI thread."""
    from stdnum import numdb

    numdb.get("cn/loc")


def _normalise(raw: str) -> str:
    if not isinstance(raw, str):
        raise InvalidIdNumber("chars")
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).upper()


def _date_of(number18: str) -> datetime.date | None:
    try:
        return datetime.date(int(number18[6:10]), int(number18[10:12]), int(number18[12:14]))
    except ValueError:
        return None


def _check_birth_date(number18: str, today: datetime.date | None) -> None:
    born = _date_of(number18)
    if born is None or born.year < MIN_BIRTH_YEAR or born > (today or datetime.date.today()):
        raise InvalidIdNumber("birth_date")


def validate(raw: str, *, today: datetime.date | None = None) -> str:
    """Return the normalised 18-character number or raise :class:`InvalidIdNumber`."""
    number = _normalise(raw)
    if not number:
        raise InvalidIdNumber("length")
    if any(ch not in _ALLOWED for ch in number) or "X" in number[:-1]:
        raise InvalidIdNumber("chars")
    if len(number) == 15:
        if not number.isdigit():
            raise InvalidIdNumber("chars")
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
        _check_birth_date(number, today)
        return number
    try:
        ric.validate(number)
    except stdnum_exc.InvalidLength:
        raise InvalidIdNumber("length") from None
    except stdnum_exc.InvalidFormat:
        raise InvalidIdNumber("chars") from None
    except stdnum_exc.InvalidChecksum:
        raise InvalidIdNumber("checksum") from None
    except stdnum_exc.InvalidComponent:
        # Either the birth date or the address code; only the date is ours to judge.
        pass
    except stdnum_exc.ValidationError:
        raise InvalidIdNumber("chars") from None
    _check_birth_date(number, today)
    return number


def birth_date(id_number: str) -> datetime.date:
    """Birth date encoded in a valid number."""
    number = validate(id_number)
    born = _date_of(number)
    assert born is not None  # validate() checked it
    return born


def sex(id_number: str) -> str:
    """'M' or 'F' from the sequence digit (odd = male)."""
    number = validate(id_number)
    return "M" if int(number[16]) % 2 else "F"


def mask(id_number: str) -> str:
    """Show the first 3 and the last 4 characters: ``210***********0016`` (length kept)."""
    text = "".join(str(id_number).split())
    if len(text) <= 7:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def validate_uscc(raw: str) -> str:
    """Return a normalised 18-character unified social credit code or raise :class:`InvalidUscc`."""
    if not isinstance(raw, str):
        raise InvalidUscc("chars")
    code = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
    try:
        return uscc.validate(code)
    except stdnum_exc.InvalidLength:
        raise InvalidUscc("length") from None
    except stdnum_exc.InvalidChecksum:
        raise InvalidUscc("checksum") from None
    except stdnum_exc.ValidationError:
        raise InvalidUscc("chars") from None
