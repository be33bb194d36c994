"""The court fee step: the fee and how it is calculated (the kiosk's estimate, then the court's
own figure when it can be asked), and a request for fee relief."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QRadioButton

from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow
from ui.widgets import Card, button, label, set_role


class FeesScreen(FilingStep):
    """The fee with its breakdown (the kiosk's estimate, then the court's calculation when it can
    be asked), and a request for fee relief."""

    name = "filing_fees"
    SPEC = ScreenSpec(
        "filing_fees",
        lambda: QCoreApplication.translate("screens", "File a case: court fee"),
        lambda: QCoreApplication.translate("screens", "This is the court fee and how it is calculated. If you cannot afford it, you can ask for relief."),
        ("feeTotal", "feeBreakdown", "courtFee", "askRelief", "relief_waive", "relief_reduce", "relief_defer", "reliefShare", "reliefGround",
         "nextButton", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        self._court = None  # the court's FeeQuote for the draft as it is now, or None
        card = Card()
        self.total = label("big", name="feeTotal")
        card.layout_.addWidget(self.total)
        self.breakdown = label(name="feeBreakdown")
        card.layout_.addWidget(self.breakdown)
        self.court = label("hint", name="courtFee")
        card.layout_.addWidget(self.court)
        self.cross_note = label("hint", name="crossRegionalFee")  # 跨域立案: the receiving court's figures
        self.cross_note.hide()
        card.layout_.addWidget(self.cross_note)
        self.body.addWidget(card)
        relief = Card()
        from ui.service_address_form import CheckRow

        self.relief_check = CheckRow("askRelief")
        relief.layout_.addWidget(self.relief_check)
        row = QHBoxLayout()
        self.relief_group = QButtonGroup(self)
        self.relief_kinds = {}
        for kind in ("waive", "reduce", "defer"):
            b = QRadioButton()
            b.setObjectName(f"relief_{kind}")
            self.relief_group.addButton(b)
            self.relief_kinds[kind] = b
            row.addWidget(b)
            b.toggled.connect(lambda on: on and self._relief_changed())
        row.addStretch()
        relief.layout_.addLayout(row)
        self.share = QComboBox()
        self.share.setObjectName("reliefShare")
        for pct in (30, 40, 50, 60, 70, 80, 90):
            self.share.addItem(f"{pct}%", f"{pct}%")
        relief.layout_.addWidget(self.share)
        self.ground = QComboBox()
        self.ground.setObjectName("reliefGround")
        relief.layout_.addWidget(self.ground)
        self.relief_note = label("hint", name="reliefNote")
        relief.layout_.addWidget(self.relief_note)
        self.relief_error = label("error", name="reliefError")
        self.relief_error.hide()
        relief.layout_.addWidget(self.relief_error)
        self.relief_card = relief
        self.body.addWidget(relief)
        self.body.addStretch()
        self.relief_check.box.toggled.connect(self._relief_changed)
        self.share.currentIndexChanged.connect(self._relief_changed)
        self.ground.currentIndexChanged.connect(lambda _: self._show_quote())
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.relief_kinds["reduce"].setChecked(True)
        self.retranslate()

    def enter(self) -> None:
        draft = self.flow.draft
        self._court = None
        # Read the answers first: setting the widgets stores them back into the draft as it goes.
        kind, ground, share = draft.relief.kind, draft.relief.ground, draft.relief.share
        self.relief_check.setChecked(bool(kind))
        if kind:
            self.relief_kinds[kind].setChecked(True)
            if share:
                self.share.setCurrentIndex(max(0, self.share.findData(share)))
        self._relief_changed()
        if ground:
            self.ground.setCurrentIndex(max(0, self.ground.findData(ground)))
        self.relief_card.setVisible(draft.kind in ("first_instance", "appeal"))
        self.relief_error.hide()
        self.cross_note.setVisible(draft.cross_regional)
        self._show_quote()
        self.flow.service.ask_court_fee(draft)

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        if self.relief_check.isChecked() and self.relief_card.isVisible():
            kind = next(k for k, b in self.relief_kinds.items() if b.isChecked())
            draft.relief.kind = kind
            draft.relief.ground = self.ground.currentData() or ""
            draft.relief.share = self.share.currentData() if kind == "reduce" else ""
        else:
            draft.relief.kind = draft.relief.ground = draft.relief.share = ""

    def clear(self) -> None:
        self._court = None
        self.relief_check.setChecked(False)
        for w in (self.total, self.breakdown, self.court):
            w.clear()
        self.relief_error.hide()

    def _relief_changed(self) -> None:
        from kiosk.domain import fees

        on = self.relief_check.isChecked()
        kind = next((k for k, b in self.relief_kinds.items() if b.isChecked()), "reduce")
        for b in self.relief_kinds.values():
            b.setVisible(on)
        self.share.setVisible(on and kind == "reduce")
        self.ground.setVisible(on)
        self.relief_note.setVisible(on)
        current = self.ground.currentData()
        self.ground.blockSignals(True)
        self.ground.clear()
        for code, ground in fees.RELIEF_GROUNDS.items():
            if ground.kind.value == kind:
                self.ground.addItem(ground.label, code)
        self.ground.setCurrentIndex(max(0, self.ground.findData(current)))
        self.ground.blockSignals(False)
        self._show_quote()

    def _show_quote(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        self.store()
        quote = self.flow.service.estimate(draft)
        if quote is None:
            self.total.setText(self.tr("The fee cannot be calculated for this amount."))
            self.breakdown.clear()
            return
        if draft.cross_regional:
            self.cross_note.setText(self.tr(
                "You file with {court}. It confirms the fee by its province's figures and sends the fee "
                "notice; this estimate uses this court's figures.").replace(
                "{court}", self.flow.service.court_display_name(draft.court_code)))
        payable = quote.payable_now
        self.total.setText(self.tr("Court fee: {fee} yuan").replace("{fee}", f"{quote.total:,.2f}")
                           + ("" if payable == quote.total else
                              "　" + self.tr("(to pay now: {fee} yuan)").replace("{fee}", f"{payable:,.2f}")))
        self.breakdown.setText("\n".join(f"{line.label}：{line.amount:,.2f}" for line in quote.breakdown))
        court = self._court
        if court is None:
            self.court.setText(self.tr("This is the kiosk's estimate under Decree 481. The court's fee notice "
                                       "is binding."))
            set_role(self.court, "hint")
        elif draft.relief.kind:
            self.court.setText(self.tr("The court calculates {fee} yuan before relief; it decides on your "
                                       "request.").replace("{fee}", f"{court.total:,.2f}"))
            set_role(self.court, "hint")
        elif court.total == quote.total:
            self.court.setText(self.tr("The court's calculation agrees: {fee} yuan.")
                               .replace("{fee}", f"{court.total:,.2f}"))
            set_role(self.court, "ok")
        else:
            self.court.setText(self.tr("The court calculates {court} yuan; the kiosk's {fee} yuan is only an "
                                       "estimate. The court's figure applies.")
                               .replace("{court}", f"{court.total:,.2f}").replace("{fee}", f"{quote.total:,.2f}"))
            set_role(self.court, "error")

    def on_court_quote(self, draft, quote) -> None:
        if draft is not self.flow.draft or quote is None:
            return
        if quote.amount is not None and draft.amount() is not None and quote.amount != draft.amount():
            return  # asked about an amount since changed
        self._court = quote
        if self.isVisible():
            self._show_quote()

    def _next(self) -> None:
        self.step_on(lambda problems: self.show_error(
            self.relief_error, self.tr("Please choose the ground of your request."), problems))

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.relief_check.setText(self.tr("I cannot afford the fee: ask the court for fee relief"))
        texts = {"waive": self.tr("Waive it"), "reduce": self.tr("Reduce it"), "defer": self.tr("Pay it later")}
        for kind, b in self.relief_kinds.items():
            b.setText(texts[kind])
        self.relief_note.setText(self.tr("The court decides. Bring proof of the ground (for example a "
                                         "subsistence allowance certificate)."))
        self.next.setText(self.tr("Next"))
        if self.flow.draft is not None and self.isVisible():
            self._show_quote()
