"""Touch widgets shared by the screens.

This module is on the path to the first paint of the attract screen: it refers to the
`Qt` namespace only inside functions that run later (creating the namespace's enums
costs ~20 ms, a fifth of a bare PySide6 window's start-up).
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.screen_specs import ScreenSpec, spec


def button(name: str, role: str = "", parent: QWidget | None = None) -> QPushButton:
    b = QPushButton(parent)
    b.setObjectName(name)
    if role:
        b.setProperty("role", role)
    return b  # QPushButton takes focus by touch and by keypad (StrongFocus) already


def label(role: str = "", wrap: bool = True, name: str = "") -> QLabel:
    lab = QLabel()
    if role:
        lab.setProperty("role", role)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    return lab


def set_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Screen(QWidget):
    """A full screen of the kiosk. Its title, prompt and focus order come from SPECS."""

    name = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.name}Screen")

    @property
    def spec(self) -> ScreenSpec:
        return spec(self.name)

    def retranslate(self) -> None:
        """Set every visible text; called at creation and on a language change."""

    def enter(self) -> None:
        """The screen is being shown."""

    def leave(self) -> None:
        """The screen is being hidden."""

    def clear(self) -> None:
        """Forget everything personal (session reset)."""

    def focus_widgets(self) -> list[QWidget]:
        found = []
        for name in self.spec.focus:
            w = self.findChild(QWidget, name) or self.window().findChild(QWidget, name)
            if w is not None and w.isVisibleTo(self.window()) and w.isEnabled():
                found.append(w)
        return found

    def apply_focus_order(self) -> None:
        widgets = self.focus_widgets()
        for a, b in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(a, b)
        if widgets:
            widgets[0].setFocus()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class Card(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(28, 24, 28, 24)
        self.layout_.setSpacing(14)


class PinPad(QWidget):
    """A numeric keypad for the staff PIN; digits are never echoed."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits = ""
        layout = QVBoxLayout(self)
        self.prompt = label("title", name="pinPrompt")
        self.prompt.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.dots = label("big", name="pinDots")
        self.dots.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.message = label("error", name="pinMessage")
        self.message.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.prompt)
        layout.addWidget(self.dots)
        layout.addWidget(self.message)
        grid = QGridLayout()
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"]):
            b = button(f"pinKey_{key}", "primary" if key == "OK" else "")
            b.setText(key)
            b.setMinimumSize(120, 88)
            b.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(b, i // 3, i % 3)
        layout.addLayout(grid)
        self.cancel = button("pinCancel")
        layout.addWidget(self.cancel)
        self.cancel.clicked.connect(self._cancel)
        self._update()

    def _press(self, key: str) -> None:
        if key == "C":
            self._digits = ""
        elif key == "OK":
            digits, self._digits = self._digits, ""
            self.submitted.emit(digits)
        elif len(self._digits) < 12:
            self._digits += key
        self._update()

    def type_pin(self, pin: str) -> None:
        for ch in pin:
            self._press(ch)
        self._press("OK")

    def _cancel(self) -> None:
        self._digits = ""
        self._update()
        self.cancelled.emit()

    def _update(self) -> None:
        self.dots.setText("●" * len(self._digits) or " ")


class QrView(QWidget):
    """Paints a QR code's modules (made with segno) crisply at any size."""

    def __init__(self, data: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import segno

        self._matrix = [list(row) for row in segno.make(data, error="m", micro=False).matrix]
        self.setMinimumSize(140, 140)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event) -> None:
        n = len(self._matrix) + 8
        size = min(self.width(), self.height())
        cell = size / n
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QColor("black"))
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    p.drawRect(QRectF((x + 4) * cell, (y + 4) * cell, cell + 0.2, cell + 0.2))
        p.end()


class ReceiptView(QFrame):
    """A strip of receipt paper showing decoded ESC/POS elements."""

    def __init__(self, elements, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("background: #fffef8; border: 1px solid #ccc;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(2)
        for el in elements:
            kind = type(el).__name__
            if kind == "TextLine":
                lab = QLabel(el.text)
                lab.setWordWrap(True)
                f = QFont("Noto Sans Mono CJK SC")
                f.setPixelSize(20 if el.double else 11)
                f.setBold(bool(el.bold))
                lab.setFont(f)
                lab.setStyleSheet("color: black; background: transparent; border: none;")
                align = {"center": QtCore.Qt.AlignmentFlag.AlignHCenter, "right": QtCore.Qt.AlignmentFlag.AlignRight}
                lab.setAlignment(align.get(el.align, QtCore.Qt.AlignmentFlag.AlignLeft))
                layout.addWidget(lab)
            elif kind == "QrCode":
                row = QHBoxLayout()
                row.addStretch()
                row.addWidget(QrView(el.data))
                row.addStretch()
                layout.addLayout(row)
            elif kind == "Cut":
                cut = QLabel("✂ - - - - - - - - - - - - - - -")
                cut.setStyleSheet("color: #999; border: none; font-size: 12px;")
                layout.addWidget(cut)


class LongPressArea(QWidget):
    """An invisible corner that emits `held` after being pressed for `seconds`."""

    held = Signal()

    def __init__(self, seconds: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceCorner")
        self.setFixedSize(90, 90)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self.held)

    def mousePressEvent(self, event) -> None:
        self._timer.start()

    def mouseReleaseEvent(self, event) -> None:
        self._timer.stop()
