"""Hall staff's cards, format version 2: a record plus a card-held key that answers a challenge.

The spec (a card bureau, the virtual test card ``tests/drivers/vcard_staff.py`` and this
module each implement it on their own):

**Application.** The card carries an application (DF) named ``STAFF_AID``
(F0 4B 49 4F 53 4B 01) holding the transparent EF ``STAFF_RECORD_FID`` (0101,
short EF id 1), readable without conditions, whose content is the record::

    02                       record format version
    s  serial (s bytes)      the card's serial number, 4 <= s <= 16 (unique per card)
    n  staff_id (n bytes)    ASCII letters, digits, '.', '_', '-'; 1 <= n <= 16
    m  role (m bytes)        lower-case ASCII letters and '_'; 1 <= m <= 16 (e.g. "maintenance")
    tag (32 bytes)           the issuer's tag: HMAC-SHA256(record_key, "court-kiosk staff card record v2"
                             || 00 || len(AID) || AID || version..role)
    [padding]                optional, all 00 or all FF (fixed-size EFs); not part of the record

**Card key.** Each card holds its own 32-byte key, diversified from the fleet's master
key (``devices.staff_card.hmac_key_path``, never on a card) and the card's serial with
NIST SP 800-108 KDF in counter mode, HMAC-SHA256, a 32-bit counter before the fixed
input, L = 256 bits::

    card_key = HMAC-SHA256(master, 00000001 || "court-kiosk staff card key" || 00 || serial || 00000100)

The card key is in no readable file: the card uses it only to answer INTERNAL AUTHENTICATE.
The record key (same KDF, label "court-kiosk staff card record") stays with the issuer: it is
on no card, so even the holder of a genuine card (who can make it answer any challenge)
cannot rewrite its record into another name or role.

**Challenge–response.** The kiosk sends ``00 88 00 00 20 <challenge: 32 random bytes> 00``
(ISO 7816-4 INTERNAL AUTHENTICATE, no algorithm or key reference); the card answers 32 bytes
and 9000 (directly, or by 61xx and GET RESPONSE)::

    answer = HMAC-SHA256(card_key, "court-kiosk staff card auth v2" || 00 || len(AID) || AID
                                   || challenge || record)

with ``record`` the EF's content without padding (tag included). The kiosk derives both keys
from the serial in the record, checks the tag and then the answer (``hmac.compare_digest``):
change a byte of the record (promote a role, swap the serial) and the tag, and the answer
of any other card, no longer verify. A byte-for-byte copy of the readable files, without the key,
cannot answer a fresh challenge; an answer recorded from an earlier read is for another
challenge.

**Refusals** (StaffCardRejected with ``reason``): a version 1 card (a static HMAC-tagged
record, which a copy reproduces) is ``outdated`` and must be reissued; a wrong answer is
``forged``; a record that breaks the layout is ``malformed``; a card that keeps answering
(endless 61xx, too many bytes, too slow) is ``overrun``.

**Reading** (`authenticate`): SELECT by DF name, SELECT EF by id, READ BINARY (Le=00,
following one 6Cxx and 61xx chains), INTERNAL AUTHENTICATE. Every card read is bounded:
at most ``max_apdus`` commands, ``max_bytes`` answer bytes and ``max_seconds`` per card.
Nothing read from the card is logged; keys are never logged.

**Provisioning** (`personalise`): the record and the card key for a new card, from the
master key and the card's serial (``kiosk staff card issue`` writes both files, mode 0600).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
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
RECORD_VERSION = 2
MIN_KEY_LEN = 16
KEY_LEN = 32
MAC_LEN = 32
CHALLENGE_LEN = 32
MIN_SERIAL_LEN, MAX_SERIAL_LEN = 4, 16
KDF_LABEL = b"court-kiosk staff card key"
RECORD_KDF_LABEL = b"court-kiosk staff card record"
TAG_DOMAIN = b"court-kiosk staff card record v2\x00"
TAG_LEN = 32
AUTH_DOMAIN = b"court-kiosk staff card auth v2\x00"
INS_INTERNAL_AUTHENTICATE = 0x88

#: Caps per card read (a card that answers endlessly is refused, not looped on).
MAX_APDUS = 16
MAX_BYTES = 2048
MAX_SECONDS = 3.0

_STAFF_ID = re.compile(r"[A-Za-z0-9._-]{1,16}")
_ROLE = re.compile(r"[a-z_]{1,16}")

#: SELECT answers meaning "this card has no such application" (an ordinary card).
_NO_APPLICATION_SW = frozenset({0x6A82, 0x6A86, 0x6A81, 0x6A88, 0x6D00, 0x6E00, 0x6999})
#: INTERNAL AUTHENTICATE answers of a card without a key (a copy on a blank card).
_NO_AUTHENTICATE_SW = frozenset({0x6D00, 0x6E00, 0x6A81, 0x6A86, 0x6A88, 0x6985, 0x6982})


# --- keys and the record (pure) ---


def _check_key(key: bytes) -> bytes:
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_LEN:
        raise ValueError(f"the staff card master key must be at least {MIN_KEY_LEN} bytes")
    return bytes(key)


def _serial_bytes(serial: bytes | str) -> bytes:
    if isinstance(serial, str):
        try:
            serial = bytes.fromhex(serial)
        except ValueError:
            raise ValueError("the card serial must be hex") from None
    if not MIN_SERIAL_LEN <= len(serial) <= MAX_SERIAL_LEN:
        raise ValueError(f"the card serial must have {MIN_SERIAL_LEN} to {MAX_SERIAL_LEN} bytes")
    return bytes(serial)


def _kdf(master_key: bytes, label: bytes, serial: bytes | str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.kbkdf import KBKDFHMAC, CounterLocation, Mode

    kdf = KBKDFHMAC(algorithm=hashes.SHA256(), mode=Mode.CounterMode, length=KEY_LEN, rlen=4, llen=4,
                    location=CounterLocation.BeforeFixed, label=label, context=_serial_bytes(serial),
                    fixed=None)
    return kdf.derive(_check_key(master_key))


def derive_card_key(master_key: bytes, serial: bytes | str) -> bytes:
    """The card's own key: SP 800-108 counter-mode KDF (HMAC-SHA256) of the master key and the serial."""
    return _kdf(master_key, KDF_LABEL, serial)


