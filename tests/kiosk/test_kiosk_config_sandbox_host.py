"""kiosk.config: the embedded court sandbox (no TLS) listens on loopback only (issue 17)."""

from __future__ import annotations

import pytest

import kiosk.config as config
from kiosk.config import ConfigError, load_config


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """Never read the developer's real ~/.config/court-kiosk/kiosk.toml."""
    monkeypatch.setattr(config, "default_config_path", lambda: tmp_path / "absent" / "kiosk.toml")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_hosts_are_accepted(host):
    assert load_config(env={}, overrides={"sandbox.host": host})["sandbox.host"] == host


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "court.example", ""])
def test_anything_beyond_loopback_is_refused_naming_the_key(host):
    with pytest.raises(ConfigError, match="'sandbox.host'.*loopback"):
        load_config(env={}, overrides={"sandbox.host": host})


def test_the_environment_cannot_open_it_either():
    with pytest.raises(ConfigError, match="KIOSK_SANDBOX__HOST"):
        load_config(env={"KIOSK_SANDBOX__HOST": "0.0.0.0"})
