"""Read a resident ID card from a photo: its front's six fields, or its back's issuer and validity.

Primary path (an engine with detection, PP-OCR): the card is found and warped when its
corners show (perspective), else the whole photo is read; every text line is detected and
recognised; lines are deskewed from their own slope (rotation up to +-20 degrees) and grouped
into bands; the printed labels 姓名, 性别, 民族, 出生, 住址, 公民身份号码 (and on the back
签发机关, 有效期限) are found by fuzzy matching, and each value is the text to its label's
right in the same band; the address continues on the bands below until the number; the ID
number is the 18-character [0-9X] run wherever it is. A value the labels miss is found by
its content (a date, 男/女, one of the 56 nations). No fixed geometry: any scale, any layout
proportion. An ID number that fails its check is re-read by the fallback engine.

Tesseract-only path (no detection; the fallback when PP-OCR is not installed): the card is
warped to :data:`CARD_SIZE` and each field cropped at its place in :data:`LAYOUT` (the
canonical card the project's corpus draws), read as one raw line.

Both paths validate the ID number (check digit, birth date) and flag it if it fails; birth
date and sex are cross-checked against it (filled from it, flagged, when unread). Nothing
read is logged.
"""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from dataclasses import asdict, dataclass

import cv2
import numpy as np

from drivers.idcard.base import NATIONS
from kiosk.domain import idnumber
from kiosk.recognition.card_geometry import CARD_SIZE, _gray, find_card, warp_card

log = logging.getLogger("kiosk.recognition.idcard")

__all__ = [
    "CARD_SIZE", "FIELDS", "LAYOUT", "OCR_SCALE", "Field", "OcrJob", "field_crops", "find_card", "ocr_jobs",
    "BACK_FIELDS", "prepare_crop", "read_id_card", "split_address", "warp_card",
]

CARD_MM = (85.6, 54.0)
FIELDS = ("name", "sex", "nation", "birth_date", "address", "id_number")
BACK_FIELDS = ("issuer", "valid_from", "valid_to")
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
    # one of the 56 read in part (仡佬 as 佬, a rare first character dropped): the one it is part of
    holders = [name for name in _NATION_NAMES if text and text in name]
    return holders[0] if len(holders) == 1 else text


def read_id_card(image: np.ndarray, engine) -> dict[str, Field]:
    """Fields ``name, sex, nation, birth_date, address, id_number`` read from a photo of a card,
    plus ``issuer, valid_from, valid_to`` when it shows the back (``valid_to`` an ISO date or 长期).

    ``engine``: :class:`~kiosk.recognition.engines.OcrEngines` (primary + fallback), a
    :class:`~kiosk.recognition.ppocr.PpOcrEngine` or a Tesseract
    :class:`~kiosk.recognition.ocr.OcrEngine`.
    """
    primary = getattr(engine, "primary", engine)
    fallback = getattr(engine, "fallback", None)
    if primary is None:
        from kiosk.recognition.ocr import OcrError

        raise OcrError("no OCR engine is usable")
    if hasattr(primary, "read_boxes"):
        from kiosk.recognition.idcard_labels import read_by_labels

        raw, rereads = read_by_labels(image, primary)
    else:
        raw, rereads = _read_by_layout(image, primary), {}
    out = _fields_from(raw)
    if out["id_number"].flagged and out["id_number"].reason not in ("low_confidence",) and fallback is not None:
        out = _reread_number(out, image, rereads.get("id_number"), fallback)
    _cross_check(out)
    log.info("ID card image read: %d fields, %d flagged", len(out), sum(f.flagged for f in out.values()))
    return out


def _read_by_layout(image: np.ndarray, engine) -> dict[str, tuple[str, float]]:
    """Tesseract: each field cropped at its :data:`LAYOUT` place on the warped card, one raw-line read."""
    card = warp_card(_gray(image))
    raw: dict[str, tuple[str, float]] = dict.fromkeys(FIELDS, ("", 0.0))
    for job in ocr_jobs(card):
        raw[job.field] = engine.read_line(job.image, whitelist=job.whitelist, languages=job.languages,
                                          raw_line=True)
    return raw


