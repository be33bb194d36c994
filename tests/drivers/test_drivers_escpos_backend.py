"""The python-escpos backend over a real TCP listener and a real serial pty."""

from __future__ import annotations

import os
import pty
import select
import socket
import threading
import time
import tty

import pytest
from escpos.printer import usb as escpos_usb

from drivers.printer import (
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrinterStatus,
    Receipt,
    ReceiptLine,
    ReceiptPrinter,
    encode_receipt,
)
from drivers.printer.escpos_backend import EscposReceiptPrinter
from tests.drivers.cups_stack import RawListener

JOB = encode_receipt(
    Receipt(
        [
            ReceiptLine("北京市朝阳区人民法院", align="center", bold=True, double=True),
            ReceiptLine("——————————", align="center"),
            ReceiptLine("Filing F-2026-000123"),
            ReceiptLine("合计：¥50.00", align="right"),
        ],
        qr="https://court.example/f/F-2026-000123",
    )
)
STATUS_QUERIES = (b"\x10\x04\x01", b"\x10\x04\x04")
ONLINE, OFFLINE = 0x16, 0x1E  # DLE EOT 1: bit 3 = offline
PAPER_OK, PAPER_NEAR_END, PAPER_OUT = 0x12, 0x1E, 0x72  # DLE EOT 4


def _strip_queries(data: bytes) -> bytes:
    for query in STATUS_QUERIES:
        data = data.replace(query, b"")
    return data


def _answer_queries(buffer: bytearray, start: int, reply) -> int:
    """Answer every complete DLE EOT n in buffer[start:]; return where to scan next."""
    while True:
        j = buffer.find(b"\x10\x04", start)
        if j < 0:
            return max(start, len(buffer) - 1)
        if j + 2 >= len(buffer):
            return j
        reply(buffer[j + 2])
        start = j + 3


class FakeNetworkPrinter(RawListener):
    """A raw port-9100 printer on loopback: records each connection's bytes, answers DLE EOT."""

    def __init__(self, online: int = ONLINE, paper: int = PAPER_OK, answer: bool = True) -> None:
        self.online, self.paper, self.answer = online, paper, answer
        super().__init__()

    def _serve(self, conn: socket.socket) -> bytes:
        raw = bytearray()
        scan = 0
        conn.settimeout(0.05)

        def reply(n: int) -> None:
            if self.answer:
                conn.sendall(bytes([self.online if n == 1 else self.paper]))

        while not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except ConnectionError:
                break
            if not chunk:
                break
            raw += chunk
            scan = _answer_queries(raw, scan, reply)
        return bytes(raw)

    def wait_connections(self, count: int, timeout: float = 5.0) -> list[bytes]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)



@pytest.fixture
def fake_printer():
    fakes: list[FakeNetworkPrinter] = []

    def make(**kwargs) -> FakeNetworkPrinter:
        fakes.append(FakeNetworkPrinter(**kwargs))
        return fakes[-1]

    yield make
    for fake in fakes:
        fake.close()


def _network(port: int, **kwargs) -> EscposReceiptPrinter:
    kwargs.setdefault("timeout", 2.0)
    return EscposReceiptPrinter(connection="network", host="127.0.0.1", port=port, **kwargs)


def test_is_a_receipt_printer():
    assert isinstance(_network(9), ReceiptPrinter)


def test_network_job_arrives_byte_identical(fake_printer):
    fake = fake_printer()
    printer = _network(fake.port, check_status=False)
    time.sleep(0.1)
    assert fake.accepted == 0  # lazy: constructing connects nowhere
    printer.print_bytes(JOB)
    assert fake.wait_connections(1) == [JOB]
    printer.close()
    printer.close()


def test_network_job_after_status_check(fake_printer):
    fake = fake_printer()
    printer = _network(fake.port)
    printer.print_bytes(JOB)
    (received,) = fake.wait_connections(1)
    assert received.startswith(b"\x10\x04\x01\x10\x04\x04")
    assert _strip_queries(received) == JOB
    printer.print_bytes(JOB)  # a new connection per job
    assert [_strip_queries(r) for r in fake.wait_connections(2)] == [JOB, JOB]
    printer.close()


def test_network_status_values(fake_printer):
    assert _network(fake_printer().port).status() == PrinterStatus(True, False, False)
    assert _network(fake_printer(paper=PAPER_NEAR_END).port).status() == PrinterStatus(True, False, True)
    assert _network(fake_printer(paper=PAPER_OUT).port).status() == PrinterStatus(True, True, False)
    assert _network(fake_printer(online=OFFLINE).port).status().online is False


def test_paper_out_refuses_the_job(fake_printer):
    fake = fake_printer(paper=PAPER_OUT)
    printer = _network(fake.port)
    with pytest.raises(PaperOut):
        printer.print_bytes(JOB)
    (received,) = fake.wait_connections(1)
    assert _strip_queries(received) == b""
    usable = printer.is_usable()
    assert not usable and "out of paper" in usable.reason


