"""Masking personal data for screens, receipts and anything a bystander might see.

- ``mask_name('张三') -> '张*'``, ``mask_name('欧阳娜娜') -> '欧***'``
- ``mask_phone('13812345678') -> '138****5678'``
- ``mask_id('210202198001010016') -> '210***********0016'``

Lengths are kept so the layout of a printed line does not change.
"""

from __future__ import annotations

import unicodedata

from kiosk.domain.idnumber import mask as mask_id

__all__ = ["mask_id", "mask_name", "mask_phone"]

_KEPT = frozenset(" -·・.+()")  # separators and a country-code prefix stay visible


def mask_name(name: str) -> str:
    """Keep the first character, star the rest (a one-character name becomes ``*``)."""
    text = (name or "").strip()
    if len(text) <= 1:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 1)


def mask_phone(phone: str) -> str:
    """Mobile numbers as ``138****5678``; other numbers keep their last 4 digits.

    Separators (spaces, hyphens, a leading ``+86``) stay where they are; only
    digits are starred.
    """
    text = unicodedata.normalize("NFKC", phone or "").strip()
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return "*" * len(text)
    keep = set(digits[-4:])
    start = len(digits) - 11
    if start >= 0 and text[digits[start]] == "1" and text[digits[start + 1]] in "3456789":
        # A mobile number (possibly after a country code): show its first 3 digits too.
        keep |= set(digits[start : start + 3])
        keep |= set(digits[:start])  # the country code is not personal
    elif len(digits) <= 4:
        keep = set()
    out = []
    for i, ch in enumerate(text):
        if ch.isdigit():
            out.append(ch if i in keep else "*")
        elif ch in _KEPT:
            out.append(ch)
        else:
            out.append("*")
    return "".join(out)
