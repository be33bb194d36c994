"""The outbox's errors, and the one place a SQLite failure becomes one.

Apart so that `offline_queue.outbox_keys` and `offline_queue.outbox_recovery` raise them
without importing the outbox; callers import them from `offline_queue.outbox`.
"""

from __future__ import annotations

import sqlite3

SQLITE_FULL = 13
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


class OutboxError(Exception):
    """The outbox's storage failed (disk full, I/O error, locked, corrupt, closed).

    An environment problem, not a bug: tell staff; the item was not saved/changed.
    """


class OutboxFullError(OutboxError):
    """The disk (or the database's size limit) is full: nothing was saved. Tell the litigant and staff."""


class OutboxCorruptError(OutboxError):
    """The database file is not a SQLite database or is damaged (see `Outbox.open_or_set_aside`)."""


class OutboxCryptoError(OutboxError):
    """Stored data cannot be decrypted: no key configured, a wrong/missing key file, or altered data.

    Never a partial or garbled payload: the operation is refused instead.
    """


def sqlite_code(exc: sqlite3.Error) -> int | None:
    """The primary SQLite result code of a failure (None when SQLite gave none)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def describe(exc: sqlite3.Error) -> str:
    """A storage failure in words staff can act on (SQLite's own text in parentheses)."""
    text = str(exc)
    low = text.lower()
    code = sqlite_code(exc)
    if code == SQLITE_FULL or "full" in low:
        return f"the disk or database is full ({text})"
    if "disk i/o" in low or "i/o error" in low:
        return f"a disk I/O error occurred ({text})"
    if "locked" in low or "busy" in low:
        return f"the database is locked by another process ({text})"
    if "readonly" in low or "read-only" in low:
        return f"the database is read-only ({text})"
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "not a database" in low or "malformed" in low or "corrupt" in low:
        return f"the database file is damaged ({text})"
    if "unable to open" in low:
        return f"the database file cannot be opened ({text})"
    return text


def storage_error(message: str, exc: sqlite3.Error) -> OutboxError:
    """The OutboxError (subclass by cause) for a storage failure."""
    code = sqlite_code(exc)
    text = f"{message}: {describe(exc)}"
    if code == SQLITE_FULL:
        return OutboxFullError(text)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return OutboxCorruptError(text)
    return OutboxError(text)
