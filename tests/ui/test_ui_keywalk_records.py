"""Key-only walks through the records services: a litigant who cannot see the screen takes a number
(a priority one: the help key put them in the green channel), prints a case slip, prints a served
document on A4, reads a case file, pays a court fee and hands in scanned materials with the five
keys alone (up, down, select, back, help), hearing every screen, every item and every result.

What is not a key is the world around the litigant: the ID card placed on the reader and the page
put under the document camera (the simulators, as in tests/ui/steps.py), and the court deciding
(the sandbox's admin side: docketing, granting a reading, a payment completed by a phone).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from drivers.printer.simulator import receipt_text
from offline_queue import contract as c
from tests.ui.keywalk import KeyWalk, announcer_config
from tests.ui.test_ui_keywalk_core import identify_by_card, next_screen, open_service, start_with_help
from tests.ui.test_ui_materials import seed_case
from ui.accessibility import describe


def _t(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def dump(walk) -> str:
    """The transcript, for a failing assertion's message."""
    return "\n".join(f"{kind}: {text}" for kind, text in walk.transcript()[-40:])


# -- 取号 ---------------------------------------------------------------------------------------
def test_a_priority_ticket_with_five_keys(qtbot, app_parts):
    window, core, services = app_parts(**announcer_config())
    printer = core.devices["receipt_printer"]
    tickets = window.tickets
    tickets._timer.setInterval(200)  # (the calls are asked for every 5 s)
    qtbot.waitUntil(lambda: services.tickets.desk.book.numbers_left(_today()) > 0, timeout=10000)
    normal = services.tickets.desk.take("filing")  # someone is waiting already
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)  # the help key: the green channel is on for this visit
    assert services.session.data.settings.green_channel
    open_service(walk, "tickets", "tickets")
    qtbot.waitUntil(lambda: tickets._view is not None and tickets._view.reachable, timeout=8000)
    assert tickets.priority and tickets.priority_note.isVisible()

    said = walk.press_heard("down")  # first: that the ticket will be a priority one
    assert said == tickets.priority_note.text(), dump(walk)
    said = walk.reach(tickets.tiles["filing"])
    assert said.startswith(tr("TicketScreen", "Case filing")) and said.endswith(_t("button")), said
    assert tr("TicketScreen", "{count} waiting").format(count=1) in said  # the queue, heard on the tile
    jobs = len(printer.jobs)
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: tickets._state == "printed", timeout=8000)
    ticket = tickets._ticket
    assert ticket.priority and ticket.number == "V001" and ticket.waiting_ahead == 0
    walk.wait_heard(tr("TicketScreen", "Please take your ticket from the printer and wait until your number is "
                                       "called."), "change", mark)
    heard = walk.since(mark, "change")  # the number, heard as it comes
    assert tr("TicketScreen", "Priority number") in heard and "V001" in heard, dump(walk)
    assert len(printer.jobs) == jobs + 1 and "【绿色通道 优先办理】" in receipt_text(printer.jobs[-1])

    said = walk.press_heard("down")  # the ticket's view, from its top: the priority note, then the ticket
    if not said.startswith(tr("TicketScreen", "Priority number")):
        said = walk.press_heard("down")
    assert said.startswith(tr("TicketScreen", "Priority number")) and "V001" in said, dump(walk)
    assert tr("TicketScreen", "Waiting before you: {count}").format(count=0) in said
    called = core.sandbox.app.state.tickets.call_next("京0105", c.CallNext(counter="1", service_codes=["filing"]))
    assert called.ticket_id == ticket.ticket_id and called.number != normal.number
    mark = walk.mark()
    walk.choose(tickets.done_button)
    walk.screen_opened("done", mark)
    walk.choose(window.done.finish)
    qtbot.waitUntil(lambda: window.current == "attract")
    assert not tickets.priority


def _today():
    from datetime import UTC, datetime

    return c.ticket_day(datetime.now(UTC))


