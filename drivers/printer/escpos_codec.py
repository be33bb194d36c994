"""ESC/POS bytes for receipts, and a decoder for the same subset (pure functions).

Chinese text goes out the way Chinese receipt printers expect it: Chinese
character mode on (``FS &``), the line encoded as GB18030, mode off
(``FS .``). python-escpos's ``text()`` guesses the encoding per string and
garbles punctuation-only Chinese lines ('——', '。，'), CJK Extension A/B
characters and '¥' (see reference/real-stacks.md), so the text path here is
our own. Every line with a non-ASCII character is sent this way; ASCII lines
go out as ASCII.

``decode_escpos`` reads back what ``encode_receipt`` writes (and skips the
other common commands whose size it knows), for tests and for the printer
simulator.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from drivers.printer.base import ALIGNS, Receipt

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
DLE = b"\x10"
LF = b"\n"

INIT = ESC + b"@"
ALIGN_CODES: dict[str, bytes] = {"left": ESC + b"a\x00", "center": ESC + b"a\x01", "right": ESC + b"a\x02"}
BOLD_ON = ESC + b"E\x01"
BOLD_OFF = ESC + b"E\x00"
SIZE_DOUBLE = GS + b"!\x11"  # double width and double height
SIZE_NORMAL = GS + b"!\x00"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
PARTIAL_CUT = GS + b"V\x01"
FEED_LINES_BEFORE_CUT = 4  # the cutter sits above the print head

QR_MODEL_2 = 2
QR_EC_M = 1
QR_MAX_BYTES = 7089


class EscposDecodeError(ValueError):
    """Truncated input, an unknown command of unknown size, or undecodable text."""


# --- encoding ------------------------------------------------------------------


def _qr_function(fn: int, data: bytes, m: bytes = b"") -> bytes:
    """``GS ( k pL pH cn fn [m] data`` with cn = 49 (QR Code)."""
    size = len(data) + len(m) + 2
    return GS + b"(k" + size.to_bytes(2, "little") + b"1" + bytes([fn]) + m + data


def encode_qr(data: str, module_size: int = 6) -> bytes:
    """Native QR (model 2, error correction M): select model, module size,
    error correction, store the data, print the symbol."""
    payload = data.encode("utf-8")
    if not payload:
        raise ValueError("QR payload is empty")
    if len(payload) > QR_MAX_BYTES:
        raise ValueError(f"QR payload of {len(payload)} bytes exceeds {QR_MAX_BYTES}")
    if not 1 <= module_size <= 16:
        raise ValueError("QR module size must be 1-16")
    return (
        _qr_function(0x41, bytes([48 + QR_MODEL_2, 0]))
        + _qr_function(0x43, bytes([module_size]))
        + _qr_function(0x45, bytes([48 + QR_EC_M]))
        + _qr_function(0x50, payload, b"0")
        + _qr_function(0x51, b"", b"0")
    )


def encode_text(text: str) -> bytes:
    """One line's text bytes (no line feed): ASCII as is; anything else as
    ``FS &`` + GB18030 + ``FS .``."""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValueError(f"receipt text contains control character U+{ord(ch):04X}")
    if text.isascii():
        return text.encode("ascii")
    return CHINESE_ON + text.encode("gb18030") + CHINESE_OFF


def encode_receipt(receipt: Receipt, *, qr_module_size: int = 6) -> bytes:
    """The complete job: init, lines (style changes only where needed), QR, feed and partial cut.

    A line's text containing newlines prints as several lines in its style.
    """
    out = bytearray(INIT)
    align, bold, double = "left", False, False
    for line in receipt.lines:
        if line.align != align:
            out += ALIGN_CODES[line.align]
            align = line.align
        if line.bold != bold:
            out += BOLD_ON if line.bold else BOLD_OFF
            bold = line.bold
        if line.double != double:
            out += SIZE_DOUBLE if line.double else SIZE_NORMAL
            double = line.double
        for part in line.text.replace("\r\n", "\n").split("\n"):
            out += encode_text(part) + LF
    if receipt.qr:
        if align != "center":
            out += ALIGN_CODES["center"]
            align = "center"
        out += encode_qr(receipt.qr, qr_module_size)
    if receipt.cut:
        out += ESC + b"d" + bytes([FEED_LINES_BEFORE_CUT]) + PARTIAL_CUT
    return bytes(out)


# --- decoding ------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    text: str
    align: str = "left"
    bold: bool = False
    double: bool = False


@dataclass(frozen=True)
class QrCode:
    data: str


@dataclass(frozen=True)
class Cut:
    partial: bool = True


Element = TextLine | QrCode | Cut

# Commands we do not interpret but can skip: second byte -> number of parameter bytes.
_ESC_FIXED: dict[int, int] = {
    ord(c): n
    for c, n in {
        "2": 0, "3": 1, " ": 1, "-": 1, "G": 1, "M": 1, "R": 1, "t": 1, "{": 1, "V": 1,
        "=": 1, "U": 1, "e": 1, "K": 1, "L": 0, "S": 0, "c": 2, "$": 2, "\\": 2, "p": 3,
        "<": 0, "i": 0, "m": 0, "r": 1, "T": 1, "W": 8, "%": 1, "?": 1,
    }.items()
}
_GS_FIXED: dict[int, int] = {
    ord(c): n
    for c, n in {
        "B": 1, "b": 1, "H": 1, "f": 1, "h": 1, "w": 1, "a": 1, "I": 1, "r": 1, "E": 1,
        "P": 2, "L": 2, "W": 2, "$": 2, "\\": 2, "^": 3, ":": 0, "j": 1,
    }.items()
}
_FS_FIXED: dict[int, int] = {
    ord(c): n for c, n in {"!": 1, "C": 1, "S": 2, "W": 1, "-": 1, "p": 2, "2": 74}.items()
}
_DLE_FIXED: dict[int, int] = {0x04: 1, 0x05: 1}


class _Decoder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.out: list[Element] = []
        self.reset()

    def reset(self) -> None:
        self.align = "left"
        self.bold = False
        self.double = False
        self.chinese = False
        self.buf: list[str] = []
        self.line_style: tuple[str, bool, bool] | None = None
        self.qr_data: bytes | None = None

    # helpers

    def take(self, n: int, what: str) -> bytes:
        end = self.pos + n
        if end > len(self.data):
            raise EscposDecodeError(f"truncated {what} at offset {self.pos}")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def add_text(self, text: str) -> None:
        if not self.buf:
            self.line_style = (self.align, self.bold, self.double)
        self.buf.append(text)

    def flush(self, force: bool) -> None:
        """Emit the pending line (force: even when empty, as LF does)."""
        if not self.buf and not force:
            return
        align, bold, double = self.line_style if self.buf and self.line_style else (
            self.align, self.bold, self.double)
        self.out.append(TextLine("".join(self.buf), align, bold, double))
        self.buf = []
        self.line_style = None

    # commands

    def esc(self) -> None:
        start = self.pos - 1
        cmd = self.take(1, "ESC command")[0]
        if cmd == ord("@"):
            self.buf = []
            saved = self.out
            self.reset()
            self.out = saved
        elif cmd == ord("a"):
            n = self.take(1, "ESC a")[0]
            if n % 48 > 2:
                raise EscposDecodeError(f"bad alignment {n} at offset {start}")
            self.align = ALIGNS[n % 48]
        elif cmd == ord("E"):
            self.bold = bool(self.take(1, "ESC E")[0] & 1)
        elif cmd == ord("!"):
            n = self.take(1, "ESC !")[0]
            self.bold = bool(n & 0x08)
            self.double = bool(n & 0x30)
        elif cmd in (ord("d"), ord("J")):  # print and feed
            self.take(1, "ESC d/J")
            self.flush(force=False)
        elif cmd == ord("D"):  # tab positions, NUL terminated
            end = self.data.find(b"\x00", self.pos)
            if end < 0:
                raise EscposDecodeError(f"truncated ESC D at offset {start}")
            self.pos = end + 1
        elif cmd == ord("*"):  # bit image
            m, nl, nh = self.take(3, "ESC *")
            self.take((nl + 256 * nh) * (3 if m in (32, 33) else 1), "ESC * data")
        elif cmd in _ESC_FIXED:
            self.take(_ESC_FIXED[cmd], f"ESC {chr(cmd)}")
        else:
            raise EscposDecodeError(f"unknown command ESC 0x{cmd:02x} at offset {start}")

    def gs(self) -> None:
        start = self.pos - 1
        cmd = self.take(1, "GS command")[0]
        if cmd == ord("!"):
            n = self.take(1, "GS !")[0]
            self.double = n != 0
        elif cmd == ord("V"):
            m = self.take(1, "GS V")[0]
            if m in (65, 66, 97, 98, 103, 104):
                self.take(1, "GS V n")
            elif m not in (0, 1, 48, 49):
                raise EscposDecodeError(f"bad cut mode {m} at offset {start}")
            self.flush(force=False)
            self.out.append(Cut(partial=m in (1, 49, 66, 98, 104)))
        elif cmd == ord("("):
            fn = self.take(1, "GS (")[0]
            size = int.from_bytes(self.take(2, "GS ( length"), "little")
            body = self.take(size, "GS ( data")
            if fn == ord("k"):
                self.symbol(body, start)
        elif cmd == ord("8"):  # GS 8 fn p1 p2 p3 p4 data (large graphics)
            self.take(1, "GS 8")
            self.take(int.from_bytes(self.take(4, "GS 8 length"), "little"), "GS 8 data")
        elif cmd == ord("k"):  # barcode
            m = self.take(1, "GS k")[0]
            if m <= 6:
                end = self.data.find(b"\x00", self.pos)
                if end < 0:
                    raise EscposDecodeError(f"truncated GS k at offset {start}")
                self.pos = end + 1
            else:
                self.take(self.take(1, "GS k n")[0], "GS k data")
        elif cmd == ord("v"):  # raster bit image: GS v 0 m xL xH yL yH data
            _, _, xl, xh, yl, yh = self.take(6, "GS v 0")
            self.take((xl + 256 * xh) * (yl + 256 * yh), "GS v 0 data")
        elif cmd in _GS_FIXED:
            self.take(_GS_FIXED[cmd], f"GS {chr(cmd)}")
        else:
            raise EscposDecodeError(f"unknown command GS 0x{cmd:02x} at offset {start}")

    def symbol(self, body: bytes, start: int) -> None:
        """GS ( k: 2D symbols; we interpret QR store (fn 0x50) and print (fn 0x51)."""
        if len(body) < 2 or body[0] != ord("1"):  # not QR (cn 49): skip
            return
        fn = body[1]
        if fn == 0x50:
            self.qr_data = bytes(body[3:])
        elif fn == 0x51:
            if self.qr_data is None:
                raise EscposDecodeError(f"QR print without stored data at offset {start}")
            self.flush(force=False)
            try:
                self.out.append(QrCode(self.qr_data.decode("utf-8")))
            except UnicodeDecodeError:
                raise EscposDecodeError(f"QR data is not UTF-8 at offset {start}") from None

    def fs(self) -> None:
        start = self.pos - 1
        cmd = self.take(1, "FS command")[0]
        if cmd == ord("&"):
            self.chinese = True
        elif cmd == ord("."):
            self.chinese = False
        elif cmd in _FS_FIXED:
            self.take(_FS_FIXED[cmd], f"FS {chr(cmd)}")
        else:
            raise EscposDecodeError(f"unknown command FS 0x{cmd:02x} at offset {start}")

    def dle(self) -> None:
        start = self.pos - 1
        cmd = self.take(1, "DLE command")[0]
        if cmd not in _DLE_FIXED:
            raise EscposDecodeError(f"unknown command DLE 0x{cmd:02x} at offset {start}")
        self.take(_DLE_FIXED[cmd], "DLE parameters")

    def multibyte(self) -> None:
        """One GB18030 character (2 or 4 bytes) in Chinese mode."""
        start = self.pos
        if self.pos + 1 >= len(self.data):
            raise EscposDecodeError(f"truncated GB18030 character at offset {start}")
        size = 4 if 0x30 <= self.data[self.pos + 1] <= 0x39 else 2
        chunk = self.take(size, "GB18030 character")
        try:
            self.add_text(chunk.decode("gb18030"))
        except UnicodeDecodeError:
            raise EscposDecodeError(f"invalid GB18030 bytes {chunk.hex(' ')} at offset {start}") from None

    def run(self) -> list[Element]:
        data = self.data
        while self.pos < len(data):
            b = data[self.pos]
            self.pos += 1
            if b == 0x0A:
                self.flush(force=True)
            elif b == 0x1B:
                self.esc()
            elif b == 0x1D:
                self.gs()
            elif b == 0x1C:
                self.fs()
            elif b == 0x10:
                self.dle()
            elif b < 0x20 or b == 0x7F:
                pass  # CR, HT, other single-byte controls: nothing to show
            elif b < 0x80:
                self.add_text(chr(b))
            elif self.chinese and 0x81 <= b <= 0xFE:
                self.pos -= 1
                self.multibyte()
            else:
                self.add_text(bytes([b]).decode("cp437"))  # the printer's default code page
        self.flush(force=False)
        return self.out


def decode_escpos(data: bytes) -> list[Element]:
    """Decode ESC/POS bytes into text lines, QR codes and cuts.

    Feeds (``ESC d``) print pending text but add no lines; ``ESC @`` resets the
    style and drops unprinted text; text left without a line feed at the end is
    returned as a last line. Raises EscposDecodeError on truncated input or a
    command whose size is unknown.
    """
    return _Decoder(bytes(data)).run()
