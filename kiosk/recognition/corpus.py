"""Synthetic OCR corpus: resident ID card fronts and A4 complaint pages, with ground truth.

Rendered with Noto Sans CJK (Debian ``fonts-noto-cjk``); optional noise, blur,
rotation and perspective; deterministic for a given seed. The people,
companies and numbers are made up (ID numbers and USCCs carry valid check
characters). Used by the tests and ``benchmarks/bench_ocr.py``.
"""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from stdnum.cn import uscc

from drivers.idcard.base import NATIONS
from kiosk.recognition.idcard_image import CARD_SIZE, LAYOUT, split_address

__all__ = ["Distortion", "cjk_font", "find_cjk_font", "make_card", "make_page", "random_card", "write_corpus"]

_FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
_SC_INDEX = 2  # Simplified Chinese face in the .ttc collection


def find_cjk_font() -> str | None:
    """Path of a Noto Sans CJK font, or None."""
    for path in _FONT_PATHS:
        if Path(path).is_file():
            return path
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if out and "CJK" in out and Path(out).is_file() else None


@lru_cache(maxsize=32)
def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    path = find_cjk_font()
    if path is None:
        raise FileNotFoundError("no Noto Sans CJK font (apt install fonts-noto-cjk)")
    return ImageFont.truetype(path, size, index=_SC_INDEX if path.endswith(".ttc") else 0)


@dataclass(frozen=True)
class Distortion:
    rotation: float = 0.0      # degrees, max absolute
    perspective: float = 0.0   # fraction of the card size each corner may move
    blur: float = 0.0          # Gaussian sigma, px
    noise: float = 0.0         # Gaussian noise sigma, grey levels


CLEAN = Distortion()
MILD = Distortion(rotation=4.0, perspective=0.03, blur=0.6, noise=4.0)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力志永海云峰春晓东林雪梅"
_PLACES = [
    ("210202", "辽宁省大连市中山区", ["人民路", "中山路", "解放街", "友好路"]),
    ("110105", "北京市朝阳区", ["建国路", "朝阳北路", "东三环中路"]),
    ("310104", "上海市徐汇区", ["肇嘉浜路", "天钥桥路"]),
    ("440106", "广东省广州市天河区", ["天河路", "体育西路", "中山大道"]),
    ("330106", "浙江省杭州市西湖区", ["文三路", "教工路", "天目山路"]),
]
_NATION_CODES = ["01"] * 6 + ["03", "02", "05", "06"]


def _id_number(rng: random.Random, area: str, born: date, sex: str) -> str:
    seq = rng.randrange(0, 50) * 2 + (1 if sex == "男" else 0)
    body = f"{area}{born:%Y%m%d}{rng.randrange(10):01d}{seq:02d}"
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))  # ISO 7064 MOD 11-2
    return body + "10X98765432"[total % 11]


