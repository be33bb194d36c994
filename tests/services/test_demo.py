"""The demo panel service (kiosk.services.demo): offered only with a simulated ID card reader; its
sample cards reach the simulated reader, its printer script the simulated printer, and each job the
simulated printer received is shown once, decoded from its bytes. (`_check_jobs` stands for its timer,
which cannot run without a Qt application.)"""

from __future__ import annotations

from datetime import date

import pytest

from drivers.audio.simulator import SimulatedMicrophone
from drivers.idcard.simulator import SAMPLE_CARDS, SimulatedIdReader
from drivers.printer.base import PrinterOffline, Receipt, ReceiptLine
from drivers.printer.escpos_codec import TextLine, encode_receipt
from drivers.printer.simulator import SimulatedReceiptPrinter
from kiosk.services import demo
from tests.services import fakes


def _devices():
    return {"id_reader": SimulatedIdReader(), "receipt_printer": SimulatedReceiptPrinter(),
            "microphone": SimulatedMicrophone(realtime=False)}


def _service(config, devices, backends=None):
    spec = demo.SERVICE
    return spec.factory(fakes.make_deps(spec, config, devices=devices, device_backends=backends))


def test_declined_outside_a_simulated_reader(tmp_path):
    config = fakes.make_config(tmp_path, **{"devices.id_reader.backend": "serial_sam",
                                            "devices.id_reader.port": "/dev/ttyUSB0"})
    assert _service(config, _devices()) is None
    assert _service(fakes.make_config(tmp_path / "b"), _devices(), backends={"id_reader": "serial_sam"}) is None


def test_a_sample_card_reaches_the_simulated_reader_and_can_be_taken_off(config):
    devices = _devices()
    service = _service(config, devices)
    assert service is not None
    cards = service.sample_cards()
    assert [name for name, _ in cards] == [c.name for c in SAMPLE_CARDS]
    assert [expired for _, expired in cards] == [c.is_expired(date.today()) for c in SAMPLE_CARDS]

    service.place_card(1)
    assert devices["id_reader"].poll().id_number == SAMPLE_CARDS[1].id_number
    service.remove_card()
    assert devices["id_reader"].poll() is None


def test_the_printer_script_reaches_the_simulated_printer(config):
    devices = _devices()
    service = _service(config, devices)
    states = fakes.recorder(service.printer_state)
    printer = devices["receipt_printer"]

    service.set_printer(offline=False, paper_out=True)
    assert printer.status().paper_out
    service.set_printer(offline=True, paper_out=False)
    with pytest.raises(PrinterOffline):
        printer.status()
    assert states == [(False, True), (True, False)]


def test_each_printed_job_is_shown_once(config):
    devices = _devices()
    service = _service(config, devices)
    shown = fakes.recorder(service.job_printed)
    printer = devices["receipt_printer"]
    assert service.printer_is_simulated

    service._check_jobs()
    assert shown == []
    printer.print_bytes(encode_receipt(Receipt(lines=[ReceiptLine("第一张")])))
    printer.print_bytes(encode_receipt(Receipt(lines=[ReceiptLine("第二张")])))
    service._check_jobs()
    service._check_jobs()
    assert [[e.text for e in job if isinstance(e, TextLine)] for job in shown] == [["第一张"], ["第二张"]]


def test_a_real_printer_is_not_watched(config):
    devices = _devices()
    service = _service(config, devices, backends={"receipt_printer": "escpos"})
    shown = fakes.recorder(service.job_printed)
    devices["receipt_printer"].print_bytes(encode_receipt(Receipt(lines=[ReceiptLine("x")])))
    service._check_jobs()
    assert not service.printer_is_simulated and shown == []
