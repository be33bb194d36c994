"""Fixtures that build the real app (core, services, main window) on simulated devices
and the embedded sandbox, the way `kiosk` does, in a temp folder."""

from __future__ import annotations

import pytest

from tests.conftest import make_config  # noqa: F401


@pytest.fixture
def app_parts(qtbot, qapp, tmp_path):
    """Yields a builder: build(**config overrides) -> (window, core, services)."""
    from kiosk.app import attach_services, create_window
    from kiosk.core import KioskCore

    built = []

    def build(**overrides):
        config = make_config(tmp_path, **overrides)
        window, policy = create_window(config, qapp)
        qtbot.addWidget(window)
        window.resize(1600, 1000)
        window.show()
        core = KioskCore(config)
        core.policy = policy
        core.start()
        services = attach_services(window, core, qapp)
        built.append((window, core, services))
        return window, core, services

    yield build
    for window, core, services in built:
        services.shutdown()
        core.stop()
        window.close()
