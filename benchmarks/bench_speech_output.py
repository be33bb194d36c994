"""Speech output on the real stack (QtTextToSpeech -> a private speech-dispatcher with espeak-ng ->
a PulseAudio null sink, tests/speech_stack.py), through the kiosk's announcer:

- latency from ``announcer.screen(title, prompt)`` on the GUI thread to the speaker's "speaking"
  state, over 20 screens (each interrupting the one before; target <= 300 ms);
- the GUI thread's longest stall meanwhile: a 5 ms QTimer on the GUI thread measures the gaps
  between its ticks while screens, items and changes are said and interrupted (target <= 50 ms);
- the same two in the whole kiosk (`run_window`): the green channel on, the speaker configured as on a
  hall kiosk (backend "qt"), the window's screens opened one after another; latency from the screen
  change to the first sound, and the GUI thread's longest stall while it speaks.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

SCREENS = [
    ("诉讼服务", "请选择您需要的服务"),
    ("自助立案", "请放置您的身份证"),
    ("我的案件", "请用上下键选择案件，按确认键查看"),
    ("诉讼费计算", "请选择案件类型"),
    ("取号", "请选择要办理的业务"),
]
ITEMS = ["自助立案", "我的案件", "案件查询", "文书打印", "诉讼缴费"]
SCREEN_COUNT = 20
SCREEN_GAP_MS = 900  # a screen every 0.9 s: most are interrupted while speaking
TICK_MS = 5


def run() -> list[tuple[str, str, str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from drivers.speaker.qt_backend import QtSpeaker
    from kiosk.services.announcer import Announcer
    from kiosk.session import Session
    from kiosk.workers import Dispatcher
    from tests import speech_stack

    app = QApplication.instance() or QApplication(sys.argv[:1])
    stack = speech_stack.acquire()
    speaker = QtSpeaker(address=stack.address)
    try:
        opened = time.perf_counter()
        usable = speaker.is_usable()
        open_seconds = time.perf_counter() - opened
        if not usable:
            raise RuntimeError(f"speaker not usable: {usable.reason}")
        session = Session()
        session.data.settings.speech = True
        announcer = Announcer(speaker, session, Dispatcher())
        forward = announcer._from_speaker
        started: dict[int, float] = {}  # utterance id -> when the speaker reported "speaking"
        finals: dict[int, str] = {}

        def listener(utterance_id: int, state: str) -> None:  # on the speaker's thread
            if state == "speaking":
                started.setdefault(utterance_id, time.perf_counter())
            elif state in ("done", "error"):
                finals[utterance_id] = state
            forward(utterance_id, state)

        speaker.set_listener(listener)
        asked: dict[int, float] = {}
        gaps: list[float] = []
        last_tick = [0.0]

        def tick() -> None:
            now = time.perf_counter()
            if last_tick[0]:
                gaps.append(now - last_tick[0])
            last_tick[0] = now

        ticker = QTimer()
        ticker.setInterval(TICK_MS)
        ticker.timeout.connect(tick)
        step = [0]

        def next_screen() -> None:
            i = step[0]
            if i >= SCREEN_COUNT:
                QTimer.singleShot(3000, app.quit)  # let the last one speak a while
                return
            step[0] += 1
            title, prompt = SCREENS[i % len(SCREENS)]
            t0 = time.perf_counter()
            uid = announcer.screen(title, prompt)
            asked[uid] = t0
            # a key press soon after (an item interrupts the screen), and a status change queued
            if i % 2:
                QTimer.singleShot(400, lambda: announcer.item(ITEMS[i % len(ITEMS)]))
                QTimer.singleShot(450, lambda: announcer.change("还剩三十秒"))
            QTimer.singleShot(SCREEN_GAP_MS, next_screen)

        ticker.start()
        QTimer.singleShot(100, next_screen)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(app.quit)
        guard.start(SCREEN_COUNT * SCREEN_GAP_MS + 30_000)
        app.exec()
        ticker.stop()
        guard.stop()
        announcer.stop()
        latencies = [(started[uid] - t0) * 1000 for uid, t0 in asked.items() if uid in started]
        if not latencies:
            raise RuntimeError("no screen was ever heard")
        errors = sum(1 for state in finals.values() if state == "error")
        stall = max(gaps) * 1000 if gaps else float("nan")
        p99 = statistics.quantiles(gaps, n=100)[98] * 1000 if len(gaps) > 100 else stall
        return [
            ("speech output: engine open (speechd, voices)", f"{open_seconds * 1000:.0f} ms",
             "once, on the speaker's thread"),
            ("speech output: screen() -> speaking (median)", f"{statistics.median(latencies):.0f} ms",
             f"max {max(latencies):.0f} ms, {len(latencies)}/{len(asked)} screens heard, {errors} errors; "
             "target <= 300 ms"),
            ("speech output: GUI thread longest stall", f"{stall:.1f} ms",
             f"{TICK_MS} ms timer, p99 gap {p99:.1f} ms, {len(gaps)} ticks while speaking; target <= 50 ms"),
        ]
    finally:
        speaker.close()
        speech_stack.release()


WINDOW_SCREENS = ("menu", "fee_calculator", "guidance", "tickets", "green_channel", "case_lookup")
WINDOW_ROUNDS = 18


def run_window() -> list[tuple[str, str, str]]:
    """Screens opened in the real window, heard through the real stack."""
    import tempfile

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from tests import speech_stack

    app = QApplication.instance() or QApplication(sys.argv[:1])
    stack = speech_stack.acquire()
    tmp = tempfile.mkdtemp(prefix="kiosk-bench-speech-")
    config = load_config(env={}, overrides={
        "kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.fullscreen": False,
        "devices.speaker.backend": "qt", "devices.speaker.address": stack.address,
    })
    window, core, services = start_in_process(config, app, (1920, 1080))
    try:
        speaker = core.devices["speaker"]
        usable = speaker.is_usable()  # opened (voices listed) as the first health check does
        if not usable:
            raise RuntimeError(f"speaker not usable: {usable.reason}")
        announcer = services.announcer
        forward = announcer._from_speaker
        sounds: list[float] = []

        def listener(utterance_id: int, state: str) -> None:  # on the speaker's thread
            if state == "speaking":
                sounds.append(time.perf_counter())
            forward(utterance_id, state)

        speaker.set_listener(listener)
        window.start()
        services.green_channel.turn_on("help_key")  # speech on, as the help key does

        clock = QElapsedTimer()
        clock.start()
        gaps: list[float] = []
        last = [clock.elapsed()]

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        ticker = QTimer()
        ticker.setInterval(TICK_MS)
        ticker.timeout.connect(tick)

        def wait(cond, timeout: float) -> bool:
            end = time.monotonic() + timeout
            while not cond() and time.monotonic() < end:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
            return cond()

        for name in WINDOW_SCREENS:  # each screen once first: a first show polishes every widget (not speech)
            window.show_screen(name)
            wait(lambda: False, 0.3)
        latencies = []
        last[0] = clock.elapsed()
        ticker.start()
        for i in range(WINDOW_ROUNDS):
            name = WINDOW_SCREENS[i % len(WINDOW_SCREENS)]
            heard = len(sounds)
            t0 = time.perf_counter()
            window.show_screen(name)
            if wait(lambda h=heard: len(sounds) > h, 5.0):
                latencies.append((sounds[heard] - t0) * 1000)
            wait(lambda: False, 0.6)  # it speaks a while; the next screen interrupts it
        ticker.stop()
        if not latencies:
            raise RuntimeError("no screen was ever heard")
        stall = max(gaps) - TICK_MS if gaps else float("nan")
        return [
            ("speech output, window: screen opens -> sound (median)", f"{statistics.median(latencies):.0f} ms",
             f"max {max(latencies):.0f} ms, {len(latencies)}/{WINDOW_ROUNDS} screens heard; target <= 300 ms"),
            ("speech output, window: GUI thread longest stall", f"{stall:.1f} ms",
             f"{TICK_MS} ms timer over {len(gaps)} ticks, screens built and said; target <= 50 ms"),
        ]
    finally:
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()
        speech_stack.release()


def rows() -> list[tuple[str, str, str]]:
    return run() + run_window()


if __name__ == "__main__":
    for row in rows():
        print(" | ".join(row))