def record_tag(master_key: bytes, serial: bytes | str, body: bytes, *, aid: bytes = STAFF_AID) -> bytes:
    """The issuer's tag over a record's version..role, with the record key (on no card)."""
    key = _kdf(master_key, RECORD_KDF_LABEL, serial)
    return hmac.new(key, TAG_DOMAIN + bytes([len(aid)]) + aid + body, hashlib.sha256).digest()


def response_mac(card_key: bytes, challenge: bytes, record: bytes, *, aid: bytes = STAFF_AID) -> bytes:
    """What a genuine card answers to ``challenge`` (see the module docstring)."""
    message = AUTH_DOMAIN + bytes([len(aid)]) + aid + challenge + record
    return hmac.new(card_key, message, hashlib.sha256).digest()


@dataclass(frozen=True)
class StaffRecord:
    serial: bytes
    staff_id: str
    role: str
    body: bytes  # version..role
    tag: bytes
    raw: bytes  # the record as the MAC covers it (body and tag, no padding)

    def __repr__(self) -> str:
        return f"StaffRecord(serial=<redacted>, staff_id=<redacted>, role={self.role!r})"


def make_record(master_key: bytes, serial: bytes | str, staff_id: str, role: str, *,
                aid: bytes = STAFF_AID) -> bytes:
    """The record EF's content (version 2) for a card, tagged by the issuer."""
    if not _STAFF_ID.fullmatch(staff_id):
        raise ValueError("staff id must be 1-16 ASCII letters, digits, '.', '_' or '-'")
    if not _ROLE.fullmatch(role):
        raise ValueError("role must be 1-16 lower-case ASCII letters or '_'")
    sn = _serial_bytes(serial)
    sid, rl = staff_id.encode("ascii"), role.encode("ascii")
    body = bytes([RECORD_VERSION, len(sn)]) + sn + bytes([len(sid)]) + sid + bytes([len(rl)]) + rl
    return body + record_tag(master_key, sn, body, aid=aid)


def personalise(master_key: bytes, serial: bytes | str, staff_id: str, role: str) -> tuple[bytes, bytes]:
    """For a card bureau: (the record EF's content, the card key to load into the card)."""
    record = make_record(master_key, serial, staff_id, role)
    return record, derive_card_key(master_key, serial)


