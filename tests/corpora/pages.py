"""Complaint pages (民事起诉状), scanned or photographed, with the form fields as truth.

Three layouts: ``classic`` (a heading, then 原告/被告 paragraphs, 诉讼请求 numbered, 事实与理由,
此致 and the signature), ``table`` (the parties in a ruled table, the claims and facts in its
last rows) and ``two_column`` (the parties on the left, the claims and facts on the right).
Red seals (a ring, a five-pointed star, a court's or a company's name round the rim) are
stamped over some lines; addresses wrap; amounts are written in 万元 (12.5万元), in capital
numerals (人民币壹拾贰万伍仟元整) or in digits; the defendant is a person (with an ID number)
or a company (with a unified social credit code whose check character is valid).

Truth (what the filing screens are filled with): ``defendant_kind`` ("person" |
"organisation"), ``defendant_name``, ``defendant_id``, ``defendant_address``,
``defendant_phone``, ``claims`` (each claim as printed, without its number and its closing
；/。), ``amount`` (the sum of the money claims, yuan, two decimals, e.g. "125000.00"),
``facts`` (the 事实与理由 text, one string); also ``layout`` and ``lines`` (every printed
line, in reading order). Imports nothing of ``kiosk``.
"""

from __future__ import annotations

import datetime
import random
import zlib
from collections.abc import Iterator
from decimal import Decimal

import cv2
import numpy as np
from PIL import Image, ImageDraw
from stdnum.cn import uscc

from tests.corpora import cards, photo

LAYOUTS = ("classic", "table", "two_column")
DIFFICULTIES = ("clean", "photo")
FORM_KEYS = ("defendant_kind", "defendant_name", "defendant_id", "defendant_address", "defendant_phone",
             "claims", "amount", "facts")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
COMPANY_WORDS = ["鑫源", "恒通", "华盛", "宏达", "金穗", "瑞丰", "博远", "康泰", "永信", "汇金", "德润", "中联", "天成"]
TRADES = ["建材贸易", "电子科技", "物流", "餐饮管理", "房地产开发", "机械设备", "服装", "农业发展", "装饰工程", "网络科技"]


# -- amounts -------------------------------------------------------------------------------

def _group(g: int) -> str:
    out, zero = "", False
    for i, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        d = g // 10 ** i % 10
        if d == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + unit
    return out


