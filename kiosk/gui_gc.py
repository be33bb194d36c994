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

A collection holds the GIL while it walks every object of its generations: about 0.35 ms per
thousand. Start-up leaves some 200,000 objects (modules, classes, screens) that live as long as
the kiosk, so:

- `startup_done()` (once the start-up warm-up has finished) moves everything that exists into
  the collector's permanent generation (`gc.freeze`): no later collection walks it again. Measured:
  a collection of the young objects right after start-up took 78 ms, a full one 66-114 ms; after
  the freeze, a few ms;
- the oldest generation is collected only when the objects promoted into it since its last
  collection are more than a quarter of it (the automatic collector's own rule), not at every
  tenth collection of the middle one.
"""

from __future__ import annotations

import gc
import linecache
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("kiosk.gui_gc")

INTERVAL_MS = 200
#: the oldest generation is collected when what was promoted into it since it was last collected is
#: more than this share of it (CPython's long_lived_pending > long_lived_total / 4)
FULL_GROWTH = 0.25


class GuiThreadCollector(QObject):
    """Collects the generations the automatic collector would have, from a timer on the GUI thread."""

    def __init__(self, parent: QObject, thresholds: tuple[int, int, int]) -> None:
        super().__init__(parent)
        self.thresholds = thresholds
        self.collections = [0, 0, 0]
        self._long_lived = len(gc.get_objects(generation=2))
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
        if generation == 2:
            oldest = len(gc.get_objects(generation=2))
            if oldest - self._long_lived <= FULL_GROWTH * self._long_lived:
                generation = 1  # not grown enough: collect the middle one, as CPython would
        gc.collect(generation)
        self.collections[generation] += 1
        if generation == 2:
            self._long_lived = len(gc.get_objects(generation=2))
        return generation


def startup_done(app: QObject) -> None:
    """On the GUI thread, once start-up is over: what exists now lives as long as the kiosk, and
    no collection walks it again (see the module's notes). Its few cycles that are already garbage
    stay (freezing costs nothing; collecting them first would walk it all once more).

    The source lines of every module imported so far go too: PySide6's import hook reads each
    module's source (shibokensupport.feature, through inspect.getsource) into ``linecache``, which
    kept about 43 MB of text for good (tracemalloc). A traceback reads them again when it needs them."""
    linecache.clearcache()
    gc.freeze()
    collector = _collector(app)
    if collector is not None:
        collector._long_lived = len(gc.get_objects(generation=2))
    log.info("start-up objects frozen for the garbage collector (%d)", gc.get_freeze_count())


def install(app: QObject) -> GuiThreadCollector:
    """Once per application (later calls return the same collector)."""
    collector = _collector(app)
    if collector is None:
        thresholds = gc.get_threshold()
        collector = GuiThreadCollector(app, (thresholds[0], thresholds[1], thresholds[2]))
        _collectors[id(app)] = collector
        gc.disable()
    return collector


#: id(app) -> its collector. Not QObject.findChild: its default argument is one of PySide6's `Qt`
#: enums, and the first use of the `Qt` namespace builds all its ~90 enums (some 10 ms of the
#: cold start, before the attract screen is painted).
_collectors: dict[int, GuiThreadCollector] = {}


def _collector(app: QObject) -> GuiThreadCollector | None:
    collector = _collectors.get(id(app))
    if collector is not None:
        try:
            if collector.parent() is app:
                return collector
        except RuntimeError:  # deleted with an application that is gone
            pass
        _collectors.pop(id(app), None)
    return None
