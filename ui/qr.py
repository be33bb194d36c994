"""QR codes on screen (segno), made off the GUI thread.

Making a QR code is pure Python: segno encodes the text and tries its eight masks for the most
readable one, some 6-8 ms for a payment link. `QrLabel` has that done on a thread of its own and
shows the image when it is ready (a few ms later), so showing a fee's QR or a filing's phone link
never holds the screen up.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel

log = logging.getLogger("ui.qr")

BORDER = 4  # modules of quiet zone on each side (ISO/IEC 18004)


def qr_matrix(content: str) -> list[bytes]:
    """The modules of ``content``'s QR code (error correction M), one bytes row per line, 1 dark."""
    import segno

    return [bytes(row) for row in segno.make(content, error="m", micro=False).matrix]


def qr_image(content: str, size: int) -> QImage:
    """The QR code of ``content`` as a crisp black-on-white image of at most ``size`` px (quiet
    zone included), each module a whole number of pixels (no blurry scaling). Any thread."""
    matrix = qr_matrix(content)
    modules = len(matrix) + 2 * BORDER
    scale = max(1, size // modules)
    side = modules * scale
    dark, light = b"\x00" * scale, b"\xff" * scale
    quiet_rows = b"\xff" * (side * BORDER * scale)
    quiet = b"\xff" * (BORDER * scale)
    rows = [quiet + b"".join(dark if module else light for module in row) + quiet for row in matrix]
    pixels = quiet_rows + b"".join(line * scale for line in rows) + quiet_rows
    image = QImage(pixels, side, side, side, QImage.Format.Format_Grayscale8).copy()  # owns its pixels
    return image


class QrLabel(QLabel):
    """A label that shows the QR code of the text given to `show_content` (white, ``size`` px
    square); the code is made on a worker thread and shown when ready."""

    _made = Signal(int, QImage)

    def __init__(self, size: int, name: str = "") -> None:
        super().__init__()
        if name:
            self.setObjectName(name)
        self._size = size
        self._asked = 0  # the latest request; an older one's image is dropped
        self.content: str | None = None
        self.setFixedSize(size, size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: #ffffff;")  # a QR needs a light quiet zone, also in high contrast
        self._made.connect(self._show_made)

    def show_content(self, content: str | None) -> None:
        """Show the QR of ``content`` (None: nothing)."""
        if content == self.content:
            return
        self.content = content
        self._asked += 1
        self.clear()
        if content is None:
            return
        asked, size = self._asked, self._size
        # a thread of its own for each code (a few a visit): nothing stays running between them
        threading.Thread(target=self._make, args=(asked, content, size), name="qr", daemon=True).start()

    def _make(self, asked: int, content: str, size: int) -> None:
        """On the QR thread: make the image and hand it to the GUI thread (a queued signal)."""
        try:
            image = qr_image(content, size)
        except Exception as exc:  # noqa: BLE001 - a text segno cannot encode: no code, said in the log
            log.error("QR code not made: %s", type(exc).__name__)
            return
        try:
            self._made.emit(asked, image)
        except RuntimeError:  # the label was deleted meanwhile
            pass

    def _show_made(self, asked: int, image: QImage) -> None:
        if asked == self._asked:
            self.setPixmap(QPixmap.fromImage(image))

    def ready(self) -> bool:
        """The code asked for is shown."""
        return self.content is not None and not self.pixmap().isNull()
