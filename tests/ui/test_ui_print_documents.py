"""文书打印 in the real window, against the embedded court sandbox and a private cupsd: the demo
persona's served documents are listed; touching the judgment downloads it and shows its pages;
Print records it with the court, stamps every page and sends it to a raw CUPS queue, the screen
follows the job, the outcome goes through the outbox and the receipt printer gives a slip. The PDF
the printer got is the one the kiosk stamped, byte for byte; its rendered footer QR reads back as
the court's verify URL, and the court confirms the code for that document. Bad input: a document
over the page limit, a broken download (retry), a printer that fails the job, no usable A4 printer.
"""

from __future__ import annotations

import os
import re

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from drivers.idcard.simulator import SAMPLE_CARDS
from drivers.printer.simulator import receipt_text
from offline_queue.client import CourtClient
from tests.drivers.cups_stack import CupsStack, RawListener, free_port
from tests.ui.steps import click, screen

PERSONA = 3  # the sandbox's demo persona (court_sandbox.demo): a judgment and notices served on her
JUDGMENT = "demo-judgment"


@pytest.fixture(scope="module")
def cups():
    stack = CupsStack().start()
    yield stack
    stack.stop()


@pytest.fixture
def listener():
    raw = RawListener()
    yield raw
    raw.close()


def a4(cups, queue: str) -> dict:
    return {"devices.a4_printer.backend": "cups", "devices.a4_printer.queue": queue,
            "devices.a4_printer.server": cups.server}


