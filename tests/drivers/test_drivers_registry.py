"""The backend registry and the drivers/ import boundary."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from drivers import registry
from drivers.a4printer.base import A4Printer
from drivers.audio import Microphone
from drivers.camera import DocumentCamera
from drivers.idcard import IdReader
from drivers.printer import ReceiptPrinter
from drivers.smartcard import StaffCardSource
from drivers.speaker import Speaker

DRIVERS = Path(__file__).resolve().parents[2] / "drivers"
PROTOCOLS = {"id_reader": IdReader, "receipt_printer": ReceiptPrinter, "camera": DocumentCamera,
             "microphone": Microphone, "a4_printer": A4Printer, "staff_card": StaffCardSource, "speaker": Speaker}
REQUIRED_OPTIONS = {"escpos": {"host": "127.0.0.1"}, "cups": {"queue": "A4"}, "pcsc": {"hmac_key": b"k" * 32}}


@pytest.mark.parametrize(("kind", "backend"), sorted(registry.BACKENDS))
def test_every_backend_creates_a_driver_of_its_protocol(kind, backend):
    driver = registry.create(kind, backend, **REQUIRED_OPTIONS.get(backend, {}))
    assert isinstance(driver, PROTOCOLS[kind])
    driver.close()


def test_create_passes_options():
    printer = registry.create("receipt_printer", "escpos", connection="serial", device="/dev/ttyS9",
                              baudrate=9600)
    assert (printer.connection, printer.device, printer.baudrate) == ("serial", "/dev/ttyS9", 9600)


def test_unknown_backend_lists_the_known_ones():
    with pytest.raises(ValueError, match="known backends: escpos, simulator"):
        registry.create("receipt_printer", "cups")
    with pytest.raises(ValueError, match="known kinds: a4_printer, camera, id_reader, microphone, receipt_printer, speaker, staff_card"):
        registry.create("scanner", "simulator")


def test_hidden_imports_are_the_backend_modules():  # plus the PC/SC monitor
    modules = registry.hidden_imports()
    assert "drivers.printer.escpos_backend" in modules
    assert "drivers.idcard.simulator" in modules
    for name in modules:
        importlib.import_module(name)


FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "kiosk", "ui", "offline_queue", "court_sandbox")


def test_no_driver_module_imports_qt_or_upper_layers():
    """Only the backends listed in registry.QT_BACKENDS use Qt, and only the Qt modules listed."""
    from drivers.registry import QT_BACKENDS

    offenders = []
    for path in DRIVERS.rglob("*.py"):
        module = ".".join(path.relative_to(DRIVERS.parent).with_suffix("").parts)
        allowed = QT_BACKENDS.get(module, ())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] in FORBIDDEN and not any(n == a or n.startswith(a + ".") for a in allowed)]
    assert offenders == []


def test_importing_every_backend_loads_no_qt():
    code = (
        "import sys, drivers.registry as r\n"
        "for m in r.hidden_imports():\n"
        "    if m not in r.QT_BACKENDS: __import__(m)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=DRIVERS.parent, check=True)
    assert result.stdout.strip() == "[]"
