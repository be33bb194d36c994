"""Resident ID card readers: Protocol, data, errors (backends in submodules)."""

from drivers.idcard.base import (
    NATIONS,
    SEX_NAMES,
    CardReadError,
    IdCardData,
    IdReader,
    IdReaderError,
    ReaderUnavailable,
    UnsupportedCard,
)

__all__ = [
    "NATIONS",
    "SEX_NAMES",
    "CardReadError",
    "IdCardData",
    "IdReader",
    "IdReaderError",
    "ReaderUnavailable",
    "UnsupportedCard",
]
