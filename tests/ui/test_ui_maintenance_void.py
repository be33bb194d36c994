"""Staff void or replay queue items in maintenance mode; each action is in the audit log."""

from __future__ import annotations

from offline_queue.outbox import PENDING, VOIDED
from tests.queue_payloads import filing_payload
from tests.ui.staff import log_in, queue_kinds
from tests.ui.steps import click


def test_staff_void_a_waiting_item_and_replay_a_dead_one_with_audit_entries(qtbot, app_parts):
    window, core, services = app_parts()
    core.sync.stop()  # nothing is sent meanwhile: the items wait in the queue
    waiting, refused = filing_payload(), filing_payload()
    for payload in (waiting, refused):
        core.outbox.enqueue("filing", payload, payload["filing_id"], item_id=payload["filing_id"])
    core.outbox.claim_due(ignore_schedule=True)
    core.outbox.mark_dead(waiting["filing_id"], "HTTP 422: claims: field required")
    log_in(qtbot, window)
    screen = window.maintenance
    qtbot.waitUntil(lambda: queue_kinds(window) == ["filing", "filing"], timeout=5000)

    def select(item_id):
        row = next(i for i, it in enumerate(screen._items) if it.item_id == item_id)
        screen.queue_table.selectRow(row)

    select(refused["filing_id"])
    click(qtbot, screen.void)
    assert screen.void_row.isVisible()
    click(qtbot, screen.void_buttons["withdrawn"])
    qtbot.waitUntil(lambda: core.outbox.get(refused["filing_id"]).state == VOIDED, timeout=5000)
    qtbot.waitUntil(lambda: "已作废" in screen.message.text(), timeout=5000)

    select(waiting["filing_id"])  # the dead letter: replayed with the same key
    click(qtbot, screen.retry)
    qtbot.waitUntil(lambda: core.outbox.get(waiting["filing_id"]).state == PENDING, timeout=5000)
    entries = services.maintenance.audit.entries()
    assert [(e["action"], e["item"], e["reason"], e["staff"]) for e in entries] == [
        ("login", "", "pin", "staff:0001"), ("void", refused["filing_id"], "withdrawn", "staff:0001"),
        ("replay", waiting["filing_id"], "", "staff:0001")]
    text = services.maintenance.audit.path.read_text(encoding="utf-8")
    assert waiting["plaintiff"]["name"] not in text and waiting["plaintiff"]["id_number"] not in text
