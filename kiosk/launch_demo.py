"""`make demo`: start the kiosk in demo mode on whatever screen this machine has.

A desktop session (DISPLAY or WAYLAND_DISPLAY) is used as it is. A console with a
framebuffer runs Qt's linuxfb platform. With neither (a server or container), a
virtual X display is started so the app still runs; it says where it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time


def main() -> int:
    env = dict(os.environ)
    env.setdefault("KIOSK_KIOSK__MODE", "demo")
    xvfb = None
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")):
        if os.access("/dev/fb0", os.W_OK):
            env["QT_QPA_PLATFORM"] = "linuxfb"
        elif shutil.which("Xvfb"):
            display = ":77"
            xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)
            env["DISPLAY"] = display
            print(f"No screen found: the kiosk runs on the virtual display {display}. "
                  f"Look at it with e.g. `DISPLAY={display} xwd -root | convert xwd:- shot.png`; "
                  "stop with Ctrl+C.", flush=True)
    try:
        return subprocess.call([sys.executable, "-m", "kiosk", *sys.argv[1:]], env=env)
    except KeyboardInterrupt:
        return 0
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=5)


if __name__ == "__main__":
    raise SystemExit(main())
