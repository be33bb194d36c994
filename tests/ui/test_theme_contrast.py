"""The theme's guarantees that need no window: every text colour reaches 7:1 on every background the
style sheet (and the screens that colour things from the palette) puts it on, in all four schemes;
the focus ring too; text sizes S to XL; the restyling only when the look changes; a pictogram for
every service of the menu, visible in every scheme."""

from __future__ import annotations

import re

import pytest

from kiosk import session
from ui import theme


def test_sizes_and_schemes_are_the_sessions():
    assert theme.TEXT_SIZES == session.TEXT_SIZES == tuple(theme.SIZES)
    assert theme.SCHEMES == session.SCHEMES == tuple(theme.PALETTES)
    keys = set(theme.PALETTES["standard"])
    for text_size, values in theme.SIZES.items():
        assert not set(values) & keys, text_size  # one table fills the sheet: no size may hide a colour
    for scheme, colours in theme.PALETTES.items():
        assert set(colours) == keys, scheme  # every scheme defines every colour


def test_the_contrast_formula():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's own example
    # the old standard look's hint and error colours fall short: what the new palette fixes
    assert theme.contrast("#6b7686", "#f3f5f9") < 7 and theme.contrast("#c0392b", "#ffffff") < 7


def all_pairs():
    return [*theme.text_pairs(), *theme.SCREEN_PAIRS]


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_every_text_colour_reaches_7_to_1_on_its_background(scheme):
    low = []
    for fg, bg, where in all_pairs():
        ratio = theme.contrast(theme.colour(scheme, fg), theme.colour(scheme, bg))
        if ratio < theme.MIN_CONTRAST:
            low.append(f"{where}: {fg} {theme.colour(scheme, fg)} on {bg} {theme.colour(scheme, bg)} = {ratio:.2f}")
    assert not low, "\n".join(low)


def test_the_pairs_come_from_the_rules_that_colour_text():
    pairs = {(fg, bg) for fg, bg, _ in theme.text_pairs()}
    # what the issue names: hints, errors, success, assist, disabled buttons, primary, tiles, header, inputs
    for pair in [("muted", "bg"), ("muted", "field"), ("danger", "bg"), ("ok", "panel"), ("assist_fg", "bg"),
                 ("disabled_fg", "disabled"), ("primary_fg", "primary"), ("tile_fg", "button"),
                 ("header_fg", "header"), ("fg", "field"), ("muted", "field"), ("sel_fg", "sel"),
                 ("danger_fg", "danger"), ("assist_on", "assist"), ("header", "header_fg")]:
        assert pair in pairs, pair
    # every colour key the sheet uses for text is in a pair
    sheet_text_keys = set()
    for rule in theme.RULES:
        for prop, key in theme.rule_colours(rule).items():
            if prop in ("color", "selection-color", "placeholder-text-color"):
                sheet_text_keys.add(key)
    assert sheet_text_keys <= {fg for fg, _ in pairs}


def test_a_text_colour_without_its_background_cannot_escape(monkeypatch):
    rogue = theme.Rule('QLabel[role="new"]', "color: %(muted)s;")  # no background, no surfaces
    monkeypatch.setattr(theme, "RULES", (*theme.RULES, rogue))
    with pytest.raises(ValueError, match="role=\"new\""):
        theme.text_pairs()
    named = theme.Rule('QLabel[role="new"]', "color: %(line)s;", on=theme.PAGE)  # a border colour as text
    monkeypatch.setattr(theme, "RULES", (*theme.RULES[:-1], named))
    low = [p for p in theme.text_pairs() if p[0] == "line"
           and theme.contrast(theme.colour("standard", p[0]), theme.colour("standard", p[1])) < 7]
    assert low  # the check would catch it


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_the_focus_ring_stands_out_in_every_scheme(scheme):
    colours = theme.PALETTES[scheme]
    for surface in ("bg", "field", "panel", "button", "pressed"):
        assert theme.contrast(colours["focus"], colours[surface]) >= theme.MIN_CONTRAST, surface
    sheet = theme.style_sheet("M", scheme)
    focus_rules = [line for line in sheet.splitlines() if ":focus" in line]
    assert any(line.startswith("QPushButton:focus") for line in focus_rules)
    assert any("QLineEdit:focus" in line for line in focus_rules)
    assert any("QRadioButton:focus" in line for line in focus_rules)
    for line in focus_rules:
        width = re.search(r"border: (\d+)px", line)
        assert width and int(width.group(1)) >= 6, line  # thick: the keypad user sees where focus is
    # the focus ring is the last word on a button, whatever its role (also an unavailable tile)
    assert theme.RULES[-2].selector.startswith("QPushButton:focus") and "[available]:focus" in theme.RULES[-2].selector


