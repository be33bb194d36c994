"""Self-service filing: parties -> claims -> review and confirm -> submitted."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
)

from ui.assist import AssistedField, ScanPanel, VoiceInput
from ui.widgets import Card, Screen, button, label, set_role


def problem_text(code: str) -> str:
    return {
        "required": QCoreApplication.translate("filing", "Please fill this in."),
        "id_length": QCoreApplication.translate("filing", "An ID number has 18 characters."),
        "id_chars": QCoreApplication.translate("filing", "An ID number has 17 digits and a last digit or X."),
        "id_birth_date": QCoreApplication.translate("filing", "The birth date inside this ID number is not a real date."),
        "id_checksum": QCoreApplication.translate("filing", "This ID number failed its check digit. Please check every digit."),
        "uscc_invalid": QCoreApplication.translate("filing", "This unified social credit code is not valid. Please check it."),
        "phone_invalid": QCoreApplication.translate("filing", "Please enter a phone number of digits only."),
        "mismatch_id_number": QCoreApplication.translate("filing", "This does not match the ID number."),
        "date_invalid": QCoreApplication.translate("filing", "Please enter the date as on the card, for example "
                                                             "1990年1月2日 or 1990-01-02."),
        "amount_invalid": QCoreApplication.translate("filing", "Please enter an amount in yuan, for example 12000 or 12000.50."),
    }.get(code, QCoreApplication.translate("filing", "Please check this field."))


def line_edit(name: str, hints=Qt.InputMethodHint.ImhNone) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setInputMethodHints(hints)
    return edit


class FilingFlow:
    """Holds the draft while the litigant moves through the filing screens."""

    def __init__(self, nav, filing_service, scan_service, voice_service) -> None:
        self.nav = nav
        self.service = filing_service
        self.scan_service = scan_service
        self.voice = VoiceInput(voice_service)
        self.voice_service = voice_service
        self.identity = None
        self.draft = None
        self.parties = PartiesScreen(self)
        self.claims = ClaimsScreen(self)
        self.review = ReviewScreen(self)
        self.submitted = SubmittedScreen(self)
        self.screens = [self.parties, self.claims, self.review, self.submitted]
        filing_service.submitted.connect(self.submitted.on_submitted)
        filing_service.submit_failed.connect(self.review.on_failed)
        filing_service.receipt_printed.connect(self.submitted.on_printed)
        filing_service.receipt_failed.connect(self.submitted.on_print_failed)
        scan_service.page_read.connect(self.apply_page)

    def apply_page(self, suggestions: dict) -> None:
        """A scanned complaint was read: fill in what it gives, highlighted for confirmation."""
        if self.draft is None:
            return
        filled = self.parties.apply_page(suggestions) + self.claims.apply_page(suggestions)
        for screen in (self.parties, self.claims):
            screen.scan_panel.show_result(filled)

    def begin(self, identity) -> None:
        for screen in self.screens:
            screen.clear()
        self.identity = identity
        self.draft = self.service.new_draft()
        self.nav.show_screen("filing_parties")

    def clear(self) -> None:
        self.identity = None
        self.draft = None
        for screen in self.screens:
            screen.clear()


class FilingStep(Screen):
    """A step of the filing flow: the flow's draft, a column layout, the spec's prompt on top."""

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__()
        self.flow = flow
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(60, 16, 60, 16)
        self.prompt = label("hint")
        self.body.addWidget(self.prompt)


class AssistedStep(FilingStep):
    """A filing step whose fields can be filled from a scanned complaint and by voice; each
    field the kiosk fills must be confirmed or corrected before the litigant moves on."""

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        self.scan_panel = ScanPanel(f"{self.name}Scan", flow.scan_service)
        self.body.addWidget(self.scan_panel)
        self.voice_status = label("hint", name=f"{self.name}Voice")
        self.body.addWidget(self.voice_status)
        flow.voice.status.connect(self._voice_status)
        self.fields: dict[str, AssistedField] = {}

    def add_field(self, key: str, editor, voice: bool = True) -> AssistedField:
        field = AssistedField(editor, voice=voice)
        self.fields[key] = field
        self.flow.voice.add(field)
        return field

    def _voice_status(self, text: str) -> None:
        if self.isVisible():
            self.voice_status.setText(text)
            self.voice_status.setVisible(bool(text))

    def enter(self) -> None:
        text = self.flow.voice.unavailable_reason()
        self.voice_status.setText(text)
        self.voice_status.setVisible(bool(text))
        self.flow.voice_service.prepare()

    def leave(self) -> None:
        self.flow.voice.stop()

    def clear_fields(self) -> None:
        for field in self.fields.values():
            field.clear()
        self.scan_panel.clear()

    def apply_page(self, suggestions: dict) -> int:
        filled = 0
        for key, field in self.fields.items():
            found = suggestions.get(key)
            if found is not None and found.value:
                field.suggest(found.value, "scan", low=found.flagged)
                filled += 1
        return filled

    def unconfirmed(self) -> list[AssistedField]:
        """Fields the kiosk filled that the litigant has not confirmed or corrected yet."""
        pending = [f for f in self.fields.values() if f.pending]
        for field in pending:
            field.show_error(QCoreApplication.translate(
                "filing", "Please check this, then touch \"It is right\" or change it."))
        if pending:
            pending[0].editor.setFocus()
        return pending

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Show each field's problem (or none); True if there was any."""
        for key, field in self.fields.items():
            code = problems.get(key)
            field.show_error(problem_text(code) if code else None)
        first = next((self.fields[k] for k in self.fields if k in problems), None)
        if first is not None:
            first.editor.setFocus()
        return first is not None

    def retranslate_fields(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.scan_panel.retranslate()
        for field in self.fields.values():
            field.retranslate()


class PartiesScreen(AssistedStep):
    name = "filing_parties"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        layout = self.body
        self.plaintiff_card = Card()
        self.plaintiff_title = label("title")
        self.plaintiff_info = label(name="plaintiffInfo")
        self.plaintiff_card.layout_.addWidget(self.plaintiff_title)
        self.plaintiff_card.layout_.addWidget(self.plaintiff_info)
        layout.addWidget(self.plaintiff_card)

        card = Card()
        self.defendant_title = label("title")
        card.layout_.addWidget(self.defendant_title)
        kinds = QHBoxLayout()
        self.person = QRadioButton()
        self.person.setObjectName("defendantPerson")
        self.organisation = QRadioButton()
        self.organisation.setObjectName("defendantOrganisation")
        self.person.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.person)
        group.addButton(self.organisation)
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch()
        card.layout_.addLayout(kinds)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.name_edit = line_edit("defendantName")
        self.ident = line_edit(
            "defendantId",
            Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText,
        )
        self.address = line_edit("defendantAddress")
        self.phone = line_edit("defendantPhone", Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.labels = {}
        for key, widget in (("defendant_name", self.name_edit), ("defendant_id", self.ident),
                            ("defendant_address", self.address), ("defendant_phone", self.phone)):
            self.labels[key] = label()
            form.addRow(self.labels[key], self.add_field(key, widget))
        card.layout_.addLayout(form)
        layout.addWidget(card)
        layout.addStretch()
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next  # shown in the footer, always in reach
        self.person.toggled.connect(lambda _: self.retranslate())
        self.retranslate()

    def enter(self) -> None:
        super().enter()
        identity = self.flow.identity
        if identity is not None:
            self.plaintiff_info.setText(f"{identity.name}　{identity.masked_id}\n{identity.address}")

    def clear(self) -> None:
        self.clear_fields()
        self.person.setChecked(True)
        self.plaintiff_info.clear()

    def apply_page(self, suggestions: dict) -> int:
        kind = suggestions.get("defendant_kind")
        if kind is not None:
            (self.organisation if kind.value == "organisation" else self.person).setChecked(True)
        return super().apply_page(suggestions)

    def _next(self) -> None:
        d = self.flow.draft.defendant
        d.kind = "person" if self.person.isChecked() else "organisation"
        d.name, d.id_number = self.name_edit.text(), self.ident.text()
        d.address, d.phone = self.address.text(), self.phone.text()
        problems = {k: v for k, v in self.flow.service.validate(self.flow.draft).items() if k.startswith("defendant")}
        if self.show_problems(problems) or self.unconfirmed():
            return
        self.flow.nav.show_screen("filing_claims")

    def retranslate(self) -> None:
        self.retranslate_fields()
        self.plaintiff_title.setText(self.tr("Plaintiff (you, from your ID card)"))
        self.defendant_title.setText(self.tr("Defendant"))
        self.person.setText(self.tr("A person"))
        self.organisation.setText(self.tr("A company or organisation"))
        self.labels["defendant_name"].setText(self.tr("Name"))
        self.labels["defendant_id"].setText(
            self.tr("ID number (optional)") if self.person.isChecked()
            else self.tr("Credit code (optional)")
        )
        self.labels["defendant_address"].setText(self.tr("Address"))
        self.labels["defendant_phone"].setText(self.tr("Phone"))
        self.name_edit.setPlaceholderText(self.tr("Full name as on their ID or licence"))
        self.next.setText(self.tr("Next"))


class ClaimsScreen(AssistedStep):
    name = "filing_claims"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        layout = self.body
        card = Card()
        self.claims_label = label("title")
        card.layout_.addWidget(self.claims_label)
        self.claims = QPlainTextEdit()
        self.claims.setObjectName("claimsText")
        self.claims.setMinimumHeight(180)
        self.claims.setTabChangesFocus(True)
        card.layout_.addWidget(self.add_field("claims", self.claims))
        self.amount_label = label("title")
        card.layout_.addWidget(self.amount_label)
        row = QHBoxLayout()
        self.amount = line_edit("amountInput", Qt.InputMethodHint.ImhFormattedNumbersOnly)
        amount_field = self.add_field("amount", self.amount, voice=False)
        amount_field.setMaximumWidth(640)
        row.addWidget(amount_field)
        self.yuan = label()
        row.addWidget(self.yuan, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch()
        card.layout_.addLayout(row)
        self.fee = label("ok", name="feeEstimate")
        card.layout_.addWidget(self.fee)
        layout.addWidget(card)
        layout.addStretch()
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next  # shown in the footer, always in reach
        self.amount.textChanged.connect(self._estimate)
        self.retranslate()

    def clear(self) -> None:
        self.clear_fields()
        self.fee.clear()

    def _estimate(self) -> None:
        quote = self.flow.service.estimate(self.amount.text())
        if quote is None:
            self.fee.setText("")
            return
        self.fee.setText(self.tr("Estimated court fee: {fee} yuan (Decree 481, property case)")
                         .replace("{fee}", f"{quote.total:,.2f}"))

    def _next(self) -> None:
        self.flow.draft.claims = self.claims.toPlainText()
        self.flow.draft.amount_text = self.amount.text()
        problems = {k: v for k, v in self.flow.service.validate(self.flow.draft).items() if k in self.fields}
        if self.show_problems(problems) or self.unconfirmed():
            return
        self.flow.nav.show_screen("filing_review")

    def retranslate(self) -> None:
        self.retranslate_fields()
        self.claims_label.setText(self.tr("Your claims"))
        self.claims.setPlaceholderText(self.tr("For example: order the defendant to repay the loan of 50,000 "
                                               "yuan with interest."))
        self.amount_label.setText(self.tr("Amount claimed"))
        self.yuan.setText(self.tr("yuan"))
        self.next.setText(self.tr("Next"))
        self._estimate()


class ReviewScreen(FilingStep):
    name = "filing_review"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        layout = self.body
        card = Card()
        self.form = QFormLayout()
        self.form.setVerticalSpacing(12)
        self.rows = {}
        for key in ("court", "case_type", "plaintiff", "defendant", "claims", "amount", "fee"):
            name_label, value = label(), label(name=f"review_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.form.addRow(name_label, value)
            self.rows[key] = (name_label, value)
        card.layout_.addLayout(self.form)
        self.breakdown = label("hint", name="feeBreakdown")
        card.layout_.addWidget(self.breakdown)
        layout.addWidget(card)
        self.notice = label("hint", name="reviewNotice")
        layout.addWidget(self.notice)
        self.error = label("error", name="reviewError")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch()
        self.confirm = button("confirmButton", "primary", self)
        self.confirm.clicked.connect(self._confirm)
        self.primary = self.confirm
        self.retranslate()

    def enter(self) -> None:
        flow = self.flow
        draft, identity = flow.draft, flow.identity
        quote = flow.service.estimate(draft.amount_text)
        d = draft.defendant
        values = {
            "court": flow.service.court_display_name(draft.court_code),
            "case_type": flow.service.case_type_display_name(draft.case_type),
            "plaintiff": f"{identity.name}　{identity.masked_id}",
            "defendant": "　".join(x for x in (d.name.strip(), d.id_number.strip().upper(), d.address.strip(),
                                               d.phone.strip()) if x),
            "claims": draft.claims.strip(),
            "amount": f"{quote.amount:,.2f}",
            "fee": f"{quote.total:,.2f}",
        }
        for key, (_, value) in self.rows.items():
            value.setText(values[key])
        self.breakdown.setText("\n".join(f"{line.label}: {line.amount:,.2f}" for line in quote.breakdown))
        self.confirm.setEnabled(True)
        self.error.hide()
        self.retranslate()

    def clear(self) -> None:
        for _, value in self.rows.values():
            value.clear()
        self.breakdown.clear()
        self.error.hide()
        self.confirm.setEnabled(True)

    def _confirm(self) -> None:
        self.confirm.setEnabled(False)
        self.confirm.setText(self.tr("Saving…"))
        self.flow.service.submit(self.flow.identity, self.flow.draft)

    def on_failed(self, code: str) -> None:
        self.confirm.setEnabled(True)
        self.retranslate()
        self.error.setText(self.tr("Your filing could not be saved on this kiosk (storage problem). Nothing "
                                   "was sent. Please ask at the service counter."))
        self.error.show()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        titles = {
            "court": self.tr("Court"), "case_type": self.tr("Case type"), "plaintiff": self.tr("Plaintiff"),
            "defendant": self.tr("Defendant"), "claims": self.tr("Claims"),
            "amount": self.tr("Amount claimed (yuan)"), "fee": self.tr("Estimated court fee (yuan)"),
        }
        for key, (name_label, _) in self.rows.items():
            name_label.setText(titles[key])
        self.notice.setText(self.tr("The court reviews every filing and answers later. The fee shown is an "
                                    "estimate; the court's fee notice is binding."))
        if self.confirm.isEnabled():
            self.confirm.setText(self.tr("Confirm and submit"))


class SubmittedScreen(Screen):
    name = "submitted"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__()
        self.flow = flow
        self._outcome = None
        self._receipt: str | None = None  # None printing, "ok", or a failure code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 40, 80, 40)
        self.heading = label("big", name="submittedHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        card = Card()
        self.number = label("title", name="filingNumber")
        self.status = label(name="filingStatus")
        self.receipt = label(name="receiptStatus")
        for w in (self.number, self.status, self.receipt):
            card.layout_.addWidget(w)
        layout.addWidget(card)
        layout.addStretch()
        self.finish = button("finishButton", "primary")
        self.finish.clicked.connect(lambda: self.flow.nav.finish())
        layout.addWidget(self.finish, alignment=Qt.AlignmentFlag.AlignCenter)
        self.retranslate()

    def clear(self) -> None:
        self._outcome = None
        self._receipt = None
        self.retranslate()

    def on_submitted(self, outcome) -> None:
        self._outcome = outcome
        self._receipt = None
        self.flow.nav.show_screen("submitted")
        self.retranslate()

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
        if self._outcome is None:
            return
        self.number.setText(self.tr("Filing number: {number}").replace(
            "{number}", self._outcome.filing_id[:8].upper()))
        self.status.setText(self.tr("Status: awaiting review (待审核). It is saved on this kiosk and is sent "
                                    "to the court automatically, even if the network is down now."))
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
