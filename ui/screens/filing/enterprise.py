"""The enterprise window's step (企业"云评估"): how the case, and a preservation measure in it, would
affect an organisation party's production and operation. Shown after the parties when an
organisation is a party and the litigant took the offer there; skippable here too. The rules are
`kiosk.domain.filing_enterprise`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QButtonGroup, QComboBox, QGridLayout, QHBoxLayout, QRadioButton, QWidget

from kiosk.domain import filing_enterprise as rules
from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow, role_title
from ui.widgets import Card, button, label, line_edit


class _Choice(QWidget):
    """Radio buttons for one answer (none chosen until the litigant touches one)."""

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for value, name in names.items():
            b = QRadioButton()
            b.setObjectName(name)
            self.group.addButton(b)
            self.buttons[value] = b
            row.addWidget(b)
        row.addStretch()

    def value(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: str) -> None:
        self.group.setExclusive(False)
        for v, b in self.buttons.items():
            b.setChecked(v == value)
        self.group.setExclusive(True)


def answer_texts() -> dict[str, dict[str, str]]:
    """The answers' texts in the UI's language, by question and code (the step and the review show them)."""
    return {
        "operating_status": {
            "normal": QCoreApplication.translate("EnterpriseScreen", "Operating normally"),
            "reduced": QCoreApplication.translate("EnterpriseScreen", "Partly stopped"),
            "suspended": QCoreApplication.translate("EnterpriseScreen", "Production stopped"),
            "closed": QCoreApplication.translate("EnterpriseScreen", "Closed for business"),
            "liquidation": QCoreApplication.translate("EnterpriseScreen", "In liquidation"),
            "other": QCoreApplication.translate("EnterpriseScreen", "Other"),
        },
        "freeze_impact": {
            "none": QCoreApplication.translate("EnterpriseScreen", "No effect"),
            "minor": QCoreApplication.translate("EnterpriseScreen", "A minor effect"),
            "serious": QCoreApplication.translate("EnterpriseScreen", "Serious: wages or suppliers could not be paid"),
            "stops_operation": QCoreApplication.translate("EnterpriseScreen", "It would stop operating"),
        },
        "mediation": {
            "willing": QCoreApplication.translate("EnterpriseScreen", "Willing"),
            "unwilling": QCoreApplication.translate("EnterpriseScreen", "Not willing"),
            "undecided": QCoreApplication.translate("EnterpriseScreen", "Not decided yet"),
        },
        "alternatives": {
            "guarantee": QCoreApplication.translate("EnterpriseScreen", "A guarantor (担保)"),
            "bank_guarantee": QCoreApplication.translate("EnterpriseScreen", "A bank guarantee (保函)"),
            "insurance": QCoreApplication.translate("EnterpriseScreen", "Preservation insurance (保险)"),
            "substitute_property": QCoreApplication.translate("EnterpriseScreen", "Other property instead (置换财产)"),
            "live_seal": QCoreApplication.translate("EnterpriseScreen", "Seal but keep using it (活封)"),
        },
    }


def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Set a combo's items (data, text), keeping the current choice."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for data, text in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


class EnterpriseScreen(FilingStep):
    """The production and operation impact evaluation of one organisation party (optional)."""

    name = "filing_enterprise"
    SPEC = ScreenSpec(
        "filing_enterprise",
        lambda: QCoreApplication.translate("screens", "File a case: enterprise evaluation"),
        lambda: QCoreApplication.translate(
            "screens", "Tell the court how the case would affect the company's operation, or skip this."),
        ("enterpriseSubject", "enterpriseEmployees", "enterpriseStatus", "accountsYes", "accountsNo",
         "assetsYes", "assetsNo", "enterpriseFreezeImpact", "enterpriseOrders", "enterpriseOrdersAmount",
         "mediationWilling", "mediationUnwilling", "mediationUndecided", "alt_*", "enterpriseNote",
         "enterpriseSkip", "nextButton", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        from ui.service_address_form import CheckRow

        intro = Card()
        self.intro = label(name="enterpriseIntro")
        intro.layout_.addWidget(self.intro)
        subject_row = QHBoxLayout()
        self.subject_label = label()
        self.subject = QComboBox()
        self.subject.setObjectName("enterpriseSubject")
        subject_row.addWidget(self.subject_label)
        subject_row.addWidget(self.subject, 1)
        intro.layout_.addLayout(subject_row)
        self.errors: dict[str, object] = {"subject": label("error", name="enterpriseSubjectError")}
        intro.layout_.addWidget(self.errors["subject"])
        skip_row = QHBoxLayout()  # skipping is offered up front
        self.skip_text = label("hint", name="enterpriseSkipText")
        self.skip = button("enterpriseSkip")
        self.skip.clicked.connect(self._skip)
        skip_row.addWidget(self.skip_text, 1)
        skip_row.addWidget(self.skip)
        intro.layout_.addLayout(skip_row)
        self.body.addWidget(intro)

        form = Card()
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 1)  # the questions wrap in a third, the answers (and their examples) get the rest
        grid.setColumnStretch(1, 2)
        self.questions: dict[str, object] = {}
        self.employees = line_edit("enterpriseEmployees", Qt.InputMethodHint.ImhDigitsOnly)
        self.status = QComboBox()
        self.status.setObjectName("enterpriseStatus")
        self.accounts = _Choice({"yes": "accountsYes", "no": "accountsNo"})
        self.assets = _Choice({"yes": "assetsYes", "no": "assetsNo"})
        self.freeze = QComboBox()
        self.freeze.setObjectName("enterpriseFreezeImpact")
        orders = QWidget()
        orders_row = QHBoxLayout(orders)
        orders_row.setContentsMargins(0, 0, 0, 0)
        self.orders = line_edit("enterpriseOrders", Qt.InputMethodHint.ImhDigitsOnly)
        self.orders_amount = line_edit("enterpriseOrdersAmount", Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.orders_label = label()
        self.amount_label = label()
        for w, stretch in ((self.orders_label, 0), (self.orders, 1), (self.amount_label, 0),
                           (self.orders_amount, 2)):
            orders_row.addWidget(w, stretch)
        self.mediation = _Choice({"willing": "mediationWilling", "unwilling": "mediationUnwilling",
                                  "undecided": "mediationUndecided"})
        alternatives = QWidget()
        alt_grid = QGridLayout(alternatives)
        alt_grid.setContentsMargins(0, 0, 0, 0)
        self.alternatives: dict[str, CheckRow] = {}
        for n, code in enumerate(rules.ALTERNATIVES):
            row = CheckRow(f"alt_{code}")
            self.alternatives[code] = row
            alt_grid.addWidget(row, n // 2, n % 2)
        self.note = line_edit("enterpriseNote")
        rows = (("employees", self.employees), ("operating_status", self.status),
                ("accounts_at_risk", self.accounts), ("key_assets_at_risk", self.assets),
                ("freeze_impact", self.freeze), ("orders_at_risk", orders), ("mediation", self.mediation),
                ("alternatives", alternatives), ("note", self.note))
        line = 0
        for key, widget in rows:
            self.questions[key] = label()
            grid.addWidget(self.questions[key], line, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, line, 1)
            error = label("error", name=f"enterprise_{key}_error")
            self.errors[key] = error
            grid.addWidget(error, line + 1, 1)
            line += 2
        self.errors["orders_amount"] = self.errors["orders_at_risk"]  # one line for both
        #: Where the keypad focus goes for a problem (the screen scrolls to it), in the screen's order.
        self._focus = {"subject": self.subject, "employees": self.employees, "operating_status": self.status,
                       "accounts_at_risk": self.accounts.buttons["yes"], "key_assets_at_risk": self.assets.buttons["yes"],
                       "freeze_impact": self.freeze, "orders_at_risk": self.orders, "orders_amount": self.orders_amount,
                       "mediation": self.mediation.buttons["willing"], "note": self.note}
        form.layout_.addLayout(grid)
        self.body.addWidget(form)
        self.body.addStretch()
        # an answer changed: its problem is no longer shown (the next "next" checks again)
        for key, edit in (("employees", self.employees), ("orders_at_risk", self.orders),
                          ("orders_at_risk", self.orders_amount), ("note", self.note)):
            edit.textChanged.connect(lambda _=None, k=key: self.errors[k].hide())
        for key, combo in (("operating_status", self.status), ("freeze_impact", self.freeze),
                           ("subject", self.subject)):
            combo.currentIndexChanged.connect(lambda _=None, k=key: self.errors[k].hide())
        for key, choice in (("accounts_at_risk", self.accounts), ("key_assets_at_risk", self.assets),
                            ("mediation", self.mediation)):
            # any way an answer is chosen (touch, the keypad, a restored draft) clears its problem
            choice.group.buttonToggled.connect(lambda _b, on, k=key: on and self.errors[k].hide())
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self._hide_errors()
        self.retranslate()

    # ----------------------------------------------------------------- data
    def _subjects(self) -> list[tuple[str, str]]:
        draft = self.flow.draft
        if draft is None:
            return []
        return [(f"{role}.{n}", f"{party.name.strip()}（{role_title(draft.kind, role)}）")
                for role, n, party in rules.organisations(draft)]

    def enter(self) -> None:
        draft = self.flow.draft
        rules.choose_default_subject(draft)
        e = draft.enterprise
        self.subject.clear()
        for data, text in self._subjects():
            self.subject.addItem(text, data)
        self.subject.setCurrentIndex(max(0, self.subject.findData(f"{e.role}.{e.index}")))
        self.employees.setText(e.employees)
        self.status.setCurrentIndex(max(0, self.status.findData(e.operating_status)))
        self.accounts.set_value({True: "yes", False: "no"}.get(e.accounts_at_risk, ""))
        self.assets.set_value({True: "yes", False: "no"}.get(e.key_assets_at_risk, ""))
        self.freeze.setCurrentIndex(max(0, self.freeze.findData(e.freeze_impact)))
        self.orders.setText(e.orders_at_risk)
        self.orders_amount.setText(e.orders_amount)
        self.mediation.set_value(e.mediation)
        for code, row in self.alternatives.items():
            row.setChecked(code in e.alternatives)
        self.note.setText(e.note)
        self._hide_errors()

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        e = draft.enterprise
        chosen = self.subject.currentData()
        if chosen:
            role, index = chosen.split(".")
            e.role, e.index = role, int(index)
        e.employees = self.employees.text()
        e.operating_status = self.status.currentData() or ""
        e.accounts_at_risk = {"yes": True, "no": False}.get(self.accounts.value())
        e.key_assets_at_risk = {"yes": True, "no": False}.get(self.assets.value())
        e.freeze_impact = self.freeze.currentData() or ""
        e.orders_at_risk = self.orders.text()
        e.orders_amount = self.orders_amount.text()
        e.mediation = self.mediation.value()
        e.alternatives = {code for code, row in self.alternatives.items() if row.isChecked()}
        e.note = self.note.text()

    def clear(self) -> None:
        self.subject.clear()
        for edit in (self.employees, self.orders, self.orders_amount, self.note):
            edit.clear()
        for combo in (self.status, self.freeze):
            combo.setCurrentIndex(0)
        for choice in (self.accounts, self.assets, self.mediation):
            choice.set_value("")
        for row in self.alternatives.values():
            row.setChecked(False)
        self._hide_errors()

    # ------------------------------------------------------------ problems
    def _hide_errors(self) -> None:
        for error in self.errors.values():
            error.hide()

    def _message(self, code: str) -> str:
        return {
            "required": self.tr("Please answer this."),
            "count_invalid": self.tr("Please enter a whole number, for example 120."),
            "amount_invalid": self.tr("Please enter the amount in yuan, for example 250000."),
            "orders_missing": self.tr("Please enter how many orders or contracts are at risk."),
            "too_long": self.tr("This is too long: at most 1000 characters."),
        }.get(code, self.tr("Please check this answer."))

    def show_problems(self, problems: dict[str, str]) -> bool:
        self._hide_errors()
        for key, code in problems.items():
            error = self.errors.get(key)
            if error is not None:
                error.setText(self._message(code))
                error.show()
        if "subject" in problems:
            self.errors["subject"].setText(self.tr("Please choose the organisation this evaluation is about."))
        first = next((key for key in self._focus if key in problems), None)
        if first is not None:
            self._focus[first].setFocus()
        return bool(problems)

    def _next(self) -> None:
        self.step_on(self.show_problems)

    def _skip(self) -> None:
        """No evaluation: on to the claims (the offer can be taken again on the parties step)."""
        self.store()
        self.flow.draft.enterprise.skip()
        self._hide_errors()
        self.flow.follow(self.flow.advance(self.name))

    # ------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.intro.setText(self.tr(
            "Enterprise window (企业“云评估”): the court weighs how a case, and freezing a company's accounts or "
            "assets to preserve property, would affect its production and operation, and looks for milder "
            "ways. Your answers go to the court with your filing. Answer as well as you know."))
        self.subject_label.setText(self.tr("Organisation"))
        questions = {
            "employees": self.tr("Number of employees"),
            "operating_status": self.tr("Operating status"),
            "accounts_at_risk": self.tr("Would preservation freeze its bank accounts?"),
            "key_assets_at_risk": self.tr("Would preservation seize key assets (plant, equipment, stock)?"),
            "freeze_impact": self.tr("What would a freeze do to its operation?"),
            "orders_at_risk": self.tr("Orders and contracts at risk (optional)"),
            "mediation": self.tr("Willing to settle by mediation?"),
            "alternatives": self.tr("Instead of freezing, it can offer (optional)"),
            "note": self.tr("Anything else (optional)"),
        }
        for key, text in questions.items():
            self.questions[key].setText(text)
        choose = self.tr("Please choose")
        answers = answer_texts()
        _fill(self.status, [("", choose), *answers["operating_status"].items()])
        _fill(self.freeze, [("", choose), *answers["freeze_impact"].items()])
        for choice in (self.accounts, self.assets):
            choice.buttons["yes"].setText(self.tr("Yes"))
            choice.buttons["no"].setText(self.tr("No"))
        for code, b in self.mediation.buttons.items():
            b.setText(answers["mediation"][code])
        self.orders_label.setText(self.tr("Number"))
        self.amount_label.setText(self.tr("Amount (yuan)"))
        for code, row in self.alternatives.items():
            row.setText(answers["alternatives"][code])
        self.note.setPlaceholderText(self.tr("For example: the frozen account pays 300 workers' wages"))
        self.skip_text.setText(self.tr("You do not have to answer: your filing goes on without it."))
        self.skip.setText(self.tr("Skip the evaluation"))
        self.next.setText(self.tr("Next"))
