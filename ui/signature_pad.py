"""Signing with a finger on the screen: `SignaturePad` and the `SignatureBox` around it.

The pad takes touch points (QTouchEvent) and mouse or stylus drags, draws smooth
anti-aliased strokes on white, and gives the ink as a small black-on-white PNG cropped to
the signature. A tap or a dot is not a signature (`is_signed()`). A signature stored
earlier (going back in the wizard) is shown as a picture until the litigant clears it.
`SignatureBox` adds "Clear" and "I will sign on paper instead" and reads and writes a
`FilingDraft` (signature_png, sign_on_paper).

Never logs anything about the ink.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.service_address_form import CheckRow
from ui.widgets import button

#: A signature: at least this many points in all,
MIN_POINTS = 10
#: ... ink at least this share of the pad's width long in all (taps and dashes are not),
MIN_INK_SHARE = 0.25
#: ... and a bounding box at least this share of the pad's width,
MIN_WIDTH_SHARE = 0.15
#: ... or two strokes or more over at least this share of the width (a short Chinese name).
MIN_MULTI_STROKE_SHARE = 0.08
#: The PNG: at most this wide (and high), with this margin around the ink (in output pixels).
PNG_MAX_WIDTH = 600
PNG_MAX_HEIGHT = 300
PNG_MARGIN = 12
#: Ink width on the pad, in pixels.
PEN_WIDTH = 4.5
#: Points closer than this to the previous one are skipped (touch screens report jitter).
MIN_STEP = 1.5


def _stroke_path(points: list[QPointF]) -> QPainterPath:
    """A smooth path through the points: quadratic curves between the midpoints."""
    path = QPainterPath(points[0])
    if len(points) == 1:
        path.lineTo(points[0] + QPointF(0.01, 0.01))  # a dot still shows with a round cap
        return path
    if len(points) == 2:
        path.lineTo(points[1])
        return path
    for a, b in zip(points[1:-1], points[2:], strict=False):
        path.quadTo(a, (a + b) / 2)
    path.lineTo(points[-1])
    return path


class SignaturePad(QWidget):
    """A white area to sign on with a finger, a stylus or a mouse."""

    strokes_changed = Signal()  # ink added or cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(480, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[list[QPointF]] = []
        self._active: dict[int, list[QPointF]] = {}  # touch point id (or -1: mouse) -> its stroke
        self._stored: bytes | None = None  # a PNG signed earlier, shown until cleared
        self._stored_image: QImage | None = None
        self.hint_text = QCoreApplication.translate("signature", "Sign here")
        self.stored_text = QCoreApplication.translate("signature", "Signed. Touch Clear to sign again.")

    # -- state ---------------------------------------------------------------------------
    def clear(self) -> None:
        had = bool(self._strokes or self._stored)
        self._strokes.clear()
        self._active.clear()
        self._stored = None
        self._stored_image = None
        self.update()
        if had:
            self.strokes_changed.emit()

    def is_empty(self) -> bool:
        return not self._strokes and self._stored is None

    def stroke_count(self) -> int:
        return len(self._strokes)

    def _ink_rect(self) -> QRectF:
        xs = [p.x() for s in self._strokes for p in s]
        ys = [p.y() for s in self._strokes for p in s]
        if not xs:
            return QRectF()
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def _ink_length(self) -> float:
        return sum(math.hypot(b.x() - a.x(), b.y() - a.y())
                   for s in self._strokes for a, b in zip(s, s[1:], strict=False))

    def is_signed(self) -> bool:
        """Enough ink for a signature: a tap, a dot or a short dash is not one."""
        if self._stored is not None:
            return True
        points = sum(len(s) for s in self._strokes)
        if points < MIN_POINTS:
            return False
        width = max(self.width(), 1)
        if self._ink_length() < MIN_INK_SHARE * width:
            return False
        box = self._ink_rect()
        if box.width() >= MIN_WIDTH_SHARE * width:
            return True
        return len(self._strokes) >= 2 and max(box.width(), box.height()) >= MIN_MULTI_STROKE_SHARE * width

    def set_png(self, data: bytes | None) -> None:
        """Show a signature stored earlier (read-only until cleared); None empties the pad."""
        self._strokes.clear()
        self._active.clear()
        image = QImage.fromData(data) if data else None
        if image is None or image.isNull():
            self._stored, self._stored_image = None, None
        else:
            self._stored, self._stored_image = bytes(data), image
        self.update()
        self.strokes_changed.emit()

    def png(self) -> bytes | None:
        """The signature as a PNG (black ink on white, cropped to the ink with a margin, at most
        PNG_MAX_WIDTH wide), or None when the pad holds no signature."""
        if not self.is_signed():
            return None
        if self._stored is not None:
            return self._stored
        box = self._ink_rect().adjusted(-PEN_WIDTH, -PEN_WIDTH, PEN_WIDTH, PEN_WIDTH)
        inner_w, inner_h = PNG_MAX_WIDTH - 2 * PNG_MARGIN, PNG_MAX_HEIGHT - 2 * PNG_MARGIN
        scale = min(1.0, inner_w / max(box.width(), 1.0), inner_h / max(box.height(), 1.0))
        width = math.ceil(box.width() * scale) + 2 * PNG_MARGIN
        height = math.ceil(box.height() * scale) + 2 * PNG_MARGIN
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(PNG_MARGIN, PNG_MARGIN)
        painter.scale(scale, scale)
        painter.translate(-box.left(), -box.top())
        self._draw_strokes(painter, QColor("black"), max(PEN_WIDTH, 3.0 / scale))
        painter.end()
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    # -- input -----------------------------------------------------------------------------
    def _begin(self, key: int, pos: QPointF) -> None:
        if self._stored is not None or not self.isEnabled():
            return
        stroke = [QPointF(pos)]
        self._active[key] = stroke
        self._strokes.append(stroke)
        self._dirty(pos, pos)

    def _extend(self, key: int, pos: QPointF) -> None:
        stroke = self._active.get(key)
        if stroke is None:
            return
        last = stroke[-1]
        if abs(pos.x() - last.x()) + abs(pos.y() - last.y()) < MIN_STEP:
            return
        stroke.append(QPointF(pos))
        self._dirty(stroke[-3] if len(stroke) > 2 else last, pos)

    def _end(self, key: int, pos: QPointF | None) -> None:
        if key not in self._active:
            return
        if pos is not None:
            self._extend(key, pos)
        del self._active[key]
        self.update()
        self.strokes_changed.emit()

    def _dirty(self, a: QPointF, b: QPointF) -> None:
        margin = PEN_WIDTH * 2 + 2
        rect = QRectF(a, b).normalized().adjusted(-margin, -margin, margin, margin)
        self.update(rect.toAlignedRect())

    def event(self, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            from PySide6.QtGui import QEventPoint

            for point in event.points():
                state = point.state()
                if state == QEventPoint.State.Pressed:
                    self._begin(point.id(), point.position())
                elif state == QEventPoint.State.Updated:
                    self._extend(point.id(), point.position())
                elif state == QEventPoint.State.Released:
                    self._end(point.id(), point.position())
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            for key in list(self._active):
                self._end(key, None)
            event.accept()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(-1, event.position())
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        self._extend(-1, event.position())
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(-1, event.position())
        event.accept()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.EnabledChange:
            for key in list(self._active):
                self._end(key, None)
            self.update()
        super().changeEvent(event)

    # -- painting --------------------------------------------------------------------------
    def _draw_strokes(self, painter: QPainter, color: QColor, width: float) -> None:
        pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for stroke in self._strokes:
            painter.drawPath(_stroke_path(stroke))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), QColor("white"))
        enabled = self.isEnabled()
        faint = QColor("#9aa5b8") if enabled else QColor("#c9cfd9")
        w, h = self.width(), self.height()
        baseline = h * 0.72
        painter.setPen(QPen(faint, 2))
        painter.drawLine(QPointF(w * 0.08, baseline), QPointF(w * 0.92, baseline))
        painter.setPen(QPen(QColor("#b8c2d6"), 2))
        painter.drawRect(QRectF(1, 1, w - 2, h - 2))
        if self._stored_image is not None:
            target = QRectF(0, 0, w * 0.8, h * 0.8)
            size = self._stored_image.size().toSizeF().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            if size.width() > self._stored_image.width():  # never blow a small signature up
                size = self._stored_image.size().toSizeF()
            rect = QRectF(QPointF(0, 0), size)
            rect.moveCenter(QPointF(w / 2, h / 2))
            if not enabled:
                painter.setOpacity(0.35)
            painter.drawImage(rect, self._stored_image)
            painter.setOpacity(1.0)
            self._caption(painter, self.stored_text, faint, h)
        elif self._strokes:
            self._draw_strokes(painter, QColor("#111111") if enabled else QColor("#b0b6c0"), PEN_WIDTH)
        else:
            font = QFont(self.font())
            font.setPixelSize(max(28, int(h * 0.12)))
            painter.setFont(font)
            painter.setPen(faint)
            painter.drawText(QRectF(w * 0.08, 0, w * 0.84, baseline - 8),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, "✍ " + self.hint_text)
        painter.end()

    def _caption(self, painter: QPainter, text: str, color: QColor, h: float) -> None:
        font = QFont(self.font())
        font.setPixelSize(20)
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(QRectF(12, h - 40, self.width() - 24, 32), Qt.AlignmentFlag.AlignRight, text)

    def retranslate(self) -> None:
        self.hint_text = QCoreApplication.translate("signature", "Sign here")
        self.stored_text = QCoreApplication.translate("signature", "Signed. Touch Clear to sign again.")
        self.update()


class SignatureBox(QWidget):
    """The pad with "Clear" and "I will sign on paper instead" (which disables the pad).

    objectNames (keypad focus order): signatureClear, signOnPaper."""

    changed = Signal()  # ink or the paper choice changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.pad = SignaturePad()
        layout.addWidget(self.pad, 1)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.clear_button = button("signatureClear")
        self.clear_button.clicked.connect(self.pad.clear)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.paper = CheckRow("signOnPaper")
        self.paper.box.toggled.connect(self._paper_toggled)
        row.addWidget(self.paper, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(row)
        self.pad.strokes_changed.connect(self._update)
        self.pad.strokes_changed.connect(self.changed)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.clear_button.setText(QCoreApplication.translate("signature", "Clear"))
        self.paper.setText(QCoreApplication.translate("signature", "I will sign on paper instead"))
        self.pad.retranslate()

    def sign_on_paper(self) -> bool:
        return self.paper.box.isChecked()

    def _paper_toggled(self, on: bool) -> None:
        self.pad.setEnabled(not on)
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        self.clear_button.setEnabled(not self.sign_on_paper() and not self.pad.is_empty())

    def clear(self) -> None:
        """Forget everything (session reset)."""
        self.paper.box.setChecked(False)
        self.pad.clear()

    def load(self, draft) -> None:
        self.paper.box.setChecked(bool(draft.sign_on_paper))
        self.pad.set_png(draft.signature_png)
        self._update()

    def store(self, draft) -> None:
        draft.sign_on_paper = self.sign_on_paper()
        draft.signature_png = None if draft.sign_on_paper else self.pad.png()
