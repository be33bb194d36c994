"""ESC/POS encoding and decoding, on bytes."""

from __future__ import annotations

import pytest
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from drivers.printer import (
    Cut,
    EscposDecodeError,
    QrCode,
    Receipt,
    ReceiptLine,
    TextLine,
    decode_escpos,
    encode_receipt,
)
from drivers.printer.escpos_codec import encode_qr, encode_text

FS_AND = b"\x1c\x26"  # Chinese character mode on
FS_DOT = b"\x1c\x2e"  # Chinese character mode off


def test_small_receipt_exact_bytes():
    receipt = Receipt([ReceiptLine("COURT", align="center", bold=True), ReceiptLine("No. 12")])
    assert encode_receipt(receipt) == (
        b"\x1b\x40"  # ESC @ init
        b"\x1b\x61\x01"  # ESC a 1 centre
        b"\x1b\x45\x01"  # ESC E 1 bold
        b"COURT\n"
        b"\x1b\x61\x00"  # ESC a 0 left
        b"\x1b\x45\x00"  # ESC E 0
        b"No. 12\n"
        b"\x1b\x64\x04"  # ESC d 4: feed past the cutter
        b"\x1d\x56\x01"  # GS V 1: partial cut
    )


def test_double_size_and_right_alignment_bytes():
    receipt = Receipt([ReceiptLine("50.00", align="right", double=True), ReceiptLine("x")], cut=False)
    assert encode_receipt(receipt) == (
        b"\x1b@" b"\x1ba\x02" b"\x1d!\x11" b"50.00\n" b"\x1ba\x00" b"\x1d!\x00" b"x\n"
    )


@pytest.mark.parametrize(
    ("text", "gb18030"),
    [
        ("——————", "a1aa" * 6),  # punctuation only: no CJK ideograph in the line
        ("。，", "a1a3a3ac"),
        ("诉讼费", "cbdfcbcfb7d1"),
        ("㐀", "8139ee39"),  # CJK Extension A: 4 bytes in GB18030
        ("𠀀", "95328236"),  # CJK Extension B
        ("¥", "81308436"),
    ],
)
def test_non_ascii_line_is_fs_and_gb18030_fs_dot(text, gb18030):
    job = encode_receipt(Receipt([ReceiptLine(text)], cut=False))
    assert job == b"\x1b@" + FS_AND + bytes.fromhex(gb18030) + FS_DOT + b"\n"
    assert decode_escpos(job) == [TextLine(text)]


def test_extension_a_character_is_four_gb18030_bytes():
    body = encode_text("㐀")
    assert body[2:-2] == "㐀".encode("gb18030") and len(body[2:-2]) == 4


def test_python_escpos_text_garbles_what_we_print_correctly():
    # Why the text path is our own (reference/real-stacks.md, Printing).
    dummy = Dummy()
    dummy.text("㐀\n")
    assert b"?" in dummy.output
    assert FS_AND not in dummy.output


def test_ascii_line_is_plain_ascii():
    assert encode_text("Total 12.50") == b"Total 12.50"


def test_mixed_line_goes_in_chinese_mode_whole():
    assert encode_text("金额: 50.00元") == FS_AND + "金额: 50.00元".encode("gb18030") + FS_DOT


def test_native_qr_bytes_match_python_escpos():
    dummy = Dummy()
    dummy.qr("https://court.example/f/123", ec=QR_ECLEVEL_M, size=6, native=True)
    assert encode_qr("https://court.example/f/123", module_size=6) == dummy.output
    # model 2, module size 6, error correction M (49), store (fn 80) and print (fn 81)
    assert dummy.output.startswith(b"\x1d(k\x04\x001A2\x00\x1d(k\x03\x001C\x06\x1d(k\x03\x001E1")
    assert dummy.output.endswith(b"\x1d(k\x03\x001Q0")


def test_qr_is_centred_and_its_payload_decodes():
    payload = "https://court.example/filings/2f3c?名=费"
    job = encode_receipt(Receipt([ReceiptLine("x")], qr=payload))
    assert b"\x1ba\x01\x1d(k" in job
    assert decode_escpos(job) == [TextLine("x"), QrCode(payload), Cut()]


def test_qr_limits():
    with pytest.raises(ValueError, match="exceeds"):
        encode_qr("9" * 7090)
    with pytest.raises(ValueError, match="empty"):
        encode_qr("")


