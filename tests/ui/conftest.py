"""Fixtures that build the real app (core, services, main window) on simulated devices
and the embedded sandbox, the way `kiosk` does, in a temp folder."""

from __future__ import annotations

import pytest

from tests.conftest import make_config  # noqa: F401


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp):
    """Cyclic garbage collection on the GUI thread, as the app has it (kiosk.gui_gc, installed by
    kiosk.app.create_window): installed once for the session, so its timer is not a test's leftover."""
    from kiosk import gui_gc

    return gui_gc.install(qapp)


@pytest.fixture
def app_parts(qtbot, qapp, tmp_path):
    """Yields a builder: build(**config overrides) -> (window, core, services)."""
    from kiosk.app import start_in_process

    built = []

    def build(**overrides):
        config = make_config(tmp_path, **overrides)
        window, core, services = start_in_process(config, qapp, (1600, 1000))
        qtbot.addWidget(window, before_close_func=lambda w: w.allow_close())  # it refuses closing otherwise
        built.append((window, core, services))
        return window, core, services

    yield build
    for window, core, services in built:
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()
