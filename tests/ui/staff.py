"""Staff login in UI tests: the hidden corner's login pad (ui.staff_login), the demo staff member."""

from __future__ import annotations

from kiosk.pin import DEMO_PIN
from kiosk.staff import DEMO_STAFF_NUMBER


def log_in(qtbot, window, number: str = DEMO_STAFF_NUMBER, pin: str = DEMO_PIN) -> None:
    """Open the login pad (as the hidden corner does), type the staff number and PIN, wait until
    maintenance mode is open."""
    window.enter_maintenance()
    window.staff_gate.pad.type_login(number, pin)
    qtbot.waitUntil(lambda: window.maintenance.unlocked and window.current == "maintenance", timeout=10000)


def try_login(qtbot, window, number: str, pin: str) -> str:
    """Type a login on the open pad and wait for its answer; returns the pad's message."""
    gate = window.staff_gate
    gate.pad.type_login(number, pin)
    qtbot.waitUntil(lambda: not gate._checking, timeout=10000)
    return gate.pad.message.text()


def queue_kinds(window) -> list[str]:
    """The kinds of the maintenance queue table's rows, in order, but the audit log's own entries
    (delivered through the outbox too)."""
    table = window.maintenance.queue_table
    return [table.item(r, 1).text() for r in range(table.rowCount()) if table.item(r, 1).text() != "audit"]


def select_kind(window, kind: str) -> None:
    """Select the queue table's (first) row of ``kind``."""
    table = window.maintenance.queue_table
    table.selectRow(next(r for r in range(table.rowCount()) if table.item(r, 1).text() == kind))
