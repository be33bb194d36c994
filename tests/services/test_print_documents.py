"""文书打印 (kiosk.services.print_documents) with fakes: the served documents listed newest first;
a document fetched whole and checked against the policy's page limit (a corrupt or oversized one,
or a download that broke off, is refused before anything is printed); a print recorded with the
court, stamped with the verification code, followed on the A4 printer, its outcome in the outbox
and a slip with what was printed (or what was not); the daily limit; no A4 printer; a reset in the
middle still records the outcome; nothing personal in the logs."""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from kiosk.policy import PolicyCache
from kiosk.services import print_documents as pd
from offline_queue import contract as c
from offline_queue.client import PermanentError, RetryableError
from tests.services import fakes
from tests.services.print_fakes import (
    Receipts,
    RecordsCourt,
    ScriptedA4Printer,
    code_for,
    sample_pdf,
    served,
    slip_text,
)

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 10, 14, 30, tzinfo=BEIJING)


@pytest.fixture
def limited_policy(tmp_path):
    """The court's policy with 3 pages per document and 5 per day."""
    data = fakes.policy().model_dump(mode="json")
    data["print_limits"] = {"max_pages_per_document": 3, "max_pages_per_day": 5}
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return PolicyCache(path)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def build(config, outbox, policy, *, court=None, printer="default", receipts=None, wake=None, **kwargs):
    court = court or RecordsCourt()
    printer = ScriptedA4Printer() if printer == "default" else printer
    receipts = receipts or Receipts()
    wake = wake or fakes.Calls()
    deps = fakes.make_deps(pd.SERVICE, config, devices={"a4_printer": printer}, outbox=outbox, court=court,
                           policy=policy, services={"receipts": receipts}, wake_sync=wake)
    service = pd.SERVICE.factory(deps)
    service._clock = lambda: NOW
    service._sleep = lambda seconds: None
    for name, value in kwargs.items():
        setattr(service, f"_{name}", value)
    return service, court, printer, receipts, wake


def fetched(service, person, row):
    ready, failed = fakes.recorder(service.document_ready), fakes.recorder(service.document_failed)
    service.fetch(person, row)
    return ready, failed


def row_of(document: c.ServedDocument) -> pd.ServedRow:
    return pd.ServedRow(document_id=document.document_id, filing_id=document.filing_id,
                        case_number=document.case_number, court_name=document.court_name, kind=document.kind,
                        title=document.title, served_at=document.served_at, pages=document.pages)


def outcomes(outbox) -> list[dict]:
    return [item.payload for item in outbox.items() if item.kind == "print_outcome"]


def test_the_declaration_needs_the_id_reader_and_the_a4_printer():
    spec = pd.SERVICE
    assert spec.available and spec.needs_identity and spec.factory is not None
    assert set(spec.devices) == {"id_reader", "a4_printer"}  # out of service without an A4 printer
    assert spec.outbox and spec.court and spec.requires == ("receipts",)


def test_served_documents_are_listed_newest_first(config, outbox, policy):
    service, court, *_ = build(config, outbox, policy)
    person = fakes.person()
    court.documents = [served("OLD", days_ago=9, kind="通知书", title="受理通知书"),
                       served("NEW", days_ago=1), served("MID", days_ago=4, kind="传票", title="传票")]
    loaded = fakes.recorder(service.loaded)
    service.load(person)
    (rows, code), = loaded
    assert code == pd.OK and [r.document_id for r in rows] == ["NEW", "MID", "OLD"]
    assert rows[0].case_number == "（2026）京0105民初12号" and rows[0].pages == 2
    assert court.calls == [("served_documents", person.id_number)]


def test_an_empty_list_an_offline_court_and_a_court_error_are_told_apart(config, outbox, policy):
    service, court, *_ = build(config, outbox, policy)
    loaded = fakes.recorder(service.loaded)
    service.load(fakes.person())
    court.down = True
    service.load(fakes.person())
    court.down = False
    court.served_documents = lambda id_number: (_ for _ in ()).throw(PermanentError(500, "boom"))
    service.load(fakes.person())
    assert loaded == [([], pd.OK), ([], pd.OFFLINE), ([], pd.ERROR)]


def test_a_document_is_fetched_whole_for_print_and_checked(config, outbox, policy):
    service, court, *_ = build(config, outbox, policy)
    person = fakes.person()
    document = served("SD-1", pages=2)
    court.pdfs["SD-1"] = pdf = sample_pdf(2)
    ready, failed = fetched(service, person, row_of(document))
    assert ready == [("SD-1", pdf, 2)] and failed == []
    (_, request), = court.calls
    assert request.purpose == "print" and request.access.case_ref == document.filing_id
    assert request.access.id_number == person.id_number and request.access.query_code is None


