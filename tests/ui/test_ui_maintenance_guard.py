"""The way into maintenance mode (ui.staff_login) in the real window: the hidden corner wipes nothing
until a staff member has logged in (Cancel returns the litigant to the same step, data intact); wrong
PINs lock PIN entry, and a restarted kiosk is still locked; a good PIN resets the session and opens
maintenance; maintenance locks itself after relock_seconds without a touch; closing the app is asked
and audited; every audit entry names the staff member."""

from __future__ import annotations

import os
import stat

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QApplication

from kiosk.pin import DEMO_PIN
from tests.ui.staff import log_in, try_login
from tests.ui.steps import click, identify, screen, start_filing, type_text


def tr(text: str, context: str = "StaffGate") -> str:
    return QCoreApplication.translate(context, text)


def to_parties(qtbot, window, services):
    """A litigant mid-filing: identified, on the parties step, a name typed."""
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    type_text(qtbot, window.filing.parties.name_edit, "李四")
    assert window.filing.parties.name_edit.text() == "李四"


def hold_corner(qtbot, window) -> None:
    corner = window.corner
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(lambda: window.staff_gate.pad_open, timeout=5000)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


def actions(services) -> list[tuple[str, str, str]]:
    return [(e["action"], e["reason"], e["staff"]) for e in services.maintenance.audit.entries()]


def test_the_corner_wipes_nothing_and_cancel_returns_to_the_same_step(qtbot, app_parts):
    window, core, services = app_parts(**{"maintenance.corner_hold_seconds": 0.5})
    to_parties(qtbot, window, services)
    generation = services.session.session.generation

    hold_corner(qtbot, window)
    gate = window.staff_gate
    assert gate.layer.isVisible() and gate.layer.geometry() == window.centralWidget().rect()
    assert screen(window) == "filing_parties"  # still under the pad
    assert services.session.session.state.name == "SERVICE"

    gate.pad.press("0")  # a digit typed, then Cancel
    click(qtbot, gate.pad.cancel)
    assert not gate.pad_open
    assert screen(window) == "filing_parties" and window.filing.parties.name_edit.text() == "李四"
    assert services.session.session.state.name == "SERVICE"
    assert services.session.session.data.identity is not None
    assert services.session.session.generation == generation  # never reset
    assert actions(services) == []  # nobody logged in, nothing to audit


def test_a_good_pin_resets_the_session_then_opens_maintenance(qtbot, app_parts):
    window, core, services = app_parts()
    to_parties(qtbot, window, services)
    log_in(qtbot, window)
    assert services.session.session.state.name == "ATTRACT"
    assert services.session.session.data.identity is None  # the litigant's session is gone
    assert window.filing.parties.name_edit.text() == ""
    assert services.maintenance.staff == "staff:0001"
    click(qtbot, window.maintenance.exit)
    assert screen(window) == "attract" and services.maintenance.staff == ""
    qtbot.waitUntil(lambda: ("logout", "leave", "staff:0001") in actions(services), timeout=5000)
    assert actions(services) == [("login", "pin", "staff:0001"), ("logout", "leave", "staff:0001")]


def test_wrong_pins_lock_and_a_restarted_kiosk_is_still_locked(qtbot, app_parts, tmp_path):
    window, core, services = app_parts()
    window.enter_maintenance()
    messages = [try_login(qtbot, window, "0001", "975310") for _ in range(5)]
    assert messages[0] == tr("Wrong staff number or PIN. {left} tries left.").replace("{left}", "4")
    locked = tr("Too many wrong PINs. Locked for {minutes} min.").replace("{minutes}", "5")
    assert messages[-1] == locked
    assert try_login(qtbot, window, "0001", DEMO_PIN) == locked  # the right PIN is refused while locked
    assert not window.maintenance.unlocked
    state = tmp_path / "data" / "pin_lockout.json"
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o600
    assert actions(services) == [("login_failed", "wrong_pin", "staff:0001")] * 5 + [
        ("pin_lockout", "n1-300s", "staff:0001"), ("login_failed", "locked", "staff:0001")]
    services.shutdown()
    core.stop()
    window.allow_close()
    window.close()

    window, core, services = app_parts()  # the kiosk restarts on the same data folder
    window.enter_maintenance()
    assert try_login(qtbot, window, "0001", DEMO_PIN) == locked
    assert not window.maintenance.unlocked


def test_maintenance_locks_itself_when_left_alone(qtbot, app_parts):
    window, core, services = app_parts(**{"maintenance.relock_seconds": 2})
    log_in(qtbot, window)
    for _ in range(6):  # touches keep it open
        qtbot.wait(300)
        qtbot.mouseClick(window.maintenance.queue_table.viewport(), Qt.MouseButton.LeftButton)
    assert window.maintenance.unlocked and not window.staff_gate.pad_open

    qtbot.waitUntil(lambda: window.staff_gate.pad_open, timeout=6000)  # left alone: locked
    assert not window.maintenance.unlocked and window.maintenance.queue_table.rowCount() == 0
    assert services.maintenance.staff == ""
    qtbot.waitUntil(lambda: ("logout", "idle", "staff:0001") in actions(services), timeout=5000)
    qtbot.waitUntil(lambda: screen(window) == "attract", timeout=6000)  # the unused pad goes too
    assert not window.staff_gate.pad_open

    log_in(qtbot, window)  # and staff can log in again
    assert services.maintenance.staff == "staff:0001"


def test_quitting_is_asked_and_audited(qtbot, app_parts, monkeypatch):
    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    window, core, services = app_parts()
    log_in(qtbot, window)
    click(qtbot, window.maintenance.quit)
    ask = window.staff_gate.quit
    assert ask.isVisible() and ask.confirm.text() == tr("Close the app", "QuitConfirm")
    # the five keys: the first stop is Cancel, select takes it
    assert window.accessibility.widgets()[:2] == [ask.cancel, ask.confirm]
    window.accessibility.press("down")
    window.accessibility.press("select")
    assert not ask.isVisible() and quits == [] and window.maintenance.unlocked

    click(qtbot, window.maintenance.quit)
    click(qtbot, ask.confirm)
    qtbot.waitUntil(lambda: quits == [True], timeout=5000)
    assert getattr(window, "_close_allowed", True)
    assert actions(services)[-1] == ("quit", "staff", "staff:0001")
    for action, _reason, staff in actions(services):
        assert staff == "staff:0001", action
