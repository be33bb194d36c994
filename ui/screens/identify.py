from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets import Card, Screen, button, label, set_role


class CardOnReader(QWidget):
    """A drawing of an ID card being laid on the reader (no emoji: fonts lack them)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("identifyPicture")
        self.setFixedSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        blue = QColor("#0b3d91")
        # the reader
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#c9d3e6"))
        p.drawRoundedRect(QRectF(40, 200, 340, 44), 12, 12)
        # the card
        p.setBrush(QColor("#eaf1fb"))
        p.setPen(QPen(blue, 3))
        card = QRectF(110, 20, 200, 126)
        p.drawRoundedRect(card, 12, 12)
        p.setBrush(QColor("#b9c8e4"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(QRectF(236, 40, 56, 70), 6, 6)  # photo
        for i, w in enumerate((100, 80, 110)):
            p.drawRoundedRect(QRectF(126, 46 + i * 22, w, 10), 4, 4)
        # the arrow
        p.setBrush(blue)
        p.drawPolygon(QPolygonF([QPointF(190, 154), QPointF(230, 154), QPointF(230, 168), QPointF(246, 168),
                                 QPointF(210, 196), QPointF(174, 168), QPointF(190, 168)]))
        p.end()


class IdentifyScreen(Screen):
    """Waits for a resident ID card, then shows who was identified (ID number masked)."""

    name = "identify"

    def __init__(self, nav, identity_service) -> None:
        super().__init__()
        self._nav = nav
        self._service = identity_service
        self._identity = None
        self._problem: str | None = None
        identity_service.identified.connect(self._identified)
        identity_service.problem.connect(self._show_problem)
        identity_service.card_removed.connect(self._card_removed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 30, 80, 30)
        self.prompt = label("title", name="identifyPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.prompt)
        self.picture = CardOnReader()
        layout.addWidget(self.picture, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.message = label("hint", name="identifyMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)

        self.card = Card()
        self.card.setObjectName("identityCard")
        form = QFormLayout()
        form.setVerticalSpacing(16)
        self.name_label, self.name_value = label(), label(name="identityName")
        self.id_label, self.id_value = label(), label(name="identityNumber")
        self.valid_label, self.valid_value = label(), label(name="identityValid")
        form.addRow(self.name_label, self.name_value)
        form.addRow(self.id_label, self.id_value)
        form.addRow(self.valid_label, self.valid_value)
        self.card.layout_.addLayout(form)
        self.card.hide()
        layout.addWidget(self.card, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.card.setMinimumWidth(640)
        layout.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        self.continue_button = button("continueButton", "primary")
        self.continue_button.clicked.connect(self._continue)
        self.continue_button.hide()
        row.addWidget(self.continue_button)
        row.addStretch()
        layout.addLayout(row)
        self.retranslate()

    def enter(self) -> None:
        self.clear()
        self._service.start()

    def leave(self) -> None:
        self._service.stop()

    def clear(self) -> None:
        self._identity = None
        self._problem = None
        self.card.hide()
        self.continue_button.hide()
        self.picture.show()
        self.name_value.clear()
        self.id_value.clear()
        self.valid_value.clear()
        self.retranslate()

    def _identified(self, identity) -> None:
        self._identity = identity
        self._problem = None
        self.name_value.setText(identity.name)
        self.id_value.setText(identity.masked_id)
        self.valid_value.setText(
            identity.valid_to.strftime("%Y.%m.%d") if identity.valid_to else self.tr("long-term")
        )
        self.picture.hide()
        self.card.show()
        self.continue_button.show()
        self.retranslate()
        self.continue_button.setFocus()

    def _show_problem(self, code: str) -> None:
        self._problem = code or None
        self.retranslate()

    def _card_removed(self) -> None:
        if self._problem == "card_left":
            self._problem = None
            self.retranslate()

    def _continue(self) -> None:
        if self._identity is not None:
            self._nav.identified(self._identity)

    def problem_text(self, code: str) -> str:
        return {
            "expired": self.tr("This ID card has expired. Please use a valid ID card, or ask at the service "
                               "counter."),
            "invalid_id": self.tr("The ID number on this card failed its check. Please ask at the service "
                                  "counter."),
            "card_left": self.tr("A card is still on the reader from before. Please take it off, then place "
                                 "your own card."),
            "read_failed": self.tr("The card could not be read. Please take it off and place it again, flat "
                                   "and still."),
            "reader_missing": self.tr("The card reader is not working. Please ask at the service counter."),
        }.get(code, self.tr("The card could not be read. Please ask at the service counter."))

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name"))
        self.id_label.setText(self.tr("ID number"))
        self.valid_label.setText(self.tr("Valid until"))
        self.continue_button.setText(self.tr("This is me, continue"))
        if self._identity is not None:
            self.prompt.setText(self.tr("Identified. Please check it is you."))
            self.message.setText(self.tr("Leave your card on the reader or take it; you will be reminded at "
                                         "the end."))
            set_role(self.message, "hint")
        else:
            self.prompt.setText(self.spec.prompt())
            if self._problem:
                self.message.setText(self.problem_text(self._problem))
                set_role(self.message, "error")
            else:
                self.message.setText(self.tr("Waiting for a card…"))
                set_role(self.message, "hint")
