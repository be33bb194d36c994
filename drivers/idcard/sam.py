"""The serial SAM protocol of resident ID card readers (GA/T 467 security module).

Pure functions on bytes: frames, checksums and the base-information layout.
The transport (pyserial, USB) only moves these frames; see
``/work/shared/reference/sam-id-reader.md`` for the protocol notes.

Command:  ``AA AA AA 96 69 | LEN_H LEN_L | CMD PARA | DATA... | CHK``
Response: ``AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | DATA... | CHK``

LEN counts every byte after the two length bytes, the checksum included; CHK
is the XOR of every byte after the preamble up to, not including, CHK.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from drivers.idcard.base import CardReadError, IdCardData, IdReaderError, UnsupportedCard

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2  # preamble + LEN_H LEN_L

# (CMD, PARA) pairs.
RESET_SAM = (0x10, 0xFF)
SAM_STATUS = (0x11, 0xFF)
READ_SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_BASE_INFO = (0x30, 0x01)
SET_MAX_RF_FRAME = (0x61, 0xFF)

# SW3 values.
SW3_OK = 0x90
SW3_CARD_FOUND = 0x9F
SW3_CHECKSUM_ERROR = 0x10
SW3_LENGTH_ERROR = 0x11
SW3_COMMAND_ERROR = 0x21
SW3_READ_FAILED = 0x41
SW3_NO_CARD = 0x80
SW3_SELECT_FAILED = 0x81

SW3_MEANINGS: dict[int, str] = {
    SW3_OK: "success",
    SW3_CARD_FOUND: "card found",
    SW3_CHECKSUM_ERROR: "checksum error",
    SW3_LENGTH_ERROR: "length error",
    SW3_COMMAND_ERROR: "command or parameter error",
    SW3_READ_FAILED: "read failed",
    SW3_NO_CARD: "no card found",
    SW3_SELECT_FAILED: "select failed",
}

TEXT_LEN = 256
PHOTO_LEN = 1024
BASE_INFO_LEN = TEXT_LEN + PHOTO_LEN

#: Text fields of the base information, in order, with their size in bytes
#: (UCS-2 little-endian, space padded). They add up to TEXT_LEN.
TEXT_FIELDS: tuple[tuple[str, int], ...] = (
    ("name", 30),
    ("sex_code", 2),
    ("nation_code", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("reserved", 36),
)
assert sum(size for _, size in TEXT_FIELDS) == TEXT_LEN

LONG_TERM = "长期"

#: Where other card kinds carry their type letter (inside the reserved area), and
#: the letters documented by reader vendors. A resident ID card leaves the whole
#: reserved area blank.
TYPE_MARKER_OFFSET = 248
CARD_TYPE_MARKERS: dict[str, str] = {
    "I": "foreign permanent residence card (type I)",
    "J": "Hong Kong/Macau/Taiwan residence permit (type J)",
}


class FrameError(CardReadError):
    """A frame with a bad preamble, length or checksum."""


def checksum(data: bytes) -> int:
    """XOR of all bytes (pass the bytes between the preamble and CHK)."""
    value = 0
    for byte in data:
        value ^= byte
    return value


def _frame(body: bytes) -> bytes:
    length = len(body) + 1  # + CHK
    if length > 0xFFFF:
        raise ValueError("frame too long")
    counted = length.to_bytes(2, "big") + body
    return PREAMBLE + counted + bytes([checksum(counted)])


def build_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    """A command frame, e.g. ``build_command(0x20, 0x01)`` -> ``AA AA AA 96 69 00 03 20 01 22``."""
    return _frame(bytes([cmd, para]) + bytes(data))


def build_response(sw3: int, data: bytes = b"", sw1: int = 0x00, sw2: int = 0x00) -> bytes:
    """A response frame (what a reader sends back); used by simulators and tests."""
    return _frame(bytes([sw1, sw2, sw3]) + bytes(data))


def frame_length(header: bytes) -> int:
    """The total length of a frame from its first HEADER_LEN (7) bytes.

    A transport reads 7 bytes, then ``frame_length(header) - 7`` more.
    """
    if len(header) < HEADER_LEN:
        raise FrameError(f"need {HEADER_LEN} header bytes, got {len(header)}")
    if header[: len(PREAMBLE)] != PREAMBLE:
        raise FrameError(f"bad preamble {header[:len(PREAMBLE)].hex(' ')}")
    return HEADER_LEN + int.from_bytes(header[5:7], "big")


def _check_frame(frame: bytes, min_body: int) -> bytes:
    """Validate preamble, length and checksum; return the body (without LEN and CHK)."""
    total = frame_length(frame)
    length = total - HEADER_LEN
    if length < min_body + 1:
        raise FrameError(f"length field {length} too small")
    if len(frame) != total:
        raise FrameError(f"length field says {total} bytes, frame has {len(frame)}")
    expected = checksum(frame[len(PREAMBLE) : -1])
    if frame[-1] != expected:
        raise FrameError(f"checksum {frame[-1]:02x}, expected {expected:02x}")
    return frame[HEADER_LEN:-1]


def parse_command(frame: bytes) -> tuple[int, int, bytes]:
    """Split a command frame into (cmd, para, data); raises FrameError."""
    body = _check_frame(frame, 2)
    return body[0], body[1], bytes(body[2:])


def parse_response(frame: bytes) -> tuple[int, int, int, bytes]:
    """Split a response frame into (sw1, sw2, sw3, data); raises FrameError."""
    body = _check_frame(frame, 3)
    return body[0], body[1], body[2], bytes(body[3:])


def sw3_meaning(sw3: int) -> str:
    return SW3_MEANINGS.get(sw3, "unknown status")


# --- base information (response data of READ_BASE_INFO) -----------------------


def _encode_field(name: str, value: str, size: int) -> bytes:
    if any(ord(ch) > 0xFFFF for ch in value):
        raise ValueError(f"field {name}: character outside UCS-2")
    raw = value.encode("utf-16-le")
    if len(raw) > size:
        raise ValueError(f"field {name}: {len(raw)} bytes, room for {size}")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def _date_text(value: date) -> str:
    return value.strftime("%Y%m%d")


def encode_base_info(card: IdCardData) -> bytes:
    """TEXT (256 bytes, UCS-2 LE, space padded) followed by PHOTO (1024 bytes).

    A photo shorter than 1024 bytes is zero padded.
    """
    if len(card.photo) > PHOTO_LEN:
        raise ValueError(f"photo: {len(card.photo)} bytes, room for {PHOTO_LEN}")
    values = {
        "name": card.name,
        "sex_code": card.sex_code,
        "nation_code": card.nation_code,
        "birth_date": _date_text(card.birth_date),
        "address": card.address,
        "id_number": card.id_number,
        "authority": card.authority,
        "valid_from": _date_text(card.valid_from),
        "valid_to": LONG_TERM if card.valid_to is None else _date_text(card.valid_to),
        "reserved": "",
    }
    text = b"".join(_encode_field(name, values[name], size) for name, size in TEXT_FIELDS)
    return text + card.photo + bytes(PHOTO_LEN - len(card.photo))


def base_info_response_data(card: IdCardData) -> bytes:
    """The data of a READ_BASE_INFO response: TEXT_LEN, PHOTO_LEN (big-endian), TEXT, PHOTO."""
    return TEXT_LEN.to_bytes(2, "big") + PHOTO_LEN.to_bytes(2, "big") + encode_base_info(card)


def split_base_info_response(data: bytes) -> bytes:
    """Check the two length words of a READ_BASE_INFO response; return TEXT + PHOTO."""
    if len(data) < 4:
        raise CardReadError(f"base info response too short ({len(data)} bytes)")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if (text_len, photo_len) != (TEXT_LEN, PHOTO_LEN):
        raise UnsupportedCard(f"unexpected base info layout: text {text_len} bytes, photo {photo_len} bytes")
    if len(data) != 4 + BASE_INFO_LEN:
        raise CardReadError(f"base info response has {len(data)} bytes, expected {4 + BASE_INFO_LEN}")
    return bytes(data[4:])


def _parse_date(field_name: str, text: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise CardReadError(f"field {field_name} is not a YYYYMMDD date")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise CardReadError(f"field {field_name} is not a valid date") from None


def decode_base_info(data: bytes) -> IdCardData:
    """Parse TEXT (256) + PHOTO (1024) into IdCardData; raises CardReadError.

    Error messages name fields, never their contents (personal data).
    """
    if len(data) != BASE_INFO_LEN:
        raise CardReadError(f"base info has {len(data)} bytes, expected {BASE_INFO_LEN}")
    fields: dict[str, str] = {}
    offset = 0
    for name, size in TEXT_FIELDS:
        raw = data[offset : offset + size]
        offset += size
        try:
            text = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            raise CardReadError(f"field {name} is not valid UCS-2") from None
        fields[name] = text.rstrip(" \x00")
    if fields["reserved"]:
        # Foreign permanent residence cards and residence permits use the same
        # frames with another text layout and a type letter in this area:
        # never guess at their fields. (The rest of the area can hold personal
        # data, so only the type letter is named.)
        marker = data[TYPE_MARKER_OFFSET : TYPE_MARKER_OFFSET + 2].decode("utf-16-le", "replace")
        kind = CARD_TYPE_MARKERS.get(marker, "an unknown card layout")
        raise UnsupportedCard(f"not a resident ID card: {kind}")
    valid_to_text = fields["valid_to"]
    valid_to = None if valid_to_text == LONG_TERM else _parse_date("valid_to", valid_to_text)
    try:
        return IdCardData(
            name=fields["name"],
            sex_code=fields["sex_code"],
            nation_code=fields["nation_code"],
            birth_date=_parse_date("birth_date", fields["birth_date"]),
            address=fields["address"],
            id_number=fields["id_number"],
            authority=fields["authority"],
            valid_from=_parse_date("valid_from", fields["valid_from"]),
            valid_to=valid_to,
            photo=bytes(data[TEXT_LEN:]),
        )
    except ValueError as exc:
        raise CardReadError(f"implausible card data: {exc}") from None


# --- the reading sequence ------------------------------------------------------


def _expect(sw3: int, wanted: int, step: str) -> None:
    if sw3 != wanted:
        raise IdReaderError(f"{step}: reader answered SW3={sw3:02X} ({sw3_meaning(sw3)})")


def read_card(transact: Callable[[bytes], bytes]) -> IdCardData | None:
    """Find, select and read a card through ``transact(command_frame) -> response_frame``.

    Returns None when there is no card. The transport supplies ``transact``
    (a serial port, a simulator); everything else here is protocol.
    Raises CardReadError (bad frame, card moved, unreadable data) or
    IdReaderError (the reader reported an error of its own).
    """
    _, _, sw3, _ = parse_response(transact(build_command(*FIND_CARD)))
    if sw3 == SW3_NO_CARD:
        return None
    _expect(sw3, SW3_CARD_FOUND, "find card")
    _, _, sw3, _ = parse_response(transact(build_command(*SELECT_CARD)))
    if sw3 == SW3_SELECT_FAILED:
        raise CardReadError("select card failed (card moved?)")
    _expect(sw3, SW3_OK, "select card")
    _, _, sw3, data = parse_response(transact(build_command(*READ_BASE_INFO)))
    if sw3 == SW3_READ_FAILED:
        raise CardReadError("read base info failed (SW3=41)")
    _expect(sw3, SW3_OK, "read base info")
    return decode_base_info(split_base_info_response(data))
