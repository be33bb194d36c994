"""The 诉讼风险评估 steps: the kind of dispute, the questions, the assessment, the report. Each step
knows the flow that holds it (`ui.screens.risk_assessment.flow.RiskAssessmentFlow`) only by what it
uses of it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ui import theme  # (risk levels' colours follow the contrast scheme)
from ui.screen_specs import ScreenSpec
from ui.screens.risk_assessment.fields import current_language, make_field
from ui.widgets import Card, Screen, button, label, set_role

PER_PAGE = 4  # questions on one page


class _Step(Screen):
    def __init__(self, flow) -> None:
        super().__init__()
        self.flow = flow
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 16, 48, 16)
        self.body.setSpacing(14)
        self.prompt = label("hint")
        self.body.addWidget(self.prompt)

    @staticmethod
    def disclaimer() -> str:
        return QCoreApplication.translate("RiskAssessment", "This assessment is guidance only, made from your "
                                                            "answers: it is not legal advice and not the court's "
                                                            "view of your case.")


class RiskTypeScreen(_Step):
    """Choose the kind of dispute."""

    name = "risk_type"
    SPEC = ScreenSpec(
        "risk_type",
        lambda: QCoreApplication.translate("screens", "Litigation risk assessment"),
        lambda: QCoreApplication.translate("screens", "What is your dispute about? Touch the kind that fits best."),
        ("riskType_*", "backButton", "homeButton"),
    )

    def __init__(self, flow) -> None:
        super().__init__(flow)
        self.note = label("hint", name="riskTypeDisclaimer")
        self.body.addWidget(self.note)
        self.problem = label("error", name="riskTypeProblem")
        self.body.addWidget(self.problem)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.buttons: dict[str, object] = {}
        self.type_labels: dict[str, tuple] = {}
        for i, case in enumerate(flow.service.case_types()):
            b = button(f"riskType_{case.code}")
            b.setStyleSheet("QPushButton { min-height: 128px; padding: 2px 6px; }")
            inside = QVBoxLayout(b)  # two wrapped lines: a button's own text would be cut short
            inside.setContentsMargins(10, 6, 10, 6)
            inside.setSpacing(2)
            name, description = label(name=f"riskTypeName_{case.code}"), label("hint")
            for lab in (name, description):
                lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
                lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                lab.setStyleSheet("background: transparent;")
                inside.addWidget(lab)
            name.setStyleSheet("background: transparent; font-weight: bold;")
            description.setProperty("size", "small")  # (ui.theme: the small text of the size chosen)
            self.type_labels[case.code] = (name, description)
            b.clicked.connect(lambda _=False, code=case.code: self.flow.choose(code))
            self.buttons[case.code] = b
            grid.addWidget(b, i // 3, i % 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)  # equal columns: no text cut short in a narrow one
        self.body.addLayout(grid)
        self.body.addStretch()
        self.retranslate()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_buttons()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        """Each button as tall as its two wrapped labels need at its width (large text: three or
        four lines; the grid does not ask a button's inner layout by itself)."""
        for b in self.buttons.values():
            need = max(128, b.layout().totalHeightForWidth(b.width()) if b.width() > 0 else 0)
            if b.minimumHeight() != need:
                b.setMinimumHeight(need)

    def retranslate(self) -> None:
        lang = current_language()
        self.prompt.setText(self.spec.prompt())
        self.note.setText(self.disclaimer())
        service = self.flow.service
        self.problem.setVisible(not service.available())
        self.problem.setText(self.tr("The risk assessment is not available on this kiosk just now. Please ask at "
                                     "the service counter."))
        for code, (name, description) in self.type_labels.items():
            case = service.case_type(code)
            name.setText(case.name.get(lang))
            description.setText(case.description.get(lang))
            self.buttons[code].setAccessibleName(case.name.get(lang))


def error_text(code: str) -> str:
    return {
        "amount_format": QCoreApplication.translate("RiskQuestionsScreen", "Please enter an amount in yuan, for "
                                                                          "example 12000 or 12000.50."),
        "percent_format": QCoreApplication.translate("RiskQuestionsScreen", "Please enter a yearly rate in %, for "
                                                                           "example 15.4."),
        "date_future": QCoreApplication.translate("RiskQuestionsScreen", "This day cannot be after today."),
    }.get(code, QCoreApplication.translate("RiskQuestionsScreen", "Please check this answer."))


class RiskQuestionsScreen(_Step):
    """The case type's questions, a few per page; Next checks the page's answers."""

    name = "risk_questions"
    SPEC = ScreenSpec(
        "risk_questions",
        lambda: QCoreApplication.translate("screens", "Litigation risk: your answers"),
        lambda: QCoreApplication.translate("screens", "Answer what you know. “Don't know” is an answer too."),
        ("riskAnswer_*", "riskDate_*", "riskNumber_*", "riskNext", "backButton", "homeButton"),
    )

    def __init__(self, flow) -> None:
        super().__init__(flow)
        self.heading = label("title", name="riskQuestionsHeading")
        self.body.insertWidget(0, self.heading)
        self.pages = QStackedWidget()
        self.body.addWidget(self.pages)
        self.body.addStretch()
        self.fields: dict[str, object] = {}
        self.texts: dict[str, tuple] = {}  # key -> (question label, its wording, help label, Question)
        self.errors: dict[str, object] = {}
        self.page_of: dict[str, int] = {}
        self.code: str | None = None
        self.next_button = button("riskNext", "primary", self)
        self.next_button.clicked.connect(self.next_page)
        self.primary = self.next_button
        self.retranslate()

    @property
    def spec(self) -> ScreenSpec:
        """The keypad goes question by question on the page shown: the heading (which page), then each
        question (its wording, said with its help) and its answers, then Next (SPEC's order)."""
        names = ["riskQuestionsHeading"]
        for key, field in self.fields.items():
            if self.page_of[key] == self.page():
                names.append(f"riskQuestion_{key}")
                names += [w.objectName() for w in field.keypad_items()]
        return ScreenSpec(self.SPEC.name, self.SPEC.title, self.SPEC.prompt, (*names, *self.SPEC.focus))

    # -- building ---------------------------------------------------------------------------
    def load(self, code: str, answers: dict[str, str]) -> None:
        self._drop_pages()
        self.code = code
        service = self.flow.service
        today = service.today()
        page = None
        for index, (key, question, text) in enumerate(service.questions(code)):
            if index % PER_PAGE == 0:
                page = QWidget()
                QVBoxLayout(page).setSpacing(12)
                self.pages.addWidget(page)
            card = Card()
            card.setObjectName(f"riskCard_{key}")
            title = label(name=f"riskQuestion_{key}")
            title.setStyleSheet("font-weight: bold;")
            card.layout_.addWidget(title)
            help_label = label("hint")
            card.layout_.addWidget(help_label)
            field = make_field(key, question, today)
            field.set_value(answers.get(key, "unknown"))
            card.layout_.addWidget(field)
            error = label("error", name=f"riskError_{key}")
            error.hide()
            card.layout_.addWidget(error)
            field.changed.connect(lambda k=key: self._answered(k))
            page.layout().addWidget(card)
            self.fields[key], self.errors[key], self.page_of[key] = field, error, self.pages.count() - 1
            self.texts[key] = (title, text, help_label, question)
        for i in range(self.pages.count()):
            self.pages.widget(i).layout().addStretch()
        self.pages.setCurrentIndex(0)
        self.retranslate()

    def _drop_pages(self) -> None:
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self.fields, self.errors, self.page_of, self.texts = {}, {}, {}, {}

    # -- answering --------------------------------------------------------------------------
    def answers(self) -> dict[str, str]:
        return {key: field.value() for key, field in self.fields.items()}

    def _answered(self, key: str) -> None:
        self.errors[key].hide()

    def page(self) -> int:
        return self.pages.currentIndex()

    def next_page(self) -> None:
        """Check the answers so far; go on to the next page, or to the assessment from the last."""
        if self.code is None:
            return
        answers = self.answers()
        problem = self.flow.service.check(self.code, answers)
        if problem is not None and problem.key in self.fields and self.page_of[problem.key] <= self.page():
            turned = self.page_of[problem.key] != self.page()
            self.pages.setCurrentIndex(self.page_of[problem.key])
            self._update()
            if turned:
                self._page_turned()
            error = self.errors[problem.key]  # (after the page turned: said as it appears)
            error.setText(error_text(problem.code))
            error.show()
            return
        if self.page() + 1 < self.pages.count():
            self.pages.setCurrentIndex(self.page() + 1)
            self._update()
            self.apply_focus_order()
            self._page_turned()
            return
        self.flow.assess(answers)

    def previous_page(self) -> bool:
        if self.page() > 0:
            self.pages.setCurrentIndex(self.page() - 1)
            self._update()
            self._page_turned()
            return True
        return False

    def _page_turned(self) -> None:
        """Another page of questions: shown again, so that it is said (title and prompt) and the keypad
        starts at its top (the heading says which page)."""
        nav = self.flow.nav
        if getattr(nav, "current", None) == self.name:
            nav.show_screen(self.name)

    def clear(self) -> None:
        self._drop_pages()
        self.code = None
        self._update()

    # -- texts -------------------------------------------------------------------------------
    def _update(self) -> None:
        last = self.page() + 1 >= self.pages.count()
        self.next_button.setText(self.tr("See the assessment") if last else self.tr("Next"))
        if self.code is not None:
            case = self.flow.service.case_type(self.code)
            self.heading.setText(self.tr("{case}: questions {page} of {pages}")
                                 .replace("{case}", case.name.get(current_language()))
                                 .replace("{page}", str(self.page() + 1)).replace("{pages}", str(self.pages.count())))
        else:
            self.heading.clear()

    def retranslate(self) -> None:
        lang = current_language()
        self.prompt.setText(self.spec.prompt() + " " + self.disclaimer())
        for key, (title, text, help_label, question) in self.texts.items():
            title.setText(text.get(lang))
            help_label.setText(question.help.get(lang) if question.help else "")
            title.setAccessibleName(" ".join(t for t in (text.get(lang), help_label.text()) if t))  # said with its help
            help_label.setVisible(question.help is not None)
            self.fields[key].retranslate(lang)
            if self.errors[key].isVisibleTo(self):
                problem = self.flow.service.check(self.code, self.answers())
                if problem is not None and problem.key == key:
                    self.errors[key].setText(error_text(problem.code))
        self._update()


class RiskResultScreen(_Step):
    """The risks with their levels in colour, reasons and rules; the summary as a QR to keep."""

    name = "risk_result"
    SPEC = ScreenSpec(
        "risk_result",
        lambda: QCoreApplication.translate("screens", "Litigation risk: the assessment"),
        lambda: QCoreApplication.translate("screens", "Your risks, the highest first. Touch Print report for a "
                                                      "copy on paper, or scan the code to keep a summary."),
        ("riskOverall", "riskRisk_*", "riskDisclaimer", "riskChange", "riskReport", "backButton", "homeButton"),
    )

    def __init__(self, flow) -> None:
        super().__init__(flow)
        self.assessment = None
        self.overall = label("big", name="riskOverall")
        self.body.insertWidget(0, self.overall)
        self.warning = label(name="riskDisclaimer")
        self.warning.setStyleSheet("QLabel { border: 3px solid #8a5a00; border-radius: 10px; padding: 10px; "
                                   "font-weight: bold; }")
        self.body.addWidget(self.warning)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        self.list = QVBoxLayout()
        self.list.setSpacing(10)
        columns.addLayout(self.list, 3)
        side = QVBoxLayout()
        self.qr_holder = QVBoxLayout()
        side.addLayout(self.qr_holder)
        self.qr_caption = label("hint", name="riskQrCaption")
        self.qr_caption.setMaximumWidth(380)
        side.addWidget(self.qr_caption)
        self.change = button("riskChange")
        self.change.clicked.connect(lambda: self.flow.change_answers())
        side.addWidget(self.change)
        side.addStretch()
        columns.addLayout(side, 1)
        self.body.addLayout(columns)
        self.body.addStretch()
        self.qr = None
        self.cards: list[Card] = []
        self.report_button = button("riskReport", "primary", self)
        self.report_button.clicked.connect(lambda: self.flow.open_report())
        self.primary = self.report_button
        self.retranslate()

    def show_assessment(self, assessment) -> None:
        self.assessment = assessment
        self.retranslate()

    def _clear_list(self) -> None:
        for card in self.cards:
            self.list.removeWidget(card)
            card.deleteLater()
        self.cards = []
        if self.qr is not None:
            self.qr_holder.removeWidget(self.qr)
            self.qr.deleteLater()
            self.qr = None

    def clear(self) -> None:
        self.assessment = None
        self._clear_list()
        self.overall.clear()

    def level_text(self, level: str) -> str:
        return {"high": self.tr("High risk"), "medium": self.tr("Medium risk"), "low": self.tr("Low risk")}[level]

    def retranslate(self) -> None:
        from ui.touch import QrView

        lang = current_language()
        self.prompt.setText(self.spec.prompt())
        self.warning.setText(self.disclaimer() + " " + self.tr("Ask at the service counter, a legal aid office "
                                                               "or a lawyer about your case."))
        self.qr_caption.setText(self.tr("Scan to keep a summary of this assessment (no personal data)."))
        self.change.setText(self.tr("Change answers"))
        self.report_button.setText(self.tr("Print report"))
        self._clear_list()
        result = self.assessment
        if result is None:
            return
        service = self.flow.service
        counts = result.counts()
        self.overall.setText(self.tr("{case}: overall {level} ({high} high, {medium} medium, {low} low)")
                             .replace("{case}", result.case_type.name.get(lang))
                             .replace("{level}", self.level_text(result.overall))
                             .replace("{high}", str(counts["high"])).replace("{medium}", str(counts["medium"]))
                             .replace("{low}", str(counts["low"])))
        self.overall.setStyleSheet(f"color: {theme.level_colour(result.overall)};")
        for index, risk in enumerate(result.risks):
            card = Card()
            card.setObjectName(f"riskRisk_{risk.id}")
            card.setProperty("level", risk.level)
            card.setStyleSheet(f"QFrame#riskRisk_{risk.id} {{ border-left: 12px solid {theme.level_colour(risk.level)}; }}")
            top = QHBoxLayout()
            badge = label(wrap=False, name=f"riskLevel_{risk.id}")
            badge.setText(self.level_text(risk.level))
            badge.setStyleSheet(f"background: {theme.level_colour(risk.level)}; "
                                f"color: {theme.palette()[theme.BADGE_TEXT]}; font-weight: bold; "
                                "border-radius: 8px; padding: 4px 14px;")
            top.addWidget(badge)
            title = label(name=f"riskTitle_{risk.id}")
            title.setText(risk.title.get(lang))
            title.setStyleSheet("font-weight: bold;")
            top.addWidget(title, 1)
            card.layout_.addLayout(top)
            reason = label(name=f"riskReason_{risk.id}")
            reason.setText(risk.reason.get(lang))
            card.layout_.addWidget(reason)
            rules = label("hint", name=f"riskRules_{risk.id}")
            rules.setText(self.tr("Rules: {rules}").replace(
                "{rules}", "；".join(service.citation(s, lang) for s in risk.statutes) if lang != "en"
                else "; ".join(service.citation(s, lang) for s in risk.statutes)))
            card.layout_.addWidget(rules)
            self.list.insertWidget(index, card)
            self.cards.append(card)
        self.qr = QrView(service.summary(result, lang))
        self.qr.setObjectName("riskQr")
        self.qr.setFixedSize(360, 360)
        self.qr_holder.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)


