"""远程视频 as the litigant sees it (issue 20): the whole kiosk in this process (window, screens, the
video call service, the call engine, the embedded court sandbox; demo configuration, a temp data dir,
``video.audio = simulator``, the demo test picture as the camera), and the court's real video console
page in Debian's headless Chromium (fake camera and microphone, as tests/ui/test_ui_video.py drives
it), signed in as a desk that answers every call at once: a MutationObserver the benchmark puts on the
page's list of waiting calls touches 接听 (Answer) as soon as a call is listed, the same button a
member of staff would touch.

The litigant touches 远程视频, shows the ID card (simulated reader) and touches 呼叫工作人员 (Call
hall staff: with ``video.recording`` off, as by default, that tile places the call; no consent page).

Measured:

- call set-up: from the touch on 呼叫工作人员 (just before the simulated mouse press lands) to the
  first paint of the call page's remote view with the remote picture in it; the median of ``CALLS``
  calls, the worst, and the first (the kiosk's first call after start-up, which loads the call engine);
  also when the service's remote picture signal reached the screen (target <= 2 s);
- the GUI thread's stalls: a 5 ms QTimer (as bench_preview and bench_soak) ticks throughout; a stall
  is a gap between two ticks beyond the period. During ``CALL_SECONDS`` of a connected call with
  picture and voice flowing both ways (checked on both ends before the window starts) the GUI thread
  runs its own event loop, nothing of the benchmark on it but the timer: the worst gap (target
  <= 50 ms) and the 99th percentile; and, not judged, the worst gap during the calls' set-up;
- CPU in the same window: this process's CPU time (every thread: the GUI, the engine's asyncio loop,
  the codecs, the embedded court), divided by the wall time (100 % = one core); the console's Chromium
  is another process tree and is not counted (its share is given in the note);
- frames per second received by the kiosk's engine and pictures delivered to the call page.

``python benchmarks/bench_video_call_ui.py`` prints ``name | value | note`` lines (benchmarks/run.py
reads them); ``--stacks`` also starts a watchdog thread that, whenever the GUI thread is more than
``STACK_AFTER_MS`` late, records its Python stack and what the process's threads did meanwhile, and
prints every stall over 50 ms to stderr (off by default: the watchdog itself takes the GIL every few
ms and reads /proc, some 15 points more of the CPU figure).

Everything started here (Chromium and chromedriver by their handles, the kiosk's services and court) is
stopped at the end, also on failure; every wait is bounded and raises with what it waited for.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager never runs (tests/chromium.py)
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

CALLS = 5  # calls whose set-up is timed; the last one stays up for the stall and CPU window
CALL_SECONDS = 20.0  # the connected call's window (stalls, CPU, frame rates)
WARM_SECONDS = 1.0  # after media flows both ways, before the window: jitter buffers and bitrate settle
SETUP_TARGET_S = 2
STALL_TARGET_MS = 50
PERIOD_MS = 5
STACK_AFTER_MS = 40
WAIT_S = 30.0  # the longest any one step may take
DESK = "诉讼服务中心 3号台"
CHROMIUM_FLAGS = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                  "--autoplay-policy=no-user-gesture-required")

# Put on the console page: touch 接听 on the first waiting call whenever the list changes and the desk
# is free (the page disables the buttons while it is in a call).
AUTO_ANSWER_JS = """
const body = document.getElementById("calls");
const answer = () => {
  const button = body.querySelector("button.take:not([disabled])");
  if (button) button.click();
};
if (!window.__benchAnswers) {
  window.__benchAnswers = new MutationObserver(answer);
  window.__benchAnswers.observe(body, { childList: true, subtree: true, attributes: true });
}
answer();
return true;
"""
CONSOLE_STATS_JS = ("const done = arguments[arguments.length - 1];"
                    "window.videoConsole.stats().then(done, () => done(null));")


class StepFailed(RuntimeError):
    """A step that did not finish in time: the benchmark fails with this reason, never hangs."""


class Sampler:
    """The 5 ms timer on the GUI thread; every gap (ms beyond the period) with the phase it ended in."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.phase = "start"
        self.gaps: dict[str, list[float]] = {}
        self.last = time.perf_counter()
        self.ticks = 0
        self.big: dict[float, float] = {}  # gap start -> ms, for the gaps over STACK_AFTER_MS (--stacks)
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PERIOD_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self.last) * 1000 - PERIOD_MS
        self.gaps.setdefault(self.phase, []).append(gap)
        if gap > STACK_AFTER_MS:
            self.big[self.last] = gap
        self.last = now
        self.ticks += 1

    def enter(self, phase: str) -> None:
        """A new phase; the time since the last tick (the benchmark's own work, such as a call into the
        browser) counts in neither."""
        self.phase = phase
        self.last = time.perf_counter()

    def worst(self, prefix: str) -> float:
        values = [g for phase, gaps in self.gaps.items() if phase.startswith(prefix) for g in gaps]
        return max(values, default=0.0)

    def stop(self) -> None:
        self._timer.stop()


