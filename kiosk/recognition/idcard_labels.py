"""The ID card's fields found by their printed labels (no fixed geometry), on PP-OCR's lines.

:func:`read_by_labels` is the detection path of
:func:`kiosk.recognition.idcard_image.read_id_card`: it returns the raw text of each field and
its confidence; the checks and normalisation are the caller's. Nothing read is logged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np

__all__ = ["BACK_LABELS", "FRONT_LABELS", "find_label", "read_by_labels"]

FRONT_LABELS = {"name": "姓名", "sex": "性别", "nation": "民族", "birth_date": "出生", "address": "住址",
                "id_number": "公民身份号码"}
BACK_LABELS = {"issuer": "签发机关", "valid": "有效期限"}
_ALL_LABELS = {**FRONT_LABELS, **BACK_LABELS}
#: characters a label's own characters are misread as (glare, blur, other fonts)
_LOOKALIKE = {
    "姓": "娃性妊", "名": "各明呂", "性": "姓忄怔", "别": "剐引刖", "民": "氏艮", "族": "旅蔟簇",
    "出": "山击岀", "生": "牛主王", "住": "佳往任注", "址": "扯北垃祉", "签": "鉴答", "发": "友",
    "机": "杌", "关": "美", "有": "冇", "效": "郊", "期": "朗", "限": "很",
}
#: detector input for a warped card (856 x 540: 864 px, rounded to 32, at 960). 640 px lost a
#: name's rare first character (阚) on the independent generator: 30 desk cards, fields exact,
#: 640 px 95.8 % 270 ms; 960 px 98.3 % 322 ms; the photo's own size 98.3 % 403 ms.
CARD_DET_SIDE = 960
CARD_RATIO = 85.6 / 54.0
_DATE = re.compile(r"(\d{4})\D{0,2}?(\d{1,2})\D{0,2}?(\d{1,2})")
_VALIDITY = re.compile(r"(\d{4})[.\-/]?(\d{2})[.\-/]?(\d{2})\s*[-—–~至]+\s*(?:(\d{4})[.\-/]?(\d{2})[.\-/]?(\d{2})|(长期))")
_ID_RUN = re.compile(r"[0-9X]{18}")


@dataclass
class Segment:
    text: str
    confidence: float
    quad: np.ndarray
    x1: float  # deskewed
    x2: float
    cy: float
    height: float


@dataclass
class Band:
    segments: list[Segment]

    @property
    def cy(self) -> float:
        return float(np.mean([s.cy for s in self.segments]))

    @property
    def height(self) -> float:
        return float(np.median([s.height for s in self.segments]))

    def chars(self) -> list[tuple[str, int]]:
        """Every character with the index of its segment; a space between segments."""
        out: list[tuple[str, int]] = []
        for i, seg in enumerate(self.segments):
            if out:
                out.append((" ", -1))
            out.extend((ch, i) for ch in seg.text)
        return out


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def find_label(text: str, label: str, starts: dict[int, tuple[int, bool]] | None = None) -> tuple[int, int] | None:
    """(start, end) of ``label`` in ``text``: exact anywhere, else with misread characters only
    where a segment starts (``starts``: index -> (segment length, first in its band)): a
    2-character label with one character right and the other a look-alike, or alone in the
    first segment of its band; a longer one with all but two characters right."""
    at = text.find(label)
    if at >= 0:
        return at, at + len(label)
    n = len(label)
    for start, (length, first) in sorted((starts if starts is not None else {0: (len(text), True)}).items()):
        window = text[start:start + n]
        if len(window) < n:
            continue
        same = sum(a == b for a, b in zip(window, label, strict=True))
        alike = sum(a != b and a in _LOOKALIKE.get(b, "") for a, b in zip(window, label, strict=True))
        if n <= 2 and same >= 1 and (same + alike == n or (first and length == n)):
            return start, start + n
        if n > 2 and same >= n - 2:
            return start, start + n
    return None


def _is_card_quad(corners: np.ndarray | None, shape: tuple[int, ...]) -> bool:
    """A card-shaped quadrilateral that is not the photo's own frame."""
    if corners is None:
        return False
    if cv2.contourArea(np.asarray(corners, np.float32)) > 0.9 * shape[0] * shape[1]:
        return False
    top = np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3])
    left = np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1])
    return left > 0 and abs(top / left / CARD_RATIO - 1) < 0.2


