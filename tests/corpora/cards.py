"""Resident ID card photos (居民身份证, front and back) with their ground truth.

Drawn from a reading of the real card, not from the reader's geometry: 85.6 × 54 mm; on the
front, small blue labels 姓名 性别 民族 出生 住址 公民身份号码 with larger black values, the
birth date as "1990 年 3 月 7 日" with 年月日 in the label style, the address wrapped over up
to three lines, the number in a monospaced face at the bottom, the photo on the right; on the
back the national emblem top left, 中华人民共和国 and 居民身份证 spaced out beside it, and
签发机关 / 有效期限 at the bottom. Every card varies its margins, row pitch, type sizes and
fonts (so no fixed geometry fits them all).

``make_card(seed, side=..., difficulty=...)`` -> (BGR image, truth). The truth of a seed is
the same person on both sides. Imports nothing of ``kiosk``.
"""

from __future__ import annotations

import datetime
import functools
import random
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw
from stdnum.cn import ric

from tests.corpora import photo

CARD_MM = (85.6, 54.0)
SIDES = ("front", "back")
DIFFICULTIES = ("clean", "desk", "hard")
FRONT_KEYS = ("name", "sex", "nation", "birth", "address", "id_number")
BACK_KEYS = ("issuer", "valid_from", "valid_to")

NATIONS = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 "
           "水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
           "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢傅钟")
RARE_SURNAMES = list("禤亓訾冼逯郗眭隗仉鞠覃阚芮邝蒯佘")
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "尉迟", "令狐", "公孙"]
GIVEN = list("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红辉鹏飞宇浩然子涵梓轩欣怡博文思雨晨嘉俊婷琳瑶睿"
             "建国志海波斌峰兰凤霖晓东春燕雪梅丹宁鑫昊天佳琪")
RARE_GIVEN = list("喆堃淼犇垚翀璟珺彧昶琰婧赟玥筠骞蕤祎曦瑾铭昕钰")
PLACE_CHARS = list("东西南北中新华民建和平安兴盛文化光明幸福解放人民长江黄河青山绿水红旗胜利团结友谊朝阳龙凤金银玉泉"
                   "桥湖滨海丰乐康宁永泰德顺富强花园")
ROAD_KINDS = ["路", "大街", "街", "巷", "大道", "中路", "东路", "北路"]

LABEL_BLUE = (170, 110, 55)  # BGR-ish in the PIL RGB order below: see _rgb
INK = (20, 20, 24)


def _rgb(bgr: tuple[int, int, int]) -> tuple[int, int, int]:
    return bgr[2], bgr[1], bgr[0]


# -- places from stdnum's table of administrative division codes ---------------------------

@functools.cache
def places() -> list[tuple[str, str, str, str, int]]:
    """(6-digit code, province, city or "", county, since) for every county-level division that
    exists today under its one name (valid for a birth in or after ``since``)."""
    import stdnum

    text = (Path(stdnum.__file__).parent / "cn" / "loc.dat").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    province: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, rest = line.strip().partition(" ")
        value = rest.split("=", 1)[1].strip('"') if "=" in rest else ""
        if not line.startswith(" "):
            current = code
            province[code] = value
        else:
            names[current + code] = value
    out = []
    bad_city = ("市辖区", "县", "省直辖", "自治区直辖", "直辖")
    for code, raw in names.items():
        since, county = _open_ended(raw)
        if code.endswith("00") or county in ("市辖区", "县", "") or since > 2010:
            continue
        prov = province.get(code[:2], "")
        if not prov or "[" in prov:
            continue
        city = _open_ended(names.get(code[:4] + "00", ""))[1]
        if any(city.startswith(b) for b in bad_city) or city == prov:
            city = ""
        if not city and code[:2] not in ("11", "12", "31", "50"):
            continue  # a county directly under a province: fine in life, odd on a test card
        out.append((code, prov, city, county, since))
    return sorted(out)


def _open_ended(value: str) -> tuple[int, str]:
    """(since, name) of a table entry "name" or "[1983-]name"; (9999, "") for anything else
    (renamed, abolished, several names)."""
    if "," in value:
        return 9999, ""
    m = re.fullmatch(r"(?:\[(\d{4})?-\])?([^\[\]]+)", value)
    if not m:
        return 9999, ""
    return int(m.group(1) or 0), m.group(2)


# -- the person ----------------------------------------------------------------------------