# -- 案件查询凭条 -----------------------------------------------------------------------------------
def test_a_case_slip_with_five_keys(qtbot, app_parts):
    window, core, services = app_parts(**announcer_config())
    _, case_number = seed_case(qtbot, core)  # (a filing the court docketed: the world, not the keys)
    printer = core.devices["receipt_printer"]
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)
    open_service(walk, "case_slip", "identify")
    identify_by_card(qtbot, walk, "case_slip")
    slips = window.case_slip
    qtbot.waitUntil(lambda: slips._state == "idle" and slips.table.rowCount() == 1, timeout=8000)

    said = walk.reach(slips.table, 0)  # the one case, chosen already
    assert said.startswith(_t("Row {n} of {count}").replace("{n}", "1").replace("{count}", "1")), said
    assert case_number in said and said.endswith(_t(", ") + _t("selected")), said
    said = walk.reach(slips.print_button)
    assert said == describe(slips.print_button) and slips.print_button.isEnabled()
    printer.set_paper(out=True)  # (the printer runs out of paper)
    jobs = len(printer.jobs)
    mark = walk.mark()
    walk.press("select")
    said = walk.wait_heard(tr("CaseSlipScreen", "The printer is out of paper. Please ask at the service counter."),
                           "error", mark)
    assert len(printer.jobs) == jobs
    printer.set_paper(out=False)  # (staff put paper in)
    mark = walk.mark()
    walk.press("select")  # the focus stayed on Print slip: again
    walk.wait_heard(tr("CaseSlipScreen", "Printed. Please take your slip from the printer."), "change", mark)
    text = receipt_text(printer.jobs[-1])
    assert "案件凭条" in text and f"案号：{case_number}" in text
    mark = walk.mark()
    walk.press("back")
    walk.screen_opened("menu", mark)


# -- 文书打印 -------------------------------------------------------------------------------------
PERSONA = 3  # the sandbox's demo persona: a judgment and notices served on her
JUDGMENT = "demo-judgment"


@pytest.fixture(scope="module")
def cups():
    from tests.drivers.cups_stack import CupsStack

    stack = CupsStack().start()
    yield stack
    stack.stop()


@pytest.fixture
def listener():
    from tests.drivers.cups_stack import RawListener

    raw = RawListener()
    yield raw
    raw.close()


def test_a_served_document_printed_with_five_keys(qtbot, app_parts, cups, listener):
    cups.add_raw_queue("KEYSA4", listener.port)
    window, core, services = app_parts(**announcer_config(), **{
        "devices.a4_printer.backend": "cups", "devices.a4_printer.queue": "KEYSA4",
        "devices.a4_printer.server": cups.server})
    printer = core.devices["receipt_printer"]
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)
    open_service(walk, "print_documents", "identify")
    services.demo.place_card(PERSONA)  # (her card on the reader)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    mark = walk.mark()
    walk.choose(window.identify.continue_button)
    walk.screen_opened("print_documents", mark)
    page = window.print_documents
    qtbot.waitUntil(lambda: page._list_state == "ok", timeout=15000)

    row = next(i for i, r in enumerate(page._rows) if r.document_id == JUDGMENT)
    said = walk.reach(page.table, row)  # each document heard with its kind, title, case and pages
    assert "民事判决书" in said and page._rows[row].case_number in said and said.endswith(_t("not selected")), said
    mark = walk.mark()
    walk.press("select")  # opens it
    qtbot.waitUntil(lambda: page._doc_state == "ready", timeout=20000)
    ready = tr("PrintDocumentsScreen", "{pages} pages. Touch Print to print them on A4 with the court's "
                                       "verification code.").replace("{pages}", "8")
    walk.wait_heard(ready, "change", mark)
    said = walk.reach(page.preview.heading)  # the preview: what it is and its pages
    assert "民事判决书" in said, said
    said = walk.press_heard("down")
    assert said == tr("DocumentPreview", "Page {n} of {total}").replace("{n}", "1").replace("{total}", "8"), said
    said = walk.reach(page.print_button)
    assert said == describe(page.print_button) and page.print_button.isEnabled()
    slips = len(printer.jobs)
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: page._result is not None and page._slip is not None, timeout=60000)
    assert page._result.status == "printed" and page._result.pages == 8
    walk.wait_heard(tr("PrintDocumentsScreen", "Printed {pages} pages. Please take them from the A4 printer.")
                    .replace("{pages}", "8"), "change", mark)
    assert walk.since(mark, "error") == [] and not page.print_button.isEnabled()  # printed once
    (received,) = listener.wait_for(1, timeout=30)
    assert received.startswith(b"%PDF")
    qtbot.waitUntil(lambda: len(printer.jobs) > slips, timeout=10000)
    assert "文书打印凭条" in receipt_text(printer.jobs[-1])

    mark = walk.mark()
    walk.choose(page.preview.close_button)  # back to the list
    qtbot.waitUntil(lambda: page._stack.currentIndex() == 0)
    said = walk.reach(page.table, row)  # the list again, nothing chosen
    assert "民事判决书" in said and said.endswith(_t("not selected")), said
    walk.choose(window.home_button)
    qtbot.waitUntil(lambda: window.current == "attract", timeout=5000)


