"""Resident ID card readers on a serial port (USB-serial, 115200 8N1) speaking the SAM frames.

Only transport here: a command frame goes out, exactly one response frame comes
back. Framing, checksums, the reading sequence and the card layout are the pure
functions of :mod:`drivers.idcard.sam`.

Reading a response frame:

- resynchronise on the ``AA AA AA 96 69`` preamble, skipping garbage (noise on
  the line, the tail of an answer that came too late);
- read LEN and bound it: LEN above ``MAX_LEN`` (0x0600; the largest answer, read
  base info, is 0x0508) or below 4 (SW1 SW2 SW3 CHK) is refused at once;
- read the rest and let ``sam.parse_response`` verify the checksum;
- every frame has a deadline (``timeout``) however the bytes trickle in.

How failures surface (poll() is retried by the caller every few hundred ms):

- the port cannot be opened, vanished or fails (OSError, SerialException):
  ReaderUnavailable; the port is closed and the next poll() opens it again
  (a USB reader pulled out and plugged back in);
- no byte within ``timeout``: CardReadError("reader did not answer"); after
  ``SILENT_POLLS_UNAVAILABLE`` silent polls in a row, ReaderUnavailable;
- a bad frame (checksum, short, oversized, garbage only): CardReadError, and
  the input is flushed so the next poll starts clean;
- a status word (SW3) the sequence does not expect: ReaderStatusError (an
  IdReaderError) carrying ``sw3`` for the maintenance screen.

Nothing read from a card is logged: log lines name the port, error kinds and
status codes only. The photo stays opaque bytes inside the returned IdCardData.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import serial
from serial import SerialException

from drivers.base import Usability
from drivers.idcard import sam
from drivers.idcard.base import CardReadError, IdCardData, IdReaderError, ReaderUnavailable

try:  # POSIX ports raise termios.error (not an OSError) from tcflush on a dead tty
    import termios

    _PORT_ERRORS: tuple[type[BaseException], ...] = (OSError, SerialException, termios.error)
except ImportError:  # pragma: no cover - Windows
    _PORT_ERRORS = (OSError, SerialException)

log = logging.getLogger("drivers.idcard")
_T = TypeVar("_T")

#: Largest LEN accepted in a response (read base info needs 0x0508).
MAX_LEN = 0x0600
#: Smallest LEN of a response: SW1 SW2 SW3 CHK.
MIN_LEN = 4
#: Garbage skipped while looking for a preamble before the frame is given up.
MAX_SKIP = 2 * (sam.HEADER_LEN + MAX_LEN)
#: Silent polls in a row after which the reader counts as gone.
SILENT_POLLS_UNAVAILABLE = 3
#: Longest single blocking read; bounds how far a frame deadline can be overrun.
READ_SLICE = 0.05

#: The status words each command may answer with in the reading sequence.
_EXPECTED_SW3: dict[tuple[int, int], tuple[str, frozenset[int]]] = {
    sam.SAM_STATUS: ("SAM status", frozenset({sam.SW3_OK})),
    sam.FIND_CARD: ("find card", frozenset({sam.SW3_CARD_FOUND, sam.SW3_NO_CARD})),
    sam.SELECT_CARD: ("select card", frozenset({sam.SW3_OK, sam.SW3_SELECT_FAILED})),
    sam.READ_BASE_INFO: ("read base info", frozenset({sam.SW3_OK, sam.SW3_READ_FAILED})),
}


class ReaderStatusError(IdReaderError):
    """The reader answered with a status word the kiosk does not expect.

    ``sw3`` is the code (e.g. 0x21, or a vendor's own value) for the
    maintenance screen; ``step`` names the command ('find card', ...).
    """

    def __init__(self, sw3: int, step: str) -> None:
        super().__init__(f"{step}: reader answered SW3={sw3:02X} ({sam.sw3_meaning(sw3)})")
        self.sw3 = sw3
        self.step = step

    @property
    def code(self) -> str:
        """'SW3=21': the reader's status as shown to staff."""
        return f"SW3={self.sw3:02X}"


class _NoAnswer(Exception):
    """Not a single byte arrived before the deadline."""


class SerialSamReader:
    """An ID card reader on serial port ``port`` (e.g. /dev/ttyUSB0, COM3).

    ``timeout`` bounds each response frame. The port is opened on the first
    poll() (or is_usable()) and checked with a SAM status command.
    """

    def __init__(self, port: str = "", baudrate: int = 115200, timeout: float = 1.0,
                 exclusive: bool = True) -> None:
        self.port = port
        self.baudrate = int(baudrate)
        self.timeout = float(timeout)
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        self.exclusive = exclusive
        self._lock = threading.RLock()
        self._serial: serial.Serial | None = None
        self._checked = False  # SAM status answered since the port was opened
        self._silent_polls = 0
        self._available: bool | None = None  # for logging loss/recovery once each

    # -- port -------------------------------------------------------------------

    @property
    def _where(self) -> str:
        return f"ID reader on {self.port}"

    def _open(self) -> serial.Serial:
        if self._serial is not None:
            return self._serial
        if not self.port:
            raise ReaderUnavailable("ID card reader: no serial port configured")
        try:
            port = serial.Serial(
                self.port, self.baudrate, timeout=min(READ_SLICE, self.timeout),
                write_timeout=self.timeout, exclusive=self.exclusive,
            )
        except (*_PORT_ERRORS, ValueError) as exc:
            raise ReaderUnavailable(f"cannot open {self.port}: {exc}") from exc
        self._serial = port
        self._checked = False
        return port

    def _release(self) -> None:
        port, self._serial = self._serial, None
        self._checked = False
        if port is None:
            return
        try:
            port.close()
        except _PORT_ERRORS as exc:
            log.debug("%s: error while closing: %s", self._where, type(exc).__name__)

    def _discard_input(self, port: serial.Serial) -> None:
        """Drop what is buffered and what is still trickling in (until the line is quiet)."""
        port.reset_input_buffer()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline and port.read(4096):
            pass

    # -- one transaction ------------------------------------------------------------

    def _read_upto(self, port: serial.Serial, buf: bytearray, size: int, deadline: float) -> bool:
        """Read until ``buf`` holds ``size`` bytes; False when the deadline passed first."""
        while len(buf) < size:
            if time.monotonic() >= deadline:
                return False
            buf += port.read(size - len(buf))
        return True

    def _read_frame(self, port: serial.Serial, deadline: float) -> bytes:
        buf = bytearray()
        skipped = 0
        keep = len(sam.PREAMBLE) - 1  # a preamble may be split across reads
        while True:
            start = buf.find(sam.PREAMBLE)
            if start >= 0:
                skipped += start
                del buf[:start]
                break
            if len(buf) > keep:
                skipped += len(buf) - keep
                del buf[: len(buf) - keep]
            if skipped > MAX_SKIP:
                raise sam.FrameError(f"no frame start in {skipped} bytes")
            # Never read past the header of a frame that may start inside buf.
            if not self._read_upto(port, buf, sam.HEADER_LEN, deadline):
                if skipped or buf:
                    raise sam.FrameError(f"no complete frame start within {self.timeout:g} s "
                                         f"({skipped + len(buf)} bytes of garbage)")
                raise _NoAnswer
        if skipped:
            log.debug("%s: skipped %d bytes before a frame", self._where, skipped)
        if not self._read_upto(port, buf, sam.HEADER_LEN, deadline):
            raise sam.FrameError(f"short frame: {len(buf)} bytes, header incomplete")
        length = int.from_bytes(buf[5:7], "big")
        if length > MAX_LEN:
            raise sam.FrameError(f"oversized frame: length field {length:#06x} > {MAX_LEN:#06x}")
        if length < MIN_LEN:
            raise sam.FrameError(f"short frame: length field {length} < {MIN_LEN}")
        total = sam.HEADER_LEN + length
        if not self._read_upto(port, buf, total, deadline):
            raise sam.FrameError(f"short frame: {len(buf)} of {total} bytes within {self.timeout:g} s")
        return bytes(buf)

    def _transact(self, command: bytes) -> bytes:
        """Send one command frame, return its response frame (checksum verified)."""
        port = self._open()
        port.reset_input_buffer()  # a late answer to an earlier command is not this one's
        port.write(command)
        frame = self._read_frame(port, time.monotonic() + self.timeout)
        self._silent_polls = 0
        self._note(True)  # it answered: whatever the frame says, the reader is there
        _, _, sw3, _ = sam.parse_response(frame)
        cmd, para = command[sam.HEADER_LEN], command[sam.HEADER_LEN + 1]
        step, expected = _EXPECTED_SW3.get((cmd, para), (f"command {cmd:02X} {para:02X}", frozenset({sam.SW3_OK})))
        if sw3 not in expected:
            if sw3 in (sam.SW3_CHECKSUM_ERROR, sam.SW3_LENGTH_ERROR):
                # The reader got a damaged command: line noise, worth another try.
                raise CardReadError(f"{step}: reader reported {sam.sw3_meaning(sw3)} (SW3={sw3:02X})")
            raise ReaderStatusError(sw3, step)
        return frame

    # -- state and logging ------------------------------------------------------------

    def _note(self, available: bool, reason: str = "") -> None:
        """Log losing and regaining the reader once each (port and reason only)."""
        if available == self._available:
            return
        if available:
            log.info("%s %s", self._where, "back" if self._available is False else "ready")
        elif self._available:
            log.warning("%s lost: %s", self._where, reason)
        else:
            log.warning("%s not available: %s", self._where, reason)
        self._available = available

    def _unavailable(self, reason: str) -> ReaderUnavailable:
        self._release()
        self._note(False, reason)
        return ReaderUnavailable(f"{self._where}: {reason}")

    def _check_sam(self) -> None:
        self._open()
        self._transact(sam.build_command(*sam.SAM_STATUS))
        self._checked = True

    def _ensure_ready(self) -> None:
        if self._serial is None or not self._checked:
            self._check_sam()

    def _guarded(self, action: Callable[[], _T]) -> _T:
        """Run ``action`` with the port, mapping transport failures to the driver's errors."""
        try:
            result = action()
        except ReaderUnavailable as exc:
            self._release()
            self._note(False, str(exc))
            raise
        except _NoAnswer:
            self._silent_polls += 1
            if self._silent_polls >= SILENT_POLLS_UNAVAILABLE:
                raise self._unavailable(f"no answer to {self._silent_polls} polls in a row") from None
            self._flush_after_error()  # a late answer must not pass for the next command's
            raise CardReadError("reader did not answer") from None
        except sam.FrameError as exc:
            self._flush_after_error()
            log.debug("%s: bad frame (%s)", self._where, exc)
            raise
        except _PORT_ERRORS as exc:
            raise self._unavailable(f"port failed: {type(exc).__name__}: {exc}") from exc
        return result

    def _flush_after_error(self) -> None:
        port = self._serial
        if port is None:
            return
        try:
            self._discard_input(port)
        except _PORT_ERRORS as exc:
            # The port died under us: the next poll reports it while reopening.
            log.debug("%s: flush failed: %s", self._where, type(exc).__name__)
            self._release()

    # -- IdReader -----------------------------------------------------------------------

    def poll(self) -> IdCardData | None:
        """The card on the reader (read again on every call), or None when there is none."""
        with self._lock:
            def read() -> IdCardData | None:
                self._ensure_ready()
                return sam.read_card(self._transact)

            return self._guarded(read)

    def is_usable(self) -> Usability:
        """Opens the port if needed and asks the SAM for its status (one short exchange)."""
        with self._lock:
            if not self.port:
                return Usability(False, "ID card reader: no serial port configured")
            try:
                self._guarded(self._check_sam)
            except ReaderStatusError as exc:
                return Usability(False, f"{self._where}: SAM not ready ({exc.code})")
            except ReaderUnavailable as exc:
                return Usability(False, str(exc))
            except IdReaderError as exc:
                return Usability(False, f"{self._where}: {exc}")
            return Usability(True, f"{self._where} ready ({self.baudrate} baud)")

    def close(self) -> None:
        with self._lock:
            if self._serial is not None:
                log.info("%s closed", self._where)
            self._release()
            self._silent_polls = 0
