"""Scanning for the litigant: OCR of complaint pages and ID card photos, and pages photographed
for the file. The camera and OCR work runs on their workers; the GUI thread only gets finished
suggestions. Nothing recognised is logged. (Voice input: `kiosk.services.voice`.)
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.recognition")

#: the generated card and page the warm-up reads (scripts/make_ocr_warmup.py): stored, because
#: drawing them at start-up loaded the corpus's CJK fonts and kept about 85 MB for good
WARMUP_DIR = Path(__file__).resolve().parents[2] / "assets" / "ocr"


class ScanService(QObject):
    """Scan a complaint page (form suggestions) or an ID card's front (card fields).

    Failure codes: no_camera, camera_error, no_ocr, no_page (nothing readable on it), error.

    OCR runs in a process of its own (kiosk.recognition.child): the kiosk's process never loads the
    engines, and a page read takes no GIL from the GUI thread. A screen that offers a scan calls
    `prepare()` when it is shown (the child starts and loads its models while the litigant places the
    card or page), and the session's end ends it (`session_reset`), as does the start-up warm-up
    once it has checked that OCR works: a kiosk at rest has no OCR in memory.
    """

    busy = Signal(str)  # stage: capturing | reading
    page_read = Signal(object)  # {form key: kiosk.recognition.form.Suggestion}
    card_read = Signal(object)  # {field: kiosk.recognition.idcard_image.Field}
    failed = Signal(str)
    page_captured = Signal(object)  # JPEG bytes of a flattened page (materials and evidence; no OCR)
    capture_failed = Signal(str)  # no_camera | camera_error | error

    def __init__(self, camera, camera_worker, ocr_worker, *, tessdata: str | None = None,
                 languages: str = "chi_sim+eng", page_dpi: int = 200, engine: str = "ppocr") -> None:
        super().__init__()
        self._camera = camera  # the document camera, or None
        self._tessdata, self._languages, self._page_dpi = tessdata, languages, page_dpi
        self._engine_name = engine  # primary OCR engine (ocr.engine); the other is the fallback
        self._camera_worker = camera_worker
        self._ocr_worker = ocr_worker
        self._child = None
        self._token = 0
        self.last_seconds: float | None = None  # capture to result, for the logs and benchmarks

    def _ocr(self):
        """The OCR child process (kiosk.recognition.child), created on first use, started on first call."""
        if self._child is None:
            from kiosk.recognition.child import OcrChild

            self._child = OcrChild(self._engine_name, tessdata=self._tessdata, languages=self._languages,
                                   page_dpi=self._page_dpi)
        return self._child

    def warm_up(self, then=None):
        """At start-up, on the OCR worker: read a stored card and page in the OCR child once, and
        log whether OCR works (the child's libraries are then in the page cache for the first
        litigant); the child is ended afterwards. ``then()`` is called on the GUI thread
        afterwards, whether OCR works or not. Returns the worker's future."""

        def run():
            started = time.monotonic()
            self._read_card((WARMUP_DIR / "warmup-card.jpg").read_bytes())
            self._read_page((WARMUP_DIR / "warmup-page.jpg").read_bytes())  # a page on the desk
            log.info("OCR ready (warmed up in %.2f s)", time.monotonic() - started)
            self._release_now()  # a kiosk at rest has no OCR in memory

        def done(_result) -> None:
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            log.error("OCR is not working: %s: %s", type(exc).__name__, exc)
            done(None)

        return self._ocr_worker.submit(run, done, failed, session_bound=False)

    def cancel(self) -> None:
        """Forget the scan in progress (its result is dropped)."""
        self._token += 1

    def prepare(self) -> None:
        """A scan may come soon (its screen is shown): load the OCR models now, on the OCR worker."""
        if self._camera is None:
            return

        def load() -> None:
            self._ocr().open()

        self._ocr_worker.submit(load, None, lambda exc: log.info("OCR not prepared: %s", type(exc).__name__),
                                session_bound=False)

    def session_reset(self) -> None:
        """The litigant is gone: drop the scan in progress and end the OCR child."""
        self.cancel()
        if self._child is not None:
            self._ocr_worker.submit(self._release_now, session_bound=False)

    def _release_now(self) -> None:
        """On the OCR worker: end the OCR child (its memory goes with it)."""
        if self._child is not None:
            self._child.stop()

    def scan_page(self) -> None:
        self._scan("page")

    def capture_page(self) -> None:
        """Photograph a page for the file (evidence, a power of attorney): found, flattened to A4,
        deskewed and JPEG-encoded on the OCR worker; `page_captured` or `capture_failed` answers."""
        camera = self._camera
        if camera is None:
            self.capture_failed.emit("no_camera")
            return
        dpi = self._page_dpi

        def flatten(png: bytes) -> bytes:
            from drivers.camera.pages import scan_page

            # found, flattened and straightened as 材料收转's pages are (deskewed: the text lines level)
            return scan_page(png, dpi=dpi, quality=85).jpeg

        def captured(frame) -> None:
            self._ocr_worker.submit(lambda: flatten(frame.png), self.page_captured.emit,
                                    lambda exc: self._capture_failed(exc, "error"))

        self._camera_worker.submit(camera.capture, captured, lambda exc: self._capture_failed(exc, "camera_error"))

    def _capture_failed(self, exc: BaseException, code: str) -> None:
        log.warning("page capture failed (%s): %s", code, type(exc).__name__)
        self.capture_failed.emit(code)

    def scan_id_card(self) -> None:
        self._scan("card")

    def _scan(self, kind: str) -> None:
        camera = self._camera
        if camera is None:
            self.failed.emit("no_camera")
            return
        self._token += 1
        token = self._token
        started = time.monotonic()
        self.busy.emit("capturing")
        self._camera_worker.submit(
            camera.capture,
            lambda frame: self._captured(frame, kind, token, started),
            lambda exc: self._failed(exc, token, "camera_error"),
        )

    def _captured(self, frame, kind: str, token: int, started: float) -> None:
        if token != self._token:
            return
        self.busy.emit("reading")
        work = self._read_page if kind == "page" else self._read_card
        self._ocr_worker.submit(
            lambda: work(frame.png),
            lambda result: self._done(result, kind, token, started),
            lambda exc: self._failed(exc, token, None),
        )

    def _read_page(self, png: bytes):
        return self._ocr().call("page", png)  # (form, lines read), from the OCR child

    def _read_card(self, png: bytes):
        return self._ocr().call("card", png)  # (fields, fields read), from the OCR child

    def _done(self, result, kind: str, token: int, started: float) -> None:
        if token != self._token:
            return
        found, count = result
        self.last_seconds = time.monotonic() - started
        log.info("%s scanned and read in %.2f s: %d %s", kind, self.last_seconds, count,
                 "lines" if kind == "page" else "fields")
        if not found or not count:  # nothing read: a card's fields are all there, but empty
            self.failed.emit("no_page" if kind == "page" else "no_card")
        elif kind == "page":
            self.page_read.emit(found)
        else:
            self.card_read.emit(found)

    def _failed(self, exc: BaseException, token: int, code: str | None) -> None:
        if token != self._token:
            return
        from kiosk.recognition.ocr import OcrError

        if code is None:
            code = "no_ocr" if isinstance(exc, OcrError) else "error"
        log.warning("scan failed (%s): %s", code, type(exc).__name__)
        self.failed.emit(code)

    def close(self) -> None:
        child = self._child
        if child is not None:
            self._ocr_worker.submit(child.stop, session_bound=False)


def create(deps) -> ScanService:
    config = deps.config
    return ScanService(deps.devices["camera"], deps.workers["camera"], deps.workers["ocr"],
                       tessdata=config.get("ocr.tessdata") or None, languages=config.get("ocr.languages"),
                       page_dpi=config.get("ocr.page_dpi"), engine=config.get("ocr.engine"))


SERVICE = ServiceSpec("scan", create, uses_devices=("camera",), workers=("ocr",), config=("ocr",),
                      on_session_reset="session_reset", on_stop="close")
