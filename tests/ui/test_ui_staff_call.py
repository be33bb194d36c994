"""呼叫工作人员 in the real window against the embedded sandbox: the header button is on every screen (the
attract screen too) and not in maintenance mode; a touch stores the call, the court gets it, a priority
ticket comes out of the receipt printer and the notice shows its number; a second touch says staff are
already called; the hall acknowledges and the notice says staff are coming; with the court out of reach
the notice sends the litigant to the counter, the heartbeat and maintenance mode show the open call, and
staff mark it handled (audited). The notice is spoken through an announcer when there is one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from drivers.printer.simulator import receipt_text
from kiosk.services.staff_call import CallState, StaffCallRecord
from offline_queue import contract as c
from tests.ui.staff import log_in
from tests.ui.steps import click, screen


def tr(text: str, context: str = "StaffCallNotice") -> str:
    return QCoreApplication.translate(context, text)


def sandbox_calls(core):
    return core.sandbox.app.state.staff_calls.list_calls().items


def test_call_staff_from_a_service_the_court_gets_it_and_a_priority_ticket_prints(qtbot, app_parts):
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    button, notice = window.call_staff_button, window.staff_call_notice
    assert screen(window) == "attract" and button.isVisible()  # also between people
    assert button.text() == tr("Call staff", "StaffCallButtonText")
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["fee_calculator"])
    assert screen(window) == "fee_calculator" and button.isVisible()
    jobs = len(printer.jobs)
    click(qtbot, button)
    assert notice.isVisible()
    qtbot.waitUntil(lambda: notice.state.ticket_state == "printed", timeout=10000)
    qtbot.waitUntil(lambda: len(sandbox_calls(core)) == 1, timeout=10000)
    (at_court,) = sandbox_calls(core)
    assert (at_court.screen, at_court.service, at_court.status) == ("fee_calculator", "fee_calculator",
                                                                    c.STAFF_CALL_OPEN)
    number = notice.state.ticket.number
    assert notice.heading.text() == tr("Staff have been called")
    assert notice.number.text() == number and number.startswith(c.TICKET_PRIORITY_PREFIX)
    assert notice.ticket.text() == tr("Please take your priority ticket from the printer.")
    assert "5" in notice.advice.text() and notice.advice.isVisible()  # what to do if nobody comes
    assert len(printer.jobs) == jobs + 1
    text = receipt_text(printer.jobs[-1])
    assert number in text and "【绿色通道 优先办理】" in text
    qtbot.waitUntil(lambda: services.staff_call.state.reached_court, timeout=10000)
    assert notice.status.text() == tr("A member of staff will come to this kiosk. Please wait here.")

    click(qtbot, notice.close_button)
    assert not notice.isVisible() and button.text() == tr("Staff called", "StaffCallButtonText")
    click(qtbot, button)  # again: no second call
    assert notice.isVisible() and notice.heading.text() == tr("Staff have already been called")
    qtbot.wait(300)
    assert len(sandbox_calls(core)) == 1 and len(printer.jobs) == jobs + 1
    click(qtbot, notice.close_button)

    # the hall answers: the notice comes back and says staff are on their way
    services.staff_call._poll_timer.setInterval(200)
    core.sandbox.app.state.staff_calls.acknowledge(at_court.call_id, "服务台")
    qtbot.waitUntil(lambda: notice.isVisible() and services.staff_call.state.acknowledged, timeout=10000)
    assert notice.status.text() == tr("Staff have seen your call and are on their way. Please wait here.")

    click(qtbot, window.home_button)  # the next person: no notice, the button calls again
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert not notice.isVisible() and button.text() == tr("Call staff", "StaffCallButtonText")


def test_court_out_of_reach_the_notice_sends_to_the_counter_and_maintenance_shows_the_call(qtbot, app_parts):
    window, core, services = app_parts()
    faults = core.sandbox.app.state.faults
    faults.set(c.FaultSpec(error_rate=1.0, error_statuses=[503], paths=["/api/v1/staff-calls/"]))
    service, notice = services.staff_call, window.staff_call_notice
    service._delivery_timer.setInterval(300)
    click(qtbot, window.call_staff_button)  # on the attract screen
    qtbot.waitUntil(lambda: service.state is not None and service.state.waiting_network, timeout=10000)
    assert notice.status.text() == tr("The call is waiting for the network and has not reached the staff yet. "
                                      "Please go to the service counter and show your number.")
    assert sandbox_calls(core) == []
    beat = services.heartbeat.heartbeat()
    assert beat.staff_calls_open == 1 and beat.staff_calls_undelivered == 1
    call_id = service.state.record.call_id

    log_in(qtbot, window)
    assert not window.call_staff_button.isVisible() and not notice.isVisible()
    panel = window.maintenance.staff_calls
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    assert panel.table.item(0, 1).text() == "attract"
    assert panel.table.item(0, 5).text() == tr("OPEN: waiting for the network, not at the court yet",
                                               "StaffCallsPanel")
    panel.table.selectRow(0)
    click(qtbot, panel.handled)
    qtbot.waitUntil(lambda: panel._calls and panel._calls[0].handled_at is not None, timeout=5000)
    assert panel.table.item(0, 5).text().startswith(tr("Handled here at {time}", "StaffCallsPanel")[:4])
    entries = services.maintenance.audit.entries()
    assert [(e["action"], e["item"], e["staff"]) for e in entries] == [
        ("login", "", "staff:0001"), ("staff_call_handled", call_id, "staff:0001")]
    assert services.heartbeat.heartbeat().staff_calls_open == 0
    window.leave_maintenance()
    assert window.call_staff_button.isVisible()


class _FakeCalls(QObject):
    changed = Signal(object)


class _FakeAnnouncer:
    def __init__(self) -> None:
        self.said: list[str] = []

    def change(self, text: str) -> None:
        self.said.append(text)


def test_the_notice_is_spoken_once_per_new_message(qtbot):
    from datetime import datetime

    from PySide6.QtWidgets import QWidget

    from ui.staff_call_notice import StaffCallNotice

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1200, 800)
    calls, announcer = _FakeCalls(), _FakeAnnouncer()
    notice = StaffCallNotice(parent, calls, announcer)
    calls.changed.emit(CallState("storing"))
    assert announcer.said == []  # nothing yet: the call is being stored
    record = StaffCallRecord("c1", datetime.now().astimezone(), "menu", None, False)
    ticket = type("T", (), {"number": "V007", "priority": True})()
    stored = CallState("stored", record, ticket=ticket, ticket_state="not_printed", ticket_code="paper_out")
    calls.changed.emit(stored)
    calls.changed.emit(stored)
    assert len(announcer.said) == 1
    said = announcer.said[0]
    assert tr("Staff have been called") in said and "V007" in said
    assert tr("Your ticket could not be printed. Please remember your number: {number}.").replace(
        "{number}", "V007") in said
    calls.changed.emit(CallState("stored", record, ticket=ticket, ticket_state="not_printed", waiting_network=True))
    assert len(announcer.said) == 2 and tr("The call is waiting for the network and has not reached the staff yet. "
                                           "Please go to the service counter and show your number.") in \
        announcer.said[1]
    calls.changed.emit(None)
    assert not notice.isVisible()
