"""`make demo`: start the kiosk in demo mode on whatever screen this machine has.

A desktop session (DISPLAY or WAYLAND_DISPLAY) is used as it is. A console with a
framebuffer runs Qt's linuxfb platform. With neither (a server or container), a
virtual X display is started so the app still runs; it says where it is.
`make demo ARGS=--smoke` starts it the same way and exits 0 once it is ready.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time


def start_xvfb(size: str = "1920x1080x24", timeout: float = 10.0) -> tuple[subprocess.Popen, str]:
    """A virtual X display: (process, ":N"). Xvfb picks a free display itself and writes its
    number to a pipe (-displayfd): no clash with another X server. Stop it by its PID."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise FileNotFoundError("Xvfb is missing (apt install xvfb; `make demo` installs it)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_fd,))
    os.close(write_fd)
    number = ""
    deadline = time.monotonic() + timeout
    with os.fdopen(read_fd) as pipe:
        while not number.endswith("\n"):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                raise RuntimeError("Xvfb did not start")
            if select.select([pipe], [], [], 0.1)[0]:
                chunk = os.read(pipe.fileno(), 16).decode()
                if not chunk:
                    continue
                number += chunk
    return proc, f":{number.strip()}"


def main() -> int:
    env = dict(os.environ)
    env.setdefault("KIOSK_KIOSK__MODE", "demo")
    xvfb = None
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")):
        if os.access("/dev/fb0", os.W_OK):
            env["QT_QPA_PLATFORM"] = "linuxfb"
        elif shutil.which("Xvfb"):
            xvfb, display = start_xvfb()
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
