"""The idle warning: a countdown over the whole window, then the session is wiped.

With speech on (the green channel) the countdown is also spoken, in the session's language: the
whole warning when it appears, then the seconds left every ten seconds and each of the last five.
Continue, a touch or any key hides it and stops the speaking."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets import button, label

LAST_EACH = 5  # the last seconds are each said
EVERY = 10  # before that, every this many seconds
BOX_WIDTH = 760  # at text size M; wider for larger text, never wider than the window


def spoken_mark(seconds: int):
    """Which announcement ``seconds`` left belong to: the countdown is said when this changes (so a
    late tick that skips a mark still says the seconds left)."""
    return ("each", seconds) if seconds <= LAST_EACH else ("tens", -(-seconds // EVERY))


class IdleOverlay(QWidget):
    keep_going = Signal()

    def __init__(self, parent: QWidget, announcer=None) -> None:
        """``announcer``: kiosk.services.announcer (None: nothing is spoken)."""
        super().__init__(parent)
        self._announcer = announcer
        self._mark = None  # the last announcement's spoken_mark; None: not spoken since shown
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        outer = QVBoxLayout(self)
        box = QWidget()
        box.setObjectName("overlayBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box.setFixedWidth(BOX_WIDTH)
        self.box = box
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
        self._fit()
        self.raise_()
        self.show()
        self._speak(seconds)

    def _fit(self) -> None:
        """The box as wide as the text size asks (within the window), its texts as tall as they wrap."""
        from ui import theme

        width = min(round(BOX_WIDTH * theme.scale()), max(BOX_WIDTH, self.width() - 80))
        self.box.setFixedWidth(width)
        margins = self.box.layout().contentsMargins()
        for text in (self.heading, self.countdown):
            text.ensurePolished()
            text.setMinimumHeight(text.heightForWidth(width - margins.left() - margins.right()))

    def _speak(self, seconds: int) -> None:
        announcer = self._announcer
        mark = spoken_mark(seconds)
        if announcer is None or mark == self._mark:
            return
        first = self._mark is None
        self._mark = mark
        if first:
            announcer.error(self.tr("Are you still there? Everything you entered will be cleared in {seconds} "
                                    "seconds. Touch Continue or press any key to keep going.")
                            .replace("{seconds}", str(seconds)))
        else:
            announcer.change(self.tr("{seconds} seconds.").replace("{seconds}", str(seconds)))

    def hideEvent(self, event) -> None:
        """Continue, a touch, a key or the reset: the spoken countdown stops with the warning."""
        super().hideEvent(event)
        if self._mark is not None:
            self._mark = None
            if self._announcer is not None:
                self._announcer.stop()
