"""Soak: many litigants' sessions, one after another, in one kiosk process.

Each session is a litigant filing a case with a scanned complaint: touch the attract screen,
choose 立案, identify with the (simulated) ID card, choose a first-instance suit for oneself and
read the notice, scan the complaint's first page on the document camera (OCR, in its child
process, fills the form), confirm each filled field, the fees, risk notice, address, review and
signature, submit (the receipt is printed), wait until the filing is synced to the court and its
fee's QR is shown, pay it (the sandbox's provider settles the order, as a phone would), wait for
the payment receipt to print, then touch 完成 and 我已取走 (I have taken them): the session is reset to the attract screen.

Measured:

- the GUI thread, sampled by a 5 ms timer: the longest gap between two ticks beyond the timer's
  period, in the first session (every screen's first display; the kiosk as it is once its start-up
  warm-up is over) and in all later ones (target <= 50 ms), with the step it happened in;
- after a warm-up of ``WARMUP`` sessions and again at the end: the process's RSS (target: growth
  <= 5 %), threads, open file descriptors, live QTimer objects and temporary files (targets: none
  leaked).

The payment service polls the court every 0.2 s here instead of every 3 s (the litigant's phone
is instant in a benchmark). Run with a smaller default count in ``make bench``:

    .venv/bin/python benchmarks/bench_soak.py --sessions 500
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from court import RemoteCourt
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
        self.step = "start"
        self.sampler: StallSampler | None = None

    def settle(self) -> None:
        """A litigant's next touch comes after the screen answered the last: let the event loop run
        until the stall sampler has ticked once (so each touch's stall is measured on its own)."""
        from PySide6.QtCore import QEventLoop

        if self.sampler is None:
            return
        ticks = self.sampler.ticks
        while self.sampler.ticks == ticks:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def waitUntil(self, condition, timeout: int = 5000) -> None:  # noqa: N802 - qtbot's name
        from PySide6.QtCore import QEvent, QEventLoop

        end = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError(f"a soak step did not finish: {self.step}")
            # sleeps until an event comes (the stall sampler's timer ticks every 5 ms), as app.exec()
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            # what app.exec() does between events and processEvents() does not: widgets given
            # deleteLater() are deleted (else every screen rebuilt would count as a leak here)
            self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def mouseClick(self, widget, button, pos=None) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button) if pos is None else QTest.mouseClick(widget, button, pos=pos)
        self.settle()

    def mousePress(self, widget, button, pos) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mousePress(widget, button, pos=pos)

    def mouseMove(self, widget, pos) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mouseMove(widget, pos)

    def mouseRelease(self, widget, button, pos) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mouseRelease(widget, button, pos=pos)
        self.settle()

    def keyClicks(self, widget, text: str) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)
        self.settle()


class StallSampler:
    """A 5 ms timer on the GUI thread; a stall is a gap between two ticks beyond the period,
    recorded with the step the bot was in when the gap ended."""

    PERIOD_MS = 5

    def __init__(self, bot: _Bot) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.bot = bot
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = 0
        self.ticks = 0
        self.worst: tuple[int, str] = (0, "")
        bot.sampler = self
        self._timer = QTimer()
        self._timer.setInterval(self.PERIOD_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = self._clock.elapsed()
        gap = now - self._last - self.PERIOD_MS
        self._last = now
        self.ticks += 1
        if gap > self.worst[0]:
            self.worst = (gap, self.bot.step)

    @contextlib.contextmanager
    def held(self):
        """The benchmark's own work (the simulated camera decoding its picture, the court's
        provider settling a payment, counting files) is not the kiosk's: not counted."""
        try:
            yield
        finally:
            self._last = self._clock.elapsed()

    def take(self) -> tuple[int, str]:
        """The worst stall since the last take, and start afresh."""
        worst, self.worst = self.worst, (0, "")
        return worst

    def stop(self) -> None:
        self._timer.stop()


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
        "widgets": len(QApplication.allWidgets()),
    }


