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

__all__ = ["KINDS", "Found", "addresses_in", "amounts_in", "capital_amount", "chinese_integer",
           "extract_fields", "phones_in"]

KINDS = ("names", "id_numbers", "usccs", "addresses", "phones", "amounts", "dates", "case_numbers")
LOW_CONFIDENCE = 0.6

_NAME = re.compile(r"(?:原告|被告|第三人|上诉人|被上诉人|申请人|被申请人|具状人)[（(]?[^：:]{0,6}[）)]?[：:]\s*([^，,。；;\s]{2,40})")
_ID = re.compile(r"(?<![0-9A-Z])(\d{17}[\dX])(?![0-9A-Z])")
_USCC = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
# 住址/住所(地) with or without a colon (a table cell glued to its label), other address labels with
# one; "，住北京市…" in a classic paragraph when the value reads like a place
_ADDRESS = re.compile(r"(?:(?:经常居住地|住所地|住址|住所|居住地)[：:]?|(?:注册地址|通讯地址|送达地址|地址)[：:])"
                      r"\s*([^，,。；;\s：:]{4,80})")
_LIVES_AT = re.compile(r"(?:^|[，,、])住(?![址所])[：:]?([^，,。；;\s：:]{4,80})")
_PLACE = re.compile(r"[省市区县旗镇乡村路街道巷弄号室楼]")
# labels that end an address a table or a paragraph glued to the next item
_NEXT_LABEL = re.compile(r"(?:联系电话|电话|手机|联系方式|统一社会信用代码|社会信用代码|公民身份号码|身份证号|身份证|"
                         r"法定代表人|负责人|邮政编码|邮编)")
# a USCC has no I, O, S, V or Z: read as 1, 0, 5, 5 (rare) and 2 after a 代码 label
_USCC_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "S": "5", "Z": "2"})
_MOBILE = re.compile(r"(?<![0-9A-Z])(1[3-9]\d-?\d{4}-?\d{4})(?![0-9A-Z])")
# a landline with its area code: 010-12345678, 0411 8888 6666 (spaces are gone), (021)12345678
_LANDLINE = re.compile(r"(?<![0-9A-Z])[(（]?(0\d{2,3})[)）]?[-—–]?(\d{7,8})(?![0-9A-Z])")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_AMOUNT = re.compile(rf"(?:[¥￥]\s*)?({_NUMBER})\s*(万元|元)|[¥￥]\s*({_NUMBER})")
# capital numerals (大写): 壹拾贰万伍仟元整, 贰拾万零叁佰元, …元伍角陆分; lower-case ones after 人民币
_CN_DIGIT = "零〇壹贰貳叁參肆伍陆陸柒捌玖"
_CAPITAL = re.compile(rf"([{_CN_DIGIT}拾佰仟万萬亿億]+)[元圆]((?:零?[{_CN_DIGIT}]角)?(?:零?[{_CN_DIGIT}]分)?)"
                      r"|人民币([零〇一二两三四五六七八九十百千万亿]+)元")
_CN_VALUES = {**dict.fromkeys("零〇", 0), **dict.fromkeys("壹一", 1), **dict.fromkeys("贰貳二两", 2),
              **dict.fromkeys("叁參三", 3), **dict.fromkeys("肆四", 4), **dict.fromkeys("伍五", 5),
              **dict.fromkeys("陆陸六", 6), **dict.fromkeys("柒七", 7), **dict.fromkeys("捌八", 8),
              **dict.fromkeys("玖九", 9)}
_CN_UNITS = {**dict.fromkeys("拾十", 10), **dict.fromkeys("佰百", 100), **dict.fromkeys("仟千", 1000)}
# an amount that only states the base of interest ("以100000元为基数") is not claimed
_NOT_CLAIMED_AFTER = re.compile(r"^(?:为基数|为本金|为计算基数)")
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


def chinese_integer(text: str) -> int | None:
    """壹拾贰万伍仟 -> 125000, 贰拾万零叁佰 -> 200300, 拾 -> 10; None when it is not a number."""
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in _CN_VALUES:
            digit = _CN_VALUES[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in "万萬":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        elif ch in "亿億":
            total = (total + section + (digit or 0)) * 100_000_000
            section, digit = 0, None
        else:
            return None
    value = total + section + (digit or 0)
    return value if value or any(ch in "零〇" for ch in text) else None


def capital_amount(integer: str, fraction: str = "") -> Decimal | None:
    """An amount in capital numerals: ``integer`` before 元, ``fraction`` its 角/分 (e.g. "伍角陆分")."""
    yuan = chinese_integer(integer)
    if yuan is None:
        return None
    amount = Decimal(yuan)
    for m in re.finditer(r"([^零角分])([角分])", fraction):
        amount += Decimal(_CN_VALUES[m.group(1)]) / (10 if m.group(2) == "角" else 100)
    return amount.quantize(Decimal("0.01")) if fraction else amount


def amounts_in(text: str) -> list[Decimal]:
    """The money amounts in one compact line, in order: digits with 元/万元/¥ and capital numerals;
    a capital restatement of an amount already given in digits counts once."""
    out: list[tuple[int, Decimal]] = []
    for m in _AMOUNT.finditer(text):
        if _NOT_CLAIMED_AFTER.match(text[m.end():]):
            continue
        number = m.group(1) or m.group(3)
        try:
            amount = Decimal(number.replace(",", ""))
        except InvalidOperation:
            continue
        if m.group(2) == "万元":
            amount *= 10000
            if amount == amount.to_integral_value():
                amount = amount.quantize(Decimal(1))
        out.append((m.start(), amount))
    for m in _CAPITAL.finditer(text):
        if _NOT_CLAIMED_AFTER.match(text[m.end():]):
            continue
        amount = capital_amount(m.group(1), m.group(2) or "") if m.group(1) else capital_amount(m.group(3))
        if amount is None or any(amount == a for _, a in out):
            continue
        out.append((m.start(), amount))
    return [a for _, a in sorted(out, key=lambda item: item[0])]


def addresses_in(text: str) -> list[str]:
    """Addresses in one compact line: after an address label, or 住 in a paragraph; cut at the next label."""
    found = [m.group(1) for m in _ADDRESS.finditer(text)]
    found += [m.group(1) for m in _LIVES_AT.finditer(text) if _PLACE.search(m.group(1))]
    out = []
    for value in found:
        cut = _NEXT_LABEL.search(value)
        value = value[: cut.start()] if cut else value
        if len(value) >= 4 and value not in out:
            out.append(value)
    return out


def phones_in(text: str) -> list[str]:
    """Mobile numbers and landlines with their area code, digits only (a landline keeps its dash)."""
    out = [m.group(1).replace("-", "") for m in _MOBILE.finditer(text)]
    for m in _LANDLINE.finditer(text):
        if len(m.group(1)) + len(m.group(2)) in (10, 11, 12):
            out.append(f"{m.group(1)}-{m.group(2)}")
    return out


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
        for address in addresses_in(compact):
            add("addresses", address, confidence, index)
        for phone in phones_in(compact):
            add("phones", phone, confidence, index)
        for amount in amounts_in(compact):
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
