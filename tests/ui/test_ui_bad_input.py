"""Bad input and failing parts, as the litigant and the staff see them."""

from __future__ import annotations

import dataclasses
import socket
import time

import pytest

from drivers.idcard.simulator import SAMPLE_CARDS
from tests.ui.staff import log_in, queue_kinds, select_kind, try_login
from tests.ui.steps import click, file_case, identify, open_my_cases, screen, start_filing, type_text


def go_identify(qtbot, window, service="filing"):
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles[service])
    qtbot.waitUntil(lambda: screen(window) == "identify")


def test_expired_card_is_refused_with_a_message(qtbot, app_parts):
    window, core, services = app_parts()
    go_identify(qtbot, window)
    expired = next(c for c in SAMPLE_CARDS if c.valid_to and c.valid_to.year < 2026)
    core.devices["id_reader"].place_card(expired)
    qtbot.waitUntil(lambda: window.identify._problem == "expired", timeout=5000)
    assert "过有效期" in window.identify.message.text()
    assert not window.identify.continue_button.isVisible()


def test_id_number_failing_its_check_digit_is_refused(qtbot, app_parts):
    window, core, services = app_parts()
    go_identify(qtbot, window)
    good = SAMPLE_CARDS[0]
    last = "0" if good.id_number[-1] != "0" else "1"
    core.devices["id_reader"].place_card(dataclasses.replace(good, id_number=good.id_number[:-1] + last))
    qtbot.waitUntil(lambda: window.identify._problem == "invalid_id", timeout=5000)
    assert "校验未通过" in window.identify.message.text()


def test_a_card_left_on_the_reader_is_not_read_into_the_next_session(qtbot, app_parts):
    window, core, services = app_parts()
    go_identify(qtbot, window, "my_cases")
    services.demo.place_card(0)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    click(qtbot, window.home_button)  # the person walks away, card still on the reader
    go_identify(qtbot, window, "my_cases")
    qtbot.waitUntil(lambda: window.identify._problem == "card_left", timeout=5000)
    assert not window.identify.continue_button.isVisible()
    services.demo.remove_card()
    qtbot.waitUntil(lambda: window.identify._problem is None, timeout=5000)
    services.demo.place_card(0)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)


def test_defendant_id_number_with_bad_check_digit_gets_a_field_message(qtbot, app_parts):
    window, core, services = app_parts()
    go_identify(qtbot, window)
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    parties = window.filing.parties
    type_text(qtbot, parties.name_edit, "李四")
    type_text(qtbot, parties.ident, "110105194912310021")  # should end in X
    click(qtbot, parties.next)
    assert screen(window) == "filing_parties"
    assert parties.fields["defendant_id"].error.isVisible()
    assert "校验位" in parties.fields["defendant_id"].error.text()
    parties.ident.clear()
    type_text(qtbot, parties.ident, "11010519491231002x")
    assert parties.fields["defendant_id"].error.isHidden()  # the message goes as soon as it is corrected
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告还款。")
    type_text(qtbot, claims.amount, "十万")
    click(qtbot, claims.next)
    assert screen(window) == "filing_claims" and claims.fields["amount"].error.isVisible()


def test_printer_offline_keeps_the_filing_and_staff_can_reprint(qtbot, app_parts):
    window, core, services = app_parts()
    printer = core.devices["receipt_printer"]
    printer.set_offline(True)
    outcome = file_case(qtbot, window, services)
    submitted = window.filing.submitted
    qtbot.waitUntil(lambda: submitted._receipt == "offline", timeout=5000)
    assert "回执未能打印" in submitted.receipt.text() and "仍会提交" in submitted.receipt.text()
    assert printer.jobs == []
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=10000)

    printer.set_offline(False)
    log_in(qtbot, window)
    qtbot.waitUntil(lambda: sorted(queue_kinds(window)) == ["attachment", "filing"], timeout=5000)  # signature, filing
    select_kind(window, "filing")
    click(qtbot, window.maintenance.reprint)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.maintenance.message.text() == "回执已补打。", timeout=5000)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_court_down_the_litigant_still_gets_a_receipt_and_delivery_happens_later(qtbot, app_parts, tmp_path):
    from court_sandbox.server import SandboxServer

    port = free_port()
    window, core, services = app_parts(**{"court.backend": "remote", "court.base_url": f"http://127.0.0.1:{port}",
                                          "court.timeout_seconds": 2.0, "court.mutual_tls": False})
    printer = core.devices["receipt_printer"]
    outcome = file_case(qtbot, window, services)
    qtbot.waitUntil(lambda: window.filing.submitted._receipt == "ok", timeout=5000)
    assert len(printer.jobs) == 1
    # the signature is tried first; the filing waits for it
    qtbot.waitUntil(lambda: any(i.attempts >= 1 for i in core.outbox.items()), timeout=5000)
    assert core.outbox.get(outcome.filing_id).state == "pending"

    # my cases while the court is down: the filing is shown from the outbox
    click(qtbot, window.filing.submitted.finish)
    click(qtbot, window.done.finish)
    cases = open_my_cases(qtbot, window, services)
    assert not cases._reachable and "无法连接" in cases.message.text()
    assert cases.table.item(0, 3).text().startswith("提交中")

    sandbox = SandboxServer(str(tmp_path / "late.sqlite3"), port=port).start()
    try:
        qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=15000)
        click(qtbot, cases.refresh)
        qtbot.waitUntil(lambda: not cases._loading and cases._reachable, timeout=5000)
        assert cases.table.rowCount() == 1  # delivered once, not shown twice
        assert cases.table.item(0, 3).text().startswith("待审核")
    finally:
        sandbox.stop()


