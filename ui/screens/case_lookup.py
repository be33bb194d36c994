"""案件查询 by case number and query code (查询码, printed on the court's notices): for agents and
lawyers without the party's ID card. What is typed is checked before anything is sent; a wrong code
says so (with the attempts left), a locked lookup says for how long. Built by the case records flow
(ui/screens/case_detail.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout

from ui.screen_specs import ScreenSpec
from ui.widgets import Card, Screen, button, label, line_edit, set_invalid, set_role

translate = QCoreApplication.translate  # (lupdate reads translate("context", "text") calls)


def case_number_problem(reason: str) -> str:
    return {
        "empty": translate("CaseLookupScreen", "Please enter the case number."),
        "year": translate("CaseLookupScreen", "The year in brackets is not right. A case number starts with "
                                              "the year, e.g. （2026）."),
        "serial": translate("CaseLookupScreen", "The number before 号 must be 1 or more."),
        "case_type": translate("CaseLookupScreen", "The case type in this case number (e.g. 民初, 民终, 执) is "
                                                   "not known."),
    }.get(reason, translate("CaseLookupScreen", "This is not a case number. Type it as on the court's notice: "
                                                "the year in brackets, the court code, the case type and the "
                                                "number, e.g. （2026）京0105民初123号."))


def query_code_problem(reason: str) -> str:
    return {
        "empty": translate("CaseLookupScreen", "Please enter the query code."),
        "length": translate("CaseLookupScreen", "A query code has 6 to 12 letters and digits."),
    }.get(reason, translate("CaseLookupScreen", "A query code has only the digits 2-9 and the letters A-Z "
                                                "without I, L and O. Please check it against the notice."))


def failure_text(code: str, info) -> tuple[str, str]:
    """(text, field: "query_code" or ""), for a failed(code, info) of the case detail service."""
    if code == "wrong_code":
        text = translate("CaseLookupScreen", "The query code does not match this case number.")
        if info == 1:
            text += " " + translate("CaseLookupScreen", "One more wrong code locks the lookup of this case for a "
                                                        "while.")
        elif isinstance(info, int) and info > 1:
            text += " " + translate("CaseLookupScreen", "{n} attempts left before the lookup of this case is "
                                                        "locked.").replace("{n}", str(info))
        elif info == 0:
            text += " " + translate("CaseLookupScreen", "The lookup of this case is now locked for a while.")
        return text, "query_code"
    if code == "locked":
        if info:
            return translate("CaseLookupScreen", "Too many wrong query codes: the lookup of this case is locked. "
                                                 "Try again in {n} minutes, or ask at the service counter.") \
                .replace("{n}", str(info)), ""
        return translate("CaseLookupScreen", "Too many wrong query codes: the lookup of this case is locked for "
                                             "a while. Please ask at the service counter."), ""
    if code == "not_found":
        return translate("CaseLookupScreen", "The court has no case you may see under this case number."), ""
    if code == "offline":
        return translate("CaseLookupScreen", "The court's system cannot be reached right now. Please try again "
                                             "in a moment."), ""
    return translate("CaseLookupScreen", "The court could not answer. Please ask at the service counter."), ""


class CaseLookupScreen(Screen):
    name = "case_lookup"
    SPEC = ScreenSpec(
        "case_lookup",
        lambda: QCoreApplication.translate("screens", "Case lookup"),
        lambda: QCoreApplication.translate("screens", "Enter the case number and the query code printed on the "
                                                      "court's notice."),
        ("lookupCaseNumber", "lookupQueryCode", "lookupButton", "backButton", "homeButton"),
    )

    def __init__(self, flow, service) -> None:
        super().__init__()
        self._flow = flow
        self._service = service
        self.asking = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 16, 60, 16)
        self.prompt = label("hint")
        layout.addWidget(self.prompt)
        card = Card()
        self.number_label = label("title")
        card.layout_.addWidget(self.number_label)
        self.number = line_edit("lookupCaseNumber")
        self.number.setPlaceholderText("（2026）京0105民初123号")
        self.number.returnPressed.connect(lambda: self.code.setFocus())
        card.layout_.addWidget(self.number)
        self.number_error = label("error", name="lookupCaseNumberError")
        self.number_error.hide()
        card.layout_.addWidget(self.number_error)
        self.code_label = label("title")
        card.layout_.addWidget(self.code_label)
        self.code = line_edit("lookupQueryCode", Qt.InputMethodHint.ImhPreferUppercase
                              | Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhLatinOnly)
        self.code.setMaxLength(20)
        self.code.returnPressed.connect(self.submit)
        card.layout_.addWidget(self.code)
        self.code_error = label("error", name="lookupQueryCodeError")
        self.code_error.hide()
        card.layout_.addWidget(self.code_error)
        self.where = label("hint")
        card.layout_.addWidget(self.where)
        layout.addWidget(card)
        self.status = label("hint", name="lookupStatus")
        self.status.setProperty("live", "polite")  # "Asking the court…": said as it changes
        layout.addWidget(self.status)
        layout.addStretch()
        self.go = button("lookupButton", "primary", self)
        self.go.clicked.connect(self.submit)
        self.primary = self.go
        self.retranslate()

    def begin(self) -> None:
        self.clear()
        self.number.setFocus()

    def submit(self) -> None:
        if self.asking:
            return
        self._errors({})
        problems = self._service.lookup(self.number.text(), self.code.text())
        if "lock" in problems:
            self.show_failure("locked", int(problems["lock"]))
            return
        if problems:
            self._errors(problems)
            return
        self.asking = True
        self.go.setEnabled(False)
        self.status.setText(self.tr("Asking the court…"))
        set_role(self.status, "hint")

    def _errors(self, problems: dict) -> None:
        for key, edit, error, text in (("case_number", self.number, self.number_error, case_number_problem),
                                       ("query_code", self.code, self.code_error, query_code_problem)):
            reason = problems.get(key)
            set_invalid(edit, reason is not None)
            error.setVisible(reason is not None)
            error.setText(text(reason) if reason is not None else "")
        if problems:
            self.status.setText(self.tr("Nothing was sent. Please correct what is marked."))
            set_role(self.status, "error")

    def show_failure(self, code: str, info) -> None:
        self.asking = False
        self.go.setEnabled(True)
        text, field = failure_text(code, info)
        if field == "query_code":
            set_invalid(self.code, True)
            self.code_error.setText(text)
            self.code_error.show()
            self.status.clear()
            self.code.selectAll()
            return
        self.status.setText(text)
        set_role(self.status, "error")

    def answered(self) -> None:
        self.asking = False
        self.go.setEnabled(True)
        self.status.clear()

    def clear(self) -> None:
        self.asking = False
        self.number.clear()
        self.code.clear()
        self.go.setEnabled(True)
        self._errors({})
        self.status.clear()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.number_label.setText(self.tr("Case number"))
        self.code_label.setText(self.tr("Query code (查询码)"))
        self.code.setPlaceholderText(self.tr("e.g. 7KQ2M9XA"))
        self.where.setText(self.tr("The query code is printed on the court's acceptance notice (受理通知书) "
                                   "and on the summons. After 3 wrong codes the lookup of the case is locked for "
                                   "a while."))
        self.go.setText(self.tr("Look up the case"))
