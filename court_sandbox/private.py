"""Files only the sandbox's user may read: the SQLite database and its -wal/-shm/-journal (0600), the
uploads and documents folders (0700), the admin-token file (0600).

They are created with those modes (no process-wide umask change: the kiosk's embedded sandbox shares its
process) and chmod-ed afterwards, existing ones too (a database made by an older sandbox readable by
everyone is tightened at the next start). SQLite creates its -wal and -shm files with the database
file's permissions.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from offline_queue import durable

FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def _tighten(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if current & ~mode:
        os.chmod(path, current & mode)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """`path` created if missing, and readable by the owner only (0700)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _tighten(folder, DIR_MODE)
    return folder


def private_database(path: str | os.PathLike[str]) -> None:
    """The database file (created empty if missing) and its SQLite sidecars: owner only (0600)."""
    db = Path(path)
    if not db.exists():
        os.close(os.open(db, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for candidate in (db, *(db.with_name(db.name + suffix) for suffix in SQLITE_SIDECARS)):
        _tighten(candidate, FILE_MODE)


def write_private(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to a file readable by the owner only (atomically and durably: `offline_queue.durable`)."""
    durable.write_private(path, text.encode("utf-8"))


def read_private(path: str | os.PathLike[str]) -> str:
    """The text of a file that must be private (refused when others may read or write it)."""
    target = Path(path)
    mode = stat.S_IMODE(target.stat().st_mode)
    if mode & 0o077:
        raise PermissionError(f"{target} is readable by others (mode {mode:o}); it must be 0600")
    return target.read_text(encoding="utf-8").strip()
