"""取号 (kiosk.services.tickets) without Qt widgets: a number from the court, printed on the simulated
receipt printer; the court out of reach: a number of the kiosk's own block, reported through the outbox
(and the failed request cancelled); no number without a printer or without a block; a failed print is
printed again, given up or cancelled after too many tries, also when the litigant leaves; a restart
settles what a crash left and never issues a number twice; the offline blocks are kept topped up."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import receipts, tickets
from offline_queue import contract as c
from offline_queue.items import KIND_TICKET_CANCEL, KIND_TICKET_REPORT
from tests.services import fakes
from tests.services.ticket_fakes import TicketCourt

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=BEIJING)
TODAY = NOW.date()


class Parts:
    """The service as the kiosk builds it, on inline workers, with a fake court and a simulated printer."""

    def __init__(self, tmp_path, outbox, court, policy, config, printer=None) -> None:
        self.printer = printer or SimulatedReceiptPrinter()
        self.court = court
        self.outbox = outbox
        self.folder = tmp_path / "data"
        printing = receipts.SERVICE.factory(fakes.make_deps(receipts.SERVICE, config,
                                                            devices={"receipt_printer": self.printer}, policy=policy))
        self.wake = fakes.Calls()
        deps = fakes.make_deps(tickets.SERVICE, config, devices={"receipt_printer": self.printer}, outbox=outbox,
                               court=court, policy=policy, services={"receipts": printing}, wake_sync=self.wake)
        self.service = tickets.SERVICE.factory(deps)
        self.desk = self.service.desk
        self.desk.clock = lambda: NOW
        self.issued = fakes.recorder(self.service.issued)
        self.refused = fakes.recorder(self.service.refused)
        self.results = fakes.recorder(self.service.print_result)
        self.cancelled = fakes.recorder(self.service.cancelled)

    def items(self, kind: str) -> list:
        return [i for i in self.outbox.items() if i.kind == kind]


@pytest.fixture
def parts(tmp_path, outbox, policy, config):
    made = Parts(tmp_path, outbox, TicketCourt(), policy, config)
    made.desk.ensure_ranges()
    yield made
    made.service.stop()


def test_a_number_from_the_court_is_printed_with_the_service_the_waiting_and_the_time(parts):
    parts.court.waiting = 4
    parts.service.take("filing")
    (ticket,) = parts.issued
    assert (ticket.number, ticket.offline, ticket.waiting_ahead, ticket.priority) == ("A001", False, 4, False)
    assert parts.results == [(ticket, True, "")] and parts.refused == []
    text = receipt_text(parts.printer.jobs[-1])
    for part in (fakes.COURT_NAME, "取号凭条", "A001", "业务：立案", "前面还有 4 人等候", "取号时间：2026-03-02 09:30",
                 "办理窗口：1、2、3 号窗口"):
        assert part in text, part
    assert "离线" not in text and "补打" not in text
    assert parts.desk.book.state(ticket.ticket_id) == "printed"
    (request,) = [arg for name, arg in parts.court.calls if name == "issue_ticket"]
    assert (request.ticket_id, request.hall, request.service_code, request.offline) == (
        ticket.ticket_id, "京0105", "filing", None)
    assert parts.outbox.items() == []  # nothing to send later: the court has it


def test_a_green_channel_ticket_is_a_priority_ticket_and_says_so(parts):
    parts.service.take("filing", priority=True)
    (ticket,) = parts.issued
    assert ticket.number == "V001" and ticket.priority
    assert "【绿色通道 优先办理】" in receipt_text(parts.printer.jobs[-1])


def test_with_the_court_out_of_reach_the_number_comes_from_the_kiosks_block_and_is_reported(parts):
    parts.court.down = True
    parts.service.take("payment")
    (ticket,) = parts.issued
    assert (ticket.number, ticket.offline, ticket.waiting_ahead) == ("X001", True, None)
    text = receipt_text(parts.printer.jobs[-1])
    assert "X001" in text and "本号由自助机离线签发" in text and "等候人数：暂时无法获取" in text
    (report,) = parts.items(KIND_TICKET_REPORT)
    body = c.TicketRequest.model_validate(report.payload)
    assert body.ticket_id == ticket.ticket_id and body.offline.number == "X001" and body.service_code == "payment"
    # the online request that got no answer is cancelled (the court may have issued it after all)
    (cancel,) = parts.items(KIND_TICKET_CANCEL)
    failed = next(arg for name, arg in parts.court.calls if name == "issue_ticket")
    assert cancel.payload["ticket_id"] == failed.ticket_id and cancel.payload["reason"] == "superseded"
    assert parts.wake.count >= 1
    # for a while the next numbers are issued offline at once, without waiting for the court
    asked = parts.court.methods().count("issue_ticket")
    parts.service.take("payment")
    assert parts.issued[-1].number == "X002" and parts.court.methods().count("issue_ticket") == asked


def test_an_offline_ticket_estimates_the_waiting_from_the_courts_last_count(parts):
    parts.court.waiting = 6
    parts.desk.queue()
    parts.court.down = True
    parts.desk.offline_hold = 0.0
    parts.service.take("filing")
    ticket = parts.issued[-1]
    assert ticket.offline and ticket.estimated and ticket.waiting_ahead == 6
    assert "前面约有 6 人等候" in receipt_text(parts.printer.jobs[-1])


def test_no_number_without_a_block_or_a_printer_or_when_the_court_refuses(tmp_path, outbox, policy, config):
    bare = Parts(tmp_path, outbox, TicketCourt(), policy, config)
    bare.desk.offline_hold = 0.0  # (else the numbers after a failed request are issued offline at once)
    bare.court.down = True
    bare.service.take("filing")
    assert bare.refused == [tickets.NO_NUMBERS] and bare.issued == [] and bare.printer.jobs == []
    bare.court.down = False
    bare.printer.set_paper(out=True)
    asked = len(bare.court.calls)
    bare.service.take("filing")
    assert bare.refused[-1] == "printer_paper_out" and len(bare.court.calls) == asked  # no number was taken
    bare.printer.set_paper(out=False)
    bare.printer.set_offline(True)
    bare.service.take("filing")
    assert bare.refused[-1] == "printer_offline"
    bare.printer.set_offline(False)
    bare.court.refuse = True
    bare.service.take("filing")
    assert bare.refused[-1] == tickets.REFUSED and bare.issued == []
    bare.service.stop()


def test_a_failed_print_is_printed_again_or_given_up_and_cancelled(parts):
    hook = parts.service.issued.connect(lambda ticket: parts.printer.set_paper(out=True))
    parts.service.take("mediation")
    (ticket,) = parts.issued
    assert parts.results == [(ticket, False, "paper_out")]
    assert parts.desk.book.state(ticket.ticket_id) == "print_failed"
    parts.printer.set_paper(out=False)
    parts.service.reprint(ticket)
    assert parts.results[-1] == (ticket, True, "") and "（补打）" in receipt_text(parts.printer.jobs[-1])
    assert parts.desk.book.state(ticket.ticket_id) == "printed" and parts.items(KIND_TICKET_CANCEL) == []

    parts.service.take("mediation")  # the paper runs out again right after the number
    second = parts.issued[-1]
    assert parts.results[-1] == (second, False, "paper_out")
    parts.service.give_up(second)
    assert parts.cancelled == [(second, "gave_up")]
    (cancel,) = parts.items(KIND_TICKET_CANCEL)
    assert cancel.payload == {"ticket_id": second.ticket_id, "reason": "print_failed",
                              "cancelled_at": NOW.isoformat()}
    assert parts.desk.book.state(second.ticket_id) == "cancelled"

    # a new number while one was left unprinted: the old one is cancelled, nobody holds it
    parts.printer.set_paper(out=False)
    parts.service.take("mediation")
    third = parts.issued[-1]
    assert parts.results[-1] == (third, False, "paper_out")
    parts.service.issued.disconnect(hook)
    parts.printer.set_paper(out=False)
    parts.service.take("mediation")
    assert parts.results[-1] == (parts.issued[-1], True, "")
    assert {i.payload["ticket_id"]: i.payload["reason"] for i in parts.items(KIND_TICKET_CANCEL)}[third.ticket_id] \
        == "abandoned"


def test_a_printer_that_stays_down_gets_the_ticket_cancelled(parts):
    parts.service.issued.connect(lambda ticket: parts.printer.set_offline(True))
    parts.service.take("filing")
    (ticket,) = parts.issued
    for _ in range(tickets.MAX_PRINT_ATTEMPTS - 1):
        parts.service.reprint(ticket)
    assert [r[1] for r in parts.results] == [False, False]
    assert parts.cancelled == [(ticket, "printer")]
    assert [i.payload["reason"] for i in parts.items(KIND_TICKET_CANCEL)] == ["print_failed"]
    parts.service.reprint(ticket)  # nothing more to print
    assert len(parts.results) == 2


def test_a_litigant_who_leaves_does_not_hold_a_number(tmp_path, outbox, policy, config):
    made = Parts(tmp_path, outbox, TicketCourt(), policy, config)
    made.desk.ensure_ranges()
    made.service.issued.connect(lambda ticket: made.printer.set_paper(out=True))
    made.service.take("filing")
    (unprinted,) = made.issued
    made.service.clear()  # a session reset with the unprinted ticket
    assert [i.payload["reason"] for i in made.items(KIND_TICKET_CANCEL)] == ["abandoned"]

    # an answer that arrives after the litigant left is cancelled too, never printed
    network = fakes.ManualWorker("network")
    made.service._workers["network"] = network
    made.printer.set_paper(out=False)
    jobs = len(made.printer.jobs)
    made.service.take("filing")
    made.service.clear()
    network.run_all()
    late = made.court.tickets[next(arg.ticket_id for name, arg in reversed(made.court.calls) if name == "issue_ticket")]
    assert len(made.printer.jobs) == jobs and made.issued == [unprinted]
    assert {i.payload["ticket_id"]: i.payload["reason"] for i in made.items(KIND_TICKET_CANCEL)}[late.ticket_id] \
        == "abandoned"
    made.service.stop()


def test_a_restart_settles_what_a_crash_left_and_continues_the_block(tmp_path, outbox, policy, config):
    first = Parts(tmp_path, outbox, TicketCourt(), policy, config)
    first.desk.ensure_ranges()
    first.court.down = True
    first.desk.offline_hold = 0.0
    numbers = [first.desk.take("filing").number for _ in range(3)]  # "printing" when the kiosk dies
    first.desk.book.record("crashed-request", "filing", False, TODAY)  # asked the court, no answer yet
    first.desk.book.set_state(first.desk.take("payment").ticket_id, "print_failed")
    first.service.stop()

    again = Parts(tmp_path, outbox, first.court, policy, config)
    again.court.down = False
    again.service.start()  # recover, then top up the blocks
    reasons = {i.payload["ticket_id"]: i.payload["reason"] for i in again.items(KIND_TICKET_CANCEL)}
    assert reasons["crashed-request"] == "kiosk_restart"
    assert sorted(reasons.values()).count("kiosk_restart") == 2  # and the unprinted one; the printing ones stay
    again.court.down = True
    again.desk.offline_hold = 0.0
    following = again.desk.take("filing").number
    assert numbers == ["X001", "X002", "X003"] and following == "X005"  # X004 went to the unprinted ticket
    assert len(set(again.desk.book.offline_numbers())) == 5
    again.service.stop()


def test_blocks_are_reserved_for_today_and_tomorrow_and_a_lost_answer_is_asked_again(tmp_path, outbox, policy,
                                                                                      config):
    made = Parts(tmp_path, outbox, TicketCourt(), policy, config)
    made.court.lose_ranges = 1
    assert made.desk.ensure_ranges() == 0  # today's answer was lost
    assert made.desk.book.numbers_left(TODAY + timedelta(days=1)) == tickets.RANGE_SIZE
    assert made.desk.ensure_ranges() == tickets.RANGE_SIZE  # asked again with the same id: the same block
    reserved = [a for n, a in made.court.calls if n == "reserve_ticket_range"]
    assert len({r.range_id for r in reserved}) == 2 and len(made.court.blocks) == 2
    assert {r.day for r in reserved} == {TODAY, TODAY + timedelta(days=1)}
    made.court.down = True
    made.desk.offline_hold = 0.0
    for _ in range(tickets.RANGE_SIZE - tickets.RANGE_LOW + 1):
        made.desk.take("filing")
    made.court.down = False
    assert made.desk.ensure_ranges() == tickets.RANGE_LOW - 1 + tickets.RANGE_SIZE  # topped up with a new block
    made.service.stop()


def test_two_threads_never_take_the_same_offline_number(tmp_path):
    book = tickets.TicketBook(tmp_path / "tickets.sqlite3")
    range_id = book.request_range(TODAY, 400)
    book.range_ready(range_id, "X", 1, 400)
    taken: list[str] = []

    def take(n: int) -> None:
        for i in range(n):
            number, _ = book.take_offline(f"t-{threading.get_ident()}-{i}", TODAY, "filing", False, NOW)
            taken.append(number)

    threads = [threading.Thread(target=take, args=(100,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(taken) == 400 and len(set(taken)) == 400
    assert book.take_offline("one-more", TODAY, "filing", False, NOW) is None
    book.close()


def test_the_hall_queue_gives_services_and_calls_and_is_kept_for_offline(parts, tmp_path, outbox, policy, config):
    parts.court.call_list = [c.TicketCall(number="A003", service_code="filing", counter="2", called_at=NOW)]
    views = fakes.recorder(parts.service.queue_updated)
    parts.service.poll()
    (view,) = views
    assert view.reachable and [k.number for k in view.calls] == ["A003"]
    assert [s.code for s in view.services][:2] == ["filing", "payment"]
    parts.court.down = True
    parts.service.poll()
    assert not views[-1].reachable and views[-1].calls == () and views[-1].services[0].waiting is None
    assert tickets.TicketDesk(None, outbox, parts.desk.book, "京0105", "k").services[0].counters == ("1",)


def test_the_service_needs_no_identity_and_reads_only_what_it_declares(tmp_path, outbox, policy, config):
    spec = tickets.SERVICE
    assert not spec.needs_identity and spec.devices == ("receipt_printer",) and spec.pictogram == "ticket"
    deps = fakes.make_deps(spec, config, devices={"receipt_printer": SimulatedReceiptPrinter()}, outbox=outbox,
                           court=TicketCourt(), policy=policy, services={"receipts": object()})
    service = spec.factory(deps)
    assert (service.desk.hall, service.desk.kiosk_id) == ("京0105", config.get("kiosk.kiosk_id"))
    assert (tmp_path / "data" / "tickets.sqlite3").exists()
    service.stop()
