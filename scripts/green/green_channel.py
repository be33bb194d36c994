"""Screenshots of the green channel (issue 15 §4) in zh_CN and en at the kiosk's window size, into
screenshots/green/: the attract screen's offer, the green channel's screen as it opens, at L in white
on black, at XL in yellow on black, the menu after it at XL, and the spoken idle countdown.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/green_channel.py --lang zh_CN
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from scripts.shots import kiosk_shots, wait

    with kiosk_shots("green", "green-", settle=0.5) as k:
        window, services, shot = k.window, k.services, k.shot
        wait(lambda: window.attract.isVisible())
        shot("attract-offer")
        window.attract.green.click()
        wait(lambda: window.current == "green_channel")
        page = window.green_channel
        shot("screen")
        page.sizes["L"].click()
        page.schemes["white_on_black"].click()
        shot("screen-L-white-on-black")
        page.sizes["XL"].click()
        page.schemes["yellow_on_black"].click()
        page.louder.click()
        page.faster.click()
        shot("screen-XL-yellow-on-black")
        area = window._pages["green_channel"]
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
        shot("screen-XL-yellow-on-black-end")
        page.continue_button.click()
        wait(lambda: window.current == "menu")
        shot("menu-XL-yellow-on-black")
        session = services.session.session
        now = time.monotonic()
        session.tick(now + session.idle_warning_seconds * session.timeout_factor + 5)
        wait(lambda: window.overlay.isVisible())
        shot("idle-countdown-XL")
        window.home_button.click()
        wait(lambda: window.current == "attract")
        shot("attract-after-reset")
    return 0


if __name__ == "__main__":
    sys.exit(main())
