"""Run blocking work off the GUI thread and hand results back as queued Qt signals.

One `DeviceWorker` per device serialises access to it (a single-thread executor);
the network and the outbox get their own. Results arrive on the GUI thread through
`Dispatcher`, a QObject living there; a task started for an older session
generation is dropped instead of delivered (a session reset cancels its work).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger("kiosk.workers")


class Dispatcher(QObject):
    """Carries callables from worker threads to the thread this object lives in."""

    _call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        self._call.emit(fn)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:  # a failing slot must not kill the event loop
            log.exception("callback on the GUI thread failed")


class Generation:
    """The session generation: bumped by every reset; stale results are dropped."""

    def __init__(self) -> None:
        self._value = 0
        self._lock = threading.Lock()

    @property
    def value(self) -> int:
        with self._lock:
            return self._value

    def bump(self) -> int:
        with self._lock:
            self._value += 1
            return self._value


class DeviceWorker:
    """A single thread that owns one device (or one resource such as the network)."""

    def __init__(self, name: str, dispatcher: Dispatcher, generation: Generation) -> None:
        self.name = name
        self._dispatcher = dispatcher
        self._generation = generation
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"worker-{name}")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        session_bound: bool = True,
    ) -> Future:
        """Run `fn` on this worker; call `on_done(result)` / `on_error(exc)` on the GUI thread.

        A session-bound task whose session was reset meanwhile is cancelled if it has not
        started, and its result is dropped if it has.
        """
        generation = self._generation.value if session_bound else None
        future = self._executor.submit(fn)
        if session_bound:
            with self._lock:
                self._pending.add(future)

        def finished(f: Future) -> None:
            with self._lock:
                self._pending.discard(f)
            if f.cancelled():
                return
            if generation is not None and generation != self._generation.value:
                log.info("dropped the result of a cancelled %s task", self.name)
                return
            exc = f.exception()
            if exc is not None:
                if on_error is not None:
                    self._dispatcher.post(lambda: on_error(exc))
                else:
                    log.error("%s task failed: %s", self.name, type(exc).__name__)
            elif on_done is not None:
                result = f.result()
                self._dispatcher.post(lambda: on_done(result))

        future.add_done_callback(finished)
        return future

    def cancel_pending(self) -> int:
        """Cancel the session-bound tasks that have not started (a session reset)."""
        with self._lock:
            pending = list(self._pending)
        cancelled = sum(1 for f in pending if f.cancel())
        if cancelled:
            log.info("cancelled %d pending %s task(s)", cancelled, self.name)
        return cancelled

    def shutdown(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=False)
