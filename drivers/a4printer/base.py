"""A4 printers: job and queue dataclasses, the Protocol and errors.

No Qt here: only ``drivers.a4printer.cups_backend`` uses QtGui/QtPrintSupport
to lay out and print documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol, runtime_checkable

from drivers.base import DeviceError, DeviceUnavailable, Usability

State = Literal["pending", "processing", "completed", "failed", "canceled"]
STATES: tuple[str, ...] = ("pending", "processing", "completed", "failed", "canceled")
#: states a job never leaves
FINAL_STATES: frozenset[str] = frozenset({"completed", "failed", "canceled"})


@dataclass(frozen=True)
class PrintJob:
    """A job the print service accepted. ``title`` may name a litigant: never log it."""

    job_id: int
    queue: str
    title: str

    def __repr__(self) -> str:
        return f"PrintJob({self.queue}-{self.job_id})"


class JobState(NamedTuple):
    """Where a job is, and why (English keywords and the service's message; no personal data).

    Unpacks as ``state, reason``. ``completed`` means the print service handed
    every byte to the device, not that paper came out of it.
    """

    state: State
    reason: str

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES


@dataclass(frozen=True)
class QueueStatus:
    """A print queue as the print service sees it."""

    queue: str
    accepting: bool  # takes new jobs
    enabled: bool  # prints them (False: stopped/disabled by staff or after a device error)
    state: Literal["idle", "processing", "stopped"]
    reason: str  # printer-state-message and state reasons, '' when all is well

    @property
    def ready(self) -> bool:
        return self.accepting and self.enabled


class A4PrinterError(DeviceError):
    """Base class of the A4 printer's errors."""


class A4PrinterUnavailable(A4PrinterError, DeviceUnavailable):
    """The print service is not reachable, or the queue is missing or not accepting jobs."""


class JobFailed(A4PrinterError):
    """A job could not be submitted (the service refused it, or no job appeared)."""


@runtime_checkable
class A4Printer(Protocol):
    """A4 printing through the system print service. All methods block."""

    def render_pdf(self, html_or_text: str, path: str | Path) -> Path:
        """Lay out rich text or plain text on A4 pages and write a PDF."""
        ...

    def print_pdf(self, path: str | Path, title: str) -> PrintJob:
        """Submit an existing PDF unchanged. Raises A4PrinterUnavailable or JobFailed."""
        ...

    def print_document(self, document: Any, title: str) -> PrintJob:
        """Print a QTextDocument on A4. Raises A4PrinterUnavailable or JobFailed."""
        ...

    def job_state(self, job: PrintJob) -> JobState: ...

    def wait(self, job: PrintJob, timeout: float) -> JobState:
        """Poll until the job is final or ``timeout`` seconds passed; the last state seen."""
        ...

    def cancel(self, job: PrintJob) -> None: ...

    def status(self) -> QueueStatus: ...

    def is_usable(self) -> Usability: ...

    def close(self) -> None: ...