def test_offline_printer_refuses_the_job(fake_printer):
    fake = fake_printer(online=OFFLINE)
    with pytest.raises(PrinterOffline, match="reports offline"):
        _network(fake.port).print_bytes(JOB)
    assert _strip_queries(fake.wait_connections(1)[0]) == b""


def test_closed_port_is_offline_quickly():
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    printer = _network(port, timeout=2.0)
    started = time.monotonic()
    with pytest.raises(PrinterOffline, match=f"127.0.0.1:{port}"):
        printer.print_bytes(JOB)
    with pytest.raises(PrinterOffline):
        printer.status()
    usable = printer.is_usable()
    assert not usable and "cannot open" in usable.reason
    assert time.monotonic() - started < 1.0
    printer.close()


def test_silent_printer_times_out_as_offline(fake_printer):
    fake = fake_printer(answer=False)
    printer = _network(fake.port, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(PrinterOffline, match="no status answer within 0.3 s"):
        printer.status()
    assert time.monotonic() - started < 1.5


def test_near_end_is_usable_with_a_reason(fake_printer):
    usable = _network(fake_printer(paper=PAPER_NEAR_END).port).is_usable()
    assert usable.ok and "near end" in usable.reason


class PtyPrinter:
    """The master side of a pty pair: what a serial printer would receive."""

    def __init__(self, answer: dict[int, int] | None = None) -> None:
        self.master, self.slave = pty.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.answer = answer
        self.data = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        scan = 0

        def reply(n: int) -> None:
            if self.answer is not None:
                os.write(self.master, bytes([self.answer[n]]))

        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.data += os.read(self.master, 65536)
                except OSError:
                    return
                scan = _answer_queries(self.data, scan, reply)

    def wait_for(self, size: int, timeout: float = 5.0) -> bytes:
        deadline = time.monotonic() + timeout
        while len(self.data) < size and time.monotonic() < deadline:
            time.sleep(0.01)
        return bytes(self.data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def pty_printer():
    made: list[PtyPrinter] = []

    def make(**kwargs) -> PtyPrinter:
        made.append(PtyPrinter(**kwargs))
        return made[-1]

    yield make
    for item in made:
        item.close()


def test_serial_job_arrives_byte_identical(pty_printer):
    port = pty_printer()
    printer = EscposReceiptPrinter(connection="serial", device=port.path, check_status=False, timeout=1.0)
    printer.print_bytes(JOB)
    assert port.wait_for(len(JOB)) == JOB
    printer.close()
    printer.close()


def test_serial_status_and_checked_job(pty_printer):
    port = pty_printer(answer={1: ONLINE, 4: PAPER_NEAR_END})
    printer = EscposReceiptPrinter(connection="serial", device=port.path, baudrate=115200, timeout=1.0)
    started = time.monotonic()
    assert printer.status() == PrinterStatus(True, False, True)
    assert time.monotonic() - started < 0.5  # one-byte answers, no 16-byte read timeout
    printer.print_bytes(JOB)
    expected = 2 * len(b"".join(STATUS_QUERIES)) + len(JOB)
    assert _strip_queries(port.wait_for(expected)) == JOB
    printer.close()


def test_serial_printer_that_does_not_answer_is_offline(pty_printer):
    port = pty_printer(answer=None)
    printer = EscposReceiptPrinter(connection="serial", device=port.path, timeout=0.2)
    with pytest.raises(PrinterOffline, match="no answer"):
        printer.print_bytes(JOB)
    printer.close()


def test_missing_serial_device_is_offline(tmp_path):
    printer = EscposReceiptPrinter(connection="serial", device=str(tmp_path / "ttyUSB9"))
    with pytest.raises(PrinterOffline, match="cannot open"):
        printer.status()
    assert not printer.is_usable()


def test_configuration_problems_are_reported():
    assert "no host" in EscposReceiptPrinter(connection="network").is_usable().reason
    assert "no device" in EscposReceiptPrinter(connection="serial").is_usable().reason
    assert "usb_vendor" in EscposReceiptPrinter(connection="usb").is_usable().reason
    with pytest.raises(PrinterError, match="no host"):
        EscposReceiptPrinter(connection="network").print_bytes(JOB)
    with pytest.raises(ValueError, match="connection"):
        EscposReceiptPrinter(connection="bluetooth")


def test_usb_without_pyusb_says_so(monkeypatch):
    monkeypatch.setattr(escpos_usb, "is_usable", lambda: False)  # as on a machine without pyusb
    printer = EscposReceiptPrinter(connection="usb", usb_vendor=0x0416, usb_product=0x5011)
    usable = printer.is_usable()
    assert not usable and "pyusb" in usable.reason
    with pytest.raises(PrinterError, match="pyusb"):
        printer.print_bytes(JOB)
    printer.close()


def test_usb_printer_that_is_not_connected_is_reported_not_printed():
    printer = EscposReceiptPrinter(connection="usb", usb_vendor=0x0416, usb_product=0x5011)
    with pytest.raises(PrinterError):
        printer.print_bytes(JOB)
    printer.close()