def _segments(boxes) -> list[Segment]:
    """Deskewed segments: the photo rotated by the median slope of its longer lines."""
    if not boxes:
        return []
    long = [b.angle for b in boxes if b.box[2] > 2 * max(b.height, 1)]
    angle = float(np.median(long)) if long else 0.0
    theta = np.deg2rad(-angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    out = []
    for b in boxes:
        pts = b.quad @ rot.T
        out.append(Segment(_norm(b.text).replace(" ", ""), b.confidence, b.quad, float(pts[:, 0].min()),
                           float(pts[:, 0].max()), float(pts[:, 1].mean()), max(b.height, 1.0)))
    return out


def _bands(segments: list[Segment]) -> list[Band]:
    bands: list[Band] = []
    for seg in sorted(segments, key=lambda s: s.cy):
        if bands and abs(seg.cy - bands[-1].cy) < 0.5 * min(seg.height, bands[-1].height):
            bands[-1].segments.append(seg)
        else:
            bands.append(Band([seg]))
    for band in bands:
        band.segments.sort(key=lambda s: s.x1)
    return bands


@dataclass
class _Found:
    band: int
    start: int
    end: int
    x2: float  # deskewed right edge of the label's segment


def _locate(bands: list[Band]) -> dict[str, _Found]:
    """Where each label is: exact matches first, then look-alikes; each band character used once."""
    found: dict[str, _Found] = {}
    used: set[tuple[int, int]] = set()
    texts = []
    for band in bands:
        chars = band.chars()
        text = "".join(ch for ch, _ in chars)
        starts = {i: (len(band.segments[seg].text), seg == 0) for i, (ch, seg) in enumerate(chars)
                  if seg >= 0 and (i == 0 or chars[i - 1][1] != seg)}
        texts.append((text, chars, starts))
    for fuzzy in (False, True):
        for key, label in _ALL_LABELS.items():
            if key in found:
                continue
            for b, (text, chars, starts) in enumerate(texts):
                hit = find_label(text, label, starts) if fuzzy else (
                    (text.find(label), text.find(label) + len(label)) if label in text else None)
                if hit is None or any((b, i) in used for i in range(*hit)):
                    continue
                used.update((b, i) for i in range(*hit))
                seg = bands[b].segments[chars[hit[0]][1]]
                found[key] = _Found(b, hit[0], hit[1], seg.x2)
                break
    return found


def _value(bands: list[Band], found: dict[str, _Found], key: str) -> tuple[str, float]:
    """The text right of ``key``'s label in its band, up to the next label; its lowest confidence."""
    where = found[key]
    band = bands[where.band]
    chars = band.chars()
    end = len(chars)
    for other in found.values():
        if other.band == where.band and other.start >= where.end:
            end = min(end, other.start)
    part = chars[where.end:end]
    text = "".join(ch for ch, _ in part).replace(" ", "")
    segs = {seg for _, seg in part if seg >= 0}
    conf = min((band.segments[s].confidence for s in segs), default=0.0)
    return text, conf


#: The province-level division every address on a card starts with (its first characters).
PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
             "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏",
             "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门")


def _from_province(text: str) -> str:
    """The address from its province on: a stray mark read before it (a speck, the label's edge) goes."""
    for lead in range(1, 3):
        if text[lead:].startswith(PROVINCES) and not text.startswith(PROVINCES):
            return text[lead:]
    return text


