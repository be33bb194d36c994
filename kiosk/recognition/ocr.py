"""Local OCR: tesserocr in-process (fast path), pytesseract as the fallback.

One :class:`OcrEngine` per kiosk, created once and called from one worker
thread (a lock serialises callers anyway). ``OMP_THREAD_LIMIT=1`` is set before
tesseract loads unless the operator set it: on a 2-core kiosk OpenMP threads
only add contention. Nothing recognised is logged, only counts and timings.
"""

from __future__ import annotations

import logging
import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from drivers.base import Usability

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

log = logging.getLogger("kiosk.recognition.ocr")

__all__ = ["DEFAULT_TESSDATA", "Line", "OcrEngine", "OcrError", "to_pil"]

DEFAULT_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata"


class OcrError(RuntimeError):
    """The OCR engine cannot run (missing tesseract, data or languages)."""


@dataclass(frozen=True)
class Line:
    text: str
    confidence: float  # 0..1
    box: tuple[int, int, int, int]  # x, y, w, h


def to_pil(image) -> Image.Image:
    """A PIL image from a PIL image, an OpenCV BGR/gray array or a path."""
    if isinstance(image, Image.Image):
        return image
    if isinstance(image, (str, Path)):
        return Image.open(image)
    arr = np.asarray(image)
    if arr.ndim == 3 and arr.shape[2] == 3:
        arr = arr[:, :, ::-1]  # BGR -> RGB
    elif arr.ndim == 3 and arr.shape[2] == 4:
        arr = arr[:, :, [2, 1, 0, 3]]
    return Image.fromarray(np.ascontiguousarray(arr))


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip()
    # tesseract puts spaces between CJK characters; keep them only between Latin words
    out = []
    for i, ch in enumerate(text):
        if ch == " ":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if not (prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum()):
                continue
        out.append(ch)
    return "".join(out)


