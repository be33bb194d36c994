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
    # The session script is self-contained: a copy runs wherever the repository is (even under
    # /root, which `nobody` cannot enter).
    session = path / "court-kiosk-session"
    shutil.copy(SESSION, session)
    session.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def kiosk_reachable_by_the_session_user() -> bool:
    """Whether the user cage runs as (``nobody`` when the tests run as root) can run this
    checkout's kiosk: read the repository and the venv's packages."""
    if os.geteuid() != 0:
        return True
    import sysconfig

    paths = [str(REPO / "kiosk" / "__main__.py"), sysconfig.get_paths()["purelib"]]
    check = subprocess.run(["sh", "-c", 'for p; do test -r "$p" || exit 1; done', "sh", *paths],
                           user=65534, group=65534, extra_groups=[], capture_output=True, timeout=10)
    return check.returncode == 0


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
    proc = subprocess.Popen([str(session_dir / "court-kiosk-session"), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True, cwd=home, **as_nobody)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # cage, the session script and the kiosk: our own group
        out, _ = proc.communicate(timeout=10)
        pytest.fail(f"the session did not end within {timeout} s:\n{out[-3000:]}")
    return proc.returncode, out


def test_the_kiosk_runs_under_cage_on_wayland_and_gets_ready(session_dir):
    if not kiosk_reachable_by_the_session_user():
        pytest.skip("cage refuses to run as root and `nobody` cannot read this checkout (e.g. under /root): "
                    "run the tests from a folder other users can read")
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
