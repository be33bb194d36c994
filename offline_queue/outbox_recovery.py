"""A damaged or unreadable outbox file: found at open, set aside (renamed, never deleted), replaced.

`open_or_set_aside` is the body of `Outbox.open_or_set_aside` (see there for what counts as
damaged). Before the outbox opens, `_probe` looks at the file (its header, then
``PRAGMA quick_check``); a damaged file is renamed with its -wal/-shm to
``<name>.corrupt-<UTC time>``, one sealed with another key than the key file's to
``<name>.unreadable-<UTC time>`` (`UNREADABLE`), and a fresh outbox opened in its place.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from offline_queue.durable import fsync_dir
from offline_queue.outbox_errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    OutboxCorruptError,
    OutboxCryptoError,
    OutboxError,
    describe,
    sqlite_code,
    storage_error,
)

log = logging.getLogger("offline_queue.outbox")  # the outbox's log

#: The label of an outbox file set aside because the key file cannot open it (``<name>.unreadable-<UTC>``).
UNREADABLE = "unreadable"

_SQLITE_HEADER = b"SQLite format 3\x00"

_Outbox = TypeVar("_Outbox")


def open_or_set_aside(
    open_outbox: Callable[..., _Outbox], path: str | os.PathLike[str], **kwargs: Any
) -> tuple[_Outbox, Path | None]:
    """`Outbox.open_or_set_aside` (see there); `open_outbox(path, **kwargs)` opens an outbox."""
    path = Path(path)
    reason = _probe(path, float(kwargs.get("busy_timeout", 5.0)))
    label = "corrupt"
    if reason is None:
        try:
            return open_outbox(path, **kwargs), None
        except OutboxCorruptError as exc:
            reason = str(exc)
        except OutboxCryptoError as exc:
            if not path.exists() or not _sealed(path):
                raise  # the key file itself is unusable: a fresh outbox could not use it either
            reason, label = str(exc), UNREADABLE
    set_aside = _set_aside(path, label)
    log.error(
        "outbox: the database at %s is unusable (%s); set aside as %s; starting a fresh outbox",
        path,
        reason,
        set_aside,
    )
    return open_outbox(path, **kwargs), set_aside


def _probe(path: Path, busy_timeout: float) -> str | None:
    """Why the database file at `path` is damaged or unreadable, or None when it is usable (or absent).

    Raises OutboxError for failures that are not the file's fault (locked, ...).
    """
    try:
        with open(path, "rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror or exc})"
    if not header:
        return None  # an empty file is an empty database
    if header != _SQLITE_HEADER:
        return "the file is not a SQLite database"
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout)
    except sqlite3.Error as exc:
        raise storage_error(f"cannot open the outbox at {path}", exc) from exc
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return describe(exc)
        raise storage_error(f"cannot check the outbox at {path}", exc) from exc
    finally:
        conn.close()
    if rows != [("ok",)]:
        first = "; ".join(str(r[0]) for r in rows[:3])
        return f"the database fails its integrity check ({first})"
    return None


def _sealed(path: Path) -> bool:
    """Whether the outbox file records an encryption key id (read-only look)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM outbox_meta WHERE name = 'key_id'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _set_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename the database and its -wal/-shm to ``<name>.<label>-<UTC time>`` (never overwriting anything)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    base = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while any(Path(f"{base}{s}").exists() for s in ("", "-wal", "-shm")):
        n += 1
        base = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    try:
        # The -wal first: a WAL left behind would be replayed into the fresh database.
        for suffix in ("-wal", "-shm", ""):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.rename(source, f"{base}{suffix}")
    except OSError as exc:
        raise OutboxError(f"the outbox at {path} is damaged and cannot be set aside ({exc.strerror or exc})") from exc
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)
    return base
