"""The fee of a filing on screen: the amount (the court's, or the kiosk's estimate), what is
happening, the payment order's QR to scan with a phone, and the printed fee notice to pay later.

Bound to a `kiosk.services.payment.PaymentService`; it only shows its `PaymentState`s and asks
it to print or renew. Never touches the network or the printer itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.qr import QrLabel
from ui.widgets import Card, button, label, set_role

QR_SIZE = 360  # px on screen: large enough to scan from arm's length, whole modules only


def money(amount) -> str:
    return f"¥{amount:,.2f}"


class PaymentPanel(QWidget):
    """Shows one filing's fee and how to pay it; texts follow the kiosk's language."""

    def __init__(self, service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentPanel")
        self.service = service
        self._state = None
        self._print_result: str | None = None  # printing | printed | paper_out | offline | error
        self._print_what = "notice"  # notice | receipt: what _print_result is about
        self._copy = False  # _print_result is about another copy (said differently: heard as news)
        self._notices = 0  # fee notices printed for this filing

        card = Card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(card)
        row = QHBoxLayout()
        row.setSpacing(32)
        card.layout_.addLayout(row)

        left = QVBoxLayout()
        left.setSpacing(12)
        self.heading = label("title", name="paymentHeading")
        self.amount = label("big", name="paymentAmount")
        self.breakdown = label("hint", name="paymentBreakdown")
        self.phase = label("", name="paymentPhase")
        self.warning = label("assist", name="paymentWarning")  # a caution, as courts print it
        self.print_status = label("hint", name="paymentPrintStatus")
        for live in (self.phase, self.print_status):  # said as they change (speech on)
            live.setProperty("live", "polite")
        # The receipt (交费凭证) once the court confirmed this kiosk's order: what the paper says.
        self.receipt = label("", name="paymentReceipt")
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        for widget in (self.heading, self.amount, self.breakdown, self.phase, self.receipt, self.warning):
            left.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        self.print_button = button("paymentPrintNotice")
        self.print_button.clicked.connect(self._print)
        self.renew_button = button("paymentRenew", "primary")
        self.renew_button.clicked.connect(self._renew)
        self.receipt_button = button("paymentPrintReceipt")
        self.receipt_button.clicked.connect(self._print_receipt)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.renew_button)
        buttons.addWidget(self.receipt_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        left.addWidget(self.print_status)
        left.addStretch(1)
        row.addLayout(left, 1)

        right = QVBoxLayout()
        right.setSpacing(8)
        self.qr = QrLabel(QR_SIZE, "paymentQr")  # made on its own thread, shown a few ms later
        self.scan_hint = label("", name="paymentScanHint")
        self.scan_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.expires = label("hint", name="paymentExpires")
        self.expires.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addWidget(self.scan_hint)
        right.addWidget(self.expires)
        right.addStretch(1)
        self.qr_box = QWidget()
        self.qr_box.setObjectName("paymentQrBox")
        self.qr_box.setLayout(right)
        self.qr_box.setFixedWidth(QR_SIZE + 20)
        row.addWidget(self.qr_box, 0)

        service.changed.connect(self.show_state)
        service.notice_printed.connect(self._printed)
        service.notice_failed.connect(self._print_failed)
        service.receipt_printed.connect(self._receipt_printed)
        service.receipt_failed.connect(self._receipt_failed)
        self.show_state(service.state)

    # ------------------------------------------------------------------ texts
    def phase_text(self, state) -> tuple[str, str]:
        """(text, label role) saying what is happening."""
        if state is None:
            return "", "hint"
        counter = self.tr("Or print the fee notice and pay later: at the service counter with your filing number "
                          "{number}, or at any kiosk under My cases with your ID card.").replace(
                              "{number}", state.filing_number)
        texts = {
            "sending_filing": (self.tr("Sending your filing to the court… the court then tells the exact fee."),
                               "hint"),
            "ordering": (self.tr("Asking the court for a payment code…"), "hint"),
            "awaiting_payment": (self.tr("Scan the QR code with your phone (WeChat, Alipay or your bank's app) "
                                         "and pay. This screen changes when the court has received it."), ""),
            "paid": (self.tr("Paid. The court has received your fee. Thank you."), "ok"),
            "expired": (self.tr("This payment code has expired and can no longer be paid. Touch \"New QR "
                                "code\" for a new one. {counter}").replace("{counter}", counter), "error"),
            "failed": (self.tr("The payment did not go through. Touch \"New QR code\" to try again. "
                               "{counter}").replace("{counter}", counter),
                       "error"),
            "no_fee": (self.tr("No fee is due now for this filing."), "ok"),
            "offline": (self.tr("The court cannot be reached now. Print the fee notice and pay later: at the "
                                "service counter with your filing number {number}, or at any kiosk under My "
                                "cases with your ID card. Your filing is saved and will be sent automatically.")
                        .replace(
                                    "{number}", state.filing_number), "error"),
        }
        if state.phase == "failed" and state.problem == "filing_refused":
            return self.tr("The court could not accept this filing as it is. Please ask at the service "
                           "counter; no fee is due before that."), "error"
        if state.phase == "failed" and state.problem == "payment_url_refused":  # kiosk.payment_urls
            return self.tr("This payment cannot be shown here. Please pay at the service counter with your filing "
                           "number {number}; staff have been told.").replace("{number}", state.filing_number), "error"
        if state.phase == "failed" and state.problem == "order_refused":
            return self.tr("The court could not make a payment code for this fee notice. It may be paid "
                           "already. Please ask at the service counter; do not pay again."), "error"
        return texts.get(state.phase, ("", "hint"))

    def retranslate(self) -> None:
        state = self._state
        self.heading.setText(self.tr("Court fee"))
        self.print_button.setText(self.tr("Print fee notice"))
        self.receipt_button.setText(self.tr("Print the receipt"))
        self.receipt.setText(self._receipt_text(state) if state is not None and state.receipt_due else "")
        self.renew_button.setText(self.tr("New QR code"))
        self.scan_hint.setText(self.tr("Scan with your phone to pay"))
        self.warning.setText(self.tr("Do not pay twice: if you already paid, wait for the status to change."))
        if state is None:
            self.amount.clear()
            self.breakdown.clear()
        else:
            amount = state.amount
            if amount is None:
                self.amount.setText(self.tr("Amount: the court will tell you"))
            elif state.phase == "paid":
                self.amount.setText(self.tr("{amount} paid").replace("{amount}", money(amount)))
            elif state.estimated:
                self.amount.setText(self.tr("About {amount} (estimate)").replace("{amount}", money(amount)))
            else:
                self.amount.setText(money(amount))
            self.breakdown.setText(self._breakdown_text(state))
        text, role = self.phase_text(state)
        self.phase.setText(text)
        set_role(self.phase, role)
        order = state.order if state is not None else None
        if order is not None and state.qr_content is not None:
            self.expires.setText(self.tr("Expires at {time}").replace(
                "{time}", f"{order.expires_at.astimezone():%H:%M}"))
        else:
            self.expires.clear()
        self.print_status.setText(self._print_text())
        set_role(self.print_status, "error" if self._print_result in ("paper_out", "offline", "error") else (
            "ok" if self._print_result == "printed" else "hint"))

    def _breakdown_text(self, state) -> str:
        notice = state.notice
        if notice is None:
            return self.tr("The court confirms the exact fee when it receives your filing.")
        lines = [f"{line.label}: {money(line.amount)}" for line in notice.breakdown]
        if state.phase != "paid":
            lines.append(self.tr("Pay by {date}").replace("{date}", f"{notice.pay_by.astimezone():%Y-%m-%d}"))
        return "\n".join(lines)

    def _receipt_text(self, state) -> str:
        """The receipt (交费凭证) on screen: what the printed one says."""
        order = state.order
        paid_at = order.paid_at.astimezone() if order.paid_at is not None else None
        rows = [
            (self.tr("Receipt"), ""),
            (self.tr("Amount"), money(order.amount)),
            (self.tr("Payer"), state.payer or "—"),
            (self.tr("Filing number"), state.filing_number),
            (self.tr("Payment id"), order.payment_id),
            (self.tr("Paid at"), f"{paid_at:%Y-%m-%d %H:%M}" if paid_at is not None else "—"),
            (self.tr("Electronic receipt number"), order.receipt_number or self.tr("issued by the court later")),
        ]
        return "\n".join(f"{name}: {value}" if value else name for name, value in rows)

    def _print_text(self) -> str:
        if self._print_what == "receipt":
            return {
                "printing": self.tr("Printing the receipt…"),
                "printed": self.tr("A copy of the receipt is printed. Please take it.") if self._copy
                else self.tr("The receipt is printed. Please take it."),
                "paper_out": self.tr("The printer is out of paper. Please ask at the service counter."),
                "offline": self.tr("The printer is not working. Please ask at the service counter."),
                "error": self.tr("The receipt could not be printed. Please ask at the service counter."),
            }.get(self._print_result or "", "")
        return {
            "printing": self.tr("Printing the fee notice…"),
            "printed": self.tr("A copy of the fee notice is printed. Please take it.") if self._copy
            else self.tr("The fee notice is printed. Please take it."),
            "paper_out": self.tr("The printer is out of paper. Please ask at the service counter."),
            "offline": self.tr("The printer is not working. Please ask at the service counter."),
            "error": self.tr("The fee notice could not be printed. Please ask at the service counter."),
        }.get(self._print_result or "", "")

    # ------------------------------------------------------------------ state
    def show_state(self, state) -> None:
        if (state is None or self._state is None or state.filing_id != self._state.filing_id
                or state.phase == "paid" and self._print_what == "notice"):
            self._print_result = None
            self._print_what = "notice"
            self._copy = False
            if state is None or self._state is None or state.filing_id != self._state.filing_id:
                self._notices = 0
        if state is not None and state.receipt_due and self._print_result is None and (
                self._state is not None and self._state.phase == "awaiting_payment"):
            self._print_what, self._print_result = "receipt", "printing"  # the service prints it now
        self._state = state
        content = state.qr_content if state is not None else None
        self.qr.show_content(content)
        self.qr_box.setVisible(content is not None)
        self.renew_button.setVisible(state is not None and state.can_renew)
        self.print_button.setVisible(state is not None and state.phase not in ("no_fee", "paid")
                                     and state.problem != "filing_refused")
        self.print_button.setEnabled(self._print_result != "printing")
        self.receipt.setVisible(state is not None and state.receipt_due)
        self.receipt_button.setVisible(state is not None and state.receipt_due)
        self.receipt_button.setEnabled(self._print_result != "printing")
        self.warning.setVisible(state is not None and state.phase in ("ordering", "awaiting_payment", "offline",
                                                                       "failed", "expired"))
        self.retranslate()

    def clear(self) -> None:
        """Forget the shown fee (session reset); the service is stopped by its owner."""
        self._print_result = None
        self._print_what = "notice"
        self.show_state(None)

    def _print_receipt(self) -> None:
        self._print_what, self._print_result = "receipt", "printing"
        self._copy = True  # (the first one printed by itself once paid)
        self.receipt_button.setEnabled(False)
        self.retranslate()
        self.service.print_payment_receipt()

    def _receipt_printed(self) -> None:
        self._print_what, self._print_result = "receipt", "printed"
        self.receipt_button.setEnabled(True)
        self.retranslate()

    def _receipt_failed(self, code: str) -> None:
        self._print_what = "receipt"
        self._print_result = code if code in ("paper_out", "offline") else "error"
        self.receipt_button.setEnabled(True)
        self.retranslate()

    def _print(self) -> None:
        self._print_what = "notice"
        self._print_result = "printing"
        self._copy = self._notices > 0
        self.print_button.setEnabled(False)
        self.retranslate()
        self.service.print_fee_notice()

    def _printed(self) -> None:
        self._print_result = "printed"
        self._notices += 1
        self.print_button.setEnabled(True)
        self.retranslate()

    def _print_failed(self, code: str) -> None:
        self._print_result = code if code in ("paper_out", "offline") else "error"
        self.print_button.setEnabled(True)
        self.retranslate()

    def _renew(self) -> None:
        self.service.renew()
