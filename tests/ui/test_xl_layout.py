"""Every screen stays usable at XL, in every contrast scheme: no text runs out of its widget (a
wrapped label taller than it is, a line wider than it is, a button smaller than its text and icon,
a placeholder wider than its field), no two sibling texts overlap, and no page scrolls sideways
(pages scroll vertically: growing down is fine). At the kiosk's window, 1920x1080, with the demo
panel taking its part (tests/ui/display_walk.py; the staff's screens and the demo panel are exempt)."""

from __future__ import annotations

import pytest

from tests.ui import display_walk as dw
from ui import theme


def problems_now(window, name):
    found = dw.clipped_texts(window) + dw.overlaps(window) + dw.horizontal_overflow(window)
    return [f"{name}: {p}" for p in found]


def test_xl_every_screen_with_its_data_fits(app_parts, qtbot, qapp):
    window, core, services = dw.build(app_parts, qtbot)
    dw.theme(qapp, "XL", "standard")
    problems, texts = [], {}

    def visit(name):
        texts[name] = sum(1 for w in dw.shown_widgets(window) if isinstance(w, dw.TEXT_TYPES))
        problems.extend(problems_now(window, name))

    try:
        visited = dw.walk(qtbot, window, services, visit)
    finally:
        dw.theme(qapp, "M", "standard")
    assert set(visited) == set(dw.litigant_screens(window))
    assert texts["menu"] >= 17 and texts["filing_parties"] >= 10
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text_size", ["L", "XL"])
def test_every_scheme_at_large_sizes_fits(app_parts, qtbot, qapp, text_size):
    """The schemes differ in borders (dashed, thicker focus) only: the filing is walked with its data
    once, then every screen is shown again in each scheme."""
    window, core, services = dw.build(app_parts, qtbot)
    dw.theme(qapp, text_size, "standard")
    problems = []
    try:
        dw.walk(qtbot, window, services, lambda name: None)
        for scheme in theme.SCHEMES:
            dw.theme(qapp, text_size, scheme)
            for name in dw.litigant_screens(window):
                window.show_screen(name)
                dw.pump(qtbot, 20)
                problems.extend(f"{scheme} {p}" for p in problems_now(window, name))
    finally:
        dw.theme(qapp, "M", "standard")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text_size", theme.TEXT_SIZES)
def test_menu_tiles_show_their_pictogram_large_enough(app_parts, qtbot, qapp, text_size):
    window, core, services = dw.build(app_parts, qtbot)
    qtbot.mouseClick(window.attract.start, dw.left())
    qtbot.waitUntil(lambda: window.current == "menu")
    try:
        for scheme in ("standard", "yellow_on_black"):
            dw.theme(qapp, text_size, scheme)
            dw.pump(qtbot, 50)
            for service_id, tile in window.menu.tiles.items():
                assert not tile.icon().isNull(), service_id
                assert tile.iconSize().width() == theme.size("icon", text_size) >= 56
                key = "tile_fg" if window.menu.is_available(service_id) else "disabled_fg"
                assert _drawn_in(tile.icon().pixmap(tile.iconSize()).toImage(), theme.PALETTES[scheme][key]), \
                    (service_id, scheme)
            tile = window.menu.tiles["filing"]  # and it shows: the tile looks different without it
            with_icon = tile.grab().toImage()
            icon = tile.icon()
            tile.setIcon(type(icon)())
            without = tile.grab().toImage()
            tile.setIcon(icon)
            assert with_icon.size() == without.size() and with_icon != without
            columns = {window.menu.grid.getItemPosition(window.menu.grid.indexOf(t))[1] for t in window.menu.tiles.values()}
            assert len(columns) == {"S": 5, "M": 5, "L": 4, "XL": 3}[text_size]
    finally:
        dw.theme(qapp, "M", "standard")


def _drawn_in(image, colour: str) -> bool:
    """The pictogram has ink, and its solid ink is the colour."""
    from PySide6.QtGui import QColor

    want = QColor(colour)
    inked = right = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.alpha() > 220:
                inked += 1
                right += abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 30
    return inked > 100 and right >= 0.95 * inked


def test_the_checks_find_clipped_and_overlapping_text(app_parts, qtbot, qapp):
    """The checks can fail: a squeezed label, a button narrower than its text, two labels on each other."""
    from PySide6.QtWidgets import QLabel, QPushButton

    window, core, services = dw.build(app_parts, qtbot)
    qtbot.mouseClick(window.attract.start, dw.left())
    qtbot.waitUntil(lambda: window.current == "menu")
    holder = window.menu
    long = QLabel("A line far too long for the little room it has been given here", holder)
    long.setObjectName("squeezed")
    long.setGeometry(0, 0, 120, 40)
    wrapped = QLabel("Wrapped text that needs several lines but is given one " * 3, holder)
    wrapped.setObjectName("wrappedShort")
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 400, 300, 40)
    narrow = QPushButton("Confirm and submit", holder)
    narrow.setObjectName("narrowButton")
    narrow.setGeometry(0, 100, 130, 90)
    first, second = QLabel("one", holder), QLabel("two", holder)
    first.setObjectName("first")
    second.setObjectName("second")
    first.setGeometry(600, 600, 100, 40)
    second.setGeometry(650, 610, 100, 40)
    for w in (long, wrapped, narrow, first, second):
        w.show()
    dw.pump(qtbot, 30)
    clipped = "\n".join(dw.clipped_texts(window))
    assert "squeezed" in clipped and "wrappedShort" in clipped and "narrowButton" in clipped
    assert any("first" in p and "second" in p for p in dw.overlaps(window))
