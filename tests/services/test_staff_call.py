"""呼叫工作人员 (kiosk.services.staff_call) without Qt widgets: the call is in the outbox before the
litigant is told, with nothing personal in it; a priority ticket is taken and printed through the 取号
service (its number shown when the printer fails); a second touch makes no second call; a call that
does not reach the court is said to wait for the network; the court's acknowledgement comes back by
polling; the heartbeat carries the open calls; staff mark a call handled; a reset lets the next person
call; a start records a call a crash left only in the outbox."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import heartbeat, receipts, staff_call, tickets
from offline_queue import contract as c
from offline_queue.items import KIND_STAFF_CALL, enqueue_staff_call
from tests.services import fakes
from tests.services.staff_call_fakes import FakeSessionControl, StaffCallCourt

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=BEIJING)


class Parts:
    """The service as the kiosk builds it: tickets, receipts and the heartbeat real, on inline workers but
    the outbox's (a ManualWorker: the test decides when the call is stored), fake timers and court."""

    def __init__(self, monkeypatch, tmp_path, outbox, policy, config, printer=None) -> None:
        self.timers = fakes.patch_timers(monkeypatch, staff_call)
        self.printer = printer or SimulatedReceiptPrinter()
        self.court = StaffCallCourt()
        self.outbox = outbox
        self.wake = fakes.Calls()
        printing = receipts.SERVICE.factory(fakes.make_deps(receipts.SERVICE, config,
                                                            devices={"receipt_printer": self.printer}, policy=policy))
        self.tickets = tickets.SERVICE.factory(fakes.make_deps(
            tickets.SERVICE, config, devices={"receipt_printer": self.printer}, outbox=outbox, court=self.court,
            policy=policy, services={"receipts": printing}, wake_sync=self.wake))
        self.tickets.desk.clock = lambda: NOW
        self.tickets.desk.ensure_ranges()
        self.beat = heartbeat.HeartbeatService(outbox, self.wake, fakes.InlineWorker("outbox"), {},
                                               kiosk_id="kiosk-01", interval_seconds=60)
        self.session = FakeSessionControl()
        self.worker = fakes.ManualWorker("outbox")
        self.listeners = []
        deps = fakes.make_deps(staff_call.SERVICE, config, outbox=outbox, court=self.court, wake_sync=self.wake,
                               workers={"outbox": self.worker},
                               services={"session": self.session, "tickets": self.tickets, "heartbeat": self.beat},
                               subscribe_queue=self.listeners.append)
        self.service = staff_call.SERVICE.factory(deps)
        self.service._clock = lambda: NOW
        self.states = fakes.recorder(self.service.changed)
        self.listed = fakes.recorder(self.service.calls_listed)

    @property
    def delivery_timer(self):
        return self.timers[0]

    @property
    def poll_timer(self):
        return self.timers[1]

    def calls(self) -> list:
        return [i for i in self.outbox.items() if i.kind == KIND_STAFF_CALL]

    def deliver(self, call_id: str, state: str = "delivered") -> None:
        for listener in self.listeners:
            listener(call_id, state)
        self.worker.run_all()

    def heartbeat(self) -> c.Heartbeat:
        return self.beat.heartbeat()


@pytest.fixture
def parts(monkeypatch, tmp_path, outbox, policy, config):
    made = Parts(monkeypatch, tmp_path, outbox, policy, config)
    yield made
    made.service.stop()
    made.worker.run_all()
    made.tickets.stop()


def test_the_call_is_in_the_outbox_before_the_litigant_is_told_and_holds_nothing_personal(parts, caplog):
    caplog.set_level(logging.INFO)
    someone = fakes.person("王小明")
    parts.session.data.identity = someone
    parts.session.data.service = "filing"
    parts.session.data.settings.green_channel = True
    parts.service.call("filing_claims")
    assert parts.states[-1].phase == "storing" and parts.calls() == []  # nothing said yet: not stored
    parts.worker.run_all()
    (item,) = parts.calls()
    call = c.StaffCall.model_validate(item.payload)
    assert (call.screen, call.service, call.green_channel, call.kiosk_id, call.hall) == (
        "filing_claims", "filing", True, "kiosk-01", "京0105")
    assert item.idempotency_key == f"staff-call-{call.call_id}" and item.id == call.call_id
    stored = [s for s in parts.states if s.phase == "stored"]
    assert stored and stored[0].record.call_id == call.call_id and parts.wake.count >= 1
    assert parts.delivery_timer.isActive()  # the notice will say so if the court has not got it in time
    fakes.assert_nothing_personal(str(item.payload), someone)
    fakes.assert_nothing_personal(caplog.text, someone)


def test_a_priority_ticket_is_printed_through_the_ticket_service(parts):
    parts.service.call("menu")
    parts.worker.run_all()
    state = parts.service.state
    assert state.ticket_state == "printed" and state.ticket.priority and state.ticket.number == "V001"
    text = receipt_text(parts.printer.jobs[-1])
    assert "V001" in text and "【绿色通道 优先办理】" in text and "业务：咨询" in text
    (request,) = [arg for name, arg in parts.court.calls if name == "issue_ticket"]
    assert request.priority and request.service_code == staff_call.TICKET_SERVICE
    assert parts.service.book.get(state.record.call_id).ticket_number == "V001"


