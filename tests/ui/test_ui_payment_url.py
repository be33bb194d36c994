"""A payment page outside the configured provider prefixes is never shown as a QR (issue 17): the
sandbox answers the order with a foreign URL, the panel shows no QR and tells the litigant to pay at the
counter, and staff are told through the audit trail (payment_url_refused)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication

import court_sandbox.store
from kiosk.payment_urls import SANDBOX_PREFIX
from kiosk.services.payment import PHASE_FAILED, PROBLEM_URL_REFUSED, PaymentService
from tests.ui.test_ui_payment import enqueue_filing
from ui.payment_panel import PaymentPanel


def test_a_foreign_payment_page_is_refused_on_the_screen(qtbot, app_parts, monkeypatch):
    monkeypatch.setattr(court_sandbox.store, "PAYMENT_PAGE", "https://pay.court-sandbox.invalid.evil.example/p/"
                                                            "{payment_id}")
    window, core, services = app_parts()
    audit = services.maintenance.audit
    reported = []
    service = PaymentService(
        core.outbox, core.wake_sync, core.client, services.workers["outbox"], services.workers["network"],
        services.receipts, court_code=core.config.get("court.court_code"), policy=services.policy.policy,
        poll_seconds=0.1, wait_seconds=20.0, offline_poll_seconds=0.2, provider_prefixes=(SANDBOX_PREFIX,),
        report_refused_url=lambda pid, reason: reported.append(audit.record("payment_url_refused", pid, reason,
                                                                              "system")),
    )
    panel = PaymentPanel(service)
    qtbot.addWidget(panel)
    panel.resize(1300, 620)
    panel.show()
    enqueue_filing(core, "pay-url-0001", 1)
    try:
        service.start("pay-url-0001", Decimal("50"))
        qtbot.waitUntil(lambda: service.state is not None and service.state.phase == PHASE_FAILED, timeout=10_000)
        assert service.state.problem == PROBLEM_URL_REFUSED
        assert not panel.qr_box.isVisible() and panel.qr.pixmap().isNull()
        assert not panel.renew_button.isVisible()
        expected = QCoreApplication.translate(
            "PaymentPanel", "This payment cannot be shown here. Please pay at the service counter with your filing "
                            "number {number}; staff have been told.").replace("{number}", "PAY-URL-")
        assert panel.phase.text() == expected
        (entry,) = reported
        assert (entry["action"], entry["reason"]) == ("payment_url_refused", "not_listed")
        assert entry["item"] == service.state.order.payment_id
    finally:
        service.stop()