def _add_years(d: datetime.date, years: int) -> datetime.date:
    return d.replace(year=d.year + years)


def id_number(area: str, born: datetime.date, seq: int, male: bool) -> str:
    """An 18-digit number: area, birth date, a 3-digit sequence (odd for men), check digit."""
    seq = seq - seq % 2 + (1 if male else 0)
    body = f"{area}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum takes the number with a check slot


def _place_word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(PLACE_CHARS) for _ in range(n))


def _street(rng: random.Random) -> str:
    if rng.random() < 0.3:  # the countryside
        town = _place_word(rng) + rng.choice(["镇", "乡"])
        return f"{town}{_place_word(rng)}村{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
    town = _place_word(rng) + "街道" if rng.random() < 0.5 else ""
    road = _place_word(rng, rng.choice([2, 2, 3])) + rng.choice(ROAD_KINDS)
    out = f"{town}{road}{rng.randint(1, 999)}号"
    if rng.random() < 0.6:
        out += f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 33)}0{rng.randint(1, 6)}室"
    elif rng.random() < 0.5:
        out += f"{_place_word(rng)}小区{rng.randint(1, 40)}幢{rng.randint(101, 2806)}室"
    return out


def name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.12:
        surname = rng.choice(COMPOUND_SURNAMES)
    elif r < 0.25:
        surname = rng.choice(RARE_SURNAMES)
    else:
        surname = rng.choice(SURNAMES)
    pool = GIVEN + RARE_GIVEN * 2 if rng.random() < 0.4 else GIVEN
    given_len = rng.choice([1, 2, 2, 2]) if len(surname) == 2 else rng.choice([1, 2, 2, 2, 2, 3])
    return surname + "".join(rng.choice(pool) for _ in range(given_len))


def person(seed: int) -> dict:
    """Everything printed on both sides of a seed's card (and a few facts behind them)."""
    rng = random.Random(f"person:{seed}")
    code, prov, city, county, since = rng.choice(places())
    male = rng.random() < 0.5
    born = datetime.date(rng.randint(max(1940, since), 2012), rng.randint(1, 12), rng.randint(1, 28))
    first = max(born.year + 1, 2004)
    issued = datetime.date(rng.randint(first, 2024), rng.randint(1, 12), rng.randint(1, 28))
    age = issued.year - born.year - ((issued.month, issued.day) < (born.month, born.day))
    years = 5 if age < 16 else 10 if age <= 25 else 20 if age <= 45 else None
    valid_to = _add_years(issued, years).isoformat() if years else "长期"
    nation = rng.choice(NATIONS) if rng.random() < 0.55 else "汉"
    if county.endswith("区") and city:
        issuer = f"{city}公安局{county[:-1]}分局"
    elif county.endswith("区"):  # the municipalities: 北京市公安局朝阳分局
        issuer = f"{prov}公安局{county[:-1]}分局"
    else:
        issuer = f"{county}公安局"
    return {
        "name": name(rng),
        "sex": "男" if male else "女",
        "nation": nation,
        "birth": born.isoformat(),
        "address": prov + city + county + _street(rng),
        "id_number": id_number(code, born, rng.randint(0, 999), male),
        "issuer": issuer,
        "valid_from": issued.isoformat(),
        "valid_to": valid_to,
    }


# -- drawing the card ----------------------------------------------------------------------

class _Pen:
    """Draws on a card in millimetres."""

    def __init__(self, ppm: float, img: Image.Image):
        self.ppm = ppm
        self.img = img
        self.draw = ImageDraw.Draw(img)

    def px(self, mm: float) -> int:
        return int(round(mm * self.ppm))

    def font(self, family: str, size_mm: float):
        return photo.font(family, self.px(size_mm))

    def text(self, x_mm: float, baseline_mm: float, text: str, family: str, size_mm: float, colour,
             spacing_mm: float = 0.0) -> float:
        """Draws ``text`` with its left on x and its baseline at y; returns the x after it (mm)."""
        f = self.font(family, size_mm)
        x = x_mm * self.ppm
        y = baseline_mm * self.ppm
        if spacing_mm <= 0:
            self.draw.text((x, y), text, font=f, fill=_rgb(colour), anchor="ls")
            return (x + f.getlength(text)) / self.ppm
        for ch in text:
            self.draw.text((x, y), ch, font=f, fill=_rgb(colour), anchor="ls")
            x += f.getlength(ch) + spacing_mm * self.ppm
        return x / self.ppm - spacing_mm

    def width(self, text: str, family: str, size_mm: float) -> float:
        return self.font(family, size_mm).getlength(text) / self.ppm


