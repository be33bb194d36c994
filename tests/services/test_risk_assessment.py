"""The risk assessment service without Qt widgets: the questionnaire of each case type (with its own
wording), the assessment (logs name the case type and counts, never an answer), the A4 report laid
out on the documents worker (stale after a reset, a failure reported), and data that does not load
leaving the service saying so."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from kiosk.risk import AnswerError
from kiosk.services.risk_assessment import SERVICE, RiskAssessmentService
from tests.services.fakes import InlineWorker, ManualWorker

TODAY = date(2025, 6, 1)


class FakeDocuments:
    def __init__(self, printer: bool = True) -> None:
        self.printer = printer

    def has_printer(self) -> bool:
        return self.printer


class FakePolicy:
    court_name = "北京市朝阳区人民法院"


def service(worker=None, **kwargs) -> RiskAssessmentService:
    return RiskAssessmentService(FakeDocuments(), worker or InlineWorker("documents"), FakePolicy(),
                                 clock=lambda: TODAY, **kwargs)


def test_the_declaration_needs_no_identity_and_is_on_the_menu():
    assert SERVICE.available and not SERVICE.needs_identity and SERVICE.menu is not None
    assert SERVICE.devices == () and set(SERVICE.requires) == {"documents", "policy"}
    assert SERVICE.on_session_reset == "clear"


def test_case_types_and_their_questions_with_their_own_wording():
    svc = service()
    assert svc.available() and svc.problem == ""
    codes = [c.code for c in svc.case_types()]
    assert len(codes) >= 15 and codes[0] == "private_lending"
    questions = svc.questions("house_lease")
    keys = [key for key, _, _ in questions]
    assert keys[0] == "amount" and "in_court_area" in keys
    wording = dict((key, text) for key, _, text in questions)
    assert wording["in_court_area"].zh_CN == "出租的房屋在本院辖区内吗？"  # the lease's own wording
    generic = dict((key, text) for key, _, text in svc.questions("sales_contract"))["in_court_area"]
    assert generic.zh_CN.startswith("对方住所地")


def test_assess_gives_the_risks_and_logs_no_answer(caplog):
    caplog.set_level(logging.INFO)
    svc = service()
    result = svc.assess("private_lending", {"amount": "98765", "limitation_start": "2022-05-31",
                                            "interest_rate": "36", "contract_date": "2021-03-04"})
    assert result.today == TODAY and result.overall == "high"
    assert [r.id for r in result.risks][:2] == ["limitation_contract", "interest_cap"]
    assert "private_lending case: 2 high" in caplog.text
    assert "98765" not in caplog.text and "2022" not in caplog.text and "36" not in caplog.text


def test_a_bad_answer_is_named_not_guessed():
    svc = service()
    problem = svc.check("private_lending", {"amount": "12.345"})
    assert problem is not None and (problem.key, problem.code) == ("amount", "amount_format")
    assert svc.check("private_lending", {"amount": "12.34"}) is None
    with pytest.raises(AnswerError):
        svc.assess("private_lending", {"last_demand_date": "2025-06-02"})  # after today


def test_the_report_is_laid_out_on_the_documents_worker(monkeypatch):
    import kiosk.documents as documents

    seen = {}

    def fake_render(html, *, title):
        seen.update(html=html, title=title)
        return b"%PDF-1.4 report", 2

    monkeypatch.setattr(documents, "render_pdf", fake_render)
    worker = InlineWorker("documents")
    svc = service(worker)
    ready = []
    svc.report_ready.connect(lambda token, pdf, pages: ready.append((token, pdf, pages)))
    result = svc.assess("divorce", {"husband_wife_pregnant": "yes"})
    token = svc.prepare_report(result, "zh_CN")
    assert ready == [(token, b"%PDF-1.4 report", 2)] and worker.tasks == [True]  # session-bound
    assert seen["title"] == "诉讼风险评估报告" and "北京市朝阳区人民法院" in seen["html"]
    assert "第一千零八十二条" in seen["html"]
    svc.prepare_report(result, "en")
    assert seen["title"] == "Litigation risk assessment" and "Art. 1082" in seen["html"]


def test_a_report_that_arrives_after_a_reset_is_dropped(monkeypatch):
    import kiosk.documents as documents

    monkeypatch.setattr(documents, "render_pdf", lambda html, *, title: (b"%PDF-", 1))
    worker = ManualWorker("documents")
    svc = service(worker)
    ready = []
    svc.report_ready.connect(lambda *args: ready.append(args))
    svc.prepare_report(svc.assess("divorce", {}), "zh_CN")
    svc.clear()
    worker.run_all()
    assert ready == []


def test_a_report_that_cannot_be_laid_out_is_reported(monkeypatch, caplog):
    import kiosk.documents as documents

    def broken(html, *, title):
        raise documents.RenderError("no fonts")

    monkeypatch.setattr(documents, "render_pdf", broken)
    svc = service()
    failed = []
    svc.report_failed.connect(failed.append)
    token = svc.prepare_report(svc.assess("divorce", {}), "zh_CN")
    assert failed == [token] and "RenderError" in caplog.text


def test_data_that_does_not_load_leaves_the_service_saying_so(tmp_path, monkeypatch, caplog):
    import kiosk.risk.model as model

    (tmp_path / "case_types").mkdir()
    (tmp_path / "statutes.toml").write_text("[laws\n", encoding="utf-8")
    monkeypatch.setattr(model, "DATA_DIR", tmp_path)
    svc = service()
    assert not svc.available() and svc.problem == "data" and svc.case_types() == []
    assert "statutes.toml" in caplog.text