def _thread_times() -> dict[int, tuple[str, str, float, float]]:
    """Every thread of this process: tid -> (name, state letter, ms on a CPU, ms waiting for one), from
    /proc/self/task/*/stat and schedstat."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat", encoding="ascii", errors="replace") as fh:
                raw = fh.read()
            with open(f"/proc/self/task/{tid}/schedstat", encoding="ascii") as fh:
                run_ns, wait_ns = fh.read().split()[:2]
        except (OSError, ValueError):
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        state = raw[raw.rindex(")") + 2:].split()[0]
        out[int(tid)] = (name, state, int(run_ns) / 1e6, int(wait_ns) / 1e6)
    return out


def _strip_imports(stack: str) -> str:
    """A stack without the import machinery's frames (an import shows as the import statements)."""
    lines, skip = [], False
    for line in stack.splitlines():
        if line.startswith("  File "):
            skip = "<frozen importlib" in line
        if not skip:
            lines.append(line)
    return "\n".join(lines)


class Watchdog(threading.Thread):
    """While the GUI thread is late (``--stacks``): its Python stack, its state (R: on a CPU or waiting for
    one; S: asleep, e.g. waiting for the GIL) and kernel wait channel, and what the other threads did
    meanwhile (CPU time, time waiting for a CPU, their innermost Python frame)."""

    BASE_EVERY = 0.02  # s between snapshots of every thread's times while the GUI thread is on time

    def __init__(self, sampler: Sampler) -> None:
        super().__init__(name="bench-stall-watchdog", daemon=True)
        self.sampler = sampler
        # gap start -> {"base": (taken at, thread times) | None, "samples": [(phase, ms late, stack, times,
        # wchan, {native id: (name, innermost frame)})]}
        self.stalls: dict[float, dict] = {}
        self._halt = threading.Event()
        self._main = threading.main_thread().ident
        self._main_tid = threading.main_thread().native_id

    def run(self) -> None:
        base = (time.perf_counter(), _thread_times())
        while not self._halt.wait(0.004):
            start = self.sampler.last
            now = time.perf_counter()
            late = (now - start) * 1000
            if late < STACK_AFTER_MS:
                if late < 10 and now - base[0] > self.BASE_EVERY:
                    base = (time.perf_counter(), _thread_times())
                continue
            stall = self.stalls.get(start)
            if stall is not None and late - stall["samples"][-1][1] < 20:
                continue
            # No frame object may outlive this stretch of bytecode: a frame kept here would keep its
            # locals (a paintEvent's QPainter) alive past the frame's end, and free them on this thread.
            names = {t.ident: (t.native_id, t.name) for t in threading.enumerate()}  # (takes a lock)
            frames = sys._current_frames()
            entries, f = [], frames.get(self._main)
            while f is not None:
                entries.append((f.f_code.co_filename, f.f_lineno, f.f_code.co_name, None))
                f = f.f_back
            others = {}
            for ident, f in frames.items():
                if ident != self._main and ident in names:
                    native_id, name = names[ident]
                    where = f"{Path(f.f_code.co_filename).name}:{f.f_lineno} {f.f_code.co_name}"
                    others[native_id] = (name, where)
            del f, frames
            stack = "".join(traceback.format_list(
                traceback.StackSummary.from_list(reversed(entries)))) if entries else "(no frame)\n"
            try:
                with open(f"/proc/self/task/{self._main_tid}/wchan", encoding="ascii") as fh:
                    wchan = fh.read().strip() or "-"
            except OSError:
                wchan = "?"
            sample = (self.sampler.phase, late, stack, _thread_times(), wchan, others)
            if stall is None:
                self.stalls[start] = {"base": base if base[0] >= start - 0.025 else None, "samples": [sample]}
            else:
                stall["samples"].append(sample)

    def stop(self) -> None:
        self._halt.set()
        self.join(2)

    def report(self, threshold_ms: float = STALL_TARGET_MS) -> str:
        out = []
        for start, stall in sorted(self.stalls.items()):
            samples = stall["samples"]
            gap = self.sampler.big.get(start, max(s[1] for s in samples))
            if gap < threshold_ms:
                continue
            phase, late, _stack, last, wchan, others = samples[-1]
            out.append(f"=== GUI thread stalled {gap:.0f} ms (phase {phase}) ===")
            if stall["base"] is not None:
                taken, first = stall["base"]
                span = (start + late / 1000 - taken) * 1000
                since = f"from {(start - taken) * 1000:.0f} ms before the stall to {late:.0f} ms into it"
            else:
                first, span = samples[0][3], late - samples[0][1]
                since = f"from {samples[0][1]:.0f} to {late:.0f} ms into the stall"
            rows = []
            for tid, (name, state, run_ms, wait_ms) in last.items():
                if tid in first:
                    rows.append((run_ms - first[tid][2], wait_ms - first[tid][3], name, state, tid))
            rows.sort(reverse=True)
            main = next((r for r in rows if r[4] == self._main_tid), None)
            if main:
                asleep = max(0.0, span - main[0] - main[1])
                out.append(f"GUI thread {since} ({span:.0f} ms): on a CPU {main[0]:.1f} ms, waiting for a "
                           f"CPU {main[1]:.1f} ms, asleep {asleep:.1f} ms; now state {main[3]}, "
                           f"wchan {wchan}")
            busy = [r for r in rows if r[0] > 0.5 and r[4] != self._main_tid][:6]
            if busy:
                out.append("other threads meanwhile (CPU ms, +waiting for a CPU):")
                for run_ms, wait_ms, name, _state, tid in busy:
                    label, where = others.get(tid, (name, "(no Python frame)"))
                    out.append(f"    {label}[{tid}] {run_ms:.1f} ms (+{wait_ms:.1f}): {where}")
            last_stack = None
            for _phase, at, stack, _times, _wchan, _others in samples:
                if stack == last_stack:
                    out.append(f"--- GUI thread at {at:.0f} ms: same stack")
                    continue
                out.append(f"--- GUI thread at {at:.0f} ms:\n{_strip_imports(stack)}")
                last_stack = stack
        return "\n".join(out)


