"""The five keys, the talking fingertip and what the kiosk says (ui/accessibility.py), on the real
window: keys move through a screen's items in its declared order and wrap, select works each kind
of item, back and help do what they say, errors and status changes are heard, touches speak first
while speech is on, and text fields keep the keys that type."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.keywalk import KeyWalk, announcer_config
from tests.ui.steps import click
from ui.accessibility import DEFAULT_KEYS, describe, key_codes, key_map


def _t(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


KEYS_HELP_SOURCE = ("Use the keys: up and down move from item to item, select chooses the item, back goes back, help "
                    "explains the screen. Touch an item to hear it, touch it again to choose it. Repeat, speed and "
                    "volume are in the green channel's settings.")


def build(app_parts, qtbot, **overrides):
    window, core, services = app_parts(**announcer_config(), **overrides)
    return window, core, services, KeyWalk(qtbot, window, services)


def to_menu_with_speech(walk):
    mark = walk.mark()
    walk.press("help")  # on the attract screen: explains, and the green channel (speech) comes on
    assert walk.services.session.data.settings.green_channel
    help_text = walk.wait_heard(walk.window.attract.spec.title(), "help", mark)
    assert _t(KEYS_HELP_SOURCE) in help_text
    walk.press("select")  # a key starts, like a touch
    walk.screen_opened("menu", mark)


def test_key_names_come_from_config():
    assert key_codes("Return, Enter") == [int(Qt.Key.Key_Return.value), int(Qt.Key.Key_Enter.value)]
    assert key_codes("NoSuchKey") == []
    defaults = key_map(None)
    assert defaults[int(Qt.Key.Key_F1.value)] == "help" and defaults[int(Qt.Key.Key_Space.value)] == "select"
    assert defaults[int(Qt.Key.Key_Backspace.value)] == "back"
    mapped = key_map({"select": "Select,Return", "repeat": "F2", "help": "Help,Return"})  # Return: select's
    assert mapped[int(Qt.Key.Key_Return.value)] == "select" and mapped[int(Qt.Key.Key_F2.value)] == "repeat"
    assert mapped[int(Qt.Key.Key_Select.value)] == "select" and mapped[int(Qt.Key.Key_Help.value)] == "help"
    from kiosk.config import load_config

    assert load_config(env={}, overrides={}).section("keypad") == DEFAULT_KEYS


def test_up_and_down_walk_the_declared_order_and_wrap(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    to_menu_with_speech(walk)
    menu = window.menu
    tiles = [menu.tiles[info.id] for info in services.catalog]
    first = walk.press_heard("down")
    assert first == describe(tiles[0]) and first.endswith(_t("button"))
    assert tiles[0].text().split("\n")[0] in first
    assert walk.controller.current() == (tiles[0], None) and window.focusWidget() is tiles[0]
    order = [walk.controller.current()[0]]
    for _ in range(len(walk.controller.stops()) - 1):
        walk.press("down")
        order.append(walk.controller.current()[0])
    names = [w.objectName() for w in order]
    # the tiles in menu order, the voice button (unavailable here: no model), Start over, the header's buttons
    assert names[:len(tiles)] == [f"tile_{info.id}" for info in services.catalog]
    assert names[len(tiles):len(tiles) + 2] == ["menuSpeak", "homeButton"]
    assert "languageButton" in names and names.index("languageButton") > names.index("homeButton")
    assert _t("unavailable") in describe(menu.speak)
    assert walk.press_heard("down") == first  # wraps around to the first tile
    mark = walk.mark()
    walk.press("up")
    assert walk.controller.current()[0] is order[-1]  # and back, the other way round
    assert walk.since(mark, "item") == [describe(order[-1])]


def test_select_back_and_help(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    to_menu_with_speech(walk)
    mark = walk.mark()
    walk.press("back")  # nothing to go back to from the menu: said so
    assert walk.since(mark, "item") == [_t("There is no way back from here.")] and window.current == "menu"
    mark = walk.mark()
    walk.choose(window.menu.tiles["fee_calculator"])
    walk.screen_opened("fee_calculator", mark)
    mark = walk.mark()
    walk.press("help")  # explains this screen and the keys
    said = walk.wait_heard(window.fee_calculator.spec.prompt(), "help", mark)
    assert said.startswith(window.fee_calculator.spec.title()) and _t(KEYS_HELP_SOURCE) in said
    mark = walk.mark()
    walk.press("back")
    walk.screen_opened("menu", mark)


def test_a_check_box_says_its_state_and_results_and_errors_are_heard(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    to_menu_with_speech(walk)
    walk.choose(window.menu.tiles["fee_calculator"])
    walk.screen_opened("fee_calculator")
    calc = window.fee_calculator
    simple = calc.checks["feeSimple"].box
    said = walk.reach(simple)
    assert said.startswith(calc.checks["feeSimple"].text()) and said.endswith(_t("not selected"))
    mark = walk.mark()
    walk.press("select")
    assert simple.isChecked() and walk.since(mark, "item") == [describe(simple)]
    assert walk.since(mark, "item")[0].endswith(_t("selected")) and not walk.since(mark, "item")[0].endswith(_t("not selected"))
    # an amount that is not one: the error is heard; a good one: the fee is heard as it changes
    mark = walk.mark()
    calc.amount.setText("12,3x")
    walk.wait_heard(calc.total.text(), "error", mark)
    assert "12000" in calc.total.text()  # (the example in the message)
    mark = walk.mark()
    calc.amount.setText("100000")
    said = walk.wait_heard("1,150.00", "change", mark)  # half of 2,300: simple procedure
    assert said == calc.total.text()
    # the result is also an item of its own
    assert walk.reach(calc.total) == calc.total.text()
    assert walk.reach(calc.breakdown).startswith(calc.breakdown.text().split("\n")[0])


def test_text_fields_keep_the_keys_that_type(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["fee_calculator"])
    amount = window.fee_calculator.amount
    window.activateWindow()
    amount.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is amount)
    QTest.keyClicks(amount, "12 3")  # Space types a space in a text field (not select)
    QTest.keyClick(amount, Qt.Key.Key_Backspace)  # and Backspace deletes (not back)
    assert amount.text() == "12 " and window.current == "fee_calculator"
    # the on-screen keyboard's keys are sent, not typed: they always reach the field
    QApplication.sendEvent(amount, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Backspace,
                                             Qt.KeyboardModifier.NoModifier))
    assert amount.text() == "12" and window.current == "fee_calculator"
    QTest.keyClick(amount, Qt.Key.Key_Escape)  # a keypad's back still goes back
    assert window.current == "menu"


def test_talking_fingertip_speaks_first_then_acts(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    to_menu_with_speech(walk)
    tile = window.menu.tiles["fee_calculator"]
    mark = walk.mark()
    click(qtbot, tile)  # the first touch says it and puts the focus there
    assert window.current == "menu" and walk.since(mark, "item") == [describe(tile)] and window.focusWidget() is tile
    click(qtbot, tile)  # the second touch chooses it
    walk.screen_opened("fee_calculator", mark)
    box = window.fee_calculator.checks["feeMediated"]
    click(qtbot, box.box)
    assert not box.isChecked()  # spoken, not ticked
    mark = walk.mark()
    qtbot.mouseClick(box.text_label, Qt.MouseButton.LeftButton)  # its text is the same control
    assert box.isChecked()
    walk.wait_heard(describe(box.box), "item", mark)
    # without speech a touch acts at once, as always
    services.session.data.settings.speech = services.session.data.settings.green_channel = False
    click(qtbot, box.box)
    assert not box.isChecked()


def test_the_idle_warning_takes_the_keys(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    to_menu_with_speech(walk)
    walk.press("down")
    current = walk.controller.current()
    session = services.session.session
    session.tick(time.monotonic() + session.idle_warning_seconds * session.timeout_factor + 1)
    qtbot.waitUntil(window.overlay.isVisible)
    assert [w.objectName() for w in walk.controller.widgets()] == ["idleContinue"]  # the layer in front
    for key in ("down", "select", "back"):
        mark = walk.mark()
        walk.press(key)  # any key keeps going, and does nothing else
        assert not window.overlay.isVisible() and window.current == "menu"
        assert walk.controller.current() == current and walk.since(mark, "item") == []
        session.tick(time.monotonic() + session.idle_warning_seconds * session.timeout_factor + 1)
        qtbot.waitUntil(window.overlay.isVisible)


def test_focus_is_scrolled_into_view(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    to_menu_with_speech(walk)
    walk.choose(window.menu.tiles["fee_calculator"])
    walk.screen_opened("fee_calculator")
    window.resize(1100, 560)
    page = window._pages["fee_calculator"]
    qtbot.waitUntil(lambda: page.verticalScrollBar().maximum() > 0)
    page.verticalScrollBar().setValue(0)
    notes = window.fee_calculator.notes
    window.fee_calculator.amount.setText("5000")
    walk.reach(notes)
    top = notes.mapTo(page.widget(), notes.rect().topLeft()).y() - page.verticalScrollBar().value()
    assert page.verticalScrollBar().value() > 0 and 0 <= top < page.viewport().height()


def test_extra_speech_keys_from_config(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot, **{"keypad.repeat": "F2", "keypad.volume_up": "F3"})
    walk.controller.set_keys(core.config.section("keypad"))  # (as kiosk.app gives them at start-up)
    to_menu_with_speech(walk)
    calls = []
    announcer = walk.announcer
    for name in ("repeat", "louder"):
        original = getattr(announcer, name)
        setattr(announcer, name, lambda n=name, f=original: (calls.append(n), f()))
    walk.key(Qt.Key.Key_F2)
    walk.key(Qt.Key.Key_F3)
    assert calls == ["repeat", "louder"]
    assert "F2" in walk.controller.help_text() and "F3" in walk.controller.help_text()


def test_watching_labels_is_cheap(qtbot, app_parts):
    window, core, services, walk = build(app_parts, qtbot)
    to_menu_with_speech(walk)
    walk.choose(window.menu.tiles["guidance"])
    qtbot.waitUntil(lambda: window.current == "guidance")
    started = time.perf_counter()
    for _ in range(20):
        walk.controller._watch()
        walk.controller.stops()
    per_round = (time.perf_counter() - started) / 20
    assert per_round < 0.010, f"{per_round * 1000:.1f} ms a round"  # far inside a 50 ms frame budget