def parse_record(data: bytes) -> StaffRecord:
    """Decode a record (not yet authenticated); StaffCardRejected says why (never echoing the content)."""
    if not data:
        raise StaffCardRejected("the staff record is empty", "malformed")
    if data[0] == 1:
        raise StaffCardRejected("a version 1 staff card (a static record, which a copy reproduces): "
                                "reissue it as version 2", "outdated")
    if data[0] != RECORD_VERSION:
        raise StaffCardRejected(f"unknown staff record version {data[0]}", "malformed")
    fields: list[bytes] = []
    at = 1
    for name, low, high in (("serial", MIN_SERIAL_LEN, MAX_SERIAL_LEN), ("staff id", 1, 16), ("role", 1, 16)):
        if at >= len(data) or not low <= data[at] <= high or len(data) < at + 1 + data[at]:
            raise StaffCardRejected(f"malformed staff record ({name} length)", "malformed")
        fields.append(data[at + 1:at + 1 + data[at]])
        at += 1 + data[at]
    if len(data) < at + TAG_LEN:
        raise StaffCardRejected("malformed staff record (no tag)", "malformed")
    body, tag, padding = data[:at], data[at:at + TAG_LEN], data[at + TAG_LEN:]
    if padding and padding.strip(b"\x00") and padding.strip(b"\xff"):
        raise StaffCardRejected("malformed staff record (bytes after the tag)", "malformed")
    try:
        staff_id, role = fields[1].decode("ascii"), fields[2].decode("ascii")
    except UnicodeDecodeError:
        raise StaffCardRejected("malformed staff record (not ASCII)", "malformed") from None
    if not _STAFF_ID.fullmatch(staff_id) or not _ROLE.fullmatch(role):
        raise StaffCardRejected("malformed staff record (characters)", "malformed")
    return StaffRecord(fields[0], staff_id, role, body, tag, body + tag)


def read_key_file(path: str | Path) -> bytes:
    """A key file holds the key in hex (whitespace ignored), e.g. 64 hex digits for 32 bytes."""
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise SmartCardError(f"cannot read the staff card master key file: {type(exc).__name__}") from None
    try:
        return _check_key(bytes.fromhex("".join(text.split())))
    except ValueError:
        raise SmartCardError(
            f"the staff card master key file must hold at least {MIN_KEY_LEN} bytes in hex") from None


# --- the bounded conversation with a card ---


