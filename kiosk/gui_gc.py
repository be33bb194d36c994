"""Python's cyclic garbage collector runs on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate: a device worker, the
court client, the OCR worker. When it frees a Python object that PySide tied to a signal connection
(a slot's receiver), PySide disconnects that connection there, holding Qt's connection mutex while
it asks for the GIL (a disconnectNotify override). If the GUI thread holds the GIL and is making a
connection (building a widget), each waits for the other for ever. That deadlock was seen with gdb
in the UI tests: a worker in ``QObject::disconnect`` under ``PyGILState_Ensure``, the GUI thread in
``QObjectPrivate::connectImpl`` under ``QBasicMutex::lockInternal``.

`install(app)` switches the automatic collector off and collects from a timer on the GUI thread
instead, with the collector's own thresholds (a generation is collected when the automatic collector
would have collected it), so cycles are still freed within `INTERVAL_MS`. Objects freed by their
reference count are unaffected (they go where their last reference goes).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 200


class GuiThreadCollector(QObject):
    """Collects the generations the automatic collector would have, from a timer on the GUI thread."""

    def __init__(self, parent: QObject, thresholds: tuple[int, int, int]) -> None:
        super().__init__(parent)
        self.thresholds = thresholds
        self.collections = [0, 0, 0]
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold; None when none did."""
        counts = gc.get_count()
        generation = None
        for gen in range(3):
            if counts[gen] >= max(1, self.thresholds[gen]):
                generation = gen
            else:
                break
        if generation is None:
            return None
        gc.collect(generation)
        self.collections[generation] += 1
        return generation


def install(app: QObject) -> GuiThreadCollector:
    """Once per application (later calls return the same collector)."""
    collector = app.findChild(GuiThreadCollector)
    if collector is None:
        thresholds = gc.get_threshold()
        collector = GuiThreadCollector(app, (thresholds[0], thresholds[1], thresholds[2]))
        gc.disable()
    return collector
