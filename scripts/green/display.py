"""Screenshots of the green channel's display (issue 15 §3): the menu and one wizard step (the
filing's parties step, reached with the demo ID card) at every text size x contrast scheme, at
the kiosk's window size, into screenshots/green/display/<screen>_<size>_<scheme>_<lang>.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/display.py            # zh_CN and en
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/display.py --lang en  # one language
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from scripts.shots import arguments, kiosk_shots, pump, wait

    args, _ = arguments("green/display")
    languages = [args.lang] if "--lang" in " ".join(sys.argv[1:]) else ["zh_CN", "en"]

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from ui import theme

    def type_text(widget, text):
        widget.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    def every_look(k, screen):
        for text_size in theme.TEXT_SIZES:
            for scheme in theme.SCHEMES:
                theme.apply(k.app, text_size, scheme)
                k.window.show_screen(screen)  # (as a screen is shown: it re-reads the look)
                k.shot(f"{screen}_{text_size}_{scheme}")
        theme.apply(k.app)

    def one_language(lang):
        with kiosk_shots("green/display", "", sep="_", lang=lang) as k:
            window = k.window
            pump(1.0)
            window.attract.start.click()
            wait(lambda: window.current == "menu")
            every_look(k, "menu")
            k.identify("filing")
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
            every_look(k, "filing_parties")

    for lang in languages:
        one_language(lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
