"""Case numbers (案号) per the SPC rules 法〔2015〕137号 (amended 2018).

Canonical form: ``（YYYY）<court code>[tribunal]<case type><serial>号``, e.g.
``（2023）辽02民终3815号``. :func:`parse` also accepts what people type:
half-width or full-width brackets (and 〔〕, [], 【】), full-width digits,
spaces, zero-padded serials, and the pre-2016 form with 字第 such as
``(2012)曲中法执字第66号``. :meth:`CaseNumber.format` gives the canonical
text with full-width brackets.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "CASE_TYPES",
    "PROVINCES",
    "TRIBUNALS",
    "CaseNumber",
    "InvalidCaseNumber",
    "is_case_type",
    "is_court_code",
    "parse",
]

# Court code prefixes: provinces / autonomous regions / municipalities, plus 军 (military) and 兵 (XPCC).
PROVINCES = "京津沪渝冀晋内辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川黔云藏陕甘青宁新军兵"
# Specialised-tribunal characters that sit between the court code and the case type
# (e.g. 最高法知民终: the SPC's IP tribunal).
TRIBUNALS = frozenset("知")
# Case type codes in current use; used to split the pre-2016 form, where the court
# abbreviation is free text. The current form does not need the list.
CASE_TYPES = frozenset(
    """
    民初 民终 民申 民再 民抗 民特 民督 民催 民破 民撤 民辖 民辖终 民辖监 民他 民监 民诉前调 民诉前保
    执 执保 执恢 执异 执复 执监 执协 执他 执配 执外 执清
    行初 行终 行申 行再 行审 行审复 行赔初 行赔终 行赔申 行辖 行他
    刑初 刑终 刑申 刑再 刑更 刑核 刑辖 刑他
    财保 证保 行保 司惩 司救 委赔 赔 强清 破 破申 民提 刑提 行提
    """.split()
)

_CJK = "\u4e00-\u9fff"
_COURT = rf"(?:最高法|[{PROVINCES}](?:\d{{4}}|\d{{2}})?)"
_PATTERNS = {
    "court": rf"^{_COURT}$",
    "case_type": rf"^[{_CJK}]{{1,4}}$",
    "current": rf"^\((\d{{4}})\)({_COURT})([{_CJK}]{{1,5}}?)(\d+)号$",
    "legacy": rf"^\((\d{{4}})\)([{_CJK}\d()]{{1,20}}?)字第(\d+)号$",
}


@functools.cache
def _re(name: str) -> re.Pattern[str]:  # compiled on first use: the config imports this module
    return re.compile(_PATTERNS[name])
_TYPE_INITIALS = "民刑行执赔破财证司"

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")"})

MIN_YEAR = 1949
MAX_YEAR = 2099


class InvalidCaseNumber(ValueError):
    """The text is not a case number. ``reason`` is a short code for the UI."""

    def __init__(self, reason: str = "format") -> None:
        super().__init__(f"invalid case number: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    tribunal: str
    case_type: str
    serial: int
    legacy: bool = False  # parsed from the pre-2016 "…字第N号" form

    def format(self) -> str:
        """The canonical text, with full-width brackets."""
        if self.legacy:
            return f"（{self.year}）{self.court_code}{self.case_type}字第{self.serial}号"
        return f"（{self.year}）{self.court_code}{self.tribunal}{self.case_type}{self.serial}号"

    def __str__(self) -> str:
        return self.format()


def is_court_code(code: str) -> bool:
    """True for a current-form court code: 最高法, 京, 辽02, 京0105, 辽72 …"""
    return isinstance(code, str) and bool(_re("court").match(code))


def is_case_type(code: str) -> bool:
    """True for a plausible case type code (1-4 Chinese characters, e.g. 民初, 执, 民诉前调)."""
    return isinstance(code, str) and bool(_re("case_type").match(code))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return "".join(text.split())


def _check(year: int, serial: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidCaseNumber("year")
    if serial < 1:
        raise InvalidCaseNumber("serial")


def _split_legacy(body: str) -> tuple[str, str]:
    """Split ``曲中法执`` into court abbreviation and case type."""
    for size in (4, 3, 2, 1):
        if len(body) >= size and body[-size:] in CASE_TYPES:
            return body[:-size], body[-size:]
    positions = [i for i, ch in enumerate(body) if ch in _TYPE_INITIALS]
    if not positions:
        raise InvalidCaseNumber("case_type")
    i = positions[-1]
    return body[:i], body[i:]


def parse(text: str) -> CaseNumber:
    """Parse a case number typed or printed in any of the accepted forms."""
    if not isinstance(text, str):
        raise InvalidCaseNumber("format")
    s = _normalise(text)
    if not s:
        raise InvalidCaseNumber("empty")
    m = _re("current").match(s)
    if m and "字" not in m.group(3):
        year, court, rest, serial = int(m.group(1)), m.group(2), m.group(3), int(m.group(4))
        tribunal = ""
        if len(rest) > 1 and rest[0] in TRIBUNALS:
            tribunal, rest = rest[0], rest[1:]
        if not is_case_type(rest):
            raise InvalidCaseNumber("case_type")
        _check(year, serial)
        return CaseNumber(year, court, tribunal, rest, serial)
    m = _re("legacy").match(s)
    if m:
        year, body, serial = int(m.group(1)), m.group(2), int(m.group(3))
        court, case_type = _split_legacy(body)
        _check(year, serial)
        return CaseNumber(year, court, "", case_type, serial, legacy=True)
    raise InvalidCaseNumber("format")