RECEIPTS = [
    Receipt([]),
    Receipt([ReceiptLine("")], cut=False),
    Receipt(
        [
            ReceiptLine("北京市朝阳区人民法院", align="center", bold=True, double=True),
            ReceiptLine("诉讼费用预交通知", align="center", bold=True),
            ReceiptLine("——————————————", align="center"),
            ReceiptLine("案号：（2026）京0105民初12号"),
            ReceiptLine("Filing: F-2026-000123"),
            ReceiptLine(""),
            ReceiptLine("合计：¥1,050.00", align="right", double=True),
            ReceiptLine("罕见字：㐀𠀀", bold=True),
            ReceiptLine("。，", align="right"),
        ],
        qr="https://court.example/pay/F-2026-000123",
    ),
    Receipt([ReceiptLine("a", bold=True), ReceiptLine("b", bold=True, double=True)], qr="X", cut=False),
]


@pytest.mark.parametrize("receipt", RECEIPTS)
def test_round_trip(receipt):
    elements = decode_escpos(encode_receipt(receipt))
    expected = [TextLine(line.text, line.align, line.bold, line.double) for line in receipt.lines]
    if receipt.qr:
        expected.append(QrCode(receipt.qr))
    if receipt.cut:
        expected.append(Cut(partial=True))
    assert elements == expected


def test_multiline_text_prints_as_lines_in_the_same_style():
    job = encode_receipt(Receipt([ReceiptLine("一\n2", align="center")], cut=False))
    assert decode_escpos(job) == [TextLine("一", "center"), TextLine("2", "center")]


def test_control_characters_are_refused():
    with pytest.raises(ValueError, match="control"):
        encode_receipt(Receipt([ReceiptLine("a\x1bb")]))
    with pytest.raises(ValueError, match="align"):
        ReceiptLine("x", align="middle")


def test_decoder_skips_sequences_it_can_size():
    job = (
        b"\x1b@\x1bt\x00\x1b!\x00\x1b-\x00\x1b3\x18\x1dB\x00\x10\x04\x01"
        b"\x1dv0\x00\x01\x00\x02\x00\xff\x0f"  # 1x2 raster image
        b"\x1d(L\x02\x000E"  # a graphics function
        b"\x1d(k\x03\x000A\x00"  # a PDF417 setting (cn 48): ignored
        b"\x1ba\x01hi\r\n"
        b"\x1bd\x03"
        b"\x1b!\x38bold+double\n"
        b"\x1b!\x00\x1dV\x42\x00"
    )
    assert decode_escpos(job) == [
        TextLine("hi", "center"),
        TextLine("bold+double", "center", bold=True, double=True),
        Cut(partial=True),
    ]


def test_decoder_reads_a_python_escpos_job():
    dummy = Dummy()
    dummy.set(align="center", bold=True, double_height=True, double_width=True)
    dummy.textln("HELLO")
    dummy.set_with_default()
    dummy.textln("plain")
    dummy.qr("abc", native=True)
    dummy.cut()
    assert decode_escpos(dummy.output) == [
        TextLine("HELLO", "center", True, True),
        TextLine("plain"),
        QrCode("abc"),
        Cut(partial=False),
    ]


def test_init_drops_unprinted_text_and_resets_style():
    assert decode_escpos(b"\x1bE\x01lost\x1b@kept\n") == [TextLine("kept")]


def test_trailing_text_without_line_feed_is_returned():
    assert decode_escpos(b"\x1b@tail") == [TextLine("tail")]


@pytest.mark.parametrize(
    "data",
    [
        b"\x1b",
        b"\x1ba",
        b"\x1d(k\x10\x001P0abc",
        b"\x1d(k",
        FS_AND + b"\xcb",
        FS_AND + b"\x81\x39\xee",
        b"\x1dV",
        b"\x1dV\x42",
        b"\x1dv0\x00\x01\x00\x02\x00\xff",
    ],
)
def test_truncated_input_raises(data):
    with pytest.raises(EscposDecodeError):
        decode_escpos(data)


def test_every_prefix_decodes_or_raises_escpos_decode_error():
    job = encode_receipt(RECEIPTS[2])
    for end in range(len(job)):
        try:
            decode_escpos(job[:end])
        except EscposDecodeError:
            pass


@pytest.mark.parametrize("data", [b"\x1b\x01", b"\x1d\x01", b"\x1c\x01", b"\x10\x01", b"\x1ba\x07"])
def test_unknown_or_bad_commands_raise(data):
    with pytest.raises(EscposDecodeError):
        decode_escpos(data)


def test_invalid_gb18030_raises():
    with pytest.raises(EscposDecodeError, match="GB18030"):
        decode_escpos(FS_AND + b"\x81\x7f" + FS_DOT)
