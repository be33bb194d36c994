"""Demo mode: the demo panel's staff card control puts the simulated staff card (format version 2) on
its reader: maintenance opens; taking it off closes it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tests.ui.steps import screen


def test_the_demo_staff_card_opens_and_closes_maintenance(qtbot, app_parts):
    window, core, services = app_parts()
    box = window.demo_panel.staff_card
    assert box.isEnabled()
    assert box.text() == QCoreApplication.translate("DemoPanel", "Staff card on the reader (maintenance)")
    box.setChecked(True)
    qtbot.waitUntil(lambda: screen(window) == "maintenance" and window.maintenance.unlocked, timeout=10000)
    assert services.maintenance.staff.startswith("card:")
    box.setChecked(False)
    qtbot.waitUntil(lambda: screen(window) == "attract", timeout=10000)
    assert not window.maintenance.unlocked