def test_a_document_over_the_page_limit_is_refused_with_its_count(config, outbox, limited_policy):
    service, court, printer, *_ = build(config, outbox, limited_policy)
    person = fakes.person()
    ready, failed = fetched(service, person, row_of(served("BIG", pages=7)))
    assert failed == [("BIG", pd.TOO_MANY_PAGES, 7, 3)] and court.calls == []  # not even downloaded
    court.pdfs["LIES"] = sample_pdf(5)  # the list said 2; the PDF has 5
    ready, failed = fetched(service, person, row_of(served("LIES", pages=2)))
    assert ready == [] and failed == [("LIES", pd.TOO_MANY_PAGES, 5, 3)]
    assert printer.received == []


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage that is no PDF\n%%EOF", b"<html>not a pdf</html>",
                                  sample_pdf(1)[:-300] + b"\n%%EOF"])
def test_a_corrupt_pdf_is_refused(config, outbox, policy, data):
    service, court, *_ = build(config, outbox, policy)
    court.pdfs["BAD"] = data
    ready, failed = fetched(service, fakes.person(), row_of(served("BAD", pages=1)))
    assert ready == [] and [f[:2] for f in failed] == [("BAD", pd.CORRUPT)]


def test_a_download_that_broke_off_can_be_tried_again(config, outbox, policy):
    service, court, *_ = build(config, outbox, policy)
    person = fakes.person()
    row = row_of(served("SD-1"))
    court.pdfs["SD-1"] = sample_pdf(2)
    court.fetch_error = RetryableError(None, "download broke off: ReadTimeout")
    ready, failed = fetched(service, person, row)
    assert failed == [("SD-1", pd.DOWNLOAD, 0, 50)] and ready == []
    court.fetch_error = PermanentError(413, "too big")
    ready, failed = fetched(service, person, row)
    assert [f[1] for f in failed] == [pd.TOO_LARGE]
    court.fetch_error = None
    ready, failed = fetched(service, person, row)
    assert [r[0] for r in ready] == ["SD-1"] and failed == []


def test_a_print_is_recorded_stamped_printed_followed_and_reported(config, outbox, policy):
    wake = fakes.Calls()
    service, court, printer, receipts, _ = build(config, outbox, policy, wake=wake)
    person = fakes.person()
    row = row_of(served("SD-1", pages=2))
    pdf = sample_pdf(2)
    progress, finished = fakes.recorder(service.print_progress), fakes.recorder(service.print_finished)
    slips = fakes.recorder(service.slip_result)
    service.print_document(person, row, pdf, 2)

    (_, (record, key)), = [call for call in court.calls if call[0] == "create_print_record"]
    assert record.pages == 2 and record.document_id == "SD-1" and key == f"print-record-{record.record_id}"
    assert record.access.id_number == person.id_number and record.requested_at == NOW
    code = code_for(record.record_id)
    assert [p[0] for p in progress] == ["recording", "preparing", "submitting", "pending", "processing"]
    (stamped,) = printer.received
    reader = PdfReader(io.BytesIO(stamped))
    assert len(reader.pages) == 2
    texts = [page.extract_text().replace("\x00", "") for page in reader.pages]
    assert all(f"验证码 {code}" in text and "自助打印  2026-03-10 14:30" in text for text in texts)
    assert "本页最底部的正文" in texts[0]  # the body is all there, above the footer
    assert "民事判决书" not in printer.titles[0]  # the job's name is no title of a person's document
    (result,) = finished
    assert result.status == "printed" and result.pages_printed == 2 and result.verification_code == code
    (outcome,) = outcomes(outbox)
    assert outcome["record_id"] == record.record_id and outcome["status"] == "printed"
    assert outcome["pages_printed"] == 2 and wake.count == 1
    assert slips == [(True, "")]
    text = slip_text(receipts.printed[0])
    for part in ("文书打印凭条", "民事判决书", "（2026）京0105民初12号", "页数：2 页", f"验证码：{code}",
                 "打印时间：2026-03-10 14:30", "状态：已打印 2 页", "今日还可打印 198 页"):
        assert part in text, part
    assert not service.printing


def test_over_the_daily_limit_nothing_is_printed_and_the_limit_is_said(config, outbox, limited_policy):
    service, court, printer, receipts, _ = build(config, outbox, limited_policy)
    court.pages_per_day = 5
    person = fakes.person()
    refused = fakes.recorder(service.print_refused)
    finished = fakes.recorder(service.print_finished)
    service.print_document(person, row_of(served("A", pages=3)), sample_pdf(3), 3)
    service.print_document(person, row_of(served("B", pages=3)), sample_pdf(3), 3)
    assert len(finished) == 1 and refused == [(pd.DAILY_LIMIT, 5)]
    assert len(printer.received) == 1 and len(outcomes(outbox)) == 1 and len(receipts.printed) == 1
    assert not service.printing  # the next one may be tried


def test_a_printer_failing_mid_job_is_reported_with_the_pages_it_printed(config, outbox, policy):
    printer = ScriptedA4Printer(("pending", "processing", "failed"), pages_done=1)
    service, court, _, receipts, _ = build(config, outbox, policy, printer=printer)
    finished = fakes.recorder(service.print_finished)
    service.print_document(fakes.person(), row_of(served("SD-1", pages=3)), sample_pdf(3), 3)
    (result,) = finished
    assert result.status == "failed" and result.pages_printed == 1
    (outcome,) = outcomes(outbox)
    assert outcome["status"] == "failed" and outcome["pages_printed"] == 1
    text = slip_text(receipts.printed[0])
    assert "未打印完成" in text and "已打印页数：1 页" in text and "已打印 3 页" not in text


