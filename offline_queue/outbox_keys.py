"""The outbox's encryption at rest: its key file, the sealed columns, and key rotation.

`OutboxKeys` holds the keys of one `Outbox`: the key file, and ``<key file>.prev`` (the
previous key, kept while a rotation is unfinished). Payloads and responses are sealed
with AES-256-GCM (`offline_queue.crypto`), bound to their row id and column, each naming
its key id. The ``outbox_meta`` row ``key_id`` records the key new rows are sealed with;
every write checks it (`OutboxKeys.store`), so a process without the key (or with an old
one) cannot write rows the others cannot read, and picks up a key another process
rotated to. `OutboxKeys.settle` (at open) and `OutboxKeys.rotate` re-encrypt every row
under the current key in one transaction.

The database stays the outbox's: its lock is shared, and its transaction and checkpoint
are passed in where rows are re-sealed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from offline_queue import crypto
from offline_queue.outbox_errors import OutboxCryptoError, OutboxError

log = logging.getLogger("offline_queue.outbox")  # the outbox's log

#: `Outbox._transaction`: one IMMEDIATE transaction, named for its error messages.
Transaction = Callable[[str], AbstractContextManager[sqlite3.Connection]]
#: `Outbox._checkpoint`: copy the WAL into the database and truncate it.
Checkpoint = Callable[[str], bool]

_REENCRYPT_BATCH = 500


def _aad(item_id: str, column: str) -> bytes:
    """Associated data of a sealed column: the ciphertext only opens in this row and column."""
    return b"court-kiosk outbox\x00" + column.encode("ascii") + b"\x00" + item_id.encode("utf-8")


def _meta_key_id(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM outbox_meta WHERE name = 'key_id'").fetchone()
    return row[0] if row else None


class OutboxKeys:
    """The keys of the outbox at `path` (its database, named in messages) and what needs them.

    `key_path`: the AES key file (created 0600 with a random key when missing); None stores
    payloads unencrypted. `lock`: the outbox's lock; the keyring is swapped under it.
    """

    def __init__(self, path: Path, key_path: Path | None, lock: threading.RLock) -> None:
        self.path = path
        self.key_path = key_path
        self._lock = lock
        self._keyring: crypto.Keyring | None = None
        self._current_key: bytes | None = None

    @property
    def encrypted(self) -> bool:
        """Whether payloads and responses are sealed (a key file is configured)."""
        return self._keyring is not None

    @property
    def key_id(self) -> str | None:
        """The id (hex) of the key new rows are sealed with; None without encryption."""
        return self._keyring.current_id.hex() if self._keyring is not None else None

    @property
    def _prev_key_path(self) -> Path:
        assert self.key_path is not None
        return self.key_path.with_name(self.key_path.name + ".prev")

    def load_at_open(self, conn: sqlite3.Connection) -> None:
        """At open, before `settle`: read the key file (created when missing, unless the outbox is sealed)."""
        if self.key_path is None:
            return
        sealed = _meta_key_id(conn)
        if sealed is not None and not self.key_path.exists():
            # Never make a new key for a sealed outbox: its items could not be read with it.
            raise OutboxCryptoError(
                f"the outbox at {self.path} is sealed with key id {sealed} but its key file "
                f"{self.key_path} is missing (restore it from the backup)"
            )
        self._load(create=sealed is None)

    def _load(self, *, create: bool = False) -> None:
        """(Re)read the key file, and the previous key kept during an unfinished rotation."""
        assert self.key_path is not None
        try:
            if create:
                current = crypto.load_or_create_key_file(self.key_path)
            else:
                current = crypto.read_key_file(self.key_path)
            others = []
            if self._prev_key_path.exists():
                others.append(crypto.read_key_file(self._prev_key_path))
        except crypto.CryptoError as exc:
            raise OutboxCryptoError(f"the outbox key cannot be used: {exc}") from exc
        with self._lock:
            self._current_key = current
            self._keyring = crypto.Keyring(current, others)
        with contextlib.suppress(OSError, ValueError):
            if self.key_path.resolve().parent == self.path.resolve().parent:
                log.warning("outbox: the key file is in the database's directory; keep it outside the data directory")

    def _write_keyring(self, conn: sqlite3.Connection) -> crypto.Keyring | None:
        """The keyring to seal with in this transaction (None: store plaintext), checked against the database."""
        stored = _meta_key_id(conn)
        if self._keyring is None:
            if stored is not None:
                raise OutboxCryptoError(
                    f"the outbox at {self.path} is encrypted (key id {stored}) but no key file is configured"
                )
            return None
        if stored is not None and stored != self._keyring.current_id.hex() and self.key_path is not None:
            self._load()  # another process rotated the key
        current = self._keyring.current_id.hex()
        if stored == current:
            return self._keyring
        if stored is not None and bytes.fromhex(stored) not in self._keyring.key_ids:
            raise OutboxCryptoError(
                f"the outbox at {self.path} is sealed with key id {stored} but the key file "
                f"{self.key_path} holds key id {current} (a wrong, replaced or lost key file?)"
            )
        # A new outbox, or a rotation whose new key file is in place (the old key in the .prev file).
        conn.execute(
            "INSERT INTO outbox_meta (name, value) VALUES ('key_id', ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (current,),
        )
        return self._keyring

    def store(self, conn: sqlite3.Connection, text: str, item_id: str, column: str) -> str | bytes:
        """The stored form of a column written in this transaction: a sealed BLOB with encryption, the
        JSON text without. Checks the database's key id first (OutboxCryptoError: a key this outbox lacks)."""
        keyring = self._write_keyring(conn)
        if keyring is None:
            return text
        return keyring.seal(text.encode("utf-8"), _aad(item_id, column))

    def open_column(self, stored: str | bytes, item_id: str, column: str) -> bytes:
        """The JSON bytes of a stored payload/response; OutboxCryptoError rather than garbage."""
        if isinstance(stored, str):
            return stored.encode("utf-8")  # stored before encryption was turned on (or without it)
        if self._keyring is None:
            raise OutboxCryptoError(f"outbox item {item_id} is encrypted but no key file is configured")
        try:
            try:
                return self._keyring.open(bytes(stored), _aad(item_id, column))
            except crypto.UnknownKeyError:
                if self.key_path is None:
                    raise
                self._load()  # another process may have rotated the key
                return self._keyring.open(bytes(stored), _aad(item_id, column))
        except crypto.CryptoError as exc:
            raise OutboxCryptoError(f"outbox item {item_id} ({column}) cannot be decrypted: {exc}") from exc

    def settle(self, transaction: Transaction, checkpoint: Checkpoint) -> None:
        """At open: every row sealed with the current key (finishes a rotation, encrypts old plaintext rows).

        Without a key file: refuses (OutboxCryptoError) an outbox that is sealed.
        """
        with transaction("open (keys)") as conn:
            keyring = self._write_keyring(conn)
            if keyring is None:
                return
            try:
                changed = self._reencrypt(conn, keyring)
            except OutboxCryptoError as exc:
                raise OutboxCryptoError(
                    f"cannot open the outbox at {self.path} with the key file {self.key_path}: {exc}"
                ) from exc.__cause__
        if changed:
            log.info("outbox: %d item(s) re-sealed with the current key", changed)
            checkpoint("open (keys)")
        if self._prev_key_path.exists():
            crypto.remove_key_file(self._prev_key_path)
            self._load()

    def _reencrypt(self, conn: sqlite3.Connection, keyring: crypto.Keyring) -> int:
        """Seal every payload/response not sealed with the current key with it. Returns the rows changed."""
        kid = keyring.current_id
        rowids = [
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM outbox WHERE NOT (typeof(payload) = 'blob' AND substr(payload, 2, 8) = ?) "
                "OR (response IS NOT NULL AND NOT (typeof(response) = 'blob' AND substr(response, 2, 8) = ?))",
                (kid, kid),
            )
        ]
        for start in range(0, len(rowids), _REENCRYPT_BATCH):
            batch = rowids[start : start + _REENCRYPT_BATCH]
            rows = conn.execute(
                f"SELECT rowid, id, payload, response FROM outbox WHERE rowid IN ({', '.join('?' * len(batch))})",
                batch,
            ).fetchall()
            for rowid, item_id, payload, response in rows:
                payload_text = self.open_column(payload, item_id, "payload")
                response_text = self.open_column(response, item_id, "response") if response is not None else None
                conn.execute(
                    "UPDATE outbox SET payload = ?, response = ? WHERE rowid = ?",
                    (
                        keyring.seal(payload_text, _aad(item_id, "payload")),
                        None if response_text is None else keyring.seal(response_text, _aad(item_id, "response")),
                        rowid,
                    ),
                )
        return len(rowids)

    def rotate(
        self,
        new_key: bytes | str | os.PathLike[str] | None,
        transaction: Transaction,
        checkpoint: Checkpoint,
    ) -> str:
        """`Outbox.rotate_key` (see there): re-encrypt every row with a new key; returns its id (hex)."""
        with self._lock:
            if self._keyring is None or self.key_path is None or self._current_key is None:
                raise OutboxError("key rotation needs encryption: this outbox has no key file")
            try:
                if new_key is None:
                    key = crypto.generate_key()
                elif isinstance(new_key, bytes | bytearray):
                    key = crypto.parse_key(bytes(new_key), "the new key")
                else:
                    key = crypto.read_key_file(new_key)
            except crypto.CryptoError as exc:
                raise OutboxCryptoError(f"key rotation refused: {exc}") from exc
            self.settle(transaction, checkpoint)  # every row under the current key before it becomes "previous"
            old = self._current_key
            new_id = crypto.key_id(key)
            if new_id == self._keyring.current_id:
                return new_id.hex()
            try:
                crypto.write_key_file(self._prev_key_path, old, replace=True)
                crypto.write_key_file(self.key_path, key, replace=True)
            except crypto.CryptoError as exc:
                raise OutboxCryptoError(f"key rotation failed before any row changed: {exc}") from exc
            self._current_key = key
            self._keyring = crypto.Keyring(key, [old])
            try:
                with transaction("rotate_key") as conn:
                    count = self._reencrypt(conn, self._keyring)
                    conn.execute(
                        "INSERT INTO outbox_meta (name, value) VALUES ('key_id', ?) "
                        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                        (new_id.hex(),),
                    )
            except BaseException:
                # Nothing was re-sealed: put the old key back (or leave both files: the next open settles).
                with contextlib.suppress(crypto.CryptoError, OSError):
                    crypto.write_key_file(self.key_path, old, replace=True)
                    crypto.remove_key_file(self._prev_key_path)
                    self._current_key = old
                    self._keyring = crypto.Keyring(old)
                raise
            checkpoint("rotate_key")
            crypto.remove_key_file(self._prev_key_path)
            self._keyring = crypto.Keyring(key)
        log.info("outbox: key rotated to key id %s; %d item(s) re-sealed", new_id.hex(), count)
        return new_id.hex()
