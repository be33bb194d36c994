"""Touch widgets used after start-up: QR codes and receipt paper."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget


class QrView(QWidget):
    """Paints a QR code's modules (made with segno) crisply at any size."""

    def __init__(self, data: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.qr import qr_matrix

        self._matrix = qr_matrix(data)
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
