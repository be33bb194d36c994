"""The device health service (kiosk.services.device_health): every device is checked on its own
worker; every answer is reported (`checked`, `report`), the missing devices only when that set
changes (`problems`). `check()` is called directly (its timer cannot run without a Qt application)."""

from __future__ import annotations

import logging

from kiosk.core import DEVICE_KINDS, DeviceHealth
from kiosk.services import device_health
from tests.services import fakes


class Devices:
    """Scripted answers of the blocking device check, by kind (ok when not scripted)."""

    def __init__(self) -> None:
        self.states: dict[str, tuple[str, str]] = {}

    def __call__(self, kind: str) -> DeviceHealth:
        state, reason = self.states.get(kind, ("ok", "ready"))
        return DeviceHealth(kind, "simulator", state, reason)


def _service(config, devices, workers=None):
    spec = device_health.SERVICE
    service = spec.factory(fakes.make_deps(spec, config, device_health=devices, workers=workers))
    return service, fakes.recorder(service.problems), fakes.recorder(service.checked)


def test_every_device_is_checked_on_its_own_worker(config):
    workers = {kind: fakes.InlineWorker(kind) for kind in DEVICE_KINDS}
    service, problems, checked = _service(config, Devices(), workers)
    service.check()
    assert [h.kind for h in checked] == list(DEVICE_KINDS)
    assert all(w.tasks == [False] for w in workers.values())  # one task each, not bound to the session
    assert service.report == dict.fromkeys(DEVICE_KINDS, "ok")
    assert problems == []  # nothing missing, nothing changed


def test_problems_are_emitted_only_when_the_missing_devices_change(config, caplog):
    caplog.set_level(logging.INFO)
    devices = Devices()
    service, problems, checked = _service(config, devices)

    devices.states["camera"] = ("missing", "unplugged (fake)")
    service.check()
    service.check()  # the same again: no new problems
    devices.states["a4_printer"] = ("degraded", "toner low (fake)")  # degraded is not missing
    service.check()
    devices.states["receipt_printer"] = ("missing", "printer offline")
    service.check()
    del devices.states["camera"]
    service.check()

    assert problems == [{"camera": "unplugged (fake)"},
                        {"camera": "unplugged (fake)", "receipt_printer": "printer offline"},
                        {"receipt_printer": "printer offline"}]
    assert len(checked) == 5 * len(DEVICE_KINDS)
    assert caplog.text.count("device camera missing") == 1
    assert caplog.text.count("device camera is back") == 1


def test_the_report_keeps_each_devices_last_state_and_reason(config):
    devices = Devices()
    service, _, _ = _service(config, devices)
    devices.states.update(camera=("missing", "unplugged (fake)"), a4_printer=("absent", "not installed on this kiosk"),
                          receipt_printer=("degraded", "paper near end"))
    service.check()
    assert service.report["camera"] == "missing: unplugged (fake)"
    assert service.report["a4_printer"] == "absent: not installed on this kiosk"
    assert service.report["receipt_printer"] == "degraded: paper near end"
    assert service.report["id_reader"] == "ok"
    report = service.report
    devices.states.clear()
    service.check()
    assert report is service.report and report["camera"] == "ok"  # the same dict, kept current (the heartbeat's)