def _uscc(rng: random.Random, area: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + area + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def random_card(rng: random.Random) -> dict:
    """Ground truth of a made-up card: name, sex, nation, birth_date, address, id_number."""
    sex = rng.choice("男女")
    area, city, streets = rng.choice(_PLACES)
    born = date(rng.randrange(1950, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
    name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    address = f"{city}{rng.choice(streets)}{rng.randrange(1, 300)}号"
    if rng.random() < 0.5:
        address += f"{rng.randrange(1, 20)}号楼{rng.randrange(1, 30)}{rng.randrange(1, 5):02d}室"
    return {"name": name, "sex": sex, "nation": NATIONS[rng.choice(_NATION_CODES)],
            "birth_date": born.isoformat(), "address": address,
            "id_number": _id_number(rng, area, born, sex)}


def _distort(img: np.ndarray, rng: random.Random, d: Distortion, background: int) -> np.ndarray:
    """Place ``img`` (BGR) on a desk with rotation/perspective, then blur and noise."""
    h, w = img.shape[:2]
    margin = int(0.18 * max(w, h))
    canvas_w, canvas_h = w + 2 * margin, h + 2 * margin
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + margin
    if d.perspective:
        jitter = np.float32([[rng.uniform(-1, 1) * d.perspective * w, rng.uniform(-1, 1) * d.perspective * h]
                             for _ in range(4)])
        dst = dst + jitter
    if d.rotation:
        angle = np.deg2rad(rng.uniform(-d.rotation, d.rotation))
        centre = np.float32([canvas_w / 2, canvas_h / 2])
        rot = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        dst = (dst - centre) @ rot.T + centre
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    desk = np.full((canvas_h, canvas_w, 3), background, np.uint8)
    out = cv2.warpPerspective(img, matrix, (canvas_w, canvas_h), dst=desk, flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_TRANSPARENT)
    if d.blur:
        out = cv2.GaussianBlur(out, (0, 0), d.blur)
    if d.noise:
        nprng = np.random.default_rng(rng.randrange(2**32))
        out = np.clip(out.astype(np.float32) + nprng.normal(0, d.noise, out.shape), 0, 255).astype(np.uint8)
    return out


def _pil_to_bgr(img: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(img.convert("RGB"))[:, :, ::-1])


def render_card(truth: dict) -> np.ndarray:
    """The card front at the canonical size (BGR), undistorted, card only."""
    w, h = CARD_SIZE
    img = Image.new("RGB", (w, h), (236, 240, 246))
    draw = ImageDraw.Draw(img)
    # faint background pattern like the security print
    for y in range(0, h, 24):
        draw.line([(0, y), (w, y + 40)], fill=(226, 232, 242), width=2)
    label_font, value_font = cjk_font(LAYOUT["label_size"]), cjk_font(LAYOUT["value_size"])
    label_colour, value_colour = (70, 110, 170), (20, 20, 20)
    for text, (x, y) in LAYOUT["labels"].items():
        draw.text((x, y), text, font=label_font, fill=label_colour)
    born = date.fromisoformat(truth["birth_date"])
    values = {
        "name": truth["name"], "sex": truth["sex"], "nation": truth["nation"],
        "birth_date": f"{born.year}年{born.month}月{born.day}日",
    }
    for key, text in values.items():
        x1, y1, _x2, _y2 = LAYOUT["fields"][key]
        draw.text((x1 + 8, y1 + 6), text, font=value_font, fill=value_colour)
    for i, part in enumerate(split_address(truth["address"])):
        x1, y1, _x2, _y2 = LAYOUT["fields"][f"address{i + 1}"]
        draw.text((x1 + 8, y1 + 6), part, font=value_font, fill=value_colour)
    x1, y1, _x2, _y2 = LAYOUT["fields"]["id_number"]
    draw.text((x1 + 8, y1 + 6), truth["id_number"], font=cjk_font(LAYOUT["id_size"]), fill=value_colour)
    px1, py1, px2, py2 = LAYOUT["photo"]
    draw.rectangle([px1, py1, px2, py2], fill=(205, 210, 220))
    draw.ellipse([px1 + 50, py1 + 30, px2 - 50, py1 + 170], fill=(170, 175, 190))
    draw.rectangle([px1 + 20, py1 + 180, px2 - 20, py2], fill=(170, 175, 190))
    return _pil_to_bgr(img)


def make_card(seed: int, distortion: Distortion = CLEAN, truth: dict | None = None) -> tuple[np.ndarray, dict]:
    """A photo (BGR) of a card front on a dark desk, and its ground truth."""
    rng = random.Random(seed)
    truth = dict(truth) if truth else random_card(rng)
    return _distort(render_card(truth), rng, distortion, background=60), truth


# -- A4 complaint pages -------------------------------------------------------

PAGE_SIZE = (1240, 1754)  # A4 at 150 dpi


@dataclass
class PageTruth:
    lines: list[str]
    fields: dict[str, list] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"lines": self.lines,
                "fields": {k: [str(v) for v in vs] for k, vs in self.fields.items()}}


def page_truth(seed: int) -> PageTruth:
    rng = random.Random(seed)
    plaintiff = random_card(rng)
    area, city, streets = rng.choice(_PLACES)
    company = city[-3:] + rng.choice(["恒通", "华盛", "鑫达", "远航", "博雅"]) + rng.choice(["贸易", "科技", "建材"]) + "有限公司"
    code = _uscc(rng, area)
    company_addr = f"{city}{rng.choice(streets)}{rng.randrange(1, 300)}号"
    mobile = "1" + rng.choice("3589") + "".join(str(rng.randrange(10)) for _ in range(9))
    landline = f"0{rng.choice(['411', '10', '21', '20', '571'])}-{rng.randrange(20000000, 89999999)}"
    principal = Decimal(rng.randrange(10000, 999999)) + Decimal(rng.choice(["0.00", "0.50"]))
    penalty_wan = Decimal(rng.randrange(1, 99)) / Decimal(10)
    signed = date(rng.randrange(2018, 2024), rng.randrange(1, 13), rng.randrange(1, 29))
    filed = date(2024, rng.randrange(1, 13), rng.randrange(1, 29))
    case = f"（{signed.year + 1}）{rng.choice(['辽0202', '京0105', '沪0104'])}民初{rng.randrange(100, 9999)}号"
    born = date.fromisoformat(plaintiff["birth_date"])
    lines = [
        "民事起诉状",
        f"原告：{plaintiff['name']}，{plaintiff['sex']}，{plaintiff['nation']}族，{born.year}年{born.month}月{born.day}日出生",
        f"公民身份号码：{plaintiff['id_number']}",
        f"住址：{plaintiff['address']}",
        f"联系电话：{mobile}",
        f"被告：{company}",
        f"统一社会信用代码：{code}",
        f"住所：{company_addr}",
        f"电话：{landline}",
        "诉讼请求：",
        f"一、判令被告支付货款人民币{principal:,.2f}元；",
        f"二、判令被告支付违约金{penalty_wan}万元；",
        "三、本案诉讼费用由被告承担。",
        "事实与理由：",
        f"原告与被告于{signed.year}年{signed.month}月{signed.day}日签订买卖合同，",
        f"被告至今未付款。此前案件{case}已审结。",
        "此致",
        "人民法院",
        f"具状人：{plaintiff['name']}",
        f"{filed.year}年{filed.month}月{filed.day}日",
    ]
    fields = {
        "names": [plaintiff["name"], company],
        "id_numbers": [plaintiff["id_number"]],
        "usccs": [code],
        "addresses": [plaintiff["address"], company_addr],
        "phones": [mobile, landline],
        "amounts": [principal, penalty_wan * 10000],
        "dates": [born.isoformat(), signed.isoformat(), filed.isoformat()],
        "case_numbers": [case.replace("（", "(").replace("）", ")")],
    }
    return PageTruth(lines, fields)


def render_page(truth: PageTruth) -> np.ndarray:
    w, h = PAGE_SIZE
    img = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    title, body = cjk_font(48), cjk_font(30)
    y = 130
    for i, line in enumerate(truth.lines):
        font = title if i == 0 else body
        x = (w - draw.textlength(line, font=font)) / 2 if i == 0 else 130
        draw.text((x, y), line, font=font, fill=(15, 15, 15))
        y += 90 if i == 0 else 58
    return _pil_to_bgr(img)


def make_page(seed: int, distortion: Distortion = CLEAN) -> tuple[np.ndarray, PageTruth]:
    """A scanned complaint page (BGR) and its ground truth."""
    truth = page_truth(seed)
    img = render_page(truth)
    if distortion == CLEAN:
        return img, truth
    rng = random.Random(seed + 1)
    return _distort(img, rng, distortion, background=255), truth


def write_corpus(folder: str | Path, cards: int = 8, pages: int = 2, seed: int = 0,
                 distortion: Distortion = CLEAN) -> list[Path]:
    """Write ``card_NNN.png``/``page_NNN.png`` with ``.json`` ground truth; returns the image paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(cards):
        img, truth = make_card(seed + i, distortion)
        path = folder / f"card_{i:03d}.png"
        cv2.imwrite(str(path), img)
        path.with_suffix(".json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        out.append(path)
    for i in range(pages):
        img, truth = make_page(seed + i, distortion)
        path = folder / f"page_{i:03d}.png"
        cv2.imwrite(str(path), img)
        path.with_suffix(".json").write_text(json.dumps(truth.to_json(), ensure_ascii=False, indent=1),
                                             encoding="utf-8")
        out.append(path)
    return out