def _guilloche(img: np.ndarray, rng: np.random.Generator, ppm: float, tint) -> None:
    """The security print: fine wavy lines and a faint rosette."""
    h, w = img.shape[:2]
    for _ in range(int(rng.integers(10, 22))):
        y0 = rng.uniform(0, h)
        amp, period, phase = rng.uniform(1, 4) * ppm, rng.uniform(10, 30) * ppm, rng.uniform(0, 6.3)
        xs = np.arange(0, w, 2, dtype=np.float32)
        ys = y0 + amp * np.sin(xs / period * 2 * np.pi + phase)
        pts = np.stack([xs, ys], axis=1).astype(np.int32)
        colour = tuple(int(c) for c in np.clip(np.array(tint) + rng.integers(-15, 15, 3), 0, 255))
        cv2.polylines(img, [pts], False, colour, 1, cv2.LINE_AA)
    cx, cy = rng.uniform(0.3, 0.6) * w, rng.uniform(0.3, 0.7) * h
    for r in range(int(4 * ppm), int(22 * ppm), max(2, int(1.6 * ppm))):
        cv2.circle(img, (int(cx), int(cy)), r, tuple(int(c) for c in tint), 1, cv2.LINE_AA)


def _blank(ppm: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    w, h = int(round(CARD_MM[0] * ppm)), int(round(CARD_MM[1] * ppm))
    base = np.array([rng.uniform(225, 245), rng.uniform(230, 245), rng.uniform(228, 242)], np.float32)
    img = np.empty((h, w, 3), np.uint8)
    img[:] = base.astype(np.uint8)
    img = np.clip(img.astype(np.float32) + rng.normal(0, 1.2, (h, w, 1)), 0, 255).astype(np.uint8)
    _guilloche(img, rng, ppm, (225, 205, 185) if rng.random() < 0.6 else (205, 195, 225))
    mask = np.zeros((h, w), np.uint8)
    r = int(round(rng.uniform(2.5, 3.5) * ppm))
    cv2.rectangle(mask, (r, 0), (w - 1 - r, h - 1), 255, -1)
    cv2.rectangle(mask, (0, r), (w - 1, h - 1 - r), 255, -1)
    for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
        cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return img, mask


def _portrait(img: np.ndarray, rng: np.random.Generator, box: tuple[int, int, int, int]) -> None:
    x, y, w, h = box
    cv2.rectangle(img, (x, y), (x + w, y + h), tuple(int(c) for c in rng.integers(200, 250, 3)), -1)
    tone = tuple(int(c) for c in rng.integers(40, 110, 3))
    cv2.ellipse(img, (x + w // 2, y + int(h * 0.42)), (int(w * 0.22), int(h * 0.27)), 0, 0, 360, tone, -1,
                cv2.LINE_AA)
    shoulders = np.array([[x + int(w * 0.08), y + h], [x + int(w * 0.25), y + int(h * 0.74)],
                          [x + int(w * 0.75), y + int(h * 0.74)], [x + int(w * 0.92), y + h]], np.int32)
    cv2.fillConvexPoly(img, shoulders, tone, cv2.LINE_AA)


def _fonts_for(rng: random.Random, text: str) -> tuple[str, str]:
    """(label family, value family): the value family renders every character of ``text``."""
    families = photo.installed_families()
    if not families:
        raise LookupError("no CJK font installed (fonts-noto-cjk, fonts-wqy-zenhei, fonts-arphic-*)")
    usable = [f for f in families if photo.renders(f, text)] or families
    return rng.choice(families), rng.choice(usable)


def _wrap(pen: _Pen, text: str, family: str, size: float, width: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and pen.width(cur + ch, family, size) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur] if cur else lines


def render_front(p: dict, ppm: float, rng: np.random.Generator, r: random.Random) -> tuple[np.ndarray, np.ndarray]:
    img, mask = _blank(ppm, rng)
    u = r.uniform
    photo_x, photo_y = u(54.0, 58.5), u(5.5, 9.5)
    photo_w, photo_h = u(22.0, 26.0), u(27.0, 32.0)
    _portrait(img, rng, (int(photo_x * ppm), int(photo_y * ppm), int(photo_w * ppm), int(photo_h * ppm)))
    pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    pen = _Pen(ppm, pil)
    label_family, value_family = _fonts_for(r, p["name"] + p["address"] + p["nation"])
    ls, vs = u(2.2, 2.8), u(3.0, 3.7)
    lx = u(5.0, 8.0)
    vx = lx + pen.width("姓名", label_family, ls) + u(2.5, 5.0)
    pitch = u(5.8, 7.0)
    y = u(9.0, 11.5)  # the name row's baseline
    pen.text(lx, y, "姓名", label_family, ls, LABEL_BLUE)
    pen.text(vx, y, p["name"], value_family, vs * u(1.0, 1.15), INK)
    y += pitch
    pen.text(lx, y, "性别", label_family, ls, LABEL_BLUE)
    pen.text(vx, y, p["sex"], value_family, vs, INK)
    nx = max(u(26.0, 33.0), vx + pen.width("男", value_family, vs) + 5)
    after = pen.text(nx, y, "民族", label_family, ls, LABEL_BLUE) + u(2.0, 4.0)
    pen.text(after, y, p["nation"], value_family, vs, INK)
    y += pitch
    pen.text(lx, y, "出生", label_family, ls, LABEL_BLUE)
    born = datetime.date.fromisoformat(p["birth"])
    x = vx
    gap = u(0.8, 1.8)
    for number, unit in ((str(born.year), "年"), (str(born.month), "月"), (str(born.day), "日")):
        x = pen.text(x, y, number, value_family, vs, INK) + gap
        x = pen.text(x, y, unit, label_family, ls, LABEL_BLUE) + gap * 1.6
    y += pitch
    number_y = u(45.5, 49.0)
    pen.text(lx, y, "住址", label_family, ls, LABEL_BLUE)
    size = vs
    lead = u(1.3, 1.55)
    while True:
        lines = _wrap(pen, p["address"], value_family, size, photo_x - vx - u(0.8, 2.0))
        if len(lines) <= 3 and y + (len(lines) - 1) * size * lead < number_y - size * 1.9:
            break
        size *= 0.94
    for i, line in enumerate(lines):
        pen.text(vx, y + i * size * lead, line, value_family, size, INK)
    pen.text(lx, number_y, "公民身份号码", label_family, ls, LABEL_BLUE)
    digit_family = r.choice(photo.digit_families())
    ns = u(3.5, 4.3)
    spacing = u(0.2, 0.7)
    nx = lx + pen.width("公民身份号码", label_family, ls) + u(4.0, 9.0)
    while nx + pen.width(p["id_number"], digit_family, ns) + 17 * spacing > CARD_MM[0] - 3.0:
        ns *= 0.95
        spacing *= 0.8
    pen.text(nx, number_y, p["id_number"], digit_family, ns, INK, spacing_mm=spacing)
    return cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR), mask


def _emblem(img: np.ndarray, cx: int, cy: int, radius: int) -> None:
    """The national emblem, simplified: a red disc in a gold ring, five stars, the gate."""
    red, gold = (30, 30, 200), (40, 190, 235)
    cv2.circle(img, (cx, cy), radius, gold, -1, cv2.LINE_AA)
    cv2.circle(img, (cx, cy), int(radius * 0.86), red, -1, cv2.LINE_AA)
    _star(img, (cx, cy - int(radius * 0.42)), int(radius * 0.22), gold)
    for k, dx in enumerate((-0.5, -0.28, 0.28, 0.5)):
        _star(img, (cx + int(dx * radius), cy - int(radius * (0.48 if k in (1, 2) else 0.3) - radius * 0.1)),
              int(radius * 0.08), gold)
    x0, x1 = cx - int(radius * 0.45), cx + int(radius * 0.45)
    cv2.rectangle(img, (x0, cy + int(radius * 0.05)), (x1, cy + int(radius * 0.45)), gold, -1)
    cv2.rectangle(img, (cx - int(radius * 0.1), cy + int(radius * 0.2)), (cx + int(radius * 0.1), cy + int(radius * 0.45)),
                  red, -1)


def _star(img: np.ndarray, centre: tuple[int, int], r: int, colour) -> None:
    pts = []
    for i in range(10):
        a = -np.pi / 2 + i * np.pi / 5
        rr = r if i % 2 == 0 else r * 0.4
        pts.append((centre[0] + rr * np.cos(a), centre[1] + rr * np.sin(a)))
    cv2.fillPoly(img, [np.array(pts, np.int32)], colour, cv2.LINE_AA)


def render_back(p: dict, ppm: float, rng: np.random.Generator, r: random.Random) -> tuple[np.ndarray, np.ndarray]:
    img, mask = _blank(ppm, rng)
    u = r.uniform
    es = u(15.0, 19.5)
    ex, ey = u(5.0, 8.0), u(4.5, 7.5)
    _emblem(img, int((ex + es / 2) * ppm), int((ey + es / 2) * ppm), int(es / 2 * ppm))
    wall = int(u(26, 32) * ppm)  # a faint Great Wall skyline
    xs = np.arange(0, img.shape[1], 3)
    ys = wall + (np.sin(xs / (9 * ppm)) * 2.5 * ppm + np.sign(np.sin(xs / (1.2 * ppm))) * 0.6 * ppm).astype(int)
    cv2.polylines(img, [np.stack([xs, ys], axis=1).astype(np.int32)], False, (200, 200, 215), max(1, int(ppm * 0.3)),
                  cv2.LINE_AA)
    pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    pen = _Pen(ppm, pil)
    label_family, value_family = _fonts_for(r, p["issuer"] + "中华人民共和国居民身份证长期")
    title_family = r.choice(photo.installed_families())
    tx = ex + es + u(3.0, 6.0)
    title_size, big_size = u(3.6, 4.6), u(5.6, 7.0)
    width = CARD_MM[0] - tx - u(4.0, 8.0)
    spacing = max(0.0, (width - pen.width("中华人民共和国", title_family, title_size)) / 6)
    pen.text(tx, ey + u(5.0, 7.0), "中华人民共和国", title_family, title_size, INK, spacing_mm=spacing)
    spacing = max(0.0, (width - pen.width("居民身份证", title_family, big_size)) / 4)
    pen.text(tx, ey + u(14.0, 17.0), "居民身份证", title_family, big_size, INK, spacing_mm=spacing)
    ls, vs = u(2.3, 2.9), u(2.9, 3.5)
    lx = u(11.0, 18.0)
    y = u(37.5, 41.0)
    vx = lx + pen.width("签发机关", label_family, ls) + u(2.5, 5.0)
    size = vs
    while vx + pen.width(p["issuer"], value_family, size) > CARD_MM[0] - 3.0:
        size *= 0.95
    pen.text(lx, y, "签发机关", label_family, ls, LABEL_BLUE)
    pen.text(vx, y, p["issuer"], value_family, size, INK)
    y += u(6.0, 8.0)
    pen.text(lx, y, "有效期限", label_family, ls, LABEL_BLUE)
    start = p["valid_from"].replace("-", ".")
    end = p["valid_to"].replace("-", ".")
    pen.text(vx, y, f"{start}-{end}", value_family, vs, INK)
    return cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR), mask


