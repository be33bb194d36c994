"""PP-OCR (PP-OCRv4 detection and recognition, ONNX) through rapidocr_onnxruntime's classes.

One :class:`PpOcrEngine` per process (:func:`shared_engine`), its onnxruntime sessions
built on first use under a lock and reused; every call is serialised by the same lock.
The models and their config ship inside the ``rapidocr_onnxruntime`` wheel. Sessions run
with ``intra_op`` threads for a 2-core kiosk (:data:`INTRA_THREADS`, measured in
benchmarks/bench_ocr.py) and one ``inter_op`` thread. Never called on the GUI thread: the
scan service runs it on the "ocr" worker. Nothing recognised is logged.

- :meth:`PpOcrEngine.recognise`: recognition only, batched, for crops that are already
  one line each (card fields, re-reads);
- :meth:`PpOcrEngine.read_boxes`: detection + recognition with each line's quadrilateral;
- :meth:`PpOcrEngine.read_lines` / :meth:`read_page`: the same as :class:`~kiosk.recognition.ocr.Line`
  in reading order (what ``kiosk.recognition.fields`` works on).
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from drivers.base import Usability
from kiosk.recognition.layout import upright
from kiosk.recognition.ocr import Line, OcrError

log = logging.getLogger("kiosk.recognition.ppocr")

__all__ = ["INTRA_THREADS", "PpOcrEngine", "TextBox", "package_dir", "page_lines", "shared_engine"]

#: onnxruntime intra-op threads per session. 2 on a 2-core kiosk: a card photo reads in
#: ~0.6x the time of 1 thread (bench_ocr "ppocr threads"); the GUI thread mostly waits on
#: the GIL-free inference, so it keeps its frame rate.
INTRA_THREADS = 2
#: longest side the detector sees for a page (px, rounded to 32). On 24 pages of the independent
#: generator (scans and photos of 1270-2000 px), form fields exact and seconds per page:
#: 736 px 77 % 0.66 s; 960 px 87 % 1.1 s; 1280 px 92 % 1.1-1.3 s; 1440 px 94.8 % 1.2 s;
#: 1600 px 94.3 % 1.45 s; the photo's own size (rapidocr's choice) 95.3 % 2.5 s.
PAGE_DET_SIDE = 1440
#: Lines recognised per batch. Each batch is padded to its widest line. A card's ten lines took about
#: 0.18 s in batches of 2 and 0.21-0.32 s in rapidocr's default 6; a page's, the same within noise.
REC_BATCH = 2
MODELS = {
    "Det": "ch_PP-OCRv4_det_infer.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    "Rec": "ch_PP-OCRv4_rec_infer.onnx",
}


@dataclass(frozen=True)
class TextBox:
    """One detected line: text, confidence 0..1, corners (tl, tr, br, bl) as a 4x2 float array."""
    text: str
    confidence: float
    quad: np.ndarray

    @property
    def box(self) -> tuple[int, int, int, int]:
        x1, y1 = np.floor(self.quad.min(axis=0)).astype(int)
        x2, y2 = np.ceil(self.quad.max(axis=0)).astype(int)
        return int(x1), int(y1), int(x2 - x1), int(y2 - y1)

    @property
    def angle(self) -> float:
        """Slope of the line's top and bottom edges, degrees (positive: clockwise)."""
        tl, tr, br, bl = self.quad
        dx = (tr[0] - tl[0]) + (br[0] - bl[0])
        dy = (tr[1] - tl[1]) + (br[1] - bl[1])
        return float(np.degrees(np.arctan2(dy, dx)))

    @property
    def height(self) -> float:
        tl, tr, br, bl = self.quad
        return float((np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2)


def package_dir() -> Path | None:
    """The installed ``rapidocr_onnxruntime`` folder (models and config.yaml), or None."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("rapidocr_onnxruntime")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _bgr(image) -> np.ndarray:
    from kiosk.recognition.ocr import to_pil

    if not isinstance(image, np.ndarray):
        image = np.asarray(to_pil(image).convert("RGB"))[:, :, ::-1]
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(image)


def crop_quad(image: np.ndarray, quad: np.ndarray, pad: float = 0.0) -> np.ndarray:
    """The line under ``quad`` warped upright (as PP-OCR's pipeline crops), grown by ``pad`` x its height."""
    quad = np.asarray(quad, np.float32)
    if pad:
        tl, tr, br, bl = quad
        down = ((bl - tl) + (br - tr)) / 2
        along = ((tr - tl) + (br - bl)) / 2
        h = np.linalg.norm(down)
        along = along / max(np.linalg.norm(along), 1e-6) * h * pad
        down = down / max(h, 1e-6) * h * pad
        quad = np.float32([tl - along - down, tr + along - down, br + along + down, bl - along + down])
    width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    width, height = max(width, 1), max(height, 1)
    dst = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    matrix = cv2.getPerspectiveTransform(quad, dst)
    return cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)


def reading_order(boxes: list[TextBox]) -> list[TextBox]:
    """Top to bottom; lines whose vertical centres are within half a line height, left to right."""
    rows: list[list[TextBox]] = []
    for item in sorted(boxes, key=lambda b: b.quad[:, 1].mean()):
        cy = item.quad[:, 1].mean()
        if rows:
            last = rows[-1]
            ref = np.mean([b.quad[:, 1].mean() for b in last])
            if abs(cy - ref) < 0.5 * min(item.height, min(b.height for b in last)):
                last.append(item)
                continue
        rows.append([item])
    return [b for row in rows for b in sorted(row, key=lambda b: b.quad[:, 0].min())]


def _detector(base, config: dict):
    """rapidocr's TextDetector, except that an explicit ``side`` is the detector's input size.
    rapidocr picks 960, 1500 or 2000 px by the image's own size whatever the config says, so an
    A4 photo of 1800 px was detected at full size (about 1 s of the page's time)."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    class Detector(base):
        side: int | None = None

        def get_preprocess(self, max_wh):
            if self.side is None:
                return super().get_preprocess(max_wh)
            return DetPreProcess(self.side, "max", self.mean, self.std)

    return Detector(config)


class PpOcrEngine:
    """PP-OCRv4 through onnxruntime; models from the ``rapidocr_onnxruntime`` package."""

    name = "ppocr"

    def __init__(self, intra_threads: int = INTRA_THREADS, page_det_side: int = PAGE_DET_SIDE,
                 model_dir: str | Path | None = None) -> None:
        self.intra_threads = intra_threads
        self.page_det_side = page_det_side
        self._model_dir = Path(model_dir) if model_dir else None
        self._lock = threading.Lock()
        self._det = self._rec = self._cls = None

    # -- set-up ---------------------------------------------------------------
    def model_dir(self) -> Path | None:
        if self._model_dir is not None:
            return self._model_dir
        pkg = package_dir()
        return pkg / "models" if pkg else None

    def is_usable(self) -> Usability:
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            return Usability(False, "onnxruntime is not installed")
        if package_dir() is None:
            return Usability(False, "rapidocr_onnxruntime is not installed")
        folder = self.model_dir()
        missing = [name for name in MODELS.values() if folder is None or not (folder / name).is_file()]
        if missing:
            return Usability(False, "missing PP-OCR models: " + ", ".join(missing))
        return Usability(True, f"PP-OCRv4 onnxruntime, {self.intra_threads} threads")

    def _config(self, key: str) -> dict:
        import yaml

        with open(package_dir() / "config.yaml", "rb") as fh:
            config = yaml.safe_load(fh)
        section = dict(config[key])
        section["model_path"] = str(self.model_dir() / MODELS[key])
        section["intra_op_num_threads"] = self.intra_threads
        section["inter_op_num_threads"] = 1
        section["use_cuda"] = section["use_dml"] = False
        if key == "Rec":
            section["rec_batch_num"] = REC_BATCH
        return section

    def _ensure(self) -> None:
        if self._rec is not None:
            return
        usable = self.is_usable()
        if not usable:
            raise OcrError(usable.reason)
        try:
            from rapidocr_onnxruntime.ch_ppocr_cls import TextClassifier
            from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
            from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

            self._det = _detector(TextDetector, self._config("Det"))
            self._cls = TextClassifier(self._config("Cls"))
            self._rec = TextRecognizer(self._config("Rec"))
        except Exception as exc:  # noqa: BLE001 - any failure to load is "not usable"
            self._det = self._cls = self._rec = None
            raise OcrError(f"PP-OCR failed to start: {type(exc).__name__}: {exc}") from None
        log.info("OCR engine loaded (PP-OCRv4, %d threads)", self.intra_threads)

    def open(self) -> None:
        """Load the models now (else on first use)."""
        with self._lock:
            self._ensure()

    def close(self) -> None:
        with self._lock:
            self._det = self._cls = self._rec = None

    # -- recognition ------------------------------------------------------------
    def _recognise(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        images = [_bgr(c) for c in crops]
        results, _elapsed = self._rec(images)
        return [(_clean(text), max(0.0, min(1.0, float(conf)))) for text, conf, *_ in results]

    def recognise(self, crops) -> list[tuple[str, float]]:
        """Text and confidence 0..1 of each crop (one line of text each), in one batched pass."""
        crops = list(crops)
        with self._lock:
            self._ensure()
            return self._recognise(crops)

    def read_line(self, image, whitelist: str | None = None, languages: str | None = None,
                  raw_line: bool = False) -> tuple[str, float]:
        """One line (the :class:`~kiosk.recognition.ocr.OcrEngine` call): ``whitelist`` filters
        the characters read; ``languages`` and ``raw_line`` are Tesseract's and ignored."""
        text, conf = self.recognise([image])[0]
        if whitelist:
            text = "".join(ch for ch in text if ch in whitelist)
        return text, conf

    def read_boxes(self, image, classify: bool = False, max_side: int | None = None) -> list[TextBox]:
        """Detected lines with their quadrilaterals, in reading order. ``classify``: turn lines
        printed upside down (the 180-degree classifier; a card photographed upright needs none).
        ``max_side``: the detector's input size for this image (default: rapidocr's own choice,
        960, 1500 or 2000 px by the image's size)."""
        img = _bgr(image)
        with self._lock:
            self._ensure()
            self._det.side = max_side
            quads, _elapsed = self._det(img)
            if quads is None or len(quads) == 0:
                return []
            quads = [np.asarray(q, np.float32) for q in quads]
            crops = [crop_quad(img, q) for q in quads]
            crops = [np.ascontiguousarray(np.rot90(c)) if c.shape[0] >= 1.5 * c.shape[1] else c for c in crops]
            if classify:
                crops, _cls, _elapsed = self._cls(crops)
            reads = self._recognise(crops)
        boxes = [TextBox(text, conf, q) for (text, conf), q in zip(reads, quads, strict=True) if text]
        return reading_order(boxes)

    def read_lines(self, image) -> list[Line]:
        """Every text line with its confidence and box (x, y, w, h), in reading order."""
        return [Line(b.text, b.confidence, b.box) for b in self.read_boxes(image)]

    def read_page(self, image, layout: str = "column") -> list[Line]:
        """A page's lines in reading order, columns one after another (the
        :class:`~kiosk.recognition.ocr.OcrEngine` call; ``layout`` ignored): see
        :func:`page_lines`."""
        lines = page_lines(self.read_boxes(image, max_side=self.page_det_side))
        log.debug("page read: %d lines", len(lines))
        return lines


def page_lines(boxes: list[TextBox]) -> list[Line]:
    """Detected lines as a page's :class:`~kiosk.recognition.ocr.Line` list, by
    :func:`kiosk.recognition.layout.upright`: in reading order, each box on the page turned
    upright (a photo taken askew gives the boxes a scan would)."""
    return [Line(b.text, b.confidence, box) for b, box in upright(boxes)]


_shared: PpOcrEngine | None = None
_shared_lock = threading.Lock()


def shared_engine() -> PpOcrEngine:
    """The process's one PP-OCR engine (created on first call; models load on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = PpOcrEngine()
        return _shared
