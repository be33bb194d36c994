"""Maintenance device test: live camera preview off the GUI thread, microphone level,
a test read of the ID card and a test receipt, on the configured (here simulated) devices."""

from __future__ import annotations

import pytest

from drivers.printer.escpos_codec import QrCode, TextLine, decode_escpos
from tests.ui.staff import log_in
from tests.ui.steps import click


def open_device_test(qtbot, window):
    log_in(qtbot, window)
    click(qtbot, window.maintenance.device_test)
    assert window.current == "device_test"


def test_device_test_page(qtbot, app_parts):
    window, core, services = app_parts()
    open_device_test(qtbot, window)
    page = window.device_test
    qtbot.waitUntil(lambda: page.preview.pixmap() is not None and not page.preview.pixmap().isNull(),
                    timeout=5000)
    qtbot.waitUntil(lambda: page._fps > 0, timeout=5000)
    qtbot.waitUntil(lambda: "音量条" in page.mic_status.text(), timeout=5000)

    click(qtbot, page.read_card)
    qtbot.waitUntil(lambda: page.card_status.text() == "读卡器上没有身份证。", timeout=5000)
    services.demo.place_card(0)
    qtbot.wait(100)
    click(qtbot, page.read_card)
    qtbot.waitUntil(lambda: page.card_status.text().startswith("已读取身份证"), timeout=5000)
    assert "*" in page.card_status.text()

    printer = core.devices["receipt_printer"]
    click(qtbot, page.print_receipt)
    qtbot.waitUntil(lambda: page.printer_status.text() == "测试凭条已打印。", timeout=5000)
    elements = decode_escpos(printer.jobs[-1])
    assert any(isinstance(e, TextLine) and e.text.startswith("打印测试") for e in elements)
    assert any(isinstance(e, QrCode) for e in elements)
    printer.set_offline(True)
    click(qtbot, page.print_receipt)
    qtbot.waitUntil(lambda: "失败" in page.printer_status.text(), timeout=5000)

    click(qtbot, page.back)
    assert window.current == "maintenance" and window.maintenance.unlocked
    assert not services.device_test.previewing  # leaving stops the camera work
    click(qtbot, window.maintenance.exit)
    assert window.current == "attract" and not window.maintenance.unlocked


def test_camera_preview_on_the_opencv_backend(qtbot, app_parts, tmp_path):
    from drivers.camera.synthetic import page_video

    video = page_video(str(tmp_path / "page.avi"), frames=20, size=(1280, 720))
    window, core, services = app_parts(**{"devices.camera.backend": "opencv", "devices.camera.source": video})
    open_device_test(qtbot, window)
    page = window.device_test
    qtbot.waitUntil(lambda: page._fps >= 10, timeout=8000)
    pixmap = page.preview.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    click(qtbot, page.back)


def test_a4_test_page_preview_and_print_through_cups(qtbot, app_parts):
    from tests.drivers.cups_stack import CupsStack, RawListener

    cups = CupsStack().start()
    listener = RawListener()
    try:
        cups.add_raw_queue("KIOSKA4", listener.port)
        window, core, services = app_parts(**{"devices.a4_printer.backend": "cups",
                                              "devices.a4_printer.queue": "KIOSKA4",
                                              "devices.a4_printer.server": cups.server})
        open_device_test(qtbot, window)
        page = window.device_test
        click(qtbot, page.print_a4)
        qtbot.waitUntil(lambda: page.preview_status.text() == "A4测试页打印预览", timeout=15000)
        image = page.preview.pixmap().toImage()
        assert image.height() > image.width()  # a portrait A4 page
        qtbot.waitUntil(lambda: page.a4_status.text().startswith("A4测试页已打印"), timeout=30000)
        jobs = listener.wait_for(1)
        assert jobs and jobs[0].startswith(b"%PDF-")  # the printer received the document
    finally:
        listener.close()
        cups.stop()


def test_a4_printer_not_installed_is_said(qtbot, app_parts):
    window, core, services = app_parts()
    open_device_test(qtbot, window)
    click(qtbot, window.device_test.print_a4)
    qtbot.waitUntil(lambda: window.device_test.a4_status.text().startswith("没有A4打印机"), timeout=5000)


@pytest.mark.qt_log_ignore(r"Couldn't load pipewire-0\.3 library", r"Couldn't resolve pipewire-0\.3 symbols")
def test_microphone_level_on_the_qt_backend(qtbot, app_parts):
    from tests.drivers import pulse_stack

    pulse = pulse_stack.acquire()  # before QtMultimedia is first used in this process
    try:
        window, core, services = app_parts(**{"devices.microphone.backend": "qt",
                                              "devices.microphone.device": "testmic"})
        open_device_test(qtbot, window)
        page = window.device_test
        pulse.feed(pulse_stack.tone(440, 1000, amplitude=0.5), loop=True)
        qtbot.waitUntil(lambda: page.meter.value() > 50, timeout=10000)
        pulse.silence()
        qtbot.waitUntil(lambda: page.meter.value() < 5, timeout=10000)
        click(qtbot, page.back)
    finally:
        pulse_stack.release()
