"""取号 in the real window against the embedded sandbox: touch a service, the ticket comes out of the
receipt printer (decoded from its ESC/POS bytes) and the number shows; the calls appear beside the
services; with the court's queue out of reach the kiosk issues a number of its own block and says so;
a print that fails is printed again or cancelled at the court; a green-channel visit gets a priority
ticket."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from drivers.printer.simulator import receipt_text
from offline_queue import contract as c
from tests.ui.steps import click, screen

HALL = "京0105"


def tr(text: str) -> str:
    """The screen's text as the litigant sees it now (Chinese once translated)."""
    return QCoreApplication.translate("TicketScreen", text)


def open_tickets(qtbot, window, services, core):
    tickets = window.tickets
    tickets._timer.setInterval(200)  # the calls are asked for every 5 s; the test does not wait that long
    qtbot.waitUntil(lambda: services.tickets.desk.book.numbers_left(_today()) > 0, timeout=10000)  # blocks reserved
    click(qtbot, window.attract.start)
    assert window.menu.is_available("tickets")
    click(qtbot, window.menu.tiles["tickets"])
    assert screen(window) == "tickets"  # no ID card needed
    qtbot.waitUntil(lambda: tickets._view is not None and tickets._view.reachable, timeout=8000)
    return tickets


def _today():
    from datetime import UTC, datetime

    return c.ticket_day(datetime.now(UTC))


def backend_ticket(core, ticket_id: str):
    return core.sandbox.app.state.tickets.ticket(ticket_id)


def test_a_number_from_the_court_printed_and_shown_then_called(qtbot, app_parts):
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    tickets = open_tickets(qtbot, window, services, core)
    assert set(tickets.tiles) >= {"filing", "payment", "petition", "legal_aid", "mediation", "consultation"}
    assert tickets.tiles["filing"].text().startswith(tr("Case filing"))
    jobs = len(printer.jobs)
    click(qtbot, tickets.tiles["filing"])
    qtbot.waitUntil(lambda: tickets._state == "printed", timeout=8000)
    ticket = tickets._ticket
    assert ticket.number == "A001" and not ticket.offline
    assert tickets.number.text() == "A001" and tickets.number.isVisible()
    assert tickets.status.text() == tr("Please take your ticket from the printer and wait until your number is called.")
    assert not tickets.offline_note.isVisible() and not tickets.reprint_button.isVisible()
    assert len(printer.jobs) == jobs + 1
    text = receipt_text(printer.jobs[-1])
    for part in ("取号凭条", "A001", "业务：立案", "前面还有 0 人等候", "办理窗口：1、2、3 号窗口", "取号时间："):
        assert part in text, part
    assert "离线" not in text and "绿色通道" not in text
    assert backend_ticket(core, ticket.ticket_id).status == c.TICKET_WAITING

    # the counter calls it: the screen shows the call beside the services
    core.sandbox.app.state.tickets.call_next(HALL, c.CallNext(counter="2", service_codes=["filing"]))
    expected = tr("{number}  →  window {counter}").format(number="A001", counter="2")
    qtbot.waitUntil(lambda: expected in tickets.calls.text(), timeout=8000)

    click(qtbot, tickets.done_button)
    assert screen(window) == "done"
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert tickets._ticket is None and not tickets._timer.isActive()


def test_with_the_court_out_of_reach_the_kiosk_issues_its_own_number_and_says_so(qtbot, app_parts):
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    services.tickets.desk.online_timeout = 2.0
    tickets = open_tickets(qtbot, window, services, core)
    faults = core.sandbox.app.state.faults
    faults.set(c.FaultSpec(error_rate=1.0, error_statuses=[503], paths=["/api/v1/tickets/", "/api/v1/halls/"]))
    click(qtbot, tickets.tiles["payment"])
    qtbot.waitUntil(lambda: tickets._state == "printed", timeout=10000)
    ticket = tickets._ticket
    assert ticket.offline and ticket.number == "X001"  # the first number of this kiosk's block
    assert tickets.number.text() == "X001" and tickets.offline_note.isVisible()
    assert tickets.offline_note.text() == tr("Issued offline by this kiosk: the court's queue system cannot be "
                                             "reached. The number is valid and will be called in turn.")
    text = receipt_text(printer.jobs[-1])
    assert "X001" in text and "业务：交费" in text and "本号由自助机离线签发" in text
    qtbot.waitUntil(lambda: not tickets._view.reachable, timeout=8000)
    assert tickets.calls.text() == tr("The calls cannot be shown right now.")

    faults.set(c.FaultSpec())  # the court is back: the outbox reports the ticket, which then waits in turn
    core.wake_sync()
    qtbot.waitUntil(lambda: backend_ticket(core, ticket.ticket_id) is not None, timeout=15000)
    stored = backend_ticket(core, ticket.ticket_id)
    assert (stored.number, stored.source, stored.status) == ("X001", "offline", c.TICKET_WAITING)
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")


