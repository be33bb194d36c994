"""QR codes on screen (ui.qr): read back by OpenCV's own QR decoder (not segno), made off the
GUI thread, the latest asked for is the one shown; the screens warmed ahead (ui.screen_warmer)."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

from ui import qr

LINK = "https://pay.example.cn/sandbox/pay?order=PAY-QR-0001-abcdef-0123456789&amount=50.00"


def decoded(image) -> str:
    """The text OpenCV reads from a QImage (Grayscale8)."""
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(height, image.bytesPerLine())
    pixels = np.ascontiguousarray(rows[:, :width])
    factor = max(1, 720 // width)  # OpenCV's detector misses small codes that a phone reads: enlarge
    pixels = cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_NEAREST)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR))
    return text


@pytest.mark.parametrize("size", [150, 360])
def test_the_image_reads_back_and_has_whole_modules_and_a_quiet_zone(qapp, size):
    image = qr.qr_image(LINK, size)
    assert decoded(image) == LINK
    modules = len(qr.qr_matrix(LINK)) + 2 * qr.BORDER
    assert image.width() == image.height() <= size and image.width() % modules == 0
    scale = image.width() // modules
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    border = qr.BORDER * scale
    assert (rows[:border, : image.width()] == 255).all() and (rows[:, :border] == 255).all()
    assert set(np.unique(rows[:, : image.width()])) == {0, 255}  # crisp: black and white only


def test_the_label_makes_the_code_off_the_gui_thread_and_shows_the_latest(qtbot, monkeypatch):
    threads = []
    made = qr.qr_image

    def spy(content, size):
        threads.append(threading.current_thread())
        return made(content, size)

    monkeypatch.setattr(qr, "qr_image", spy)
    label = qr.QrLabel(200, "testQr")
    qtbot.addWidget(label)
    label.show_content("first")
    label.show_content(LINK)  # asked again before the first was shown: only the latest shows
    assert not label.ready()
    qtbot.waitUntil(label.ready, timeout=3000)
    qtbot.wait(50)  # the first one's image, if it came late, must not replace it
    shown = label.pixmap().toImage()
    assert decoded(shown.convertToFormat(shown.Format.Format_Grayscale8)) == LINK
    assert threads and all(t is not threading.main_thread() for t in threads)
    label.show_content(None)
    assert label.pixmap().isNull() and not label.ready()
