"""案件凭条 (kiosk.services.case_slip): the slip for one of my cases, on the simulated receipt
printer: the filing number, the court's case number once docketed, the review outcome, an unpaid
fee, a filing still waiting here; the other side's name masked; a printer problem has its code;
only my cases' answers to its own asking reach its screen."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import case_slip, cases, receipts
from tests.services import fakes

BEIJING = timezone(timedelta(hours=8))


def _parts(outbox, court, policy, config, printer=None):
    printer = printer or SimulatedReceiptPrinter()
    my_cases = cases.SERVICE.factory(fakes.make_deps(cases.SERVICE, config, outbox=outbox, court=court, policy=policy))
    printing = receipts.SERVICE.factory(fakes.make_deps(receipts.SERVICE, config, devices={"receipt_printer": printer},
                                                        policy=policy))
    deps = fakes.make_deps(case_slip.SERVICE, config, services={"my_cases": my_cases, "receipts": printing})
    service = case_slip.SERVICE.factory(deps)
    service._clock = lambda: datetime(2026, 3, 9, 10, 5, tzinfo=BEIJING)
    return service, my_cases, printer


def test_a_docketed_case_with_an_unpaid_fee_gets_its_case_number_on_the_slip(outbox, court, policy, config):
    plaintiff = fakes.person()
    summary = fakes.case_summary("6f1c2a9e-0000-4000-8000-000000000001", datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
                                 status="已立案", notice=fakes.fee_notice("6f1c2a9e-0000-4000-8000-000000000001"),
                                 defendant="测试丙")
    court.cases = [summary.model_copy(update={"case_number": "(2026)京0105民初123号"})]
    service, _, printer = _parts(outbox, court, policy, config)
    loaded, printed = fakes.recorder(service.loaded), fakes.recorder(service.printed)
    service.load(plaintiff)
    (rows, reachable), = loaded
    assert reachable and len(rows) == 1
    service.print_slip(rows[0])
    assert printed == ["6f1c2a9e-0000-4000-8000-000000000001"]
    text = receipt_text(printer.jobs[-1])
    for part in ("案件凭条", fakes.COURT_NAME, "立案申请编号：6F1C2A9E", "提交时间：2026-03-02 09:30",  # in the kiosk's zone
                 "当前状态：已立案", "案号：(2026)京0105民初123号", "诉讼费 2,300.00 元尚未交纳",
                 "标的额：5,000.00 元", "打印时间：2026-03-09 10:05"):
        assert part in text, part
    assert "测试丙" not in text and "测*" in text  # the other side, masked


def test_a_filing_still_waiting_here_says_so(outbox, court, policy, config):
    plaintiff = fakes.person()
    fakes.store_filing(outbox, fakes.submission(plaintiff))
    service, _, printer = _parts(outbox, court, policy, config)
    loaded = fakes.recorder(service.loaded)
    service.load(plaintiff)
    service.print_slip(loaded[0][0][0])
    text = receipt_text(printer.jobs[-1])
    assert "当前状态：提交中" in text and "已保存在本机，正在发送至法院。" in text and "案号" not in text


def test_a_rejected_filing_carries_the_courts_reasons(outbox, court, policy, config):
    summary = fakes.case_summary("f-2", datetime(2026, 3, 2, 1, 30, tzinfo=UTC), status="审核不通过")
    court.cases = [summary.model_copy(update={"reasons": ["起诉状缺少被告住所"]})]
    service, _, printer = _parts(outbox, court, policy, config)
    loaded = fakes.recorder(service.loaded)
    service.load(fakes.person())
    service.print_slip(loaded[0][0][0])
    assert "审核意见：起诉状缺少被告住所" in receipt_text(printer.jobs[-1])


def test_a_printer_problem_has_its_code_and_nothing_personal_is_logged(outbox, court, policy, config, caplog):
    caplog.set_level(logging.INFO)
    plaintiff = fakes.person()
    court.cases = [fakes.case_summary("f-3", datetime(2026, 3, 2, 1, 30, tzinfo=UTC))]
    printer = SimulatedReceiptPrinter()
    service, _, _ = _parts(outbox, court, policy, config, printer)
    loaded, failed = fakes.recorder(service.loaded), fakes.recorder(service.print_failed)
    service.load(plaintiff)
    printer.set_paper(out=True)
    service.print_slip(loaded[0][0][0])
    assert failed == [("f-3", "paper_out")] and printer.jobs == []
    printer.set_paper(out=False)
    printer.set_offline(True)
    service.print_slip(loaded[0][0][0])
    assert failed[-1] == ("f-3", "offline")
    fakes.assert_nothing_personal(caplog.text, plaintiff)
    assert "测试丙" not in caplog.text


def test_only_answers_to_its_own_asking_count(outbox, court, policy, config):
    plaintiff = fakes.person()
    service, my_cases, _ = _parts(outbox, court, policy, config)
    loaded = fakes.recorder(service.loaded)
    my_cases.load(plaintiff)  # the my-cases screen asked: not for the slip screen
    assert loaded == []
    service.load(plaintiff)
    service.clear()  # a reset while the answer was on its way
    assert len(loaded) == 1  # (inline: it had arrived already)
    my_cases.load(plaintiff)
    assert len(loaded) == 1


def test_the_court_out_of_reach_still_lists_what_waits_here(outbox, policy, config):
    plaintiff = fakes.person()
    fakes.store_filing(outbox, fakes.submission(plaintiff))
    court = fakes.FakeCourt()
    court.down = True
    service, _, _ = _parts(outbox, court, policy, config)
    loaded = fakes.recorder(service.loaded)
    service.load(plaintiff)
    (rows, reachable), = loaded
    assert not reachable and [r.status for r in rows] == ["提交中"]