# -- the photo -----------------------------------------------------------------------------

def _rngs(seed: int, side: str, difficulty: str) -> tuple[np.random.Generator, random.Random]:
    key = zlib.crc32(f"{seed}:{side}:{difficulty}".encode())
    return np.random.default_rng([seed & 0xFFFFFFFF, key]), random.Random(key * 1_000_003 + seed)


def render_card(seed: int, *, side: str = "front", ppm: float = 10.0) -> tuple[np.ndarray, np.ndarray, dict]:
    """The flat card (BGR), its shape mask (rounded corners) and its truth, at ``ppm`` px/mm."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}")
    p = person(seed)
    rng, r = _rngs(seed, side, "render")
    card, mask = (render_front if side == "front" else render_back)(p, ppm, rng, r)
    keys = FRONT_KEYS if side == "front" else BACK_KEYS
    return card, mask, {k: p[k] for k in keys}


def _thumb(img: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A thumb over the card's left or right edge, covering only its margin."""
    tl, tr, br, bl = corners
    left = rng.random() < 0.5
    a, b = (tl, bl) if left else (tr, br)
    t = rng.uniform(0.45, 0.6)
    edge = a + (b - a) * t
    inward = ((tr + br) / 2 - (tl + bl) / 2) * (1 if left else -1)
    inward /= max(np.linalg.norm(inward), 1e-6)
    card_w = np.linalg.norm(tr - tl)
    centre = edge - inward * card_w * 0.08
    axes = (int(card_w * 0.115), int(card_w * 0.07))
    angle = float(np.degrees(np.arctan2(inward[1], inward[0])))
    skin = tuple(int(c) for c in (rng.uniform(120, 170), rng.uniform(150, 190), rng.uniform(200, 235)))
    out = img.copy()
    cv2.ellipse(out, (int(centre[0]), int(centre[1])), axes, angle, 0, 360, skin, -1, cv2.LINE_AA)
    return cv2.GaussianBlur(out, (0, 0), 1.0)