def capital(amount: Decimal) -> str:
    """人民币 capital numerals: 125000 -> 壹拾贰万伍仟元整, 100500.5 -> 壹拾万零伍佰元伍角."""
    cents = int((amount * 100).to_integral_value())
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    out, pending = "", False
    for value, unit in ((yuan // 10 ** 8, "亿"), (yuan // 10 ** 4 % 10 ** 4, "万"), (yuan % 10 ** 4, "")):
        if value == 0:
            pending = pending or bool(out)
            continue
        if out and (pending or value < 1000):
            out += "零"
        out += _group(value) + unit
        pending = False
    out = (out or "零") + "元"
    if not jiao and not fen:
        return out + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    if fen:
        out += ("零" if not jiao else "") + _DIGITS[fen] + "分"
    return out


def written(amount: Decimal, style: str) -> str:
    """An amount as a complaint writes it."""
    if style == "wan":
        return f"{(amount / 10000).normalize():f}万元"
    if style == "capital":
        return "人民币" + capital(amount)
    if style == "both":
        return f"人民币{amount:.0f}元（大写：{capital(amount)}）"
    if style == "comma":
        return f"{amount:,.2f}元"
    return f"{amount:.2f}元" if amount % 1 else f"{amount:.0f}元"


# -- the parties ---------------------------------------------------------------------------

def phone(rng: random.Random) -> str:
    if rng.random() < 0.75:
        return "1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9))
    area = rng.choice(["010", "021", "025", "0571", "027", "0755", "028", "0531"])
    return f"{area}-{rng.randint(2, 8)}{rng.randint(0, 9999999):07d}"


def credit_code(rng: random.Random, area: str) -> str:
    """A unified social credit code: 9 1 (an enterprise), the area, a GB 11714 organisation
    code with its own check character, and the code's check character (stdnum)."""
    base = "".join(rng.choice(_USCC_ALPHABET[:10 if rng.random() < 0.8 else 31]) for _ in range(8))
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in base]
    check = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    org = base + {10: "X", 11: "0"}.get(check, str(check))
    body = "91" + area + org
    return body + uscc.calc_check_digit(body)


def _person_line(role: str, p: dict, tel: str) -> str:
    born = datetime.date.fromisoformat(p["birth"])
    return (f"{role}：{p['name']}，{p['sex']}，{born.year}年{born.month}月{born.day}日出生，{p['nation']}族，"
            f"住{p['address']}，公民身份号码：{p['id_number']}，联系电话：{tel}。")


def _company(rng: random.Random, place: str) -> str:
    return f"{place}{rng.choice(COMPANY_WORDS)}{rng.choice(TRADES)}有限公司"


def page_truth(seed: int, layout: str | None = None) -> dict:
    """The contents of a seed's complaint (no image)."""
    rng = random.Random(f"page:{seed}")
    layout = layout or LAYOUTS[seed % len(LAYOUTS)]
    plaintiff = cards.person(10_000 + seed * 7)
    defendant = cards.person(20_000 + seed * 11)
    plaintiff_tel, defendant_tel = phone(rng), phone(rng)
    court_place = defendant["address"][: defendant["address"].find("区") + 1] if "区" in defendant["address"][:12] \
        else defendant["address"][:6]
    court = f"{court_place}人民法院"
    if rng.random() < 0.5:
        kind = "person"
        d_name, d_id, d_address = defendant["name"], defendant["id_number"], defendant["address"]
        d_line = _person_line("被告", defendant, defendant_tel)
        d_rows = [("被告", d_name), ("性别", defendant["sex"]), ("出生日期", defendant["birth"]),
                  ("民族", defendant["nation"] + "族"), ("住址", d_address), ("公民身份号码", d_id),
                  ("联系电话", defendant_tel)]
    else:
        kind = "organisation"
        d_name = _company(rng, defendant["address"][:2])
        d_id = credit_code(rng, defendant["id_number"][:6])
        d_address = defendant["address"]
        d_line = (f"被告：{d_name}，住所地：{d_address}，统一社会信用代码：{d_id}。"
                  f"法定代表人：{defendant['name']}，职务：{rng.choice(['总经理', '执行董事', '董事长'])}，"
                  f"联系电话：{defendant_tel}。")
        d_rows = [("被告名称", d_name), ("住所地", d_address), ("统一社会信用代码", d_id),
                  ("法定代表人", defendant["name"]), ("联系电话", defendant_tel)]
    style = rng.choice(["wan", "capital", "digits", "both", "comma"])
    principal = Decimal(rng.randint(3, 900) * 500) if style == "wan" else Decimal(rng.randint(2000, 900000))
    if style in ("digits", "comma") and rng.random() < 0.3:
        principal += Decimal(rng.randint(1, 99)) / 100
    lent = datetime.date(rng.randint(2018, 2023), rng.randint(1, 12), rng.randint(1, 28))
    due = lent + datetime.timedelta(days=rng.choice([90, 180, 365]))
    if kind == "person":
        claims = [f"判令被告偿还原告借款本金{written(principal, style)}"]
        facts = (f"原告与被告系{rng.choice(['朋友', '同事', '邻居'])}关系。{lent.year}年{lent.month}月{lent.day}日，"
                 f"被告因{rng.choice(['资金周转', '装修房屋', '经营需要'])}向原告借款{written(principal, style)}，"
                 f"约定于{due.year}年{due.month}月{due.day}日前归还，原告当日通过银行转账将借款交付被告。"
                 f"借款到期后，经原告多次催要，被告至今未还。为维护原告的合法权益，特诉至贵院，望判如所请。")
    else:
        claims = [f"判令被告支付原告货款{written(principal, style)}"]
        facts = (f"原告与被告于{lent.year}年{lent.month}月{lent.day}日签订《{rng.choice(['钢材', '电缆', '办公家具', '水泥'])}"
                 f"购销合同》，约定原告向被告供货，被告于收货后{rng.choice([30, 60, 90])}日内付清货款。原告依约交付"
                 f"全部货物，被告尚欠货款{written(principal, style)}未付，经原告多次催告仍未支付。"
                 f"为此，原告诉至贵院，请求依法判决。")
    amount = principal
    if rng.random() < 0.5:
        extra = Decimal(rng.randint(500, 30000))
        amount += extra
        claims.append(f"判令被告支付原告{rng.choice(['逾期利息', '违约金'])}{extra:.0f}元")
    if rng.random() < 0.4:
        claims.append("判令被告承担原告为实现债权支出的律师费")
    claims.append("本案诉讼费用由被告承担")
    return {
        "layout": layout,
        "defendant_kind": kind,
        "defendant_name": d_name,
        "defendant_id": d_id,
        "defendant_address": d_address,
        "defendant_phone": defendant_tel,
        "claims": claims,
        "amount": f"{amount:.2f}",
        "facts": facts,
        "_plaintiff_line": _person_line("原告", plaintiff, plaintiff_tel),
        "_plaintiff": plaintiff,
        "_plaintiff_tel": plaintiff_tel,
        "_defendant_rows": d_rows,
        "_defendant_line": d_line,
        "_court": court,
        "_signed": datetime.date(rng.randint(2024, 2025), rng.randint(1, 12), rng.randint(1, 28)),
        "_seal": rng.choice([court, _company(rng, plaintiff["address"][:2])]),
    }


# -- typesetting ---------------------------------------------------------------------------

class _Sheet:
    def __init__(self, ppm: float, family: str, size_mm: float, rng: random.Random):
        self.ppm = ppm
        self.w, self.h = int(210 * ppm), int(297 * ppm)
        self.img = Image.new("RGB", (self.w, self.h), (252, 251, 247))
        self.draw = ImageDraw.Draw(self.img)
        self.family = family
        self.size = size_mm
        self.lead = rng.uniform(1.55, 1.9)
        self.lines: list[str] = []

    def font(self, size_mm: float | None = None):
        return photo.font(self.family, int(round((size_mm or self.size) * self.ppm)))

    def wrap(self, text: str, width_px: float, indent_px: float = 0.0, size_mm: float | None = None) -> list[str]:
        f = self.font(size_mm)
        lines, cur, room = [], "", width_px - indent_px
        for ch in text:
            if cur and f.getlength(cur + ch) > room:
                if ch in "，。；：、）":  # no line starts with closing punctuation: keep it on this line
                    cur += ch
                    continue
                lines.append(cur)
                cur, room = "", width_px
            cur += ch
        return lines + [cur] if cur else lines

    def paragraph(self, text: str, x: float, y: float, width: float, indent_chars: int = 2,
                  size_mm: float | None = None) -> float:
        """Draws a wrapped paragraph (pixels); returns the y below it."""
        f = self.font(size_mm)
        em = f.getlength("中")
        step = em * self.lead
        for i, line in enumerate(self.wrap(text, width, em * indent_chars, size_mm)):
            self.draw.text((x + (em * indent_chars if i == 0 else 0), y), line, font=f, fill=(15, 15, 15))
            self.lines.append(line)
            y += step
        return y

    def centred(self, text: str, y: float, size_mm: float, spacing: float = 0.0, x0: float = 0, x1: float | None = None
                ) -> float:
        f = self.font(size_mm)
        x1 = self.w if x1 is None else x1
        width = f.getlength(text) + spacing * (len(text) - 1)
        x = (x0 + x1 - width) / 2
        for ch in text:
            self.draw.text((x, y), ch, font=f, fill=(10, 10, 10))
            x += f.getlength(ch) + spacing
        self.lines.append(text)
        return y + f.getlength("中") * 1.9

    def right(self, text: str, x_right: float, y: float) -> float:
        f = self.font()
        self.draw.text((x_right - f.getlength(text), y), text, font=f, fill=(15, 15, 15))
        self.lines.append(text)
        return y + f.getlength("中") * self.lead


def _numbered(claims: list[str]) -> list[str]:
    return [f"{i}.{c}{'。' if i == len(claims) else '；'}" for i, c in enumerate(claims, 1)]


def _closing(s: _Sheet, t: dict, x: float, y: float, width: float) -> float:
    y = s.paragraph("此致", x, y, width)
    y = s.paragraph(t["_court"], x, y, width, indent_chars=0)
    y += s.size * s.ppm
    right = x + width
    y = s.right(f"具状人：{t['_plaintiff']['name']}", right, y)
    d = t["_signed"]
    return s.right(f"{d.year}年{d.month}月{d.day}日", right, y)


def _classic(s: _Sheet, t: dict, r: random.Random) -> list[tuple[float, float]]:
    m = r.uniform(22, 30) * s.ppm
    width = s.w - 2 * m
    y = s.centred("民事起诉状", r.uniform(18, 26) * s.ppm, s.size * r.uniform(1.6, 2.0), spacing=s.size * s.ppm * 0.6)
    y = s.paragraph(t["_plaintiff_line"], m, y, width)
    anchors = [(m + width * 0.6, y)]
    y = s.paragraph(t["_defendant_line"], m, y, width)
    y = s.paragraph("诉讼请求：", m, y, width)
    for claim in _numbered(t["claims"]):
        y = s.paragraph(claim, m, y, width)
    anchors.append((m + width * 0.3, y))
    y = s.paragraph("事实与理由：", m, y, width)
    y = s.paragraph(t["facts"], m, y, width)
    y = _closing(s, t, m, y, width)
    return anchors + [(m + width * 0.85, y - 1.5 * s.size * s.ppm)]


def _table(s: _Sheet, t: dict, r: random.Random) -> list[tuple[float, float]]:
    m = r.uniform(18, 25) * s.ppm
    width = s.w - 2 * m
    y = s.centred("民事起诉状", r.uniform(15, 22) * s.ppm, s.size * r.uniform(1.6, 2.0), spacing=s.size * s.ppm * 0.5)
    p = t["_plaintiff"]
    rows = [("原告", p["name"]), ("性别", p["sex"]), ("出生日期", p["birth"]), ("住址", p["address"]),
            ("公民身份号码", p["id_number"]), ("联系电话", t["_plaintiff_tel"])]
    rows += t["_defendant_rows"]
    rows += [("诉讼请求", "".join(_numbered(t["claims"]))), ("事实与理由", t["facts"])]
    f = s.font()
    em = f.getlength("中")
    label_w = max(f.getlength(label) for label, _ in rows) + em * r.uniform(0.8, 1.6)
    pad = em * 0.4
    step = em * s.lead
    top = y
    anchors = []
    ink = (40, 40, 40)
    for label, value in rows:
        lines = s.wrap(value, width - label_w - 2 * pad)
        h = max(1, len(lines)) * step + pad
        s.draw.text((m + pad, y + pad), label, font=f, fill=(15, 15, 15))
        s.lines.append(label)
        for i, line in enumerate(lines):
            s.draw.text((m + label_w + pad, y + pad + i * step), line, font=f, fill=(15, 15, 15))
            s.lines.append(line)
        s.draw.line([(m, y), (m + width, y)], fill=ink, width=max(1, int(s.ppm * 0.25)))
        if label in ("住所地", "住址"):
            anchors.append((m + label_w + width * 0.3, y + h / 2))
        y += h
    s.draw.line([(m, y), (m + width, y)], fill=ink, width=max(1, int(s.ppm * 0.25)))
    for x in (m, m + label_w, m + width):
        s.draw.line([(x, top), (x, y)], fill=ink, width=max(1, int(s.ppm * 0.25)))
    y = _closing(s, t, m, y + em, width)
    return anchors + [(m + width * 0.85, y - 1.5 * s.size * s.ppm)]


def _two_column(s: _Sheet, t: dict, r: random.Random) -> list[tuple[float, float]]:
    m = r.uniform(15, 20) * s.ppm
    gutter = r.uniform(8, 12) * s.ppm
    col = (s.w - 2 * m - gutter) / 2
    y0 = s.centred("民事起诉状", r.uniform(15, 22) * s.ppm, s.size * r.uniform(1.6, 2.0), spacing=s.size * s.ppm * 0.5)
    y = s.paragraph("当事人", m, y0, col, indent_chars=0)
    y = s.paragraph(t["_plaintiff_line"], m, y, col)
    y = s.paragraph(t["_defendant_line"], m, y, col)
    left_end = y
    x2 = m + col + gutter
    y = s.paragraph("诉讼请求：", x2, y0, col, indent_chars=0)
    for claim in _numbered(t["claims"]):
        y = s.paragraph(claim, x2, y, col)
    y = s.paragraph("事实与理由：", x2, y, col, indent_chars=0)
    y = s.paragraph(t["facts"], x2, y, col)
    s.draw.line([(m + col + gutter / 2, y0), (m + col + gutter / 2, max(y, left_end))], fill=(120, 120, 120), width=1)
    y = _closing(s, t, m, max(y, left_end) + s.size * s.ppm, s.w - 2 * m)
    return [(m + col * 0.5, left_end - 3 * s.size * s.ppm), (m + (s.w - 2 * m) * 0.85, y - 1.5 * s.size * s.ppm)]


def seal(sheet: Image.Image, centre: tuple[float, float], radius: float, text: str, rng: random.Random) -> None:
    """A red seal multiplied over the page: a ring, a star, ``text`` round the upper rim."""
    size = int(radius * 2.2)
    layer = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(layer)
    c = size / 2
    ring = max(2, int(radius * 0.06))
    d.ellipse([c - radius, c - radius, c + radius, c + radius], outline=255, width=ring)
    pts = []
    for i in range(10):
        a = -np.pi / 2 + i * np.pi / 5
        rr = radius * (0.28 if i % 2 == 0 else 0.11)
        pts.append((c + rr * np.cos(a), c + rr * np.sin(a)))
    d.polygon(pts, fill=255)
    family = rng.choice(photo.installed_families())
    f = photo.font(family, int(radius * 0.24))
    span = np.deg2rad(min(250, 22 * len(text)))
    for i, ch in enumerate(text):
        a = -np.pi / 2 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("L", (int(radius * 0.3), int(radius * 0.3)), 0)
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-np.degrees(a) - 90, resample=Image.BICUBIC)
        gx = c + radius * 0.74 * np.cos(a) - glyph.width / 2
        gy = c + radius * 0.74 * np.sin(a) - glyph.height / 2
        layer.paste(255, (int(gx), int(gy)), glyph)
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    alpha = np.asarray(layer, np.float32) / 255 * rng.uniform(0.55, 0.9)
    alpha *= 0.75 + 0.25 * np.random.default_rng(rng.randint(0, 2 ** 31)).random(alpha.shape)  # uneven ink
    page = np.asarray(sheet, np.float32)
    x0, y0 = int(centre[0] - c), int(centre[1] - c)
    x1, y1 = min(page.shape[1], x0 + size), min(page.shape[0], y0 + size)
    ax0, ay0 = max(0, -x0), max(0, -y0)
    x0, y0 = max(0, x0), max(0, y0)
    region = page[y0:y1, x0:x1]
    a = alpha[ay0:ay0 + region.shape[0], ax0:ax0 + region.shape[1], None]
    red = np.array([215, 35, 40], np.float32)
    page[y0:y1, x0:x1] = region * (1 - a) + np.minimum(region, red) * a
    sheet.paste(Image.fromarray(np.clip(page, 0, 255).astype(np.uint8)))


