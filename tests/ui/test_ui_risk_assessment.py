"""诉讼风险评估 in the real window: no ID card; the kind of dispute, its questions answered with the
big buttons, the date steppers and the on-screen keyboard's text; a bad amount is named on its card
and nothing typed is lost; the risks with their levels in colour, reasons and rules, and a QR that
reads back as the summary; the A4 report previewed, its text checked, and printed to a private
cupsd (or "no A4 printer" said); Back walks the pages; a new visit starts empty."""

from __future__ import annotations

import io
from datetime import date

import cv2
import numpy as np
import pypdf
import pytest

from tests.kiosk.test_kiosk_complaint_document import fold, pdf_text
from tests.ui.steps import click, screen, type_text
from ui.document_preview import print_status_text
from ui.screens.risk_assessment.steps import error_text

TODAY = date(2025, 6, 1)


def open_service(qtbot, window, services):
    services.risk_assessment._clock = lambda: TODAY  # deadlines counted to a fixed day
    click(qtbot, window.attract.start)
    qtbot.waitUntil(lambda: screen(window) == "menu")
    assert window.menu.is_available("risk_assessment")
    click(qtbot, window.menu.tiles["risk_assessment"])
    qtbot.waitUntil(lambda: screen(window) == "risk_type")  # no identification
    return window.risk_assessment


def answer(qtbot, flow, key, value):
    click(qtbot, flow.questions.fields[key].buttons[value])


def next_page(qtbot, flow):
    click(qtbot, flow.questions.next_button)


def fill_private_lending(qtbot, window, flow):
    """Page by page, as a litigant would: 16 questions on 4 pages."""
    q = flow.questions
    assert q.pages.count() == 4 and q.page() == 0
    assert "1" in q.heading.text() and "4" in q.heading.text()
    type_text(qtbot, q.fields["amount"].edit, "12.345")  # one decimal too many
    date_field = q.fields["limitation_start"]
    for _ in range(3):
        click(qtbot, date_field.steps["year-"])  # from today: 2022-06-01
    assert date_field.value() == "2022-06-01" and date_field.shown.text() == "2022年6月1日"
    click(qtbot, date_field.steps["day-"])
    assert date_field.value() == "2022-05-31"
    click(qtbot, q.fields["last_demand_date"].none)
    answer(qtbot, flow, "has_iou", "yes")
    next_page(qtbot, flow)
    assert q.page() == 0 and q.errors["amount"].isVisible()
    assert q.errors["amount"].text() == error_text("amount_format")
    assert q.fields["limitation_start"].value() == "2022-05-31"  # nothing lost
    q.fields["amount"].edit.clear()
    type_text(qtbot, q.fields["amount"].edit, "50000")
    assert not q.errors["amount"].isVisible()
    next_page(qtbot, flow)
    assert q.page() == 1
    answer(qtbot, flow, "has_transfer_records", "yes")
    answer(qtbot, flow, "has_chat_records", "no")
    type_text(qtbot, q.fields["interest_rate"].edit, "24")
    contract = q.fields["contract_date"]
    for _ in range(4):
        click(qtbot, contract.steps["year-"])  # 2021-06-01: LPR 3.85 %, cap 15.40 %
    next_page(qtbot, flow)
    answer(qtbot, flow, "has_guarantor", "no")
    answer(qtbot, flow, "defendant_address_known", "yes")
    answer(qtbot, flow, "defendant_assets_known", "no")
    next_page(qtbot, flow)
    assert q.page() == 3 and q.next_button.text() == "See the assessment" or q.page() == 3
    answer(qtbot, flow, "want_preservation", "no")
    answer(qtbot, flow, "in_court_area", "yes")
    next_page(qtbot, flow)
    qtbot.waitUntil(lambda: screen(window) == "risk_result")


def qr_text(widget) -> str:
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    raw = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(), image.bytesPerLine())
    rgb = raw[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
    page = cv2.copyMakeBorder(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), 40, 40, 40, 40, cv2.BORDER_CONSTANT,
                              value=(255, 255, 255))  # on a white page, as a phone sees the screen
    for scale in (1.0, 1.5, 2.0, 0.75):  # as near or far as a phone holds it
        seen = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        text, _, _ = cv2.QRCodeDetector().detectAndDecode(seen)
        if text:
            return text
    return ""


