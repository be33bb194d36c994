"""The serial SAM protocol: frames and the base-information layout, on bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from drivers.idcard import sam
from drivers.idcard.base import CardReadError, IdReaderError, UnsupportedCard
from drivers.idcard.simulator import SAMPLE_CARDS, SimulatedSam

FIND_CARD_FRAME = bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")


def test_find_card_command_matches_the_reference_frame():
    assert sam.build_command(0x20, 0x01) == FIND_CARD_FRAME
    assert sam.build_command(*sam.FIND_CARD) == FIND_CARD_FRAME


def test_checksum_is_xor_of_bytes_after_the_preamble():
    assert sam.checksum(bytes.fromhex("00 03 20 01")) == 0x22
    assert sam.checksum(b"") == 0


def test_command_with_data_counts_data_and_checksum_in_len():
    frame = sam.build_command(0x61, 0xFF, b"\x50")
    assert frame == bytes.fromhex("AA AA AA 96 69 00 04 61 FF 50") + bytes([0x00 ^ 0x04 ^ 0x61 ^ 0xFF ^ 0x50])
    assert sam.parse_command(frame) == (0x61, 0xFF, b"\x50")


def test_response_frame_literal_and_parse():
    # "card found": SW1 SW2 SW3 = 00 00 9F, CHK = 00^04^00^00^9F
    frame = bytes.fromhex("AA AA AA 96 69 00 04 00 00 9F 9B")
    assert sam.build_response(0x9F) == frame
    assert sam.parse_response(frame) == (0x00, 0x00, 0x9F, b"")
    assert sam.frame_length(frame[:7]) == len(frame)


def test_response_with_data_round_trips():
    frame = sam.build_response(0x90, b"\x01\x02\x03", sw1=0x00, sw2=0x00)
    assert sam.parse_response(frame) == (0, 0, 0x90, b"\x01\x02\x03")


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (bytes.fromhex("AA AA AB 96 69 00 04 00 00 9F 9B"), "preamble"),
        (bytes.fromhex("AA AA AA 96 69 00 04 00 00 9F 9A"), "checksum"),
        (bytes.fromhex("AA AA AA 96 69 00 05 00 00 9F 9B"), "length"),  # says 1 byte more
        (bytes.fromhex("AA AA AA 96 69 00 04 00 00 9F 9B 00"), "length"),  # trailing byte
        (bytes.fromhex("AA AA AA 96 69 00 04 00 00"), "length"),  # truncated
        (bytes.fromhex("AA AA AA 96 69 00 01 01"), "too small"),  # no room for SW1..3
        (bytes.fromhex("AA AA AA 96"), "header"),
    ],
)
def test_parse_response_rejects_bad_frames(frame, message):
    with pytest.raises(sam.FrameError, match=message):
        sam.parse_response(frame)


def test_frame_error_is_a_card_read_error():
    # A garbled frame is worth a retry, like any failed read.
    assert issubclass(sam.FrameError, CardReadError)


def test_base_info_layout_offsets():
    card = SAMPLE_CARDS[1]  # long-term card
    raw = sam.encode_base_info(card)
    assert len(raw) == 256 + 1024
    text = raw[:256]
    assert text[0:30] == card.name.encode("utf-16-le") + b" \x00" * (15 - len(card.name))
    assert text[30:32] == b"2\x00"
    assert text[32:36] == b"0\x001\x00"
    assert text[36:52] == "19491231".encode("utf-16-le")
    assert text[122:158] == card.id_number.encode("utf-16-le")
    assert text[188:204] == "20100520".encode("utf-16-le")
    assert text[204:220] == "长期".encode("utf-16-le") + b" \x00" * 6
    assert text[220:256] == b" \x00" * 18
    assert raw[256:] == card.photo


@pytest.mark.parametrize("card", SAMPLE_CARDS, ids=lambda c: c.nation_code + c.sex_code)
def test_base_info_round_trip(card):
    assert sam.decode_base_info(sam.encode_base_info(card)) == card


def test_read_base_info_response_is_0x508_long():
    frame = sam.build_response(0x90, sam.base_info_response_data(SAMPLE_CARDS[0]))
    assert frame[5:7] == b"\x05\x08"
    assert len(frame) == 1295  # the wire size in the reference
    _, _, sw3, data = sam.parse_response(frame)
    assert data[:4] == b"\x01\x00\x04\x00"
    assert sam.decode_base_info(sam.split_base_info_response(data)) == SAMPLE_CARDS[0]


def test_short_photo_is_zero_padded():
    card = replace(SAMPLE_CARDS[0], photo=b"WLT")
    decoded = sam.decode_base_info(sam.encode_base_info(card))
    assert decoded.photo == b"WLT" + bytes(1021)


def test_encode_rejects_fields_that_do_not_fit():
    with pytest.raises(ValueError, match="name"):
        sam.encode_base_info(replace(SAMPLE_CARDS[0], name="张" * 16))
    with pytest.raises(ValueError, match="UCS-2"):
        sam.encode_base_info(replace(SAMPLE_CARDS[0], name="张\U00020000"))


def _text_with(field: str, value: str) -> bytes:
    raw = bytearray(sam.encode_base_info(SAMPLE_CARDS[0]))
    offset = 0
    for name, size in sam.TEXT_FIELDS:
        if name == field:
            raw[offset : offset + size] = sam._encode_field(name, value, size)
            return bytes(raw)
        offset += size
    raise AssertionError(field)


def _assert_no_personal_data(message: str) -> None:
    card = SAMPLE_CARDS[0]
    for value in (card.name, card.id_number, card.address, "19850615"):
        assert value not in message


def test_decode_rejects_residence_permit_layout_without_leaking_data():
    raw = bytearray(_text_with("reserved", "H12345678" + " " * 5 + "J"))
    assert raw[sam.TYPE_MARKER_OFFSET : sam.TYPE_MARKER_OFFSET + 2] == b"J\x00"
    with pytest.raises(UnsupportedCard, match="residence permit") as info:
        sam.decode_base_info(bytes(raw))
    _assert_no_personal_data(str(info.value))
    assert "H12345678" not in str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "19851315", "birth_date"),
        ("valid_to", "2032-3-1", "valid_to"),
        ("sex_code", "7", "sex code"),
        ("nation_code", "77", "nation code"),
    ],
)
def test_decode_rejects_implausible_fields(field, value, message):
    with pytest.raises(CardReadError, match=message) as info:
        sam.decode_base_info(_text_with(field, value))
    _assert_no_personal_data(str(info.value))


def test_decode_rejects_wrong_sizes():
    raw = sam.encode_base_info(SAMPLE_CARDS[0])
    with pytest.raises(CardReadError, match="1280"):
        sam.decode_base_info(raw[:-1])
    with pytest.raises(UnsupportedCard, match="layout"):
        sam.split_base_info_response(b"\x01\x00\x05\x00" + raw)
    with pytest.raises(CardReadError, match="expected"):
        sam.split_base_info_response(b"\x01\x00\x04\x00" + raw[:100])


@pytest.mark.parametrize("halt_after_read", [False, True])
def test_read_card_sequence_against_the_simulated_sam(halt_after_read):
    module = SimulatedSam(halt_after_read=halt_after_read)
    sent: list[bytes] = []

    def transact(frame: bytes) -> bytes:
        sent.append(frame)
        return module.respond(frame)

    assert sam.read_card(transact) is None
    assert sent == [FIND_CARD_FRAME]
    module.place(SAMPLE_CARDS[2])
    sent.clear()
    assert sam.read_card(transact) == SAMPLE_CARDS[2]
    assert sent == [FIND_CARD_FRAME, sam.build_command(0x20, 0x02), sam.build_command(0x30, 0x01)]
    # A card left on the reader reads again, unless the reader halts it after a read.
    assert sam.read_card(transact) == (None if halt_after_read else SAMPLE_CARDS[2])
    module.place(SAMPLE_CARDS[2])  # lifted and placed again
    assert sam.read_card(transact) == SAMPLE_CARDS[2]


def test_read_card_maps_status_words():
    answers = {
        sam.FIND_CARD: sam.build_response(sam.SW3_CARD_FOUND),
        sam.SELECT_CARD: sam.build_response(sam.SW3_SELECT_FAILED),
    }

    def transact(frame: bytes) -> bytes:
        cmd, para, _ = sam.parse_command(frame)
        return answers[(cmd, para)]

    with pytest.raises(CardReadError, match="select"):
        sam.read_card(transact)
    answers[sam.FIND_CARD] = sam.build_response(0x21)
    with pytest.raises(IdReaderError, match="SW3=21"):
        sam.read_card(transact)
    answers[sam.FIND_CARD] = bytes.fromhex("AA AA AA 96 69 00 04 00 00 9F 00")
    with pytest.raises(sam.FrameError):
        sam.read_card(transact)


def test_simulated_sam_answers_a_corrupt_command_with_checksum_error():
    bad = FIND_CARD_FRAME[:-1] + b"\x00"
    assert sam.parse_response(SimulatedSam().respond(bad))[2] == sam.SW3_CHECKSUM_ERROR
    assert sam.sw3_meaning(sam.SW3_CHECKSUM_ERROR) == "checksum error"


def test_dates_decode_as_dates():
    card = sam.decode_base_info(sam.encode_base_info(SAMPLE_CARDS[0]))
    assert card.birth_date == date(1985, 6, 15)
    assert card.valid_to == date(2032, 3, 1)
