"""A fake systemd notify socket for tests: a datagram socket that records each message with the
time it arrived (a thread of its own receives, so the stamps stay right while the GUI thread is
blocked). Start it with `with NotifyListener(path) as listener:`; the thread is joined on exit."""

from __future__ import annotations

import os
import socket
import threading
import time


class NotifyListener:
    def __init__(self, path: str | None = None, abstract: str | None = None) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if abstract is not None:
            self.sock.bind(b"\0" + abstract.encode())
            self.address = "@" + abstract
        else:
            self.sock.bind(path)
            os.chmod(path, 0o777)  # the kiosk may run as another user (cage refuses root)
            self.address = path
        self.sock.settimeout(0.05)
        self.messages: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-notify-socket", daemon=True)

    def __enter__(self) -> NotifyListener:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.messages.append((time.monotonic(), data.decode()))

    def fields(self) -> list[tuple[float, str]]:
        """Every KEY=value line received, with its arrival time."""
        with self._lock:
            return [(t, line) for t, msg in self.messages for line in msg.split("\n")]

    def times(self, line: str) -> list[float]:
        return [t for t, f in self.fields() if f == line]

    def has(self, line: str) -> bool:
        return bool(self.times(line))

    def wait_for(self, line: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.has(line):
                return True
            time.sleep(0.05)
        return self.has(line)