# -- 阅卷 -----------------------------------------------------------------------------------------
def identify_persona(qtbot, walk, then: str, card: int = PERSONA) -> None:
    window = walk.window
    walk.services.demo.place_card(card)  # (the simulator places the card: not a key)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    mark = walk.mark()
    walk.choose(window.identify.continue_button)
    walk.screen_opened(then, mark)


def test_reading_a_case_file_with_five_keys(qtbot, app_parts):
    from tests.ui.test_ui_case_detail import HEARING_CASE, sandbox_records

    window, core, services = app_parts(**announcer_config())
    records = sandbox_records(core)
    number = records.case_codes(HEARING_CASE).case_number
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)
    open_service(walk, "case_reading", "identify")
    identify_persona(qtbot, walk, "case_reading")
    reading = window.case_records.reading
    qtbot.waitUntil(lambda: reading.mode == "choose" and not reading._loading_cases, timeout=8000)

    choice = next(b for b in reading.choose.findChildren(type(reading.retry)) if b.text().startswith(number))
    said = walk.reach(choice)  # the person's cases, one button each
    assert said.startswith(number) and said.endswith(_t("button")), said
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: reading.index is not None, timeout=8000)
    not_yet = tr("CaseReadingScreen", "You have not applied to read this case file yet.")
    walk.wait_heard(not_yet, "change", mark)  # where the application stands, heard as the file opens
    first = reading.index.documents[0]
    said = walk.reach(reading.open_buttons[0])  # each document heard with its Read button, not open yet
    assert first.title in said and said.endswith(_t("unavailable")), said

    said = walk.reach(reading.apply_button)
    assert said == describe(reading.apply_button)
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: any(i.kind == "reading_application" and i.state == "delivered"
                                for i in core.outbox.items()), timeout=20000)
    application = next(i for i in core.outbox.items() if i.kind == "reading_application")
    services.case_reading.poll()  # (the screen asks every few seconds by itself)
    deciding = tr("CaseReadingScreen", "The court is deciding on your application. This page shows the answer when "
                                       "it comes; you can also come back later.")
    walk.wait_heard(deciding, "change", mark)
    assert not reading.apply_button.isVisible()

    mark = walk.mark()
    records.decide_reading(application.id, c.ReadingDecision(decision="grant", hours=72))  # (the court grants)
    services.case_reading.poll()
    said = walk.wait_heard(tr("CaseReadingScreen", "You may read the case file until {until}.").split("{")[0],
                           "change", mark)
    assert said == reading.grant.text()
    said = walk.reach(reading.open_buttons[0])
    assert first.title in said and _t("unavailable") not in said, said
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: reading.mode == "reader" and reading.reader.shown == 0, timeout=8000)
    reader = reading.reader
    page_of = tr("PdfReader", "Page {n} of {total}").replace("{total}", str(reader.pages))
    walk.wait_heard(page_of.replace("{n}", "1"), "change", mark)  # the document is open: its first page
    said = walk.reach(reader.heading)
    assert said == first.title, said
    said = walk.reach(reader.next)
    assert said == describe(reader.next) and reader.next.isEnabled()
    mark = walk.mark()
    walk.press("select")  # the next page, by keys
    qtbot.waitUntil(lambda: reader.shown == 1, timeout=5000)
    walk.wait_heard(page_of.replace("{n}", "2"), "change", mark)
    said = walk.reach(reader.close_button)
    mark = walk.mark()
    walk.press("select")
    assert reading.mode == "index" and reader._pdf is None
    qtbot.waitUntil(lambda: any(i.kind == "reading_record" for i in core.outbox.items()), timeout=8000)
    record = next(i for i in core.outbox.items() if i.kind == "reading_record")
    assert record.payload["document_id"] == first.document_id and record.payload["pages_viewed"] == 2
    said = walk.reach(reading.open_buttons[0])  # back at the file's documents
    assert first.title in said
    walk.choose(window.home_button)
    qtbot.waitUntil(lambda: window.current == "attract", timeout=5000)