class CardChannel:
    """APDUs to one card, bounded: at most ``max_apdus`` commands, ``max_bytes`` answer bytes and
    ``max_seconds`` in all; past a cap the card is refused (StaffCardRejected, reason ``overrun``).

    ``transmit(apdu) -> (sw, data)`` sends one command (PC/SC, or a simulated card)."""

    def __init__(self, transmit: Callable[[bytes], tuple[int, bytes]], *, max_apdus: int = MAX_APDUS,
                 max_bytes: int = MAX_BYTES, max_seconds: float = MAX_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._transmit = transmit
        self._max_apdus, self._max_bytes, self._max_seconds = max_apdus, max_bytes, max_seconds
        self._clock = clock
        self._started = clock()
        self.apdus = 0
        self.bytes = 0

    def command(self, apdu: bytes) -> tuple[int, bytes]:
        """One command, counted against the caps."""
        if self.apdus >= self._max_apdus:
            raise StaffCardRejected(f"the card needed more than {self._max_apdus} commands", "overrun")
        if self._clock() - self._started > self._max_seconds:
            raise StaffCardRejected(f"reading the card took more than {self._max_seconds:g} s", "overrun")
        self.apdus += 1
        sw, data = self._transmit(apdu)
        self.bytes += len(data)
        if self.bytes > self._max_bytes:
            raise StaffCardRejected(f"the card answered more than {self._max_bytes} bytes", "overrun")
        return sw, data

    def exchange(self, apdu: bytes) -> tuple[int, bytes]:
        """A command with its answer collected: one retry on 6Cxx (wrong Le), GET RESPONSE on 61xx."""
        sw, data = self.command(apdu)
        if sw >> 8 == 0x6C and len(apdu) >= 5:  # wrong Le: ask again with the exact length
            sw, data = self.command(apdu[:-1] + bytes([sw & 0xFF]))
        while sw >> 8 == 0x61:  # more bytes waiting: GET RESPONSE (bounded by command())
            sw, more = self.command(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
            data += more
        return sw, data


def authenticate(channel: CardChannel, master_key: bytes, *, aid: bytes = STAFF_AID,
                 record_fid: int = STAFF_RECORD_FID) -> StaffCredential:
    """Read the record, challenge the card and verify its answer; the verified credential."""
    sw, _ = channel.command(bytes([0x00, 0xA4, 0x04, 0x0C, len(aid)]) + aid)
    if sw in _NO_APPLICATION_SW:
        raise NotAStaffCard(f"not a staff card: no staff application (SELECT answered {sw:04X})")
    if sw != SW_OK:
        raise command_error("SELECT staff application", sw)
    sw, _ = channel.command(bytes([0x00, 0xA4, 0x02, 0x0C, 2]) + record_fid.to_bytes(2, "big"))
    if sw == 0x6A82:
        raise NotAStaffCard("not a staff card: the staff application holds no record (6A82)")
    if sw != SW_OK:
        raise command_error("SELECT staff record", sw)
    sw, data = channel.exchange(bytes([0x00, 0xB0, 0x00, 0x00, 0x00]))
    if sw not in (SW_OK, 0x6282):  # 6282: the EF is shorter than 256 bytes
        raise command_error("READ BINARY staff record", sw)
    record = parse_record(data)
    if not hmac.compare_digest(record.tag, record_tag(master_key, record.serial, record.body, aid=aid)):
        raise StaffCardRejected("the staff record's issuer tag does not verify (altered, or another fleet's card)")
    challenge = secrets.token_bytes(CHALLENGE_LEN)
    sw, answer = channel.exchange(bytes([0x00, INS_INTERNAL_AUTHENTICATE, 0x00, 0x00, CHALLENGE_LEN])
                                  + challenge + b"\x00")
    if sw in _NO_AUTHENTICATE_SW:
        raise StaffCardRejected(f"the card cannot answer the kiosk's challenge (INTERNAL AUTHENTICATE answered "
                                f"{sw:04X}): a copy without the card key?")
    if sw != SW_OK:
        raise command_error("INTERNAL AUTHENTICATE", sw)
    expected = response_mac(derive_card_key(master_key, record.serial), challenge, record.raw, aid=aid)
    if len(answer) != MAC_LEN or not hmac.compare_digest(answer, expected):
        raise StaffCardRejected("the card's answer to the challenge does not verify "
                                "(a copy, a forgery, or a card of another fleet)")
    return StaffCredential(staff_id=record.staff_id, role=record.role, card_serial=record.serial.hex().upper())


# --- the PC/SC reader ---


class StaffCardReader:
    """Reads and authenticates staff cards in the first (matching) reader holding a card.

    Give the fleet's master key either as ``hmac_key`` (bytes) or as ``hmac_key_path`` (a
    file holding it in hex, read on first use; the config key keeps its version 1 name).
    ``reader_name_filter`` picks readers whose name contains that text (case-insensitive).
    ``max_apdus``, ``max_bytes`` and ``max_seconds`` bound each card read. Blocking; one
    worker thread. The PC/SC context is opened lazily and dropped after a service error,
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
        max_apdus: int = MAX_APDUS,
        max_bytes: int = MAX_BYTES,
        max_seconds: float = MAX_SECONDS,
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
        self._caps = {"max_apdus": max_apdus, "max_bytes": max_bytes, "max_seconds": max_seconds}
        self._scard: ModuleType | None = None
        self._context: int | None = None

    # --- public API ---

    def read(self) -> StaffCredential | None:
        """The authenticated credential on the card, or None when no reader holds a card."""
        key = self._master_key()
        credential = self._with_context(lambda scard, context: self._read_first_card(scard, context, key))
        if credential is not None:
            log.info("staff card verified (role %s)", credential.role)
        return credential

    def is_usable(self) -> Usability:
        try:
            self._master_key()
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

    def _read_first_card(self, scard: ModuleType, context: int, key: bytes) -> StaffCredential | None:
        reader = self._reader_with_card(scard, context)
        return None if reader is None else self._authenticate(scard, context, reader, key)

    def _master_key(self) -> bytes:
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

    def _authenticate(self, scard: ModuleType, context: int, reader: str, key: bytes) -> StaffCredential:
        hresult, card, protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if pcsc.code(hresult) != pcsc.SCARD_S_SUCCESS:
            raise pcsc.error_for(hresult, "connecting to the card")
        try:
            hresult = scard.SCardBeginTransaction(card)
            if pcsc.code(hresult) != pcsc.SCARD_S_SUCCESS:
                raise pcsc.error_for(hresult, "locking the card")
            try:
                channel = CardChannel(lambda apdu: self._transmit(scard, card, protocol, apdu), **self._caps)
                return authenticate(channel, key, aid=self._aid, record_fid=self._fid)
            finally:
                scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD)
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)

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
    "CardChannel",
    "StaffCardReader",
    "StaffRecord",
    "authenticate",
    "derive_card_key",
    "make_record",
    "parse_record",
    "personalise",
    "read_key_file",
    "record_tag",
    "response_mac",
]
