"""Maintenance: try each device as a litigant would use it (camera preview, microphone
level, ID card, receipt). Staff only; reached from the maintenance screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Card, Screen, button, label, set_role


class DeviceTestScreen(Screen):
    name = "device_test"
    in_visit = False
    SPEC = ScreenSpec(
        "device_test",
        lambda: QCoreApplication.translate("screens", "Device test"),
        lambda: QCoreApplication.translate("screens", "Try each device as a litigant would use it."),
        ("testReadCard", "testReceipt", "testA4", "backToMaintenance"),
    )

    def __init__(self, nav, service) -> None:
        super().__init__()
        self._nav = nav
        self._service = service
        self._fps = 0.0
        service.frame.connect(self._frame)
        service.frame_rate.connect(self._frame_rate)
        service.preview_failed.connect(self._preview_failed)
        service.mic_level.connect(self._level)
        service.mic_failed.connect(self._mic_failed)
        service.card_result.connect(self._card)
        service.receipt_result.connect(self._receipt)
        service.a4_preview.connect(self._a4_preview)
        service.a4_result.connect(self._a4_result)

        layout = QGridLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        camera = Card()
        self.camera_title = label("title")
        camera.layout_.addWidget(self.camera_title)
        self.preview = QLabel()
        self.preview.setObjectName("cameraPreview")
        self.preview.setMinimumSize(640, 480)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #111; border-radius: 8px;")
        camera.layout_.addWidget(self.preview, 1)
        self.preview_status = label("hint", name="previewStatus")
        camera.layout_.addWidget(self.preview_status)
        layout.addWidget(camera, 0, 0, 2, 1)

        right = QVBoxLayout()
        mic = Card()
        self.mic_title = label("title")
        mic.layout_.addWidget(self.mic_title)
        self.meter = QProgressBar()
        self.meter.setObjectName("micLevel")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setMinimumHeight(36)
        mic.layout_.addWidget(self.meter)
        self.mic_status = label("hint", name="micStatus")
        mic.layout_.addWidget(self.mic_status)
        right.addWidget(mic)

        card = Card()
        self.card_title = label("title")
        card.layout_.addWidget(self.card_title)
        self.read_card = button("testReadCard")
        self.read_card.clicked.connect(service.read_card)
        card.layout_.addWidget(self.read_card)
        self.card_status = label(name="cardStatus")
        card.layout_.addWidget(self.card_status)
        right.addWidget(card)

        printer = Card()
        self.printer_title = label("title")
        printer.layout_.addWidget(self.printer_title)
        row = QHBoxLayout()
        self.print_receipt = button("testReceipt")
        self.print_receipt.clicked.connect(service.print_test_receipt)
        row.addWidget(self.print_receipt)
        printer.layout_.addLayout(row)
        self.printer_status = label(name="printerStatus")
        printer.layout_.addWidget(self.printer_status)
        self.print_a4 = button("testA4")
        self.print_a4.clicked.connect(self._a4)
        row.addWidget(self.print_a4)
        self.a4_status = label(name="a4Status")
        printer.layout_.addWidget(self.a4_status)
        right.addWidget(printer)
        right.addStretch()
        self.back = button("backToMaintenance", "danger")
        self.back.clicked.connect(nav.back_to_maintenance)
        right.addWidget(self.back)
        layout.addLayout(right, 0, 1, 2, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        self.retranslate()

    def enter(self) -> None:
        self._service.start_preview()
        self._service.start_level()

    def leave(self) -> None:
        self._service.stop_preview()
        self._service.stop_level()
        self.preview.clear()
        self.card_status.clear()

    def _frame(self, image) -> None:
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))

    def _frame_rate(self, fps: float) -> None:
        self._fps = fps
        self.preview_status.setText(self.tr("Live preview: {fps} frames/s").replace("{fps}", f"{fps:.1f}"))

    def _level(self, value: float) -> None:
        self.meter.setValue(round(min(1.0, value * 3) * 100))  # speech RMS rarely passes 0.3
        self.mic_status.setText(self.tr("Speak: the bar follows your voice."))

    def _card(self, code: str, detail: str) -> None:
        texts = {
            "ok": self.tr("Card read: {id}"),
            "no_card": self.tr("No card on the reader."),
            "expired": self.tr("The card was read but has expired."),
            "invalid_id": self.tr("The card was read but its ID number fails the check."),
            "missing": self.tr("No ID card reader is configured."),
        }
        self._say(self.card_status, texts.get(code, self.tr("Reading failed: {id}")).replace("{id}", detail),
                  error=code not in ("ok", "no_card"))

    def _receipt(self, ok: bool, code: str) -> None:
        if ok:
            self._say(self.printer_status, self.tr("Test receipt printed."))
        else:
            self._say(self.printer_status, self.tr("Test receipt failed: {code}").replace("{code}", code), error=True)

    def _a4(self) -> None:
        self._say(self.a4_status, self.tr("Printing the A4 test page…"))
        self._service.a4_test_page()

    def _a4_preview(self, image) -> None:
        """The print preview: the page as it will come out, in place of the camera picture."""
        self._service.stop_preview()
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.preview_status.setText(self.tr("Print preview of the A4 test page"))

    def _a4_result(self, state: str, reason: str) -> None:
        if state == "completed":
            self._say(self.a4_status, self.tr("A4 test page printed (CUPS job completed)."))
        elif state == "missing":
            self._say(self.a4_status, self.tr("No A4 printer: {reason}").replace("{reason}", reason), error=True)
        else:
            self._say(self.a4_status, self.tr("A4 test page failed: {state} {reason}")
                      .replace("{state}", state).replace("{reason}", reason), error=True)

    # Bound slots, not lambdas: Qt drops a bound slot's connection when this screen is destroyed,
    # while a lambda would outlive it and reach deleted labels (a late "microphone lost").
    def _preview_failed(self, reason: str) -> None:
        self._say(self.preview_status, reason, error=True)

    def _mic_failed(self, reason: str) -> None:
        self._say(self.mic_status, reason, error=True)

    def _say(self, widget, text: str, error: bool = False) -> None:
        widget.setText(text)
        set_role(widget, "error" if error else "ok")

    def retranslate(self) -> None:
        self.camera_title.setText(self.tr("Document camera"))
        self.mic_title.setText(self.tr("Microphone"))
        self.card_title.setText(self.tr("ID card reader"))
        self.printer_title.setText(self.tr("Printers"))
        self.read_card.setText(self.tr("Read the card on the reader"))
        self.print_receipt.setText(self.tr("Test receipt"))
        self.print_a4.setText(self.tr("A4 test page"))
        self.back.setText(self.tr("Back to maintenance"))


SCREEN = ScreenEntry("device_test", lambda nav, services: DeviceTestScreen(nav, services.device_test))
