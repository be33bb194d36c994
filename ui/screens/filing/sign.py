"""The last step: sign with a finger (or choose to sign the printed complaint), then confirm
and submit."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow
from ui.widgets import button, label


class SignScreen(FilingStep):
    """Sign with a finger, or choose to sign the printed complaint; then submit."""

    name = "filing_sign"
    SPEC = ScreenSpec(
        "filing_sign",
        lambda: QCoreApplication.translate("screens", "File a case: sign and submit"),
        lambda: QCoreApplication.translate("screens", "Sign with your finger in the box, or choose to sign on paper. Then touch Confirm and submit."),
        ("signaturePad", "signatureClear", "signOnPaper", "confirmButton", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        from ui.signature_pad import SignatureBox

        self.box = SignatureBox()
        self.body.addWidget(self.box, 1)
        self.error = label("error", name="signError")
        self.error.hide()
        self.body.addWidget(self.error)
        self.confirm = button("confirmButton", "primary", self)
        self.confirm.clicked.connect(self._confirm)
        self.primary = self.confirm
        self.retranslate()

    def enter(self) -> None:
        self.box.load(self.flow.draft)
        self.confirm.setEnabled(True)
        self.error.hide()
        self.retranslate()

    def store(self) -> None:
        if self.flow.draft is not None:
            self.box.store(self.flow.draft)

    def clear(self) -> None:
        self.box.clear()
        self.error.hide()
        self.confirm.setEnabled(True)

    def _confirm(self) -> None:
        self.store()
        if self.flow.advance(self.name).problems:
            self.error.setText(self.tr("Please sign in the box, or choose to sign on paper."))
            self.error.show()
            return
        self.confirm.setEnabled(False)
        self.confirm.setText(self.tr("Saving…"))
        self.flow.confirm()

    def on_failed(self, code: str) -> None:
        self.confirm.setEnabled(True)
        self.retranslate()
        if code == "invalid":
            self.error.setText(self.tr("An answer could not be used for the filing. Nothing was stored. Please go "
                                       "back and check your answers, or ask at the service counter."))
        else:
            self.error.setText(self.tr("Your filing could not be saved on this kiosk (storage problem). Nothing "
                                       "was sent. Please ask at the service counter."))
        self.error.show()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.box.retranslate()
        self.box.pad.setAccessibleName(self.tr("Signature box: sign here with your finger. With the keys, choose "
                                               "to sign on paper instead."))
        if self.confirm.isEnabled():
            self.confirm.setText(self.tr("Confirm and submit"))
