"""Conventions shared by every device driver.

Every driver object follows the same small contract:

- it opens its device lazily, on the first call that needs it (constructing a
  driver never touches hardware, so the composition root can build all of them
  cheaply and `kiosk doctor` can report on each one);
- ``close()`` releases the device and may be called any number of times; the
  next call that needs the device opens it again (hot-plug friendly);
- ``is_usable()`` answers with a :class:`Usability` whose ``reason`` is a short
  English sentence for logs and staff (never personal data);
- all methods block and are called from one worker thread per device.

Errors form one hierarchy per device kind, rooted at :class:`DeviceError`;
"the device is not there / not reachable" errors also derive from
:class:`DeviceUnavailable` so a supervisor can treat them alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Usability:
    """Whether a device can be used right now, and why (English, for logs/staff)."""

    ok: bool
    reason: str

    def __bool__(self) -> bool:
        return self.ok


class DeviceError(Exception):
    """Base class of every driver error."""


class DeviceUnavailable(DeviceError):
    """The device is missing, unplugged, switched off or unreachable."""


class LogsAvailability:
    """Mixin for backends: log losing and regaining the device once each, not on every
    failed call. The class sets ``_log``; the instance provides ``_where`` (no personal data)."""

    _log: logging.Logger
    _available: bool | None = None  # None: not known yet

    def _note(self, available: bool, reason: str) -> None:
        if available == self._available:
            return
        if available:
            self._log.info("%s available", self._where)
        elif self._available is not None:
            self._log.warning("%s lost: %s", self._where, reason)
        else:
            self._log.warning("%s not available: %s", self._where, reason)
        self._available = available
