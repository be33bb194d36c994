"""Cyclic garbage is collected on the GUI thread only (kiosk.gui_gc): a collection on a worker thread can
free a PySide slot's receiver there and deadlock against the GUI thread making a connection."""

from __future__ import annotations

import gc
import threading
import weakref

from kiosk import gui_gc


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_cycles_are_collected_by_the_gui_thread_not_by_workers(qtbot, qapp):
    collector = gui_gc.install(qapp)
    assert gui_gc.install(qapp) is collector and not gc.isenabled()
    freed_on = []

    def make_garbage() -> weakref.ref:
        node = Node()
        ref = weakref.ref(node, lambda _r: freed_on.append(threading.current_thread().name))
        return ref

    def worker() -> None:  # allocates far past the threshold: an automatic collector would run here
        refs.append(make_garbage())
        for _ in range(collector.thresholds[0] * 5):
            Node()

    refs: list[weakref.ref] = []
    thread = threading.Thread(target=worker, name="allocating-worker")
    thread.start()
    thread.join()
    assert refs[0]() is not None and freed_on == []  # nothing collected on the worker
    qtbot.waitUntil(lambda: refs[0]() is None, timeout=3000)  # the GUI thread's timer collects it
    assert freed_on == [threading.main_thread().name]
    assert sum(collector.collections) >= 1  # by the timer (whichever generation was due)


def test_start_up_objects_are_frozen_and_new_cycles_still_collected(qtbot, qapp):
    collector = gui_gc.install(qapp)
    before = gc.get_freeze_count()
    try:
        gui_gc.startup_done(qapp)
        assert gc.get_freeze_count() > before  # what start-up left is out of every collection's walk
        assert collector._long_lived == len(gc.get_objects(generation=2))
        ref = weakref.ref(Node())
        for _ in range(collector.thresholds[0] * 2):
            Node()
        qtbot.waitUntil(lambda: ref() is None, timeout=3000)  # a cycle made after the freeze is freed
    finally:
        gc.unfreeze()


def _due_for_a_full_collection(collector) -> None:
    """The counts past every threshold, as after many collections of the younger generations."""
    for _ in range(collector.thresholds[2]):
        gc.collect(1)
    for _ in range(collector.thresholds[1]):
        gc.collect(0)
    keep = [Node() for _ in range(collector.thresholds[0] + 10)]
    assert all(c >= t for c, t in zip(gc.get_count(), collector.thresholds, strict=True)), gc.get_count()
    return keep


def test_the_oldest_generation_is_collected_only_when_it_has_grown_by_a_quarter(qapp):
    collector = gui_gc.GuiThreadCollector(qapp, gc.get_threshold())
    try:
        collector._timer.stop()  # driven by hand here
        collector._long_lived = len(gc.get_objects(generation=2))  # nothing promoted since
        keep = _due_for_a_full_collection(collector)
        assert collector.collect() == 1  # the middle one instead, as CPython's automatic collector does
        collector._long_lived = 0  # everything in the oldest generation is new
        keep += _due_for_a_full_collection(collector)
        assert collector.collect() == 2
        assert abs(collector._long_lived - len(gc.get_objects(generation=2))) <= 5  # its new size
        del keep
    finally:
        collector.deleteLater()
