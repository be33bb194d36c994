"""Smart cards over PC/SC: events, errors, ISO 7816 status words, the staff card Protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from drivers.base import DeviceError, DeviceUnavailable, Usability

# --- events (delivered by drivers.smartcard.monitor.PcscMonitor, from its own thread) ---


@dataclass(frozen=True, slots=True)
class ReaderEvent:
    """A reader appeared ('added') or went away ('removed'); the name is PC/SC's reader name."""

    kind: Literal["added", "removed"]
    reader: str


@dataclass(frozen=True, slots=True)
class CardEvent:
    """A card was put into ('inserted') or taken out of ('removed') a reader.

    ``atr`` is the card's Answer-To-Reset in upper-case hex ("" on removal, or
    for a mute card that gave none). It tells the card type, not its holder.
    """

    kind: Literal["inserted", "removed"]
    reader: str
    atr: str = ""


@dataclass(frozen=True, slots=True)
class ServiceEvent:
    """The smart-card service (pcscd) went away ('lost') or answers again ('recovered').

    A 'lost' event follows 'removed' events for every card and reader known
    until then; after 'recovered', the readers and cards found are announced
    again with 'added' / 'inserted'.
    """

    kind: Literal["lost", "recovered"]
    reason: str


SmartCardEvent = ReaderEvent | CardEvent | ServiceEvent

# --- errors ---


class SmartCardError(DeviceError):
    """Base class of the smart-card errors."""


class SmartCardUnavailable(SmartCardError, DeviceUnavailable):
    """No smart-card service (pcscd), no pyscard, or no (matching) reader."""


class CardRemoved(SmartCardError):
    """The card was taken out (or reset by someone else) while it was being read."""


class CardCommandError(SmartCardError):
    """The card answered a command with an error status word (``sw``, e.g. 0x6982)."""

    def __init__(self, command: str, sw: int) -> None:
        self.command = command
        self.sw = sw
        super().__init__(f"{command}: card answered {sw:04X} ({describe_sw(sw)})")


class CardAccessDenied(CardCommandError):
    """The card refused access to a file (6982 security status, 6983 blocked, 6985 conditions)."""


class NotAStaffCard(SmartCardError):
    """The card has no staff application or no staff record (an ordinary card, a wrong AID)."""


class StaffCardRejected(SmartCardError):
    """The card has a staff record but it does not verify: malformed, altered, written
    with another key (a forged card or a card of another kiosk fleet), or a copy of a
    card that cannot answer the kiosk's challenge. ``reason`` is a short code for the
    audit trail: ``forged`` (the challenge's answer does not verify), ``malformed``,
    ``outdated`` (a version 1 card) or ``overrun`` (the card would not stop answering)."""

    reason = "forged"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


# --- ISO 7816-4 status words ---

SW_OK = 0x9000

#: Meanings of the status words a reader of files meets (ISO/IEC 7816-4, section 5.6).
SW_MEANINGS: dict[int, str] = {
    0x9000: "success",
    0x6282: "end of file reached before the expected length",
    0x6283: "selected file deactivated",
    0x6400: "execution error",
    0x6581: "memory failure",
    0x6700: "wrong length",
    0x6881: "logical channel not supported",
    0x6882: "secure messaging not supported",
    0x6981: "command incompatible with file structure",
    0x6982: "security status not satisfied",
    0x6983: "authentication method blocked",
    0x6984: "reference data not usable",
    0x6985: "conditions of use not satisfied",
    0x6986: "command not allowed (no current EF)",
    0x6A80: "incorrect parameters in the data field",
    0x6A81: "function not supported",
    0x6A82: "file or application not found",
    0x6A83: "record not found",
    0x6A86: "incorrect parameters P1-P2",
    0x6A88: "referenced data not found",
    0x6B00: "wrong parameters (offset outside the EF)",
    0x6D00: "instruction not supported",
    0x6E00: "class not supported",
    0x6F00: "no precise diagnosis",
}

ACCESS_DENIED_SW = frozenset({0x6982, 0x6983, 0x6985})


def describe_sw(sw: int) -> str:
    """A short English meaning of a status word (61xx, 6Cxx and 63Cx included)."""
    if sw in SW_MEANINGS:
        return SW_MEANINGS[sw]
    sw1, sw2 = sw >> 8, sw & 0xFF
    if sw1 == 0x61:
        return f"{sw2} more response bytes available"
    if sw1 == 0x6C:
        return f"wrong Le, exact length is {sw2}"
    if sw1 == 0x63 and sw2 & 0xF0 == 0xC0:
        return f"verification failed, {sw2 & 0x0F} tries left"
    if sw1 in (0x62, 0x63):
        return "warning"
    return "unknown status"


def command_error(command: str, sw: int) -> CardCommandError:
    """The error for a failed command: CardAccessDenied for the access status words."""
    if sw in ACCESS_DENIED_SW:
        return CardAccessDenied(command, sw)
    return CardCommandError(command, sw)


# --- staff cards ---


@dataclass(frozen=True)
class StaffCredential:
    """A verified staff card: who (``staff_id``, 1-16 ASCII characters), which role, and the card.

    ``repr()`` hides the staff id and the serial, so a credential in a log line or a traceback
    reveals only the role.
    """

    staff_id: str
    role: str
    card_serial: str = ""  # the card's serial in upper-case hex (revocations name it); "" for none

    def __repr__(self) -> str:
        return f"StaffCredential(staff_id=<redacted>, role={self.role!r}, card_serial=<redacted>)"

    __str__ = __repr__


@runtime_checkable
class StaffCardSource(Protocol):
    """Reads hall staff's cards (maintenance mode access).

    ``read()`` returns None when no card is in a reader, a verified
    StaffCredential otherwise; it raises SmartCardUnavailable, CardRemoved,
    NotAStaffCard, StaffCardRejected or CardCommandError.
    """

    def read(self) -> StaffCredential | None: ...

    def is_usable(self) -> Usability: ...

    def close(self) -> None: ...