class Bot:
    """The litigant's touches (QTest, as tests.ui.steps asks of qtbot) and bounded waits that keep the
    GUI thread's event loop running."""

    def __init__(self, app) -> None:
        self.app = app

    def waitUntil(self, condition, timeout: int | None = None, what="") -> None:  # noqa: N802
        """Until ``condition()``; ``what`` (text, or a callable giving it when the wait fails) names it."""
        from PySide6.QtCore import QEvent, QEventLoop

        timeout = int(WAIT_S * 1000) if timeout is None else timeout
        end = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > end:
                what = what() if callable(what) else what
                raise StepFailed(f"timed out after {timeout / 1000:g} s waiting for {what or condition}")
            # sleeps until an event comes (the sampler's 5 ms timer), as app.exec() would
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        self.waitUntil(lambda: time.monotonic() >= end, int(seconds * 1000) + 5000, f"{seconds:g} s")

    def mouseClick(self, widget, button, pos=None) -> None:  # noqa: N802
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button) if pos is None else QTest.mouseClick(widget, button, pos=pos)


def _remote_view_watch(view):
    """An event filter on the call page's remote view: the time of its first paint with a picture
    since ``arm()``, and how many such paints."""
    from PySide6.QtCore import QEvent, QObject

    class Watch(QObject):
        def __init__(self) -> None:
            super().__init__(view)
            self.armed_at: float | None = None
            self.first_paint: float | None = None
            self.paints = 0

        def arm(self) -> None:
            self.armed_at, self.first_paint = time.perf_counter(), None

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and view._image is not None:
                self.paints += 1
                if self.armed_at is not None and self.first_paint is None:
                    self.first_paint = time.perf_counter()
            return False

    watch = Watch()
    view.installEventFilter(watch)
    return watch


