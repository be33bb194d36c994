"""The first filing step: what to file (sue, appeal, enforcement, pre-suit mediation), with which
court (this one, or another that accepts cross-regional filing: 跨域立案, for suits and enforcement
applications), for whom (oneself, or as an agent), the offer of pre-suit mediation, and the filing
notice to read."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QRadioButton

from kiosk.domain.filing import CROSS_REGIONAL_KINDS
from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow, ui_language
from ui.widgets import Card, button, label


class StartScreen(FilingStep):
    """What to file, for whom, the offer of pre-suit mediation, and the filing notice."""

    name = "filing_start"
    SPEC = ScreenSpec(
        "filing_start",
        lambda: QCoreApplication.translate("screens", "File a case: what and for whom"),
        lambda: QCoreApplication.translate("screens", "Choose what you want to file and for whom, then read the filing notice."),
        ("kind_first_instance", "kind_appeal", "kind_enforcement", "kind_mediation", "caseType",
         "crossRegional", "receivingCourt", "filedBySelf", "filedByAgent", "agentRelation", "acceptMediation", "filingNoticeReadText",
         "filingNoticeRead",
         "nextButton", "backButton", "homeButton"),
    )
    KINDS = ("first_instance", "appeal", "enforcement", "mediation")

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        card = Card()
        self.kind_title = label("title")
        card.layout_.addWidget(self.kind_title)
        from PySide6.QtWidgets import QGridLayout

        grid = QGridLayout()  # two by two: long names (English) must not widen the page
        self.kind_group = QButtonGroup(self)
        self.kind_buttons = {}
        for n, kind in enumerate(self.KINDS):
            b = QRadioButton()
            b.setObjectName(f"kind_{kind}")
            self.kind_group.addButton(b)
            self.kind_buttons[kind] = b
            grid.addWidget(b, n // 2, n % 2)
            b.toggled.connect(lambda on, k=kind: on and self._kind_changed(k))
        grid.setColumnStretch(2, 1)
        card.layout_.addLayout(grid)
        self.kind_hint = label("hint", name="kindHint")
        card.layout_.addWidget(self.kind_hint)
        self.case_type_title = label()
        card.layout_.addWidget(self.case_type_title)
        self.case_type = QComboBox()
        self.case_type.setObjectName("caseType")
        card.layout_.addWidget(self.case_type)
        from ui.service_address_form import CheckRow

        self.cross = CheckRow("crossRegional")  # 跨域立案: file with another court
        card.layout_.addWidget(self.cross)
        self.receiving = QComboBox()
        self.receiving.setObjectName("receivingCourt")
        card.layout_.addWidget(self.receiving)
        self.cross_hint = label("hint", name="crossRegionalHint")
        card.layout_.addWidget(self.cross_hint)
        self.cross.box.toggled.connect(lambda _: self._show_cross())
        self.receiving.currentIndexChanged.connect(lambda _: self._show_cross())
        self.body.addWidget(card)

        who = Card()
        self.who_title = label("title")
        who.layout_.addWidget(self.who_title)
        row = QHBoxLayout()
        self.for_self = QRadioButton()
        self.for_self.setObjectName("filedBySelf")
        self.for_other = QRadioButton()
        self.for_other.setObjectName("filedByAgent")
        group = QButtonGroup(self)
        group.addButton(self.for_self)
        group.addButton(self.for_other)
        self.for_self.setChecked(True)
        row.addWidget(self.for_self)
        row.addWidget(self.for_other)
        row.addStretch()
        who.layout_.addLayout(row)
        self.relation = QComboBox()
        self.relation.setObjectName("agentRelation")
        who.layout_.addWidget(self.relation)
        self.for_other.toggled.connect(self.relation.setVisible)
        self.relation.hide()
        self.body.addWidget(who)

        offer = Card()
        self.mediation_title = label("title")
        self.mediation_text = label(name="mediationOffer")
        from ui.service_address_form import CheckRow

        self.mediation = CheckRow("acceptMediation")
        for w in (self.mediation_title, self.mediation_text, self.mediation):
            offer.layout_.addWidget(w)
        self.offer_card = offer
        self.body.addWidget(offer)

        from ui.notice_view import NoticeView

        self.notice = NoticeView("filingNoticeRead")
        self.notice.setMinimumHeight(260)
        self.body.addWidget(self.notice, 1)
        self.error = label("error", name="startError")
        self.error.hide()
        self.body.addWidget(self.error)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.kind_buttons["first_instance"].setChecked(True)
        self.retranslate()

    def _kind_changed(self, kind: str) -> None:
        self.offer_card.setVisible(kind == "first_instance")
        self.retranslate()

    def _show_cross(self) -> None:
        """The choice of another court: for the kinds filed so, when the court lists such courts."""
        offered = self.receiving.count() > 0 and self.kind() in CROSS_REGIONAL_KINDS
        self.cross.setVisible(offered)
        on = offered and self.cross.isChecked()
        self.receiving.setVisible(on)
        self.cross_hint.setVisible(on)
        if on:
            service = self.flow.service
            self.cross_hint.setText(
                self.tr("{court} receives and reviews your case and confirms the court fee (by its "
                        "province's figures). This court, {here}, passes your filing on.")
                .replace("{court}", self.receiving.currentText())
                .replace("{here}", service.court_display_name(service.court_code)))

    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def enter(self) -> None:
        draft = self.flow.draft
        self.kind_buttons[draft.kind].setChecked(True)
        (self.for_other if draft.filed_by == "agent" else self.for_self).setChecked(True)
        self.mediation.setChecked(draft.accepts_mediation)
        self.case_type.clear()
        for code, name in self.flow.service.case_types():
            self.case_type.addItem(name, code)
        self.case_type.setCurrentIndex(max(0, self.case_type.findData(draft.case_type)))
        self.relation.setCurrentIndex(max(0, self.relation.findData(draft.agent_relation)))
        self.receiving.blockSignals(True)
        self.receiving.clear()
        for code, name in self.flow.service.receiving_courts():
            self.receiving.addItem(name, code)
        self.receiving.setCurrentIndex(max(0, self.receiving.findData(draft.court_code)))
        self.receiving.blockSignals(False)
        self.cross.setChecked(draft.cross_regional)
        self._show_cross()
        self.notice.set_notice("filing_notice", ui_language())
        self.notice.set_acknowledged(draft.filing_notice_read)
        self.error.hide()

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        draft.kind = self.kind()
        draft.case_type = self.case_type.currentData() or draft.case_type
        home = draft.home_court_code or self.flow.service.court_code
        other = self.receiving.currentData() if self.cross.isVisibleTo(self) and self.cross.isChecked() else None
        draft.court_code = other or home
        filed_by = "agent" if self.for_other.isChecked() else "self"
        if filed_by != draft.filed_by:
            self.flow.service.set_filed_by(draft, self.flow.identity, filed_by)
        draft.agent_relation = self.relation.currentData() or "relative"
        draft.accepts_mediation = self.mediation.isChecked() and draft.kind == "first_instance"
        draft.filing_notice_read = self.notice.acknowledged()

    def clear(self) -> None:
        self.kind_buttons["first_instance"].setChecked(True)
        self.for_self.setChecked(True)
        self.mediation.setChecked(False)
        self.cross.setChecked(False)
        self.receiving.clear()
        self.notice.set_acknowledged(False)
        self.error.hide()

    def _next(self) -> None:
        self.step_on(lambda problems: self.show_error(
            self.error, self.tr("Please read the filing notice to the end and tick that you have read it."), problems))

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.kind_title.setText(self.tr("What do you want to file?"))
        texts = {
            "first_instance": self.tr("Sue (起诉)"),
            "appeal": self.tr("Appeal a judgment (上诉)"),
            "enforcement": self.tr("Apply for enforcement (申请执行)"),
            "mediation": self.tr("Ask for pre-suit mediation (诉前调解)"),
        }
        for kind, b in self.kind_buttons.items():
            b.setText(texts[kind])
        hints = {
            "first_instance": self.tr("Start a new case against someone."),
            "appeal": self.tr("You disagree with a first-instance judgment. You need its case number. Appeal "
                              "within 15 days of receiving a judgment (10 days for a ruling)."),
            "enforcement": self.tr("The other side does not do what an effective judgment, mediation statement "
                                   "or award says. You need its case number. Apply within 2 years."),
            "mediation": self.tr("A mediator helps both sides agree before any lawsuit. It is free."),
        }
        self.kind_hint.setText(hints[self.kind()])
        self.case_type_title.setText(self.tr("Kind of dispute"))
        self.who_title.setText(self.tr("For whom?"))
        self.for_self.setText(self.tr("For myself"))
        self.for_other.setText(self.tr("For someone else (I am their agent)"))
        relations = (("lawyer", self.tr("Lawyer")), ("relative", self.tr("Close relative")),
                     ("employee", self.tr("Employee of the party")),
                     ("community", self.tr("Recommended by the community or a social group")),
                     ("other", self.tr("Other citizen recommended by the party")))
        current = self.relation.currentData()
        self.relation.clear()
        for code, text in relations:
            self.relation.addItem(text, code)
        if current:
            self.relation.setCurrentIndex(max(0, self.relation.findData(current)))
        self.mediation_title.setText(self.tr("Pre-suit mediation"))
        self.mediation_text.setText(self.tr("Before the court registers your case, a mediator can try to settle it "
                                            "with the other side. It is free and often faster. If it fails, your "
                                            "case goes on as filed."))
        self.mediation.setText(self.tr("Yes, I would like mediation first"))
        self.cross.setText(self.tr("File with another court (跨域立案): this court passes your filing on"))
        self._show_cross()
        self.next.setText(self.tr("Next"))
