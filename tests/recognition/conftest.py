"""Fixtures shared by the recognition tests."""

from __future__ import annotations

import pytest


def usable_or_skip(engine, what: str = "OCR"):
    """``engine``, or the test skipped with the reason it cannot run here."""
    usable = engine.is_usable()
    if not usable:
        pytest.skip(f"{what} not installed: {usable.reason}")
    return engine


@pytest.fixture(scope="module")
def ppocr():
    """The process's PP-OCR engine (kiosk.recognition.ppocr.shared_engine); the test is skipped without it."""
    from kiosk.recognition.ppocr import shared_engine

    return usable_or_skip(shared_engine(), "PP-OCR")