def _rngs(seed: int, layout: str, difficulty: str) -> tuple[np.random.Generator, random.Random]:
    key = zlib.crc32(f"{seed}:{layout}:{difficulty}".encode())
    return np.random.default_rng([seed & 0xFFFFFFFF, key]), random.Random(key * 7_919 + seed)


def render_page(truth: dict, seed: int) -> np.ndarray:
    """The flat page (BGR) of a truth; fills ``truth["lines"]``."""
    _, r = _rngs(seed, truth["layout"], "render")
    text = "".join(str(v) for v in truth.values() if isinstance(v, str)) + "".join(truth["claims"])
    families = [f for f in photo.installed_families() if photo.renders(f, text)] or photo.installed_families()
    sheet = _Sheet(r.uniform(5.0, 7.0), r.choice(families), r.uniform(3.6, 4.2), r)
    anchors = {"classic": _classic, "table": _table, "two_column": _two_column}[truth["layout"]](sheet, truth, r)
    radius = r.uniform(17, 21) * sheet.ppm
    seal(sheet.img, anchors[-1], radius, truth["_seal"], r)
    if r.random() < 0.6:
        seal(sheet.img, r.choice(anchors[:-1]), radius, truth["_seal"], r)
    truth["lines"] = sheet.lines
    return cv2.cvtColor(np.asarray(sheet.img), cv2.COLOR_RGB2BGR)


