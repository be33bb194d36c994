"""Blocking work runs off the GUI thread; a session reset cancels that session's
pending work and drops its late results, but never work that must survive it."""

from __future__ import annotations

import threading

from kiosk.workers import DeviceWorker, Dispatcher, Generation


def test_results_arrive_on_the_gui_thread(qtbot):
    worker = DeviceWorker("test", Dispatcher(), Generation())
    seen = {}
    worker.submit(lambda: threading.current_thread().name, lambda name: seen.update(
        worker=name, gui=threading.current_thread() is threading.main_thread()))
    qtbot.waitUntil(lambda: "worker" in seen)
    assert seen["worker"].startswith("worker-test") and seen["gui"]
    worker.shutdown()


def test_reset_cancels_session_work_but_not_work_that_must_survive(qtbot):
    generation = Generation()
    worker = DeviceWorker("test", Dispatcher(), generation)
    gate = threading.Event()
    done = []
    worker.submit(gate.wait, lambda _: done.append("running"))  # in progress at the reset
    worker.submit(lambda: "queued", lambda r: done.append(r))  # not started at the reset
    worker.submit(lambda: "receipt", lambda r: done.append(r), session_bound=False)
    generation.bump()
    assert worker.cancel_pending() == 1
    gate.set()
    qtbot.waitUntil(lambda: "receipt" in done)
    qtbot.wait(50)
    assert done == ["receipt"]  # the in-progress result was dropped, the queued task never ran
    worker.shutdown()


def test_errors_come_back_to_the_error_callback(qtbot):
    worker = DeviceWorker("test", Dispatcher(), Generation())
    errors = []

    def boom():
        raise OSError("device gone")

    worker.submit(boom, lambda _: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], OSError)
    worker.shutdown()
