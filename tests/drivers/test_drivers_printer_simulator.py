"""The simulated receipt printer and the plain-text rendering of jobs."""

from __future__ import annotations

import pytest

from drivers.printer import (
    PaperOut,
    PrinterOffline,
    PrinterStatus,
    Receipt,
    ReceiptLine,
    ReceiptPrinter,
    encode_receipt,
)
from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text

RECEIPT = Receipt(
    [
        ReceiptLine("收据", align="center", bold=True, double=True),
        ReceiptLine("Filing F-1"),
        ReceiptLine("50.00", align="right"),
    ],
    qr="https://court.example/f/F-1",
)


def test_records_every_job():
    printer = SimulatedReceiptPrinter()
    assert isinstance(printer, ReceiptPrinter)
    assert printer.last_job is None
    printer.print_bytes(b"one")
    printer.print_bytes(encode_receipt(RECEIPT))
    assert printer.jobs == [b"one", encode_receipt(RECEIPT)]
    assert printer.last_job == encode_receipt(RECEIPT)
    printer.jobs.clear()  # a copy: the record cannot be altered from outside
    assert len(printer.jobs) == 2
    printer.clear()
    assert printer.jobs == []


def test_offline_refuses_and_recovers():
    printer = SimulatedReceiptPrinter()
    printer.set_offline(True)
    with pytest.raises(PrinterOffline):
        printer.print_bytes(b"x")
    with pytest.raises(PrinterOffline):
        printer.status()
    assert not printer.is_usable()
    printer.set_offline(False)
    printer.print_bytes(b"x")
    assert printer.jobs == [b"x"]


def test_paper_out_and_near_end():
    printer = SimulatedReceiptPrinter()
    printer.set_paper(out=False, near_end=True)
    assert printer.status() == PrinterStatus(online=True, paper_out=False, paper_near_end=True)
    usable = printer.is_usable()
    assert usable.ok and "near end" in usable.reason
    printer.set_paper(out=True, near_end=False)
    assert printer.status().paper_out
    with pytest.raises(PaperOut):
        printer.print_bytes(b"x")
    assert printer.jobs == []
    assert "out of paper" in printer.is_usable().reason
    printer.set_paper(out=False, near_end=False)
    assert printer.status() == PrinterStatus(True, False, False)
    assert printer.status().ready


def test_close_is_idempotent():
    printer = SimulatedReceiptPrinter()
    printer.close()
    printer.close()
    printer.print_bytes(b"x")
    assert printer.jobs == [b"x"]


def test_receipt_text_renders_alignment_qr_and_cut():
    text = receipt_text(encode_receipt(RECEIPT), columns=20)
    assert text.splitlines() == [
        "      收据",  # 2 wide chars, double size: 8 columns, centred in 20
        "Filing F-1",
        "               50.00",
        "[QR] https://court.example/f/F-1",
        "-" * 20 + " (partial cut)",
    ]