@contextlib.contextmanager
def _chromium(profile: Path, window: tuple[int, int], flags=()):
    """tests.chromium.chromium_process: a headless Chromium (``flags`` added) and its chromedriver, both
    stopped by their handles at the end, and both sent SIGTERM by the kernel if this process dies first."""
    from tests.chromium import chromium_process

    try:
        with chromium_process(profile, window, flags, die_with_parent=True) as (driver, process):
            yield driver, process
    except RuntimeError as exc:
        if isinstance(exc, StepFailed):
            raise
        raise StepFailed(str(exc)) from exc


def _tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds (user + system) of ``root_pid`` and every process under it (the console's Chromium and
    its helpers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, stats = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                raw = fh.read()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2:].split()  # from the state on: ppid, ..., utime, stime
        parents[int(entry)] = int(fields[1])
        stats[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total = 0.0
    for pid, seconds in stats.items():
        p, depth = pid, 0
        while p in parents and p != root_pid and depth < 64:
            p, depth = parents[p], depth + 1
        if p == root_pid:
            total += seconds
    return total


def _remove(folder: Path) -> None:
    """The benchmark's temp folder; again a moment later while Chromium's helper processes, which end
    just after the browser, still write into its profile."""
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.5)


def _sent_codec(engine) -> str:
    """The kiosk's video encoder (aiortc's sender, private: a benchmark's look)."""
    peer = getattr(engine, "_peer", None)
    if peer is None:
        return "?"
    for sender in peer.pc.getSenders():
        if sender.track is not None and sender.track.kind == "video":
            encoder = getattr(sender, "_RTCRtpSender__encoder", None)
            return type(encoder).__name__ if encoder is not None else "?"
    return "?"