# -- 缴费 -----------------------------------------------------------------------------------------
def test_paying_a_court_fee_with_five_keys(qtbot, app_parts):
    window, core, services = app_parts(**announcer_config())
    filing_id, _ = seed_case(qtbot, core, docket=False)  # the court sent a fee notice on receiving it
    store = core.sandbox.app.state.store
    printer = core.devices["receipt_printer"]
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)
    open_service(walk, "payment", "identify")  # 诉讼缴费: the fees are paid from one's cases
    identify_by_card(qtbot, walk, "my_cases")
    cases = window.my_cases
    qtbot.waitUntil(lambda: not cases._loading and cases.table.rowCount() == 1, timeout=8000)
    unpaid = tr("MyCasesScreen", "(court fee of {fee} yuan not paid yet)").split("{")[0]
    said = walk.reach(cases.table, 0)
    assert unpaid in said and said.endswith(_t("not selected")), said
    mark = walk.mark()
    walk.press("select")
    assert walk.last("item", mark).endswith(_t(", ") + _t("selected")) and cases.pay.isVisible()
    said = walk.reach(cases.pay)
    assert said == describe(cases.pay)
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: services.payment.state is not None
                    and services.payment.state.phase == "awaiting_payment", timeout=20000)
    panel = cases.payment
    scan = tr("PaymentPanel", "Scan the QR code with your phone (WeChat, Alipay or your bank's app) and pay. This "
                              "screen changes when the court has received it.")
    walk.wait_heard(scan, "change", mark)  # what to do now, heard as the code appears
    said = walk.reach(panel)  # the whole fee, read out: amount, what for, by when, the code's expiry
    assert panel.amount.text() in said and panel.heading.text() in said and panel.expires.text() in said, said

    said = walk.reach(panel.print_button)  # the fee notice on paper, to pay later or elsewhere
    assert said == describe(panel.print_button)
    mark = walk.mark()
    walk.press("select")
    walk.wait_heard(tr("PaymentPanel", "The fee notice is printed. Please take it."), "change", mark)
    assert "[QR]" in receipt_text(printer.jobs[-1])

    order = services.payment.state.order
    mark = walk.mark()
    store.settle_payment(order.payment_id, "paid")  # (paid with a phone: the court says so)
    walk.wait_heard(tr("PaymentPanel", "Paid. The court has received your fee. Thank you."), "change", mark,
                    timeout=20000)
    walk.wait_heard(tr("PaymentPanel", "The receipt is printed. Please take it."), "change", mark, timeout=10000)
    assert "诉讼费交费凭证" in receipt_text(printer.jobs[-1])
    said = walk.reach(panel.receipt_button)  # another copy of the receipt, by keys
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: "（补打）" in receipt_text(printer.jobs[-1]), timeout=5000)
    walk.wait_heard(tr("PaymentPanel", "A copy of the receipt is printed. Please take it."), "change", mark)
    assert store.payment_count() == 1 and filing_id[:8].upper() in panel.receipt.text()
    walk.choose(window.home_button)
    qtbot.waitUntil(lambda: window.current == "attract", timeout=5000)