def test_idle_warning_then_reset_wipes_the_form(qtbot, app_parts):
    window, core, services = app_parts(**{"session.idle_warning_seconds": 10, "session.countdown_seconds": 5})
    go_identify(qtbot, window)
    services.demo.place_card(0)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    click(qtbot, window.identify.continue_button)
    type_text(qtbot, window.filing.parties.name_edit, "李四")
    click(qtbot, window.language_button)
    qtbot.waitUntil(lambda: window.home_button.text() == "Start over")
    session = services.session.session
    start = time.monotonic()
    session.tick(start + 11)
    assert window.overlay.isVisible()
    assert "s" in window.overlay.countdown.text()
    session.tick(start + 17)
    assert not window.overlay.isVisible()
    assert screen(window) == "attract"
    assert window.filing.parties.name_edit.text() == ""
    assert window.filing.identity is None
    assert services.session.data.identity is None
    qtbot.waitUntil(lambda: window.home_button.text() == "重新开始")  # language is per person


def test_unavailable_service_is_explained_not_faked(qtbot, app_parts):
    """A service declared but not built yet (none is today: a declaration of one) is on the menu as
    such, and touching it explains instead of opening anything."""
    from kiosk.services.registry import ServiceSpec
    from ui.screens.menu import MenuScreen

    app_parts()  # the app's translations and style
    chosen = []

    class Nav:
        def choose_service(self, service_id):
            chosen.append(service_id)

    catalog = (ServiceSpec("video", title="Video call with staff", pictogram="message", menu=1, available=False),
               ServiceSpec("guidance", title="Litigation guide", pictogram="book", menu=2))
    menu = MenuScreen(Nav(), catalog)
    qtbot.addWidget(menu)
    menu.show()
    assert "暂未开通" in menu.tiles["video"].text() or not menu.is_available("video")
    click(qtbot, menu.tiles["video"])
    assert chosen == [] and "暂未开通" in menu.prompt.text()
    click(qtbot, menu.tiles["guidance"])
    assert chosen == ["guidance"]


def test_missing_reader_marks_its_services_out_of_service(qtbot, app_parts):
    window, core, services = app_parts()
    core.devices["id_reader"].unplug()
    services.device_health.check()
    qtbot.waitUntil(lambda: not window.menu.is_available("filing"), timeout=5000)
    assert not window.menu.is_available("my_cases")
    assert "身份证阅读器不可用" in window.menu.tiles["filing"].text()  # says which device
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    assert screen(window) == "menu"
    assert "本机身份证阅读器故障或未安装，暂停服务" in window.menu.prompt.text()
    core.devices["id_reader"].plug()
    services.device_health.check()
    qtbot.waitUntil(lambda: window.menu.is_available("filing"), timeout=5000)


@pytest.mark.parametrize("attempts", [5])
def test_maintenance_pin_locks_out_after_repeated_failures(qtbot, app_parts, attempts):
    from PySide6.QtCore import QCoreApplication

    from kiosk.pin import DEMO_PIN

    window, core, services = app_parts()
    window.enter_maintenance()
    for _ in range(attempts):
        message = try_login(qtbot, window, "0001", "975310")
    locked = QCoreApplication.translate("StaffGate", "Too many wrong PINs. Locked for {minutes} min.")
    assert message == locked.replace("{minutes}", "5")
    assert try_login(qtbot, window, "0001", DEMO_PIN) == message  # even the right PIN is refused while locked
    assert not window.maintenance.unlocked


def test_hidden_corner_opens_maintenance_only_after_a_long_press(qtbot, app_parts):
    from PySide6.QtCore import QPoint, Qt

    window, core, services = app_parts(**{"maintenance.corner_hold_seconds": 1.0})
    corner = window.corner
    qtbot.wait(300)  # let start-up work settle: a stalled event loop would stretch the touch
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.wait(1200)
    assert not window.staff_gate.pad_open  # a short touch does nothing
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(lambda: window.staff_gate.pad_open, timeout=3000)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert screen(window) == "attract" and not window.maintenance.unlocked  # the login comes first


def test_a_filing_the_court_refuses_to_take_is_flagged_for_staff_not_hidden(qtbot, app_parts):
    import requests

    window, core, services = app_parts()
    # the court answers the delivery with 422 (a body it will not take): a dead letter
    from offline_queue.admin_client import admin_headers

    requests.post(core.sandbox.admin_url + "/admin/v1/faults", headers=admin_headers(core.sandbox),
                  json={"fail_next": 1, "status": 422, "paths": ["/api/v1/filings/"]}, timeout=5).raise_for_status()
    outcome = file_case(qtbot, window, services)
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "dead", timeout=10000)
    click(qtbot, window.home_button)
    cases = open_my_cases(qtbot, window, services)
    assert "服务窗口" in cases.table.item(0, 3).text()

    # staff retry it from maintenance; the court now takes it, exactly once
    log_in(qtbot, window)
    qtbot.waitUntil(lambda: sorted(queue_kinds(window)) == ["attachment", "filing"], timeout=5000)  # signature, filing
    select_kind(window, "filing")
    click(qtbot, window.maintenance.retry)
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=10000)
    found = core.client.search_cases(SAMPLE_CARDS[0].id_number).items
    assert [c.filing_id for c in found] == [outcome.filing_id]
