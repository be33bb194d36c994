"""Run by test_ui_virtual_keyboard.py in its own process on Xvfb (xcb platform):
the real kiosk window, the Qt Virtual Keyboard, touches on its keys. Prints JSON."""

from __future__ import annotations

import json
import sys
import tempfile
import time


def main() -> int:
    import os

    from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.app import KEYBOARD_LOCALES, attach_services, create_window
    from kiosk.compose import start_core
    from kiosk.config import load_config
    from kiosk.core import KioskCore

    tmp = tempfile.mkdtemp(prefix="kiosk-vk-")
    config = load_config(env={}, overrides={"kiosk.data_dir": tmp, "kiosk.log_dir": tmp})
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    os.environ["LC_ALL"] = KEYBOARD_LOCALES[config.get("kiosk.language")]
    app = QApplication(sys.argv[:1])
    window, policy = create_window(config, app)
    window.show_kiosk()
    core = KioskCore(config)
    start_core(core)
    services = attach_services(window, core, policy, app)
    result = {}

    def pump(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    def wait(cond, timeout=10.0):
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError(str(cond))
            pump(0.05)

    im = QGuiApplication.inputMethod()

    def focus(widget):
        window.activateWindow()
        widget.setFocus()
        im.show()
        pump(0.4)
        return im.isVisible()

    def panel():
        return next(w for w in QGuiApplication.topLevelWindows()
                    if w.isVisible() and w.objectName() != "QWidgetClassWindow" and w.width() > 100
                    and w is not window.windowHandle())

    def key(ch):
        r = im.keyboardRectangle()
        w, h, y0 = r.width(), r.height(), r.y()
        rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
        for ri, row in enumerate(rows):
            if ch in row:
                x = (row.index(ch) + 0.5 + ri * 0.5 + (0.5 if ri == 2 else 0)) * w / 10
                return QPoint(int(r.x() + x), int(y0 + (ri + 0.5) * h / 4))
        if ch == "english":  # second entry of the language list the globe key opens above itself
            return QPoint(int(r.x() + 2.0 * w / 10), int(y0 + 2.75 * h / 4))
        spots = {" ": 5.0, "globe": 2.0}
        return QPoint(int(r.x() + spots[ch] * w / 10), int(y0 + 3.5 * h / 4))

    def touch(keys):
        for k in keys:
            QTest.mouseClick(panel(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, key(k))
            pump(0.15)
        pump(0.4)

    pump(1.0)
    window.attract.start.click()
    window.menu.tiles["filing"].click()
    wait(lambda: window.current == "identify")
    services.demo.place_card(0)
    wait(lambda: window.identify.continue_button.isVisible())
    window.identify.continue_button.click()
    wait(lambda: window.current == "filing_start")
    window.filing.start.notice.set_acknowledged(True)  # the filing notice, read
    window.filing.start.next.click()
    wait(lambda: window.current == "filing_parties")
    parties = window.filing.parties

    result["window_fills_screen"] = window.geometry() == QGuiApplication.primaryScreen().geometry()
    parties.phone.setFocus()  # the lowest field: it must end up above the keyboard
    result["keyboard_shown"] = focus(parties.phone)
    pump(0.5)
    bottom = parties.phone.mapTo(window, QPoint(0, parties.phone.height())).y()
    footer_bottom = window.footer.mapTo(window, QPoint(0, window.footer.height())).y()
    top = im.keyboardRectangle().top()
    result["field_above_keyboard"] = bottom <= top
    result["footer_above_keyboard"] = footer_bottom <= top + 1
    result["keyboard_shown"] = focus(parties.name_edit) and result["keyboard_shown"]
    result["keyboard_locale"] = im.locale().name()
    touch("zhang san ")
    result["pinyin_typed"] = parties.name_edit.text()

    focus(parties.address)
    touch(["globe"])
    touch(["english"])
    result["locale_after_globe"] = im.locale().name()
    touch("li ")
    result["english_typed"] = parties.address.text()
    QGuiApplication.primaryScreen().grabWindow(0).save(os.path.join(tmp, "vk.png"))
    result["screenshot"] = os.path.join(tmp, "vk.png")

    shown = {}
    for w in (parties.name_edit, parties.ident, parties.address, parties.phone):
        shown[w.objectName()] = focus(w)
    parties.ident.clear()
    parties.next.click()
    wait(lambda: window.current == "filing_claims")
    claims = window.filing.claims
    for w in (claims.claims, claims.amount):
        shown[w.objectName()] = focus(w)
    result["keyboard_for_fields"] = shown
    # the litigant switches the kiosk to English: the keyboard follows
    window.language_button.click()
    pump(0.3)
    focus(claims.claims)
    result["keyboard_locale_after_switch"] = im.locale().name()
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    services.shutdown()
    core.stop()
    sys.stdout.flush()
    os._exit(0)  # Qt's virtual keyboard objects outlive an orderly interpreter teardown


if __name__ == "__main__":
    raise SystemExit(main())
