"""Language switching through Qt's translation system (.ts sources, .qm compiled).

Source strings are English; Simplified Chinese comes from assets/i18n/kiosk_zh_CN.qm.
Installing or removing a translator sends LanguageChange to every widget, and each
screen's retranslate() sets its texts again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger("ui.i18n")

I18N_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
LANGUAGES = ("zh_CN", "en")


class LanguageSwitch:
    def __init__(self, app) -> None:
        self._app = app
        self._installed: list[QTranslator] = []

    def __call__(self, language: str) -> None:
        if self._app.property("kioskLanguage") == language:
            return
        for t in self._app.findChildren(QTranslator):  # ours are children of the app
            self._app.removeTranslator(t)
            t.deleteLater()
        self._installed.clear()
        if language != "en":
            ours = QTranslator(self._app)
            if ours.load(str(I18N_DIR / f"kiosk_{language}.qm")):
                self._installed.append(ours)
            else:
                log.error("translation for %s is missing; showing English", language)
        for t in self._installed:
            self._app.installTranslator(t)
        self._app.setProperty("kioskLanguage", language)
        QLocale.setDefault(QLocale(language))
        log.info("language %s", language)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
