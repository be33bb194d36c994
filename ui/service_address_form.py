"""The address-for-service confirmation (送达地址确认书) as a form: `ServiceAddressForm`.

Where the court sends documents (address, postcode, phone, recipient), consent to
electronic service and its channels (SMS, email, WeChat), what that means in plain words,
and the litigant's confirmation. It reads and writes a `ServiceAddressDraft`; the wizard
checks the draft with `kiosk.domain.filing.problems(draft, "address")` and passes the codes
to `show_problems()`.

`CheckRow` (a big check box with a wrapping, touchable text) is shared by the filing
widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.problems import problem_text
from ui.widgets import Card, label, set_invalid

#: Channels of electronic service, in the draft's words.
CHANNELS = ("sms", "wechat", "email")
#: Field -> objectName of its editor (keypad focus order follows FOCUS_ORDER).
FIELD_NAMES = {"address": "serviceAddress", "postcode": "servicePostcode", "phone": "servicePhone",
               "recipient": "serviceRecipient"}
CHANNEL_NAMES = {"sms": "serviceSms", "email": "serviceEmail", "wechat": "serviceWechat"}
FOCUS_ORDER = ("serviceAddress", "servicePostcode", "servicePhone", "serviceRecipient", "serviceElectronic",
               "serviceSms", "serviceWechat", "serviceEmail", "serviceEmailAddress", "serviceConfirmed")



def _check_colours() -> dict[str, str]:
    """Check box colours in the current contrast scheme (ui.theme): border, fill when ticked, tick,
    focus ring, and the same when disabled."""
    from ui import theme

    c = theme.palette()
    return dict(border=c["primary"] if c["primary"] != c["bg"] else c["fg"], fill=c["primary"],
                tick=c["primary_fg"], empty=c["field"], focus=c["focus"],
                off_border=c["disabled_line"], off_fill=c["disabled"], off_tick=c["disabled_fg"])


class BigCheckBox(QCheckBox):
    """A 44 px check box drawn in the kiosk's colours (the style's own tick vanishes in high
    contrast, and its indicator is a 16 px target); the whole 64 px square takes the touch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(64, 64)

    def hitButton(self, pos) -> bool:  # noqa: N802
        return self.rect().contains(pos)

    def paintEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QPointF, QRectF
        from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

        c = _check_colours()
        on, enabled = self.isChecked(), self.isEnabled()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        box = QRectF(10, 10, 44, 44)
        if self.hasFocus():
            painter.setPen(QPen(QColor(c["focus"]), 5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(-6, -6, 6, 6), 10, 10)
        border = c["border"] if enabled else c["off_border"]
        fill = (c["fill"] if on else c["empty"]) if enabled else c["off_fill"]
        painter.setPen(QPen(QColor(border), 3))
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(box, 7, 7)
        if on:
            tick = QPainterPath(QPointF(20, 33))
            tick.lineTo(QPointF(28.5, 42))
            tick.lineTo(QPointF(44, 22))
            painter.setPen(QPen(QColor(c["tick"] if enabled else c["off_tick"]), 5.5, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        painter.end()


class _TouchLabel(QLabel):
    """The text of a CheckRow: touching it toggles the box (a check box's own text never wraps)."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__()
        self._box = box
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._box.isEnabled() and self.rect().contains(
                event.position().toPoint()):
            self._box.click()
            self._box.setFocus()
        event.accept()


class CheckRow(QWidget):
    """A large check box (objectName `name`) with a wrapping text that toggles it when touched."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Row")
        self.box = BigCheckBox()
        self.box.setObjectName(name)
        self.text_label = _TouchLabel(self.box)
        self.text_label.setObjectName(f"{name}Text")
        self.setMinimumHeight(64)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text_label, 1, Qt.AlignmentFlag.AlignVCenter)
        self.box.setAccessibleName("")

    def setText(self, text: str) -> None:  # noqa: N802 (Qt style, like QCheckBox)
        self.text_label.setText(text)
        self.box.setAccessibleName(text)

    def text(self) -> str:
        return self.text_label.text()

    def isChecked(self) -> bool:  # noqa: N802
        return self.box.isChecked()

    def setChecked(self, on: bool) -> None:  # noqa: N802
        self.box.setChecked(on)


def problem_message(code: str) -> str:
    """The message for a problem code of the address step."""
    own = {
        "postcode_invalid": QCoreApplication.translate("serviceAddress", "A postcode has 6 digits."),
        "email_invalid": QCoreApplication.translate("serviceAddress", "Please enter an email address, for example name@example.com."),
        "notice_unread": QCoreApplication.translate("serviceAddress", "Please read the text above and tick the box to confirm."),
    }
    if code in own:
        return own[code]
    return problem_text(code)  # the shared messages (required, phone_invalid...)


class ServiceAddressForm(QWidget):
    """Fields, consent to electronic service, the explanation and the confirmation.

    objectNames: see FOCUS_ORDER; each field's message below it is `<objectName>Problem`
    (and serviceChannelsProblem for the channels)."""

    edited = Signal()  # the litigant changed something

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceAddressForm")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        self.title = label("title", name="serviceTitle")
        outer.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        hints = {
            "address": Qt.InputMethodHint.ImhNone,
            "postcode": Qt.InputMethodHint.ImhDigitsOnly,
            "phone": Qt.InputMethodHint.ImhDialableCharactersOnly,
            "recipient": Qt.InputMethodHint.ImhNone,
        }
        lengths = {"address": 120, "postcode": 6, "phone": 12, "recipient": 40}
        self.captions: dict[str, QLabel] = {}
        self.fields: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        # (row, column, column span): postcode and phone share a row
        places = {"address": (0, 0, 3), "postcode": (2, 0, 1), "phone": (2, 2, 1), "recipient": (4, 0, 3)}
        for key, name in FIELD_NAMES.items():
            caption = label(name=f"{name}Label")
            caption.setWordWrap(False)
            editor = QLineEdit()
            editor.setObjectName(name)
            editor.setInputMethodHints(hints[key])
            editor.setMaxLength(lengths[key])
            editor.setMinimumHeight(64)
            editor.textEdited.connect(lambda _t, k=key: self._edited(k))
            caption.setBuddy(editor)
            row, column, span = places[key]
            grid.addWidget(caption, row, column, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(editor, row, column + 1, 1, span)
            problem = self._problem_label(f"{name}Problem")
            grid.addWidget(problem, row + 1, column + 1, 1, span)
            self.captions[key], self.fields[key], self.problems[key] = caption, editor, problem
        grid.setColumnStretch(1, 1)  # postcode and phone as wide as each other (their hints fit at any text size)
        grid.setColumnStretch(3, 1)
        outer.addLayout(grid)

        self.electronic = CheckRow("serviceElectronic")
        self.electronic.box.toggled.connect(self._consent_changed)
        outer.addWidget(self.electronic)
        channels = QHBoxLayout()
        channels.setContentsMargins(58, 0, 0, 0)  # under the consent's text
        channels.setSpacing(28)
        self.channels: dict[str, CheckRow] = {}
        for key in CHANNELS:
            check = CheckRow(CHANNEL_NAMES[key])
            check.text_label.setWordWrap(False)
            check.box.toggled.connect(lambda _on, k=key: self._channel_changed(k))
            self.channels[key] = check
            channels.addWidget(check, 0)
            if key == "email":
                self.email = QLineEdit()
                self.email.setObjectName("serviceEmailAddress")
                self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly
                                               | Qt.InputMethodHint.ImhNoAutoUppercase)
                self.email.setMaxLength(80)
                self.email.setMinimumSize(320, 64)
                self.email.textEdited.connect(lambda _t: self._edited("email"))
                channels.addWidget(self.email, 1)
        outer.addLayout(channels)
        self.problems["channels"] = self._problem_label("serviceChannelsProblem")
        self.problems["email"] = self._problem_label("serviceEmailAddressProblem")
        for key in ("channels", "email"):
            self.problems[key].setContentsMargins(58, 0, 0, 0)
            outer.addWidget(self.problems[key])

        card = Card()
        card.setObjectName("serviceConfirmation")
        card.layout_.setContentsMargins(24, 14, 24, 14)
        card.layout_.setSpacing(6)
        self.explanation = label(name="serviceExplanation")
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        card.layout_.addWidget(self.explanation)
        self.confirmed = CheckRow("serviceConfirmed")
        self.confirmed.box.toggled.connect(lambda _on: self._edited("confirmed"))
        card.layout_.addWidget(self.confirmed)
        self.problems["confirmed"] = self._problem_label("serviceConfirmedProblem")
        card.layout_.addWidget(self.problems["confirmed"])
        outer.addWidget(card)
        self._codes: dict[str, str] = {}
        self.retranslate()
        self._consent_changed(False)

    @staticmethod
    def _problem_label(name: str) -> QLabel:
        problem = label("error", name=name)
        problem.hide()
        return problem

    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("serviceAddress", "Confirm your address for service"))
        captions = {"address": QCoreApplication.translate("serviceAddress", "Service address"), "postcode": QCoreApplication.translate("serviceAddress", "Postcode"), "phone": QCoreApplication.translate("serviceAddress", "Phone"),
                    "recipient": QCoreApplication.translate("serviceAddress", "Recipient")}
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.fields["address"].setPlaceholderText(QCoreApplication.translate("serviceAddress", "Province, city, district, street, building, room"))
        self.fields["postcode"].setPlaceholderText(QCoreApplication.translate("serviceAddress", "6 digits (optional)"))
        self.fields["recipient"].setPlaceholderText(QCoreApplication.translate("serviceAddress", "Who receives the documents"))
        self.email.setPlaceholderText(QCoreApplication.translate("serviceAddress", "Email address"))
        self.electronic.setText(QCoreApplication.translate("serviceAddress", "I agree to receive court documents electronically"))
        self.channels["sms"].setText(QCoreApplication.translate("serviceAddress", "SMS"))
        self.channels["email"].setText(QCoreApplication.translate("serviceAddress", "Email"))
        self.channels["wechat"].setText(QCoreApplication.translate("serviceAddress", "WeChat"))
        self.explanation.setText(
            "<p>" + QCoreApplication.translate("serviceAddress", "The court sends your documents to this address, or by the ways you chose above. Once "
                        "sent there, they count as delivered to you, even if you do not read them.") + "</p><p>"
            + QCoreApplication.translate("serviceAddress", "If the address is wrong, if you do not give one, or if you move and do not tell the court, "
                  "documents may not reach you and you bear the consequences.") + "</p><p>"
            + QCoreApplication.translate("serviceAddress", "This confirmation applies to the whole case: the first instance, an appeal, a retrial and "
                  "enforcement.") + "</p>")
        self.confirmed.setText(QCoreApplication.translate("serviceAddress", "I confirm this address is correct, and I understand what happens if it is "
                                   "wrong or out of date"))
        self.show_problems(self._codes)

    # -- behaviour -------------------------------------------------------------------------
    def _consent_changed(self, on: bool) -> None:
        for check in self.channels.values():
            check.setEnabled(on)
        self._channel_changed("email", quiet=True)
        if on or self._codes.get("channels"):
            self._edited("channels")

    def _channel_changed(self, key: str, quiet: bool = False) -> None:
        email_on = self.electronic.isChecked() and self.channels["email"].isChecked()
        self.email.setEnabled(email_on)
        if not quiet:
            self._edited("channels")
            if key == "email":
                self._edited("email")

    def _edited(self, key: str) -> None:
        """The litigant changed a field: its message goes at once."""
        if key in self._codes:
            del self._codes[key]
            self._show(key, None)
        self.edited.emit()

    def _show(self, key: str, code: str | None) -> None:
        problem = self.problems.get(key)
        if problem is None:
            return
        problem.setText(problem_message(code) if code else "")
        problem.setVisible(bool(code))
        editor = self.fields.get(key) or (self.email if key == "email" else None)
        if editor is not None:
            set_invalid(editor, bool(code))

    def show_problems(self, codes: dict[str, str]) -> None:
        """Show a message under each field with a problem ({field: code}; {} hides them all)."""
        self._codes = dict(codes)
        for key in self.problems:
            self._show(key, self._codes.get(key))

    # -- the draft -------------------------------------------------------------------------
    def load(self, draft) -> None:
        for key, editor in self.fields.items():
            editor.setText(getattr(draft, key))
        self.electronic.setChecked(bool(draft.electronic))
        for key, check in self.channels.items():
            check.setChecked(key in draft.channels)
        self.email.setText(draft.email)
        self.confirmed.setChecked(bool(draft.confirmed))
        self._consent_changed(self.electronic.isChecked())
        self.show_problems({})

    def store(self, draft) -> None:
        for key, editor in self.fields.items():
            setattr(draft, key, editor.text().strip())
        draft.electronic = self.electronic.isChecked()
        draft.channels = {k for k, c in self.channels.items() if c.isChecked()} if draft.electronic else set()
        draft.email = self.email.text().strip() if "email" in draft.channels else ""
        draft.confirmed = self.confirmed.isChecked()

    def prefill(self, address: str, phone: str, name: str) -> None:
        """Fill the empty fields (address, phone, recipient) from what the kiosk knows (the ID card)."""
        for key, value in (("address", address), ("phone", phone), ("recipient", name)):
            if value and not self.fields[key].text().strip():
                self.fields[key].setText(value)

    def clear(self) -> None:
        """Forget everything (session reset)."""
        for editor in (*self.fields.values(), self.email):
            editor.clear()
        for check in (self.electronic, *self.channels.values(), self.confirmed):
            check.setChecked(False)
        self.show_problems({})
