"""The heartbeat service (kiosk.services.heartbeat): a heartbeat carries the device report and the
outbox's counts by state, never personal data, wakes the sender, and replaces one still waiting.
`send()` is called directly (the timer that calls it cannot run without a Qt application)."""

from __future__ import annotations

import json

from kiosk.core import DEVICE_KINDS, DeviceHealth
from kiosk.services import device_health, heartbeat
from tests.services import fakes


def _device_health(config, states: dict[str, str]):
    def check(kind: str) -> DeviceHealth:
        state = states.get(kind, "ok")
        return DeviceHealth(kind, "simulator", state, "ready" if state == "ok" else "unplugged (fake)")

    spec = device_health.SERVICE
    return spec.factory(fakes.make_deps(spec, config, device_health=check))


def _heartbeat(config, outbox, health, wake=None, set_aside=None):
    spec = heartbeat.SERVICE
    return spec.factory(fakes.make_deps(spec, config, outbox=outbox, wake_sync=wake or fakes.Calls(),
                                        services={"device_health": health}, queue_set_aside=set_aside))


def _waiting(outbox):
    return [i for i in outbox.items() if i.kind == "heartbeat"]


def test_a_heartbeat_carries_the_device_report_and_the_queue_counts(tmp_path, outbox):
    config = fakes.make_config(tmp_path, **{"kiosk.kiosk_id": "hall-3"})
    health = _device_health(config, {"camera": "missing"})
    health.check()
    fakes.store_filing(outbox, fakes.submission(fakes.person()))
    wake = fakes.Calls()
    service = _heartbeat(config, outbox, health, wake)

    service.send()

    (item,) = _waiting(outbox)
    beat = item.payload
    assert beat["kiosk_id"] == "hall-3"
    assert set(beat["devices"]) == set(DEVICE_KINDS)
    assert beat["devices"]["camera"] == "missing: unplugged (fake)"
    assert beat["devices"]["id_reader"] == "ok"
    assert beat["queue"]["pending"] == 1 and beat["queue"]["delivered"] == 0  # counted before it was stored
    assert set(beat["queue"]) == {"pending", "in_flight", "delivered", "dead", "voided"}
    assert beat["queue_set_aside"] is False
    assert wake.count == 1


def test_a_device_not_checked_yet_is_unknown(config, outbox):
    service = _heartbeat(config, outbox, _device_health(config, {}))
    service.send()
    assert set(_waiting(outbox)[0].payload["devices"].values()) == {"unknown"}


def test_a_heartbeat_has_no_personal_data(config, outbox):
    plaintiff = fakes.person()
    fakes.store_filing(outbox, fakes.submission(plaintiff))
    service = _heartbeat(config, outbox, _device_health(config, {}))
    service.send()
    text = json.dumps(_waiting(outbox)[0].payload, ensure_ascii=False)
    for value in (*fakes.personal_values(plaintiff), "测试乙"):
        assert value not in text


def test_a_new_heartbeat_replaces_one_still_waiting_but_not_one_being_sent(config, outbox, clock):
    service = _heartbeat(config, outbox, _device_health(config, {}))
    service.send()
    service.send()
    assert len(_waiting(outbox)) == 1
    sending = outbox.claim_due(clock() + 1)
    service.send()
    assert [(i.id == sending.id, i.state) for i in _waiting(outbox)] == [(True, "in_flight"), (False, "pending")]


def test_uptime_and_a_set_aside_queue_file_are_reported(config, outbox, tmp_path):
    clock = fakes.FakeClock(50.0)
    service = heartbeat.HeartbeatService(outbox, lambda: None, fakes.InlineWorker("outbox"), {"camera": "ok"},
                                         kiosk_id="hall-3", interval_seconds=300,
                                         queue_set_aside=tmp_path / "outbox.sqlite3.corrupt-20260301", clock=clock)
    clock.advance(123.25)
    service.send()
    beat = _waiting(outbox)[0].payload
    assert beat["uptime_seconds"] == 123.2  # since it was built, to a tenth
    assert beat["queue_set_aside"] is True


def test_the_heartbeat_is_stored_off_the_session(config, outbox):
    worker = fakes.ManualWorker("outbox")
    service = heartbeat.HeartbeatService(outbox, lambda: None, worker, {}, kiosk_id="k", interval_seconds=60)
    service.send()
    worker.cancel_pending()
    worker.run_all()
    assert len(_waiting(outbox)) == 1


def test_after_the_first_heartbeat_the_configured_interval_is_used(tmp_path, outbox, monkeypatch):
    config = fakes.make_config(tmp_path, **{"queue.heartbeat_seconds": 900.0})
    timers = fakes.patch_timers(monkeypatch, heartbeat)
    service = _heartbeat(config, outbox, _device_health(config, {}))
    (timer,) = timers
    assert timer.starts == []  # nothing runs before the start hook
    service.send()
    assert timer.interval() == 900_000
