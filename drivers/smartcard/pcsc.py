"""PC/SC plumbing shared by the monitor and the staff card reader (pyscard's ``scard`` layer).

pyscard is imported lazily (``load_scard()``), so a kiosk without it still
starts with simulated devices. Result codes are compared as unsigned 32-bit
values with the constants below (pcsc-lite's values), so classifying them
needs no pyscard.
"""

from __future__ import annotations

import os
from types import ModuleType

from drivers.smartcard.base import CardRemoved, SmartCardError, SmartCardUnavailable

#: The pseudo reader whose state changes when readers are plugged or unplugged.
PNP_NOTIFICATION = "\\\\?PnP?\\Notification"

SCARD_S_SUCCESS = 0x00000000
SCARD_F_INTERNAL_ERROR = 0x80100001
SCARD_E_CANCELLED = 0x80100002
SCARD_E_INVALID_HANDLE = 0x80100003
SCARD_E_UNKNOWN_READER = 0x80100009
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_SHARING_VIOLATION = 0x8010000B
SCARD_E_NO_SMARTCARD = 0x8010000C
SCARD_E_PROTO_MISMATCH = 0x8010000F
SCARD_F_COMM_ERROR = 0x80100013
SCARD_E_NOT_TRANSACTED = 0x80100016
SCARD_E_READER_UNAVAILABLE = 0x80100017
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E
SCARD_W_UNSUPPORTED_CARD = 0x80100065
SCARD_W_UNRESPONSIVE_CARD = 0x80100066
SCARD_W_UNPOWERED_CARD = 0x80100067
SCARD_W_RESET_CARD = 0x80100068
SCARD_W_REMOVED_CARD = 0x80100069

NAMES: dict[int, str] = {
    value: name for name, value in globals().items() if name.startswith("SCARD_") and isinstance(value, int)
}

#: The service went away (pcscd stopped or restarted): the context must be re-established.
SERVICE_DOWN = frozenset({SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED, SCARD_F_COMM_ERROR,
                          SCARD_E_INVALID_HANDLE, SCARD_F_INTERNAL_ERROR})
#: The reader went away between two calls.
READER_GONE = frozenset({SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE})
#: The card went away (or was reset by another application) between two calls.
CARD_GONE = frozenset({SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD, SCARD_W_RESET_CARD})

_REASONS: dict[int, str] = {
    SCARD_E_NO_SERVICE: "the smart-card service (pcscd) is not running",
    SCARD_E_SERVICE_STOPPED: "the smart-card service (pcscd) stopped",
    SCARD_F_COMM_ERROR: "lost the connection to the smart-card service (pcscd)",
    SCARD_E_INVALID_HANDLE: "the smart-card service (pcscd) restarted",
    SCARD_E_NO_READERS_AVAILABLE: "no smart-card reader connected",
    SCARD_E_UNKNOWN_READER: "the smart-card reader was disconnected",
    SCARD_E_READER_UNAVAILABLE: "the smart-card reader was disconnected",
    SCARD_W_REMOVED_CARD: "the card was removed",
    SCARD_E_NO_SMARTCARD: "the card was removed",
    SCARD_W_RESET_CARD: "the card was reset by another application",
    SCARD_W_UNRESPONSIVE_CARD: "the card does not answer (inserted the wrong way round?)",
    SCARD_W_UNPOWERED_CARD: "the card is not powered",
    SCARD_W_UNSUPPORTED_CARD: "the card's ATR is not supported by the reader",
    SCARD_E_SHARING_VIOLATION: "another application holds the card exclusively",
    SCARD_E_PROTO_MISMATCH: "the card speaks neither T=0 nor T=1",
}


def code(hresult: int) -> int:
    """pyscard's result code as an unsigned 32-bit value."""
    return hresult & 0xFFFFFFFF


def describe(hresult: int) -> str:
    """'the smart-card service (pcscd) is not running (SCARD_E_NO_SERVICE)'."""
    value = code(hresult)
    name = NAMES.get(value, f"0x{value:08X}")
    reason = _REASONS.get(value)
    if reason is None:
        # pcsc-lite answers oddly (e.g. 0x8010006A) when its service vanished under a client
        reason = "PC/SC error" if os.path.exists(service_socket()) else "the smart-card service (pcscd) is not running"
    return f"{reason} ({name})"


def service_socket() -> str:
    """Where pcsc-lite clients reach pcscd."""
    return os.environ.get("PCSCLITE_CSOCK_NAME", "/run/pcscd/pcscd.comm")


def error_for(hresult: int, doing: str) -> SmartCardError:
    """The exception for a failed PC/SC call made while ``doing`` something."""
    value = code(hresult)
    message = f"{doing}: {describe(value)}"
    if value in SERVICE_DOWN or value in READER_GONE or value == SCARD_E_NO_READERS_AVAILABLE:
        return SmartCardUnavailable(message)
    if value in CARD_GONE:
        return CardRemoved(message)
    if not os.path.exists(service_socket()):
        return SmartCardUnavailable(message)  # describe() said pcscd is not running
    return SmartCardError(message)


def load_scard() -> ModuleType:
    """pyscard's ``smartcard.scard`` module; SmartCardUnavailable when pyscard is missing."""
    try:
        import smartcard.scard as scard
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise SmartCardUnavailable("pyscard is not installed (pip install pyscard; apt pcscd)") from exc
    return scard


def matches(reader: str, name_filter: str | None) -> bool:
    """Whether ``reader`` is one of ours: every reader without a filter, else a
    case-insensitive substring match."""
    return not name_filter or name_filter.casefold() in reader.casefold()


def list_readers(scard: ModuleType, context: int, name_filter: str | None) -> list[str]:
    """The readers (matching the filter) known to pcscd; [] when none. Raises SmartCardError."""
    hresult, readers = scard.SCardListReaders(context, [])
    if code(hresult) == SCARD_E_NO_READERS_AVAILABLE:
        return []
    if code(hresult) != SCARD_S_SUCCESS:
        raise error_for(hresult, "listing readers")
    return [reader for reader in readers if matches(reader, name_filter)]


def release(scard: ModuleType, context: int | None) -> None:
    """Release a context, ignoring errors (the service may be gone already)."""
    if context is not None:
        scard.SCardReleaseContext(context)