def test_a_second_touch_makes_no_second_call_and_says_it_is_already_made(parts):
    parts.service.call("menu")
    parts.worker.run_all()
    parts.service.call("menu")
    parts.service.call("tickets")
    parts.worker.run_all()
    assert len(parts.calls()) == 1
    assert parts.service.state.repeated and parts.service.state.phase == "stored"
    assert [n for n, _ in parts.court.calls].count("issue_ticket") == 1 and len(parts.printer.jobs) == 1


def test_without_paper_the_call_still_goes_and_the_number_is_only_on_the_screen(monkeypatch, tmp_path, outbox,
                                                                                policy, config):
    printer = SimulatedReceiptPrinter()
    printer.set_paper(out=True)
    made = Parts(monkeypatch, tmp_path, outbox, policy, config, printer=printer)
    try:
        made.service.call("menu")
        made.worker.run_all()
        state = made.service.state
        assert len(made.calls()) == 1 and state.phase == "stored"
        assert state.ticket_state == "not_printed" and state.ticket_code == "paper_out" and state.ticket.number
        assert made.tickets.desk.book.state(state.ticket.ticket_id) != "cancelled"  # the number stays valid
    finally:
        made.service.stop()
        made.worker.run_all()
        made.tickets.stop()


def test_a_call_that_has_not_reached_the_court_waits_for_the_network_and_the_heartbeat_says_so(parts):
    parts.court.down = True
    parts.tickets.desk.offline_hold = 0.0
    parts.service.call("menu")
    parts.worker.run_all()
    assert parts.service.state.ticket.offline  # the kiosk's own block: a number all the same
    parts.delivery_timer.fire()
    assert parts.service.state.waiting_network and not parts.service.state.reached_court
    beat = parts.heartbeat()
    assert (beat.staff_calls_open, beat.staff_calls_undelivered, beat.oldest_staff_call_at) == (1, 1, NOW)
    # the network comes back: the sync worker delivers it, the notice stops sending people to the counter
    parts.deliver(parts.service.state.record.call_id)
    assert parts.service.state.reached_court and not parts.service.state.waiting_network
    assert parts.heartbeat().staff_calls_undelivered == 0


def test_the_courts_acknowledgement_comes_back_and_closes_the_call(parts):
    parts.service.call("menu")
    parts.worker.run_all()
    call_id = parts.service.state.record.call_id
    parts.court.received[call_id] = c.StaffCall.model_validate(parts.calls()[0].payload)
    parts.deliver(call_id)
    assert parts.poll_timer.isActive()
    parts.poll_timer.fire()  # not acknowledged yet: asked, still open
    parts.worker.run_all()
    assert not parts.service.state.acknowledged and parts.poll_timer.isActive()
    parts.court.acknowledged[call_id] = "服务台"
    parts.poll_timer.fire()
    parts.worker.run_all()
    state = parts.service.state
    assert state.acknowledged and state.record.acknowledged_by == "服务台"
    assert not parts.poll_timer.isActive()  # nothing left to ask about
    assert parts.heartbeat().staff_calls_open == 0
    # an acknowledged call is closed: the same person may call again
    parts.service.call("menu")
    parts.worker.run_all()
    assert len(parts.calls()) == 2


def test_staff_mark_a_call_handled_and_the_list_shows_it(parts):
    parts.service.call("guidance")
    parts.worker.run_all()
    audited = fakes.Calls()
    parts.service.mark_handled(parts.service.state.record.call_id, audited)
    parts.worker.run_all()
    assert audited.count == 1
    (listed,) = parts.listed[-1:]
    assert len(listed) == 1 and listed[0].handled_at is not None and not listed[0].open
    assert parts.heartbeat().staff_calls_open == 0
    parts.service.mark_handled(listed[0].call_id, audited)  # twice: recorded once
    parts.worker.run_all()
    assert audited.count == 1


def test_a_reset_lets_the_next_person_call(parts):
    parts.service.call("menu")
    parts.worker.run_all()
    parts.service.clear()
    assert parts.states[-1] is None and parts.service.state is None
    parts.service.call("attract")
    parts.worker.run_all()
    assert len(parts.calls()) == 2 and not parts.service.state.repeated
    assert parts.heartbeat().staff_calls_open == 2  # the first one is still open for staff


def test_an_answer_for_a_reset_session_does_not_reach_the_next_person(parts):
    parts.service.call("menu")
    parts.service.clear()  # reset before the call was even stored
    parts.worker.run_all()
    assert parts.service.state is None and len(parts.calls()) == 1


def test_a_call_a_crash_left_only_in_the_outbox_is_recorded_at_start(parts):
    call = c.StaffCall(call_id="3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f", kiosk_id="kiosk-01", hall="京0105",
                       called_at=NOW, screen="menu")
    enqueue_staff_call(parts.outbox, call)
    parts.service.start()
    parts.worker.run_all()
    record = parts.service.book.get(call.call_id)
    assert record is not None and record.open and record.delivery == staff_call.QUEUED
    assert parts.heartbeat().staff_calls_open == 1


def test_a_screen_name_that_is_not_an_identifier_is_not_sent(parts):
    parts.service.call("Some free text 张三")
    parts.worker.run_all()
    assert c.StaffCall.model_validate(parts.calls()[0].payload).screen == "unknown"
