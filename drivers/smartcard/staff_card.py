"""Hall staff's cards: a small signed record in an ISO 7816-4 application, read over PC/SC.

The card carries an application (DF) named ``STAFF_AID`` holding the
transparent EF ``STAFF_RECORD_FID`` (also short EF id 1) whose content is::

    01                      record format version
    n  staff_id (n bytes)   ASCII letters, digits, '.', '_', '-'; 1 <= n <= 16
    m  role (m bytes)       lower-case ASCII letters and '_'; 1 <= m <= 16 (e.g. "maintenance")
    tag (32 bytes)          HMAC-SHA256(key, DOMAIN || AID || version..role)
    [padding]               optional, all 00 or all FF (fixed-size EFs)

The key is the kiosk fleet's secret (configured, never on the card): a record
made up or altered without it, or written for another fleet, fails
verification (``hmac.compare_digest``). A static record does not stop a
byte-for-byte clone of a genuine card; that needs a card-held key and a
challenge (INTERNAL AUTHENTICATE), which this format leaves for a version 2.

Reading: SELECT by DF name, SELECT EF by id, READ BINARY (Le=00, following
6Cxx and 61xx). Nothing read from the card is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from drivers.base import Usability
from drivers.smartcard import pcsc
from drivers.smartcard.base import (
    SW_OK,
    NotAStaffCard,
    SmartCardError,
    SmartCardUnavailable,
    StaffCardRejected,
    StaffCredential,
    command_error,
)

log = logging.getLogger("drivers.smartcard")

T = TypeVar("T")

#: Proprietary AID (RID category F): F0 'K' 'I' 'O' 'S' 'K' 01.
STAFF_AID = bytes.fromhex("F04B494F534B01")
STAFF_RECORD_FID = 0x0101
RECORD_VERSION = 1
TAG_LEN = 32
MIN_KEY_LEN = 16
DOMAIN = b"court-kiosk staff card\x00"

_STAFF_ID = re.compile(r"[A-Za-z0-9._-]{1,16}")
_ROLE = re.compile(r"[a-z_]{1,16}")

#: SELECT answers meaning "this card has no such application" (an ordinary card).
_NO_APPLICATION_SW = frozenset({0x6A82, 0x6A86, 0x6A81, 0x6A88, 0x6D00, 0x6E00, 0x6999})


def _mac(key: bytes, aid: bytes, body: bytes) -> bytes:
    return hmac.new(key, DOMAIN + bytes([len(aid)]) + aid + body, hashlib.sha256).digest()


def _check_key(key: bytes) -> bytes:
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_LEN:
        raise ValueError(f"the staff card key must be at least {MIN_KEY_LEN} bytes")
    return bytes(key)


def make_staff_card_record(staff_id: str, role: str, key: bytes, *, aid: bytes = STAFF_AID) -> bytes:
    """The EF content for a staff card (provisioning and tests)."""
    if not _STAFF_ID.fullmatch(staff_id):
        raise ValueError("staff id must be 1-16 ASCII letters, digits, '.', '_' or '-'")
    if not _ROLE.fullmatch(role):
        raise ValueError("role must be 1-16 lower-case ASCII letters or '_'")
    sid, rl = staff_id.encode("ascii"), role.encode("ascii")
    body = bytes([RECORD_VERSION, len(sid)]) + sid + bytes([len(rl)]) + rl
    return body + _mac(_check_key(key), aid, body)


def parse_staff_card_record(data: bytes, key: bytes, *, aid: bytes = STAFF_AID) -> StaffCredential:
    """Verify and decode a record; StaffCardRejected says why (never echoing the content)."""
    key = _check_key(key)
    if len(data) < 3 + TAG_LEN:
        raise StaffCardRejected(f"staff record too short ({len(data)} bytes)")
    if data[0] != RECORD_VERSION:
        raise StaffCardRejected(f"unknown staff record version {data[0]}")
    n = data[1]
    if not 1 <= n <= 16 or len(data) < 2 + n + 1:
        raise StaffCardRejected("malformed staff record (staff id length)")
    m = data[2 + n]
    end = 3 + n + m
    if not 1 <= m <= 16 or len(data) < end + TAG_LEN:
        raise StaffCardRejected("malformed staff record (role length)")
    body, tag, padding = data[:end], data[end:end + TAG_LEN], data[end + TAG_LEN:]
    if padding and padding.strip(b"\x00") and padding.strip(b"\xff"):
        raise StaffCardRejected("malformed staff record (bytes after the tag)")
    if not hmac.compare_digest(tag, _mac(key, aid, body)):
        raise StaffCardRejected("staff card signature does not verify (forged, altered or another key)")
    try:
        staff_id, role = body[2:2 + n].decode("ascii"), body[3 + n:end].decode("ascii")
    except UnicodeDecodeError:
        raise StaffCardRejected("malformed staff record (not ASCII)") from None
    if not _STAFF_ID.fullmatch(staff_id) or not _ROLE.fullmatch(role):
        raise StaffCardRejected("malformed staff record (characters)")
    return StaffCredential(staff_id=staff_id, role=role)


def read_key_file(path: str | Path) -> bytes:
    """A key file holds the key in hex (whitespace ignored), e.g. 64 hex digits for 32 bytes."""
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise SmartCardError(f"cannot read the staff card key file: {type(exc).__name__}") from None
    try:
        return _check_key(bytes.fromhex("".join(text.split())))
    except ValueError:
        raise SmartCardError(
            f"the staff card key file must hold at least {MIN_KEY_LEN} bytes in hex") from None


class StaffCardReader:
    """Reads and verifies staff cards in the first (matching) reader holding a card.

    Give the key either as ``hmac_key`` (bytes) or as ``hmac_key_path`` (a file
    holding it in hex, read on first use). ``reader_name_filter`` picks readers
    whose name contains that text (case-insensitive). Blocking; one worker
    thread. The PC/SC context is opened lazily and dropped after a service error,
    so the next call reconnects (pcscd restarted).
    """

    def __init__(
        self,
        *,
        hmac_key: bytes | None = None,
        hmac_key_path: str | Path | None = None,
        reader_name_filter: str | None = None,
        aid: bytes | str = STAFF_AID,
        record_fid: int = STAFF_RECORD_FID,
    ) -> None:
        if (hmac_key is None) == (hmac_key_path is None):
            raise ValueError("give exactly one of hmac_key and hmac_key_path")
        self._key = _check_key(hmac_key) if hmac_key is not None else None
        self._key_path = hmac_key_path
        self._filter = reader_name_filter
        self._aid = bytes.fromhex(aid) if isinstance(aid, str) else bytes(aid)
        if not 5 <= len(self._aid) <= 16:
            raise ValueError("an AID has 5 to 16 bytes")
        self._fid = record_fid
        self._scard: ModuleType | None = None
        self._context: int | None = None

    # --- public API ---

    def read(self) -> StaffCredential | None:
        """The verified credential on the card, or None when no reader holds a card."""
        key = self._hmac_key()
        data = self._with_context(self._read_first_card)
        if data is None:
            return None
        credential = parse_staff_card_record(data, key, aid=self._aid)
        log.info("staff card verified (role %s)", credential.role)
        return credential

    def is_usable(self) -> Usability:
        try:
            self._hmac_key()
            readers = self._with_context(lambda scard, context: pcsc.list_readers(scard, context, self._filter))
        except SmartCardError as exc:
            return Usability(False, str(exc))
        if not readers:
            suffix = f" (looking for names containing {self._filter!r})" if self._filter else ""
            return Usability(False, f"no smart-card reader connected{suffix}")
        return Usability(True, f"{len(readers)} smart-card reader{'s' if len(readers) > 1 else ''} connected")

    def close(self) -> None:
        if self._context is not None and self._scard is not None:
            pcsc.release(self._scard, self._context)
        self._context = None

    # --- internals ---

    def _with_context(self, call: Callable[[ModuleType, int], T]) -> T:
        """``call(scard, context)``; a context kept from before a pcscd restart answers
        "no service" although pcscd is back, so a kept context gets one fresh retry."""
        fresh = self._context is None
        scard, context = self._open()
        try:
            return call(scard, context)
        except SmartCardUnavailable:
            self.close()
            if fresh:
                raise
        scard, context = self._open()
        try:
            return call(scard, context)
        except SmartCardUnavailable:
            self.close()
            raise

    def _read_first_card(self, scard: ModuleType, context: int) -> bytes | None:
        reader = self._reader_with_card(scard, context)
        return None if reader is None else self._read_record(scard, context, reader)

    def _hmac_key(self) -> bytes:
        if self._key is None:
            assert self._key_path is not None
            self._key = read_key_file(self._key_path)
        return self._key

    def _open(self) -> tuple[ModuleType, int]:
        if self._scard is None:
            self._scard = pcsc.load_scard()
        scard = self._scard
        if self._context is None:
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if pcsc.code(hresult) != pcsc.SCARD_S_SUCCESS:
                raise pcsc.error_for(hresult, "connecting to the smart-card service")
            self._context = context
        return scard, self._context

    def _reader_with_card(self, scard: ModuleType, context: int) -> str | None:
        readers = pcsc.list_readers(scard, context, self._filter)
        if not readers:
            raise SmartCardUnavailable("no smart-card reader connected")
        hresult, states = scard.SCardGetStatusChange(
            context, 0, [(reader, scard.SCARD_STATE_UNAWARE) for reader in readers])
        if pcsc.code(hresult) not in (pcsc.SCARD_S_SUCCESS, pcsc.SCARD_E_TIMEOUT):
            raise pcsc.error_for(hresult, "asking the readers for cards")
        for reader, state, _atr in states:
            if state & scard.SCARD_STATE_PRESENT and not state & scard.SCARD_STATE_MUTE:
                return reader
        return None

    def _read_record(self, scard: ModuleType, context: int, reader: str) -> bytes:
        hresult, card, protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if pcsc.code(hresult) != pcsc.SCARD_S_SUCCESS:
            raise pcsc.error_for(hresult, "connecting to the card")
        try:
            hresult = scard.SCardBeginTransaction(card)
            if pcsc.code(hresult) != pcsc.SCARD_S_SUCCESS:
                raise pcsc.error_for(hresult, "locking the card")
            try:
                return self._select_and_read(scard, card, protocol)
            finally:
                scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD)
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)

    def _select_and_read(self, scard: ModuleType, card: int, protocol: int) -> bytes:
        aid = self._aid
        sw, _ = self._transmit(scard, card, protocol, bytes([0x00, 0xA4, 0x04, 0x0C, len(aid)]) + aid)
        if sw in _NO_APPLICATION_SW:
            raise NotAStaffCard(f"not a staff card: no staff application (SELECT answered {sw:04X})")
        if sw != SW_OK:
            raise command_error("SELECT staff application", sw)
        fid = self._fid.to_bytes(2, "big")
        sw, _ = self._transmit(scard, card, protocol, bytes([0x00, 0xA4, 0x02, 0x0C, 2]) + fid)
        if sw == 0x6A82:
            raise NotAStaffCard("not a staff card: the staff application holds no record (6A82)")
        if sw != SW_OK:
            raise command_error("SELECT staff record", sw)
        sw, data = self._transmit(scard, card, protocol, bytes([0x00, 0xB0, 0x00, 0x00, 0x00]))
        if sw >> 8 == 0x6C:  # wrong Le: ask again with the exact length
            sw, data = self._transmit(scard, card, protocol, bytes([0x00, 0xB0, 0x00, 0x00, sw & 0xFF]))
        while sw >> 8 == 0x61:  # more bytes waiting: GET RESPONSE
            sw, more = self._transmit(scard, card, protocol, bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
            data += more
        if sw not in (SW_OK, 0x6282):  # 6282: the EF is shorter than 256 bytes
            raise command_error("READ BINARY staff record", sw)
        return data

    @staticmethod
    def _transmit(scard: ModuleType, card: int, protocol: int, apdu: bytes) -> tuple[int, bytes]:
        hresult, response = scard.SCardTransmit(card, protocol, list(apdu))
        if pcsc.code(hresult) != pcsc.SCARD_S_SUCCESS:
            raise pcsc.error_for(hresult, f"sending INS {apdu[1]:02X}")
        if len(response) < 2:
            raise SmartCardError(f"INS {apdu[1]:02X}: short answer from the card ({len(response)} bytes)")
        return (response[-2] << 8) | response[-1], bytes(response[:-2])


__all__ = [
    "MIN_KEY_LEN",
    "STAFF_AID",
    "STAFF_RECORD_FID",
    "StaffCardReader",
    "make_staff_card_record",
    "parse_staff_card_record",
    "read_key_file",
]
