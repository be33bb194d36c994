"""Encryption at rest for the kiosk's queue: AES-256-GCM with key files and key ids.

A key is 32 random bytes kept in a file readable by the kiosk user only (mode
0600), stored as 64 hex digits (a file of exactly 32 raw bytes is accepted too).
Its *key id* is the first 8 bytes of SHA-256 over a label and the key: it names
the key in every ciphertext without revealing it, so a keyring holding the
current and the previous key (during a rotation) can tell which one to use.

A sealed value is ``FORMAT || key id (8) || nonce (12) || ciphertext+tag``. The
caller's associated data (for the outbox: the row id and the column) is bound to
it together with the header, so a ciphertext copied to another row, another
column, or relabelled with another key id fails to open. Opening never returns
garbage: it returns the plaintext or raises `CryptoError`.

Nothing here logs or puts key material or plaintext into exception messages.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline_queue.durable import fsync_dir, secure_delete

KEY_BYTES = 32
KEY_ID_BYTES = 8
NONCE_BYTES = 12
FORMAT = 1  # the first byte of a sealed value
HEADER_BYTES = 1 + KEY_ID_BYTES
_MIN_SEALED = HEADER_BYTES + NONCE_BYTES + 16  # 16: the GCM tag
_KEY_ID_LABEL = b"court-kiosk key id v1\x00"


class CryptoError(Exception):
    """A key or a ciphertext cannot be used. The message never contains key material or plaintext."""


class KeyFileError(CryptoError):
    """A key file is missing, unreadable, malformed or readable by others."""


class UnknownKeyError(CryptoError):
    """A ciphertext names a key id that is not in the keyring."""


class TamperedError(CryptoError):
    """A ciphertext failed authentication: wrong key, altered bytes, or moved to another row."""


def key_id(key: bytes) -> bytes:
    """The 8-byte id of a key (a hash; it does not reveal the key)."""
    _check_key(key)
    return hashlib.sha256(_KEY_ID_LABEL + key).digest()[:KEY_ID_BYTES]


def generate_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise KeyFileError(f"a key must be exactly {KEY_BYTES} bytes")


def parse_key(data: bytes, source: str = "key") -> bytes:
    """Key bytes from a key file's content: 64 hex digits (surrounding whitespace ignored) or 32 raw bytes."""
    text = data.strip()
    if len(text) == 2 * KEY_BYTES:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    if len(data) == KEY_BYTES:
        return bytes(data)
    raise KeyFileError(f"{source} is not a key: expected {2 * KEY_BYTES} hex digits or {KEY_BYTES} raw bytes")


def read_key_file(path: str | os.PathLike[str]) -> bytes:
    """Read a key file; refuse one that group or others may read (like ssh does)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            mode = os.fstat(f.fileno()).st_mode
            data = f.read(4 * KEY_BYTES + 16)
    except FileNotFoundError as exc:
        raise KeyFileError(f"the key file {path} does not exist") from exc
    except OSError as exc:
        raise KeyFileError(f"the key file {path} cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(mode):
        raise KeyFileError(f"the key file {path} is not a regular file")
    if mode & 0o077:
        raise KeyFileError(
            f"the key file {path} is accessible by other users (mode {stat.S_IMODE(mode):04o}); "
            f"run: chmod 600 {path}"
        )
    return parse_key(data, f"the key file {path}")


def write_key_file(path: str | os.PathLike[str], key: bytes, *, replace: bool = False) -> None:
    """Write a key file durably with mode 0600 (hex). Without `replace`, an existing file is an error.

    The key is written to a temporary file in the same directory (created 0600),
    fsynced, then renamed over/into place and the directory fsynced: a crash
    leaves either the old file or the new one, never a partial key.
    """
    _check_key(key)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, key.hex().encode("ascii") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the path exists: never overwrite a key by accident
            os.unlink(tmp)
        fsync_dir(path.parent)
    except FileExistsError as exc:
        raise KeyFileError(f"the key file {path} already exists") from exc
    except OSError as exc:
        raise KeyFileError(f"cannot write the key file {path} ({exc.strerror or exc})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def load_or_create_key_file(path: str | os.PathLike[str]) -> bytes:
    """The key in `path`; when the file does not exist, a new random key is written there (mode 0600)."""
    path = Path(path)
    if not path.exists():
        with contextlib.suppress(KeyFileError):  # another process may have created it meanwhile
            write_key_file(path, generate_key())
    return read_key_file(path)


def remove_key_file(path: str | os.PathLike[str]) -> None:
    """Delete a retired key file (overwritten first, then unlinked)."""
    secure_delete(path)


class Keyring:
    """The keys one can open ciphertexts with; the first one (`current`) seals new ones."""

    def __init__(self, current: bytes, others: Iterable[bytes] = ()) -> None:
        _check_key(current)
        self.current_id = key_id(current)
        self._ciphers: dict[bytes, AESGCM] = {self.current_id: AESGCM(bytes(current))}
        for key in others:
            self._ciphers.setdefault(key_id(key), AESGCM(bytes(key)))

    @property
    def key_ids(self) -> frozenset[bytes]:
        return frozenset(self._ciphers)

    def seal(self, plaintext: bytes, associated_data: bytes) -> bytes:
        header = bytes([FORMAT]) + self.current_id
        nonce = os.urandom(NONCE_BYTES)
        return header + nonce + self._ciphers[self.current_id].encrypt(nonce, plaintext, header + associated_data)

    def open(self, sealed: bytes, associated_data: bytes) -> bytes:
        if len(sealed) < _MIN_SEALED or sealed[0] != FORMAT:
            raise TamperedError("the ciphertext is malformed (too short or of an unknown format)")
        header, kid = sealed[:HEADER_BYTES], sealed[1:HEADER_BYTES]
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise UnknownKeyError(f"the ciphertext was sealed with key id {kid.hex()}, which is not configured")
        nonce = sealed[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES]
        try:
            return cipher.decrypt(nonce, sealed[HEADER_BYTES + NONCE_BYTES :], header + associated_data)
        except InvalidTag as exc:
            raise TamperedError(
                f"the ciphertext (key id {kid.hex()}) failed authentication: altered, or moved from another row"
            ) from exc


def sealed_key_id(sealed: bytes) -> bytes | None:
    """The key id a sealed value names (None when it is not a sealed value)."""
    if len(sealed) < _MIN_SEALED or sealed[0] != FORMAT:
        return None
    return bytes(sealed[1:HEADER_BYTES])
