"""The DEMO band: in demo mode a slim yellow-and-black band across the top of every screen says
that this is practice and nothing reaches the court (demo mode runs simulated devices and the
embedded court sandbox, yet its screens say 已提交 / submitted).

It is a child of the window's central widget, first in its layout (so it covers none of the
header's texts and buttons and stays at the top edge whatever the window's size or screen),
raised, never focused, and transparent to mouse and touch events: a touch on it reaches what is
under it. It follows the language switch and the text size (ui.theme). Painted by hand, with no
style sheet, so that no scheme can make it blend in: black on yellow (16:1) in every scheme.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPolygon
from PySide6.QtWidgets import QWidget

YELLOW = "#ffd400"
BLACK = "#000000"
HEIGHT = 40  # pixels at text size M; scaled with the text size
TEXT = 22  # pixel size of the text at M
STRIPES = 6  # black diagonal stripes at each end


class DemoBand(QWidget):
    """The band; ``DemoBand(window)`` puts it at the top of ``window`` (a ui.main_window.MainWindow)."""

    def __init__(self, window) -> None:
        central = window.centralWidget()
        super().__init__(central)
        self.setObjectName("demoBand")  # no focus: a QWidget's default
        self._text = ""
        self._pixels = TEXT
        window._root.insertWidget(0, self)  # above the header: it hides nothing
        self.raise_()
        window._switch_language.listeners.append(self.retranslate)
        from ui import theme

        theme.notifier().changed.connect(self._restyle)
        self._restyle()
        self.retranslate()

    def let_touches_through(self) -> None:
        """Touches go to what is under the band. Called once the first screen is painted: the
        attribute is one of PySide6's `Qt` enums, whose first use builds all ~90 of them."""
        from PySide6.QtCore import Qt

        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def text(self) -> str:
        return self._text

    def retranslate(self) -> None:
        self._text = QCoreApplication.translate("DemoBand", "DEMO — practice only: nothing is sent to the court")
        self.setAccessibleName(self._text)
        self.update()

    def _restyle(self, text_size: str | None = None, scheme: str | None = None) -> None:
        from ui import theme

        factor = theme.scale(text_size)
        self._pixels = round(TEXT * factor)
        self.setFixedHeight(round(HEIGHT * factor))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        w, h = self.width(), self.height()
        painter.fillRect(0, 0, w, h, QColor(YELLOW))
        font = QFont(self.font())
        font.setPixelSize(self._pixels)
        font.setBold(True)
        metrics = QFontMetrics(font)
        text = self._text
        if metrics.horizontalAdvance(text) > max(w - 2 * h, 0):  # (Qt's enums only when needed: cold start)
            text = metrics.elidedText(text, _elide_right(), max(w - 2 * h, 0))
        text_w = metrics.horizontalAdvance(text)
        step = h  # stripes at 45 degrees, as wide as the gaps between them; fewer when the text needs room
        stripes = max(0, min(STRIPES, ((w - text_w) // 2 - h) // step))
        painter.setPen(QColor(BLACK))
        painter.setBrush(QColor(BLACK))
        for end in (0, w - stripes * step):
            for i in range(stripes):
                x = end + i * step
                painter.drawPolygon(QPolygon([QPoint(x, h), QPoint(x + step // 2, h), QPoint(x + step, 0),
                                              QPoint(x + step // 2, 0)]))
        painter.setFont(font)
        painter.drawText((w - text_w) // 2, (h + metrics.ascent() - metrics.descent()) // 2, text)
        painter.end()


def _elide_right():
    from PySide6.QtCore import Qt

    return Qt.TextElideMode.ElideRight
