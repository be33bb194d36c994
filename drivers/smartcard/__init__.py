"""Smart cards over PC/SC (pcscd + pyscard): a supervised reader/card monitor and
hall staff's cards. Events, errors and the Protocol live in ``base``; pyscard is
imported only when a backend first talks to pcscd."""

from drivers.smartcard.base import (
    CardAccessDenied,
    CardCommandError,
    CardEvent,
    CardRemoved,
    NotAStaffCard,
    ReaderEvent,
    ServiceEvent,
    SmartCardError,
    SmartCardEvent,
    SmartCardUnavailable,
    StaffCardRejected,
    StaffCardSource,
    StaffCredential,
    describe_sw,
)

__all__ = [
    "CardAccessDenied",
    "CardCommandError",
    "CardEvent",
    "CardRemoved",
    "NotAStaffCard",
    "ReaderEvent",
    "ServiceEvent",
    "SmartCardError",
    "SmartCardEvent",
    "SmartCardUnavailable",
    "StaffCardRejected",
    "StaffCardSource",
    "StaffCredential",
    "describe_sw",
]
