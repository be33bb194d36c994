"""案件凭条 in the real window: after filing (and the court docketing it), a litigant takes a slip
with the court's case number from the receipt printer; a printer out of paper says so and the
litigant can try again; nothing of it stays for the next person."""

from __future__ import annotations

from drivers.printer.simulator import receipt_text
from offline_queue import contract as c
from tests.ui.steps import click, file_case, identify, screen


def open_slips(qtbot, window, services, rows=1):
    services.demo.remove_card()
    click(qtbot, window.attract.start)
    assert window.menu.is_available("case_slip")
    click(qtbot, window.menu.tiles["case_slip"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    qtbot.waitUntil(lambda: window.identify._problem is None)
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "case_slip")
    slips = window.case_slip
    qtbot.waitUntil(lambda: slips._state == "idle" and slips.table.rowCount() == rows, timeout=8000)
    return slips


def test_a_slip_with_the_case_number_once_the_court_docketed_the_filing(qtbot, app_parts):
    window, core, services = app_parts()
    outcome = file_case(qtbot, window, services)
    click(qtbot, window.filing.submitted.finish)
    click(qtbot, window.done.finish)
    store = core.sandbox.app.state.store
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=20000)
    status = store.review(outcome.filing_id, c.ReviewDecision(decision="docket"))
    printer = core.devices["receipt_printer"]
    jobs_before = len(printer.jobs)

    slips = open_slips(qtbot, window, services)
    assert slips.table.item(0, 3).text() == status.case_number
    assert not slips.print_button.isEnabled() or slips.selected() is not None
    slips.table.selectRow(0)
    assert slips.print_button.isEnabled()
    printer.set_paper(out=True)
    click(qtbot, slips.print_button)
    qtbot.waitUntil(lambda: slips._state.startswith("failed"), timeout=8000)
    assert "缺纸" in slips.status.text() and len(printer.jobs) == jobs_before
    printer.set_paper(out=False)
    click(qtbot, slips.print_button)
    qtbot.waitUntil(lambda: slips._state == "printed", timeout=8000)
    assert "请从打印口取走凭条" in slips.status.text()
    text = receipt_text(printer.jobs[-1])
    assert "案件凭条" in text and f"案号：{status.case_number}" in text
    assert f"立案申请编号：{outcome.filing_id[:8].upper()}" in text
    assert "李四" not in text  # the other side, masked

    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert slips.table.rowCount() == 0 and slips.status.text() == ""


def test_the_slip_tile_is_out_of_service_without_a_receipt_printer(qtbot, app_parts):
    window, core, services = app_parts()
    core.devices["receipt_printer"].set_offline(True)
    services.device_health.check()
    click(qtbot, window.attract.start)
    qtbot.waitUntil(lambda: not window.menu.is_available("case_slip"), timeout=5000)
    click(qtbot, window.menu.tiles["case_slip"])
    assert screen(window) == "menu" and "凭条打印机故障或未安装" in window.menu.prompt.text()
