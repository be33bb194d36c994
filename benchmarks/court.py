"""The court sandbox in a process of its own on loopback, as a production kiosk's court is (its
memory is not the kiosk's), for the benchmarks that start a kiosk."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RemoteCourt:
    """The sandbox on loopback, its database in ``folder``; payments are settled through its admin
    API, as the provider would."""

    def __init__(self, folder: Path) -> None:
        self.port, self.admin_port = free_port(), free_port()
        db = folder / "court.sqlite3"
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "court_sandbox", "serve", "--port", str(self.port), "--admin-port",
             str(self.admin_port), "--db", str(db)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        token = db.parent / (db.name + ".admin-token")
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.admin_port), timeout=0.5).close()
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                if token.exists():
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self._token = token.read_text().strip()
        self.url = f"http://127.0.0.1:{self.port}"

    def settle(self, payment_id: str) -> None:
        import requests

        from offline_queue.contract import SETTLE_PAYMENT_PATH

        answer = requests.post(f"http://127.0.0.1:{self.admin_port}" + SETTLE_PAYMENT_PATH.format(payment_id=payment_id),
                               json={"outcome": "paid"}, headers={"X-Admin-Token": self._token}, timeout=10)
        answer.raise_for_status()

    def stop(self) -> None:
        self._proc.terminate()
        self._proc.wait(timeout=10)
