"""The identify screen on the real serial SAM backend, talking to a reader on a pty."""

from __future__ import annotations

import pytest

from drivers.idcard.pty_device import PtySamDevice
from drivers.idcard.simulator import SAMPLE_CARDS
from tests.ui.steps import click, screen


@pytest.fixture
def reader_device():
    device = PtySamDevice()
    yield device
    device.stop()


def test_identify_through_the_serial_reader(qtbot, app_parts, reader_device):
    window, core, services = app_parts(**{"devices.id_reader.backend": "serial_sam",
                                          "devices.id_reader.port": reader_device.port})
    assert services.demo is None  # no demo controls with a real reader
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["my_cases"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    reader_device.place_card(SAMPLE_CARDS[1])
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    assert window.identify.name_value.text() == SAMPLE_CARDS[1].name
    assert window.identify.id_value.text().endswith(SAMPLE_CARDS[1].id_number[-4:])


def test_reader_unplugged_mid_session_is_reported_and_recovers(qtbot, app_parts, reader_device):
    window, core, services = app_parts(**{"devices.id_reader.backend": "serial_sam",
                                          "devices.id_reader.port": reader_device.port,
                                          "devices.id_reader.timeout": 0.3})
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["my_cases"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    reader_device.unplug()
    qtbot.waitUntil(lambda: window.identify._problem in ("reader_missing", "read_failed"), timeout=8000)
    reader_device.plug()
    qtbot.waitUntil(lambda: window.identify._problem is None, timeout=8000)  # the message clears
    reader_device.place_card(SAMPLE_CARDS[0])
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=8000)
