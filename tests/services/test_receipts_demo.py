"""What a demo kiosk prints says DEMO / 演示 (kiosk.services.receipts): a practice filing's receipt
must not pass for a filed case's. A production kiosk's receipts carry no such mark."""

from __future__ import annotations

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import receipts
from tests.services import fakes


class _Signal:
    def __init__(self) -> None:
        self.emitted: list[tuple] = []

    def emit(self, *args) -> None:
        self.emitted.append(args)


def _printed_filing_receipt(policy, config) -> str:
    printer = SimulatedReceiptPrinter()
    deps = fakes.make_deps(receipts.SERVICE, config, devices={"receipt_printer": printer}, policy=policy)
    service = receipts.SERVICE.factory(deps)
    filing = fakes.submission(fakes.person("测试甲"), defendant="测试乙").model_dump(mode="json")
    printed, failed = _Signal(), _Signal()
    service.print_filing(filing, printed, failed)
    assert len(printed.emitted) == 1 and failed.emitted == []
    return receipt_text(printer.jobs[-1])


def test_a_demo_kiosks_filing_receipt_says_demo(policy, tmp_path):
    text = _printed_filing_receipt(policy, fakes.make_config(tmp_path))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0] == fakes.COURT_NAME  # the heading stays first
    assert lines[-1].endswith("(partial cut)")
    assert lines[1] == receipts.DEMO_MARK and lines[-2] == receipts.DEMO_MARK  # under it, and at the end
    assert "演示" in lines[1] and "DEMO" in lines[1] and "不送法院" in lines[1]
    assert "自助立案回执" in text  # the receipt itself is whole


def test_a_production_kiosks_receipt_has_no_demo_mark(policy, tmp_path):
    text = _printed_filing_receipt(policy, fakes.make_config(tmp_path, **{"kiosk.mode": "production"}))
    assert "演示" not in text and "DEMO" not in text
    assert "自助立案回执" in text


def test_the_mark_fits_the_receipts_width():
    from drivers.printer.simulator import _width

    assert _width(receipts.DEMO_MARK) <= 32
