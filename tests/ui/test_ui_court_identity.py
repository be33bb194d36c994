"""Maintenance → Court link: staff see the kiosk's certificate and enrol the kiosk with a one-time code
typed on the screen's digit keys (a kiosk of a remote court, here the sandbox on loopback)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from tests.ui.staff import log_in
from tests.ui.steps import click


def tr(source: str) -> str:
    return QCoreApplication.translate("CourtIdentityScreen", source)


@pytest.fixture
def court(tmp_path):
    with SandboxServer(tmp_path / "court.sqlite3") as server:
        yield server


def open_page(qtbot, window):
    log_in(qtbot, window)
    click(qtbot, window.maintenance.court_identity)
    assert window.current == "court_identity"
    return window.court_identity


def test_staff_enrol_the_kiosk_with_a_one_time_code(qtbot, app_parts, court, tmp_path):
    window, core, services = app_parts(**{
        "court.backend": "remote", "court.base_url": court.base_url, "kiosk.kiosk_id": "hall-a-03",
        "court.client_cert_path": str(tmp_path / "id" / "kiosk.pem"),
        "court.client_key_path": str(tmp_path / "id" / "kiosk.key")})
    page = open_page(qtbot, window)
    state = page.rows["state"][1]
    qtbot.waitUntil(lambda: state.text() == tr(
        "Not enrolled: nothing is sent to the court until the kiosk is enrolled."), timeout=5000)
    assert not page.enrol_button.isEnabled()

    code = court.app.state.sandbox.enrolments.issue_code(c.EnrolmentCodeCreate(kiosk_id="hall-a-03")).code
    for digit in "12":
        click(qtbot, page.keys[digit])
    click(qtbot, page.keys["⌫"])  # a slip corrected
    assert page.code == "1"
    click(qtbot, page.keys["C"])
    for digit in code.replace("-", ""):
        click(qtbot, page.keys[digit])
    assert page.enrol_button.isEnabled()
    click(qtbot, page.enrol_button)
    qtbot.waitUntil(lambda: page.message.text() == tr(
        "Enrolled: this kiosk now talks to the court with its own certificate."), timeout=10000)
    assert state.text() == tr("Enrolled")
    assert page.rows["serial"][1].text().replace(" ", "") == court.app.state.sandbox.enrolments.certificates().items[0].serial
    assert core.client.tls.enrolled

    for digit in code.replace("-", ""):  # the same code again: refused, and said so
        click(qtbot, page.keys[digit])
    click(qtbot, page.enrol_button)
    qtbot.waitUntil(lambda: page.message.property("role") == "error", timeout=10000)
    assert page.message.text() == tr("The court refused the code: it is wrong, already used or expired. Ask the "
                                     "court's IT staff for a new one.")
    click(qtbot, page.back)
    assert window.current == "maintenance"


def test_the_practice_court_needs_no_enrolment(qtbot, app_parts):
    window, _core, _services = app_parts()
    page = open_page(qtbot, window)
    assert page.rows["state"][1].text() == tr("Practice court inside this kiosk: no certificate needed")
    assert not page.keys["1"].isEnabled() and not page.enrol_button.isEnabled()