def test_a_loan_assessed_with_its_risks_the_qr_and_the_report(qtbot, app_parts):
    window, core, services = app_parts()  # the demo configuration: no A4 printer
    flow = open_service(qtbot, window, services)
    assert "not legal advice" in flow.types.note.text() or "法律意见" in flow.types.note.text()
    assert len(flow.types.buttons) >= 15
    click(qtbot, flow.types.buttons["private_lending"])
    qtbot.waitUntil(lambda: screen(window) == "risk_questions")
    assert flow.questions.texts["limitation_start"][0].text().startswith("约定的还款日")
    fill_private_lending(qtbot, window, flow)

    result = flow.result
    levels = {card.objectName().removeprefix("riskRisk_"): card.property("level") for card in result.cards}
    assert levels["limitation_contract"] == "high"  # three years from 2022-05-31 ended yesterday
    assert levels["interest_cap"] == "high" and levels["assets_unknown"] == "medium"
    assert levels["evidence_loan_ok"] == "low" and "address_unknown" not in levels
    order = [card.property("level") for card in result.cards]
    assert order == sorted(order, key=["high", "medium", "low"].index)  # the highest first
    first = result.cards[0]
    assert first.findChild(type(result.overall), "riskReason_limitation_contract").text().startswith(
        "三年诉讼时效期间已于2025年5月31日届满")
    rules = result.findChild(type(result.overall), "riskRules_limitation_contract").text()
    assert "《中华人民共和国民法典》第一百八十八条" in rules and "第一百九十五条" in rules
    from ui import theme

    assert theme.level_colour("high") in result.findChild(type(result.overall),
                                                          "riskLevel_limitation_contract").styleSheet()
    assert "法律意见" in result.warning.text() or "legal advice" in result.warning.text()
    summary = services.risk_assessment.summary(flow.assessment, "zh_CN")
    assert qr_text(result.qr) == summary and "50000" not in summary

    click(qtbot, result.report_button)
    qtbot.waitUntil(lambda: screen(window) == "risk_report")
    report = flow.report
    qtbot.waitUntil(lambda: report.state == "ready", timeout=20000)
    preview = report.preview
    qtbot.waitUntil(lambda: all(p.pixmap() is not None and not p.pixmap().isNull() for p in preview._pages),
                    timeout=20000)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(preview._pdf)).pages)
    folded = fold(text)
    for expected in ("诉讼风险评估报告", "民间借贷纠纷", "第一百八十八条", "第二十五条", "不构成法律意见"):
        assert expected in folded, expected
    click(qtbot, preview.print_button)  # this kiosk has no A4 printer
    qtbot.waitUntil(lambda: preview.status_code == "missing", timeout=5000)
    assert preview.status.text() == print_status_text("missing")

    click(qtbot, window.back_button)  # from the report to the risks, to the last page, back page by page
    assert screen(window) == "risk_result"
    click(qtbot, window.back_button)
    assert screen(window) == "risk_questions" and flow.questions.page() == 3
    for page in (2, 1, 0):
        click(qtbot, window.back_button)
        assert flow.questions.page() == page
    click(qtbot, window.back_button)
    assert screen(window) == "risk_type"

    click(qtbot, window.home_button)  # a new visit starts empty
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert flow.answers == {} and flow.assessment is None and flow.result.cards == []
    open_service(qtbot, window, services)
    click(qtbot, flow.types.buttons["private_lending"])
    assert flow.questions.fields["amount"].value() == "unknown"
    assert flow.questions.fields["limitation_start"].value() == "unknown"


def test_divorce_in_english_with_the_report_printed_on_a4(qtbot, app_parts):
    from tests.drivers.cups_stack import CupsStack, RawListener

    cups = CupsStack().start()
    listener = RawListener()
    try:
        cups.add_raw_queue("RISKA4", listener.port)
        window, core, services = app_parts(**{"devices.a4_printer.backend": "cups",
                                              "devices.a4_printer.queue": "RISKA4",
                                              "devices.a4_printer.server": cups.server})
        flow = open_service(qtbot, window, services)
        if window.language_button.text() == "English":
            click(qtbot, window.language_button)
        assert flow.types.type_labels["divorce"][0].text() == "Divorce"
        click(qtbot, flow.types.buttons["divorce"])
        q = flow.questions
        answer(qtbot, flow, "has_marriage_certificate", "yes")
        answer(qtbot, flow, "husband_wife_pregnant", "yes")
        refused = q.fields["previous_refusal_date"]
        for _ in range(6):
            click(qtbot, refused.steps["month-"])  # 2024-12-01: six months ago today
        assert refused.value() == "2024-12-01" and refused.shown.text() == "2024-12-01"
        answer(qtbot, flow, "separated_two_years", "no")
        next_page(qtbot, flow)
        next_page(qtbot, flow)
        next_page(qtbot, flow)
        qtbot.waitUntil(lambda: screen(window) == "risk_result")
        levels = {card.objectName().removeprefix("riskRisk_"): card.property("level") for card in flow.result.cards}
        assert levels["divorce_pregnancy"] == "high" and levels["divorce_six_months"] == "high"
        assert levels["no_limitation_divorce"] == "low"
        reason = flow.result.findChild(type(flow.result.overall), "riskReason_divorce_six_months").text()
        assert reason.endswith("The six months end on 2025-06-01.")
        assert "Civil Code of the PRC, Art. 1082" in flow.result.findChild(
            type(flow.result.overall), "riskRules_divorce_pregnancy").text()

        click(qtbot, flow.result.report_button)
        report = flow.report
        qtbot.waitUntil(lambda: report.state == "ready", timeout=20000)
        pages, text = pdf_text(report.preview._pdf)
        text = " ".join(text.split())
        assert "Litigation risk assessment" in text and "Civil Code of the PRC, Art." in text
        assert "not legal advice" in text and "When a husband may not sue" in text
        with qtbot.wait_signal(services.documents.printed, timeout=30000):
            click(qtbot, report.preview.print_button)
        assert report.preview.status.text() == print_status_text("printed")
        assert listener.wait_for(1)[0] == report.preview._pdf  # the printer got the report previewed
    finally:
        listener.close()
        cups.stop()


@pytest.mark.parametrize("code", ["labour_remuneration", "traffic_accident"])
def test_every_page_can_be_passed_with_dont_know(qtbot, app_parts, code):
    window, core, services = app_parts()
    flow = open_service(qtbot, window, services)
    click(qtbot, flow.types.buttons[code])
    for _ in range(flow.questions.pages.count()):
        next_page(qtbot, flow)
    qtbot.waitUntil(lambda: screen(window) == "risk_result")
    assert flow.result.cards and all(card.property("level") in ("high", "medium", "low") for card in flow.result.cards)