def _address(bands: list[Band], found: dict[str, _Found], stop_band: int | None) -> tuple[str, float]:
    text, conf = _value(bands, found, "address")
    where = found["address"]
    height = bands[where.band].height
    last_cy = bands[where.band].cy
    for b in range(where.band + 1, min(len(bands), where.band + 4)):
        if stop_band is not None and b >= stop_band:
            break
        band = bands[b]
        if band.cy - last_cy > 2.2 * height or any(f.band == b for f in found.values()):
            break
        segs = [s for s in band.segments if s.x1 >= where.x2 - 2.0 * height and not _ID_RUN.search(s.text.upper())]
        if not segs:
            break
        text += "".join(s.text for s in segs)
        conf = min([conf] + [s.confidence for s in segs])
        last_cy = band.cy
    return _from_province(text), conf


def _id_number(bands: list[Band], found: dict[str, _Found]) -> tuple[str, float, Segment | None, int | None]:
    """The 18-character [0-9X] run (a valid one first), its confidence, segment and band."""
    from kiosk.domain import idnumber

    candidates = []
    for b, band in enumerate(bands):
        for seg in band.segments:
            for m in _ID_RUN.finditer(seg.text.upper()):
                try:
                    idnumber.validate(m.group())
                    valid = True
                except idnumber.InvalidIdNumber:
                    valid = False
                candidates.append((not valid, -seg.confidence, m.group(), seg, b))
    if candidates:
        _, neg_conf, text, seg, b = min(candidates, key=lambda c: c[:2])
        return text, -neg_conf, seg, b
    if "id_number" in found:  # a shorter or longer run after the label: flagged by the check
        text, conf = _value(bands, found, "id_number")
        where = found["id_number"]
        segs = bands[where.band].segments
        return re.sub(r"[^0-9X]", "", text.upper()), conf, segs[-1], where.band
    return "", 0.0, None, None


def _by_content(bands: list[Band], pattern) -> tuple[str, float]:
    for band in bands:
        for seg in band.segments:
            if pattern(seg.text):
                return seg.text, seg.confidence
    return "", 0.0


def _front(bands: list[Band], found: dict[str, _Found]) -> tuple[dict, Segment | None]:
    from drivers.idcard.base import NATIONS

    raw: dict[str, tuple[str, float]] = {}
    number, conf, number_seg, number_band = _id_number(bands, found)
    raw["id_number"] = (number, conf)
    for key in ("name", "sex", "nation", "birth_date"):
        raw[key] = _value(bands, found, key) if key in found else ("", 0.0)
    if not raw["name"][0] and "sex" in found and found["sex"].band > 0:
        band = bands[found["sex"].band - 1]  # the line above 性别
        raw["name"] = (band.segments[-1].text, band.segments[-1].confidence)
    if not raw["sex"][0]:
        raw["sex"] = _by_content(bands, lambda t: t in ("男", "女"))
    if not raw["nation"][0]:
        names = set(NATIONS.values())
        raw["nation"] = _by_content(bands, lambda t: t.removesuffix("族") in names)
    if not re.search(r"\d", raw["birth_date"][0]):
        raw["birth_date"] = _by_content(bands, lambda t: re.search(r"\d{4}年\d{1,2}月\d{1,2}日", t) is not None)
    stop = found["id_number"].band if "id_number" in found else number_band
    raw["address"] = _address(bands, found, stop) if "address" in found else ("", 0.0)
    return raw, number_seg


