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
    assert collector.collections[0] >= 1
