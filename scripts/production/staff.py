"""Screenshots of the staff login and the maintenance guard (issue 16 §4) in zh_CN and en at the
kiosk's window size, into screenshots/production/: the login pad over a litigant's wizard step
(nothing wiped yet), a wrong PIN, maintenance mode once in, and the quit question.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/production/staff.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from kiosk.pin import DEMO_PIN
    from kiosk.staff import DEMO_STAFF_NUMBER
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("production", sep="_") as k:
        window, shot = k.window, k.shot
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
