"""The receipt service (kiosk.services.receipts) on the simulated receipt printer: the printer's
status is checked before and after the job (offline, paper out), each failure has its code, and a
filing's receipt names what was filed, for which court, with the parties' names masked."""

from __future__ import annotations

import logging

import pytest

from drivers.printer.base import PrinterStatus, Receipt, ReceiptLine
from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import receipts
from tests.services import fakes


def _service(printer, policy, config):
    return receipts.SERVICE.factory(fakes.make_deps(receipts.SERVICE, config, devices={"receipt_printer": printer},
                                                    policy=policy))


def _print(service, receipt=None):
    printed, failed = fakes.Calls(), fakes.Calls()
    service.print_receipt(receipt or Receipt(lines=[ReceiptLine("测试回执")], cut=True), printed, failed)
    return printed.count, [args[0] for args in failed.args]


class _RunsOutDuringTheJob(SimulatedReceiptPrinter):
    """The paper runs out (or the printer goes away) while the job is printed."""

    def __init__(self, then: str) -> None:
        super().__init__()
        self.then = then

    def print_bytes(self, data: bytes) -> None:
        super().print_bytes(data)
        if self.then == "paper_out":
            self.set_paper(out=True)
        else:
            self.set_offline(True)


class _Reports:
    """A printer that answers its status as scripted: (online, paper_out) before and after the job."""

    def __init__(self, before: tuple[bool, bool], after: tuple[bool, bool]) -> None:
        self._answers = [PrinterStatus(*before, paper_near_end=False), PrinterStatus(*after, paper_near_end=False)]
        self.jobs: list[bytes] = []

    def status(self) -> PrinterStatus:
        return self._answers.pop(0)

    def print_bytes(self, data: bytes) -> None:
        self.jobs.append(data)


class _Broken:
    def status(self) -> PrinterStatus:
        raise OSError("USB transfer failed (fake)")


def test_a_receipt_is_printed_when_the_printer_is_ready(policy, config):
    printer = SimulatedReceiptPrinter()
    assert _print(_service(printer, policy, config)) == (1, [])
    assert "测试回执" in receipt_text(printer.last_job)


@pytest.mark.parametrize(("script", "code"), [("offline", "offline"), ("paper_out", "paper_out")])
def test_a_printer_not_ready_before_the_job_prints_nothing(policy, config, script, code):
    printer = SimulatedReceiptPrinter()
    if script == "offline":
        printer.set_offline(True)
    else:
        printer.set_paper(out=True)
    assert _print(_service(printer, policy, config)) == (0, [code])
    assert printer.jobs == []


@pytest.mark.parametrize(("then", "code"), [("paper_out", "paper_out"), ("offline", "offline")])
def test_a_printer_failing_during_the_job_is_a_failure_although_the_bytes_were_sent(policy, config, then, code):
    printer = _RunsOutDuringTheJob(then)
    assert _print(_service(printer, policy, config)) == (0, [code])
    assert len(printer.jobs) == 1  # bytes sent are not paper printed


@pytest.mark.parametrize(("before", "after", "result", "jobs"), [
    ((True, False), (True, False), (1, []), 1),
    ((False, False), (True, False), (0, ["offline"]), 0),
    ((True, True), (True, False), (0, ["paper_out"]), 0),
    ((True, False), (False, False), (0, ["offline"]), 1),
    ((True, False), (True, True), (0, ["paper_out"]), 1),
])
def test_the_status_reported_before_and_after_the_job_decides(policy, config, before, after, result, jobs):
    printer = _Reports(before, after)
    assert _print(_service(printer, policy, config)) == result
    assert len(printer.jobs) == jobs


def test_no_printer_is_offline_and_another_failure_is_an_error(policy, config):
    assert _print(_service(None, policy, config)) == (0, ["offline"])
    assert _print(_service(_Broken(), policy, config)) == (0, ["error"])


def test_printing_is_not_bound_to_the_session(policy, config):
    worker = fakes.ManualWorker("receipt_printer")
    service = receipts.ReceiptService(SimulatedReceiptPrinter(), worker, policy)
    printed = fakes.Calls()
    service.print_receipt(Receipt(lines=[ReceiptLine("x")]), printed, fakes.Calls())
    worker.cancel_pending()  # a session reset while the receipt waits for the printer
    worker.run_all()
    assert printed.count == 1


@pytest.mark.parametrize(("kind", "what", "side", "other"), [
    ("first_instance", "起诉", "原告", "被告"),
    ("appeal", "上诉", "上诉人", "被上诉人"),
    ("enforcement", "申请执行", "申请执行人", "被执行人"),
    ("mediation", "诉前调解申请", "申请人", "被申请人"),
])
def test_the_filing_receipt_names_what_was_filed(policy, kind, what, side, other):
    plaintiff = fakes.person("测试甲")
    filing = fakes.submission(plaintiff, kind=kind, defendant="测试乙")
    text = "\n".join(line.text for line in receipts.filing_receipt(filing.model_dump(mode="json"), policy).lines)
    assert f"申请事项：{what}" in text
    assert f"{side}：测**" in text and f"{other}：测**" in text
    assert "测试甲" not in text and "测试乙" not in text and plaintiff.id_number not in text
    assert fakes.COURT_NAME in text
    assert "案件类型：民事一审" in text
    assert f"立案申请编号：{filing.filing_id[:8].upper()}" in text
    assert "标的额：100,000.00 元" in text and "预估诉讼费：2,300.00 元" in text
    assert ("原审案号：" in text) == (kind in ("appeal", "enforcement"))


def test_print_filing_prints_and_reports_by_filing_id(policy, config, caplog):
    caplog.set_level(logging.INFO)
    printer = SimulatedReceiptPrinter()
    service = _service(printer, policy, config)
    plaintiff = fakes.person()
    payload = fakes.submission(plaintiff).model_dump(mode="json")
    payload["lookup_code"] = "7KQ2MXW9HD"

    printed, failed = fakes.Emitter(), fakes.Emitter()
    service.print_filing(payload, printed, failed, reprint=True)

    assert printed.args == [(payload["filing_id"],)] and failed.args == []
    text = receipt_text(printer.last_job)
    assert "自助立案回执（补打）" in text
    # send to phone: the QR opens the court's page for the filing's lookup code (no personal data in it)
    assert "[QR] https://court.example/m/7KQ2MXW9HD" in text and "扫描下方二维码" in text
    fakes.assert_nothing_personal(caplog.text, plaintiff)

    printer.set_paper(out=True)
    service.print_filing(payload, printed, failed)
    assert failed.args == [(payload["filing_id"], "paper_out")]
    assert len(printer.jobs) == 1

