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
