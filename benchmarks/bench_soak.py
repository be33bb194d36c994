"""Soak: many litigants' sessions, one after another, in one kiosk process.

Each session is a litigant filing a case with a scanned complaint: touch the attract screen,
choose 立案, identify with the (simulated) ID card, choose a first-instance suit for oneself and
read the notice, scan the complaint's first page on the document camera (OCR fills the form),
confirm each filled field, the fees, risk notice, address, review and signature, submit (the
receipt is printed), then leave: the session is reset to the attract screen.

Measured after a warm-up of ``WARMUP`` sessions and again at the end: the process's RSS (target:
growth <= 5 %), threads, open file descriptors, live QTimer objects and temporary files (targets:
none leaked). Run with a smaller default count in ``make bench``:

    .venv/bin/python benchmarks/bench_soak.py --sessions 500
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from procstat import rss_mb

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARMUP = 5
DEFAULT_SESSIONS = 25


class _Bot:
    """What tests.ui.steps asks of pytest-qt's qtbot, on QTest."""

    def __init__(self, app) -> None:
        self.app = app

    def waitUntil(self, condition, timeout: int = 5000) -> None:  # noqa: N802 - qtbot's name
        from PySide6.QtCore import QEvent, QEventLoop

        end = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("a soak step did not finish")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            # what app.exec() does between events and processEvents() does not: widgets given
            # deleteLater() are deleted (else every screen rebuilt would count as a leak here)
            self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def mouseClick(self, widget, button, pos=None) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button) if pos is None else QTest.mouseClick(widget, button, pos=pos)

    def mousePress(self, widget, button, pos) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mousePress(widget, button, pos=pos)

    def mouseMove(self, widget, pos) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mouseMove(widget, pos)

    def mouseRelease(self, widget, button, pos) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mouseRelease(widget, button, pos=pos)

    def keyClicks(self, widget, text: str) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)


def _counts(data_dir: Path) -> dict[str, int]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    gc.collect()
    app = QApplication.instance()
    timers = len(app.findChildren(QTimer)) + sum(len(w.findChildren(QTimer)) for w in app.topLevelWidgets())
    temp = Path(tempfile.gettempdir())
    return {
        "threads": len(os.listdir("/proc/self/task")),
        "file descriptors": len(os.listdir("/proc/self/fd")),
        "QTimers": timers,
        "temporary files": sum(1 for p in temp.glob("kiosk*") if p.is_file())
        + sum(1 for p in data_dir.rglob("*") if p.is_file() and ("tmp" in p.name or p.suffix == ".part")),
        "python threads": threading.active_count(),
    }


def run(sessions: int = DEFAULT_SESSIONS) -> list[tuple[str, str, str]]:
    import cv2
    from PySide6.QtWidgets import QApplication

    from kiosk import gui_gc
    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from kiosk.recognition import corpus
    from tests.ui import steps

    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-soak-"))
    config = load_config(env={}, overrides={"kiosk.data_dir": str(tmp), "kiosk.log_dir": str(tmp),
                                            "kiosk.fullscreen": False, "kiosk.log_level": "WARNING"})
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, core, services = start_in_process(config, app, (1920, 1080))
    services.scan.warm_up().result()
    gui_gc.startup_done(app)
    bot = _Bot(app)
    page, _ = corpus.make_page(3)
    png = cv2.imencode(".png", page)[1].tobytes()

    def session() -> None:
        core.devices["camera"].show_image(png)
        steps.click(bot, window.attract.start)
        steps.click(bot, window.menu.tiles["filing"])
        steps.identify(bot, window, services)
        steps.start_filing(bot, window)
        parties = window.filing.parties
        parties.scan_panel.scan()
        bot.waitUntil(lambda: parties.fields["defendant_name"].pending, timeout=60000)
        for field in parties.fields.values():
            field.confirm()
        steps.click(bot, parties.next)
        bot.waitUntil(lambda: window.current == "filing_claims")
        claims = window.filing.claims
        for field in claims.fields.values():
            field.confirm()
        steps.click(bot, claims.next)
        bot.waitUntil(lambda: window.current == "filing_evidence")
        steps.finish_filing(bot, window)
        services.demo.remove_card()  # the litigant takes the card and leaves
        window.home()
        bot.waitUntil(lambda: window.current == "attract", timeout=10000)
        end = time.monotonic() + 0.3  # the reset's release of the OCR models, on its worker
        bot.waitUntil(lambda: time.monotonic() > end)

    started = time.monotonic()
    for _ in range(WARMUP):
        session()
    base_rss, base = rss_mb(), _counts(tmp)
    times = []
    for _ in range(sessions):
        t0 = time.monotonic()
        session()
        times.append(time.monotonic() - t0)
    end_rss, end = rss_mb(), _counts(tmp)
    growth = (end_rss - base_rss) / base_rss
    rows = [
        ("soak: sessions (file with a scan, submit, reset)", f"{sessions}",
         f"after {WARMUP} warm-up sessions; {statistics_line(times)}; {time.monotonic() - started:.0f} s in all"),
        ("soak: RSS growth after warm-up", f"{growth:+.1%}",
         f"{base_rss:.0f} -> {end_rss:.0f} MB; target <= 5 % ({'pass' if growth <= 0.05 else 'FAIL'})"),
    ]
    for key in base:
        delta = end[key] - base[key]
        rows.append((f"soak: {key} leaked", f"{delta:+d}", f"{base[key]} -> {end[key]}; target 0 "
                     f"({'pass' if delta <= 0 else 'FAIL'})"))
    services.shutdown()
    core.stop()
    return rows


def statistics_line(times: list[float]) -> str:
    ordered = sorted(times)
    return f"a session {ordered[len(ordered) // 2]:.1f} s (median), {ordered[-1]:.1f} s (longest)"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=DEFAULT_SESSIONS)
    ns = parser.parse_args()
    for row in run(ns.sessions):
        print(" | ".join(row), flush=True)
    os._exit(0)
