"""China's county-level divisions, for mending an ID card's address where OCR misread its county.

The first six digits of a resident ID number name the county where it was issued, and the card's
address (住址) is the household registration, almost always in that county. When the address
read from a photo holds, where the county's name belongs, a name that is no county at all but one
character away from the number's county (渑池县 read as 浥池县, or with a rare character dropped),
it is that county. A name that is a real county (東城区 for a number from 西城区: the holder moved)
is left as read.

The division table is python-stdnum's (``stdnum/cn/loc.dat``, the one ``stdnum.cn.ric`` checks
numbers against): loaded once, on the OCR worker, on first use.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

__all__ = ["county_of", "mend_county"]

_ENTRY = re.compile(r'^(\s*)(\d+)\s+(?:province|county)="([^"]*)"')
_DATED = re.compile(r"^\[(\d*)-(\d*)\](.*)$")
_SUFFIXES = ("县", "市", "区", "旗")
_lock = threading.Lock()


def _names(value: str) -> list[tuple[int | None, int | None, str]]:
    out = []
    for part in value.split(","):
        m = _DATED.match(part)
        if m:
            out.append((int(m.group(1)) if m.group(1) else None, int(m.group(2)) if m.group(2) else None, m.group(3)))
        else:
            out.append((None, None, part))
    return out


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list], frozenset[str]]:
    """({6-digit code: [(from year, to year, name)]}, every county-level name ever used)."""
    import stdnum

    path = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    codes: dict[str, list] = {}
    province = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ENTRY.match(line)
        if not m:
            continue
        indent, code, value = m.groups()
        if not indent:
            province = code
            codes[code + "0000"] = _names(value)
        else:
            codes[province + code] = _names(value)
    counties = frozenset(name for code, names in codes.items() if not code.endswith("00")
                         for _a, _b, name in names if name.endswith(_SUFFIXES))
    return codes, counties


def _current(names: list, year: int | None) -> str:
    for start, end, name in names:
        if year is None or ((start is None or year >= start) and (end is None or year <= end)):
            return name
    return names[-1][2] if names else ""


def county_of(id_number: str, year: int | None = None) -> tuple[str, str, str]:
    """(province, prefecture or "", county) named by an ID number's first six digits, as they were
    called in ``year`` (default: the last name); ("", "", "") when the code is unknown."""
    with _lock:
        codes, _ = _table()
    code = id_number[:6]
    if code not in codes:
        return "", "", ""
    prefecture = _current(codes.get(code[:4] + "00", []), year)
    if prefecture in ("市辖区", "县", "") or prefecture.endswith("直辖县级行政区划"):
        prefecture = ""
    return _current(codes.get(code[:2] + "0000", []), year), prefecture, _current(codes[code], year)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by changing, dropping or adding one character."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def mend_county(address: str, id_number: str) -> str:
    """``address`` with its county's name mended from the ID number (see the module's notes), or
    as it is when it already names the county, names another real one, or does not follow the
    number's province and prefecture."""
    if len(id_number) < 6 or not id_number[:6].isdigit():
        return address
    year = int(id_number[6:10]) if id_number[6:10].isdigit() else None
    province, prefecture, county = county_of(id_number, year)
    if not county or county in address or not address.startswith(province):
        return address
    rest = address[len(province):]
    if prefecture and rest.startswith(prefecture):
        rest = rest[len(prefecture):]
    head = address[:len(address) - len(rest)]
    with _lock:
        _codes, counties = _table()
    for size in (len(county) - 1, len(county), len(county) + 1):
        read = rest[:size]
        if size >= 2 and read.endswith(_SUFFIXES) and read not in counties and _one_edit(read, county):
            return head + county + rest[size:]
    return address
