"""The Qt Virtual Keyboard (Pinyin and English) for every text field.

Qt shows it by itself for any focused text field once QT_IM_MODULE=qtvirtualkeyboard
(set by the app before the QApplication exists). This adapter keeps its language list
to the kiosk's two (so the globe key toggles instead of opening a list of 40) and makes
it follow the litigant's language choice. Its settings live in the keyboard's own QML
engine, which exists once the keyboard has been shown for the first time.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QGuiApplication

log = logging.getLogger("ui.keyboard")

LOCALES = {"zh_CN": "zh_CN", "en": "en_GB"}


def enabled() -> bool:
    return os.environ.get("QT_IM_MODULE") == "qtvirtualkeyboard"


class OnScreenKeyboard:
    def __init__(self, language: str) -> None:
        self._language = language
        self._applied: str | None = None  # the kiosk language last given to the keyboard
        self._settings = None
        self._retries = 0
        self._arrow_keys = False  # arrow-key navigation of the keys (the green channel turns it on)
        self.moved: list = []  # callbacks(top of the keyboard in window pixels, or None when hidden)
        if enabled():
            im = QGuiApplication.inputMethod()
            im.visibleChanged.connect(self._apply)
            im.visibleChanged.connect(self._moved)
            im.keyboardRectangleChanged.connect(self._moved)

    def _moved(self) -> None:
        im = QGuiApplication.inputMethod()
        rect = im.keyboardRectangle()
        top = int(rect.top()) if im.isVisible() and rect.height() > 0 else None
        for callback in self.moved:
            callback(top)

    def set_language(self, language: str) -> None:
        self._language = language
        self._apply()

    def set_arrow_navigation(self, on: bool) -> None:
        """Let a keyboard's arrow keys walk the on-screen keys (a yellow frame shows where) and Return
        press the one framed (VirtualKeyboardSettings.arrowKeyNavigationEnabled). Up and down move
        between rows, left and right along a row; right at a row's end goes on to the next row
        below, but from the top row's end it skips the shorter second row (a-l), so up/down are
        needed too. The five-key keypad types through ui.keypad_entry instead."""
        self._arrow_keys = bool(on)
        if self._settings is not None:
            self._settings.setProperty("arrowKeyNavigationEnabled", self._arrow_keys)
        elif on:
            self._apply()

    @property
    def arrow_navigation(self) -> bool:
        return self._arrow_keys

    def _find_settings(self):
        from PySide6.QtQml import QQmlEngine
        from PySide6.QtQuick import QQuickWindow

        for window in QGuiApplication.topLevelWindows():
            if not isinstance(window, QQuickWindow):
                continue
            for item in window.contentItem().childItems():
                context = QQmlEngine.contextForObject(item)
                if context is not None and context.engine() is not None:
                    return context.engine().singletonInstance(
                        "QtQuick.VirtualKeyboard.Settings", "VirtualKeyboardSettings")
        return None

    def _apply(self) -> None:
        if not enabled():
            return
        if self._settings is None:
            self._settings = self._find_settings()
            if self._settings is None:
                # the panel is being created as it first becomes visible: look again shortly
                if self._retries < 50:
                    self._retries += 1
                    from PySide6.QtCore import QTimer

                    QTimer.singleShot(100, self._apply)
                return
            self._settings.setProperty("activeLocales", [LOCALES["zh_CN"], LOCALES["en"]])
            self._settings.setProperty("arrowKeyNavigationEnabled", self._arrow_keys)
            log.info("on-screen keyboard limited to %s", ", ".join(LOCALES.values()))
        if self._applied != self._language:  # the globe key's choice stands until the kiosk's changes
            self._applied = self._language
            self._settings.setProperty("locale", LOCALES.get(self._language, "zh_CN"))
