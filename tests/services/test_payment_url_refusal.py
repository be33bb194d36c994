"""The payment QR is shown only for a payment page under a configured provider prefix
(kiosk.payment_urls): an order whose page is elsewhere ends the payment as failed with the problem
payment_url_refused (no QR, no renew, the printed fee notice carries no QR), staff are told once through
the audit trail (action payment_url_refused, the payment id and a reason code), and the kiosk log names
the host only."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from kiosk.services import payment, receipts
from offline_queue import contract as c
from tests.services import fakes
from tests.services.test_payment import _deliver_filing, _filing

P = payment


@pytest.fixture
def printer():
    from drivers.printer.simulator import SimulatedReceiptPrinter

    return SimulatedReceiptPrinter()


def _rig(monkeypatch, outbox, court, policy, clock, printer, prefixes):
    timers = fakes.patch_timers(monkeypatch, payment)
    reports: list[tuple[str, str]] = []
    receipt_service = receipts.ReceiptService(printer, fakes.InlineWorker("receipt_printer"), policy)
    service = payment.PaymentService(outbox, fakes.Calls(), court, fakes.InlineWorker("outbox"),
                                     fakes.InlineWorker("network"), receipt_service, court_code="京0105",
                                     policy=policy, clock=clock, provider_prefixes=prefixes,
                                     report_refused_url=lambda pid, reason: reports.append((pid, reason)))
    return service, timers[0], reports


def _to_order(service, timer, outbox, qr: str):
    filing_id = _filing(outbox)
    service.start(filing_id, Decimal("2300"))
    notice = fakes.fee_notice(filing_id, "2250.00")
    _deliver_filing(outbox, filing_id, notice)
    timer.fire()  # the notice
    timer.fire()  # the order is stored
    order = fakes.payment_order(notice, 1).model_copy(update={"qr_content": qr})
    outbox.mark_delivered(order.payment_id, order.model_dump(mode="json"))
    timer.fire()  # the order's answer
    return order


def test_a_foreign_payment_page_is_refused_and_reported_once(monkeypatch, outbox, court, policy, clock, printer,
                                                               caplog):
    caplog.set_level(logging.INFO)
    service, timer, reports = _rig(monkeypatch, outbox, court, policy, clock, printer, ("https://pay.example/",))
    order = _to_order(service, timer, outbox, "https://pay.example.evil.com/p/" + "x" * 40)
    state = service.state
    assert (state.phase, state.problem) == (P.PHASE_FAILED, P.PROBLEM_URL_REFUSED)
    assert state.qr_content is None and not state.can_renew and not service.renew()
    assert not service.active and not timer.isActive()  # nothing more is asked: no second report
    assert reports == [(order.payment_id, "not_listed")]
    assert "host pay.example.evil.com" in caplog.text and "x" * 40 not in caplog.text
    receipt = P.fee_notice_receipt(state, "court")  # the printed fee notice has no QR either
    assert receipt is None or "pay.example.evil.com" not in str(receipt)


def test_a_page_under_the_prefix_is_shown(monkeypatch, outbox, court, policy, clock, printer):
    service, timer, reports = _rig(monkeypatch, outbox, court, policy, clock, printer, ("https://pay.example/",))
    order = _to_order(service, timer, outbox, "https://pay.example/p/abc")
    assert service.state.phase == P.PHASE_AWAITING and service.state.qr_content == order.qr_content
    assert reports == []


def test_the_status_answer_is_checked_too(monkeypatch, outbox, court, policy, clock, printer):
    service, timer, reports = _rig(monkeypatch, outbox, court, policy, clock, printer, ("https://pay.example/",))
    order = _to_order(service, timer, outbox, "https://pay.example/p/abc")
    court.orders[order.payment_id] = order.model_copy(update={"qr_content": "https://pay.example@evil/p"})
    timer.fire()
    assert (service.state.phase, service.state.problem) == (P.PHASE_FAILED, P.PROBLEM_URL_REFUSED)
    assert reports == [(order.payment_id, "userinfo")]


def test_without_prefixes_no_qr_is_shown(monkeypatch, outbox, court, policy, clock, printer):
    service, timer, reports = _rig(monkeypatch, outbox, court, policy, clock, printer, ())
    order = _to_order(service, timer, outbox, "https://pay.example/p/abc")
    assert service.state.problem == P.PROBLEM_URL_REFUSED and reports == [(order.payment_id, "no_prefixes")]
    assert c.PAYMENT_AWAITING == order.status  # the court's order was fine: the kiosk refused it


def test_the_factory_reports_to_the_audit_trail(tmp_path):
    from kiosk.audit import AuditLog

    audit = AuditLog(tmp_path / "audit.jsonl")

    class Maintenance:
        pass

    maintenance = Maintenance()
    maintenance.audit = audit

    class Config:
        values = {"court.court_code": "京0105", "payment.provider_prefixes": "", "kiosk.mode": "demo"}

        def get(self, key):
            return self.values[key]

    from kiosk.services.registry import Deps

    deps = Deps(spec=payment.SERVICE, config=Config(), services={"maintenance": maintenance, "receipts": None},
                workers={"outbox": fakes.InlineWorker("outbox"), "network": fakes.InlineWorker("network")})
    service = payment.create(deps)
    assert service._prefixes == ("https://pay.court-sandbox.invalid/p/",)  # demo: the sandbox's page
    service._report_refused_url("0f0e0d0c-0000-4000-8000-000000000000", "host")
    (entry,) = audit.entries()
    assert (entry["action"], entry["item"], entry["reason"], entry["staff"]) == (
        "payment_url_refused", "0f0e0d0c-0000-4000-8000-000000000000", "host", "system")