def run(calls: int = CALLS, seconds: float = CALL_SECONDS,
        stacks: bool = False) -> list[tuple[str, str, str]]:
    """The rows (name, value, note); ``stacks``: the watchdog, its report on stderr."""
    import faulthandler

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication
    from selenium.webdriver.common.by import By

    from kiosk.app import start_in_process, warm_up_in_process
    from kiosk.config import load_config
    from tests.ui import steps

    if calls < 1:
        raise ValueError("at least one call")
    if not faulthandler.is_enabled():
        faulthandler.enable(all_threads=True)  # a crash says where (on stderr)
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-video-ui-"))
    overrides = {"kiosk.data_dir": str(tmp / "data"), "kiosk.log_dir": str(tmp / "log"),
                 "kiosk.fullscreen": False, "kiosk.log_level": "WARNING", "metrics.enabled": False,
                 "kiosk.mode": "demo", "court.backend": "embedded", "video.enabled": True,
                 "video.audio": "simulator", "video.camera": "", "video.recording": False}
    config = load_config(env={}, overrides=overrides)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    bot = Bot(app)
    left = Qt.MouseButton.LeftButton
    watchdog = None

    with contextlib.ExitStack() as stack:
        stack.callback(_remove, tmp)
        driver, browser = stack.enter_context(
            _chromium(tmp / "chromium-profile", (1280, 900), CHROMIUM_FLAGS))
        driver.set_script_timeout(10)
        window, core, services = start_in_process(config, app, (1920, 1080))

        def stop_kiosk() -> None:
            video = services.video_call
            try:
                if video.view.active:
                    video.hang_up()
                    bot.waitUntil(lambda: not video.view.active, 10_000, "the last call to end")
            finally:
                services.shutdown()
                core.stop()
                window.allow_close()
                window.close()

        stack.callback(stop_kiosk)
        warm_up_in_process(services, app)  # as `kiosk` does while its attract screen waits
        sampler = Sampler()
        stack.callback(sampler.stop)
        if stacks:
            watchdog = Watchdog(sampler)
            watchdog.start()
            stack.callback(watchdog.stop)

        # -- the console: signed in, answering every call at once
        sandbox = core.sandbox
        from offline_queue import contract as c

        driver.get(sandbox.admin_url + c.VIDEO_CONSOLE_PATH)
        driver.find_element(By.ID, "token").send_keys(sandbox.admin_token)
        driver.find_element(By.ID, "name").send_keys(DESK)
        driver.find_element(By.ID, "signin-button").click()

        def console_state():
            return driver.execute_script("return window.videoConsole ? window.videoConsole.state : null")

        bot.waitUntil(lambda: console_state() == "list", what="the console to sign in")
        driver.execute_script(AUTO_ANSWER_JS)

        def console_stats() -> dict:
            return driver.execute_async_script(CONSOLE_STATS_JS) or {}

        # -- the litigant: 远程视频, the ID card, the video screen
        sampler.enter("navigate")
        steps.click(bot, window.attract.start)
        steps.click(bot, window.menu.tiles["video_call"])
        steps.identify(bot, window, services)
        bot.waitUntil(lambda: window.current == "video_call", what="the video screen")
        screen = window.screens["video_call"]
        video = services.video_call
        watch = _remote_view_watch(screen.remote)
        delivered: dict[str, float | int | None] = {"first": None, "count": 0}

        def on_remote_picture(_latest) -> None:  # connected after the screen's own slot: runs after it
            delivered["count"] += 1
            if delivered["first"] is None:
                delivered["first"] = time.perf_counter()

        video.remote_picture.connect(on_remote_picture)

        setups, to_signal = [], []
        engine = None
        for n in range(calls):
            bot.waitUntil(lambda: screen.pages.currentIndex() == 0 and not video.view.active,
                          what="the three choices")
            bot.waitUntil(lambda: console_state() == "list", what="the console free for the next call")
            bot.wait(0.5)  # a litigant's next touch does not come in the same instant
            sampler.enter(f"setup {n + 1}")
            watch.arm()
            delivered["first"] = None
            touched = time.perf_counter()
            bot.mouseClick(screen.tiles["staff"], left)  # 呼叫工作人员: places the call (no consent page)
            bot.waitUntil(lambda: watch.first_paint is not None, None,
                          lambda n=n: f"call {n + 1}: the remote picture on the call page (the call "
                                      f"{video.view.state})")
            setups.append(watch.first_paint - touched)
            to_signal.append((delivered["first"] or watch.first_paint) - touched)
            sampler.enter(f"connected {n + 1}")
            engine = video._engine
            if n == calls - 1:
                break
            bot.wait(1.0)  # a moment of call
            steps.click(bot, screen.hang_up)
            bot.waitUntil(lambda: video.view.state == "ended", what=f"call {n + 1} to end")
            bot.waitUntil(lambda e=engine: not e.stats()["running"], 10_000,
                          f"call {n + 1}'s engine to stop")
            steps.click(bot, screen.again)

        # -- the last call stays up: media both ways, then the measured window
        sampler.enter("media check")
        bot.waitUntil(lambda: engine.stats()["video_frames_received"] > 15
                      and engine.stats()["audio_frames_received"] > 0, what="the kiosk receiving media")

        def console_receives() -> bool:
            s = console_stats()
            return s.get("framesDecoded", 0) > 15 and s.get("audioSamplesReceived", 0) > 0

        bot.waitUntil(console_receives, what="the console receiving the kiosk's media")
        bot.wait(WARM_SECONDS)
        codec = _sent_codec(engine)
        console0 = console_stats()
        browser_cpu0 = _tree_cpu_seconds(browser.pid)
        before = engine.stats()
        delivered_before, paints_before = delivered["count"], watch.paints

        sampler.enter("call window")
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        loop.exec()  # the GUI thread runs the kiosk alone: nothing of the benchmark but the 5 ms timer
        cpu1, wall1 = time.process_time(), time.perf_counter()
        sampler.enter("after")

        after = engine.stats()
        delivered_after, paints_after = delivered["count"], watch.paints
        browser_cpu1 = _tree_cpu_seconds(browser.pid)
        console1 = console_stats()
        state_after = video.view.state
        image = screen.remote._image
        picture = f"{image.width()}x{image.height()}" if image is not None else "?"
        picture += f" drawn in a {screen.remote.width()}x{screen.remote.height()} view"
        if state_after != "connected":
            raise StepFailed(f"the call did not stay connected through the window (state {state_after})")
        steps.click(bot, screen.hang_up)
        bot.waitUntil(lambda: video.view.state == "ended", what="the last call to end")

    if watchdog is not None:
        text = watchdog.report()
        print(text or f"(no GUI stall over {STALL_TARGET_MS} ms)", file=sys.stderr, flush=True)

    wall = wall1 - wall0
    window_gaps = sorted(sampler.gaps.get("call window", []))
    if len(window_gaps) < 10:
        raise StepFailed("the stall sampler hardly ticked during the call window")
    worst = window_gaps[-1]
    p99 = window_gaps[min(len(window_gaps) - 1, int(0.99 * len(window_gaps)))]
    setup_stall = sampler.worst("setup")
    first_setup_stall = max(sampler.gaps.get("setup 1", [0.0]), default=0.0)
    later_setup_stall = max((g for p, gs in sampler.gaps.items() if p.startswith("setup ") and p != "setup 1"
                             for g in gs), default=0.0)
    cpu = 100 * (cpu1 - cpu0) / wall
    browser_cpu = 100 * (browser_cpu1 - browser_cpu0) / wall

    def rate(key: str) -> float:
        return (after[key] - before[key]) / wall

    console_fps = (console1.get("framesDecoded", 0) - console0.get("framesDecoded", 0)) / wall
    ms = [s * 1000 for s in setups]
    signal_ms = statistics.median(to_signal) * 1000
    console = "console: the court's page in headless Chromium, answering each call as soon as it is listed"
    return [
        ("video call UI set-up, touch to remote picture shown (median)", f"{statistics.median(ms):.0f} ms",
         f"{calls} calls, 呼叫工作人员 touch -> first paint of the remote view; first call {ms[0]:.0f} ms, "
         f"min {min(ms):.0f}; picture signal at the screen {signal_ms:.0f} ms (median); {console}; "
         f"target <= {SETUP_TARGET_S} s"),
        ("video call UI set-up, touch to remote picture shown (worst)", f"{max(ms):.0f} ms",
         f"worst of {calls} calls (call {ms.index(max(ms)) + 1}); target <= {SETUP_TARGET_S} s"),
        ("GUI stall during a connected video call (worst)", f"{worst:.0f} ms",
         f"5 ms QTimer over {wall:.0f} s of a call, media both ways, {len(window_gaps)} ticks; "
         f"target <= {STALL_TARGET_MS} ms"),
        ("GUI stall during a connected video call (99th percentile)", f"{p99:.1f} ms",
         f"of the gaps beyond the 5 ms period; median {window_gaps[len(window_gaps) // 2]:.1f} ms"),
        ("GUI stall during video call set-up (worst)", f"{setup_stall:.0f} ms",
         f"touch to first picture, {calls} calls; first call {first_setup_stall:.0f} ms, later calls "
         f"{later_setup_stall:.0f} ms (not judged: the issue's 50 ms is for the connected call)"),
        ("video call kiosk CPU, 640x480 15 fps (whole kiosk)", f"{cpu:.0f} %",
         f"kiosk process CPU time / wall over {wall:.0f} s, all threads (GUI, engine, codecs, embedded "
         f"court); 100 % = one core of {os.cpu_count()}; the console's Chromium not counted "
         f"({browser_cpu:.0f} % in its own processes)"),
        ("video call frames received on the kiosk (whole kiosk)", f"{rate('video_frames_received'):.1f} fps",
         f"remote picture {picture}; {(delivered_after - delivered_before) / wall:.1f}/s reached the call "
         f"page, {(paints_after - paints_before) / wall:.1f} paints/s; sent {rate('video_frames_sent'):.1f} "
         f"fps ({codec}), {rate('audio_frames_received'):.0f} audio frames/s in; console decoded "
         f"{console_fps:.1f} fps"),
    ]


if __name__ == "__main__":  # benchmarks/run.py reads "name | value | note" lines
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=CALLS)
    parser.add_argument("--seconds", type=float, default=CALL_SECONDS)
    parser.add_argument("--stacks", action="store_true",
                        help="record the GUI thread's stack when it is late; stalls over 50 ms on stderr")
    ns = parser.parse_args()
    for row in run(ns.calls, ns.seconds, ns.stacks):
        print(" | ".join(row), flush=True)
