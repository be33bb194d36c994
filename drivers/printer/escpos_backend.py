"""ESC/POS receipt printers through python-escpos (network, serial or USB).

Only transport here: jobs arrive as bytes (``escpos_codec.encode_receipt``)
and go out through the python-escpos connection's ``_raw``; status comes from
python-escpos ``is_online()`` / ``paper_status()`` (real-time ``DLE EOT``
queries) on connections that can answer (network, serial).

Two small python-escpos subclasses fix what a kiosk cannot live with:
``Network.open`` leaks its socket when the connection is refused, and
``Serial._read`` waits for 16 bytes (the whole timeout) although a status
answer is one byte; both also turn "no answer" into an exception instead of
"online, plenty of paper".

A network connection is made per operation and closed after it: a printer
that was switched off between two jobs then fails at connect time instead of
swallowing a job into a half-open connection (python-escpos #253).
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Network, Serial, Usb
from escpos.printer import usb as escpos_usb

from drivers.base import LogsAvailability, Usability
from drivers.printer.base import PaperOut, PrinterError, PrinterOffline, PrinterStatus

try:  # pyserial is a hard dependency, but keep the import failure readable
    from serial import SerialException
except ImportError:  # pragma: no cover
    SerialException = OSError  # type: ignore[assignment,misc]

log = logging.getLogger("drivers.printer")

CONNECTIONS = ("network", "serial", "usb")


class _NoAnswer(OSError):
    """The printer did not answer a status query."""


class _Network(Network):
    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            self._device = None
            raise DeviceNotFoundError(f"cannot connect to {self.host}:{self.port}: {exc}") from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.device = sock

    def _read(self) -> bytes:
        data = self.device.recv(16)
        if not data:
            raise _NoAnswer("connection closed by the printer")
        return data

    def drain(self) -> None:
        """Discard unread input (a late status answer; unread input at close makes Linux send RST)."""
        sock = self._device
        if not sock:
            return
        sock.setblocking(False)
        try:
            while sock.recv(256):
                pass
        except OSError:
            pass
        finally:
            sock.settimeout(self.timeout)


class _Serial(Serial):
    def _read(self) -> bytes:
        data = self.device.read(1)  # a DLE EOT answer is one byte
        if not data:
            raise _NoAnswer("no answer on the serial line")
        return data

    def drain(self) -> None:
        if self._device:
            self._device.reset_input_buffer()


class EscposReceiptPrinter(LogsAvailability):
    """A receipt printer on ``connection`` 'network' (host, port), 'serial'
    (device, baudrate) or 'usb' (usb_vendor, usb_product).

    ``timeout`` bounds connecting, status queries and writes. With
    ``check_status`` (default) a job is only sent after the printer said it is
    online and has paper (network and serial); USB printers are not queried.
    """

    _log = log

    def __init__(
        self,
        connection: str = "network",
        host: str | None = None,
        port: int = 9100,
        device: str | None = None,
        baudrate: int = 19200,
        usb_vendor: int | None = None,
        usb_product: int | None = None,
        timeout: float = 5.0,
        check_status: bool = True,
        profile: str | None = None,
    ) -> None:
        if connection not in CONNECTIONS:
            raise ValueError(f"connection must be one of {CONNECTIONS}, got {connection!r}")
        self.connection = connection
        self.host = host
        self.port = int(port)
        self.device = device
        self.baudrate = int(baudrate)
        self.usb_vendor = usb_vendor
        self.usb_product = usb_product
        self.timeout = float(timeout)
        self.check_status = check_status
        self.profile = profile
        self._lock = threading.RLock()
        self._printer: Any = None
        self._available: bool | None = None

    # -- helpers --

    @property
    def can_query(self) -> bool:
        """Whether status() asks the printer (network, serial) or only opens it (USB)."""
        return self.connection in ("network", "serial")

    @property
    def _where(self) -> str:
        if self.connection == "network":
            return f"network printer {self.host}:{self.port}"
        if self.connection == "serial":
            return f"serial printer {self.device}"
        return f"USB printer {self.usb_vendor or 0:04x}:{self.usb_product or 0:04x}"

    def _config_problem(self) -> str | None:
        if self.connection == "network" and not self.host:
            return "network printer: no host configured"
        if self.connection == "serial" and not self.device:
            return "serial printer: no device configured"
        if self.connection == "usb":
            if not (self.usb_vendor and self.usb_product):
                return "USB printer: usb_vendor and usb_product must be configured"
            if not escpos_usb.is_usable():
                return "USB printer: python-escpos needs pyusb, which is not installed"
        return None

    def _offline(self, reason: str) -> PrinterOffline:
        self._release()
        self._note(False, reason)
        return PrinterOffline(f"{self._where}: {reason}")

    def _open(self) -> Any:
        if self._printer is not None:
            return self._printer
        problem = self._config_problem()
        if problem:
            raise PrinterError(problem)
        if self.connection == "network":
            printer: Any = _Network(self.host, self.port, timeout=self.timeout, profile=self.profile)
        elif self.connection == "serial":
            printer = _Serial(self.device, baudrate=self.baudrate, timeout=self.timeout, profile=self.profile)
        else:
            printer = Usb(self.usb_vendor, self.usb_product, timeout=int(self.timeout * 1000),
                          profile=self.profile)
        try:
            printer.open()
        except (DeviceNotFoundError, OSError, SerialException) as exc:
            printer._device = False  # nothing to close; keep __del__ quiet
            raise self._offline(f"cannot open: {exc}") from exc
        self._printer = printer
        return printer

    def _release(self) -> None:
        printer, self._printer = self._printer, None
        if printer is None:
            return
        try:
            if isinstance(printer, _Network | _Serial):
                printer.drain()
            printer.close()
        except (OSError, SerialException) as exc:
            log.debug("%s: error while closing: %s", self._where, exc)
        printer._device = False

    def _done(self) -> None:
        if self.connection == "network":
            self._release()

    def _query(self) -> PrinterStatus:
        printer = self._open()
        if not self.can_query:
            return PrinterStatus(online=True, paper_out=False, paper_near_end=False)
        try:
            printer.drain()
            online = printer.is_online()
            paper = printer.paper_status()
        except TimeoutError:
            raise self._offline(f"no status answer within {self.timeout:g} s") from None
        except (OSError, SerialException) as exc:
            raise self._offline(f"status query failed: {exc}") from exc
        self._note(True, "")
        return PrinterStatus(online=online, paper_out=paper == 0, paper_near_end=paper == 1)

    # -- ReceiptPrinter --

    def status(self) -> PrinterStatus:
        with self._lock:
            try:
                return self._query()
            finally:
                self._done()

    def print_bytes(self, data: bytes) -> None:
        with self._lock:
            try:
                if self.check_status and self.can_query:
                    st = self._query()
                    if not st.online:
                        raise PrinterOffline(f"{self._where} reports offline (cover open or error)")
                    if st.paper_out:
                        raise PaperOut(f"{self._where} is out of paper")
                printer = self._open()
                if self.connection == "serial":
                    # Writes block under flow control: allow the wire time and then some.
                    printer.device.write_timeout = self.timeout + len(data) * 20 / self.baudrate
                try:
                    printer._raw(bytes(data))
                except (OSError, SerialException) as exc:
                    raise self._offline(f"sending failed: {exc}") from exc
                self._note(True, "")
                log.info("%s: sent %d bytes", self._where, len(data))
            finally:
                self._done()

    def is_usable(self) -> Usability:
        problem = self._config_problem()
        if problem:
            return Usability(False, problem)
        try:
            st = self.status()
        except PrinterError as exc:
            return Usability(False, str(exc))
        if not self.can_query:
            return Usability(True, f"{self._where} opened (status not queried over USB)")
        if not st.online:
            return Usability(False, f"{self._where} reports offline (cover open or error)")
        if st.paper_out:
            return Usability(False, f"{self._where} is out of paper")
        if st.paper_near_end:
            return Usability(True, f"{self._where} ready, paper near end")
        return Usability(True, f"{self._where} ready")

    def close(self) -> None:
        with self._lock:
            self._release()
