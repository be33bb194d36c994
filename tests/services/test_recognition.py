"""The scan service (kiosk.services.recognition) with the simulated document camera: without a camera
every scan fails at once (no_camera); a camera error, an unreadable image and a photo without a card
are reported by code; a page photographed for the file comes back as a flattened JPEG; a cancelled
scan's result is dropped. (OCR itself is measured in tests/recognition.)"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from drivers.camera.base import Frame
from drivers.camera.simulator import SimulatedCamera
from kiosk.services import recognition
from tests.services import fakes

SIGNALS = ("busy", "page_read", "card_read", "failed", "page_captured", "capture_failed")


def _png(width=320, height=200, colour=(0, 0, 0)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


class StillCamera:
    """Photographs the same picture every time (or fails when ``error`` is set); the default, an
    empty dark desk."""

    def __init__(self, png: bytes, error: Exception | None = None) -> None:
        self.png, self.error = png, error

    def capture(self) -> Frame:
        if self.error is not None:
            raise self.error
        return Frame(320, 200, self.png)


_made: list = []


@pytest.fixture(autouse=True)
def _children_ended():
    """Every OCR child a test started is ended with it (as a session's reset ends it)."""
    yield
    while _made:
        _made.pop()._release_now()


def _service(config, camera, camera_worker=None, ocr_worker=None):
    spec = recognition.SERVICE
    workers = {k: w for k, w in (("camera", camera_worker), ("ocr", ocr_worker)) if w is not None}
    service = spec.factory(fakes.make_deps(spec, config, devices={"camera": camera}, workers=workers))
    _made.append(service)
    return service, {name: fakes.recorder(getattr(service, name)) for name in SIGNALS}


def test_without_a_camera_every_scan_fails_at_once(config):
    service, signals = _service(config, None)
    service.scan_page()
    service.scan_id_card()
    service.capture_page()
    assert signals["failed"] == ["no_camera", "no_camera"]
    assert signals["capture_failed"] == ["no_camera"]
    assert signals["busy"] == []


def test_a_camera_error_is_reported(config):
    from drivers.camera.base import CameraUnavailable

    service, signals = _service(config, StillCamera(b"", CameraUnavailable("unplugged (fake)")))
    service.scan_page()
    service.capture_page()
    assert signals["busy"] == ["capturing"]
    assert signals["failed"] == ["camera_error"]
    assert signals["capture_failed"] == ["camera_error"]


def test_an_unreadable_camera_image_is_an_error(config):
    service, signals = _service(config, StillCamera(b"not an image"))
    service.scan_id_card()
    service.capture_page()
    assert signals["busy"] == ["capturing", "reading"]
    assert signals["failed"] == ["error"]
    assert signals["capture_failed"] == ["error"]


def test_a_photo_without_a_card_finds_no_card(config):
    service, signals = _service(config, StillCamera(_png()))
    service.scan_id_card()
    assert signals["failed"] == ["no_card"] and signals["card_read"] == []
    assert service.last_seconds is not None


def test_a_card_found_but_nothing_read_on_it_is_no_card(config, monkeypatch):
    from kiosk.recognition import idcard_image
    from kiosk.recognition.idcard_image import FIELDS, Field

    monkeypatch.setattr(idcard_image, "find_card", lambda image: "corners")
    monkeypatch.setattr(idcard_image, "read_id_card", lambda image, engine: {k: Field("", 0.0, True, "empty")
                                                                              for k in FIELDS})
    service, signals = _service(config, StillCamera(_png()))
    service._engine = object()  # no Tesseract needed: the read is the patched one
    service.scan_id_card()
    assert signals["failed"] == ["no_card"] and signals["card_read"] == []


def test_a_page_photographed_for_the_file_is_flattened_to_a_jpeg(config):
    service, signals = _service(config, SimulatedCamera(dpi=60))
    service.capture_page()
    (jpeg,) = signals["page_captured"]
    assert jpeg[:2] == b"\xff\xd8"
    image = Image.open(io.BytesIO(jpeg))
    assert image.height > image.width  # the A4 page, upright, without the desk around it
    assert signals["capture_failed"] == []


def test_a_cancelled_scan_is_dropped(config):
    camera_worker = fakes.ManualWorker("camera")
    service, signals = _service(config, StillCamera(_png()), camera_worker=camera_worker)
    service.scan_id_card()
    service.cancel()  # a session reset while the camera takes the picture
    camera_worker.run_all()
    assert signals["busy"] == ["capturing"]
    assert signals["failed"] == [] and signals["card_read"] == []


def test_a_newer_scan_replaces_an_older_one(config):
    camera_worker = fakes.ManualWorker("camera")
    service, signals = _service(config, StillCamera(_png()), camera_worker=camera_worker)
    service.scan_id_card()
    service.scan_id_card()
    camera_worker.run_all()
    assert signals["failed"] == ["no_card"]  # one answer, the newer scan's


def test_closing_without_an_engine_does_nothing(config):
    ocr = fakes.InlineWorker("ocr")
    service, _ = _service(config, None, ocr_worker=ocr)
    service.close()
    assert ocr.tasks == []


@pytest.mark.slow  # a real OCR child process with its models
def test_the_start_up_warm_up_reads_the_stored_card_and_page_then_lets_the_models_go(config, caplog, monkeypatch):
    """It reads assets/ocr (scripts/make_ocr_warmup.py) in the OCR child process, says OCR is ready, calls
    ``then`` and ends the child; without its images it says OCR is not working, and still calls ``then``
    (the start-up goes on)."""
    import logging

    caplog.set_level(logging.INFO, "kiosk.recognition")
    assert {p.name for p in recognition.WARMUP_DIR.glob("*.jpg")} == {"warmup-card.jpg", "warmup-page.jpg"}
    worker = fakes.InlineWorker("ocr")
    service, _signals = _service(config, None, ocr_worker=worker)
    read, then = [], fakes.Calls()
    original = service._read_page
    monkeypatch.setattr(service, "_read_page", lambda png: read.append(original(png)) or read[-1])
    service.warm_up(then=then).result()
    form, lines = read[0]
    assert lines >= 5 and form.get("defendant_name") is not None  # a complaint was read, not a blank
    assert any("OCR ready" in r.getMessage() for r in caplog.records) and then.count == 1
    assert service._child.started == 1 and not service._child.alive  # a kiosk at rest has no OCR in memory

    monkeypatch.setattr(recognition, "WARMUP_DIR", recognition.WARMUP_DIR / "missing")
    service.warm_up(then=then)
    assert any("OCR is not working" in r.getMessage() for r in caplog.records) and then.count == 2


@pytest.mark.slow  # a real OCR child process with its models
def test_the_kiosk_process_loads_no_ocr_engine_only_its_child_does(tmp_path):
    """A scan read from start to end in a fresh process: the OCR engines' libraries are loaded in the
    child alone, and the child is gone at the session's end."""
    script = """
import sys
from kiosk.config import load_config
from kiosk.services import recognition
from tests.services import fakes
config = load_config(env={}, overrides={"kiosk.data_dir": sys.argv[1], "kiosk.log_dir": sys.argv[1]})
spec = recognition.SERVICE
service = spec.factory(fakes.make_deps(spec, config, devices={"camera": None}, workers={"ocr": fakes.InlineWorker()}))
fields, count = service._read_card((recognition.WARMUP_DIR / "warmup-card.jpg").read_bytes())
pid = service._child._proc.pid
service.session_reset()
import os
print(count, sorted(m for m in ("onnxruntime", "tesserocr", "rapidocr_onnxruntime") if m in sys.modules),
      service._child.alive, os.path.exists(f"/proc/{pid}"))
"""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=root,
                         timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    count, rest = out.stdout.split(" ", 1)
    assert int(count) >= 5  # the card was read
    assert rest.strip() == "[] False False"  # no engine here; the child ended with the session

