"""Language switching through Qt's translation system (.ts sources, .qm compiled).

Source strings are English; Simplified Chinese comes from assets/i18n/kiosk_zh_CN.qm.
After a switch the listeners run: the main window calls every screen's retranslate().
(Not through LanguageChange events: overriding changeEvent in Python puts the QEvent
enum on the start-up path.)
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger("ui.i18n")

I18N_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
LANGUAGES = ("zh_CN", "en")

# Translators installed by any LanguageSwitch of this process (app.findChildren would find
# them too, but costs ~10 ms on the start-up path).
_INSTALLED: list[QTranslator] = []


class LanguageSwitch:
    def __init__(self, app) -> None:
        self._app = app
        self.listeners: list = []  # called after a switch; they set their texts again

    def __call__(self, language: str) -> None:
        if self._app.property("kioskLanguage") == language:
            return
        while _INSTALLED:
            old = _INSTALLED.pop()
            self._app.removeTranslator(old)
            old.deleteLater()
        if language != "en":
            ours = QTranslator(self._app)
            if ours.load(str(I18N_DIR / f"kiosk_{language}.qm")):
                _INSTALLED.append(ours)
                self._app.installTranslator(ours)
            else:
                log.error("translation for %s is missing; showing English", language)
        self._app.setProperty("kioskLanguage", language)
        QLocale.setDefault(QLocale(language))
        log.info("language %s", language)
        for listener in self.listeners:
            listener()


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
