"""Files only the sandbox's user may read: the SQLite database and its -wal/-shm/-journal (0600), the
uploads and documents folders (0700), the admin-token file (0600).

They are created under a umask of 077 and chmod-ed afterwards, existing ones too (a database made
by an older sandbox readable by everyone is tightened at the next start). SQLite creates its -wal
and -shm files with the database file's permissions.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside are for the owner only (the umask is per process: keep it short)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


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
    with private_umask():
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _tighten(folder, DIR_MODE)
    return folder


def private_database(path: str | os.PathLike[str]) -> None:
    """The database file (created empty if missing) and its SQLite sidecars: owner only (0600)."""
    db = Path(path)
    if not db.exists():
        with private_umask():
            os.close(os.open(db, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for candidate in (db, *(db.with_name(db.name + suffix) for suffix in SQLITE_SIDECARS)):
        _tighten(candidate, FILE_MODE)


def write_private(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to a file readable by the owner only (replacing it atomically)."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    with private_umask():
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)


def read_private(path: str | os.PathLike[str]) -> str:
    """The text of a file that must be private (refused when others may read or write it)."""
    target = Path(path)
    mode = stat.S_IMODE(target.stat().st_mode)
    if mode & 0o077:
        raise PermissionError(f"{target} is readable by others (mode {mode:o}); it must be 0600")
    return target.read_text(encoding="utf-8").strip()
