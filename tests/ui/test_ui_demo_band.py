"""The DEMO band (ui.demo_band): a demo kiosk says on every screen that it is practice and nothing
reaches the court; the band never takes a touch; a production window has none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from tests.ui.steps import click, identify

SOURCE = "DEMO — practice only: nothing is sent to the court"


def band_shown(window) -> None:
    """The band is visible, across the whole top edge, painted yellow, and says DEMO."""
    band = window.demo_band
    central = window.centralWidget()
    assert band is not None and band.isVisible()
    assert band.parentWidget() is central
    assert band.geometry().topLeft() == QPoint(0, 0) and band.width() == central.width()
    assert band.height() >= 30
    assert band.text() == QCoreApplication.translate("DemoBand", SOURCE)
    image = window.grab().toImage()
    middle = image.pixelColor(band.mapTo(window, QPoint(band.width() // 2, 2)))  # above the text: the band's yellow
    assert middle.name() == "#ffd400"
    assert not band.geometry().intersects(window.language_button.geometry().translated(
        window.language_button.parentWidget().mapTo(central, QPoint(0, 0))))  # it hides no header button


def test_the_band_is_on_the_attract_menu_and_wizard_screens(qtbot, app_parts):
    window, core, services = app_parts()
    qtbot.waitUntil(lambda: window.current == "attract")
    band_shown(window)
    click(qtbot, window.attract.start)
    qtbot.waitUntil(lambda: window.current == "menu")
    band_shown(window)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: window.current == "filing_start")
    band_shown(window)
    assert window.demo_band.focusPolicy() == Qt.FocusPolicy.NoFocus
    window.demo_band.setFocus()
    assert QApplication.focusWidget() is not window.demo_band
    window.resize(1100, 800)  # it follows the window's width
    qtbot.waitUntil(lambda: window.demo_band.width() == window.centralWidget().width())
    assert window.demo_band.y() == 0


def test_the_band_does_not_take_a_touch_on_a_button_under_it(qtbot, app_parts):
    window, _core, _services = app_parts()
    band = window.demo_band
    under = QPushButton("under", window.centralWidget())
    under.setGeometry(band.geometry())
    under.show()
    band.raise_()
    assert under.geometry().contains(band.geometry().center())
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window._first_paint_done)  # it lets touches through from the first paint on
    clicks = []
    under.clicked.connect(lambda: clicks.append(1))
    point = band.mapTo(window, band.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: clicks == [1], timeout=2000)
    assert QApplication.widgetAt(window.mapToGlobal(point)) is not band


class _Translator(QTranslator):  # a test double: one known string
    def translate(self, context, source, disambiguation=None, n=-1):
        return "BAND-TRANSLATED" if context == "DemoBand" and source == SOURCE else None


def test_the_band_follows_the_language_and_the_text_size(qtbot, app_parts, qapp):
    window, _core, _services = app_parts()
    band = window.demo_band
    translator = _Translator()
    qapp.installTranslator(translator)
    try:
        window._toggle_language()
        assert band.text() == "BAND-TRANSLATED"
    finally:
        qapp.removeTranslator(translator)
    window._toggle_language()
    assert band.text() == QCoreApplication.translate("DemoBand", SOURCE)
    from ui import theme

    height = band.height()
    theme.apply(qapp, "XL")
    try:
        assert band.height() > height
    finally:
        theme.apply(qapp, "M")
    assert band.height() == height


@pytest.fixture
def production_window(qtbot, qapp, tmp_path):
    from kiosk.app import create_window
    from tests.conftest import make_config

    window, _policy = create_window(make_config(tmp_path, **{"kiosk.mode": "production"}), qapp)
    qtbot.addWidget(window, before_close_func=lambda w: getattr(w, "allow_close", lambda: None)())
    window.resize(1600, 1000)
    window.show()
    return window


def test_a_production_window_has_no_band(qtbot, production_window):
    qtbot.waitExposed(production_window)
    assert production_window.demo_band is None
    assert not production_window.findChildren(QWidget, "demoBand")
    header = production_window.findChild(QWidget, "header")
    assert header.y() == 0  # the header is the top edge
