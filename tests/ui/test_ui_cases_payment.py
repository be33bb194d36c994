"""Paying later: a litigant who left without paying finds the unpaid fee under "my cases" and pays
it there, with the same payment order the kiosk made for the notice (never a second one)."""

from __future__ import annotations

from tests.ui.steps import click, file_case, open_my_cases


def test_an_unpaid_fee_is_paid_later_from_my_cases_with_the_same_order(qtbot, app_parts):
    window, core, services = app_parts()
    outcome = file_case(qtbot, window, services)
    qtbot.waitUntil(lambda: services.payment.state is not None
                    and services.payment.state.phase == "awaiting_payment", timeout=20000)
    first_order = services.payment.state.order.payment_id
    click(qtbot, window.filing.submitted.finish)  # leaves without paying
    click(qtbot, window.done.finish)
    store = core.sandbox.app.state.store
    assert store.payment_count() == 1

    cases = open_my_cases(qtbot, window, services)
    row = cases._rows[0]
    assert row.filing_id == outcome.filing_id and row.fee_due == "2300.00"
    assert "尚未交纳" in cases.table.item(0, 3).text()
    assert not cases.pay.isVisible()
    cases.table.selectRow(0)
    assert cases.pay.isVisible()
    click(qtbot, cases.pay)
    qtbot.waitUntil(lambda: services.payment.state is not None
                    and services.payment.state.phase == "awaiting_payment", timeout=20000)
    assert services.payment.state.order.payment_id == first_order and store.payment_count() == 1
    assert cases.payment.isVisible() and cases.payment.qr_box.isVisible()
    store.settle_payment(first_order, "paid")
    qtbot.waitUntil(lambda: services.payment.state.phase == "paid", timeout=20000)
    click(qtbot, cases.refresh)
    qtbot.waitUntil(lambda: not cases._loading and cases._rows and cases._rows[0].fee_due is None, timeout=10000)
    assert "尚未交纳" not in cases.table.item(0, 3).text()


def test_the_pay_fees_tile_leads_to_the_list_of_ones_cases(qtbot, app_parts):
    from tests.ui.steps import identify, screen

    window, core, services = app_parts()
    click(qtbot, window.attract.start)
    assert window.menu.is_available("payment")
    click(qtbot, window.menu.tiles["payment"])
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "my_cases")
    qtbot.waitUntil(lambda: not window.my_cases._loading, timeout=8000)
