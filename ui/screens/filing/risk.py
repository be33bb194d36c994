"""Notice steps (a notice to read to the end and acknowledge): the litigation risk notice."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow, ui_language
from ui.widgets import button, label


class NoticeStep(FilingStep):
    """A notice to read to the end and acknowledge."""

    notice_kind = ""
    check_name = ""
    attribute = ""

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        from ui.notice_view import NoticeView

        self.notice = NoticeView(self.check_name)
        self.body.addWidget(self.notice, 1)
        self.error = label("error", name=f"{self.name}Error")
        self.error.hide()
        self.body.addWidget(self.error)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.retranslate()

    def enter(self) -> None:
        self.notice.set_notice(self.notice_kind, ui_language())
        self.notice.set_acknowledged(getattr(self.flow.draft, self.attribute))
        self.error.hide()

    def store(self) -> None:
        if self.flow.draft is not None:
            setattr(self.flow.draft, self.attribute, self.notice.acknowledged())

    def clear(self) -> None:
        self.notice.set_acknowledged(False)
        self.error.hide()

    def _next(self) -> None:
        self.step_on(lambda problems: self.show_error(
            self.error, self.tr("Please read the notice to the end and tick that you have read it."), problems))

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.notice.retranslate()
        self.next.setText(self.tr("Next"))


class RiskScreen(NoticeStep):
    name = "filing_risk"
    SPEC = ScreenSpec(
        "filing_risk",
        lambda: QCoreApplication.translate("screens", "File a case: risk notice"),
        lambda: QCoreApplication.translate("screens", "Read the litigation risk notice to the end, then tick that you have read it."),
        ("riskNoticeReadText", "riskNoticeRead", "nextButton", "backButton", "homeButton"),
    )
    notice_kind = "risk_notice"
    check_name = "riskNoticeRead"
    attribute = "risk_notice_read"
