"""The thin path, driven through the real widgets: card -> identity -> complaint ->
fee estimate -> confirm -> queued -> receipt printed -> delivered -> my cases 待审核
-> reviewed in the sandbox -> 已立案 / 审核不通过."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from drivers.printer.escpos_codec import QrCode, TextLine, decode_escpos
from offline_queue.admin_client import admin_client
from offline_queue.contract import LOOKUP_CODE_PATTERN
from tests.ui.steps import CARD, click, file_case, open_my_cases, screen


def test_thin_path_end_to_end(qtbot, app_parts, caplog):
    caplog.set_level(logging.DEBUG)
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    outcome = file_case(qtbot, window, services)
    assert outcome.fee == Decimal("2300.00")

    # durable in the outbox before "submitted" was shown
    item = core.outbox.get(outcome.filing_id)
    assert item is not None and item.kind == "filing"

    # receipt printed, decoded from the printer's bytes
    qtbot.waitUntil(lambda: window.filing.submitted._receipt == "ok", timeout=5000)
    assert len(printer.jobs) == 1
    elements = decode_escpos(printer.jobs[0])
    texts = [e.text for e in elements if isinstance(e, TextLine)]
    assert outcome.filing_id in texts
    assert any(t.startswith("立案申请编号：" + outcome.filing_id[:8].upper()) for t in texts)
    # send to phone: the QR opens the court's page for the filing's random lookup code
    code = item.payload["lookup_code"]
    assert re.fullmatch(LOOKUP_CODE_PATTERN, code)
    assert [e.data for e in elements if isinstance(e, QrCode)] == [f"{core.sandbox.base_url}/m/{code}"]
    submitted = window.filing.submitted
    assert submitted.phone.isVisible() and submitted.phone_qr.content == f"{core.sandbox.base_url}/m/{code}"
    qtbot.waitUntil(submitted.phone_qr.ready, timeout=2000)  # made on the QR thread
    assert CARD.id_number not in "".join(texts)  # no ID number on paper
    # the demo panel shows what was printed
    qtbot.waitUntil(lambda: len(window.demo_panel.receipts) == 1, timeout=5000)

    # the sync worker delivers it to the sandbox
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=10000)
    found = core.client.lookup(code)  # what the phone shows: the state, nothing of the persons
    assert found is not None and found.status == "待审核" and CARD.name not in found.model_dump_json()

    # done -> attract, then my cases shows it as 待审核
    click(qtbot, window.filing.submitted.finish)
    assert screen(window) == "done"
    click(qtbot, window.done.finish)
    assert screen(window) == "attract"
    table = open_my_cases(qtbot, window, services).table  # the card is lifted and placed again
    assert table.item(0, 3).text().startswith("待审核")

    # the court dockets it: 已立案 with a case number
    from offline_queue.contract import ReviewDecision

    with admin_client(core.sandbox) as admin:  # the court, on the embedded sandbox's admin API
        admin.review(outcome.filing_id, ReviewDecision(decision="docket", reasons=[]))
    click(qtbot, window.my_cases.refresh)
    qtbot.waitUntil(lambda: table.item(0, 3).text().startswith("已立案"), timeout=5000)
    assert "民初" in table.item(0, 4).text() and table.item(0, 4).text().endswith("号")

    # nothing personal reached a log line
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "filing" in logged and outcome.filing_id in logged  # the logs do say what happened
    for personal in (CARD.name, CARD.id_number, CARD.address, "李四", "中关村", "13800000000", "归还借款"):
        assert personal not in logged

def test_rejected_filing_shows_reasons(qtbot, app_parts):
    window, core, services = app_parts()
    outcome = file_case(qtbot, window, services, amount="100000")
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=10000)
    from offline_queue.contract import ReviewDecision

    with admin_client(core.sandbox) as admin:
        admin.review(outcome.filing_id, ReviewDecision(decision="reject", reasons=["缺少证据目录"]))
    click(qtbot, window.home_button)
    assert screen(window) == "attract"
    table = open_my_cases(qtbot, window, services).table
    assert table.item(0, 3).text().startswith("审核不通过")
    assert "缺少证据目录" in table.item(0, 4).text()