def run(sessions: int = DEFAULT_SESSIONS, court: str = "remote") -> list[tuple[str, str, str]]:
    """``court``: "remote" (the sandbox in its own process, as in production) or "embedded" (in the
    kiosk's process, as in the demo: its database's growth counts as the kiosk's)."""
    import cv2
    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process, warm_up_in_process
    from kiosk.config import load_config
    from kiosk.recognition import corpus
    from kiosk.services.payment import PHASE_AWAITING, PHASE_PAID
    from tests.ui import steps

    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-soak-"))
    overrides = {"kiosk.data_dir": str(tmp), "kiosk.log_dir": str(tmp), "kiosk.fullscreen": False,
                 "kiosk.log_level": "WARNING"}
    remote = RemoteCourt(tmp) if court == "remote" else None
    if remote is not None:
        overrides.update({"court.backend": "remote", "court.base_url": remote.url, "court.mutual_tls": False})
    config = load_config(env={}, overrides=overrides)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, core, services = start_in_process(config, app, (1920, 1080))
    warm_up_in_process(services, app)  # as `kiosk` does while the attract screen waits
    settle = remote.settle if remote is not None else (
        lambda payment_id: core.sandbox.app.state.store.settle_payment(payment_id, "paid"))
    paid = [0]
    bot = _Bot(app)
    page, _ = corpus.make_page(3)
    png = cv2.imencode(".png", page)[1].tobytes()

    sampler = StallSampler(bot)

    def step(name: str) -> None:
        bot.step = name

    def session() -> None:
        with sampler.held():
            core.devices["camera"].show_image(png)
        step("attract -> menu")
        steps.click(bot, window.attract.start)
        step("menu -> identify")
        steps.click(bot, window.menu.tiles["filing"])
        step("identify (ID card read)")
        steps.identify(bot, window, services)
        step("filing: start, notice")
        steps.start_filing(bot, window)
        parties = window.filing.parties
        step("filing: scan the complaint (OCR)")
        parties.scan_panel.scan()
        bot.waitUntil(lambda: parties.fields["defendant_name"].pending, timeout=60000)
        step("filing: confirm the parties")
        for field in parties.fields.values():
            field.confirm()
            bot.settle()
        steps.click(bot, parties.next)
        bot.waitUntil(lambda: window.current == "filing_claims")
        step("filing: confirm the claims")
        claims = window.filing.claims
        for field in claims.fields.values():
            field.confirm()
            bot.settle()
        steps.click(bot, claims.next)
        bot.waitUntil(lambda: window.current == "filing_evidence")
        step("filing: fees, risk, address, review, sign")
        sign = steps.to_sign(bot, window)
        step("filing: submit, print the receipt")
        steps.click(bot, sign.confirm)
        bot.waitUntil(lambda: window.current == "submitted", timeout=8000)
        submitted = window.filing.submitted
        bot.waitUntil(lambda: submitted._receipt == "ok", timeout=10000)
        step("pay: sync the filing, show the QR")
        payment = submitted.flow.payment
        payment.poll_seconds = 0.2
        bot.waitUntil(lambda: payment.state is not None and payment.state.phase == PHASE_AWAITING, timeout=20000)
        step("pay: paid, print the payment receipt")
        printed = len(core.devices["receipt_printer"].jobs)
        with sampler.held():
            settle(payment.state.order.payment_id)  # the litigant's phone pays
        bot.waitUntil(lambda: payment.state.phase == PHASE_PAID, timeout=10000)
        paid[0] += 1
        bot.waitUntil(lambda: len(core.devices["receipt_printer"].jobs) > printed, timeout=10000)
        step("finish: reset to the attract screen")
        services.demo.remove_card()  # the litigant takes the card and leaves
        steps.click(bot, submitted.finish)
        bot.waitUntil(lambda: window.current == "done")
        steps.click(bot, window.screens["done"].finish)  # 我已取走: the visit ends
        bot.waitUntil(lambda: window.current == "attract")
        end = time.monotonic() + 0.3  # the reset's release of the OCR child, on its worker
        bot.waitUntil(lambda: time.monotonic() > end)

    started = time.monotonic()
    session()
    first_stall = sampler.take()
    for _ in range(WARMUP - 1):
        session()
    with sampler.held():
        base_rss, base = rss_mb(), _counts(tmp)
    sampler.take()
    times = []
    trend = [base_rss]  # RSS after each tenth of the sessions: growth that levels off, or a leak
    for n in range(sessions):
        t0 = time.monotonic()
        session()
        times.append(time.monotonic() - t0)
        if (n + 1) % max(1, sessions // 10) == 0 and len(trend) < 11:
            trend.append(rss_mb())
    later_stall = sampler.take()
    sampler.stop()
    end_rss, end = rss_mb(), _counts(tmp)
    growth = (end_rss - base_rss) / base_rss

    def verdict(ok: bool) -> str:
        return "pass" if ok else "FAIL"

    rows = [
        ("soak: sessions (identify, file with a scan, print, pay, reset)", f"{sessions}",
         f"court {court}; after {WARMUP} warm-up sessions; {statistics_line(times)}; "
         f"{time.monotonic() - started:.0f} s in all; {paid[0]} of {WARMUP + sessions} paid"),
        ("soak: GUI stall, first session (first displays)", f"{first_stall[0]} ms",
         f"in '{first_stall[1]}'; target <= 50 ms ({verdict(first_stall[0] <= 50)})"),
        ("soak: GUI stall, later sessions", f"{later_stall[0]} ms",
         f"in '{later_stall[1]}'; target <= 50 ms ({verdict(later_stall[0] <= 50)})"),
        ("soak: RSS growth after warm-up", f"{growth:+.1%}",
         f"{base_rss:.0f} -> {end_rss:.0f} MB; target <= 5 % ({verdict(growth <= 0.05)})"),
        ("soak: RSS after each tenth of the sessions", f"{trend[-1]:.0f} MB",
         " ".join(f"{mb:.0f}" for mb in trend) + " MB"),
    ]
    for key in base:
        delta = end[key] - base[key]
        rows.append((f"soak: {key} leaked", f"{delta:+d}", f"{base[key]} -> {end[key]}; target 0 "
                     f"({verdict(delta <= 0)})"))
    services.shutdown()
    core.stop()
    if remote is not None:
        remote.stop()
    shutil.rmtree(tmp, ignore_errors=True)  # the sessions' filings, scans and logs go with it
    return rows


def statistics_line(times: list[float]) -> str:
    ordered = sorted(times)
    return f"a session {ordered[len(ordered) // 2]:.1f} s (median), {ordered[-1]:.1f} s (longest)"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=DEFAULT_SESSIONS)
    parser.add_argument("--court", choices=("remote", "embedded"), default="remote",
                        help="the sandbox in its own process (as in production; default) or in the kiosk's")
    ns = parser.parse_args()
    for row in run(ns.sessions, ns.court):
        print(" | ".join(row), flush=True)
    os._exit(0)
