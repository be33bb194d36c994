"""Session-wide test set-up: offscreen Qt, no user configuration, and fixtures
that build the kiosk's real parts (embedded sandbox on loopback, outbox in a
temp folder, simulated devices) exactly as the app does."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)  # the virtual keyboard is tested on Xvfb, not offscreen
_HOME = tempfile.mkdtemp(prefix="kiosk-test-home-")
for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = os.path.join(_HOME, var.lower())
for name in list(os.environ):
    if name.startswith("KIOSK_"):
        del os.environ[name]

import pytest  # noqa: E402


def make_config(tmp_path, **overrides):
    from kiosk.config import load_config

    values = {
        "kiosk.data_dir": str(tmp_path / "data"),
        "kiosk.log_dir": str(tmp_path / "log"),
        "kiosk.fullscreen": False,
        "queue.base_delay_seconds": 0.1,
        "queue.max_delay_seconds": 1.0,
        "metrics.enabled": False,  # no test listens on the metrics port unless it asks (tests/kiosk/test_metrics.py)
    }
    values.update(overrides)
    return load_config(env={}, overrides=values)


@pytest.fixture
def kiosk_config(tmp_path):
    return make_config(tmp_path)


@pytest.fixture(scope="session")
def xvfb_display():
    """A virtual X display for tests that need the xcb platform (the on-screen keyboard).
    Started once, stopped by PID."""
    from kiosk.launch_demo import start_xvfb

    proc, display = start_xvfb()
    yield display
    proc.terminate()
    proc.wait(timeout=10)


# -- no test leaves a thread or a Qt timer running behind it

LEAK_GRACE_SECONDS = 5.0  # a thread told to stop may take a moment to end
# Threads that are not the test's to stop: AnyIO's worker pool (starlette's TestClient) retires
# idle workers by itself after 10 s.
FOREIGN_THREADS = ("AnyIO worker thread",)


def _track_qtimers():
    """Every QTimer made from Python from now on is remembered (weakly): the product's modules
    are imported after this conftest, so each `from PySide6.QtCore import QTimer` gets this class."""
    import weakref

    from PySide6 import QtCore

    made: weakref.WeakSet = weakref.WeakSet()

    class TrackedQTimer(QtCore.QTimer):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.add(self)

    TrackedQTimer.__name__ = TrackedQTimer.__qualname__ = "QTimer"
    QtCore.QTimer = TrackedQTimer
    return made


_QTIMERS = _track_qtimers()


def _live_qtimers() -> list:
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid

    if QCoreApplication.instance() is not None:  # widgets closed with deleteLater go now
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return [t for t in list(_QTIMERS) if isValid(t) and t.isActive()]


@pytest.fixture(autouse=True)
def no_leftover_threads_or_timers(request):
    """Fails a test that leaves a thread it started, or an active QTimer, behind: the kiosk runs
    for months, and work that outlives its owner is a leak (or a callback into a dead object).
    Threads and timers of session- and module-scoped fixtures started before the test are not
    the test's; nor are threads Python did not start (Qt's and PulseAudio's own, seen only as
    "dummy" threads when they call back into Python)."""
    import threading
    import time

    before = set(threading.enumerate())
    timers_before = set(map(id, _live_qtimers()))
    yield
    deadline = time.monotonic() + LEAK_GRACE_SECONDS
    while True:
        threads = [t for t in threading.enumerate() if t not in before and t.is_alive()
                   and not isinstance(t, threading._DummyThread) and not t.name.startswith(FOREIGN_THREADS)]
        if not threads or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    problems = [f"thread {t.name!r} still running" for t in threads]
    problems += [f"QTimer {t.objectName() or hex(id(t))} (parent {type(t.parent()).__name__}, interval "
                 f"{t.interval()} ms) still active" for t in _live_qtimers() if id(t) not in timers_before]
    if problems:
        pytest.fail(f"{request.node.nodeid} left running: " + "; ".join(problems), pytrace=False)


# -- the slow set: real stacks, kills and the whole app. `make test-fast` (pytest -m "not slow")
# runs the rest in under a minute; `make test` runs everything.
SLOW = (
    "tests/ui/",  # the whole kiosk on Qt with the embedded sandbox
    "tests/drivers/test_drivers_mic_qt.py", "tests/drivers/test_drivers_pcsc.py",  # real stacks: PulseAudio,
    "tests/drivers/test_drivers_cups.py", "tests/drivers/test_drivers_sam_serial.py",  # pcscd + vsmartcard, cupsd,
    "tests/drivers/test_drivers_camera_opencv.py", "tests/drivers/test_drivers_escpos_backend.py",  # pty, OpenCV, TCP
    "tests/drivers/test_drivers_audio.py",
    "tests/queue/test_queue_faults_kill.py", "tests/queue/test_queue_faults_outage.py",  # kill -9, outages
    "tests/queue/test_queue_restart.py", "tests/queue/test_queue_attachments.py",
    "tests/queue/test_sandbox_server.py", "tests/queue/test_sandbox_api.py", "tests/queue/test_sandbox_cli.py",
    "tests/recognition/test_recognition_ocr.py", "tests/recognition/test_recognition_speech.py",  # Tesseract, Vosk
    "tests/recognition/test_recognition_unseen.py", "tests/recognition/test_recognition_ppocr.py",  # PP-OCR,
    "tests/recognition/test_recognition_idcard_labels.py",  # the independent corpora (tests/corpora)
    "tests/test_demo_smoke.py", "tests/test_bench_runner.py", "tests/test_cli.py", "tests/test_cli_fee.py",
    # servers on loopback, whole PDFs, speech in real time: 1-20 s a file
    "tests/queue/test_client_fuzz.py", "tests/queue/test_client_hostile.py",  # hostile servers, hypothesis
    "tests/queue/test_sandbox_records.py", "tests/queue/test_sandbox_hardening.py",
    "tests/queue/test_sandbox_tickets.py", "tests/queue/test_kiosk_enrolment.py",
    "tests/services/test_print_documents.py", "tests/kiosk/test_kiosk_print_stamp.py",
    "tests/drivers/test_speaker_simulator.py", "tests/queue/test_sandbox_lookup_page.py",
    "tests/video/test_video_engine.py",  # real WebRTC calls on loopback (aiortc both ends), seconds each
    "tests/queue/test_sandbox_video_console.py",  # chromium with a fake camera and an aiortc kiosk: ~8 s a test
    "tests/queue/test_sandbox_video.py",  # a loopback server and WebSockets, ~7 s
    "tests/drivers/test_pulse_stream.py",  # a real PulseAudio, seconds of audio in real time
    "tests/queue/test_sandbox_video_bookings.py",  # a loopback server per test, a Chromium console: ~15 s
    "tests/video/test_signalling_pins.py",  # wss servers on loopback with certificates made per test
)


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath)
    for item in items:
        path = str(item.path)[len(root) + 1:]
        if path.startswith(SLOW):
            item.add_marker(pytest.mark.slow)


def pytest_report_header(config):
    """The versions a failure report needs (tests/environment.py); `make test` has printed
    them already, with its check of the environment against the lock."""
    if os.environ.get("COURT_KIOSK_ENVIRONMENT_SHOWN"):
        return None
    from tests.environment import versions

    return versions()


# -- privacy: no personal data in any log record or log/temporary file (tests/privacy_scan.py)

_PRIVACY: dict = {}


def pytest_configure(config):
    import logging

    from tests.privacy_scan import RecordScanner, Scanner, kiosk_temp_dirs

    scanner = Scanner()
    handler = RecordScanner(scanner)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)  # the kiosk's production level: every INFO record is scanned
    _PRIVACY.update(scanner=scanner, handler=handler, before=kiosk_temp_dirs())


def pytest_sessionfinish(session, exitstatus):
    import logging
    from pathlib import Path

    from tests.privacy_scan import temp_roots

    if not _PRIVACY:
        return
    scanner, handler = _PRIVACY["scanner"], _PRIVACY["handler"]
    logging.getLogger().removeHandler(handler)
    basetemp = Path(session.config._tmp_path_factory.getbasetemp()) \
        if getattr(session.config, "_tmp_path_factory", None) is not None else None
    files = scanner.scan_files(temp_roots(basetemp, _PRIVACY["before"])) if basetemp else 0
    hits, records = [str(hit) for hit in scanner.hits], handler.records
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller reports (pytest_testnodedown)
        workeroutput["privacy"] = {"hits": hits[:30], "found": len(hits), "records": records, "files": files}
        return
    found = len(hits)
    for worker in _PRIVACY.get("workers", []):
        hits += worker["hits"]
        found += worker["found"]
        records += worker["records"]
        files += worker["files"]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"privacy scan: {records} log records and {files} log/temporary files, "
                            f"{found} personal values found")
        for hit in hits[:30]:
            reporter.write_line(f"  personal data in {hit}", red=True)
    if found and session.exitstatus == 0:
        session.exitstatus = 1


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist (the controller): what a worker's privacy scan found."""
    privacy = getattr(node, "workeroutput", {}).get("privacy")
    if privacy is not None:
        _PRIVACY.setdefault("workers", []).append(privacy)
