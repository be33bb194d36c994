"""Every screen declares its title, spoken prompt and focus order (its SPEC),
and the focus order names widgets that exist, so speech output and keypad navigation
can be built on the specs alone."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.all_specs import SPECS


def test_every_screen_has_a_spec_with_real_widgets(qtbot, app_parts):
    window, core, services = app_parts()
    assert set(window.screens) == set(SPECS)
    for name in window.screens:
        spec = SPECS[name]
        assert spec.title() and spec.prompt()
        missing = [w for w in spec.focus if not w.endswith("*") and window.findChild(QWidget, w) is None]
        assert missing == [], (name, missing)


def test_focus_follows_the_declared_order(qtbot, app_parts):
    window, core, services = app_parts()
    window.attract.start.click()
    assert window.current == "menu"
    order = [w.objectName() for w in window.menu.focus_widgets()]
    # every declared widget that can take focus now (voice input is off here: no model)
    assert not window.menu.speak.isEnabled()
    assert order == [n for n in window.menu.spec.focus if n != "menuSpeak"]  # a tile per service, in menu order
    assert window.focusWidget() is not None and window.focusWidget().objectName() == "tile_filing"
    # Tab moves along the declared order, as a keypad's "next" key will
    first = window.focusWidget()
    assert first.nextInFocusChain().objectName() == window.menu.spec.focus[1]


def test_titles_and_prompts_are_translated(qtbot, app_parts):
    window, core, services = app_parts()
    for spec in SPECS.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.title()), spec.name
