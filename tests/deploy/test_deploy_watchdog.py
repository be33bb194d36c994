"""kiosk/watchdog.py against a fake NOTIFY_SOCKET: READY, then WATCHDOG pings at WATCHDOG_USEC/2
from a real QApplication event loop; a blocked GUI event loop stops the pings (so systemd's
WatchdogSec restarts a hung kiosk), and they resume when it runs again."""

from __future__ import annotations

import logging
import os
import time
import uuid

import pytest

from kiosk.watchdog import Notifier, Watchdog, notify_address, watchdog_usec
from tests.deploy.notify_socket import NotifyListener


def test_notify_socket_addresses():
    assert notify_address({"NOTIFY_SOCKET": "/run/systemd/notify"}) == "/run/systemd/notify"
    assert notify_address({"NOTIFY_SOCKET": "@kiosk/notify"}) == b"\0kiosk/notify"
    assert notify_address({}) is None
    assert notify_address({"NOTIFY_SOCKET": ""}) is None
    assert notify_address({"NOTIFY_SOCKET": "relative"}) is None


def test_watchdog_interval_is_for_this_process_only():
    assert watchdog_usec({"WATCHDOG_USEC": "30000000"}) == 30_000_000
    assert watchdog_usec({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}) == 30_000_000
    assert watchdog_usec({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None  # meant for another
    assert watchdog_usec({"WATCHDOG_USEC": "soon"}) is None
    assert watchdog_usec({"WATCHDOG_USEC": "0"}) is None
    assert watchdog_usec({}) is None


def test_a_message_reaches_an_abstract_socket():
    with NotifyListener(abstract=f"kiosk-test-{uuid.uuid4().hex}") as listener:
        notifier = Notifier({"NOTIFY_SOCKET": listener.address})
        assert notifier.send("READY=1", "STATUS=attract screen shown")
        assert listener.wait_for("READY=1", 2)
        assert listener.has("STATUS=attract screen shown")
        notifier.close()


def test_a_missing_socket_never_raises_and_is_logged_once(tmp_path, caplog):
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    with caplog.at_level(logging.WARNING, logger="kiosk.watchdog"):
        assert notifier.send("WATCHDOG=1") is False
        assert notifier.send("WATCHDOG=1") is False
    assert len([r for r in caplog.records if "sd_notify failed" in r.getMessage()]) == 1
    notifier.close()


def test_without_systemd_nothing_runs(qapp):
    watchdog = Watchdog(env={})
    watchdog.start()
    watchdog.ready()
    assert not watchdog.enabled and not watchdog.is_ready
    assert not watchdog._ping.isActive() and not watchdog._fallback.isActive()
    watchdog.stop()


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times[:-1], times[1:], strict=True)]


@pytest.mark.slow
def test_pings_come_from_the_event_loop_and_stop_while_it_is_blocked(qapp, qtbot, tmp_path):
    interval = 0.2  # WATCHDOG_USEC / 2
    with NotifyListener(str(tmp_path / "notify")) as listener:
        watchdog = Watchdog(env={"NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": str(int(interval * 2e6))})
        assert watchdog.interval_ms == 200
        try:
            watchdog.start()
            watchdog.ready()
            qtbot.wait(1500)
            running = listener.times("WATCHDOG=1")
            assert len(running) >= 6, running
            assert max(_gaps(running)) < interval * 2, _gaps(running)  # every interval, none missed
            assert listener.times("READY=1") and listener.has("STATUS=attract screen shown")

            blocked_from = time.monotonic()
            time.sleep(1.5)  # the GUI thread (this one) hangs: its event loop runs no timer
            blocked_to = time.monotonic()
            during = [t for t in listener.times("WATCHDOG=1") if blocked_from + 0.05 < t < blocked_to]
            assert during == [], "a ping arrived while the event loop was blocked"

            qtbot.wait(1000)
            after = [t for t in listener.times("WATCHDOG=1") if t >= blocked_to]
            assert len(after) >= 3, "pings did not resume after the event loop ran again"
            assert after[0] - blocked_to < interval * 2

            watchdog.stopping()
            assert listener.wait_for("STOPPING=1", 2)
            pings = len(listener.times("WATCHDOG=1"))
            qtbot.wait(500)
            assert len(listener.times("WATCHDOG=1")) == pings  # no ping after STOPPING
        finally:
            watchdog.stop()
        assert len(listener.times("READY=1")) == 1


def test_ready_comes_by_itself_when_the_screen_is_never_painted(qapp, qtbot, tmp_path):
    with NotifyListener(str(tmp_path / "notify")) as listener:
        watchdog = Watchdog(env={"NOTIFY_SOCKET": listener.address}, ready_fallback_seconds=0.2)
        try:
            watchdog.start()
            assert watchdog.interval_ms is None and not watchdog._ping.isActive()  # no WatchdogSec: no pings
            qtbot.waitUntil(lambda: watchdog.is_ready, timeout=3000)
            assert listener.wait_for("READY=1", 2)
            assert any(f.startswith("STATUS=running; attract screen not painted") for _, f in listener.fields())
            watchdog.ready()  # the late first paint: READY is said once only
            qtbot.wait(100)
            assert len(listener.times("READY=1")) == 1
        finally:
            watchdog.stop()