class OcrEngine:
    """Tesseract with ``languages`` from ``tessdata``; lazily created, reused."""

    def __init__(self, tessdata: str | None = None, languages: str = "chi_sim+eng",
                 backend: str | None = None) -> None:
        self.tessdata = tessdata or os.environ.get("TESSDATA_PREFIX") or DEFAULT_TESSDATA
        self.languages = languages
        self._lock = threading.Lock()
        self._api = None
        self._extra: dict[str, object] = {}  # APIs for a subset of the languages, created on first use
        self._tesserocr = None
        self.backend = backend or self._pick_backend()

    @staticmethod
    def _pick_backend() -> str:
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            return "pytesseract"
        return "tesserocr"

    def is_usable(self) -> Usability:
        folder = Path(self.tessdata)
        if not folder.is_dir():
            return Usability(False, f"tessdata folder {folder} not found (apt install tesseract-ocr)")
        missing = [lang for lang in self.languages.split("+") if not (folder / f"{lang}.traineddata").is_file()]
        if missing:
            return Usability(False, "missing OCR languages: " + ", ".join(missing)
                             + " (apt install " + " ".join(f"tesseract-ocr-{m.replace('_', '-')}" for m in missing) + ")")
        if self.backend == "pytesseract":
            import shutil
            try:
                import pytesseract  # noqa: F401
            except ImportError:
                return Usability(False, "neither tesserocr nor pytesseract is installed")
            if shutil.which("tesseract") is None:
                return Usability(False, "tesseract program not found (apt install tesseract-ocr)")
        return Usability(True, f"{self.backend} {self.languages}")

    # -- tesserocr ---------------------------------------------------------
    def _ensure_api(self):
        if self._api is None:
            usable = self.is_usable()
            if not usable:
                raise OcrError(usable.reason)
            import tesserocr

            self._tesserocr = tesserocr
            try:
                self._api = tesserocr.PyTessBaseAPI(path=self.tessdata.rstrip("/") + "/", lang=self.languages,
                                                   psm=tesserocr.PSM.SINGLE_LINE)
            except RuntimeError as exc:
                raise OcrError(f"tesseract failed to start: {exc}") from None
            log.info("OCR engine loaded (%s)", self.languages)
        return self._api

    def _api_for(self, languages: str | None):
        """The API for ``languages`` (a "+"-joined subset of this engine's), created once."""
        api = self._ensure_api()
        if not languages or languages == self.languages:
            return api
        if not set(languages.split("+")) <= set(self.languages.split("+")):
            raise OcrError(f"language {languages!r} is not among the engine's {self.languages!r}")
        extra = self._extra.get(languages)
        if extra is None:
            try:
                extra = self._tesserocr.PyTessBaseAPI(path=self.tessdata.rstrip("/") + "/", lang=languages,
                                                      psm=self._tesserocr.PSM.SINGLE_LINE)
            except RuntimeError as exc:
                raise OcrError(f"tesseract failed to start: {exc}") from None
            self._extra[languages] = extra
        return extra

    def open(self) -> None:
        """Load the engine now (else on first use)."""
        if self.backend == "tesserocr":
            with self._lock:
                self._ensure_api()

    def close(self) -> None:
        with self._lock:
            for extra in self._extra.values():
                extra.End()
            self._extra.clear()
            if self._api is not None:
                self._api.End()
                self._api = None

    @property
    def raw_api(self):
        """The underlying PyTessBaseAPI (benchmarks compare against it)."""
        with self._lock:
            return self._ensure_api()

    def raw_api_for(self, languages: str | None = None):
        """The underlying PyTessBaseAPI that ``read_line(..., languages=...)`` uses."""
        with self._lock:
            return self._api_for(languages)

    def read_line(self, image, whitelist: str | None = None, languages: str | None = None,
                  raw_line: bool = False) -> tuple[str, float]:
        """One line of text and its confidence 0..1.

        ``languages``: a subset of the engine's (e.g. "chi_sim" alone for a Chinese field:
        the joint model reads some short names as Latin letters), one extra API each.
        ``raw_line``: the image is exactly one line (page segmentation 13, no layout
        analysis, which drops some short lines of two or three CJK characters).
        """
        pil = to_pil(image)
        psm = 13 if raw_line else 7
        if self.backend == "pytesseract":
            # always single-line here: raw-line word confidences are unusable (see _weakest_symbol)
            # and the command line gives no per-character ones
            return self._pyt_line(pil, whitelist, languages, 7)
        with self._lock:
            api = self._api_for(languages)
            api.SetPageSegMode(psm)
            api.SetVariable("tessedit_char_whitelist", whitelist or "")
            try:
                api.SetImage(pil)
                text = api.GetUTF8Text()
                conf = self._weakest_symbol(api) if raw_line else api.MeanTextConf()
            finally:
                api.SetVariable("tessedit_char_whitelist", "")
        return _clean(text), max(0.0, min(1.0, conf / 100.0))

    def _weakest_symbol(self, api) -> float:
        """The lowest character confidence of the last read (0..100), stray punctuation excluded.

        Word confidences of a raw line are unusable: an 18-digit ID number read
        perfectly scores 0 with ``eng`` (not a dictionary word), a stray comma
        after a name pulls the mean down by a third.
        """
        level = self._tesserocr.RIL.SYMBOL
        it = api.GetIterator()
        worst = None
        while it is not None:
            if not it.Empty(level):
                symbol = it.GetUTF8Text(level) or ""
                if symbol.strip() and not all(unicodedata.category(ch).startswith("P") for ch in symbol.strip()):
                    conf = it.Confidence(level)
                    worst = conf if worst is None else min(worst, conf)
            if not it.Next(level):
                break
        return 0.0 if worst is None else worst

    def read_page(self, image, layout: str = "column") -> list[Line]:
        """Every text line of a page with its confidence and box.

        ``layout`` "column" (one column of text, as court filings are: 99.0% character
        accuracy on the generated pages against 95.0% for "auto", which drops the
        first characters of some lines) or "auto" (full layout analysis).
        """
        pil = to_pil(image)
        psm = {"column": 4, "auto": 3}[layout]
        if self.backend == "pytesseract":
            return self._pyt_lines(pil, psm, None)
        tesserocr = self._tesserocr or __import__("tesserocr")
        lines: list[Line] = []
        with self._lock:
            api = self._ensure_api()
            api.SetPageSegMode(psm)
            api.SetVariable("tessedit_char_whitelist", "")
            api.SetImage(pil)
            api.Recognize()
            it = api.GetIterator()
            level = tesserocr.RIL.TEXTLINE
            if it is not None:
                while True:
                    text = it.GetUTF8Text(level) if not it.Empty(level) else ""
                    if text and text.strip():
                        box = it.BoundingBox(level)
                        x1, y1, x2, y2 = box if box else (0, 0, 0, 0)
                        lines.append(Line(_clean(text), it.Confidence(level) / 100.0, (x1, y1, x2 - x1, y2 - y1)))
                    if not it.Next(level):
                        break
        log.debug("page read: %d lines", len(lines))
        return lines

    # -- pytesseract fallback ---------------------------------------------
    def _pyt_config(self, psm: int, whitelist: str | None) -> str:
        config = f"--psm {psm} --tessdata-dir {self.tessdata}"
        if whitelist:
            config += f" -c tessedit_char_whitelist={whitelist}"
        return config

    def _pyt_line(self, pil: Image.Image, whitelist: str | None, languages: str | None = None,
                  psm: int = 7) -> tuple[str, float]:
        lines = self._pyt_lines(pil, psm, whitelist, languages)
        text = "".join(line.text for line in lines)
        conf = min((line.confidence for line in lines), default=0.0)
        return _clean(text), conf

    def _pyt_lines(self, pil: Image.Image, psm: int, whitelist: str | None,
                   languages: str | None = None) -> list[Line]:
        import pytesseract

        usable = self.is_usable()
        if not usable:
            raise OcrError(usable.reason)
        with self._lock:
            data = pytesseract.image_to_data(pil, lang=languages or self.languages, config=self._pyt_config(psm, whitelist),
                                             output_type=pytesseract.Output.DICT)
        groups: dict[tuple, list[int]] = {}
        for i, word in enumerate(data["text"]):
            if str(word).strip():
                groups.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
        out = []
        for idx in groups.values():
            words = [str(data["text"][i]) for i in idx]
            confs = [float(data["conf"][i]) for i in idx]
            x1 = min(data["left"][i] for i in idx)
            y1 = min(data["top"][i] for i in idx)
            x2 = max(data["left"][i] + data["width"][i] for i in idx)
            y2 = max(data["top"][i] + data["height"][i] for i in idx)
            out.append(Line(_clean(" ".join(words)), max(0.0, sum(confs) / len(confs) / 100.0), (x1, y1, x2 - x1, y2 - y1)))
        return out
