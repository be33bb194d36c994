"""Screenshots of the five-key keyboard (ui/keypad_entry.py, issue 15 §2) in zh_CN and en at the
kiosk's window size, into screenshots/green/: a phone number typed in the digits, the choices on
the defendant's name, the letters, and the digits at XL on yellow-on-black.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/keypad_entry.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from scripts.shots import kiosk_shots, pump, wait
    from ui import theme
    from ui.keypad_entry import Choice, KeypadEntry

    with kiosk_shots("green", "keypad-") as k:
        app, window, services, shot = k.app, k.window, k.services, k.shot
        pump(1.0)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        k.identify("filing")
        wait(lambda: window.current == "filing_start")
        window.filing.start.notice.set_acknowledged(True)
        window.filing.start.next.click()
        wait(lambda: window.current == "filing_parties")
        parties = window.filing.parties
        keypad = KeypadEntry(window.centralWidget(), None, services.voice)

        keypad.open(parties.phone)
        for digit in "1380013":
            steps = int(digit)
            for action in ["down"] * steps + ["select"] + ["up"] * steps:
                keypad.handle(action)
        keypad.handle("down")
        keypad.handle("down")
        shot("phone")

        keypad.handle("back")
        keypad.handle("select")  # Done
        keypad.open(parties.name_edit)
        shot("choices")
        while keypad.highlighted != Choice("group", "letters"):
            keypad.handle("down")
        keypad.handle("select")
        for action in ["down"] * 11 + ["select", "up", "up", "up", "select"]:
            keypad.handle(action)
        shot("letters")
        keypad.close_entry()

        theme.apply(app, "XL", "yellow_on_black")
        pump(0.5)
        keypad.open(parties.phone)
        for action in ("down", "down", "down"):
            keypad.handle(action)
        shot("phone-XL-yellow_on_black")
        keypad.close_entry()
        theme.apply(app, "M", "standard")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
