"""After the filing is stored: its number and status, the receipt being printed, the complaint
to see and print, and the fee to pay."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.qr import QrLabel
from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import Flow
from ui.widgets import Card, Screen, button, label, set_role

PHONE_QR_SIZE = 150  # px: scanned from the screen by a phone held close


class SubmittedScreen(Screen):
    name = "submitted"
    can_go_back = False  # stored: the visit ends with 完成, nothing to go back to
    SPEC = ScreenSpec(
        "submitted",
        lambda: QCoreApplication.translate("screens", "Filing submitted"),
        lambda: QCoreApplication.translate("screens", "Your filing is saved. Take your receipt from the printer."),
        ("filingNumber", "filingStatus", "receiptStatus", "previewComplaint", "documentPages", "documentPrint",
         "documentClose", "paymentPanel", "paymentPrintNotice", "paymentRenew", "paymentPrintReceipt",
         "finishButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__()
        self.flow = flow
        self._outcome = None
        self._receipt: str | None = None  # None printing, "ok", or a failure code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 24, 60, 24)
        self.heading = label("big", name="submittedHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        left = QVBoxLayout()
        card = Card()
        self.number = label("title", name="filingNumber")
        self.status = label(name="filingStatus")
        self.receipt = label(name="receiptStatus")
        self.receipt.setProperty("live", "polite")  # the receipt's print status is said as it changes
        for w in (self.number, self.status, self.receipt):
            card.layout_.addWidget(w)
        left.addWidget(card)
        # Send to phone: the receipt's QR, also here (a page with the filing's state, no personal data).
        self.phone = Card()
        phone_row = QHBoxLayout()
        self.phone_qr = QrLabel(PHONE_QR_SIZE, "lookupQr")  # made on its own thread
        self.phone_text = label(name="lookupText")
        phone_row.addWidget(self.phone_qr)
        phone_row.addWidget(self.phone_text, 1)
        self.phone.layout_.addLayout(phone_row)
        self.phone.hide()
        left.addWidget(self.phone)
        self.documents = Card()
        self.documents_text = label(name="documentsText")
        self.documents.layout_.addWidget(self.documents_text)
        self.preview_button = button("previewComplaint")
        self.preview_button.clicked.connect(self._preview)
        self.documents.layout_.addWidget(self.preview_button)
        left.addWidget(self.documents)
        self.documents.setVisible(flow.documents is not None)
        self.relief_note = label("hint", name="reliefPending")
        self.relief_note.hide()
        left.addWidget(self.relief_note)
        self.take = label("title", name="takeCardAndPapers")
        left.addWidget(self.take)
        left.addStretch()
        self.left = QWidget()
        self.left.setLayout(left)
        columns = QHBoxLayout()
        columns.addWidget(self.left, 2)
        self.payment = None
        if flow.payment is not None:
            from ui.payment_panel import PaymentPanel

            self.payment = PaymentPanel(flow.payment)
            columns.addWidget(self.payment, 3)
        self.preview = None
        if flow.documents is not None:
            from ui.document_preview import DocumentPreview

            self.preview = DocumentPreview(flow.documents)
            self.preview.hide()
            self.preview.closed.connect(self._preview_closed)
            columns.addWidget(self.preview, 2)
            flow.documents.ready.connect(self._document_ready)
            flow.documents.failed.connect(self._document_failed)
        layout.addLayout(columns, 1)
        self.finish = button("finishButton", "primary", self)
        self.finish.clicked.connect(lambda: self.flow.nav.finish())
        self.primary = self.finish  # in the footer, always in reach
        self.retranslate()

    def clear(self) -> None:
        self._outcome = None
        self._receipt = None
        self.phone.hide()
        self.phone_qr.show_content(None)
        if self.payment is not None:
            self.payment.clear()
            self.payment.show()
        if self.preview is not None:
            self.preview.clear()
            self.preview.hide()
        self.left.show()
        self.preview_button.setEnabled(True)
        self.retranslate()

    def on_submitted(self, outcome) -> None:
        self._outcome = outcome
        self._receipt = None
        ids = self.flow.wizard.confirm_ids if self.flow.wizard is not None else None
        url = self.flow.service.lookup_url(ids.lookup_code if ids is not None else None)
        self.phone.setVisible(url is not None)
        self.phone_qr.show_content(url)
        self.flow.nav.show_screen("submitted")
        if self.flow.payment is not None:
            identity = self.flow.identity
            self.flow.payment.start(outcome.filing_id, outcome.fee, getattr(identity, "name", "") or "")
        self.retranslate()

    def _preview(self) -> None:
        """Show the complaint written from the answers (A4), to print here or sign on paper."""
        self.flow.show_document()

    def preparing(self) -> None:
        self.preview_button.setEnabled(False)
        self.documents_text.setText(self.tr("Writing your complaint…"))

    def _document_ready(self, pdf: bytes, pages: int) -> None:
        self.preview_button.setEnabled(True)
        if self._outcome is None or self.preview is None:
            return
        self.left.hide()
        if self.payment is not None:
            self.payment.hide()
        self.preview.show()
        self.preview.show_document(pdf, pages, self.tr("Complaint"))

    def _document_failed(self, code: str) -> None:
        self.preview_button.setEnabled(True)
        self.documents_text.setText(self.tr("The complaint could not be written on this kiosk. Your filing is "
                                            "saved; ask at the service counter for a printed copy."))

    def _preview_closed(self) -> None:
        if self.preview is not None:
            self.preview.hide()
        self.left.show()
        if self.payment is not None:
            self.payment.show()

    def on_printed(self, filing_id: str) -> None:
        if self._outcome and filing_id == self._outcome.filing_id:
            self._receipt = "ok"
            self.retranslate()

    def on_print_failed(self, filing_id: str, code: str) -> None:
        if self._outcome and filing_id == self._outcome.filing_id:
            self._receipt = code
            self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.spec.title())
        self.finish.setText(self.tr("Finish"))
        if self.payment is not None:
            self.payment.retranslate()
        self.preview_button.setText(self.tr("See and print the complaint"))
        relief = self.flow.draft is not None and bool(self.flow.draft.relief.kind) and self._outcome is not None
        self.relief_note.setVisible(relief)
        self.relief_note.setText(self.tr("You asked for fee relief. The court decides on it first, then tells you "
                                         "what to pay (if anything)."))
        self.take.setText(self.tr("Please take your ID card and your papers."))
        self.phone_text.setText(self.tr("Follow this filing on your phone: scan this code (also on your receipt). "
                                        "It shows the state only, no personal data."))
        if self._outcome is None:
            return
        self.documents_text.setText(
            self.tr("The kiosk wrote your complaint from your answers. Print it on A4 to sign it on paper and "
                    "keep a copy.") if self.flow.draft is not None and self.flow.draft.sign_on_paper
            else self.tr("The kiosk wrote your complaint from your answers, with your signature."))
        self.number.setText(self.tr("Filing number: {number}").replace(
            "{number}", self._outcome.filing_id[:8].upper()))
        self.status.setText(self.tr("Status: awaiting review (待审核). It is saved on this kiosk and is sent "
                                    "to the court automatically, even if the network is down now."))
        draft = self.flow.draft
        if draft is not None and draft.cross_regional:  # 跨域立案: where the filing goes
            service = self.flow.service
            self.status.setText(self.status.text() + "\n" + self.tr(
                "Receiving court: {court}. Assisting court: {here} (this court).")
                .replace("{court}", service.court_display_name(draft.court_code))
                .replace("{here}", service.court_display_name(draft.home_court_code)))
        if self._receipt is None:
            self.receipt.setText(self.tr("Printing your receipt…"))
            set_role(self.receipt, "hint")
        elif self._receipt == "ok":
            self.receipt.setText(self.tr("Your receipt has been printed. Please take it."))
            set_role(self.receipt, "ok")
        else:
            reason = {
                "paper_out": self.tr("the printer is out of paper"),
                "offline": self.tr("the printer is not responding"),
            }.get(self._receipt, self.tr("the printer reported an error"))
            self.receipt.setText(
                self.tr("The receipt could not be printed: {reason}. Your filing is saved and will still be "
                        "submitted. Staff at the service counter can reprint the receipt.")
                .replace("{reason}", reason))
            set_role(self.receipt, "error")
