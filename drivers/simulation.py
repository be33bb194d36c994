"""What every simulated device shares: one lock, and being plugged in or not.

A simulator is opened lazily on first use; pulling it out closes it (the next use
after `plug()` opens it again), as a real device that was unplugged would be.
"""

from __future__ import annotations

import threading


class SimulatedDevice:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._plugged = True
        self._open = False

    def unplug(self) -> None:
        """Scripting: the device is pulled out; calls fail until `plug()`."""
        with self._lock:
            self._plugged = False
            self._open = False

    def plug(self) -> None:
        """Scripting: the device is back."""
        with self._lock:
            self._plugged = True
