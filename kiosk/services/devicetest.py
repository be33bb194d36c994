"""Staff device test (maintenance mode): live camera preview, microphone level, a test
read of the ID card, a test receipt. Every device call runs on that device's worker;
the GUI thread only receives finished images and numbers. Each test started is in the audit log
("device_test" with the device as the reason: id_card, receipt, a4, camera, microphone), naming the
staff member logged in."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.devicetest")

PREVIEW_MAX = (960, 720)
PREVIEW_FPS_CAP = 25  # enough for a smooth preview; leaves the other core to OCR and the rest


def frame_to_image(camera):
    """Blocking, on the camera worker: one preview frame as a QImage scaled for the screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    read_frame = getattr(camera, "read_frame", None)
    if read_frame is not None:  # OpenCV backends: a BGR numpy array, no encoding on the way
        array = read_frame()
        height, width = array.shape[:2]
        image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_BGR888).copy()
    else:  # simulators and stills: a PNG
        # The format is named, never probed: probing tries the SVG plugin, which makes a
        # QTextStream (a signal connection, so Qt's connection mutex) while this worker holds
        # the GIL. With the GUI thread inside a disconnect, waiting for the GIL, that deadlocked.
        image = QImage.fromData(camera.capture().png, "PNG")
    if image.isNull():
        raise ValueError("camera frame could not be decoded")
    return image.scaled(*PREVIEW_MAX, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)