def make_page(seed: int, *, layout: str | None = None, difficulty: str = "clean") -> tuple[np.ndarray, dict]:
    """A complaint page (BGR) and its truth. ``clean``: a flat scan; ``photo``: the paper on a
    desk, rotated up to ±4°, slight perspective, uneven light, a little blur, JPEG 60-92."""
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be one of {DIFFICULTIES}")
    truth = page_truth(seed, layout)
    flat = render_page(truth, seed)
    rng, r = _rngs(seed, truth["layout"], difficulty)
    out_truth = {k: v for k, v in truth.items() if not k.startswith("_")}
    if difficulty == "clean":
        img = photo.noise(flat, rng, 1.0)
        return photo.jpeg(img, 92), out_truth
    h, w = flat.shape[:2]
    pw, ph = int(w * r.uniform(1.12, 1.3)), int(h * r.uniform(1.08, 1.2))
    rel = photo.rotated_corners(w, h, r.uniform(-4, 4), r.uniform(0, 0.02), rng)
    span = rel.max(axis=0) - rel.min(axis=0)
    shrink = min(1.0, 0.97 * pw / span[0], 0.97 * ph / span[1])
    rel *= shrink
    corners = rel - rel.min(axis=0) + rng.uniform(0.2, 0.8, 2) * (np.array([pw, ph]) - span * shrink)
    bg = photo.BACKGROUNDS[r.choice(["wood", "cloth"])](rng, ph, pw)
    bg = photo.drop_shadow(bg, corners, rng)
    img, _ = photo.place(flat, bg, corners)
    img = photo.lighting(img, rng, r.uniform(0.1, 0.35))
    img = photo.blur(img, rng, r.uniform(0.0, 0.6))
    img = photo.noise(img, rng, r.uniform(1.0, 3.0))
    return photo.jpeg(img, r.randint(60, 92)), out_truth


def page_set(n: int, seed: int = 0, *, layout: str | None = None, difficulty: str = "clean"
             ) -> Iterator[tuple[np.ndarray, dict]]:
    """``n`` pages, seeds ``seed .. seed + n - 1`` (layouts in turn unless ``layout`` is given)."""
    for i in range(n):
        yield make_page(seed + i, layout=layout, difficulty=difficulty)
