"""诉讼费计算: the fee of a case or an application under Decree 481, with its breakdown, for anyone."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.service_address_form import CheckRow
from ui.widgets import Card, Screen, button, label, set_role


def kind_name(kind: str) -> str:
    return {
        "property": QCoreApplication.translate("fees", "Property dispute (amount claimed)"),
        "divorce": QCoreApplication.translate("fees", "Divorce (property to divide, if any)"),
        "personality_rights": QCoreApplication.translate("fees", "Personality rights (damages claimed, if any)"),
        "non_property": QCoreApplication.translate("fees", "Other non-property dispute"),
        "ip": QCoreApplication.translate("fees", "Intellectual property (amount in dispute, if any)"),
        "labour": QCoreApplication.translate("fees", "Labour dispute"),
        "administrative": QCoreApplication.translate("fees", "Administrative case"),
        "administrative_special": QCoreApplication.translate(
            "fees", "Administrative case on a trademark, patent or maritime matter"),
        "enforcement": QCoreApplication.translate("fees", "Apply for enforcement (amount to enforce, if any)"),
        "preservation": QCoreApplication.translate("fees", "Apply for preservation (value, if any)"),
        "payment_order": QCoreApplication.translate("fees", "Apply for a payment order (amount claimed)"),
        "public_summons": QCoreApplication.translate("fees", "Apply for a public summons"),
        "arbitration": QCoreApplication.translate(
            "fees", "Set aside an arbitral award, or confirm an arbitration agreement"),
        "bankruptcy": QCoreApplication.translate("fees", "Bankruptcy (value of the estate)"),
    }.get(kind, kind)


class FeeCalculatorScreen(Screen):
    name = "fee_calculator"
    SPEC = ScreenSpec(
        "fee_calculator",
        lambda: QCoreApplication.translate("screens", "Fee calculator"),
        lambda: QCoreApplication.translate("screens", "Choose the kind of case or application and enter the amount. The fee and how it is calculated appear below."),
        ("feeKind", "feeAmount", "feeSimple", "feeMediated", "feeCounterclaim", "feeAppeal", "feeResultTotal",
         "feeResultBreakdown", "feeResultNotes", "feeDone", "backButton", "homeButton"),
    )

    def __init__(self, nav, calculator) -> None:
        super().__init__()
        self._nav = nav
        self._calc = calculator
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 16, 60, 16)
        self.prompt = label("hint")
        layout.addWidget(self.prompt)
        card = Card()
        form = QFormLayout()
        form.setVerticalSpacing(14)
        self.kind_label, self.amount_label = label(), label()
        self.kind = QComboBox()
        self.kind.setObjectName("feeKind")
        form.addRow(self.kind_label, self.kind)
        row = QHBoxLayout()
        self.amount = QLineEdit()
        self.amount.setObjectName("feeAmount")
        self.amount.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.amount.setMaximumWidth(520)
        row.addWidget(self.amount)
        self.yuan = label()
        row.addWidget(self.yuan)
        row.addStretch()
        form.addRow(self.amount_label, row)
        card.layout_.addLayout(form)
        self.checks = {name: CheckRow(name) for name in ("feeSimple", "feeMediated", "feeCounterclaim", "feeAppeal")}
        for check in self.checks.values():
            card.layout_.addWidget(check)
            check.box.toggled.connect(self._calculate)
        layout.addWidget(card)
        result = Card()
        self.total = label("big", name="feeResultTotal")
        self.total.setProperty("live", "polite")  # the fee is said as it changes (speech on)
        self.breakdown = label(name="feeResultBreakdown")
        self.notes = label("hint", name="feeResultNotes")
        for w in (self.total, self.breakdown, self.notes):
            result.layout_.addWidget(w)
        layout.addWidget(result)
        layout.addStretch()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.amount.textChanged.connect(self._calculate)
        self.done = button("feeDone", "primary", self)
        self.done.clicked.connect(lambda: self._nav.back())  # back to the menu
        self.primary = self.done
        self.retranslate()

    def clear(self) -> None:
        self.amount.clear()
        for check in self.checks.values():
            check.setChecked(False)
        self.kind.setCurrentIndex(0)
        self._calculate()

    def enter(self) -> None:
        self._calculate()

    def _kind(self) -> str:
        return self.kind.currentData() or "property"

    def _kind_changed(self) -> None:
        kind = self._kind()
        takes = self._calc.amount_rule(kind)
        self.amount.setEnabled(takes != "none")
        if takes == "none":
            self.amount.clear()
        halvable = self._calc.halvable(kind)
        for check in self.checks.values():
            check.setEnabled(halvable)
            if not halvable:
                check.setChecked(False)
        self._calculate()

    def _calculate(self) -> None:
        answer = self._calc.calculate(
            self._kind(), self.amount.text(),
            simple=self.checks["feeSimple"].isChecked(), mediated=self.checks["feeMediated"].isChecked(),
            counterclaim=self.checks["feeCounterclaim"].isChecked(), appeal=self.checks["feeAppeal"].isChecked())
        quote = answer.quote
        if quote is None:
            self.total.setText({
                "amount_required": self.tr("Please enter the amount."),
                "amount_invalid": self.tr("Please enter an amount in yuan, for example 12000 or 12000.50."),
            }.get(answer.problem or "", self.tr("This cannot be calculated. Please ask at the service counter.")))
            set_role(self.total, "error" if self.amount.text().strip() else "hint")
            self.breakdown.clear()
            self.notes.clear()
            return
        set_role(self.total, "big")
        self.total.setText(self.tr("Fee: {fee} yuan").replace("{fee}", f"{quote.total:,.2f}"))
        self.breakdown.setText("\n".join(f"{line.label}：{line.amount:,.2f}" for line in quote.breakdown))
        notes = list(quote.notes)
        if quote.payable_now != quote.total:
            notes.append(self.tr("Not paid in advance: {fee} yuan now.").replace("{fee}", f"{quote.payable_now:,.2f}"))
        notes.append(self.tr("This is an estimate under Decree 481 with this province's figures. The court's fee "
                             "notice is binding."))
        self.notes.setText("\n".join(notes))

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.kind_label.setText(self.tr("What"))
        self.amount_label.setText(self.tr("Amount"))
        self.yuan.setText(self.tr("yuan"))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for kind in self._calc.kinds():
            self.kind.addItem(kind_name(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        self.checks["feeSimple"].setText(self.tr("Simple procedure (half)"))
        self.checks["feeMediated"].setText(self.tr("Settled by mediation, or withdrawn (half)"))
        self.checks["feeCounterclaim"].setText(self.tr("Counterclaim or a third party's own claim (half)"))
        self.checks["feeAppeal"].setText(self.tr("Appeal (on the part of the judgment appealed)"))
        self.done.setText(self.tr("Done"))
        self._kind_changed()


SCREEN = ScreenEntry("fee_calculator", lambda nav, services: FeeCalculatorScreen(nav, services.fee_calculator),
                     serves=("fee_calculator",))
