"""The 诉讼风险评估 flow: the kind of dispute, its questions (a few per page), the assessment, and the
A4 report's preview. It holds the litigant's answers for the visit (`clear` drops them at the
session's reset) and says where "back" leads."""

from __future__ import annotations

from ui.screens.risk_assessment.fields import current_language
from ui.screens.risk_assessment.steps import (
    RiskQuestionsScreen,
    RiskReportScreen,
    RiskResultScreen,
    RiskTypeScreen,
)


class RiskAssessmentFlow:
    def __init__(self, nav, service) -> None:
        self.nav = nav
        self.service = service
        self.code: str | None = None
        self.answers: dict[str, str] = {}
        self.assessment = None
        self.types = RiskTypeScreen(self)
        self.questions = RiskQuestionsScreen(self)
        self.result = RiskResultScreen(self)
        self.report = RiskReportScreen(self, service)
        self.screens = [self.types, self.questions, self.result, self.report]

    # -- the visit ---------------------------------------------------------------------------
    def begin(self, identity=None) -> None:
        self.clear()
        self.nav.show_screen(self.types.name)

    def choose(self, code: str) -> None:
        """A kind of dispute: its questions, from the first page (answers of another kind are dropped)."""
        if code != self.code:
            self.answers = {}
        self.code = code
        self.assessment = None
        self.questions.load(code, self.answers)
        self.nav.show_screen(self.questions.name)

    def assess(self, answers: dict[str, str]) -> None:
        self.answers = dict(answers)
        self.assessment = self.service.assess(self.code, self.answers)
        self.result.show_assessment(self.assessment)
        self.nav.show_screen(self.result.name)

    def change_answers(self) -> None:
        self.nav.show_screen(self.questions.name)

    def open_report(self) -> None:
        if self.assessment is None:
            return
        self.report.prepare(self.assessment, current_language())
        self.nav.show_screen(self.report.name)

    def close_report(self) -> None:
        self.report.clear()
        self.nav.show_screen(self.result.name)

    # -- navigation -------------------------------------------------------------------------
    def back(self, name: str) -> bool:
        if name == self.questions.name:
            if not self.questions.previous_page():
                self.nav.show_screen(self.types.name)
            return True
        if name == self.result.name:
            self.nav.show_screen(self.questions.name)
            return True
        if name == self.report.name:
            self.close_report()
            return True
        return False

    def clear(self) -> None:
        self.code = None
        self.answers = {}
        self.assessment = None
        for screen in self.screens:
            screen.clear()
