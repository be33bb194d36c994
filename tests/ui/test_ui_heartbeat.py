"""The running kiosk reports device health and queue depth to the court (heartbeat), no personal data."""

from __future__ import annotations


def test_the_kiosk_reports_its_devices_and_queue_to_the_court(app_parts, qtbot):
    window, core, services = app_parts(**{"queue.heartbeat_seconds": 0.3})
    store = core.sandbox.app.state.store
    kiosk_id = core.config.get("kiosk.kiosk_id")

    def reported():
        return [k for k in store.list_kiosks().items if k.kiosk_id == kiosk_id]

    qtbot.waitUntil(lambda: bool(reported()) and reported()[0].uptime_seconds > 0, timeout=15000)
    beat = reported()[0]
    assert beat.devices["a4_printer"] == "absent: not installed on this kiosk"  # the demo has none
    assert beat.devices["camera"] == "ok"
    assert set(beat.queue) == {"pending", "in_flight", "delivered", "dead", "voided"}
    assert not beat.queue_set_aside
    # Heartbeats do not pile up in the outbox: at most the newest one waits.
    assert sum(1 for i in core.outbox.items() if i.kind == "heartbeat" and i.state == "pending") <= 1