def open_service(qtbot, window, services):
    """From the attract screen: 文书打印, the persona's card, the list."""
    services.demo.remove_card()
    click(qtbot, window.attract.start)
    qtbot.waitUntil(lambda: screen(window) == "menu")
    assert window.menu.is_available("print_documents")
    click(qtbot, window.menu.tiles["print_documents"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    qtbot.waitUntil(lambda: window.identify._problem is None)
    services.demo.place_card(PERSONA)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    click(qtbot, window.identify.continue_button)
    qtbot.waitUntil(lambda: screen(window) == "print_documents")
    page = window.print_documents
    qtbot.waitUntil(lambda: page._list_state == "ok", timeout=15000)
    return page


def touch_row(qtbot, page, document_id: str) -> None:
    index = next(i for i, row in enumerate(page._rows) if row.document_id == document_id)
    table = page.table
    rect = table.visualRect(table.model().index(index, 2))
    click_at(qtbot, table.viewport(), rect.center())


def click_at(qtbot, widget, pos) -> None:
    from PySide6.QtCore import Qt

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def rendered(pdf: bytes, index: int, width: int = 2480) -> np.ndarray:
    """A page of the PDF rendered with QtPdf on white paper, as a BGR array."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    size = document.pagePointSize(index)
    image = document.render(index, QSize(width, round(width * size.height() / size.width())))
    pages = document.pageCount()
    document.close()
    paper = QImage(image.size(), QImage.Format.Format_RGB888)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    raw = np.frombuffer(paper.constBits(), np.uint8, paper.sizeInBytes()).reshape(paper.height(),
                                                                                 paper.bytesPerLine())
    rgb = raw[:, : paper.width() * 3].reshape(paper.height(), paper.width(), 3)
    assert pages >= 1
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def test_a_served_judgment_printed_with_a_footer_the_court_confirms(qtbot, app_parts, cups, listener, monkeypatch):
    import kiosk.documents.print_stamp as print_stamp

    cups.add_raw_queue("PRINTA4", listener.port)
    window, core, services = app_parts(**a4(cups, "PRINTA4"))
    stamped: list[bytes] = []
    original = print_stamp.stamp
    monkeypatch.setattr(print_stamp, "stamp", lambda pdf, footer: stamped.append(original(pdf, footer)) or stamped[-1])
    page = open_service(qtbot, window, services)
    assert page.table.rowCount() >= 2
    titles = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]
    assert "民事判决书" in titles and "传票" in titles
    assert not page.print_button.isEnabled()  # nothing chosen yet

    touch_row(qtbot, page, JUDGMENT)
    qtbot.waitUntil(lambda: page._doc_state == "ready", timeout=20000)
    assert page.preview.page_count == 8
    qtbot.waitUntil(lambda: all(p.pixmap() is not None and not p.pixmap().isNull() for p in page.preview._pages),
                    timeout=30000)
    assert page.print_button.isEnabled()

    service = services.print_documents
    stages: list[str] = []
    service.print_progress.connect(lambda stage, reason: stages.append(stage))
    printer = core.devices["receipt_printer"]
    slips_before = len(printer.jobs)
    click(qtbot, page.print_button)
    assert not page.print_button.isEnabled()  # no second print while this one runs
    qtbot.waitUntil(lambda: page._result is not None and page._slip is not None, timeout=60000)
    result = page._result
    assert result.status == "printed" and result.pages == 8
    assert stages[:4] == ["recording", "preparing", "submitting", "pending"]
    assert page.status.text().startswith(page.tr("Printed {pages} pages. Please take them from the A4 printer.")
                                         .replace("{pages}", "8"))
    assert page.status.property("role") == "ok"

    (received,) = listener.wait_for(1, timeout=30)
    assert received == stamped[-1]  # the printer got the stamped PDF whole, byte for byte
    data_dir = core.config.get("kiosk.data_dir")
    assert not [n for n in os.listdir(data_dir) if n.startswith(".print-")]  # no copy left behind

    client = CourtClient(core.base_url, "test-verifier")
    try:
        for index in (0, 7):
            image = rendered(received, index)
            height, width = image.shape[:2]
            url, _, _ = cv2.QRCodeDetector().detectAndDecode(image[height * 9 // 10:, width * 3 // 4:])
            assert url == result_url(url) and url.endswith(result.verification_code)
            code = re.search(r"/verify/([A-Z0-9]+)$", url).group(1)
            check = client.verify_print(code)
            assert check.valid and check.document_title == "民事判决书" and check.pages == 8
            assert check.case_number == result.row.case_number
    finally:
        client.close()

    qtbot.waitUntil(lambda: len(printer.jobs) > slips_before, timeout=10000)
    slip = receipt_text(printer.jobs[-1])
    for part in ("文书打印凭条", "民事判决书", result.row.case_number, "页数：8 页",
                 f"验证码：{result.verification_code}", "状态：已打印 8 页"):
        assert part in slip, part
    outcome = [item for item in core.outbox.items() if item.kind == "print_outcome"]
    assert [(o.payload["status"], o.payload["pages_printed"]) for o in outcome] == [("printed", 8)]
    qtbot.waitUntil(lambda: core.outbox.get(outcome[0].id).state == "delivered", timeout=20000)

    click(qtbot, window.home_button)  # nothing of it stays for the next person
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert page.table.rowCount() == 0 and page.preview.page_count == 0 and page.status.text() == ""


def result_url(url: str) -> str:
    """A verify URL of the court (the sandbox's /api/v1/verify/<code>)."""
    assert re.fullmatch(r"https?://[^/]+/api/v1/verify/[23456789A-HJKMNP-Z]{12}", url), url
    return url


def test_over_the_page_limit_and_a_broken_download(qtbot, app_parts, cups, listener, monkeypatch):
    cups.add_raw_queue("LIMITA4", listener.port)
    window, core, services = app_parts(**a4(cups, "LIMITA4"))
    service = services.print_documents
    monkeypatch.setattr(service._policy, "print_limits",
                        lambda: {"max_pages_per_document": 5, "max_pages_per_day": 200})
    page = open_service(qtbot, window, services)
    touch_row(qtbot, page, JUDGMENT)
    qtbot.waitUntil(lambda: page._doc_state.startswith("failed"), timeout=10000)
    assert page.status.text() == page.tr("This document has {pages} pages, more than the {limit} the kiosk prints. "
                                         "Please ask at the service counter.").replace("{pages}", "8").replace(
        "{limit}", "5")
    assert page.status.property("role") == "error" and not page.print_button.isEnabled()
    assert not page.retry_document.isVisible()

    click(qtbot, page.preview.close_button)
    assert page._stack.currentIndex() == 0
    core.sandbox.app.state.faults.set(fault_spec())  # the next download breaks off
    notice = next(r for r in page._rows if r.kind == "通知书")
    touch_row(qtbot, page, notice.document_id)
    qtbot.waitUntil(lambda: page._doc_state.startswith("failed"), timeout=20000)
    assert page._doc_state.startswith("failed:download")
    assert page.retry_document.isVisible() and not page.print_button.isEnabled()
    assert listener.accepted == 0  # nothing half-printed
    click(qtbot, page.retry_document)
    qtbot.waitUntil(lambda: page._doc_state == "ready", timeout=20000)
    assert page.preview.page_count == notice.pages and page.print_button.isEnabled()


def fault_spec():
    from offline_queue import contract as c

    return c.FaultSpec(fail_next=1, action="close", paths=["/api/v1/documents/fetch"])


def test_a_printer_failing_the_job_is_on_the_slip(qtbot, app_parts, cups):
    cups.add_raw_queue("DEADA4", free_port(), "printer-error-policy=abort-job", contimeout=1)
    window, core, services = app_parts(**a4(cups, "DEADA4"))
    page = open_service(qtbot, window, services)
    notice = next(r for r in page._rows if r.title == "传票")
    touch_row(qtbot, page, notice.document_id)
    qtbot.waitUntil(lambda: page._doc_state == "ready", timeout=20000)
    printer = core.devices["receipt_printer"]
    slips_before = len(printer.jobs)
    click(qtbot, page.print_button)
    qtbot.waitUntil(lambda: page._result is not None and page._slip is not None, timeout=60000)
    assert page._result.status == "failed" and page.status.property("role") == "error"
    slip = receipt_text(printer.jobs[-1])
    assert len(printer.jobs) == slips_before + 1
    assert "未打印完成" in slip and f"验证码：{page._result.verification_code}" in slip
    outcome = [item.payload for item in core.outbox.items() if item.kind == "print_outcome"]
    assert [o["status"] for o in outcome] == ["failed"]


def test_without_a_usable_a4_printer_the_tile_is_out_of_service(qtbot, app_parts, cups):
    window, core, services = app_parts(**a4(cups, "NO-SUCH-QUEUE"))
    services.device_health.check()
    click(qtbot, window.attract.start)
    qtbot.waitUntil(lambda: not window.menu.is_available("print_documents"), timeout=10000)
    click(qtbot, window.menu.tiles["print_documents"])
    assert screen(window) == "menu" and window.menu.prompt.property("role") == "error"


def test_without_an_a4_printer_the_screen_says_so(qtbot, app_parts):
    window, core, services = app_parts()  # the demo configuration has none
    assert core.devices.get("a4_printer") is None
    page = window.print_documents
    page.begin(identity_of_persona())
    qtbot.waitUntil(lambda: page._list_state == "ok", timeout=15000)
    assert page.message.text() == page.tr("This kiosk has no A4 printer: documents cannot be printed here. Please "
                                          "ask at the service counter.")
    touch_row(qtbot, page, JUDGMENT)
    qtbot.waitUntil(lambda: page._doc_state == "ready", timeout=20000)
    assert not page.print_button.isEnabled()
    assert page.status.text() == page.tr("This kiosk has no A4 printer. Please ask at the service counter.")
    page.clear()


def identity_of_persona():
    from datetime import date

    from kiosk.services.identity import identity_from_card

    return identity_from_card(SAMPLE_CARDS[PERSONA], date.today())
