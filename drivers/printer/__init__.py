"""Receipt printers: receipt model, Protocol, errors and the ESC/POS codec.

The python-escpos backend lives in ``drivers.printer.escpos_backend`` and is
imported only when selected (see drivers.registry).
"""

from drivers.printer.base import (
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrinterStatus,
    Receipt,
    ReceiptLine,
    ReceiptPrinter,
)
from drivers.printer.escpos_codec import (
    Cut,
    Element,
    EscposDecodeError,
    QrCode,
    TextLine,
    decode_escpos,
    encode_receipt,
)

__all__ = [
    "Cut",
    "Element",
    "EscposDecodeError",
    "PaperOut",
    "PrinterError",
    "PrinterOffline",
    "PrinterStatus",
    "QrCode",
    "Receipt",
    "ReceiptLine",
    "ReceiptPrinter",
    "TextLine",
    "decode_escpos",
    "encode_receipt",
]
