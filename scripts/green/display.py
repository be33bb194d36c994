"""Screenshots of the green channel's display (issue 15 §3): the menu and one wizard step (the
filing's parties step, reached with the demo ID card) at every text size x contrast scheme, at
the kiosk's window size, into screenshots/green/display/<screen>_<size>_<scheme>_<lang>.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/display.py            # zh_CN and en
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/display.py --lang en  # one language
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from scripts.shots import arguments, pump, wait

    args, out = arguments("green/display")
    languages = [args.lang] if "--lang" in " ".join(sys.argv[1:]) else ["zh_CN", "en"]

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from ui import theme

    app = QApplication(sys.argv[:1])

    def type_text(widget, text):
        widget.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    def every_look(window, screen, lang):
        for text_size in theme.TEXT_SIZES:
            for scheme in theme.SCHEMES:
                theme.apply(app, text_size, scheme)
                window.show_screen(screen)  # (as a screen is shown: it re-reads the look)
                pump(0.4)
                path = out / f"{screen}_{text_size}_{scheme}_{lang}.png"
                window.grab().save(str(path))
                print(path)
        theme.apply(app)

    def one_language(lang):
        tmp = tempfile.mkdtemp(prefix="kiosk-shots-display-")
        config = load_config(env={}, overrides={
            "kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": lang, "kiosk.fullscreen": False})
        window, core, services = start_in_process(config, app, (1920, 1080))
        pump(1.0)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        every_look(window, "menu", lang)
        window.menu.tiles["filing"].click()
        wait(lambda: window.current == "identify")
        services.demo.place_card(0)
        wait(lambda: window.identify.continue_button.isVisible())
        window.identify.continue_button.click()
        wait(lambda: window.current == "filing_start")
        start = window.filing.start
        start.kind_buttons["first_instance"].click()
        start.for_self.click()
        start.notice.set_acknowledged(True)
        start.next.click()
        wait(lambda: window.current == "filing_parties")
        parties = window.filing.parties
        type_text(parties.name_edit, "李四")
        type_text(parties.ident, "11010519491231002X")
        parties.name_edit.setFocus()
        every_look(window, "filing_parties", lang)
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()

    for lang in languages:
        one_language(lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
