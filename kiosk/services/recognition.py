"""Recognition for the litigant: OCR of scanned pages and ID card photos, dictation and voice
commands. The camera, OCR and microphone work runs on their workers; the GUI thread only gets
finished suggestions, partial texts and levels. Nothing recognised is logged.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("kiosk.recognition")


def _decode(png: bytes):
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("camera image could not be decoded")
    return image


class ScanService(QObject):
    """Scan a complaint page (form suggestions) or an ID card's front (card fields).

    Failure codes: no_camera, camera_error, no_ocr, no_page (nothing readable on it), error.
    """

    busy = Signal(str)  # stage: capturing | reading
    page_read = Signal(object)  # {form key: kiosk.recognition.backfill.Suggestion}
    card_read = Signal(object)  # {field: kiosk.recognition.idcard_image.Field}
    failed = Signal(str)
    page_captured = Signal(object)  # JPEG bytes of a flattened page (materials and evidence; no OCR)
    capture_failed = Signal(str)  # no_camera | camera_error | error

    def __init__(self, core, camera_worker, ocr_worker) -> None:
        super().__init__()
        self._core = core
        self._camera_worker = camera_worker
        self._ocr_worker = ocr_worker
        self._engine = None
        self._token = 0
        self.last_seconds: float | None = None  # capture to result, for the logs and benchmarks

    def _ocr_engine(self):
        """On the OCR worker: the one engine, created on first use."""
        if self._engine is None:
            from kiosk.recognition.ocr import OcrEngine

            config = self._core.config
            self._engine = OcrEngine(tessdata=config.get("ocr.tessdata") or None,
                                     languages=config.get("ocr.languages"))
        return self._engine

    def warm_up(self):
        """At start-up, on the OCR worker: load Tesseract and read a generated card and page
        once, so the first litigant's scan pays no imports or model loading (each holds the
        GIL and stalls the GUI thread). Logs whether OCR works. Returns the worker's future."""

        def run():
            import cv2

            from kiosk.recognition import corpus

            started = time.monotonic()
            card, _ = corpus.make_card(0)
            page, _ = corpus.make_page(0)
            self._read_card(cv2.imencode(".png", card)[1].tobytes())
            photo = cv2.copyMakeBorder(page[:600], 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=(58, 52, 48))
            self._read_page(cv2.imencode(".png", photo)[1].tobytes())  # a page on the desk
            log.info("OCR ready (warmed up in %.2f s)", time.monotonic() - started)

        def failed(exc: BaseException) -> None:
            log.error("OCR is not working: %s: %s", type(exc).__name__, exc)

        return self._ocr_worker.submit(run, None, failed, session_bound=False)

    def cancel(self) -> None:
        """Forget the scan in progress (its result is dropped)."""
        self._token += 1

    def scan_page(self) -> None:
        self._scan("page")

    def capture_page(self) -> None:
        """Photograph a page for the file (evidence, a power of attorney): found, flattened to A4 and
        JPEG-encoded on the OCR worker; `page_captured` or `capture_failed` answers."""
        camera = self._core.devices.get("camera")
        if camera is None:
            self.capture_failed.emit("no_camera")
            return
        dpi = self._core.config.get("ocr.page_dpi")

        def flatten(png: bytes) -> bytes:
            import cv2

            from drivers.camera.pages import find_page, warp_page

            image = _decode(png)
            corners = find_page(image)
            if corners is not None:
                image = warp_page(image, corners, dpi=dpi)
            ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
            if not ok:
                raise ValueError("the page could not be encoded")
            return data.tobytes()

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
        camera = self._core.devices.get("camera")
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
        from drivers.camera.pages import find_page, warp_page
        from kiosk.recognition.backfill import suggest_form

        engine = self._ocr_engine()
        image = _decode(png)
        corners = find_page(image)
        if corners is not None:
            image = warp_page(image, corners, dpi=self._core.config.get("ocr.page_dpi"))
        lines = engine.read_page(image)
        return suggest_form(lines), len(lines)

    def _read_card(self, png: bytes):
        from kiosk.recognition.idcard_image import find_card, read_id_card

        image = _decode(png)
        if find_card(image) is None:
            return None, 0
        fields = read_id_card(image, self._ocr_engine())
        return fields, sum(1 for f in fields.values() if f.value)

    def _done(self, result, kind: str, token: int, started: float) -> None:
        if token != self._token:
            return
        found, count = result
        self.last_seconds = time.monotonic() - started
        log.info("%s scanned and read in %.2f s: %d %s", kind, self.last_seconds, count,
                 "lines" if kind == "page" else "fields")
        if not found:
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
        engine = self._engine
        if engine is not None:
            self._ocr_worker.submit(engine.close, session_bound=False)


