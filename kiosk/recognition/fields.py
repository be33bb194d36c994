"""Form fields found in OCR'd page text: names, ID numbers, USCCs, addresses, phones, amounts, dates, case numbers.

:func:`extract_fields` takes the page's lines (text + confidence) and returns,
per kind, :class:`Found` items carrying the value, the confidence of the line
it came from, and ``flagged`` when that confidence is low or the value fails
its check (ID number check digit, USCC check character, case number format).
The UI highlights every backfilled field for confirmation either way.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from stdnum.cn import uscc as stdnum_uscc

from kiosk.domain import casenumber, idnumber

__all__ = ["KINDS", "Found", "extract_fields"]

KINDS = ("names", "id_numbers", "usccs", "addresses", "phones", "amounts", "dates", "case_numbers")
LOW_CONFIDENCE = 0.6

_NAME = re.compile(r"(?:原告|被告|第三人|上诉人|被上诉人|申请人|被申请人|具状人)[（(]?[^：:]{0,6}[）)]?[：:]\s*([^，,。；;\s]{2,40})")
_ID = re.compile(r"(?<![0-9A-Z])(\d{17}[\dX])(?![0-9A-Z])")
_USCC = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
_ADDRESS = re.compile(r"(?:住址|住所地|住所|地址|居住地)[：:]\s*([^，,。；;\s]{4,80})")
# a USCC has no I, O, S, V or Z: read as 1, 0, 5, 5 (rare) and 2 after a 代码 label
_USCC_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "S": "5", "Z": "2"})
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-\d{7,8})(?!\d)")
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|元)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CASE = re.compile(r"[(（〔\[]\d{4}[)）〕\]][^()（）〔〕\[\]号]{2,20}?\d+号")


@dataclass(frozen=True)
class Found:
    value: object
    confidence: float
    flagged: bool = False
    line: int = -1

    def to_json(self) -> dict:
        value = self.value
        if isinstance(value, (Decimal, datetime.date)):
            value = str(value) if isinstance(value, Decimal) else value.isoformat()
        return {"value": value, "confidence": round(self.confidence, 3), "flagged": self.flagged}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _valid_uscc(code: str) -> bool:
    try:
        stdnum_uscc.validate(code)
    except Exception:  # noqa: BLE001 - stdnum raises several ValidationError kinds
        return False
    return True


def extract_fields(lines) -> dict[str, list[Found]]:
    """Fields of every kind in ``lines`` (``Line`` objects or (text, confidence) pairs), in page order."""
    out: dict[str, list[Found]] = {kind: [] for kind in KINDS}
    seen: dict[str, set] = {kind: set() for kind in KINDS}

    def add(kind: str, value, confidence: float, index: int, bad: bool = False) -> None:
        if value in seen[kind]:
            return
        seen[kind].add(value)
        out[kind].append(Found(value, confidence, bad or confidence < LOW_CONFIDENCE, index))

    for index, line in enumerate(lines):
        text, confidence = (line.text, line.confidence) if hasattr(line, "text") else line
        text = _norm(text)
        compact = "".join(text.split())
        for m in _NAME.finditer(compact):
            add("names", m.group(1), confidence, index)
        usccs = set()
        upper = compact.upper()
        if "代码" in compact:  # a labelled code: letters a code never has are OCR confusions of digits
            upper = upper.translate(_USCC_CONFUSIONS)
        for m in _USCC.finditer(upper):
            code = m.group(1)
            if code.isdigit() or (code[:17].isdigit() and code[17] in "0123456789X"):
                continue  # an 18-digit run is an ID number
            usccs.add(code)
            add("usccs", code, confidence, index, not _valid_uscc(code))
        for m in _ID.finditer(compact.upper()):
            number = m.group(1)
            try:
                add("id_numbers", idnumber.validate(number), confidence, index)
            except idnumber.InvalidIdNumber:
                add("id_numbers", number, confidence, index, True)
        for m in _ADDRESS.finditer(compact):
            add("addresses", m.group(1), confidence, index)
        for m in _MOBILE.finditer(compact):
            add("phones", m.group(1), confidence, index)
        for m in _LANDLINE.finditer(compact):
            add("phones", m.group(1), confidence, index)
        for m in _AMOUNT.finditer(compact):
            try:
                amount = Decimal(m.group(1).replace(",", ""))
            except InvalidOperation:
                continue
            if m.group(2) == "万元":
                amount *= 10000
            if m.group(2) == "万元" and amount == amount.to_integral_value():
                amount = amount.quantize(Decimal(1))
            add("amounts", amount, confidence, index)
        for m in _DATE.finditer(compact):
            try:
                day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            add("dates", day.isoformat(), confidence, index)
        for m in _CASE.finditer(compact):
            try:
                add("case_numbers", str(casenumber.parse(m.group(0))), confidence, index)
            except casenumber.InvalidCaseNumber:
                add("case_numbers", m.group(0), confidence, index, True)
    return out
