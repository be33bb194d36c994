"""Fixtures shared by the recognition tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def ppocr():
    """The process's PP-OCR engine (kiosk.recognition.ppocr.shared_engine); the test is skipped without it."""
    from kiosk.recognition.ppocr import shared_engine

    engine = shared_engine()
    usable = engine.is_usable()
    if not usable:
        pytest.skip(f"PP-OCR not installed: {usable.reason}")
    return engine