class VoiceService(QObject):
    """Dictation into a text field and voice commands, on the microphone's worker.

    ``availability`` tells the UI whether voice input works and, if not, why
    (code: off | no_model | no_microphone | model_failed). Only one listening session
    runs at a time; ``stop()`` ends it within one microphone read.
    """

    availability = Signal(bool, str)
    state = Signal(str)  # preparing | listening | idle
    level = Signal(float)
    partial = Signal(str)
    final = Signal(str)
    command = Signal(str)  # the action of the recognised phrase
    no_match = Signal()
    failed = Signal(str)  # no_microphone | model_failed | error

    def __init__(self, core, dispatcher, microphone_worker, speech_worker) -> None:
        super().__init__()
        from kiosk.recognition.speech import SpeechEngine

        config = core.config
        self._core = core
        self._dispatcher = dispatcher
        self._mic_worker = microphone_worker
        self._speech_worker = speech_worker
        self.engine = SpeechEngine(config.get("speech.model_path") if config.get("speech.enabled") else "")
        self._enabled = bool(config.get("speech.enabled"))
        self.language = config.get("speech.language")
        self._stop: threading.Event | None = None
        self._model_code: str | None = None  # None until checked on the worker
        self._mic_missing = core.devices.get("microphone") is None
        self._ok, self._code = False, "checking"
        self.last_result = None
        self._speech_worker.submit(self._check_model, self._model_checked, session_bound=False)

    # -- availability ------------------------------------------------------------------
    def _check_model(self) -> str:
        if not self._enabled:
            return "off"
        usable = self.engine.is_usable()
        if not usable:
            log.info("voice input unavailable: %s", usable.reason)
            return "no_model"
        return ""

    def _model_checked(self, code: str) -> None:
        self._model_code = code
        self._publish()

    def microphone_health(self, ok: bool) -> None:
        """From the device health checks: whether the microphone works."""
        missing = not ok or self._core.devices.get("microphone") is None
        if missing != self._mic_missing:
            self._mic_missing = missing
            self._publish()

    def _publish(self) -> None:
        if self._model_code is None:
            ok, code = False, "checking"
        elif self._model_code:
            ok, code = False, self._model_code
        elif self._mic_missing:
            ok, code = False, "no_microphone"
        else:
            ok, code = True, ""
        if (ok, code) != (self._ok, self._code):
            self._ok, self._code = ok, code
            self.availability.emit(ok, code)

    @property
    def available(self) -> tuple[bool, str]:
        return self._ok, self._code

    def prepare(self) -> None:
        """Load the model in the background if voice input is available (a screen with voice
        input is being shown); no-op once loaded."""
        if self._ok and not self.engine.loaded:
            self._speech_worker.submit(self._load_quietly, session_bound=False)

    def _load_quietly(self) -> None:
        from kiosk.recognition.speech import SpeechUnavailable

        try:
            self.engine.load()
        except SpeechUnavailable:
            self._dispatcher.post(lambda: self._model_checked("model_failed"))

    # -- listening ---------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._stop is not None

    def dictate(self, single_utterance: bool = True) -> bool:
        """Listen and transcribe: partial texts live, a final text per utterance. With
        ``single_utterance`` it stops after the first one. False if voice input is unavailable."""
        return self._listen("dictation", single_utterance, None)

    def listen_for_command(self, phrases: dict[str, str]) -> bool:
        """Listen for one of ``phrases`` (phrase -> action); emits ``command(action)``
        or ``no_match``."""
        return self._listen("command", True, dict(phrases))

    def stop(self) -> None:
        """Stop listening; dictation keeps what was said so far."""
        if self._stop is not None:
            self._stop.set()

    def _listen(self, mode: str, single: bool, phrases: dict[str, str] | None) -> bool:
        if not self._ok:
            return False
        self.stop()
        stop = threading.Event()
        self._stop = stop
        microphone = self._core.devices["microphone"]
        config = self._core.config
        post = self._dispatcher.post

        def live(fn):
            """Deliver to the GUI thread unless this session was stopped and replaced."""
            return lambda *args: post(lambda: fn(*args) if self._stop is stop else None)

        def run():
            from kiosk.recognition.speech import listen

            if not self.engine.loaded:
                post(lambda: self.state.emit("preparing") if self._stop is stop else None)
            if mode == "command":
                recognizer = self.engine.commands(
                    list(phrases), config.get("speech.command_trailing_silence_ms"),
                    config.get("speech.silence_level"))
            else:
                recognizer = self.engine.dictation()
            if stop.is_set():
                return None
            post(lambda: self.state.emit("listening") if self._stop is stop else None)
            try:
                return listen(
                    microphone, recognizer, stop,
                    on_partial=live(self.partial.emit) if mode == "dictation" else None,
                    on_final=live(lambda f: self.final.emit(f.text)) if mode == "dictation" else None,
                    on_level=live(self.level.emit),
                    chunk_ms=config.get("speech.chunk_ms"),
                    max_seconds=config.get("speech.max_listen_seconds"),
                    finish_on_stop=mode == "dictation",
                    stop_on_final=single,
                )
            finally:
                close = getattr(recognizer, "close", None)
                if close is not None:
                    close()

        def done(result) -> None:
            if self._stop is not stop:
                return
            self._stop = None
            self.last_result = result  # timings for benchmarks; its text is never logged
            if mode == "command" and not stop.is_set():
                action = phrases.get(result.phrase) if result is not None and result.phrase else None
                if action:
                    self.command.emit(action)
                else:
                    self.no_match.emit()
            self.state.emit("idle")

        def failed(exc: BaseException) -> None:
            from drivers.base import DeviceUnavailable
            from kiosk.recognition.speech import SpeechUnavailable

            if isinstance(exc, SpeechUnavailable):
                code = "model_failed"
                self._model_checked("model_failed")
            elif isinstance(exc, DeviceUnavailable):
                code = "no_microphone"
            else:
                code = "error"
            log.warning("voice input failed (%s): %s", code, type(exc).__name__)
            if self._stop is stop:
                self._stop = None
                self.state.emit("idle")
            self.failed.emit(code)

        self._mic_worker.submit(run, done, failed)
        return True

    def reset(self) -> None:
        """Session reset: stop listening at once, nothing heard is delivered."""
        stop, self._stop = self._stop, None
        if stop is not None:
            stop.set()
            self.state.emit("idle")
