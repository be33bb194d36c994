"""The kiosk under systemd: sd_notify READY, WATCHDOG pings from the GUI event loop, STOPPING, STATUS.

``deploy/systemd/court-kiosk.service`` is ``Type=notify`` with ``WatchdogSec=``: systemd passes
``NOTIFY_SOCKET`` (a datagram socket; a name starting with ``@`` is in the abstract namespace) and
``WATCHDOG_USEC``. :class:`Watchdog` says READY=1 when the attract screen is first painted (the
kiosk can be touched), then WATCHDOG=1 every ``WATCHDOG_USEC / 2`` from a QTimer on the GUI
thread: while the GUI event loop is blocked no ping is sent, and after ``WatchdogSec`` systemd
kills the kiosk and ``Restart=always`` starts it again. STOPPING=1 goes out when the app quits;
STATUS= lines say what the kiosk is doing (never personal data: ``systemctl status`` shows them).

Without ``NOTIFY_SOCKET`` (a developer's desktop, the tests, ``make demo``) everything here does
nothing. ``WATCHDOG_PID``, when set, must be this process (libsystemd's rule); the session script
unsets it because the kiosk runs as cage's child, not as the unit's main process.

The protocol is one datagram of ``KEY=value`` lines (sd_notify(3)); the stdlib does it, and the
socket is non-blocking, so a stalled systemd never stalls the GUI thread.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("kiosk.watchdog")

# READY=1 even when the attract screen is never painted (a screen switched off or unplugged at
# start): otherwise systemd's start timeout would restart a working kiosk over and over.
READY_FALLBACK_SECONDS = 60.0


def notify_address(env: Mapping[str, str]) -> str | bytes | None:
    """The socket address in ``NOTIFY_SOCKET``: a path, or bytes for an abstract name (``@…``)."""
    name = env.get("NOTIFY_SOCKET", "")
    if name.startswith("@") and len(name) > 1:
        return b"\0" + name[1:].encode()
    if name.startswith("/"):
        return name
    return None  # unset, or a kind this kiosk does not speak (vsock: not in Debian 12's systemd)


def watchdog_usec(env: Mapping[str, str], pid: int | None = None) -> int | None:
    """``WATCHDOG_USEC`` when the watchdog is meant for this process, else None (sd_watchdog_enabled)."""
    raw = env.get("WATCHDOG_USEC", "")
    owner = env.get("WATCHDOG_PID", "")
    if owner and owner != str(os.getpid() if pid is None else pid):
        return None
    try:
        usec = int(raw)
    except ValueError:
        return None
    return usec if usec > 0 else None


class Notifier:
    """Sends sd_notify datagrams; never raises, logs a failure once and its recovery once."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.address = notify_address(os.environ if env is None else env)
        self._sock: socket.socket | None = None
        self._failing = False

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def send(self, *fields: str) -> bool:
        """Send ``KEY=value`` fields in one datagram; True when it went out."""
        if self.address is None:
            return False
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
                self._sock.setblocking(False)
            self._sock.sendto("\n".join(fields).encode("utf-8"), self.address)
        except OSError as exc:
            if not self._failing:
                log.warning("sd_notify failed: %s", exc.strerror or type(exc).__name__)
                self._failing = True
            return False
        if self._failing:
            log.info("sd_notify works again")
            self._failing = False
        return True

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


class Watchdog(QObject):
    """READY/WATCHDOG/STOPPING/STATUS for the app's systemd unit; create and use on the GUI thread."""

    def __init__(self, env: Mapping[str, str] | None = None, parent: QObject | None = None,
                 ready_fallback_seconds: float = READY_FALLBACK_SECONDS) -> None:
        super().__init__(parent)
        env = os.environ if env is None else env
        self._notifier = Notifier(env)
        usec = watchdog_usec(env)
        self.interval_ms: int | None = max(1, usec // 2000) if usec else None
        self._ready = False
        self._ping = QTimer(self)
        self._ping.setObjectName("watchdogPing")
        if self.interval_ms is not None:
            self._ping.setInterval(self.interval_ms)
        self._ping.timeout.connect(self.ping)
        self._fallback = QTimer(self)
        self._fallback.setObjectName("watchdogReadyFallback")
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(int(ready_fallback_seconds * 1000))
        self._fallback.timeout.connect(self._ready_without_paint)

    @property
    def enabled(self) -> bool:
        """Running under a service manager that listens (``NOTIFY_SOCKET`` set)."""
        return self._notifier.enabled

    @property
    def is_ready(self) -> bool:
        return self._ready

    def start(self) -> None:
        """Start pinging (if systemd asked for it) and the READY fallback; no-op without systemd."""
        if not self.enabled:
            return
        self.status("starting")
        if self.interval_ms is not None:
            log.info("systemd watchdog: pinging every %d ms from the GUI thread", self.interval_ms)
            self.ping()
            self._ping.start()
        self._fallback.start()

    def ping(self) -> None:
        """WATCHDOG=1: the GUI event loop is running."""
        self._notifier.send("WATCHDOG=1")

    def ready(self) -> None:
        """READY=1 once: the attract screen is shown and can be touched."""
        self._signal_ready("attract screen shown")

    def _ready_without_paint(self) -> None:
        log.warning("attract screen not painted after %.0f s (screen off?): telling systemd the kiosk is "
                    "up anyway", self._fallback.interval() / 1000)
        self._signal_ready("running; attract screen not painted yet (screen off?)")

    def _signal_ready(self, status: str) -> None:
        self._fallback.stop()
        if self._ready or not self.enabled:
            return
        self._ready = True
        self._notifier.send("READY=1", f"STATUS={status}")

    def status(self, text: str) -> None:
        """A STATUS= line for `systemctl status` (one line, no personal data)."""
        self._notifier.send("STATUS=" + " ".join(text.split()))

    def stopping(self) -> None:
        """STOPPING=1 (the app is quitting); pings stop."""
        self._ping.stop()
        self._fallback.stop()
        self._notifier.send("STOPPING=1", "STATUS=stopping")

    def stop(self) -> None:
        """Stop the timers and close the socket (no message)."""
        self._ping.stop()
        self._fallback.stop()
        self._notifier.close()


def start_watchdog(app, attract_painted) -> Watchdog:
    """The app's watchdog: READY at the attract screen's first paint, STOPPING at quit."""
    watchdog = Watchdog(parent=app)
    if watchdog.enabled:
        attract_painted.connect(watchdog.ready)
        app.aboutToQuit.connect(watchdog.stopping)
        watchdog.start()
    return watchdog
