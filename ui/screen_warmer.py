"""Every screen drawn once, off-screen, while the attract screen waits for the first litigant.

A screen's first display pays for work Qt does once per widget: polishing it with the style
sheet, its layout's first pass, the glyphs of its texts and its icons. Measured on the 2-core
machine, the first display of the menu cost 1,450 polish events and some 60 ms on the GUI thread,
against 30 ms on any later display. `ScreenWarmer` does that work at start-up instead: each page
of the window's stack is polished and rendered into an image the size of the stack, one page per
turn of the event loop, so no turn is long and a touch in between is answered at once.

Nothing is shown: the pages stay hidden, and the image is thrown away.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

log = logging.getLogger("ui.screen_warmer")


class ScreenWarmer(QObject):
    """Render ``pages`` (hidden widgets of the window) once each, one per event-loop turn, then
    call ``then``. ``size()`` gives the size to lay them out at (the stack's)."""

    def __init__(self, pages: list[QWidget], size: Callable, then: Callable[[], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pages = list(pages)
        self._size = size
        self._then = then
        self.warmed = 0
        self.longest_ms = 0.0
        self._started = 0.0

    def start(self) -> None:
        self._started = time.monotonic()
        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        while self._pages:
            page = self._pages.pop(0)
            if page.isVisible():  # shown by now: Qt has done it already
                continue
            begun = time.perf_counter()
            try:
                self._warm(page)
            except RuntimeError:  # deleted meanwhile (a window closing)
                continue
            self.warmed += 1
            self.longest_ms = max(self.longest_ms, (time.perf_counter() - begun) * 1000)
            QTimer.singleShot(0, self._next)
            return
        log.info("%d screens drawn ahead in %.1f s (the longest %.0f ms)", self.warmed,
                 time.monotonic() - self._started, self.longest_ms)
        if self._then is not None:
            then, self._then = self._then, None
            then()

    def _warm(self, page: QWidget) -> None:
        size = self._size()
        if size.isEmpty():
            return
        page.ensurePolished()
        if page.size() != size:
            page.resize(size)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        page.render(image)
