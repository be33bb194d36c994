"""A kiosk whose court is unreachable still starts and gets ready (it works offline; the outbox
delivers later): `kiosk --smoke` against a court that refuses connections and one that accepts
them but never answers. Under systemd (NOTIFY_SOCKET) it says READY=1, and STOPPING=1 at quit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.deploy.notify_socket import NotifyListener

pytestmark = pytest.mark.slow


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: connections are refused


def smoke(tmp_path, court_url: str, extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update({"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK_KIOSK__LOG_DIR": str(tmp_path / "log"),
                "KIOSK_COURT__BACKEND": "remote", "KIOSK_COURT__BASE_URL": court_url,
                "KIOSK_COURT__TIMEOUT_SECONDS": "3", "QT_QPA_PLATFORM": "offscreen",
                # plain http here and no kiosk certificate: without this nothing would be sent at all
                "KIOSK_COURT__MUTUAL_TLS": "false"})
    env.update(extra or {})
    return subprocess.run([sys.executable, "-m", "kiosk", "--smoke"], env=env, capture_output=True, text=True,
                          timeout=180)


def test_the_kiosk_starts_while_the_court_refuses_connections(tmp_path):
    with NotifyListener(str(tmp_path / "notify")) as listener:
        result = smoke(tmp_path, f"http://127.0.0.1:{closed_port()}",
                       {"NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "2000000"})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "kiosk smoke test passed" in result.stdout
        assert listener.wait_for("STOPPING=1", 5)
        fields = [f for _, f in listener.fields()]
    assert fields.count("READY=1") == 1 and "WATCHDOG=1" in fields
    assert "STATUS=attract screen shown" in fields and "STATUS=kiosk ready" in fields
    assert fields.index("READY=1") < fields.index("STOPPING=1")
    assert (tmp_path / "data" / "outbox.sqlite3").exists()  # the queue is open for filings made offline


def test_the_kiosk_starts_while_the_court_never_answers(tmp_path):
    with socket.socket() as court:  # accepts connections (the kernel's backlog) and never answers
        court.bind(("127.0.0.1", 0))
        court.listen(64)
        result = smoke(tmp_path, f"http://127.0.0.1:{court.getsockname()[1]}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kiosk smoke test passed" in result.stdout


def test_sigterm_quits_the_kiosk_in_order(tmp_path):
    """systemd stops the unit with SIGTERM: the kiosk quits the orderly way (exit 0, STOPPING=1,
    the services and the queue stopped), not killed mid-way."""
    import signal
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update({"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK_KIOSK__LOG_DIR": str(tmp_path / "log"),
                "QT_QPA_PLATFORM": "offscreen", "KIOSK_METRICS__ENABLED": "false"})
    with NotifyListener(str(tmp_path / "notify")) as listener:
        env.update({"NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "2000000"})
        proc = subprocess.Popen([sys.executable, "-m", "kiosk"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            assert listener.wait_for("STATUS=kiosk ready", 120), "the kiosk never got ready"
            time.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0, out
        assert listener.wait_for("STOPPING=1", 5)
    log = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "quitting on a termination signal" in log
    assert "sync worker stopped" in log