# -- 材料收转 -------------------------------------------------------------------------------------
def test_handing_in_materials_with_five_keys(qtbot, app_parts):
    window, core, services = app_parts(**announcer_config())
    _, case_number = seed_case(qtbot, core)
    printer = core.devices["receipt_printer"]
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)
    open_service(walk, "materials", "identify")
    identify_by_card(qtbot, walk, "materials_case")
    flow = window.materials
    qtbot.waitUntil(lambda: not flow.loading and flow.case.table.rowCount() == 1, timeout=8000)
    said = walk.reach(flow.case.table, 0)  # the one case, chosen already
    assert case_number in said and said.endswith(_t(", ") + _t("selected")), said
    next_screen(walk, flow.case.next, "materials_scan")

    step = flow.scan
    said = walk.press_heard("down")  # first: Scan a page
    assert said == describe(step.scan_button), said
    for n in (1, 2):  # (the simulated camera shows a page each time)
        mark = walk.mark()
        walk.press("select")
        qtbot.waitUntil(lambda n=n: len(flow.draft.pages) == n and not step.scanning, timeout=10000)
        scanned = tr("MaterialsScanScreen", "Page {n} scanned. Put the next page under the camera, or touch Next "
                                            "when all pages are in.").replace("{n}", str(n))
        walk.wait_heard(scanned, "change", mark)
        assert walk.since(mark, "error") == []  # each page found on the desk
    said = walk.reach(step.list, 0)  # the pages, one by one: the first to take again
    assert said.startswith(_t("Row {n} of {count}").replace("{n}", "1").replace("{count}", "2")), said
    assert tr("MaterialsScanScreen", "Page {n}").replace("{n}", "1") in said
    first = flow.draft.pages[0].jpeg
    walk.press("select")
    assert step.list.currentRow() == 0
    said = walk.reach(step.retake, step="up")  # (up: the focus stays on page 1 until then)
    assert said.startswith(step.retake.text()) and said.endswith(
        tr("MaterialsScanScreen", "Page {n}").replace("{n}", "1") + _t(", ") + _t("button")), said
    mark = walk.mark()
    walk.press("select")
    qtbot.waitUntil(lambda: flow.draft.pages[0].jpeg != first and not step.scanning, timeout=10000)
    walk.wait_heard(tr("MaterialsScanScreen", "Page {n} taken again.").replace("{n}", "1"), "change", mark)
    assert len(flow.draft.pages) == 2
    next_screen(walk, step.next, "materials_describe")

    describe_step = flow.describe
    said = walk.reach(describe_step.kind_buttons["defence"])
    assert said.endswith(_t("not selected")), said
    walk.press("select")
    assert describe_step.kind_buttons["defence"].isChecked() and describe_step.name_edit.text() == "答辩状"
    said = walk.reach(describe_step.name_edit)  # its name, following the kind
    assert describe_step.name_title.text() in said and said.endswith("答辩状"), said
    mark = walk.mark()
    walk.press("select")
    assert walk.entry is not None and walk.entry.is_open
    walk.type_text(" LIST")  # (typed after the kind's name; Chinese would come by voice)
    assert describe_step.name_edit.text() == "答辩状 LIST"
    walk.wait_heard(describe(describe_step.name_edit), "item", mark)
    jobs = len(printer.jobs)
    mark = walk.mark()
    walk.choose(describe_step.confirm)
    walk.screen_opened("materials_done", mark, timeout=10000)
    walk.wait_heard(tr("MaterialsDoneScreen", "Please take your receipt from the printer."), "change", mark)
    assert len(printer.jobs) == jobs + 1 and "材料名称：答辩状 LIST" in receipt_text(printer.jobs[-1])

    done = flow.done
    said = walk.press_heard("down")  # the receipt's lines, read out
    assert said.startswith(done.heading.text()), said
    for key in ("case", "kind", "name", "pages"):
        assert f"{done.keys[key].text()}{_t(', ')}{done.values[key].text()}" in said, (key, said)
    outcome = flow.draft.outcome
    assert (outcome.name, outcome.kind, outcome.pages) == ("答辩状 LIST", "defence", 2)
    mark = walk.mark()
    walk.choose(done.finish)
    walk.screen_opened("done", mark)
    walk.choose(window.done.finish)
    qtbot.waitUntil(lambda: window.current == "attract", timeout=5000)
    assert flow.draft is None
