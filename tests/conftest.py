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
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"privacy scan: {handler.records} log records and {files} log/temporary files, "
                            f"{len(scanner.hits)} personal values found")
        for hit in scanner.hits[:30]:
            reporter.write_line(f"  personal data in {hit}", red=True)
    if scanner.hits and session.exitstatus == 0:
        session.exitstatus = 1
