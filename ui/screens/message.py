"""联系法官: write a message for the judge of one of your cases (keyboard or voice), then send it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QVBoxLayout

from ui.assist import AssistedField, VoiceInput
from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Card, Screen, button, label, set_role


class MessageScreen(Screen):
    name = "message_judge"
    SPEC = ScreenSpec(
        "message_judge",
        lambda: QCoreApplication.translate("screens", "Message the judge"),
        lambda: QCoreApplication.translate("screens", "Choose your case and write your message for the judge. You can also speak it."),
        ("messageCase", "messageText", "messageTextMic", "messageTextConfirm", "messageSend", "backButton",
         "homeButton"),
    )

    def __init__(self, nav, cases_service, message_service, voice_service) -> None:
        super().__init__()
        self._nav = nav
        self._cases = cases_service
        self._messages = message_service
        self._identity = None
        self._rows = []
        self._loading = False
        self._sent: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 16, 60, 16)
        self.prompt = label("hint")
        layout.addWidget(self.prompt)
        card = Card()
        self.case_label = label("title")
        card.layout_.addWidget(self.case_label)
        self.case = QComboBox()
        self.case.setObjectName("messageCase")
        card.layout_.addWidget(self.case)
        self.text_label = label("title")
        card.layout_.addWidget(self.text_label)
        self.text = QPlainTextEdit()
        self.text.setObjectName("messageText")
        self.text.setMinimumHeight(220)
        self.text.setTabChangesFocus(True)
        self.voice = VoiceInput(voice_service)
        self.field = AssistedField(self.text)
        self.voice.add(self.field)
        card.layout_.addWidget(self.field)
        layout.addWidget(card)
        self.status = label("hint", name="messageStatus")
        self.status.setProperty("live", "polite")  # "saved (number …)": said when it comes
        layout.addWidget(self.status)
        layout.addStretch()
        self.send = button("messageSend", "primary", self)
        self.send.clicked.connect(self._send)
        self.primary = self.send
        cases_service.loaded.connect(self._loaded)
        message_service.stored.connect(self._stored)
        message_service.failed.connect(self._failed)
        self.retranslate()

    def begin(self, identity) -> None:
        self.clear()
        self._identity = identity
        self._loading = True
        self._cases.load(identity)
        self.retranslate()

    def leave(self) -> None:
        self.voice.stop()

    def clear(self) -> None:
        self._identity = None
        self._rows = []
        self._sent = None
        self._loading = False
        self.case.clear()
        self.field.clear()
        self.text.setEnabled(True)
        self.send.setEnabled(True)
        self.retranslate()

    def _loaded(self, rows, reachable: bool) -> None:
        if self._identity is None or not self._loading:
            return
        self._loading = False
        self._rows = [r for r in rows if not r.local_only]
        self.case.clear()
        for row in self._rows:
            self.case.addItem(f"{row.case_number or row.filing_id[:8].upper()}　{row.case_type_name}　"
                              f"{row.defendant_name}", row.filing_id)
        self.retranslate()

    def _send(self) -> None:
        if self._identity is None or self._sent:
            return
        row = next((r for r in self._rows if r.filing_id == self.case.currentData()), None)
        if row is None:
            self.status.setText(self.tr("Please choose the case your message is about."))
            set_role(self.status, "error")
            return
        if len(self.text.toPlainText().strip()) < 4:
            self.field.show_error(self.tr("Please write your message."))
            return
        self.send.setEnabled(False)
        self._messages.send(self._identity, self.text.toPlainText(), case_number=row.case_number,
                            filing_id=row.filing_id)

    def _stored(self, message_id: str) -> None:
        if self._identity is None:
            return
        self._sent = message_id
        self.text.setEnabled(False)
        self.retranslate()

    def _failed(self, code: str) -> None:
        if self._identity is None:
            return
        self.send.setEnabled(True)
        self.status.setText(self.tr("Your message could not be saved on this kiosk. Nothing was sent. Please ask "
                                    "at the service counter."))
        set_role(self.status, "error")

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.case_label.setText(self.tr("Which case is it about?"))
        self.text_label.setText(self.tr("Your message for the judge"))
        self.text.setPlaceholderText(self.tr("For example: I cannot attend the hearing on the 5th because I am in "
                                             "hospital; please tell me what to do."))
        self.field.retranslate()
        if self._sent:
            self.send.setText(self.tr("Sent"))
            self.status.setText(self.tr("Your message is saved (number {number}) and goes to the court "
                                        "automatically, even if the network is down now. The judge's reply "
                                        "comes by the court's usual channels.")
                                .replace("{number}", self._sent[:8].upper()))
            set_role(self.status, "ok")
            return
        self.send.setText(self.tr("Send to the court"))
        if self._loading:
            self.status.setText(self.tr("Asking the court for your cases…"))
            set_role(self.status, "hint")
        elif self._identity is not None and not self._rows:
            self.status.setText(self.tr("You have no case at this court yet. A message for a judge needs a case."))
            set_role(self.status, "error")
            self.send.setEnabled(False)
        else:
            self.status.clear()


SCREEN = ScreenEntry("message", lambda nav, services: MessageScreen(nav, services.my_cases, services.message_judge,
                                                                   services.voice),
                     serves=("message_judge",))
