"""Touch targets of at least 15 mm and 60 px on both sides, and text of at least 18 px, on every
screen a litigant sees, at every text size (China's elderly-mode rules: 60 x 60 dp, 18 dp text).

The window is the real kiosk's (tests/ui/display_walk.py walks it: the filing with the demo ID card,
then every other screen). Exempt, as staff's: the maintenance and device-test screens, the demo
panel and the receipt pictures it shows."""

from __future__ import annotations

import pytest

from tests.ui import display_walk as dw
from ui import theme


@pytest.mark.parametrize("text_size", theme.TEXT_SIZES)
def test_every_control_is_big_enough_and_every_text_large_enough(app_parts, qtbot, qapp, text_size):
    window, core, services = dw.build(app_parts, qtbot)
    per_mm = core.config.get("display.pixels_per_mm")
    least = max(theme.TARGET_PX, theme.TARGET_MM * per_mm)
    dw.theme(qapp, text_size, "standard")
    problems, controls = [], {}

    def visit(name):
        found = dw.touch_controls(window)
        controls[name] = len(found)
        problems.extend(f"{name}: {p}" for p in dw.small_targets(window, least))
        problems.extend(f"{name}: text {p}" for p in dw.small_text(window, theme.MIN_TEXT_PX))

    try:
        visited = dw.walk(qtbot, window, services, visit)
    finally:
        dw.theme(qapp, "M", "standard")
    assert set(visited) == set(dw.litigant_screens(window))
    assert controls["menu"] >= 15 and controls["filing_parties"] >= 6  # the walk sees the controls
    assert not problems, "\n".join(problems)


def test_the_checks_find_a_small_control_and_small_text(app_parts, qtbot, qapp):
    """The checks can fail: a 40 px button and 14 px text on the menu are found."""
    from PySide6.QtWidgets import QLabel, QPushButton

    window, core, services = dw.build(app_parts, qtbot)
    qtbot.mouseClick(window.attract.start, dw.left())
    qtbot.waitUntil(lambda: window.current == "menu")
    tiny = QPushButton("OK", window.menu)
    tiny.setObjectName("tinyButton")
    tiny.setStyleSheet("QPushButton { min-height: 0px; min-width: 0px; padding: 0px; font-size: 18px; }")
    tiny.setFixedSize(80, 40)
    tiny.show()
    small = QLabel("small print", window.menu)
    small.setObjectName("smallPrint")
    small.setStyleSheet("font-size: 14px;")
    small.show()
    dw.pump(qtbot, 50)
    assert any("tinyButton" in p for p in dw.small_targets(window, 60))
    assert any("smallPrint" in p for p in dw.small_text(window, 18))


def test_the_15_mm_rule_follows_the_panels_density(app_parts, qtbot):
    window, core, services = dw.build(app_parts, qtbot)
    assert core.config.get("display.pixels_per_mm") == 4.0  # 21.5" 1920x1080: 15 mm = 60 px
    assert theme.TARGET_MM * core.config.get("display.pixels_per_mm") <= theme.TARGET_PX
