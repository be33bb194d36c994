"""kiosk.recognition.child: OCR in a process of its own, and what happens when that process fails."""

from __future__ import annotations

import os
import signal

import pytest

from kiosk.recognition.child import OcrChild
from kiosk.recognition.ocr import OcrError
from kiosk.services.recognition import WARMUP_DIR

pytestmark = pytest.mark.slow  # real OCR child processes with their models


@pytest.fixture
def child():
    made = OcrChild()
    yield made
    made.stop()


def test_a_card_is_read_in_the_child_and_comes_back_as_fields(child):
    fields, count = child.call("card", (WARMUP_DIR / "warmup-card.jpg").read_bytes())
    assert count >= 5 and fields["id_number"].value and not fields["id_number"].flagged
    form, lines = child.call("page", (WARMUP_DIR / "warmup-page.jpg").read_bytes())
    assert lines >= 5 and form["defendant_name"].value
    assert child.started == 1 and child.alive
    child.stop()
    assert not child.alive


def test_a_bad_image_and_a_bad_request_are_errors_of_their_kind_and_the_child_goes_on(child):
    with pytest.raises(ValueError, match="not an image"):
        child.call("card", b"not an image")
    with pytest.raises(ValueError, match="unknown request"):
        child.call("nonsense")
    assert child.alive and child.started == 1


def test_a_child_that_died_is_started_again(child):
    child.open()
    os.kill(child._proc.pid, signal.SIGKILL)
    child._proc.wait(timeout=10)
    fields, count = child.call("card", (WARMUP_DIR / "warmup-card.jpg").read_bytes())
    assert count >= 5 and child.started == 2
    assert finalizers_of(child) == 1  # the dead one's process object went with its finalizer
    child.stop()
    assert finalizers_of(child) == 0 and child._ending is None


def finalizers_of(child) -> int:
    """The weakref.finalize callbacks still registered for ``child`` (each keeps a process object)."""
    import weakref

    return sum(1 for info in weakref.finalize._registry.values() if info.weakref() is child)


def test_a_child_killed_in_the_middle_of_a_read_is_an_ocr_error_and_the_next_read_works(child):
    child.open()
    pid = child._proc.pid
    import threading

    threading.Timer(0.05, lambda: os.kill(pid, signal.SIGKILL)).start()
    with pytest.raises(OcrError, match="ended"):
        child.call("page", (WARMUP_DIR / "warmup-page.jpg").read_bytes())
    assert not child.alive
    assert child.call("page", (WARMUP_DIR / "warmup-page.jpg").read_bytes())[1] >= 5 and child.started == 2


def test_a_read_that_takes_too_long_ends_the_child():
    slow = OcrChild(call_seconds=0.05)  # loading the models takes longer than that
    try:
        with pytest.raises(OcrError, match="took too long"):
            slow.open()
        assert not slow.alive
    finally:
        slow.stop()
