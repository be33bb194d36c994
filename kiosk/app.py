"""The composition root of the touchscreen app: the one place below ui/ that
builds widgets. It shows the attract screen first, then starts the court
connection, queue and devices on a worker and attaches the other screens."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from kiosk import import_sources

import_sources.install()  # the imports below and later keep no source lines (kiosk.import_sources)

log = logging.getLogger("kiosk.app")

KEYBOARD_LOCALES = {"zh_CN": "zh_CN.UTF-8", "en": "en_GB.UTF-8"}

def create_window(config, app):
    """The main window with its attract screen; nothing slow happens here."""
    from kiosk.policy import PolicyCache
    from ui import theme
    from ui.i18n import LanguageSwitch
    from ui.main_window import MainWindow

    app.setApplicationName("court-kiosk")
    from kiosk import gui_gc

    gui_gc.install(app)  # cyclic garbage collection on this (the GUI) thread only: see kiosk.gui_gc
    switch = LanguageSwitch(app)
    switch(config.get("kiosk.language"))
    theme.apply(app)
    data_dir = Path(config.get("kiosk.data_dir"))
    data_dir.mkdir(parents=True, exist_ok=True)
    policy = PolicyCache(data_dir / "policy.json")
    window = MainWindow(policy.court_name(config.get("court.court_code")), switch, demo=config.demo,
                        corner_hold_seconds=config.get("maintenance.corner_hold_seconds"))
    window.lockdown.hide_cursor(config.get("kiosk.hide_cursor"))  # a touch screen: no pointer
    return window, policy


# Imported on the start-up worker while the attract screen is shown, so a litigant's first
# voice command does not pay for them: an import holds the GIL (and PySide6's import hook reads
# each new module's source), which stalls the GUI thread for 100-500 ms. The OCR path imports
# its own modules when ScanService.warm_up reads a generated card and page at start-up.
WARM_IMPORTS = ("kiosk.recognition.speech", "ui.voice_phrases")


def warm_imports() -> None:
    """Blocking: import what recognition needs, and load the ID number check's table (call from a
    worker, never the GUI thread)."""
    import importlib

    from kiosk.domain import idnumber

    for name in WARM_IMPORTS:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a missing optional stack shows up later, where it is used
            log.warning("warm-up import of %s failed: %s", name, type(exc).__name__)
    idnumber.preload()


def warm_up_in_process(services, app, timeout: float = 180.0) -> None:
    """Blocking, for benchmarks and tests: the start-up warm-up as `run_app` does it (the imports
    and the ID table here instead of on the start-up worker, then the OCR warm-up, with the event
    loop run here until it is over), and start-up's objects then frozen out of the collector
    (kiosk.gui_gc)."""
    from PySide6.QtCore import QEventLoop

    from kiosk import gui_gc

    warm_imports()
    finished = []
    services.scan.warm_up(then=lambda: finished.append(True))
    end = time.monotonic() + timeout
    while not finished:  # the event loop runs meanwhile, as app.exec() would (device checks, timers)
        if time.monotonic() > end:
            raise TimeoutError("the start-up warm-up did not finish")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    gui_gc.startup_done(app)


def attach_services(window, core, policy, app):
    """On the GUI thread, once `kiosk.compose.start_core` has finished: build the services
    (kiosk.compose) and the screens."""
    from kiosk.compose import build_services
    from ui import theme

    services = build_services(core, policy, lambda **kw: theme.apply(app, **kw))
    window.attach_services(services, keypad=core.config.section("keypad"))
    log.info("kiosk ready")
    return services


def start_in_process(config, app, size: tuple[int, int] = (1920, 1080)):
    """The whole kiosk in this process and on this thread, without `run_app`'s event loop and
    deferred start: window shown, core started, services attached. For tests, benchmarks and
    screenshots. Returns (window, core, services); stop them with services.shutdown(), core.stop()."""
    from kiosk.compose import start_core
    from kiosk.core import KioskCore

    window, policy = create_window(config, app)
    window.resize(*size)
    window.show()
    core = KioskCore(config)
    start_core(core)
    return window, core, attach_services(window, core, policy, app)


SMOKE_SECONDS = 120.0


def run_app(config, windowed: bool = False, report_ready=None, exit_after_ready: bool = False,
            smoke: bool = False) -> int:
    """Start the touchscreen app; returns the exit code. ``smoke``: exit 0 by itself once the
    attract screen is shown and the court connection, queue, devices and services are up
    (1 when that takes over SMOKE_SECONDS, 3 when start-up fails): a check of an install."""
    if not config.demo:  # before any window or device: production refuses what only a demo may run with
        from kiosk.production import refuse

        refused = refuse(config)
        if refused:
            log.critical("refusing to start in production mode: its problems are on stderr (and `kiosk doctor`)")
            return refused
    clock = time.monotonic()
    from ui.lockdown import force_input_method

    # The Qt Virtual Keyboard (Pinyin and English) on every real display, whatever QT_IM_MODULE says.
    # It opens in the system locale's layout (Pinyin for zh_CN); the kiosk's language decides it,
    # not the operator's shell. Its globe key switches.
    force_input_method(os.environ, KEYBOARD_LOCALES[config.get("kiosk.language")])

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # the window refuses closing; only quitting from maintenance ends it
    window, policy = create_window(config, app)
    watchdog = None
    if os.environ.get("NOTIFY_SOCKET"):  # under systemd (deploy/): READY, WATCHDOG pings, STOPPING
        from kiosk.watchdog import start_watchdog

        watchdog = start_watchdog(app, window.attract.painted)
    if report_ready is not None:
        window.attract.painted.connect(report_ready)
        if exit_after_ready:
            def quit_now():  # Qt's quit asks the window to close, which it refuses unless allowed
                window.allow_close()
                app.quit()

            window.attract.painted.connect(lambda: QTimer.singleShot(0, quit_now))
    if windowed or not config.get("kiosk.fullscreen"):
        window.resize(1600 if config.demo else 1280, 900)
        window.show()
    else:
        window.show_kiosk()

    state = {"services": None, "startup": None, "core": None, "painted": None}

    def painted():
        if state["painted"] is None:
            state["painted"] = time.monotonic() - clock

    window.attract.painted.connect(painted)

    def started(_):
        from kiosk import gui_gc

        state["services"] = attach_services(window, state["core"], policy, app)
        # While the attract screen waits, OCR's models are loaded (and dropped) in its child
        # process; then start-up is over: its objects leave the garbage collector's walks (kiosk.gui_gc)
        state["services"].scan.warm_up(then=lambda: gui_gc.startup_done(app))
        if watchdog is not None:
            watchdog.status("kiosk ready")
        if smoke:
            QTimer.singleShot(0, smoke_done)

    def smoke_done():
        shown = window.current == "attract" and window.attract.isVisible() and state["painted"] is not None
        if not shown:
            print(f"kiosk smoke test FAILED: the attract screen is not shown (screen: {window.current})",
                  file=sys.stderr, flush=True)
            app.exit(1)
            return
        print(f"kiosk smoke test passed: attract screen shown after {state['painted']:.1f} s, court "
              f"connection, queue, devices and services ready after {time.monotonic() - clock:.1f} s", flush=True)
        app.exit(0)

    def smoke_timeout():
        what = "attract screen" if state["painted"] is None else "start-up of court connection, queue and devices"
        print(f"kiosk smoke test FAILED: {what} not finished after {SMOKE_SECONDS:.0f} s", file=sys.stderr, flush=True)
        app.exit(1)

    if smoke:
        QTimer.singleShot(int(SMOKE_SECONDS * 1000), smoke_timeout)

    def failed(exc: BaseException):
        log.critical("start-up failed: %s: %s", type(exc).__name__, exc)
        if watchdog is not None:
            watchdog.status("start-up failed")
        app.exit(3)

    def start_core():
        """After the attract screen's first paint: court, queue and devices on a worker."""
        if state["startup"] is not None or exit_after_ready:
            return
        from kiosk.compose import start_core
        from kiosk.core import KioskCore
        from kiosk.logs import setup_logging
        from kiosk.workers import DeviceWorker, Dispatcher, Generation

        setup_logging(config.get("kiosk.log_dir"), config.get("kiosk.log_level"))
        core = state["core"] = KioskCore(config)

        state["startup"] = DeviceWorker("startup", Dispatcher(), Generation())
        state["startup"].submit(lambda: start_core(core), started, failed, session_bound=False)
        state["startup"].submit(warm_imports, session_bound=False)

    window.attract.painted.connect(start_core)
    QTimer.singleShot(1000, start_core)  # in case the window is never painted (screen off)

    def shutdown():
        if state["services"] is not None:
            state["services"].shutdown()
        if state["startup"] is not None:
            state["startup"].shutdown(wait=True)
        if state["core"] is not None:
            state["core"].stop()

    app.aboutToQuit.connect(shutdown)
    handle_termination(app, window)
    return app.exec()


def handle_termination(app, window) -> None:
    """SIGTERM (systemd stopping or restarting the unit, the nightly restart) and SIGINT quit the
    app the orderly way: the window allows its close, aboutToQuit stops the services, the devices
    and the sync worker, and the watchdog says STOPPING. Python runs a signal handler only
    between bytecodes, so a light timer wakes the interpreter while Qt's loop waits."""
    import signal

    def quit_now() -> None:
        log.info("quitting on a termination signal")
        window.allow_close()
        app.quit()

    def on_signal(_signum, _frame) -> None:
        QTimer.singleShot(0, quit_now)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    waker = QTimer(app)
    waker.setObjectName("signalWaker")
    waker.timeout.connect(lambda: None)
    waker.start(250)
