"""Read a resident ID card's front from a photo: locate, deskew, crop fields, OCR each.

OCR of the whole card misreads names; each field is cropped at its known place
on the card (warped to :data:`CARD_SIZE`), trimmed to its ink, contrast-stretched,
enlarged :data:`OCR_SCALE` times (the print has a known size on the warped card,
so every field gets the same scale whatever its characters) and read as one raw
line: Chinese fields with ``chi_sim`` alone, the ID number with ``eng`` and a
digit whitelist, the birth date with a digit/年月日 whitelist. The two address
lines are read side by side as one line (the LSTM reads a lone "1号" on the
second line as "了号" without the context). The ID number is validated (check
digit, birth date) and flagged if it fails; birth date and sex are cross-checked
against it. Nothing read is logged.
"""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from dataclasses import asdict, dataclass

import cv2
import numpy as np

from drivers.camera.pages import order_corners
from drivers.idcard.base import NATIONS
from kiosk.domain import idnumber

log = logging.getLogger("kiosk.recognition.idcard")

__all__ = [
    "CARD_SIZE", "FIELDS", "LAYOUT", "OCR_SCALE", "Field", "OcrJob", "field_crops", "find_card", "ocr_jobs",
    "prepare_crop", "read_id_card", "split_address", "warp_card",
]

CARD_MM = (85.6, 54.0)
CARD_SIZE = (856, 540)  # 10 px/mm
FIELDS = ("name", "sex", "nation", "birth_date", "address", "id_number")
LOW_CONFIDENCE = 0.6
ADDRESS_LINE_CHARS = 14

#: Label positions and field boxes (x1, y1, x2, y2) on the canonical card.
LAYOUT: dict = {
    "label_size": 26, "value_size": 30, "id_size": 34,
    "labels": {"姓名": (50, 48), "性别": (50, 113), "民族": (250, 113), "出生": (50, 178),
               "住址": (50, 243), "公民身份号码": (50, 448)},
    "fields": {
        "name": (130, 36, 560, 90),
        "sex": (130, 101, 240, 155),
        "nation": (330, 101, 560, 155),
        "birth_date": (130, 166, 560, 220),
        "address1": (130, 231, 590, 283),
        "address2": (130, 283, 590, 335),
        "id_number": (250, 432, 840, 492),
    },
    "photo": (610, 40, 820, 330),
}

_NATION_NAMES = sorted(set(NATIONS.values()), key=len, reverse=True)
# sex and nation are read without a whitelist: tesseract's LSTM reads a lone 女 worse with one (measured)
_WHITELISTS = {
    "birth_date": "0123456789年月日",
    "id_number": "0123456789X",
}
# chi_sim alone for Chinese fields: chi_sim+eng read 2 names in 12 as Latin letters ("Hie" for 肖艳)
_LANGUAGES = {"id_number": "eng"}
_CHINESE = "chi_sim"


@dataclass(frozen=True)
class OcrJob:
    """One OCR read of a card: a prepared line image, its languages and whitelist."""
    field: str
    image: np.ndarray
    languages: str
    whitelist: str | None


@dataclass(frozen=True)
class Field:
    value: str
    confidence: float
    flagged: bool = False
    reason: str = ""

    def to_json(self) -> dict:
        out = asdict(self)
        out["confidence"] = round(self.confidence, 3)
        return out


def split_address(address: str) -> list[str]:
    """The address as printed: at most two lines of ADDRESS_LINE_CHARS characters."""
    return [address[i:i + ADDRESS_LINE_CHARS] for i in range(0, len(address), ADDRESS_LINE_CHARS)][:2] or [""]


def _gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def find_card(image: np.ndarray) -> np.ndarray | None:
    """Corners (tl, tr, br, bl) of the largest card-like bright quadrilateral, or None."""
    gray = _gray(image)
    h, w = gray.shape[:2]
    scale = min(1.0, 800.0 / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour)
    if area < 0.1 * small.shape[0] * small.shape[1]:
        return None
    hull = cv2.convexHull(contour)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float64)
            break
    if quad is None:
        quad = cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float64)
    corners = order_corners((quad + 0.5) / scale - 0.5)
    top = np.linalg.norm(corners[1] - corners[0])
    left = np.linalg.norm(corners[3] - corners[0])
    if top < left:  # card photographed in portrait: rotate the corner order
        corners = np.roll(corners, -1, axis=0)
    return corners.astype(np.float32)


def warp_card(image: np.ndarray, corners: np.ndarray | None = None) -> np.ndarray:
    """The card warped to :data:`CARD_SIZE` (the image itself, resized, if no card is found).

    Bilinear: the crops are enlarged (bicubic) afterwards anyway; a grey image warps 3x faster.
    """
    if corners is None:
        corners = find_card(image)
    w, h = CARD_SIZE
    if corners is None:
        return cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)
    dst = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    matrix = cv2.getPerspectiveTransform(np.asarray(corners, np.float32), dst)
    return cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def field_crops(card: np.ndarray) -> dict[str, np.ndarray]:
    """Grey crops of every field box of a warped card."""
    gray = _gray(card)
    return {key: gray[y1:y2, x1:x2] for key, (x1, y1, x2, y2) in LAYOUT["fields"].items()}


INK_THRESHOLD = 160   # grey level: printed values are dark, the security print is light
#: Enlargement of the 10 px/mm crops: CJK values ~27 px high become ~54 px, which the
#: chi_sim LSTM reads best (measured over 1.0-2.25; at 1.0 it drops or misreads short names).
OCR_SCALE = 2.0
INK_PAD = 3           # px of the card kept around the ink
CROP_MARGIN = 20      # px of white around the prepared line
# contrast stretch between the ink (2nd percentile) and the card (90th): the lower 20% of
# that range becomes black, the upper 10% white (the light security print disappears)
_STRETCH = (0.2, 0.9)