def test_a_failed_print_is_printed_again(qtbot, app_parts):
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    tickets = open_tickets(qtbot, window, services, core)
    hook = services.tickets.issued.connect(lambda ticket: printer.set_paper(out=True))  # out right after the number
    click(qtbot, tickets.tiles["mediation"])
    qtbot.waitUntil(lambda: tickets._state.startswith("print_failed"), timeout=8000)
    assert tickets._state == "print_failed:paper_out"
    assert tickets.number.text() == "E001" and tickets.reprint_button.isVisible() and tickets.cancel_button.isVisible()
    assert tickets.status.text() == tr("Your ticket could not be printed: {why}. Touch Print again, or Cancel "
                                       "number if you do not want it.").format(why=tr("the printer is out of paper"))
    services.tickets.issued.disconnect(hook)
    printer.set_paper(out=False)
    jobs = len(printer.jobs)
    click(qtbot, tickets.reprint_button)
    qtbot.waitUntil(lambda: tickets._state == "printed", timeout=8000)
    assert len(printer.jobs) == jobs + 1 and not tickets.reprint_button.isVisible()
    text = receipt_text(printer.jobs[-1])
    assert "E001" in text and "（补打）" in text
    assert backend_ticket(core, tickets._ticket.ticket_id).status == c.TICKET_WAITING
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")


def test_a_ticket_that_could_not_be_printed_is_cancelled_at_the_court(qtbot, app_parts):
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    tickets = open_tickets(qtbot, window, services, core)
    hook = services.tickets.issued.connect(lambda ticket: printer.set_offline(True))
    click(qtbot, tickets.tiles["filing"])
    qtbot.waitUntil(lambda: tickets._state == "print_failed:offline", timeout=8000)
    first = tickets._ticket
    click(qtbot, tickets.cancel_button)
    qtbot.waitUntil(lambda: tickets._state == "cancelled:gave_up", timeout=8000)
    assert tickets.status.text() == tr("Number {number} has been cancelled.").format(number=first.number)
    qtbot.waitUntil(lambda: backend_ticket(core, first.ticket_id).status == c.TICKET_CANCELLED, timeout=15000)
    assert backend_ticket(core, first.ticket_id).cancel_reason == "print_failed"

    # leaving with an unprinted ticket cancels it too: nobody holds that number
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    printer.set_offline(False)
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["tickets"])
    qtbot.waitUntil(lambda: screen(window) == "tickets")
    click(qtbot, tickets.tiles["filing"])
    qtbot.waitUntil(lambda: tickets._state == "print_failed:offline", timeout=8000)
    second = tickets._ticket
    assert second.number == "A002"
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    qtbot.waitUntil(lambda: backend_ticket(core, second.ticket_id).status == c.TICKET_CANCELLED, timeout=15000)
    assert backend_ticket(core, second.ticket_id).cancel_reason == "abandoned"
    services.tickets.issued.disconnect(hook)


def test_a_green_channel_visit_gets_a_priority_ticket(qtbot, app_parts):
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    tickets = open_tickets(qtbot, window, services, core)
    normal = services.tickets.desk.take("filing")  # someone is waiting already
    tickets.set_priority(True)  # what the green channel's session flag does (ui.screens.tickets.green_channel)
    assert tickets.priority_note.isVisible()
    click(qtbot, tickets.tiles["filing"])
    qtbot.waitUntil(lambda: tickets._state == "printed", timeout=8000)
    ticket = tickets._ticket
    assert ticket.number == "V001" and ticket.priority and ticket.waiting_ahead == 0
    assert tickets.number_caption.text() == tr("Priority number")
    text = receipt_text(printer.jobs[-1])
    assert "V001" in text and "【绿色通道 优先办理】" in text and "前面还有 0 人等候" in text
    called = core.sandbox.app.state.tickets.call_next(HALL, c.CallNext(counter="1", service_codes=["filing"]))
    assert called.ticket_id == ticket.ticket_id and called.number != normal.number
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert not tickets.priority  # the next visit is not a green-channel one