class RiskReportScreen(_Step):
    """The A4 report's preview; Print sends it to the A4 printer (the documents service's)."""

    name = "risk_report"
    SPEC = ScreenSpec(
        "risk_report",
        lambda: QCoreApplication.translate("screens", "Litigation risk: the report"),
        lambda: QCoreApplication.translate("screens", "Check the report, then touch Print. Take your pages from the "
                                                      "A4 printer."),
        ("documentPages", "documentPrint", "documentClose", "backButton", "homeButton"),
    )

    def __init__(self, flow, service) -> None:
        super().__init__(flow)
        from ui.document_preview import DocumentPreview

        self._service = service
        self._token = -1
        self.state = ""  # preparing | ready | failed
        self.status = label(name="riskReportStatus")
        self.body.addWidget(self.status)
        self.preview = DocumentPreview(service.documents)
        self.preview.setMinimumHeight(720)
        self.preview.closed.connect(lambda: self.flow.close_report())
        self.body.addWidget(self.preview, 1)
        service.report_ready.connect(self._ready)
        service.report_failed.connect(self._failed)
        self.retranslate()

    def prepare(self, assessment, lang: str) -> None:
        self.preview.clear()
        self.state = "preparing"
        self._lang = lang
        self._token = self._service.prepare_report(assessment, lang)
        self.retranslate()

    def _ready(self, token: int, pdf: bytes, pages: int) -> None:
        if token != self._token:
            return
        self.state = "ready"
        self.preview.show_document(pdf, pages, self._service.report_title(self._lang))
        self.retranslate()

    def _failed(self, token: int) -> None:
        if token == self._token:
            self.state = "failed"
            self.retranslate()

    def clear(self) -> None:
        self._token = -1
        self.state = ""
        self.preview.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        text, role = {
            "preparing": (self.tr("Preparing the report…"), "hint"),
            "failed": (self.tr("The report could not be prepared. Please ask at the service counter."), "error"),
        }.get(self.state, ("", "hint"))
        self.status.setText(text)
        self.status.setVisible(bool(text))
        set_role(self.status, role)
        self.preview.retranslate()