def _trim(crop: np.ndarray) -> np.ndarray | None:
    ink = crop < INK_THRESHOLD
    ys, xs = np.nonzero(ink)
    if len(xs) < 10:
        return None
    return crop[max(0, ys.min() - INK_PAD):ys.max() + INK_PAD + 1, max(0, xs.min() - INK_PAD):xs.max() + INK_PAD + 1]


def prepare_crop(crop: np.ndarray, margin: int = CROP_MARGIN) -> np.ndarray | None:
    """A grey field crop trimmed to its ink, enlarged OCR_SCALE times, contrast-stretched
    and padded with ``margin`` px of white; None if blank."""
    trimmed = _trim(crop)
    if trimmed is None:
        return None
    grey = cv2.resize(trimmed, None, fx=OCR_SCALE, fy=OCR_SCALE, interpolation=cv2.INTER_CUBIC)
    low, high = np.percentile(grey, (2, 90))
    span = max(float(high - low), 1.0)
    lo, hi = low + _STRETCH[0] * span, low + _STRETCH[1] * span
    lut = np.clip((np.arange(256, dtype=np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
    out = cv2.LUT(grey, lut)
    if margin:
        out = cv2.copyMakeBorder(out, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255)
    return out


def _side_by_side(parts: list[np.ndarray], gap: int) -> np.ndarray:
    height = max(p.shape[0] for p in parts)
    padded = []
    for i, part in enumerate(parts):
        extra = height - part.shape[0]
        padded.append(cv2.copyMakeBorder(part, extra // 2, extra - extra // 2, 0, gap if i < len(parts) - 1 else 0,
                                         cv2.BORDER_CONSTANT, value=255))
    line = np.hstack(padded)
    return cv2.copyMakeBorder(line, CROP_MARGIN, CROP_MARGIN, CROP_MARGIN, CROP_MARGIN, cv2.BORDER_CONSTANT, value=255)


def ocr_jobs(card: np.ndarray) -> list[OcrJob]:
    """The reads of a warped card: one per field, the address's lines side by side as one."""
    crops = field_crops(card)
    jobs = []
    for key in ("name", "sex", "nation", "birth_date", "id_number"):
        prepared = prepare_crop(crops[key])
        if prepared is not None:
            jobs.append(OcrJob(key, prepared, _LANGUAGES.get(key, _CHINESE), _WHITELISTS.get(key)))
    lines = [p for p in (prepare_crop(crops[k], margin=0) for k in ("address1", "address2")) if p is not None]
    if lines:
        gap = int(round(LAYOUT["value_size"] * OCR_SCALE))  # a character's width: no space is read
        jobs.append(OcrJob("address", _side_by_side(lines, gap), _CHINESE, None))
    return jobs


def _nfkc(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _birth_date(text: str) -> str:
    m = re.search(r"(\d{4})\D*?(\d{1,2})\D*?(\d{1,2})", text)
    if not m:
        return ""
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


def _cjk(text: str) -> str:
    """Only the CJK ideographs (and the middle dot of transliterated names): drops stray punctuation."""
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch == "·")


_NOT_ADDRESS = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z\-·]")


def _nation(text: str) -> str:
    text = _cjk(text).removesuffix("族")
    for name in _NATION_NAMES:
        if name in text:
            return name
    return text


def read_id_card(image: np.ndarray, engine) -> dict[str, Field]:
    """Fields ``name, sex, nation, birth_date, address, id_number`` read from a photo of a card front."""
    card = warp_card(_gray(image))
    raw: dict[str, tuple[str, float]] = dict.fromkeys(FIELDS, ("", 0.0))
    for job in ocr_jobs(card):
        raw[job.field] = engine.read_line(job.image, whitelist=job.whitelist, languages=job.languages,
                                          raw_line=True)

    out: dict[str, Field] = {}
    name, conf = raw["name"]
    out["name"] = _field(_cjk(_nfkc(name)), conf)
    sex, conf = raw["sex"]
    sex = _cjk(_nfkc(sex))[:1]
    out["sex"] = _field(sex if sex in ("男", "女") else "", conf)
    nation, conf = raw["nation"]
    out["nation"] = _field(_nation(_nfkc(nation)), conf)
    born, conf = raw["birth_date"]
    out["birth_date"] = _field(_birth_date(_nfkc(born)), conf)
    address, conf = raw["address"]
    out["address"] = _field(_NOT_ADDRESS.sub("", _nfkc(address)), conf)
    number, conf = raw["id_number"]
    number = _nfkc(number).upper()
    try:
        number = idnumber.validate(number)
        out["id_number"] = _field(number, conf)
        valid = True
    except idnumber.InvalidIdNumber as exc:
        out["id_number"] = Field(number, conf, True, exc.reason_code)
        valid = False
    if valid:
        from_id = idnumber.birth_date(number).isoformat()
        if out["birth_date"].value != from_id:
            out["birth_date"] = Field(out["birth_date"].value, out["birth_date"].confidence, True, "mismatch_id_number")
        if out["sex"].value != {"M": "男", "F": "女"}[idnumber.sex(number)]:
            out["sex"] = Field(out["sex"].value, out["sex"].confidence, True, "mismatch_id_number")
    log.info("ID card image read: %d fields, %d flagged", len(out), sum(f.flagged for f in out.values()))
    return out


def _field(value: str, confidence: float) -> Field:
    if not value:
        return Field(value, confidence, True, "empty")
    if confidence < LOW_CONFIDENCE:
        return Field(value, confidence, True, "low_confidence")
    return Field(value, confidence)
