"""The kiosk under cage, as the unit runs it: deploy/court-kiosk-session starts cage (wlroots' headless
backend here, no GPU, no input devices), the app runs on Qt's wayland platform, paints its attract
screen (READY=1 on the fake NOTIFY_SOCKET), gets ready and exits 0 by itself (--smoke); the
session passes the app's exit status through cage (which itself always exits 0). cage refuses to
run as root, so a root test runs it as `nobody`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.deploy.notify_socket import NotifyListener

REPO = Path(__file__).resolve().parents[2]
SESSION = REPO / "deploy" / "court-kiosk-session"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("cage") is None,
                       reason="cage is not installed (apt-get install cage xwayland; the Makefile installs them)"),
]


@pytest.fixture
def session_dir():
    """A folder the kiosk's user can use (pytest's tmp_path is root's own, 0700)."""
    path = Path(tempfile.mkdtemp(prefix="kiosk-cage-"))
    path.chmod(0o755)
    runtime = path / "runtime"
    runtime.mkdir(mode=0o700)
    if os.geteuid() == 0:
        for p in (path, runtime):
            os.chown(p, 65534, 65534)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def run_session(session_dir: Path, kiosk_bin: str, args: list[str], extra: dict, timeout: float = 170):
    home = str(session_dir)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
           "XDG_RUNTIME_DIR": str(session_dir / "runtime"), "XDG_CONFIG_HOME": f"{home}/config",
           "XDG_DATA_HOME": f"{home}/share", "XDG_STATE_HOME": f"{home}/state", "XDG_CACHE_HOME": f"{home}/cache",
           "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman",
           "QT_QPA_PLATFORM": "wayland", "KIOSK_BIN": kiosk_bin, "CAGE_ARGS": "-d",
           "COURT_KIOSK_STATUS_FILE": str(session_dir / "runtime" / "app-exit-status")}
    env.update(extra)
    as_nobody = {"user": 65534, "group": 65534, "extra_groups": []} if os.geteuid() == 0 else {}
    proc = subprocess.Popen([str(SESSION), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True, cwd=home, **as_nobody)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # cage, the session script and the kiosk: our own group
        out, _ = proc.communicate(timeout=10)
        pytest.fail(f"the session did not end within {timeout} s:\n{out[-3000:]}")
    return proc.returncode, out


def test_the_kiosk_runs_under_cage_on_wayland_and_gets_ready(session_dir):
    data = session_dir / "kiosk"
    with NotifyListener(str(session_dir / "notify")) as listener:
        code, out = run_session(session_dir, sys.executable, ["-m", "kiosk", "--smoke"], {
            "KIOSK_KIOSK__DATA_DIR": str(data / "data"), "KIOSK_KIOSK__LOG_DIR": str(data / "log"),
            "NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "1",
        })
        fields = [f for _, f in listener.fields()]
    assert code == 0, out[-4000:]
    assert "kiosk smoke test passed: attract screen shown" in out
    assert "READY=1" in fields and "STATUS=attract screen shown" in fields  # painted, on cage's output
    assert "WATCHDOG=1" in fields  # the session unset WATCHDOG_PID (meant for itself), so the kiosk pings


def test_the_apps_exit_status_comes_through_cage(session_dir):
    fake = session_dir / "refusing-kiosk"
    fake.write_text("#!/bin/sh\necho 'kiosk: refusing to start in production mode' >&2\nexit 78\n")
    fake.chmod(0o755)
    code, out = run_session(session_dir, str(fake), [], {}, timeout=60)
    assert code == 78, out[-2000:]  # systemd's RestartPreventExitStatus=78 sees it: no restart loop
    assert "refusing to start" in out
