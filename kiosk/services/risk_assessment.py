"""诉讼风险评估: anyone at the kiosk (no ID card) chooses the kind of dispute, answers its questions
and sees the risks of suing, each with its level, its reason and the rules it rests on; the A4
report (with the statutes and a QR of a short summary to keep) prints on the A4 printer.

The questionnaires and rules are data (``assets/risk/``, `kiosk.risk`), read and checked once when
the service is built: data that does not load leaves the service saying so, never half-working.
The assessment itself is pure and quick (GUI thread, like the fee calculator); the report is laid
out on the documents worker and previewed and printed through the documents service. Nothing is
stored or sent: the answers live in the screen until the session resets. Logs name the case type
and counts, never an answer.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.risk_assessment")


class RiskAssessmentService(QObject):
    report_ready = Signal(int, bytes, int)  # request token, the PDF, its pages
    report_failed = Signal(int)  # request token

    def __init__(self, documents, render_worker, policy=None, schedule=None, *, catalog=None,
                 clock=date.today) -> None:
        super().__init__()
        self.documents = documents  # kiosk.services.documents.DocumentService: preview pages, print
        self._render_worker = render_worker
        self._policy = policy
        self._schedule = schedule
        self._clock = clock
        self._token = 0
        self.problem = ""  # why the service cannot run ("" when it can)
        self.catalog = catalog
        if catalog is None:
            from kiosk.risk import CatalogError, load_catalog

            try:
                self.catalog = load_catalog()
            except CatalogError as exc:
                log.error("the risk assessment data cannot be used: %s", exc)
                self.problem = "data"

    # -- the questionnaire ------------------------------------------------------------------
    def available(self) -> bool:
        return self.catalog is not None

    def case_types(self) -> list:
        return self.catalog.ordered_case_types() if self.catalog is not None else []

    def case_type(self, code: str):
        return self.catalog.case_types[code]

    def questions(self, code: str) -> list[tuple[str, object, object]]:
        """(key, Question, its wording for this case type), in order."""
        case = self.catalog.case_types[code]
        return [(key, self.catalog.questions[key], self.catalog.question_text(case, key)) for key in case.questions]

    def today(self) -> date:
        return self._clock()

    def check(self, code: str, answers: dict[str, str]):
        """The first answer that cannot be used (a kiosk.risk.AnswerError), or None."""
        from kiosk.risk import AnswerError, parse_answers

        try:
            parse_answers(self.catalog, code, answers, self.today())
        except AnswerError as exc:
            return exc
        return None

    def assess(self, code: str, answers: dict[str, str]):
        """The assessment (kiosk.risk.Assessment); raises kiosk.risk.AnswerError for a bad answer."""
        from kiosk.risk import assess

        result = assess(self.catalog, code, answers, self.today(), self._schedule)
        counts = result.counts()
        log.info("risk assessment of a %s case: %d high, %d medium, %d low", code, counts["high"],
                 counts["medium"], counts["low"])
        return result

    def summary(self, assessment, lang: str) -> str:
        from kiosk.risk.report import summary_text

        return summary_text(self.catalog, assessment, lang)

    def citation(self, statute_id: str, lang: str) -> str:
        return self.catalog.citation(statute_id, lang)

    def level_name(self, level: str, lang: str) -> str:
        return self.catalog.texts.levels[level].get(lang)

    def disclaimer(self, lang: str) -> str:
        return self.catalog.texts.disclaimer.get(lang)

    # -- the report -------------------------------------------------------------------------
    def report_title(self, lang: str) -> str:
        from kiosk.risk.report import report_title

        return report_title(self.catalog, lang)

    def prepare_report(self, assessment, lang: str) -> int:
        """Lay out the A4 report on the documents worker; emits report_ready(token, pdf, pages) or
        report_failed(token). Returns the token of this request (a newer one makes it stale)."""
        from kiosk.documents import render_pdf
        from kiosk.risk.report import report_html

        self._token += 1
        token = self._token
        catalog = self.catalog
        court = self._policy.court_name if self._policy is not None else ""
        if "法院" not in court:
            court = ""  # the policy does not know this court's name yet: only its code
        title = self.report_title(lang)

        def build():
            return render_pdf(report_html(catalog, assessment, lang, court_name=court), title=title)

        def done(result) -> None:
            if token == self._token:
                self.report_ready.emit(token, *result)

        def failed(exc: BaseException) -> None:
            log.error("the risk report could not be rendered: %s", type(exc).__name__)
            if token == self._token:
                self.report_failed.emit(token)

        self._render_worker.submit(build, done, failed, session_bound=True)
        return token

    def has_printer(self) -> bool:
        return self.documents.has_printer()

    def clear(self) -> None:
        """A session reset: a report still being laid out is for nobody."""
        self._token += 1


def create(deps) -> RiskAssessmentService:
    from kiosk.domain import fees

    return RiskAssessmentService(deps.services["documents"], deps.workers["documents"], deps.services["policy"],
                                 fees.FeeSchedule.from_mapping(deps.config.section("fees")))


SERVICE = ServiceSpec(
    "risk_assessment",
    create,
    title=QT_TRANSLATE_NOOP("services", "Litigation risk"),
    pictogram="scales",
    voice=QT_TRANSLATE_NOOP("voice", "litigation risk|risk"),
    menu=60,
    workers=("documents",),
    config=("fees",),
    requires=("documents", "policy"),
    on_session_reset="clear",
)
