"""Fixtures of the service tests: a configuration over temporary folders, a real encrypted outbox
with a clock the test moves, a fake court and a policy cache (see tests/services/fakes.py)."""

from __future__ import annotations

import pytest

from tests.services import fakes


@pytest.fixture
def config(tmp_path):
    return fakes.make_config(tmp_path)


@pytest.fixture
def clock():
    return fakes.FakeClock()


@pytest.fixture
def outbox(tmp_path, clock):
    box = fakes.open_outbox(tmp_path / "queue", clock)
    yield box
    box.close()


@pytest.fixture
def court():
    return fakes.FakeCourt()


@pytest.fixture
def policy(tmp_path):
    return fakes.policy_cache(tmp_path / "policy")


@pytest.fixture(autouse=True)
def _no_qt_application():
    """These tests run without a Qt application: none may be made here (one made by other tests
    earlier in the same process is left alone)."""
    from PySide6.QtCore import QCoreApplication

    before = QCoreApplication.instance()
    yield
    if before is None:
        assert QCoreApplication.instance() is None, "a test made a Qt application"