class DeviceTestService(QObject):
    frame = Signal(object)  # QImage
    frame_rate = Signal(float)
    preview_failed = Signal(str)
    mic_level = Signal(float)
    mic_failed = Signal(str)
    card_result = Signal(str, str)  # outcome code, masked ID number or error detail
    receipt_result = Signal(bool, str)
    a4_preview = Signal(object)  # QImage of page 1, rendered from the PDF of the test page
    a4_result = Signal(str, str)  # job state (completed | failed | canceled | missing | error), reason

    def __init__(self, devices: dict, device_errors: dict, workers, receipts, kiosk_id: str, audit=None) -> None:
        """``devices``: kind -> device (None when absent); ``device_errors``: why one could not be built;
        ``audit(action, item_id, reason)``: the maintenance service's `note` (off the GUI thread)."""
        super().__init__()
        self._audit = audit or (lambda action, item_id="", reason="": None)
        self._devices = devices
        self._device_errors = device_errors
        self._kiosk_id = kiosk_id
        self._workers = workers
        self._receipts = receipts
        self._previewing = False
        self._listening = False
        self._frames: list[float] = []
        self._requested = 0.0

    # -- camera -------------------------------------------------------------------------
    @property
    def previewing(self) -> bool:
        return self._previewing

    def start_preview(self) -> None:
        if not self._previewing:
            self._previewing = True
            self._audit("device_test", "", "camera")
            self._frames.clear()
            self._next_frame()

    def stop_preview(self) -> None:
        self._previewing = False

    def stop(self) -> None:
        """The kiosk stops: no preview, no level meter."""
        self.stop_preview()
        self.stop_level()

    def _next_frame(self) -> None:
        camera = self._devices.get("camera")
        if not self._previewing or camera is None:
            return
        self._requested = time.monotonic()
        self._workers["camera"].submit(lambda: frame_to_image(camera), self._got_frame, self._frame_failed,
                                       session_bound=False)

    def _got_frame(self, image) -> None:
        if not self._previewing:
            return
        now = time.monotonic()
        self._frames = [t for t in self._frames if now - t < 2.0] + [now]
        self.frame.emit(image)
        if len(self._frames) > 1:
            self.frame_rate.emit((len(self._frames) - 1) / (self._frames[-1] - self._frames[0]))
        wait = 1.0 / PREVIEW_FPS_CAP - (time.monotonic() - self._requested)
        if wait > 0.002:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(int(wait * 1000), self._next_frame)
        else:
            self._next_frame()

    def _frame_failed(self, exc: BaseException) -> None:
        self._previewing = False
        log.warning("camera preview stopped: %s", type(exc).__name__)
        self.preview_failed.emit(f"{type(exc).__name__}: {exc}")

    # -- microphone ---------------------------------------------------------------------
    def start_level(self) -> None:
        mic = self._devices.get("microphone")
        if self._listening or mic is None:
            return
        self._listening = True
        self._audit("device_test", "", "microphone")
        self._workers["microphone"].submit(mic.start, lambda _: self._next_level(), self._mic_failed,
                                           session_bound=False)

    def stop_level(self) -> None:
        mic = self._devices.get("microphone")
        if self._listening and mic is not None:
            self._listening = False
            self._workers["microphone"].submit(mic.stop, session_bound=False)

    def _next_level(self) -> None:
        mic = self._devices.get("microphone")
        if not self._listening:
            return

        def measure():
            from drivers.audio.base import level

            return level(mic.read(100))

        self._workers["microphone"].submit(measure, self._got_level, self._mic_failed, session_bound=False)

    def _got_level(self, value: float) -> None:
        if self._listening:
            self.mic_level.emit(value)
            self._next_level()

    def _mic_failed(self, exc: BaseException) -> None:
        self._listening = False
        log.warning("microphone test stopped: %s", type(exc).__name__)
        self.mic_failed.emit(f"{type(exc).__name__}: {exc}")

    # -- ID card and receipt ------------------------------------------------------------
    def read_card(self) -> None:
        reader = self._devices.get("id_reader")
        self._audit("device_test", "", "id_card")
        if reader is None:
            self.card_result.emit("missing", "")
            return

        def read():
            from kiosk.services.identity import IdentityProblem, identity_from_card

            card = reader.poll()
            if card is None:
                return "no_card", ""
            try:
                return "ok", identity_from_card(card, datetime.now().date()).masked_id
            except IdentityProblem as exc:
                return exc.code, ""

        self._workers["id_reader"].submit(read, lambda r: self.card_result.emit(*r),
                                          lambda exc: self.card_result.emit("error", getattr(exc, "code", "") or type(exc).__name__),
                                          session_bound=False)

    def a4_test_page(self) -> None:
        """Preview, then print, an A4 test page: the preview is rendered from the PDF of the same
        document that goes to the printer through QPrinter and CUPS."""
        printer = self._devices.get("a4_printer")
        self._audit("device_test", "", "a4")
        if printer is None:
            self.a4_result.emit("missing", self._device_errors.get("a4_printer", ""))
            return
        kiosk_id = self._kiosk_id
        html = (f"<h1>打印测试 A4 test page</h1><p>{kiosk_id} · {datetime.now():%Y-%m-%d %H:%M:%S}</p>"
                "<p>中文：诉讼服务自助终端。民事起诉状、证据目录、缴费通知书。</p>"
                "<p>ASCII: ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789</p>")

        def preview():
            import tempfile
            from pathlib import Path

            from PySide6.QtCore import QSize
            from PySide6.QtPdf import QPdfDocument

            with tempfile.TemporaryDirectory(prefix="kiosk-a4-") as tmp:
                pdf = printer.render_pdf(html, Path(tmp) / "test.pdf")
                document = QPdfDocument()
                document.load(str(pdf))
                size = document.pagePointSize(0)
                image = document.render(0, QSize(int(size.width() * 1.5), int(size.height() * 1.5)))
                document.close()
            return image

        def print_page():
            job = printer.print_document(printer.make_document(html), "kiosk A4 test page")
            state = printer.wait(job, 120.0)
            return state.state, state.reason or ""

        def failed(exc: BaseException) -> None:
            self.a4_result.emit("error", f"{type(exc).__name__}: {exc}")

        worker = self._workers["a4_printer"]
        worker.submit(preview, self.a4_preview.emit, failed, session_bound=False)
        worker.submit(print_page, lambda r: self.a4_result.emit(*r), failed, session_bound=False)

    def print_test_receipt(self) -> None:
        from drivers.printer.base import Receipt, ReceiptLine

        self._audit("device_test", "", "receipt")
        kiosk_id = self._kiosk_id
        receipt = Receipt(lines=[
            ReceiptLine("打印测试 Test print", align="center", bold=True, double=True),
            ReceiptLine(f"{kiosk_id}  {datetime.now():%Y-%m-%d %H:%M:%S}", align="center"),
            ReceiptLine("中文：诉讼服务自助终端 —— 。，、《》￥", align="left"),
            ReceiptLine("ASCII: 0123456789 ABCDEFGHIJ", align="left"),
        ], qr=f"TEST:{kiosk_id}", cut=True)
        self._receipts.print_receipt(receipt, lambda: self.receipt_result.emit(True, ""),
                                     lambda code: self.receipt_result.emit(False, code))


def create(deps) -> DeviceTestService:
    return DeviceTestService(deps.devices, deps.device_errors, deps.workers, deps.services["receipts"],
                             deps.config.get("kiosk.kiosk_id"), audit=deps.services["maintenance"].note)


SERVICE = ServiceSpec("device_test", create, uses_devices=("camera", "microphone", "id_reader", "a4_printer"),
                      config=("kiosk.kiosk_id",), requires=("receipts", "maintenance"), on_stop="stop")