@pytest.mark.parametrize("text_size", theme.TEXT_SIZES)
def test_no_text_below_18_px_and_xl_is_large(text_size):
    sheet = theme.style_sheet(text_size, "standard")
    sizes = [int(n) for n in re.findall(r"font-size: (\d+)px", sheet)]
    assert sizes and min(sizes) >= theme.MIN_TEXT_PX
    assert theme.size("small", text_size) >= 18 and theme.size("body", text_size) >= 20
    assert theme.size("control", text_size) >= theme.TARGET_PX and theme.size("field_h", text_size) >= theme.TARGET_PX
    assert "%(" not in sheet
    for line in sheet.splitlines():  # every colour is a colour (no size standing in for one)
        for _prop, value in re.findall(r"(?<![-\w])(color|background):\s*([^;]+);", line):
            assert value.startswith(("#", "transparent", "none", "rgba", "qradialgradient")), line


def test_sizes_grow_from_s_to_xl():
    bodies = [theme.size("body", s) for s in theme.TEXT_SIZES]
    assert bodies == sorted(bodies) and len(set(bodies)) == 4
    assert 1.6 <= theme.scale("XL") <= 1.75  # low vision: about 1.6-1.75 x M
    for key in ("title", "tile", "big", "icon", "tile_h", "control", "field_h"):
        values = [theme.size(key, s) for s in theme.TEXT_SIZES]
        assert values == sorted(values), key


class FakeApp:
    """What apply() uses of a QApplication, counting the (slow) restyles."""

    def __init__(self):
        self.props, self.sheets = {}, []

    def property(self, name):
        return self.props.get(name)

    def setProperty(self, name, value):  # noqa: N802
        self.props[name] = value

    def setStyleSheet(self, sheet):  # noqa: N802
        self.sheets.append(sheet)


def test_apply_restyles_only_when_the_look_changes():
    app = FakeApp()
    theme.apply(app)
    theme.apply(app, "M", "standard")
    assert len(app.sheets) == 1 and app.props["kioskTheme"] == "M/standard"
    theme.apply(app, "XL", "yellow_on_black")
    theme.apply(app, "XL", "yellow_on_black")
    assert len(app.sheets) == 2 and "#ffff00" in app.sheets[-1] and "font-size: 40px" in app.sheets[-1]
    assert theme.current(app) == ("XL", "yellow_on_black")
    with pytest.raises(ValueError):
        theme.apply(app, "XXL", "standard")
    assert theme.current(app) == ("XL", "yellow_on_black") and len(app.sheets) == 2


def test_the_look_follows_apply_and_tells_listeners(qapp):
    seen = []
    theme.notifier().changed.connect(lambda size, scheme: seen.append((size, scheme)))
    try:
        theme.apply(qapp, "L", "black_on_white")
        assert theme.current() == ("L", "black_on_white") and seen[-1] == ("L", "black_on_white")
        assert theme.palette()["bg"] == "#ffffff" and theme.size("body") == 30
        count = len(seen)
        theme.apply(qapp, "L", "black_on_white")
        assert len(seen) == count  # nothing changed: no restyle, no signal
    finally:
        theme.apply(qapp)
    assert theme.current() == ("M", "standard")


def menu_services():
    from kiosk.services import registry

    return registry.menu(registry.discover())


def test_every_menu_service_has_a_pictogram_that_exists():
    from ui.screens.menu import ICON_DIR

    services = menu_services()
    assert len(services) >= 15
    for info in services:
        assert info.pictogram, f"{info.id} has no pictogram"
        assert (ICON_DIR / f"{info.pictogram}.svg").is_file(), info.pictogram


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_pictograms_are_drawn_in_the_tiles_text_colour(qapp, scheme):
    from PySide6.QtGui import QColor

    from ui.screens.menu import ICON_DIR

    want = QColor(theme.PALETTES[scheme]["tile_fg"])
    for info in menu_services():
        pixmap = theme.tinted_pixmap(ICON_DIR / f"{info.pictogram}.svg", want.name(), 84)
        image = pixmap.toImage()
        inked = solid = 0
        for y in range(0, image.height(), 2):
            for x in range(0, image.width(), 2):
                pixel = image.pixelColor(x, y)
                if pixel.alpha() > 200:
                    inked += 1
                    solid += abs(pixel.red() - want.red()) + abs(pixel.green() - want.green()) < 24
        assert inked > 60, f"{info.pictogram}: nearly empty ({inked} inked samples)"
        assert solid >= inked * 0.95, f"{info.pictogram}: not drawn in {want.name()}"
