"""The voice service (kiosk.services.voice): whether voice input works and why not (off, no_model,
no_microphone, model_failed), following the device health checks of the microphone; listening is
refused while unavailable; a model that cannot be loaded is reported; a reset stops listening.
(Recognition itself is measured in tests/recognition with a real model.)"""

from __future__ import annotations

import logging

import pytest

from drivers.audio.simulator import SimulatedMicrophone
from kiosk.core import DeviceHealth
from kiosk.services import device_health, voice
from tests.services import fakes


@pytest.fixture
def fake_model(tmp_path):
    """A folder that looks like a Vosk model (a final.mdl) but is not one."""
    folder = tmp_path / "model"
    (folder / "am").mkdir(parents=True)
    (folder / "am" / "final.mdl").write_bytes(b"not a model")
    return folder


def _built(tmp_path, microphone, *, mic_worker=None, **speech):
    config = fakes.make_config(tmp_path, **{f"speech.{k}": v for k, v in speech.items()})
    health_spec = device_health.SERVICE
    checks = {"microphone": "ok"}
    health = health_spec.factory(fakes.make_deps(
        health_spec, config,
        device_health=lambda kind: DeviceHealth(kind, "simulator", checks.get(kind, "ok"), "fake")))
    spec = voice.SERVICE
    workers = {"microphone": mic_worker} if mic_worker else None
    service = spec.factory(fakes.make_deps(spec, config, devices={"microphone": microphone}, workers=workers,
                                           services={"device_health": health}))
    return service, health, checks


def _availability(service):
    return fakes.recorder(service.availability)


def test_voice_input_switched_off(tmp_path):
    service, _, _ = _built(tmp_path, SimulatedMicrophone(), enabled=False, model_path="/nowhere")
    assert service.available == (False, "off")
    assert not service.dictate()
    assert not service.listen_for_command({"file a case": "filing"})
    assert not service.listening


def test_no_model_configured_or_found(tmp_path):
    service, _, _ = _built(tmp_path, SimulatedMicrophone(), model_path="")
    assert service.available == (False, "no_model")
    service, _, _ = _built(tmp_path / "b", SimulatedMicrophone(), model_path=str(tmp_path / "missing"))
    assert service.available == (False, "no_model")
    assert not service.dictate()


def test_a_model_present_and_a_microphone_make_voice_input_available(tmp_path, fake_model):
    service, _, _ = _built(tmp_path, SimulatedMicrophone(), model_path=str(fake_model))
    assert service.available == (True, "")


def test_availability_follows_the_microphones_health_checks(tmp_path, fake_model):
    service, health, checks = _built(tmp_path, SimulatedMicrophone(), model_path=str(fake_model))
    changes = _availability(service)
    checks["microphone"] = "missing"
    health.check()
    health.check()  # the same again: no new announcement
    checks["camera"] = "missing"  # another device: nothing to do with voice
    health.check()
    checks["microphone"] = "degraded"  # degraded still works
    health.check()
    assert changes == [(False, "no_microphone"), (True, "")]


def test_no_microphone_at_all(tmp_path, fake_model):
    service, health, _ = _built(tmp_path, None, model_path=str(fake_model))
    assert service.available == (False, "no_microphone")
    health.check()  # the check says ok, but there is no microphone to use
    assert service.available == (False, "no_microphone")


def test_a_model_that_cannot_be_loaded_is_reported_when_listening(tmp_path, fake_model, caplog):
    caplog.set_level(logging.INFO)
    service, _, _ = _built(tmp_path, SimulatedMicrophone(realtime=False), model_path=str(fake_model))
    changes, failed = _availability(service), fakes.recorder(service.failed)
    states = fakes.recorder(service.state)
    assert service.dictate()
    assert failed == ["model_failed"]
    assert changes == [(False, "model_failed")]
    assert states[-1] == "idle" and not service.listening
    assert not service.dictate()  # no second try with a broken model


def test_a_reset_stops_listening_and_nothing_heard_is_delivered(tmp_path, fake_model):
    worker = fakes.ManualWorker("microphone")
    service, _, _ = _built(tmp_path, SimulatedMicrophone(realtime=False), mic_worker=worker,
                           model_path=str(fake_model))
    states, failed = fakes.recorder(service.state), fakes.recorder(service.failed)
    finals = fakes.recorder(service.final)
    assert service.listen_for_command({"file a case": "filing"})
    assert service.listening
    service.reset()
    assert states == ["idle"] and not service.listening
    assert worker.cancel_pending() == 1  # the reset's wipe hook: listening is the session's work
    worker.run_all()
    assert finals == [] and failed == [] and states == ["idle"]
