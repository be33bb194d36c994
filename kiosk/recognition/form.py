"""The filing form from the lines of a scanned complaint (起诉状): :func:`page_form`.

The one function the filing screens (kiosk.services.recognition) and ``kiosk ocr page`` use.
A complaint names the parties in blocks that start with their role (原告 / 被告 ...), then
lists the claims after 诉讼请求 and before 事实与理由. Before the fields are read, the lines
are put in reading order whatever the layout:

- a party table, either one row per party under a header (诉讼地位 | 名称 | 住所 | 统一社会信用代码
  | 联系电话) or a label column beside a value column (被告 | 名称 | …), becomes labelled lines
  ("被告：…", "住所：…"); cells are lines of their own with boxes (one OCR box per cell), or
  parts of one line split by ``|`` or wide gaps;
- two columns (原告 on the left, 被告 on the right) are read one after the other;
- a value wrapped onto the next line (a long address, a paragraph) is joined to its line until
  the next labelled item.

Fields come from the first defendant's block (person or organisation by 统一社会信用代码, 公司,
有限, 法定代表人 ...) and from the claims; the amount claimed is the sum of the money amounts in
the claims (digits, 万元, ¥, capital numerals). Each suggestion carries the confidence of the
line(s) it came from and a flag when it is low or fails its check; the UI highlights every
suggestion for the litigant to confirm or correct, flagged ones more strongly. Nothing read is
logged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from kiosk.recognition.fields import addresses_in, amounts_in, extract_fields, phones_in

__all__ = ["FORM_KEYS", "LOW_CONFIDENCE", "Suggestion", "form_json", "page_form"]

# Page lines read right score 0.82-0.97 on the generated complaints; misread names 0.71-0.75
LOW_CONFIDENCE = 0.78

FORM_KEYS = ("defendant_kind", "defendant_name", "defendant_id", "defendant_address", "defendant_phone",
             "claims", "amount", "facts")

_ROLES = "原告|被告|第三人|上诉人|被上诉人|申请人|被申请人|具状人|委托诉讼代理人|法定代表人"
_ROLE = re.compile(rf"^({_ROLES})[（(]?[^：:]{{0,6}}[）)]?[：:]")
# a role cell: 被告, 被告（反诉原告）, or a role with its name label (被告名称, 原告姓名, 被告单位名称)
_ROLE_CELL = re.compile(rf"^({_ROLES})(?:[（(][^）)]{{0,6}}[）)]|单位名称|名称|姓名)?[：:]?$")
_PARTY_ROLES = ("原告", "被告", "第三人", "上诉人", "被上诉人", "申请人", "被申请人")
_CLAIMS = re.compile(r"^诉讼请求[：:]?")
_FACTS = re.compile(r"^(事实(与|和)理由|事实及理由)[：:]?")
_CLOSING = re.compile(r"^(此致|具状人|起诉人|上诉人|申请人)")
_SECTION = re.compile(r"^(诉讼请求|事实(与|和|及)理由|此致)")
_ORGANISATION = re.compile(r"(公司|企业|厂|店|银行|合作社|中心|协会|学校|医院|委员会|集团|事务所)$")
_ORGANISATION_NAME = re.compile(r"公司|有限|企业|集团|商行|经营部|分部|分行|支行")
_ORGANISATION_LABELS = re.compile(r"统一社会信用代码|社会信用代码|法定代表人|负责人")
_COMMA = re.compile(r",(?!\d{3})|(?<!\d),")  # not a thousands separator
_CLAIM_WORDS = re.compile(r"判令|请求|诉讼费|支付|赔偿|返还|偿还|解除|确认")
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)）]|[(（][一二三四五六七八九十\d]+[)）])")
_ENDS_ITEM = re.compile(r"[。；;！!？?]$")

# table cells that are labels: family -> label words (longest first within a family)
_LABELS = {
    "name": ("单位名称", "公司名称", "名称", "姓名"),
    "address": ("经常居住地", "住所地", "住所", "住址", "地址", "通讯地址", "注册地址"),
    "id": ("统一社会信用代码", "社会信用代码", "公民身份号码", "身份证号码", "身份证号", "证件号码", "证件号"),
    "phone": ("联系电话", "电话号码", "电话", "手机号码", "手机", "联系方式"),
    "representative": ("法定代表人", "负责人"),
    "other": ("性别", "民族", "出生日期", "职务", "邮政编码"),
    "role": ("诉讼地位", "当事人", "身份", "类别", "当事人类型"),
}
_LABEL_OF = {word: family for family, words in _LABELS.items() for word in words}
_LABEL_WORDS = "|".join(sorted(_LABEL_OF, key=len, reverse=True))
_LABEL_CELL = re.compile(rf"^(?:{_LABEL_WORDS})(?:[/／、或](?:{_LABEL_WORDS}))*[：:]?$")
_GLUED_LABEL = re.compile(r"^(名称|姓名|住所地|住所|住址|统一社会信用代码|公民身份号码|身份证号码|身份证号|联系电话|"
                          r"电话|法定代表人)(?=[^：:/／、或])")
_LABELLED = re.compile(r"^[\u4e00-\u9fff（）()/／]{1,12}[：:]")
# a line that starts with one of these labels starts an item of its own; any other "词：" at a
# line's start may be the rest of a wrapped word ("…，住" / "所地：…") or a bracket ("（大写：…")
_ITEM_LABELS = sorted(set(_LABEL_OF) | {"籍贯", "工作单位", "户籍地", "户籍所在地", "邮编", "经营场所", "送达地址",
                                        "统一社会信用代码", "组织机构代码", "委托代理人", "职业", "国籍"}, key=len, reverse=True)
_ITEM_LABEL = re.compile(rf"^(?:{'|'.join(_ITEM_LABELS)})[：:]")
_CELL_SPLIT = re.compile(r"\s*[|｜]\s*|\t+|\s{2,}")


@dataclass(frozen=True)
class Suggestion:
    value: str
    confidence: float
    flagged: bool = False
    reason: str = ""  # low_confidence | check_failed

    def to_json(self) -> dict:
        return {"value": self.value, "confidence": round(self.confidence, 3), "flagged": self.flagged,
                "reason": self.reason}


@dataclass(frozen=True)
class _Cell:
    text: str  # NFKC, no whitespace
    confidence: float
    display: str  # as written (Chinese punctuation in Chinese text)
    box: tuple[int, int, int, int] | None = None  # x, y, w, h
    right: bool = False  # without a box: the raw line started with a wide gap (a right column)


_FULL_WIDTH = str.maketrans({";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def _display(text: str) -> str:
    """Text as the litigant wrote it: Chinese punctuation in Chinese text (OCR output is NFKC)."""
    text = text.strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        text = _COMMA.sub("，", "".join(text.split()).translate(_FULL_WIDTH))
    return text


def _line_parts(line) -> tuple[str, float, tuple | None]:
    if hasattr(line, "text"):
        return line.text or "", float(line.confidence), getattr(line, "box", None)
    return line[0] or "", float(line[1]), (tuple(line[2]) if len(line) > 2 else None)


def _cells_of(line) -> list[_Cell]:
    """One OCR line as its cells: split at ``|`` and wide gaps; boxes shared out by length."""
    raw, confidence, box = _line_parts(line)
    raw = unicodedata.normalize("NFKC", raw)
    parts = [p for p in _CELL_SPLIT.split(raw.strip()) if p.strip()]
    if box is not None and not any(box[2:]):
        box = None
    right = box is None and len(raw) - len(raw.lstrip()) >= 2
    out = []
    offset, total = 0, max(1, sum(len(p) for p in parts))
    for part in parts:
        cell_box = None
        if box is not None:
            x, y, w, h = box
            cell_box = (x + w * offset // total, y, max(1, w * len(part) // total), h)
        offset += len(part)
        text = "".join(part.split())
        text = _GLUED_LABEL.sub(r"\1：", text) if not _LABEL_CELL.match(text) else text
        out.append(_Cell(text, confidence, _display(part), cell_box, right and len(parts) == 1))
    return out


def _rows(lines) -> list[list[_Cell]]:
    """Cells grouped into rows: lines side by side (boxes whose middles share a height) are one row,
    left to right; lines without boxes are a row each."""
    rows: list[list[_Cell]] = []
    for line in lines:
        cells = _cells_of(line)
        if not cells:
            continue
        first = cells[0].box
        last = rows[-1][0].box if rows else None
        if first is not None and last is not None:
            middle, other = first[1] + first[3] / 2, last[1] + last[3] / 2
            if abs(middle - other) <= min(first[3], last[3]) / 2:
                rows[-1] = sorted(rows[-1] + cells, key=lambda c: c.box[0])
                continue
        rows.append(cells)
    return rows


def _is_label(text: str) -> bool:
    return bool(_LABEL_CELL.match(text))


def _family(text: str) -> str:
    word = re.split(r"[/／、或：:]", text)[0]
    return _LABEL_OF.get(word, "other")


def _is_role(text: str) -> bool:
    m = _ROLE_CELL.match(text)
    return bool(m) and m.group(1) in _PARTY_ROLES


def _header_rows(rows: list[list[_Cell]]) -> list[list[_Cell]]:
    """Cells read one per line (no boxes): a run of label cells is a table header; each party row
    after it is its role cell and as many value cells as the header has value columns."""
    out: list[list[_Cell]] = []
    i = 0
    while i < len(rows):
        run = i
        while run < len(rows) and len(rows[run]) == 1 and _is_label(rows[run][0].text):
            run += 1
        if run - i >= 3 or (run - i >= 2 and run < len(rows) and _is_role(rows[run][0].text)):
            header = [r[0] for r in rows[i:run]]
            out.append(header)
            width = sum(1 for c in header if _family(c.text) != "role")
            i = run
            while i < len(rows) and len(rows[i]) == 1 and _is_role(rows[i][0].text):
                row = [r[0] for r in rows[i:i + 1 + width] if len(r) == 1]
                out.append(row)
                i += len(row)
            continue
        out.append(rows[i])
        i += 1
    return out


def _cell_line(text: str, template: _Cell, display: str | None = None) -> _Cell:
    return _Cell(text, template.confidence, display if display is not None else _display(text), template.box)


def _table(rows: list[list[_Cell]]) -> list[list[_Cell]]:
    """A header row of labels and party rows under it become labelled lines, one row each."""
    out: list[list[_Cell]] = []
    header: list[_Cell] | None = None
    for row in rows:
        labels = [c for c in row if _is_label(c.text)]
        if len(row) >= 2 and len(labels) == len(row):
            header = row
            continue
        if header is not None and len(row) >= 2 and _is_role(row[0].text):
            out.append(_from_table_row(header, row))
            continue
        if header is not None and not (len(row) >= 2 and any(_is_role(c.text) for c in row)):
            header = None
        out.append(row)
    return out


def _column_of(header: list[_Cell], cell: _Cell, index: int, offset: int) -> _Cell | None:
    if cell.box is not None and all(h.box is not None for h in header):
        middle = cell.box[0] + cell.box[2] / 2
        return min(header, key=lambda h: abs(h.box[0] + h.box[2] / 2 - middle))
    at = index - offset
    return header[at] if 0 <= at < len(header) else None


def _from_table_row(header: list[_Cell], row: list[_Cell]) -> list[_Cell]:
    """``被告 | 某公司 | 北京市… | 9111… | 010-…`` under its header -> 被告：某公司, 住所：…, …"""
    role = _ROLE_CELL.match(row[0].text).group(1)
    has_role_column = _family(header[0].text) == "role"
    offset = 0 if has_role_column or len(row) == len(header) else 1
    lines = [_cell_line(f"{role}：", row[0])]
    for index, cell in enumerate(row[1:], start=1):
        column = _column_of(header, cell, index, offset)
        if column is None:
            continue
        family = _family(column.text)
        if family == "name":
            lines[0] = _cell_line(f"{role}：{cell.text}", cell)
        elif family == "id":  # one column for both: the value says which it is
            label = "公民身份号码" if re.fullmatch(r"\d{17}[\dXx]", cell.text) else "统一社会信用代码"
            lines.append(_cell_line(f"{label}：{cell.text}", cell))
        elif family != "role":
            label = re.split(r"[/／、或：:]", column.text)[0]
            lines.append(_cell_line(f"{label}：{cell.text}", cell))
    return [_Cell("", 0.0, "", None)] + lines  # marker: one labelled line per cell (split below)


def _two_columns(rows: list[list[_Cell]]) -> list[list[_Cell]]:
    """Rows with a party on the left and another on the right: the left column, then the right, up
    to the claims (or a line across both columns)."""
    out: list[list[_Cell]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        roles = [c for c in row if _ROLE.match(c.text) and not _LABEL_CELL.match(c.text)]
        if len(row) < 2 or len(roles) < 2 or row[0].text == "":
            out.append(row)
            i += 1
            continue
        split = right_x = None
        if all(c.box is not None for c in roles):
            right_x = roles[1].box[0]
            split = right_x - (right_x - roles[0].box[0]) / 4
        left: list[list[_Cell]] = []
        right: list[list[_Cell]] = []
        start = i
        while i < len(rows):
            row = rows[i]
            # the row with the two roles always goes in (else nothing moves on: an endless loop)
            if i > start and _SECTION.match(row[0].text):
                break
            if i > start and right_x is not None and any(
                    c.box and c.box[0] < split < right_x + 40 < c.box[0] + c.box[2] for c in row):
                break  # a line across both columns
            for index, cell in enumerate(row):
                if split is not None and cell.box is not None:
                    on_right = cell.box[0] >= split
                else:
                    on_right = cell.right or (len(row) >= 2 and index == len(row) - 1)
                (right if on_right else left).append([cell])
            i += 1
        out.extend(left)
        out.extend(right)
    return out


def _stream(lines) -> list[_Cell]:
    """The page as logical lines in reading order (tables and columns resolved, wraps joined)."""
    rows = _two_columns(_table(_header_rows(_rows(lines))))
    cells: list[_Cell] = []
    for row in rows:
        if row and row[0].text == "" and row[0].confidence == 0.0:
            cells.extend(row[1:])
            continue
        cells.extend(c for c in row if c.text)
    # label cell + value cell (a label column beside a value column) -> one labelled line
    paired: list[_Cell] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        following = cells[i + 1] if i + 1 < len(cells) else None
        value_next = (following is not None and not _is_label(following.text) and not _is_role(following.text)
                      and not _LABELLED.match(following.text) and not _SECTION.match(following.text))
        if _is_role(cell.text) and not cell.text.endswith(("：", ":")):
            role = _ROLE_CELL.match(cell.text).group(1)
            if value_next:
                paired.append(_join(_cell_line(f"{role}：", cell), following))
                i += 2
            else:
                paired.append(_cell_line(f"{role}：", cell))
                i += 1
            continue
        if _is_label(cell.text) and _family(cell.text) != "role" and value_next:
            label = re.split(r"[/／、或：:]", cell.text)[0]
            paired.append(_join(_cell_line(f"{label}：", cell), following))
            i += 2
            continue
        paired.append(cell)
        i += 1
    return paired


def _join(first: _Cell, second: _Cell) -> _Cell:
    return _Cell(first.text + second.text, min(first.confidence, second.confidence),
                 first.display + second.display, first.box)


def _starts_item(text: str) -> bool:
    return bool(_ITEM_LABEL.match(text) or _ROLE.match(text) or _SECTION.match(text) or _ENUMERATED.match(text)
                or _CLOSING.match(text) or _is_label(text))


def _unwrap(block: list[_Cell]) -> list[_Cell]:
    """Lines wrapped onto the next one joined to it, until the next labelled item."""
    out: list[_Cell] = []
    for cell in block:
        if out and not _starts_item(cell.text) and not _ENDS_ITEM.search(out[-1].text):
            out[-1] = _join(out[-1], cell)
        else:
            out.append(cell)
    return out


def _block(stream: list[_Cell], role: str) -> list[_Cell]:
    """The lines of the first party block of ``role``: its role line up to the next role or section."""
    for start, cell in enumerate(stream):
        m = _ROLE.match(cell.text)
        if m and m.group(1) == role:
            end = start + 1
            while end < len(stream):
                following = stream[end].text
                other = _ROLE.match(following)
                if (other and other.group(1) != "法定代表人") or _CLAIMS.match(following) or _FACTS.match(following):
                    break
                end += 1
            return _unwrap(stream[start:end])
    return []


def _claims_section(stream: list[_Cell]) -> list[_Cell]:
    """The claims: after 诉讼请求 up to 事实与理由. When OCR lost the heading, the lines
    between the last party line and 事实与理由 that read like a claim."""
    for start, cell in enumerate(stream):
        m = _CLAIMS.match(cell.text)
        if m:
            rest = cell.text[m.end():]
            section = [_Cell(rest, cell.confidence, _display(rest))] if rest else []
            for following in stream[start + 1:]:
                if _FACTS.match(following.text) or _ROLE.match(following.text):
                    break
                section.append(following)
            return _unwrap(section)
    facts = next((i for i, c in enumerate(stream) if _FACTS.match(c.text)), len(stream))
    parties = [i for i, c in enumerate(stream[:facts]) if _ROLE.match(c.text)]
    start = parties[-1] + 1 if parties else 0
    return [c for c in _unwrap(stream[start:facts]) if _CLAIM_WORDS.search(c.text)]


def _facts_section(stream: list[_Cell]) -> list[_Cell]:
    """The facts and reasons: after 事实与理由 up to 此致 (or the signature line)."""
    for start, cell in enumerate(stream):
        m = _FACTS.match(cell.text)
        if m:
            rest = cell.text[m.end():].lstrip("：:")
            section = [_Cell(rest, cell.confidence, _display(rest))] if rest else []
            for following in stream[start + 1:]:
                if _CLOSING.match(following.text):
                    break
                section.append(following)
            return _unwrap(section)  # the page's line ends are not the litigant's
    return []


def _suggestion(value: str, confidence: float, failed: bool = False) -> Suggestion:
    if failed:
        return Suggestion(value, confidence, True, "check_failed")
    if confidence < LOW_CONFIDENCE:
        return Suggestion(value, confidence, True, "low_confidence")
    return Suggestion(value, confidence)


def _valid_id(value: str) -> bool:
    from stdnum.cn import uscc

    from kiosk.domain import idnumber

    if uscc.is_valid(value):
        return True
    try:
        idnumber.validate(value)
    except idnumber.InvalidIdNumber:
        return False
    return True


# what follows a name when the comma after it was not read: a label (住所地：…, with a speck
# read for the comma), or a person's sex and birth date (男1990年…)
_AFTER_NAME = re.compile(rf"[-一—_·.]?(?:{'|'.join(_ITEM_LABELS)})[：:]|(?:男|女)(?=\d{{4}}年)")


def _name_only(value: str) -> str:
    """A name read up to the comma, without the label or the details run into it."""
    cut = _AFTER_NAME.search(value, 2)
    return value[:cut.start()] if cut else value


_NAME_LABEL = re.compile(r"^(?:单位名称|公司名称|名称|姓名)[：:]([^，,。；;：:]{2,40})")
_PERSON_SIGNS = re.compile(r"[，,](?:男|女)(?:[，,]|$)|公民身份号码|身份证|民族|族[，,]|出生")


def _defendant(block: list[_Cell]) -> dict[str, Suggestion]:
    out: dict[str, Suggestion] = {}
    pairs = [(c.text, c.confidence) for c in block]
    found = extract_fields(pairs)
    name = None
    head = block[0]
    m = _ROLE.match(head.text)
    after = head.text[m.end():] if m else ""
    value = _name_only(re.split(r"[，,。；;]", after)[0]) if after else ""
    if len(value) >= 2 and not _LABELLED.match(value):
        name = (value, head.confidence)
    for cell in block:
        labelled = _NAME_LABEL.match(cell.text)
        if name is None and labelled:
            name = (labelled.group(1), cell.confidence)
    text = "".join(c.text for c in block)
    if name is not None:
        out["defendant_name"] = _suggestion(name[0], name[1])
    ids = found["usccs"] or found["id_numbers"]
    if found["usccs"] or (name and (_ORGANISATION.search(name[0]) or _ORGANISATION_NAME.search(name[0]))):
        organisation = True
    elif found["id_numbers"] or _PERSON_SIGNS.search(text):
        organisation = False  # e.g. a person whose line names the company they work for
    else:
        organisation = bool(_ORGANISATION_LABELS.search(text))
    if name is not None or ids:
        confidence = name[1] if name is not None else ids[0].confidence
        out["defendant_kind"] = Suggestion("organisation" if organisation else "person", confidence)
    if ids:
        value = str(ids[0].value)
        out["defendant_id"] = _suggestion(value, ids[0].confidence, failed=not _valid_id(value))
    for cell in block:
        addresses = addresses_in(cell.text)
        if addresses:
            out["defendant_address"] = _suggestion(addresses[0], cell.confidence)
            break
    for cell in block:
        phones = phones_in(cell.text)
        if phones:
            out["defendant_phone"] = _suggestion(phones[0].replace("-", ""), cell.confidence)
            break
    return out


def _without_debris(lines: list) -> list:
    """The lines without specks: a fragment of at most 3 characters that is read with confidence
    under 0.3, or that starts far from every margin the page's text lines start at (the rim of
    a seal, a mark in the middle of a line), unless it ends a sentence or is a label. A line
    wrapped onto the next starts at a margin (or its indent); a seal's characters do not."""
    parts = [_line_parts(ln) for ln in lines]
    boxed = [(box, len("".join(text.split()))) for text, _c, box in parts if box is not None and any(box[2:])]
    heights = sorted(box[3] for box, _n in boxed)
    if not heights:
        return lines
    height = heights[len(heights) // 2]
    margins = [box[0] for box, n in boxed if n >= 8]
    out = []
    for line, (text, confidence, box) in zip(lines, parts, strict=True):
        compact = "".join(unicodedata.normalize("NFKC", text).split())
        short = len(compact) <= 3 and not _ENDS_ITEM.search(compact) and not _LABEL_CELL.match(compact) \
            and not _ROLE_CELL.match(compact)
        if short and confidence < 0.3:
            continue
        if short and box is not None and margins and min(abs(box[0] - m) for m in margins) > 3 * height:
            continue
        out.append(line)
    return out


_NUMBER = re.compile(r"^(\d+)[、.．)）]")


def _colons_mended(claims: list[_Cell]) -> list[_Cell]:
    """A numbered claim that ends in a colon, followed by the next number, ends in ； misread:
    "1.判令…元整：" then "2.…" (a colon before sub-items numbered otherwise stays)."""
    out = list(claims)
    for i in range(len(out) - 1):
        this, following = _NUMBER.match(out[i].text), _NUMBER.match(out[i + 1].text)
        if this and following and int(following.group(1)) == int(this.group(1)) + 1 \
                and out[i].text.endswith(("：", ":")):
            c = out[i]
            out[i] = _Cell(c.text[:-1] + "；", c.confidence, c.display[:-1] + "；", c.box, c.right)
    return out


def page_form(lines) -> dict[str, Suggestion]:
    """Form key -> suggestion, for the keys the page gives (see FORM_KEYS).

    ``lines``: OCR ``Line`` objects (text, confidence, box) or (text, confidence[, box]) tuples, in
    the engine's reading order.
    """
    stream = _stream(_without_debris(list(lines)))
    out: dict[str, Suggestion] = {}
    defendant = _block(stream, "被告")
    if defendant:
        out.update(_defendant(defendant))

    claims = _colons_mended([c for c in _claims_section(stream) if c.text])
    if claims:
        confidence = min(c.confidence for c in claims)
        out["claims"] = _suggestion("\n".join(c.display for c in claims), confidence)
        # line by line: the same sum claimed twice (e.g. price and penalty) counts twice
        amounts = [(a, c.confidence) for c in claims for a in amounts_in(c.text)]
        if amounts:
            total = sum((Decimal(a) for a, _ in amounts), Decimal(0))
            out["amount"] = _suggestion(f"{total:f}", min(c for _, c in amounts))
    facts = [c for c in _facts_section(stream) if c.text]
    if facts:
        out["facts"] = _suggestion("\n".join(c.display for c in facts), min(c.confidence for c in facts))
    return {key: out[key] for key in FORM_KEYS if key in out}


def form_json(form: dict[str, Suggestion]) -> dict[str, dict]:
    """The form as ``kiosk ocr page`` prints it: key -> {value, confidence, flagged, reason}."""
    return {key: suggestion.to_json() for key, suggestion in form.items()}
