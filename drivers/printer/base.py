"""Receipt printers: the receipt model, status, Protocol and errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from drivers.base import DeviceError, DeviceUnavailable, Usability

Align = Literal["left", "center", "right"]
ALIGNS: tuple[str, ...] = ("left", "center", "right")


@dataclass(frozen=True)
class ReceiptLine:
    """One printed line. ``double`` prints it double width and double height."""

    text: str
    align: Align = "left"
    bold: bool = False
    double: bool = False

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"align must be one of {ALIGNS}, got {self.align!r}")


@dataclass(frozen=True)
class Receipt:
    """A receipt: lines, then an optional QR code (printed centred), then a cut."""

    lines: list[ReceiptLine] = field(default_factory=list)
    qr: str | None = None
    cut: bool = True


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper_out: bool
    paper_near_end: bool

    @property
    def ready(self) -> bool:
        """True when a job sent now can print."""
        return self.online and not self.paper_out


class PrinterError(DeviceError):
    """Base class of the receipt printer's errors."""


class PrinterOffline(PrinterError, DeviceUnavailable):
    """The printer cannot be reached, is switched off, or reports itself offline
    (cover open, error state)."""


class PaperOut(PrinterError):
    """The printer is out of paper."""


@runtime_checkable
class ReceiptPrinter(Protocol):
    """An ESC/POS receipt printer taking ready-made bytes (see escpos_codec)."""

    def status(self) -> PrinterStatus:
        """Query the printer (raises PrinterOffline when it cannot be reached)."""
        ...

    def print_bytes(self, data: bytes) -> None:
        """Send one job. Raises PrinterOffline, PaperOut or PrinterError.

        Returning means the bytes were handed to the printer, not that paper
        came out: check status() afterwards where it matters.
        """
        ...

    def is_usable(self) -> Usability: ...

    def close(self) -> None: ...