def make_card(seed: int, *, side: str = "front", difficulty: str = "clean") -> tuple[np.ndarray, dict]:
    """A photo (BGR) of the seed's card and the card's truth.

    ``clean``: the card flat and upright on a plain surface, as a flatbed scan or a document
    camera would take it; ``desk``: on a wooden desk or a cloth, rotated up to ±8°, slight
    perspective, uneven light; ``hard``: any of wood/cloth/dark hand-held backgrounds, any
    scale, rotation up to ±20°, perspective, lighting gradients, glare, blur, noise, moiré
    (a photo of a screen) in a quarter of them, JPEG quality 50-95."""
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be one of {DIFFICULTIES}")
    rng, r = _rngs(seed, side, difficulty)
    if difficulty == "clean":
        ppm = r.uniform(8.0, 13.0)
        card, mask, truth = render_card(seed, side=side, ppm=ppm)
        h, w = card.shape[:2]
        m = int(r.uniform(0.05, 0.15) * w)
        bg = photo.plain(rng, h + 2 * m, w + 2 * m)
        corners = np.array([[m, m], [m + w - 1, m], [m + w - 1, m + h - 1], [m, m + h - 1]], np.float32)
        out, _ = photo.place(card, bg, corners, mask)
        return photo.jpeg(out, 95), truth

    hard = difficulty == "hard"
    sizes = [(1280, 960), (1600, 1200), (1024, 768), (1920, 1080), (960, 1280)] if hard else [(1280, 960), (1600, 1200)]
    pw, ph = sizes[int(rng.integers(len(sizes)))]
    fill = r.uniform(0.4, 0.9) if hard else r.uniform(0.55, 0.85)
    card_px = max(560.0, fill * min(pw, ph * 85.6 / 54))  # values at least ~18 px high
    ppm = max(6.0, card_px / CARD_MM[0])
    card, mask, truth = render_card(seed, side=side, ppm=ppm)
    angle = r.uniform(-20, 20) if hard else r.uniform(-8, 8)
    jitter = r.uniform(0.0, 0.07) if hard else r.uniform(0.0, 0.03)
    rel = photo.rotated_corners(card_px, card_px * 54 / 85.6, angle, jitter, rng)
    span = rel.max(axis=0) - rel.min(axis=0)
    shrink = min(1.0, 0.94 * pw / span[0], 0.94 * ph / span[1])
    rel *= shrink
    span *= shrink
    lo = -rel.min(axis=0)
    room = np.array([pw, ph]) - span
    corners = rel + lo + rng.uniform(0.03, 0.97, 2) * room
    kinds = ["wood", "cloth", "dark"] if hard else ["wood", "cloth"]
    kind = kinds[int(rng.integers(len(kinds)))]
    bg = photo.BACKGROUNDS[kind](rng, ph, pw)
    if kind != "dark":
        bg = photo.drop_shadow(bg, corners, rng)
    out, _ = photo.place(card, bg, corners, mask)
    if kind == "dark":
        out = _thumb(out, corners, rng)
    out = photo.lighting(out, rng, r.uniform(0.2, 0.6) if hard else r.uniform(0.05, 0.25))
    if hard:
        out = photo.glare(out, rng, int(rng.integers(0, 3)), within=corners, peak=r.uniform(50, 110))
        out = photo.blur(out, rng, r.uniform(0.0, 1.2))
        if r.random() < 0.25:
            out = photo.moire(out, rng, r.uniform(0.3, 0.7))
        out = photo.noise(out, rng, r.uniform(1.0, 5.0))
        quality = r.randint(50, 95)
    else:
        out = photo.blur(out, rng, r.uniform(0.0, 0.5))
        out = photo.noise(out, rng, r.uniform(0.5, 2.0))
        quality = r.randint(80, 95)
    return photo.jpeg(out, quality), truth


def card_set(n: int, seed: int = 0, *, side: str = "front", difficulty: str = "clean"
             ) -> Iterator[tuple[np.ndarray, dict]]:
    """``n`` cards, seeds ``seed .. seed + n - 1``."""
    for i in range(n):
        yield make_card(seed + i, side=side, difficulty=difficulty)
