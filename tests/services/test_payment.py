"""The payment service (kiosk.services.payment): the phases of one filing's fee, from the filing stored
(sending_filing) through the court's fee notice (ordering) and the payment order (awaiting_payment) to
paid; "offline" once the court has not answered within wait_seconds (a fake clock); a new order only
after the court said the last one failed or expired; the printed fee notice.

The service's QTimer is replaced by a FakeTimer (its public `start` starts the timer, which Qt refuses
without an application); `fire()` is the timer's timeout. The court is a fake, the outbox real."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import payment, receipts
from offline_queue import contract as c
from tests.services import fakes

P = payment


@pytest.fixture
def printer():
    return SimulatedReceiptPrinter()


@pytest.fixture
def rig(monkeypatch, outbox, court, policy, config, clock, printer):
    """The service as built for the kiosk, with its (fake) timer and what it saw."""
    timers = fakes.patch_timers(monkeypatch, payment)
    wake = fakes.Calls()
    receipt_service = receipts.ReceiptService(printer, fakes.InlineWorker("receipt_printer"), policy)
    outbox_worker = fakes.InlineWorker("outbox")
    service = payment.PaymentService(outbox, wake, court, outbox_worker, fakes.InlineWorker("network"),
                                     receipt_service, court_code="京0105", policy=policy, poll_seconds=3.0,
                                     wait_seconds=20.0, clock=clock, provider_prefixes=("https://pay.example/",))
    (timer,) = timers

    class Rig:
        pass

    rig = Rig()
    rig.service, rig.timer, rig.wake, rig.outbox, rig.court, rig.clock = service, timer, wake, outbox, court, clock
    rig.outbox_worker = outbox_worker
    rig.changes = fakes.recorder(service.changed)
    rig.phases = lambda: [s.phase for s in rig.changes]
    return rig


def _filing(outbox):
    filing = fakes.submission(fakes.person())
    fakes.store_filing(outbox, filing)
    return filing.filing_id


def _deliver_filing(outbox, filing_id, notice):
    outbox.mark_delivered(filing_id, fakes.filing_receipt(filing_id, notice))


def _deliver_order(outbox, notice, attempt=1, status=c.PAYMENT_AWAITING):
    order = fakes.payment_order(notice, attempt, status)
    outbox.mark_delivered(order.payment_id, order.model_dump(mode="json"))
    return order


def test_from_the_filing_stored_to_paid(rig, caplog):
    caplog.set_level(logging.INFO)
    filing_id = _filing(rig.outbox)
    rig.service.start(filing_id, Decimal("2300"))
    state = rig.service.state
    assert (state.phase, state.estimated, state.amount, state.filing_number) == (
        P.PHASE_SENDING_FILING, True, Decimal("2300"), filing_id[:8].upper())
    assert rig.service.active

    rig.timer.fire()  # the filing is still in the outbox
    assert rig.service.state.phase == P.PHASE_SENDING_FILING
    assert rig.timer.isActive() and rig.timer.interval() == 3000  # looks again after poll_seconds

    notice = fakes.fee_notice(filing_id, "2250.00")
    _deliver_filing(rig.outbox, filing_id, notice)
    rig.timer.fire()
    state = rig.service.state
    assert state.phase == P.PHASE_ORDERING and state.notice == notice and not state.estimated
    assert state.amount == Decimal("2250.00")  # the court's, not the estimate

    rig.timer.fire()  # the order is stored in the outbox (once) and the sender woken
    (order_item,) = [i for i in rig.outbox.items() if i.kind == "payment"]
    assert order_item.id == c.payment_id_for(notice.notice_id, 1)
    assert order_item.depends_on == filing_id
    assert rig.wake.count == 1
    assert rig.service.state.phase == P.PHASE_ORDERING and rig.service.state.attempt == 1
    rig.timer.fire()
    assert len([i for i in rig.outbox.items() if i.kind == "payment"]) == 1  # looking again stores nothing new

    order = _deliver_order(rig.outbox, notice)
    rig.timer.fire()
    state = rig.service.state
    assert state.phase == P.PHASE_AWAITING and state.order == order
    assert state.qr_content == order.qr_content
    assert rig.timer.interval() == 3000

    rig.timer.fire()  # the court says it still waits
    rig.court.orders[order.payment_id] = order.model_copy(update={"status": c.PAYMENT_PAID})
    rig.timer.fire()
    state = rig.service.state
    assert state.phase == P.PHASE_PAID and state.qr_content is None
    assert not rig.service.active and not rig.timer.isActive()
    assert rig.court.methods() == ["payment_status", "payment_status"]
    assert rig.phases() == [P.PHASE_SENDING_FILING, P.PHASE_ORDERING, P.PHASE_AWAITING, P.PHASE_PAID]
    fakes.assert_nothing_personal(caplog.text, fakes.person())  # (the filing's plaintiff)


def test_offline_after_wait_seconds_then_back_when_the_court_answers(rig):
    filing_id = _filing(rig.outbox)
    rig.service.start(filing_id, Decimal("2300"))
    rig.timer.fire()
    rig.clock.advance(19.9)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_SENDING_FILING
    rig.clock.advance(0.1)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_OFFLINE
    assert rig.service.active
    assert rig.timer.interval() == 15000  # it keeps looking, less often (5 x poll)

    _deliver_filing(rig.outbox, filing_id, fakes.fee_notice(filing_id))
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_ORDERING


def test_the_order_not_made_within_wait_seconds_is_offline_too(rig):
    filing_id = _filing(rig.outbox)
    _deliver_filing(rig.outbox, filing_id, fakes.fee_notice(filing_id))
    rig.service.start(filing_id, None)
    rig.timer.fire()
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_ORDERING
    rig.clock.advance(20)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_OFFLINE and rig.service.state.attempt == 1


def test_a_new_order_only_after_the_court_said_the_last_one_expired(rig):
    filing_id = _filing(rig.outbox)
    notice = fakes.fee_notice(filing_id)
    _deliver_filing(rig.outbox, filing_id, notice)
    rig.service.start(filing_id, None)
    assert not rig.service.renew()  # nothing to renew yet
    rig.timer.fire()
    rig.timer.fire()
    first = _deliver_order(rig.outbox, notice)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_AWAITING
    assert not rig.service.renew()  # it can still be paid

    rig.court.orders[first.payment_id] = first.model_copy(update={"status": c.PAYMENT_EXPIRED})
    rig.timer.fire()
    state = rig.service.state
    assert state.phase == P.PHASE_EXPIRED and state.can_renew and state.qr_content is None

    assert rig.service.renew()
    state = rig.service.state
    assert (state.phase, state.attempt, state.order) == (P.PHASE_ORDERING, 2, None)
    rig.timer.fire()
    ids = [i.id for i in rig.outbox.items() if i.kind == "payment"]
    assert ids == [c.payment_id_for(notice.notice_id, 1), c.payment_id_for(notice.notice_id, 2)]
    second = _deliver_order(rig.outbox, notice, attempt=2)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_AWAITING and rig.service.state.order == second
    assert not rig.service.renew()


def test_a_restart_finds_the_newest_order_again(rig):
    filing_id = _filing(rig.outbox)
    notice = fakes.fee_notice(filing_id)
    _deliver_filing(rig.outbox, filing_id, notice)
    for attempt, status in ((1, c.PAYMENT_FAILED), (2, c.PAYMENT_AWAITING)):
        from offline_queue.items import enqueue_payment

        enqueue_payment(rig.outbox, notice, attempt=attempt)
        _deliver_order(rig.outbox, notice, attempt, status)
    rig.service.start(filing_id, None)
    rig.timer.fire()
    rig.timer.fire()
    state = rig.service.state
    assert state.phase == P.PHASE_AWAITING and state.attempt == 2
    assert len([i for i in rig.outbox.items() if i.kind == "payment"]) == 2


@pytest.mark.parametrize(("notice", "phase"), [(None, P.PHASE_NO_FEE), ("paid", P.PHASE_PAID)])
def test_no_fee_notice_or_one_paid_already_ends_there(rig, notice, phase):
    filing_id = _filing(rig.outbox)
    _deliver_filing(rig.outbox, filing_id, fakes.fee_notice(filing_id, paid=True) if notice else None)
    rig.service.start(filing_id, Decimal("50"))
    rig.timer.fire()
    assert rig.service.state.phase == phase
    assert not rig.service.active and not rig.service.renew()
    assert [i.kind for i in rig.outbox.items()] == ["filing"]  # no order


def test_a_refused_filing_fails_and_cannot_be_renewed(rig):
    filing_id = _filing(rig.outbox)
    rig.outbox.mark_dead(filing_id, "HTTP 422: refused")
    rig.service.start(filing_id, Decimal("2300"))
    rig.timer.fire()
    state = rig.service.state
    assert (state.phase, state.problem, state.can_renew) == (P.PHASE_FAILED, P.PROBLEM_FILING_REFUSED, False)


def test_a_filing_purged_from_the_outbox_is_asked_of_the_court(rig):
    filing_id = "0f0e0d0c-aaaa-4bbb-8ccc-000000000001"
    notice = fakes.fee_notice(filing_id)
    rig.court.statuses[filing_id] = c.FilingStatus(filing_id=filing_id, status="docketed",
                                                   updated_at=notice.issued_at, fee_notice=notice)
    rig.service.start(filing_id, None)
    rig.timer.fire()
    rig.timer.fire()
    assert rig.court.methods() == ["filing_status"]
    assert rig.service.state.phase == P.PHASE_ORDERING and rig.service.state.notice == notice


def test_the_court_out_of_reach_while_asking_about_a_purged_filing_is_offline_in_time(rig):
    rig.court.down = True
    rig.service.start("0f0e0d0c-aaaa-4bbb-8ccc-000000000002", None)
    rig.timer.fire()
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_SENDING_FILING
    rig.clock.advance(25)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_OFFLINE


def test_stop_drops_answers_of_the_old_watch_and_start_finds_the_filing_again(monkeypatch, outbox, court, policy,
                                                                              clock):
    timers = fakes.patch_timers(monkeypatch, payment)
    worker = fakes.ManualWorker("outbox")
    service = payment.PaymentService(outbox, lambda: None, court, worker, fakes.InlineWorker("network"), None,
                                     clock=clock)
    changes = fakes.recorder(service.changed)
    filing_id = _filing(outbox)
    _deliver_filing(outbox, filing_id, fakes.fee_notice(filing_id))
    service.start(filing_id, None)
    timers[0].fire()  # the look at the outbox is on the worker
    service.stop()  # a session reset
    worker.run_all()
    assert [s.phase for s in changes] == [P.PHASE_SENDING_FILING]
    assert not service.active and not timers[0].isActive()

    service.start(filing_id, None)
    timers[0].fire()
    worker.run_all()
    assert service.state.phase == P.PHASE_ORDERING
    service.clear()
    assert service.state is None


def test_workers_shut_down_stop_the_watch(rig):
    rig.service.start(_filing(rig.outbox), None)
    rig.outbox_worker.shutdown()  # the kiosk is stopping
    rig.timer.fire()
    assert not rig.service.active


def test_the_printed_fee_notice(rig, printer):
    failed = fakes.recorder(rig.service.notice_failed)
    printed = fakes.recorder(rig.service.notice_printed)
    rig.service.print_fee_notice()
    assert failed == ["nothing"]

    filing_id = _filing(rig.outbox)
    notice = fakes.fee_notice(filing_id, "2250.00")
    _deliver_filing(rig.outbox, filing_id, notice)
    rig.service.start(filing_id, None)
    rig.timer.fire()
    rig.timer.fire()
    order = _deliver_order(rig.outbox, notice)
    rig.timer.fire()
    rig.service.print_fee_notice()

    assert printed == [()]
    text = receipt_text(printer.last_job)
    assert fakes.COURT_NAME in text and "诉讼费交费通知" in text
    assert f"交费通知编号：{notice.notice_id}" in text and "应交金额：2,250.00 元" in text
    assert f"[QR] {order.qr_content}" in text
    assert "测试甲" not in text

    printer.set_offline(True)
    rig.service.print_fee_notice()
    assert failed == ["nothing", "offline"]


def test_the_fee_notice_printed_offline_shows_the_estimate_and_how_to_pay_later(rig, printer):
    filing_id = _filing(rig.outbox)
    rig.service.start(filing_id, Decimal("2300"))
    rig.timer.fire()
    rig.clock.advance(30)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_OFFLINE
    rig.service.print_fee_notice()
    text = receipt_text(printer.last_job)
    assert "估算金额：2,300.00 元" in text and "[QR]" not in text
    assert "我的案件" in text


def test_the_payment_receipt_is_printed_once_when_the_court_confirms(rig, printer, caplog):
    caplog.set_level(logging.INFO)
    printed = fakes.recorder(rig.service.receipt_printed)
    failed = fakes.recorder(rig.service.receipt_failed)
    filing_id = _filing(rig.outbox)
    notice = fakes.fee_notice(filing_id, "2250.00")
    _deliver_filing(rig.outbox, filing_id, notice)
    rig.service.start(filing_id, None, payer="测试甲")
    rig.timer.fire()
    rig.timer.fire()
    order = _deliver_order(rig.outbox, notice)
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_AWAITING and not rig.service.state.receipt_due
    jobs = len(printer.jobs)

    paid_at = datetime(2026, 12, 6, 9, 41, 5, tzinfo=UTC)
    rig.court.orders[order.payment_id] = order.model_copy(update={
        "status": c.PAYMENT_PAID, "paid_at": paid_at, "receipt_number": "4401202612060000123"})
    rig.timer.fire()
    state = rig.service.state
    assert state.phase == P.PHASE_PAID and state.receipt_due and state.payer == "测**"
    assert printed == [()] and failed == [] and len(printer.jobs) == jobs + 1
    text = receipt_text(printer.last_job)
    assert "诉讼费交费凭证" in text and "（补打）" not in text
    assert "交费金额：2,250.00 元" in text and "交费人：测**" in text
    assert f"立案申请编号：{filing_id[:8].upper()}" in text and order.payment_id in text
    assert f"交费时间：{paid_at.astimezone():%Y-%m-%d %H:%M:%S}" in text
    assert "电子票据号：4401202612060000123" in text
    assert "测试甲" not in text

    rig.service.print_payment_receipt()  # another copy, marked as one
    assert printed == [(), ()] and "（补打）" in receipt_text(printer.last_job)
    rig.service.start(filing_id, None, payer="测试甲")  # watching again prints nothing by itself
    for _ in range(3):
        rig.timer.fire()
    assert rig.service.state.receipt_due and len(printer.jobs) == jobs + 2
    fakes.assert_nothing_personal(caplog.text, fakes.person())


def test_a_fee_paid_elsewhere_has_no_receipt_here(rig, printer):
    filing_id = _filing(rig.outbox)
    _deliver_filing(rig.outbox, filing_id, fakes.fee_notice(filing_id, paid=True))
    failed = fakes.recorder(rig.service.receipt_failed)
    rig.service.start(filing_id, None, payer="测试甲")
    rig.timer.fire()
    assert rig.service.state.phase == P.PHASE_PAID and not rig.service.state.receipt_due
    rig.service.print_payment_receipt()
    assert failed == ["nothing"] and printer.jobs == []
