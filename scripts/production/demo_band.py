"""Screenshots of the DEMO band (issue 16 §1) in zh_CN and en at the kiosk's window size, into
screenshots/production/: the menu of a demo kiosk with the band across its top.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/production/demo_band.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("production", sep="_") as k:
        pump(1.0)
        k.window.attract.start.click()
        wait(lambda: k.window.current == "menu")
        k.shot("demo_band")
    return 0


if __name__ == "__main__":
    sys.exit(main())
