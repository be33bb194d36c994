"""Run by test_ui_virtual_keyboard_keys.py in its own process on Xvfb (xcb platform): the Qt
Virtual Keyboard with arrow-key navigation turned on through ui.keyboard, typed on with arrow
keys and Return only. Prints one JSON line ("RESULT {...}").

The key under the navigation frame is read from the keyboard's QML (a probe for this test only:
the kiosk never reads it)."""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> int:
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlEngine, QQmlExpression
    from PySide6.QtQuick import QQuickWindow
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

    from ui.keyboard import OnScreenKeyboard

    app = QApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    window = QWidget()
    layout = QVBoxLayout(window)
    hints = Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhNoPredictiveText
    english, chinese, off = QLineEdit(), QLineEdit(), QLineEdit()
    english.setInputMethodHints(hints)
    off.setInputMethodHints(hints)
    for edit in (english, chinese, off):
        layout.addWidget(edit)
    window.resize(1600, 900)
    window.show()
    keyboard = OnScreenKeyboard("en")
    keyboard.set_arrow_navigation(True)  # before the keyboard exists: applied when it is first shown
    im = QGuiApplication.inputMethod()
    result: dict = {}

    def pump(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    def focus(widget):
        window.activateWindow()
        widget.setFocus()
        im.show()
        pump(0.8)
        return im.isVisible()

    def keyboard_item():
        def walk(item):
            yield item
            for child in item.childItems():
                yield from walk(child)

        for w in QGuiApplication.topLevelWindows():
            if isinstance(w, QQuickWindow):
                for item in walk(w.contentItem()):
                    if item.metaObject().indexOfProperty("navigationModeActive") >= 0:
                        return item
        return None

    def framed(kbd):
        """The key under the navigation frame: its text, or "#<Qt key code>" for a function key."""
        expression = QQmlExpression(
            QQmlEngine.contextForObject(kbd), kbd,
            "keyboardInputArea.initialKey ? (keyboardInputArea.initialKey.text || "
            "('#' + keyboardInputArea.initialKey.key)) : ''")
        value = expression.evaluate()
        return value[0] if isinstance(value, tuple) else value

    def press(widget, key, times=1):
        for _ in range(times):
            QTest.keyClick(widget, key)
            pump(0.03)

    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

    def place(key):
        """(row, column) of a letter key; None for the others (shift, space, the globe...)."""
        for row, letters in enumerate(rows):
            if key.lower() in letters and len(key) == 1:
                return row, letters.index(key.lower())
        return None

    offsets = (0.5, 1.0, 2.0)  # a letter's centre in key widths from the left: column + offset of its row

    def reach(widget, kbd, target, moves):
        """Walk the frame to ``target`` as a sighted person with arrow keys would: along the row to
        the key above (or below) it, up or down to its row, then along that row. Records the keys
        pressed."""
        goal = place(target)
        goal_x = goal[1] + offsets[goal[0]]
        dead_ends = set()  # letters whose key above or below is not a letter (the rows are staggered)
        for _ in range(40):
            key = framed(kbd)
            if key.lower() == target:
                return True
            here = place(key)
            vertical = False
            if here is None:  # a function key (the bottom rows): up towards the letters
                move = Qt.Key.Key_Up
            elif here[0] == goal[0]:
                move = Qt.Key.Key_Right if here[1] < goal[1] else Qt.Key.Key_Left
            else:
                row = here[0]
                columns = [c for c in range(len(rows[row])) if (row, c) not in dead_ends]
                best = min(columns, key=lambda c: abs(c + offsets[row] - goal_x))
                if here[1] != best:
                    move = Qt.Key.Key_Right if here[1] < best else Qt.Key.Key_Left
                else:
                    move, vertical = (Qt.Key.Key_Down if row < goal[0] else Qt.Key.Key_Up), True
            press(widget, move)
            moves.append(move.name)
            if vertical and place(framed(kbd)) is None:
                dead_ends.add(here)
        return False

    result["keyboard_shown"] = focus(english)
    settings = keyboard._find_settings()
    result["setting_on"] = bool(settings.property("arrowKeyNavigationEnabled"))
    kbd = keyboard_item()
    press(english, Qt.Key.Key_Right)  # the first arrow key shows the frame
    result["navigation_active"] = bool(kbd.property("navigationModeActive"))
    # where Right alone goes: 60 presses, every key framed on the way
    ring = []
    for _ in range(60):
        ring.append(framed(kbd))
        press(english, Qt.Key.Key_Right)
    result["right_only_letters"] = "".join(sorted({k for k in ring if len(k) == 1 and k.isalpha()}))
    # with up and down as well, every letter is framed
    result["reachable_letters"] = "".join(sorted(k for k in "qwertyuiopasdfghjklzxcvbnm" if reach(english, kbd, k, [])))
    # type "hi" with arrows and Return
    english.clear()
    moves: list[str] = []
    for letter in "hi":
        reach(english, kbd, letter, moves)
        press(english, Qt.Key.Key_Return)
        moves.append("return")
    result["english_typed"] = english.text()
    result["english_moves"] = len(moves)

    # Pinyin: l, i, then the first candidate, all by arrows and Return
    keyboard.set_language("zh_CN")
    result["keyboard_shown_zh"] = focus(chinese)
    pump(0.5)
    result["zh_locale"] = im.locale().name()
    kbd = keyboard_item()
    press(chinese, Qt.Key.Key_Right)
    for letter in "li":
        reach(chinese, kbd, letter, [])
        press(chinese, Qt.Key.Key_Return)
    pump(0.3)
    result["candidates"] = QQmlExpression(QQmlEngine.contextForObject(kbd), kbd,
                                          "wordCandidateView.count").evaluate()[0]
    # up from the top row leaves the keys for the candidate list; Return takes the first
    for _ in range(6):
        if not framed(kbd):
            break
        press(chinese, Qt.Key.Key_Up)
    press(chinese, Qt.Key.Key_Return)
    pump(0.3)
    result["pinyin_typed"] = chinese.text()

    # turned off: arrows move the text cursor again and Return types nothing
    keyboard.set_language("en")
    keyboard.set_arrow_navigation(False)
    result["setting_off"] = not settings.property("arrowKeyNavigationEnabled")
    focus(off)
    off.setText("ab")
    press(off, Qt.Key.Key_Left)
    press(off, Qt.Key.Key_Return)
    result["off_text"] = off.text()
    result["off_cursor"] = off.cursorPosition()
    path = os.environ.get("VK_KEYS_SHOT")
    if path:
        QGuiApplication.primaryScreen().grabWindow(0).save(path)
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    sys.stdout.flush()
    os._exit(0)  # Qt's virtual keyboard objects outlive an orderly interpreter teardown


if __name__ == "__main__":
    raise SystemExit(main())