def test_a_printer_that_does_not_say_how_far_it_got(config, outbox, policy):
    printer = ScriptedA4Printer(("processing", RuntimeError("cupsd gone")))
    service, court, _, receipts, _ = build(config, outbox, policy, printer=printer)
    finished = fakes.recorder(service.print_finished)
    service.print_document(fakes.person(), row_of(served("SD-1")), sample_pdf(2), 2)
    (result,) = finished
    assert result.status == "failed" and result.pages_printed is None
    assert outcomes(outbox)[0]["pages_printed"] == 2  # the most that may have come out: those pages still verify
    assert "已打印页数：不明" in slip_text(receipts.printed[0])


def test_a_stuck_job_is_canceled_after_the_timeout(config, outbox, policy):
    clock = Clock()
    printer = ScriptedA4Printer(("pending",))
    service, court, _, receipts, _ = build(config, outbox, policy, printer=printer, monotonic=clock,
                                           print_timeout=10.0)
    service._sleep = lambda seconds: setattr(clock, "now", clock.now + 4)
    finished = fakes.recorder(service.print_finished)
    service.print_document(fakes.person(), row_of(served("SD-1")), sample_pdf(2), 2)
    assert printer.canceled == [1]
    (result,) = finished
    assert result.status == "canceled" and result.pages_printed == 0  # it never started printing
    assert (outcomes(outbox)[0]["status"], outcomes(outbox)[0]["pages_printed"]) == ("canceled", 0)


def test_without_an_a4_printer_nothing_is_recorded(config, outbox, policy):
    service, court, *_ = build(config, outbox, policy, printer=None)
    refused = fakes.recorder(service.print_refused)
    assert not service.has_printer()
    service.print_document(fakes.person(), row_of(served("SD-1")), sample_pdf(2), 2)
    assert refused == [(pd.NO_PRINTER, 0)] and court.calls == [] and outcomes(outbox) == []


def test_a_printer_refusing_the_job_is_a_failed_outcome_with_nothing_printed(config, outbox, policy):
    from drivers.a4printer.base import A4PrinterUnavailable

    printer = ScriptedA4Printer(refuse=A4PrinterUnavailable("queue not accepting"))
    service, court, _, receipts, _ = build(config, outbox, policy, printer=printer)
    refused = fakes.recorder(service.print_refused)
    service.print_document(fakes.person(), row_of(served("SD-1")), sample_pdf(2), 2)
    assert refused == [(pd.PRINTER, 0)] and receipts.printed == []
    assert [(o["status"], o["pages_printed"]) for o in outcomes(outbox)] == [("failed", 0)]


def test_the_court_out_of_reach_when_printing(config, outbox, policy):
    service, court, printer, *_ = build(config, outbox, policy)
    court.record_error = RetryableError(None, "connection refused")
    refused = fakes.recorder(service.print_refused)
    service.print_document(fakes.person(), row_of(served("SD-1")), sample_pdf(2), 2)
    assert refused == [(pd.OFFLINE, 200)] and printer.received == [] and outcomes(outbox) == []


def test_a_reset_while_the_court_records_prints_nothing_but_reports_the_record(config, outbox, policy):
    network = fakes.ManualWorker("network")
    court, printer, receipts = RecordsCourt(), ScriptedA4Printer(), Receipts()
    deps = fakes.make_deps(pd.SERVICE, config, devices={"a4_printer": printer}, outbox=outbox, court=court,
                           policy=policy, services={"receipts": receipts}, workers={"network": network})
    service = pd.SERVICE.factory(deps)
    seen = fakes.recorder(service.print_finished) + fakes.recorder(service.print_refused)
    service.print_document(fakes.person(), row_of(served("SD-1")), sample_pdf(2), 2)
    service.clear()  # the litigant walked away
    network.run_all()
    assert printer.received == [] and receipts.printed == [] and seen == []
    assert [(o["status"], o["pages_printed"]) for o in outcomes(outbox)] == [("canceled", 0)]


def test_nothing_personal_in_the_logs(config, outbox, policy, caplog):
    caplog.set_level(logging.DEBUG)
    printer = ScriptedA4Printer(("processing", "failed"), pages_done=1)
    service, court, *_ = build(config, outbox, policy, printer=printer)
    person = fakes.person()
    document = served("SD-1", title="测试甲诉测试乙民间借贷纠纷一审民事判决书")
    court.documents = [document]
    court.pdfs["SD-1"] = pdf = sample_pdf(2)
    service.load(person)
    service.fetch(person, row_of(document))
    service.print_document(person, row_of(document), pdf, 2)
    fakes.assert_nothing_personal(caplog.text, person)
    assert "测试乙" not in caplog.text and "民间借贷" not in caplog.text
    assert "SD-1" in caplog.text  # ids and counts are what the log says
