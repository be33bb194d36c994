"""Paying a filing's fee with the real app (embedded sandbox, simulated printer): one payment order
per fee notice, its QR on screen and on the printed notice, its status polled; the same order after
a kiosk restart in the middle of paying (also when the order's answer was lost); a new order only
after the court said the last one expired; offline: the fee notice printed with the estimate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from drivers.printer.simulator import receipt_text
from kiosk.payment_urls import SANDBOX_PREFIX
from kiosk.services.payment import (
    PHASE_AWAITING,
    PHASE_EXPIRED,
    PHASE_NO_FEE,
    PHASE_OFFLINE,
    PHASE_PAID,
    PaymentService,
    PaymentState,
    fee_notice_receipt,
)
from offline_queue.contract import FaultSpec, FeeLine, FeeNotice, PaymentOrder, payment_id_for
from offline_queue.outbox import DELIVERED
from tests.queue.fault_harness import filing_payload
from ui.payment_panel import PaymentPanel

SHOTS = Path("/work/shots/payment")
ESTIMATE = Decimal("50.00")  # the kiosk's estimate for 1,000 yuan claimed (the court's is the same)


def shot(widget, name: str) -> None:
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def enqueue_filing(core, filing_id: str, index: int, **extra) -> None:
    payload = filing_payload(filing_id, index)
    payload.update(extra)
    core.outbox.enqueue("filing", payload, f"key-{filing_id}", item_id=filing_id)
    core.sync.wake()


def payment_parts(qtbot, core, services, *, wait_seconds: float = 20.0, offline_poll: float = 0.2):
    service = PaymentService(
        core.outbox, core.wake_sync, core.client, services.workers["outbox"], services.workers["network"],
        services.receipts, court_code=core.config.get("court.court_code"), policy=services.policy.policy,
        poll_seconds=0.1, wait_seconds=wait_seconds, offline_poll_seconds=offline_poll,
        provider_prefixes=(SANDBOX_PREFIX,),
    )
    panel = PaymentPanel(service)
    qtbot.addWidget(panel)
    panel.resize(1300, 620)
    panel.show()
    return service, panel


def phase_is(service, phase: str) -> bool:
    return service.state is not None and service.state.phase == phase


def printed(core) -> list[str]:
    return [receipt_text(job) for job in core.devices["receipt_printer"].jobs]


def test_pay_by_qr_then_paid(qtbot, app_parts):
    window, core, services = app_parts()
    store = core.sandbox.app.state.store
    enqueue_filing(core, "pay-qr-0001", 1)
    service, panel = payment_parts(qtbot, core, services)
    try:
        service.start("pay-qr-0001", ESTIMATE)
        assert service.state.estimated and panel.amount.text().startswith("约 ¥50.00")
        shot(panel, "sending_filing")
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=10_000)
        state = service.state
        assert state.notice.amount == Decimal("50.00") and not state.estimated
        assert state.order.payment_id == payment_id_for(state.notice.notice_id, 1) and state.attempt == 1
        assert panel.qr_box.isVisible() and panel.qr.content == state.order.qr_content
        qtbot.waitUntil(panel.qr.ready, timeout=2000)  # made on the QR thread
        assert panel.qr.pixmap().width() <= 360 and panel.qr.pixmap().width() >= 300
        assert panel.expires.text().startswith("有效至 ")
        assert "请勿重复交费" in panel.warning.text() and panel.warning.isVisible()
        assert not panel.renew_button.isVisible()
        shot(panel, "awaiting_payment")

        # The printed notice carries the order's QR and the court's amount.
        with qtbot.waitSignal(service.notice_printed, timeout=5000):
            qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
        text = printed(core)[-1]
        assert f"[QR] {state.order.qr_content}" in text
        assert "应交金额：50.00 元" in text and "PAY-QR-0" in text and "估算" not in text
        assert "已打印" in panel.print_status.text()

        service.start("pay-qr-0001", ESTIMATE, payer="测试甲")  # as the submitted screen does
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=10_000)
        with qtbot.waitSignal(service.receipt_printed, timeout=10_000):  # printed by itself, once
            store.settle_payment(state.order.payment_id, "paid")
        qtbot.waitUntil(lambda: phase_is(service, PHASE_PAID), timeout=5000)
        paid = service.state.order
        assert paid.receipt_number and paid.paid_at is not None
        text = printed(core)[-1]
        assert "诉讼费交费凭证" in text and "交费金额：50.00 元" in text and "交费人：测**" in text
        assert paid.payment_id in text and f"电子票据号：{paid.receipt_number}" in text and "测试甲" not in text
        receipt = panel.receipt.text()
        assert panel.receipt.isVisible() and paid.payment_id in receipt and paid.receipt_number in receipt
        assert "测**" in receipt and "¥50.00" in receipt and "PAY-QR-0" in receipt
        assert panel.receipt_button.isVisible()
        qtbot.waitUntil(lambda: "凭证已打印" in panel.print_status.text(), timeout=5000)
        assert panel.phase.text().startswith("交费成功") and not panel.qr_box.isVisible()
        assert panel.amount.text() == "已交 ¥50.00" and "Pay by" not in panel.breakdown.text()
        assert not panel.print_button.isVisible() and not panel.warning.isVisible()
        shot(panel, "paid")
        with qtbot.waitSignal(service.receipt_printed, timeout=5000):  # another copy
            qtbot.mouseClick(panel.receipt_button, Qt.MouseButton.LeftButton)
        assert "（补打）" in printed(core)[-1]
        assert store.payment_count() == 1
        assert not service._timer.isActive()  # nothing left to poll
    finally:
        service.stop()


def test_restart_mid_payment_reuses_the_order_whose_answer_was_lost(qtbot, app_parts):
    window, core, services = app_parts()
    enqueue_filing(core, "pay-restart-0001", 2)
    qtbot.waitUntil(lambda: core.outbox.get("pay-restart-0001").state == DELIVERED, timeout=10_000)
    store = core.sandbox.app.state.store
    # The court makes the order, but every answer is lost on the way back.
    core.sandbox.app.state.faults.set(FaultSpec(drop_rate=1.0))
    service, panel = payment_parts(qtbot, core, services, wait_seconds=30.0)
    service.start("pay-restart-0001", ESTIMATE)
    qtbot.waitUntil(lambda: store.payment_count() == 1, timeout=10_000)
    notice = service.state.notice
    payment_id = payment_id_for(notice.notice_id, 1)
    qtbot.waitUntil(lambda: core.outbox.get(payment_id).attempts >= 1, timeout=5000)
    assert core.outbox.get(payment_id).state != DELIVERED  # the outcome is unknown to the kiosk
    service.stop()
    panel.close()
    services.shutdown()
    core.stop()
    window.allow_close()
    window.close()

    # The kiosk restarts on the same data folder (the court comes back without faults).
    window, core, services = app_parts()
    store = core.sandbox.app.state.store
    service, panel = payment_parts(qtbot, core, services)
    try:
        service.start("pay-restart-0001", ESTIMATE)
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=10_000)
        assert service.state.order.payment_id == payment_id
        assert store.payment_count() == 1  # settled by asking, not by a second order
        qtbot.waitUntil(panel.qr.ready, timeout=2000)
        # Starting again (the litigant comes back to the screen) finds the same order again.
        service.start("pay-restart-0001", ESTIMATE)
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=10_000)
        assert service.state.order.payment_id == payment_id and store.payment_count() == 1
    finally:
        service.stop()


def test_expired_order_is_renewed_with_a_new_id(qtbot, app_parts):
    window, core, services = app_parts()
    store = core.sandbox.app.state.store
    enqueue_filing(core, "pay-renew-0001", 3)
    service, panel = payment_parts(qtbot, core, services)
    try:
        service.start("pay-renew-0001", ESTIMATE)
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=10_000)
        first = service.state.order.payment_id
        assert not service.renew()  # nothing to renew while the order can be paid
        store.settle_payment(first, "expired")
        qtbot.waitUntil(lambda: phase_is(service, PHASE_EXPIRED), timeout=5000)
        assert panel.renew_button.isVisible() and not panel.qr_box.isVisible()
        assert "已过期" in panel.phase.text() and "PAY-RENE" in panel.phase.text()
        shot(panel, "expired")
        qtbot.mouseClick(panel.renew_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=10_000)
        second = service.state.order.payment_id
        assert second == payment_id_for(service.state.notice.notice_id, 2) != first
        assert service.state.attempt == 2 and store.payment_count() == 2
        assert not panel.renew_button.isVisible() and panel.qr.content == service.state.order.qr_content
        qtbot.waitUntil(panel.qr.ready, timeout=2000)
        # After a restart of the watch, the newest order is the one shown (never the expired one).
        service.start("pay-renew-0001", ESTIMATE)
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=10_000)
        assert service.state.order.payment_id == second and store.payment_count() == 2
    finally:
        service.stop()


def test_offline_prints_the_notice_with_the_estimate_then_moves_on(qtbot, app_parts):
    window, core, services = app_parts()
    faults = core.sandbox.app.state.faults
    faults.set(FaultSpec(outage_seconds=60))
    enqueue_filing(core, "pay-offline-0001", 4)
    service, panel = payment_parts(qtbot, core, services, wait_seconds=0.5)
    try:
        service.start("pay-offline-0001", ESTIMATE)
        qtbot.waitUntil(lambda: phase_is(service, PHASE_OFFLINE), timeout=5000)
        assert panel.phase.text().startswith("暂时无法连接法院")
        assert "PAY-OFFL" in panel.phase.text() and panel.print_button.isVisible()
        assert not panel.qr_box.isVisible() and "（估算）" in panel.amount.text()
        with qtbot.waitSignal(service.notice_printed, timeout=5000):
            qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
        shot(panel, "offline_printed")
        text = printed(core)[-1]
        assert "估算金额：50.00 元" in text and "（估算，以法院交费通知为准）" in text and "[QR]" not in text
        assert "立案申请编号：PAY-OFFL" in text and "“我的案件”中交费" in text and "请勿重复交费" in text
        assert "测试原告" not in text  # no personal data on the notice

        faults.clear()  # the court is back: the filing goes, the order is made, the QR shows
        qtbot.waitUntil(lambda: phase_is(service, PHASE_AWAITING), timeout=15_000)
        qtbot.waitUntil(panel.qr.ready, timeout=2000)
        assert core.sandbox.app.state.store.payment_count() == 1
    finally:
        service.stop()


def test_mediation_filing_has_no_fee(qtbot, app_parts):
    window, core, services = app_parts()
    enqueue_filing(core, "pay-mediation-0001", 5, filing_kind="mediation")
    service, panel = payment_parts(qtbot, core, services)
    try:
        service.start("pay-mediation-0001", Decimal("0.00"))
        qtbot.waitUntil(lambda: phase_is(service, PHASE_NO_FEE), timeout=10_000)
        assert panel.phase.text() == "本次申请目前无需交费。"
        assert not panel.print_button.isVisible() and not panel.qr_box.isVisible()
        assert core.sandbox.app.state.store.payment_count() == 0
        assert core.outbox.get(payment_id_for("x", 1)) is None
        assert not any(item.kind == "payment" for item in core.outbox.items())
    finally:
        service.stop()


# ------------------------------------------------------------------ the printed notice, unit level
def _notice() -> FeeNotice:
    issued = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    return FeeNotice(
        notice_id="FN2026000012", filing_id="abcdef12-0000", amount=Decimal("2300.00"),
        breakdown=[FeeLine(label="案件受理费", amount=Decimal("2300.00"))], schedule_version="2007-481",
        issued_at=issued, pay_by=issued + timedelta(days=7),
    )


def test_printed_notice_with_an_order_and_without():
    notice = _notice()
    order = PaymentOrder(
        payment_id=payment_id_for(notice.notice_id), notice_id=notice.notice_id, filing_id=notice.filing_id,
        amount=notice.amount, status="awaiting_payment", qr_content="https://pay.example.invalid/p/1",
        created_at=notice.issued_at, expires_at=notice.issued_at + timedelta(minutes=15),
    )
    awaiting = PaymentState("awaiting_payment", notice=notice, order=order, filing_id=notice.filing_id, attempt=1)
    receipt = fee_notice_receipt(awaiting, "测试法院")
    texts = [line.text for line in receipt.lines]
    assert receipt.qr == order.qr_content
    assert "立案申请编号：ABCDEF12" in texts and "应交金额：2,300.00 元" in texts
    assert "  案件受理费：2,300.00 元" in texts and any(t.startswith("交费期限：2026-03-0") for t in texts)
    assert "请用手机扫描下方二维码交费" in texts

    expired = PaymentState("expired", notice=notice, order=order.model_copy(update={"status": "expired"}),
                           filing_id=notice.filing_id, attempt=1)
    assert expired.qr_content is None and expired.can_renew
    receipt = fee_notice_receipt(expired, "测试法院")
    assert receipt.qr is None and any("自助机" in line.text for line in receipt.lines)

    estimate = PaymentState("offline", estimate=Decimal("1234.5"), filing_id="0123456789")
    assert estimate.estimated and estimate.amount == Decimal("1234.5") and not estimate.can_renew
    texts = [line.text for line in fee_notice_receipt(estimate, "测试法院").lines]
    assert "估算金额：1,234.50 元" in texts and "立案申请编号：01234567" in texts


@pytest.mark.parametrize("phase", ["paid", "no_fee", "awaiting_payment", "sending_filing"])
def test_only_failed_or_expired_can_renew(phase):
    assert not PaymentState(phase, notice=_notice(), filing_id="f").can_renew
