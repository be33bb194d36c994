"""A4 printers through the system print service (CUPS): Protocol, jobs, errors.

The CUPS backend (``drivers.a4printer.cups_backend``, Qt print support for
layout) is imported only when selected (see drivers.registry).
"""

from drivers.a4printer.base import (
    FINAL_STATES,
    STATES,
    A4Printer,
    A4PrinterError,
    A4PrinterUnavailable,
    JobFailed,
    JobState,
    PrintJob,
    QueueStatus,
)

__all__ = [
    "FINAL_STATES",
    "STATES",
    "A4Printer",
    "A4PrinterError",
    "A4PrinterUnavailable",
    "JobFailed",
    "JobState",
    "PrintJob",
    "QueueStatus",
]
