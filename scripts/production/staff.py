"""Screenshots of the staff login and the maintenance guard (issue 16 §4) in zh_CN and en at the
kiosk's window size, into screenshots/production/: the login pad over a litigant's wizard step
(nothing wiped yet), a wrong PIN, maintenance mode once in, and the quit question.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/production/staff.py --lang zh_CN
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

    args, out = arguments("production")

    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from kiosk.pin import DEMO_PIN
    from kiosk.staff import DEMO_STAFF_NUMBER

    app = QApplication(sys.argv[:1])
    tmp = tempfile.mkdtemp(prefix="kiosk-shots-staff-")
    overrides = {"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang,
                 "kiosk.fullscreen": False, "metrics.enabled": False}
    window, core, services = start_in_process(load_config(env={}, overrides=overrides), app, (1920, 1080))

    def shot(name: str) -> None:
        pump(0.4)
        path = out / f"{name}_{args.lang}.png"
        window.grab().save(str(path))
        print(path)

    try:
        pump(1.0)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        window.choose_service("fee_calculator")
        wait(lambda: window.current != "menu")
        window.enter_maintenance()  # the hidden corner, held
        wait(lambda: window.staff_gate.pad_open)
        window.staff_gate.pad.press("0")
        window.staff_gate.pad.press("0")
        shot("staff_login")
        gate = window.staff_gate
        gate.pad.type_login(DEMO_STAFF_NUMBER, "111111")
        wait(lambda: not gate._checking)
        shot("staff_login_wrong_pin")
        gate.pad.type_login(DEMO_STAFF_NUMBER, DEMO_PIN)
        wait(lambda: window.maintenance.unlocked and window.current == "maintenance")
        shot("maintenance_open")
        window.quit_app()
        shot("quit_confirm")
    finally:
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
