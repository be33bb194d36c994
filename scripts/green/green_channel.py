"""Screenshots of the green channel (issue 15 §4) in zh_CN and en at the kiosk's window size, into
screenshots/green/: the attract screen's offer, the green channel's screen as it opens, at L in white
on black, at XL in yellow on black, the menu after it at XL, and the spoken idle countdown.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/green_channel.py --lang zh_CN
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from scripts.shots import arguments, pump, wait

    args, out = arguments("green")

    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config

    app = QApplication(sys.argv[:1])
    tmp = tempfile.mkdtemp(prefix="kiosk-shots-green-")
    overrides = {"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang, "kiosk.fullscreen": False}
    window, core, services = start_in_process(load_config(env={}, overrides=overrides), app, (1920, 1080))

    def shot(name):
        pump(0.5)
        path = out / f"green-{name}-{args.lang}.png"
        window.grab().save(str(path))
        print(path)

    try:
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
    finally:
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
