"""Durable file operations shared by the outbox, its key files and attachments.

A file is durable when its content is fsynced and, if it was just created, renamed or
removed, its directory is fsynced too (else a power cut can lose the directory entry).
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(directory: str | os.PathLike[str]) -> None:
    """Make the directory's entries (a new, renamed or removed file) durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably, readable by its owner only: a 0600
    temporary file beside it, fsynced, renamed over it, the folder fsynced (a power cut leaves
    the old file or the new one, never half of one)."""
    import threading

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fchmod(fd, 0o600)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def secure_delete(path: str | os.PathLike[str]) -> bool:
    """Overwrite a file with zeros, fsync, unlink and fsync its directory. False when it did not exist.

    On flash storage the overwrite may land elsewhere: encryption at rest is what protects the data.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return False
    try:
        size = os.fstat(fd).st_size
        block = b"\0" * min(size, 1 << 20)
        done = 0
        while done < size:
            done += os.pwrite(fd, block[: size - done], done)
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return True
