"""The idle warning: a countdown over the whole window, then the session is wiped."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets import button, label


class IdleOverlay(QWidget):
    keep_going = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        outer = QVBoxLayout(self)
        box = QWidget()
        box.setObjectName("overlayBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box.setFixedWidth(760)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 40, 40, 40)
        self.heading = label("title", name="idleHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = label("big", name="idleCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = button("idleContinue", "primary")
        self.button.clicked.connect(self.keep_going)
        inner.addWidget(self.heading)
        inner.addWidget(self.countdown)
        inner.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addStretch()
        outer.addWidget(box, alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addStretch()
        self.hide()

    def show_remaining(self, seconds: int) -> None:
        self.heading.setText(self.tr("Are you still there?"))
        self.countdown.setText(self.tr("Everything you entered will be cleared in {seconds} s.")
                               .replace("{seconds}", str(seconds)))
        self.button.setText(self.tr("Continue"))
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
