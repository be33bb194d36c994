"""A scriptable receipt printer that records every job's bytes."""

from __future__ import annotations

import logging
import threading
import unicodedata

from drivers.base import Usability
from drivers.printer.base import PaperOut, PrinterOffline, PrinterStatus
from drivers.printer.escpos_codec import Cut, QrCode, TextLine, decode_escpos

log = logging.getLogger("drivers.printer")


class SimulatedReceiptPrinter:
    """Records jobs (``jobs``, ``last_job``); ``set_offline`` / ``set_paper`` script failures.

    Thread-safe: tests and a demo control panel may script it from any thread.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._jobs: list[bytes] = []
        self._online = True
        self._paper_out = False
        self._paper_near_end = False
        self._open = False

    # -- scripting --

    def set_offline(self, offline: bool = True) -> None:
        with self._lock:
            self._online = not offline

    def set_paper(self, out: bool = False, near_end: bool = False) -> None:
        with self._lock:
            self._paper_out = out
            self._paper_near_end = near_end or out

    @property
    def jobs(self) -> list[bytes]:
        with self._lock:
            return list(self._jobs)

    @property
    def last_job(self) -> bytes | None:
        with self._lock:
            return self._jobs[-1] if self._jobs else None

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()

    # -- ReceiptPrinter --

    def _ensure_open(self) -> None:
        if not self._online:
            self._open = False
            raise PrinterOffline("receipt printer is offline (simulated)")
        if not self._open:
            self._open = True
            log.info("receipt printer opened (simulated)")

    def status(self) -> PrinterStatus:
        with self._lock:
            self._ensure_open()
            return PrinterStatus(online=True, paper_out=self._paper_out, paper_near_end=self._paper_near_end)

    def print_bytes(self, data: bytes) -> None:
        with self._lock:
            self._ensure_open()
            if self._paper_out:
                raise PaperOut("receipt printer is out of paper (simulated)")
            self._jobs.append(bytes(data))
            log.info("receipt printed (simulated): job %d, %d bytes", len(self._jobs), len(data))

    def is_usable(self) -> Usability:
        with self._lock:
            if not self._online:
                return Usability(False, "receipt printer is offline (simulated)")
            if self._paper_out:
                return Usability(False, "receipt printer is out of paper (simulated)")
            if self._paper_near_end:
                return Usability(True, "simulated receipt printer ready, paper near end")
            return Usability(True, "simulated receipt printer ready")

    def close(self) -> None:
        with self._lock:
            self._open = False


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def receipt_text(data: bytes, columns: int = 32) -> str:
    """Render an ESC/POS job as plain text (tests and debugging only: receipts
    carry personal data, keep this out of logs in production).

    Alignment is applied over ``columns`` (32 for 58 mm paper, 48 for 80 mm);
    double-size lines count twice their width; a QR code shows as ``[QR] data``.
    """
    out: list[str] = []
    for element in decode_escpos(data):
        if isinstance(element, TextLine):
            text = element.text
            width = _width(text) * (2 if element.double else 1)
            pad = max(0, columns - width)
            if element.align == "center":
                text = " " * (pad // 2) + text
            elif element.align == "right":
                text = " " * pad + text
            out.append(text.rstrip() if text.strip() else "")
        elif isinstance(element, QrCode):
            out.append(f"[QR] {element.data}")
        elif isinstance(element, Cut):
            out.append("-" * columns + (" (partial cut)" if element.partial else " (cut)"))
    return "\n".join(out)
