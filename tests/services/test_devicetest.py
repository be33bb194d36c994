"""The staff device test (kiosk.services.devicetest) on simulated devices: the test read of an ID card
shows only the masked number; the test receipt and its failures; the camera preview and the microphone
level run frame by frame / chunk by chunk on their workers until stopped; a missing device is reported
with the reason it could not be built."""

from __future__ import annotations

import io
import logging
import time

import pytest
from PIL import Image

from drivers.audio.base import AudioError
from drivers.audio.simulator import SimulatedMicrophone
from drivers.camera.base import CameraUnavailable, Frame
from drivers.idcard.simulator import SimulatedIdReader
from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import devicetest, receipts
from tests.services import fakes

SIGNALS = ("frame", "frame_rate", "preview_failed", "mic_level", "mic_failed", "card_result", "receipt_result",
           "a4_preview", "a4_result")


class SlowCamera:
    """A camera whose every capture takes longer than a preview frame's time (so no timer is
    needed between frames)."""

    def __init__(self) -> None:
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (200, 200, 200)).save(buffer, "PNG")
        self.png = buffer.getvalue()
        self.captures = 0

    def capture(self) -> Frame:
        self.captures += 1
        time.sleep(1.2 / devicetest.PREVIEW_FPS_CAP)
        return Frame(64, 48, self.png)


@pytest.fixture
def printer():
    return SimulatedReceiptPrinter()


class Notes:
    """The maintenance service's `note` (the audit of a staff action), recorded."""

    def __init__(self) -> None:
        self.notes: list[tuple[str, str, str]] = []

    def note(self, action: str, item_id: str = "", reason: str = "", on_done=None) -> None:
        self.notes.append((action, item_id, reason))


def _service(tmp_path, devices, printer, *, workers=None, errors=None, notes=None):
    config = fakes.make_config(tmp_path, **{"kiosk.kiosk_id": "hall-7"})
    receipt_service = receipts.ReceiptService(printer, fakes.InlineWorker("receipt_printer"), None)
    spec = devicetest.SERVICE
    service = spec.factory(fakes.make_deps(spec, config, devices=devices, workers=workers, device_errors=errors,
                                           services={"receipts": receipt_service, "maintenance": notes or Notes()}))
    return service, {name: fakes.recorder(getattr(service, name)) for name in SIGNALS}


def test_each_device_test_is_audited(tmp_path, printer):
    notes = Notes()
    service, _signals = _service(tmp_path, {"id_reader": SimulatedIdReader()}, printer, notes=notes)
    service.read_card()
    service.print_test_receipt()
    service.a4_test_page()  # no A4 printer: still a test staff ran
    assert notes.notes == [("device_test", "", "id_card"), ("device_test", "", "receipt"), ("device_test", "", "a4")]


def test_the_test_read_shows_only_the_masked_id_number(tmp_path, printer, caplog):
    caplog.set_level(logging.INFO)
    reader = SimulatedIdReader()
    service, signals = _service(tmp_path, {"id_reader": reader}, printer)
    holder = fakes.person()

    service.read_card()
    reader.place_card(fakes.card_of(holder))
    service.read_card()

    assert signals["card_result"][0] == ("no_card", "")
    outcome, shown = signals["card_result"][1]
    assert outcome == "ok" and shown != holder.id_number
    assert shown[:3] == holder.id_number[:3] and shown[-4:] == holder.id_number[-4:] and "*" in shown
    fakes.assert_nothing_personal(caplog.text, holder)


def test_a_test_read_of_a_bad_card_or_without_a_reader(tmp_path, printer):
    from datetime import date

    reader = SimulatedIdReader()
    service, signals = _service(tmp_path, {"id_reader": reader}, printer)
    reader.place_card(fakes.card_of(fakes.person(), valid_from=date(2000, 1, 1), valid_to=date(2010, 1, 1)))
    service.read_card()
    reader.unplug()
    service.read_card()
    assert signals["card_result"] == [("expired", ""), ("error", "ReaderUnavailable")]
    service, signals = _service(tmp_path / "b", {}, printer)
    service.read_card()
    assert signals["card_result"] == [("missing", "")]


def test_the_test_receipt_names_the_kiosk_and_reports_failures(tmp_path, printer):
    service, signals = _service(tmp_path, {}, printer)
    service.print_test_receipt()
    text = receipt_text(printer.last_job)
    assert "打印测试" in text and "hall-7" in text and "[QR] TEST:hall-7" in text
    printer.set_paper(out=True)
    service.print_test_receipt()
    printer.set_offline(True)
    service.print_test_receipt()
    assert signals["receipt_result"] == [(True, ""), (False, "paper_out"), (False, "offline")]


def test_without_an_a4_printer_the_reason_is_shown(tmp_path, printer):
    service, signals = _service(tmp_path, {}, printer, errors={"a4_printer": "not installed on this kiosk"})
    service.a4_test_page()
    assert signals["a4_result"] == [("missing", "not installed on this kiosk")]
    assert signals["a4_preview"] == []


def test_the_preview_runs_frame_by_frame_until_stopped(tmp_path, printer):
    camera, worker = SlowCamera(), fakes.ManualWorker("camera")
    service, signals = _service(tmp_path, {"camera": camera}, printer, workers={"camera": worker})
    service.start_preview()
    service.start_preview()  # already running: not a second loop
    assert service.previewing and worker.pending == 1
    worker.run_next()
    worker.run_next()
    assert len(signals["frame"]) == 2
    assert (signals["frame"][0].width(), signals["frame"][0].height()) == devicetest.PREVIEW_MAX  # for the screen
    (rate,) = signals["frame_rate"]
    assert 0 < rate <= devicetest.PREVIEW_FPS_CAP
    service.stop_preview()
    worker.run_all()
    assert len(signals["frame"]) == 2 and camera.captures == 3


def test_a_camera_failure_stops_the_preview(tmp_path, printer):
    class Unplugged:
        def capture(self):
            raise CameraUnavailable("unplugged (fake)")

    camera = Unplugged()
    service, signals = _service(tmp_path, {"camera": camera}, printer)
    service.start_preview()
    assert signals["preview_failed"] == ["CameraUnavailable: unplugged (fake)"]
    assert not service.previewing and signals["frame"] == []


def test_the_microphone_level_runs_until_stopped(tmp_path, printer):
    mic, worker = SimulatedMicrophone([("tone", 440, 400, 0.5)], realtime=False), fakes.ManualWorker("microphone")
    service, signals = _service(tmp_path, {"microphone": mic}, printer, workers={"microphone": worker})
    service.start_level()
    for _ in range(4):  # start, then three 100 ms chunks
        worker.run_next()
    assert len(signals["mic_level"]) == 3 and all(level > 0.1 for level in signals["mic_level"])
    service.stop()  # the kiosk stops: no preview, no level meter
    worker.run_all()
    assert len(signals["mic_level"]) == 3
    with pytest.raises(AudioError):  # the microphone was stopped
        mic.read(100)


def test_an_unplugged_microphone_is_reported(tmp_path, printer):
    mic = SimulatedMicrophone(realtime=False)
    mic.unplug()
    service, signals = _service(tmp_path, {"microphone": mic}, printer)
    service.start_level()
    assert signals["mic_failed"] == ["MicrophoneUnavailable: microphone is unplugged (simulated)"]