def _id_field(number: str, conf: float) -> Field:
    number = _nfkc(number).upper()
    try:
        return _field(idnumber.validate(number), conf)
    except idnumber.InvalidIdNumber as exc:
        return Field(number, conf, True, exc.reason_code)


def _fields_from(raw: dict[str, tuple[str, float]]) -> dict[str, Field]:
    out: dict[str, Field] = {}
    name, conf = raw["name"]
    name = _cjk(_nfkc(name))
    # a Chinese name has two characters or more: one is a name whose other characters were not read
    out["name"] = Field(name, conf, True, "too_short") if len(name) == 1 else _field(name, conf)
    sex, conf = raw["sex"]
    sex = _cjk(_nfkc(sex))[:1]
    out["sex"] = _field(sex if sex in ("男", "女") else "", conf)
    nation, conf = raw["nation"]
    nation = _nation(_nfkc(nation))
    out["nation"] = Field(nation, conf, True, "not_a_nation") if nation and nation not in _NATION_NAMES \
        else _field(nation, conf)
    born, conf = raw["birth_date"]
    out["birth_date"] = _field(_birth_date(_nfkc(born)), conf)
    address, conf = raw["address"]
    out["address"] = _field(_NOT_ADDRESS.sub("", _nfkc(address)), conf)
    out["id_number"] = _id_field(*raw["id_number"])
    for key in BACK_FIELDS:
        if key in raw:
            out[key] = _field(*raw[key])
    return out


def _reread_number(out: dict[str, Field], image: np.ndarray, crop, fallback) -> dict[str, Field]:
    """The fallback engine's read of the ID number, taken when the primary's fails its check and
    the fallback's passes: the primary's crop of the number, or (a Tesseract primary) the
    fallback's own label read of the photo."""
    try:
        if crop is not None:
            text, conf = fallback.read_line(crop, whitelist="0123456789X", languages="eng", raw_line=True)
        elif hasattr(fallback, "read_boxes"):
            from kiosk.recognition.idcard_labels import read_by_labels

            text, conf = read_by_labels(image, fallback)[0]["id_number"]
        else:
            return out
    except Exception as exc:  # noqa: BLE001 - a failing fallback leaves the primary's flagged read
        log.warning("fallback re-read failed: %s", type(exc).__name__)
        return out
    again = _id_field(text, conf)
    if not again.flagged:
        out = dict(out, id_number=again)
    return out


def _cross_check(out: dict[str, Field]) -> None:
    """Birth date and sex against a valid ID number: flagged when they disagree, filled from it
    (flagged ``from_id_number``, for the litigant to confirm) when they were not read; the
    address's county mended from it (kiosk.recognition.places)."""
    number = out["id_number"]
    if number.flagged and number.reason != "low_confidence":
        return
    try:
        valid = idnumber.validate(number.value)
    except idnumber.InvalidIdNumber:
        return
    expected = {"birth_date": idnumber.birth_date(valid).isoformat(),
                "sex": {"M": "男", "F": "女"}[idnumber.sex(valid)]}
    for key, value in expected.items():
        got = out[key]
        if not got.value:
            out[key] = Field(value, number.confidence, True, "from_id_number")
        elif got.value != value:
            out[key] = Field(got.value, got.confidence, True, "mismatch_id_number")
    address = out["address"]
    if address.value:  # a county's name misread (渑池县 as 浥池县): the number's county
        from kiosk.recognition.places import mend_county

        mended = mend_county(address.value, valid)
        if mended != address.value:
            out["address"] = Field(mended, address.confidence, address.flagged, address.reason)


def _field(value: str, confidence: float) -> Field:
    if not value:
        return Field(value, confidence, True, "empty")
    if confidence < LOW_CONFIDENCE:
        return Field(value, confidence, True, "low_confidence")
    return Field(value, confidence)
