"""The explicit list of driver backends, chosen by config.

Backends are named here as strings and imported only when created, so a
kiosk without, say, python-escpos still starts with simulated devices, and
``kiosk.spec`` can list every backend module as a hidden import
(``hidden_imports()``).
"""

from __future__ import annotations

import importlib
from typing import Any

#: Backends that need Qt below the UI, and the Qt modules each may use (no widgets):
#: A4 printing goes through Qt print support; the microphone through QtMultimedia; speech
#: output through QtTextToSpeech.
QT_BACKENDS: dict[str, tuple[str, ...]] = {
    "drivers.a4printer.cups_backend": ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtPrintSupport"),
    "drivers.audio.qt_backend": ("PySide6.QtCore", "PySide6.QtMultimedia"),
    "drivers.speaker.qt_backend": ("PySide6.QtCore", "PySide6.QtTextToSpeech"),
}

#: (kind, backend) -> "module:Class"
BACKENDS: dict[tuple[str, str], str] = {
    ("id_reader", "simulator"): "drivers.idcard.simulator:SimulatedIdReader",
    ("id_reader", "serial_sam"): "drivers.idcard.serial_sam:SerialSamReader",
    ("receipt_printer", "simulator"): "drivers.printer.simulator:SimulatedReceiptPrinter",
    ("receipt_printer", "escpos"): "drivers.printer.escpos_backend:EscposReceiptPrinter",
    ("a4_printer", "cups"): "drivers.a4printer.cups_backend:CupsA4Printer",
    ("staff_card", "pcsc"): "drivers.smartcard.staff_card:StaffCardReader",
    ("staff_card", "simulator"): "drivers.smartcard.simulator:SimulatedStaffCardReader",
    ("camera", "simulator"): "drivers.camera.simulator:SimulatedCamera",
    ("camera", "opencv"): "drivers.camera.opencv_backend:OpenCvCamera",
    ("microphone", "simulator"): "drivers.audio.simulator:SimulatedMicrophone",
    ("microphone", "qt"): "drivers.audio.qt_backend:QtMicrophone",
    ("speaker", "simulator"): "drivers.speaker.simulator:SimulatedSpeaker",
    ("speaker", "qt"): "drivers.speaker.qt_backend:QtSpeaker",
}


def kinds() -> list[str]:
    return sorted({kind for kind, _ in BACKENDS})


def backends(kind: str) -> list[str]:
    """The backend names known for ``kind`` (empty for an unknown kind)."""
    return sorted(backend for k, backend in BACKENDS if k == kind)


def resolve(kind: str, backend: str) -> type:
    """The backend's class (imported now); ValueError names the known choices."""
    try:
        target = BACKENDS[(kind, backend)]
    except KeyError:
        known = backends(kind)
        if not known:
            raise ValueError(f"unknown device kind {kind!r}; known kinds: {', '.join(kinds())}") from None
        raise ValueError(
            f"unknown {kind} backend {backend!r}; known backends: {', '.join(known)}"
        ) from None
    module_name, _, class_name = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)


def create(kind: str, backend: str, **options: Any) -> Any:
    """Build a driver; it opens its device lazily, on first use."""
    return resolve(kind, backend)(**options)


def hidden_imports() -> list[str]:
    """Every backend module, for PyInstaller's hiddenimports in kiosk.spec."""
    # the PC/SC monitor is built by the composition root (it needs a callback), not the registry
    return sorted({target.partition(":")[0] for target in BACKENDS.values()} | {"drivers.smartcard.monitor"})
