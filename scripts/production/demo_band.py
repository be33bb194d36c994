"""Screenshots of the DEMO band (issue 16 §1) in zh_CN and en at the kiosk's window size, into
screenshots/production/: the menu of a demo kiosk with the band across its top.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/production/demo_band.py --lang zh_CN
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

    app = QApplication(sys.argv[:1])
    tmp = tempfile.mkdtemp(prefix="kiosk-shots-demo-band-")
    overrides = {"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang, "kiosk.fullscreen": False}
    window, core, services = start_in_process(load_config(env={}, overrides=overrides), app, (1920, 1080))
    try:
        pump(1.0)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        pump(0.4)
        path = out / f"demo_band_{args.lang}.png"
        window.grab().save(str(path))
        print(path)
    finally:
        services.shutdown()
        core.stop()
        if hasattr(window, "allow_close"):
            window.allow_close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
