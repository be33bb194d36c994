"""The claims step: the case referred to (appeal, enforcement), the claims, the facts and
reasons, and the amount, with the fee estimated as it is typed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPlainTextEdit

from kiosk.domain.filing import ENFORCEMENT_DOCUMENTS
from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import AssistedStep, Flow
from ui.widgets import Card, button, label, line_edit


class ClaimsScreen(AssistedStep):
    """The case referred to (appeal, enforcement), the claims, facts and reasons, and the amount."""

    name = "filing_claims"
    SPEC = ScreenSpec(
        "filing_claims",
        lambda: QCoreApplication.translate("screens", "File a case: claims"),
        lambda: QCoreApplication.translate("screens", "Write what you ask the court to decide, why, and the amount."),
        ("filing_claimsScanButton", "referenceCaseNumber", "referenceCaseNumberConfirm", "referenceDocument",
         "claimsText", "claimsTextMic", "claimsTextConfirm", "factsText", "factsTextMic", "factsTextConfirm",
         "amountInput", "amountInputConfirm", "nextButton", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        layout = self.body
        self.reference_card = Card()
        self.reference_label = label("title")
        self.reference_card.layout_.addWidget(self.reference_label)
        self.reference = line_edit("referenceCaseNumber")
        self.reference.setPlaceholderText("（2026）京0105民初123号")
        self.reference_card.layout_.addWidget(self.add_field("reference_case_number", self.reference, voice=False))
        self.document_label = label()
        self.reference_card.layout_.addWidget(self.document_label)
        self.document = QComboBox()
        self.document.setObjectName("referenceDocument")
        self.reference_card.layout_.addWidget(self.document)
        self.document_error = label("error", name="referenceDocumentError")
        self.document_error.hide()
        self.reference_card.layout_.addWidget(self.document_error)
        layout.addWidget(self.reference_card)
        card = Card()
        self.claims_label = label("title")
        card.layout_.addWidget(self.claims_label)
        self.claims = QPlainTextEdit()
        self.claims.setObjectName("claimsText")
        self.claims.setMinimumHeight(140)
        self.claims.setTabChangesFocus(True)
        card.layout_.addWidget(self.add_field("claims", self.claims))
        self.facts_label = label("title")
        card.layout_.addWidget(self.facts_label)
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("factsText")
        self.facts.setMinimumHeight(140)
        self.facts.setTabChangesFocus(True)
        card.layout_.addWidget(self.add_field("facts", self.facts))
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

    def enter(self) -> None:
        super().enter()
        draft = self.flow.draft
        referencing = draft.kind in ("appeal", "enforcement")
        self.reference_card.setVisible(referencing)
        self.document.setVisible(draft.kind == "enforcement")
        self.document_label.setVisible(draft.kind == "enforcement")
        self.document.clear()
        self.document.addItem("", "")
        for name in ENFORCEMENT_DOCUMENTS:
            self.document.addItem(name, name)
        self.document.setCurrentIndex(max(0, self.document.findData(draft.reference_document)))
        self.document_error.hide()
        self.retranslate()  # (the editors keep their text for the whole session; `store` copies it)

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        draft.reference_case_number = self.reference.text()
        draft.reference_document = self.document.currentData() or ""
        draft.claims = self.claims.toPlainText()
        draft.facts = self.facts.toPlainText()
        draft.amount_text = self.amount.text()

    def clear(self) -> None:
        self.clear_fields()
        self.fee.clear()
        self.document_error.hide()

    def _estimate(self) -> None:
        draft = self.flow.draft
        if draft is None:
            self.fee.setText("")
            return
        draft.amount_text = self.amount.text()
        quote = self.flow.service.estimate(draft, with_relief=False)
        if quote is None:
            self.fee.setText("")
            return
        if draft.kind == "mediation":
            self.fee.setText(self.tr("Pre-suit mediation is free."))
        elif draft.kind == "enforcement":
            self.fee.setText(self.tr("Enforcement fee: {fee} yuan, paid after enforcement, not now (Decree 481 "
                                     "Art. 20)").replace("{fee}", f"{quote.total:,.2f}"))
        else:
            self.fee.setText(self.tr("Estimated court fee: {fee} yuan (Decree 481)")
                             .replace("{fee}", f"{quote.total:,.2f}"))

    def _next(self) -> None:
        def shown(problems) -> bool:
            self.document_error.setVisible("reference_document" in problems)
            self.document_error.setText(self.tr("Please choose the document you want enforced."))
            own = {k: v for k, v in problems.items() if k in self.fields}
            return bool(self.show_problems(own) or self.unconfirmed() or problems)

        self.step_on(shown)

    def retranslate(self) -> None:
        self.retranslate_fields()
        kind = self.flow.draft.kind if self.flow.draft is not None else "first_instance"
        self.reference_label.setText(self.tr("Case number of the first-instance judgment") if kind == "appeal"
                                     else self.tr("Case number of the effective judgment or mediation statement"))
        self.document_label.setText(self.tr("The document to enforce"))
        titles = {
            "first_instance": self.tr("Your claims"),
            "appeal": self.tr("What you ask the appeal court to change"),
            "enforcement": self.tr("What you ask the court to enforce"),
            "mediation": self.tr("What you want to settle"),
        }
        self.claims_label.setText(titles[kind])
        self.claims.setPlaceholderText(self.tr("For example: order the defendant to repay the loan of 50,000 "
                                               "yuan with interest."))
        self.facts_label.setText(self.tr("Facts and reasons") if kind != "mediation"
                                 else self.tr("What happened (optional)"))
        self.facts.setPlaceholderText(self.tr("What happened, when, and why you are right. Short sentences "
                                              "are fine."))
        self.amount_label.setText({
            "appeal": self.tr("Amount appealed (the part of the judgment you disagree with)"),
            "enforcement": self.tr("Amount to enforce (0 if none)"),
        }.get(kind, self.tr("Amount claimed (0 if none)")))
        self.yuan.setText(self.tr("yuan"))
        self.next.setText(self.tr("Next"))
        self._estimate()
