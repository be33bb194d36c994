"""The simulated document camera."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from drivers.camera import CameraUnavailable, DocumentCamera, Frame
from drivers.camera.simulator import SimulatedCamera

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_capture_is_a_valid_png_of_an_a4_page_on_a_desk():
    camera = SimulatedCamera(dpi=100, margin=60)
    assert isinstance(camera, DocumentCamera)
    frame = camera.capture()
    assert isinstance(frame, Frame)
    assert frame.png.startswith(PNG_SIGNATURE)
    Image.open(io.BytesIO(frame.png)).verify()
    image = Image.open(io.BytesIO(frame.png))
    assert image.size == (frame.width, frame.height) == (827 + 120, 1169 + 120)
    assert image.format == "PNG"
    gray = image.convert("L")
    assert gray.getpixel((10, 10)) < 80  # the desk
    assert gray.getpixel((frame.width // 2, 70)) > 230  # the page's top margin
    # there is dark text on the page
    page = gray.crop((60, 60, frame.width - 60, frame.height - 60))
    assert page.getextrema()[0] < 100
    assert "PNG" in repr(frame) and str(len(frame.png)) in repr(frame)


def test_pages_advance_and_set_document_restarts():
    camera = SimulatedCamera(dpi=50, margin=10)
    first, second = camera.capture(), camera.capture()
    assert first.png != second.png  # a different page number
    camera.set_document("TITLE", ["line one", "line two"])
    again = camera.capture()
    assert again.png not in (first.png, second.png)
    assert camera.render_page(1).size == (413, 585)


def test_skewed_page_is_still_on_the_frame():
    frame = SimulatedCamera(dpi=50, margin=10, skew_degrees=4).capture()
    assert frame.width > 413 + 20 and frame.height > 585 + 20


def test_unplug_and_plug():
    camera = SimulatedCamera(dpi=30)
    camera.unplug()
    usable = camera.is_usable()
    assert not usable and "unplugged" in usable.reason
    with pytest.raises(CameraUnavailable):
        camera.capture()
    camera.plug()
    assert camera.is_usable()
    assert camera.capture().png.startswith(PNG_SIGNATURE)
    camera.close()
    camera.close()