def _back(bands: list[Band], found: dict[str, _Found]) -> dict[str, tuple[str, float]]:
    raw: dict[str, tuple[str, float]] = {}
    issuer, conf = _value(bands, found, "issuer") if "issuer" in found else ("", 0.0)
    raw["issuer"] = ("".join(ch for ch in issuer if "\u4e00" <= ch <= "\u9fff"), conf)
    text, conf = _value(bands, found, "valid") if "valid" in found else ("", 0.0)
    m = _VALIDITY.search(text)
    if m is None:  # the label misread: the dates' own pattern anywhere
        for band in bands:
            joined = "".join(s.text for s in band.segments)
            m = _VALIDITY.search(joined)
            if m:
                conf = min(s.confidence for s in band.segments)
                break
    valid_from = valid_to = ""
    if m:
        valid_from = _iso(m.group(1), m.group(2), m.group(3))
        valid_to = "长期" if m.group(7) else _iso(m.group(4), m.group(5), m.group(6))
    raw["valid_from"] = (valid_from, conf)
    raw["valid_to"] = (valid_to, conf)
    return raw


def _iso(y: str, m: str, d: str) -> str:
    import datetime

    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return ""


def _number_crop(image: np.ndarray, seg: Segment | None) -> np.ndarray | None:
    """The number's line, upright, grey, ~60 px high with a white margin (what Tesseract reads best)."""
    if seg is None:
        return None
    from kiosk.recognition.ppocr import crop_quad

    crop = crop_quad(image, seg.quad, pad=0.15)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    scale = 60.0 / max(grey.shape[0], 1)
    grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return cv2.copyMakeBorder(grey, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)


def _zoom(image: np.ndarray, bands: list[Band]) -> np.ndarray | None:
    """The region of the text found, cut out and enlarged (a small card in a large photo), or None."""
    quads = [s.quad for band in bands for s in band.segments]
    if not quads:
        return None
    pts = np.concatenate(quads)
    x1, y1 = pts.min(axis=0)
    x2, y2 = pts.max(axis=0)
    mx, my = 0.08 * (x2 - x1) + 10, 0.08 * (y2 - y1) + 10
    h, w = image.shape[:2]
    x1, y1, x2, y2 = int(max(0, x1 - mx)), int(max(0, y1 - my)), int(min(w, x2 + mx)), int(min(h, y2 + my))
    if (x2 - x1) * (y2 - y1) > 0.6 * w * h or x2 - x1 < 20 or y2 - y1 < 20:
        return None
    crop = image[y1:y2, x1:x2]
    scale = min(2.5, 1100.0 / max(crop.shape[:2]))
    return cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) if scale > 1 else crop


def _read(image: np.ndarray, engine, max_side: int | None):
    boxes = engine.read_boxes(image, max_side=max_side)
    bands = _bands(_segments(boxes))
    return bands, _locate(bands)


def read_by_labels(image: np.ndarray, engine) -> tuple[dict[str, tuple[str, float]], dict[str, np.ndarray]]:
    """Raw ``{field: (text, confidence)}`` of a card photo (the back's keys only when it shows the
    back), and ``{field: crop}`` for the fallback's re-reads (the ID number's line)."""
    from kiosk.recognition.card_geometry import find_card, warp_card
    from kiosk.recognition.ppocr import _bgr

    image = _bgr(image)
    corners = find_card(image)
    attempts = []
    if _is_card_quad(corners, image.shape):
        attempts.append((warp_card(image, corners), CARD_DET_SIDE))
    attempts.append((image, None))
    best = None
    for picture, side in attempts:
        bands, found = _read(picture, engine, side)
        front, number_seg = _front(bands, found)
        back = _back(bands, found)
        is_back = bool(back["issuer"][0] or back["valid_from"][0])
        score = len(set(found) & set(FRONT_LABELS)) + bool(front["id_number"][0]) + 3 * is_back
        if best is None or score > best[0]:
            best = (score, picture, front, number_seg, back, is_back)
        if score >= 4:
            break
        if side is None and len(attempts) < 3:
            zoomed = _zoom(picture, bands)
            if zoomed is not None:
                attempts.append((zoomed, None))
    _, picture, front, number_seg, back, is_back = best
    raw = dict(front)
    if is_back:
        raw.update(back)
    crop = _number_crop(picture, number_seg)
    return raw, ({"id_number": crop} if crop is not None else {})
