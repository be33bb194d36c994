"""The scan service (kiosk.services.recognition) with the simulated document camera: without a camera
every scan fails at once (no_camera); a camera error, an unreadable image and a photo without a card
are reported by code; a page photographed for the file comes back as a flattened JPEG; a cancelled
scan's result is dropped. (OCR itself is measured in tests/recognition.)"""

from __future__ import annotations

import io

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


def _service(config, camera, camera_worker=None, ocr_worker=None):
    spec = recognition.SERVICE
    workers = {k: w for k, w in (("camera", camera_worker), ("ocr", ocr_worker)) if w is not None}
    service = spec.factory(fakes.make_deps(spec, config, devices={"camera": camera}, workers=workers))
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


def test_the_start_up_warm_up_reads_the_stored_card_and_page_then_lets_the_models_go(config, caplog, monkeypatch):
    """It reads assets/ocr (scripts/make_ocr_warmup.py) with the real engines, says OCR is ready, calls
    ``then`` and keeps no model loaded; without its images it says OCR is not working, and still calls
    ``then`` (the start-up goes on)."""
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
    assert all(getattr(e, "_rec", None) is None and getattr(e, "_api", None) is None
               for e in service._engine.engines.values())  # a kiosk at rest keeps no models

    monkeypatch.setattr(recognition, "WARMUP_DIR", recognition.WARMUP_DIR / "missing")
    service.warm_up(then=then)
    assert any("OCR is not working" in r.getMessage() for r in caplog.records) and then.count == 2
