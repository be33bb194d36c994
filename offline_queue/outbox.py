"""The durable outbox: what the kiosk has promised to send to the court.

SQLite in WAL mode with ``synchronous=FULL``: when `Outbox.enqueue` returns,
the item is on disk (the litigant may be told "submitted"). One connection is
shared by all threads behind a lock (the UI thread enqueues, the sync thread
claims); every write is one ``BEGIN IMMEDIATE`` transaction, so two processes
(the app and ``kiosk sync``) never claim the same item at the same time; a busy
timeout (5 s by default) rides over the other process's momentary lock.

Item life: ``pending`` -> (claim) ``in_flight`` -> ``delivered`` | ``pending``
(retry later) | ``dead`` (needs a person; `requeue` puts it back). Items that
were ``in_flight`` when the process died go back to ``pending`` at open
(`recover`); the idempotency key makes the resend harmless. Delivered items are
deleted by `purge_delivered` once they are no longer needed.

Privacy. The payload and the stored response are personal data. With a key file
(``Outbox(path, key_path=...)``) they are sealed with AES-256-GCM
(`offline_queue.crypto`), bound to their row id and column, each naming its key
id; `rotate_key` re-encrypts every row in one transaction. ``secure_delete`` is
on, and a purge ends with a ``wal_checkpoint(TRUNCATE)``, so deleted rows are
left neither in free pages nor in the WAL. Without a key file the payload is
stored as JSON text (kept for tests and old databases; an outbox that was ever
encrypted refuses to open without its key).

Schema versions live in ``PRAGMA user_version``: 1 = the table; 2 = a metadata
table (the current key id) and an index for purging. Older databases are
migrated in place at open, in one transaction.

A damaged database file is set aside by `Outbox.open_or_set_aside` (renamed,
never deleted) and a fresh outbox opened in its place.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offline_queue import crypto
from offline_queue.durable import fsync_dir

log = logging.getLogger("offline_queue.outbox")

SCHEMA_VERSION = 3

PENDING = "pending"
IN_FLIGHT = "in_flight"
DELIVERED = "delivered"
DEAD = "dead"
VOIDED = "voided"  # staff decided it must never be sent; kept on record
#: The label of an outbox file set aside because the key file cannot open it (``<name>.unreadable-<UTC>``).
UNREADABLE = "unreadable"
STATES: tuple[str, ...] = (PENDING, IN_FLIGHT, DELIVERED, DEAD, VOIDED)

_ERROR_LIMIT = 1000
_REENCRYPT_BATCH = 500

_SCHEMA_V1 = """
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    depends_on      TEXT,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error      TEXT,
    created_at      REAL NOT NULL,
    updated_at      REAL NOT NULL,
    response        TEXT
);
CREATE INDEX outbox_state_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_depends_on ON outbox (depends_on);
"""

# v2: the outbox table keeps its columns (a sealed payload/response is a BLOB in
# the same column and carries its own key id); the metadata table records the
# key id new rows are sealed with, so a process without the key (or with an old
# one) cannot write rows the others cannot read.
_SCHEMA_V2 = """
CREATE TABLE outbox_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX outbox_state_updated ON outbox (state, updated_at);
"""

# v3: the state 'voided' (SQLite cannot change a CHECK constraint: the table is rebuilt).
_SCHEMA_V3 = """
CREATE TABLE outbox_v3 (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    depends_on      TEXT,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'delivered', 'dead', 'voided')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error      TEXT,
    created_at      REAL NOT NULL,
    updated_at      REAL NOT NULL,
    response        TEXT
);
INSERT INTO outbox_v3 SELECT id, kind, payload, idempotency_key, depends_on, state, attempts, next_attempt_at,
    last_error, created_at, updated_at, response FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v3 RENAME TO outbox;
CREATE INDEX outbox_state_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_depends_on ON outbox (depends_on);
CREATE INDEX outbox_state_updated ON outbox (state, updated_at);
"""

_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3}

_COLUMNS = (
    "id, kind, payload, idempotency_key, depends_on, state, attempts, "
    "next_attempt_at, last_error, created_at, updated_at, response"
)

_SQLITE_FULL = 13
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_HEADER = b"SQLite format 3\x00"


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


@dataclass(frozen=True)
class OutboxItem:
    id: str
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    depends_on: str | None
    state: str
    attempts: int
    next_attempt_at: float
    last_error: str | None
    created_at: float
    updated_at: float
    response: dict[str, Any] | None


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _describe(exc: sqlite3.Error) -> str:
    text = str(exc)
    low = text.lower()
    code = _code(exc)
    if code == _SQLITE_FULL or "full" in low:
        return f"the disk or database is full ({text})"
    if "disk i/o" in low or "i/o error" in low:
        return f"a disk I/O error occurred ({text})"
    if "locked" in low or "busy" in low:
        return f"the database is locked by another process ({text})"
    if "readonly" in low or "read-only" in low:
        return f"the database is read-only ({text})"
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "not a database" in low or "malformed" in low or "corrupt" in low:
        return f"the database file is damaged ({text})"
    if "unable to open" in low:
        return f"the database file cannot be opened ({text})"
    return text


def _error(message: str, exc: sqlite3.Error) -> OutboxError:
    """The OutboxError (subclass by cause) for a storage failure."""
    code = _code(exc)
    text = f"{message}: {_describe(exc)}"
    if code == _SQLITE_FULL:
        return OutboxFullError(text)
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return OutboxCorruptError(text)
    return OutboxError(text)


def _aad(item_id: str, column: str) -> bytes:
    """Associated data of a sealed column: the ciphertext only opens in this row and column."""
    return b"court-kiosk outbox\x00" + column.encode("ascii") + b"\x00" + item_id.encode("utf-8")


class Outbox:
    """A durable queue of items to send. Thread-safe; see the module docstring.

    `key_path`: the AES key file (created 0600 with a random key when missing);
    keep it outside the data directory. None stores payloads unencrypted.
    `busy_timeout`: seconds to wait for another process's write lock.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], float] = time.time,
        key_path: str | os.PathLike[str] | None = None,
        busy_timeout: float = 5.0,
    ) -> None:
        self.path = Path(path)
        self.key_path = Path(key_path) if key_path is not None else None
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._keyring: crypto.Keyring | None = None
        self._current_key: bytes | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                # Personal data: readable by the kiosk user only (SQLite gives -wal/-shm the same mode).
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=busy_timeout)
        except (OSError, sqlite3.Error) as exc:
            raise OutboxError(f"cannot open the outbox at {self.path}: {exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout={max(0, int(busy_timeout * 1000))}")
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise OutboxError(f"the outbox at {self.path} cannot use WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=FULL")
            # Deleted content is overwritten with zeros (free pages and freed cells), not left on disk.
            conn.execute("PRAGMA secure_delete=ON")
            self._conn = conn
            self._migrate()
            if self.key_path is not None:
                sealed = self._meta_key_id(conn)
                if sealed is not None and not self.key_path.exists():
                    # Never make a new key for a sealed outbox: its items could not be read with it.
                    raise OutboxCryptoError(
                        f"the outbox at {self.path} is sealed with key id {sealed} but its key file "
                        f"{self.key_path} is missing (restore it from the backup)"
                    )
                self._load_keys(create=sealed is None)
            self._settle_keys()
        except sqlite3.Error as exc:
            conn.close()
            self._conn = None
            raise _error(f"cannot open the outbox at {self.path}", exc) from exc
        except BaseException:
            conn.close()
            self._conn = None
            raise
        self.recover()

    @classmethod
    def open_or_set_aside(cls, path: str | os.PathLike[str], **kwargs: Any) -> tuple[Outbox, Path | None]:
        """Open the outbox; when its file is damaged, set the file aside and open a fresh one.

        "Damaged": not a SQLite database, malformed, failing ``PRAGMA quick_check``, or
        unreadable. The file and its -wal/-shm are renamed to ``<name>.corrupt-<UTC time>``
        (+ ``-wal``/``-shm``, so the set-aside copy still opens for forensics); nothing is
        deleted. A file sealed with another key than the key file's (the key file is missing,
        or was replaced) is set aside the same way as ``<name>.unreadable-<UTC time>``: with
        the right key file restored, ``kiosk sync --from`` delivers it. Returns (outbox,
        set-aside path or None): alert staff when not None. Other failures (locked, disk
        full, an unusable key file, newer schema) raise OutboxError as `Outbox` does:
        setting aside would not cure them.
        """
        path = Path(path)
        reason = _probe(path, float(kwargs.get("busy_timeout", 5.0)))
        label = "corrupt"
        if reason is None:
            try:
                return cls(path, **kwargs), None
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
        return cls(path, **kwargs), set_aside

    # ------------------------------------------------------------- lifecycle
    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def encrypted(self) -> bool:
        """Whether payloads and responses are sealed (a key file is configured)."""
        return self._keyring is not None

    @property
    def key_id(self) -> str | None:
        """The id (hex) of the key new rows are sealed with; None without encryption."""
        return self._keyring.current_id.hex() if self._keyring is not None else None

    def _migrate(self) -> None:
        conn = self._conn
        assert conn is not None
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise OutboxError(
                f"the outbox at {self.path} has schema version {version}, newer than this software "
                f"understands ({SCHEMA_VERSION}); refusing to touch it"
            )
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated between the check above and taking the lock.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if version < SCHEMA_VERSION:
            log.info("outbox schema migrated from version %d to %d", version, SCHEMA_VERSION)

    @contextlib.contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction under the lock; storage errors become OutboxError."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise OutboxError(f"outbox {what} failed: the outbox is closed")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as exc:
                raise _error(f"outbox {what} failed", exc) from exc

    def _query(self, what: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise OutboxError(f"outbox {what} failed: the outbox is closed")
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise _error(f"outbox {what} failed", exc) from exc

    def _checkpoint(self, what: str) -> bool:
        """Copy the WAL into the database and truncate it. False when a reader kept it from completing."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise OutboxError(f"outbox {what} failed: the outbox is closed")
            try:
                busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error as exc:
                raise _error(f"outbox {what} failed (checkpoint)", exc) from exc
        if busy:
            log.warning("outbox: %s: the WAL checkpoint could not complete (another reader); retried next time", what)
        return not busy

    # ------------------------------------------------------------------ keys
    @property
    def _prev_key_path(self) -> Path:
        assert self.key_path is not None
        return self.key_path.with_name(self.key_path.name + ".prev")

    def _load_keys(self, *, create: bool = False) -> None:
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

    def _meta_key_id(self, conn: sqlite3.Connection) -> str | None:
        row = conn.execute("SELECT value FROM outbox_meta WHERE name = 'key_id'").fetchone()
        return row[0] if row else None

    def _write_keyring(self, conn: sqlite3.Connection) -> crypto.Keyring | None:
        """The keyring to seal with in this transaction (None: store plaintext), checked against the database."""
        stored = self._meta_key_id(conn)
        if self._keyring is None:
            if stored is not None:
                raise OutboxCryptoError(
                    f"the outbox at {self.path} is encrypted (key id {stored}) but no key file is configured"
                )
            return None
        if stored is not None and stored != self._keyring.current_id.hex() and self.key_path is not None:
            self._load_keys()  # another process rotated the key
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

    def _settle_keys(self) -> None:
        """At open: every row sealed with the current key (finishes a rotation, encrypts old plaintext rows)."""
        with self._transaction("open (keys)") as conn:
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
            self._checkpoint("open (keys)")
        if self._prev_key_path.exists():
            crypto.remove_key_file(self._prev_key_path)
            self._load_keys()

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
                payload_text = self._open_column(payload, item_id, "payload")
                response_text = self._open_column(response, item_id, "response") if response is not None else None
                conn.execute(
                    "UPDATE outbox SET payload = ?, response = ? WHERE rowid = ?",
                    (
                        keyring.seal(payload_text, _aad(item_id, "payload")),
                        None if response_text is None else keyring.seal(response_text, _aad(item_id, "response")),
                        rowid,
                    ),
                )
        return len(rowids)

    def rotate_key(self, new_key: bytes | str | os.PathLike[str] | None = None) -> str:
        """Re-encrypt every stored row with a new key, in one transaction. Returns the new key id (hex).

        `new_key`: the key bytes (32), a key file to read it from, or None for a fresh random
        key. The new key is installed in this outbox's key file (`key_path`); the old one is kept
        in ``<key_path>.prev`` until every row is re-sealed, so a crash at any point loses
        nothing (the next open finishes the rotation). Other processes pick the new key up
        from the key file when they meet it.
        """
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
            self._settle_keys()  # every row under the current key before it becomes "previous"
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
                with self._transaction("rotate_key") as conn:
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
            self._checkpoint("rotate_key")
            crypto.remove_key_file(self._prev_key_path)
            self._keyring = crypto.Keyring(key)
        log.info("outbox: key rotated to key id %s; %d item(s) re-sealed", new_id.hex(), count)
        return new_id.hex()

    # ---------------------------------------------------- payload (one place)
    def _encode_payload(self, payload: dict[str, Any]) -> str:
        """The canonical JSON text of a payload (sealed, when encryption is on, by `_store`)."""
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _decode_payload(self, stored: str | bytes, item_id: str = "", column: str = "payload") -> dict[str, Any]:
        return json.loads(self._open_column(stored, item_id, column))

    def _store(self, keyring: crypto.Keyring | None, text: str, item_id: str, column: str) -> str | bytes:
        """The stored form of a column: a sealed BLOB with encryption, the JSON text without."""
        if keyring is None:
            return text
        return keyring.seal(text.encode("utf-8"), _aad(item_id, column))

    def _open_column(self, stored: str | bytes, item_id: str, column: str) -> bytes:
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
                self._load_keys()  # another process may have rotated the key
                return self._keyring.open(bytes(stored), _aad(item_id, column))
        except crypto.CryptoError as exc:
            raise OutboxCryptoError(f"outbox item {item_id} ({column}) cannot be decrypted: {exc}") from exc

    def _row_to_item(self, row: tuple[Any, ...]) -> OutboxItem:
        (
            id_,
            kind,
            payload,
            key,
            depends_on,
            state,
            attempts,
            next_at,
            last_error,
            created,
            updated,
            response,
        ) = row
        return OutboxItem(
            id=id_,
            kind=kind,
            payload=self._decode_payload(payload, id_, "payload"),
            idempotency_key=key,
            depends_on=depends_on,
            state=state,
            attempts=attempts,
            next_attempt_at=next_at,
            last_error=last_error,
            created_at=created,
            updated_at=updated,
            response=self._decode_payload(response, id_, "response") if response is not None else None,
        )

    # ------------------------------------------------------------------ API
    def enqueue(
        self,
        kind: str,
        payload: dict[str, Any],
        idempotency_key: str,
        item_id: str | None = None,
        depends_on: str | None = None,
    ) -> OutboxItem:
        """Store an item to send; durable when this returns.

        Enqueueing the same key again with the same kind, payload and dependency
        returns the stored item (so a retried "confirm" is harmless); the same key
        with anything else raises ValueError. `depends_on` must name a stored item.
        A failure to make it durable (e.g. disk full: `OutboxFullError`) raises
        OutboxError and stores nothing.
        """
        if not kind:
            raise ValueError("kind must not be empty")
        if not idempotency_key:
            raise ValueError("idempotency_key must not be empty")
        item_id = item_id or str(uuid.uuid4())
        text = self._encode_payload(payload)
        canonical = json.loads(text)
        now = self._clock()
        try:
            with self._transaction("enqueue") as conn:
                row = conn.execute(
                    f"SELECT {_COLUMNS} FROM outbox WHERE idempotency_key = ?", (idempotency_key,)
                ).fetchone()
                if row is not None:
                    existing = self._row_to_item(row)
                    if existing.kind == kind and existing.payload == canonical and existing.depends_on == depends_on:
                        return existing
                    raise ValueError("idempotency key already used for a different outbox item")
                if depends_on is not None and depends_on != item_id:
                    if conn.execute("SELECT 1 FROM outbox WHERE id = ?", (depends_on,)).fetchone() is None:
                        raise ValueError("depends_on names no stored outbox item")
                elif depends_on is not None:
                    raise ValueError("an item cannot depend on itself")
                stored = self._store(self._write_keyring(conn), text, item_id, "payload")
                conn.execute(
                    f"INSERT INTO outbox ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, ?, NULL)",
                    (item_id, kind, stored, idempotency_key, depends_on, PENDING, now, now, now),
                )
        except sqlite3.IntegrityError as exc:
            raise ValueError("an outbox item with this id already exists") from exc
        log.info("outbox: enqueued item %s kind=%s", item_id, kind)
        return _pending(item_id, kind, canonical, idempotency_key, depends_on, now)

    def enqueue_latest(
        self, kind: str, payload: dict[str, Any], idempotency_key: str, item_id: str | None = None
    ) -> OutboxItem:
        """Enqueue an item that supersedes the waiting (pending or dead) items of its kind, which are
        deleted in the same transaction: for status reports such as heartbeats, where only the newest
        matters. Items something depends on, and items being sent, are kept."""
        if not kind:
            raise ValueError("kind must not be empty")
        if not idempotency_key:
            raise ValueError("idempotency_key must not be empty")
        item_id = item_id or str(uuid.uuid4())
        text = self._encode_payload(payload)
        now = self._clock()
        try:
            with self._transaction("enqueue_latest") as conn:
                removed = conn.execute(
                    "DELETE FROM outbox WHERE kind = ? AND state IN (?, ?) AND NOT EXISTS "
                    "(SELECT 1 FROM outbox c WHERE c.depends_on = outbox.id)",
                    (kind, PENDING, DEAD),
                ).rowcount
                stored = self._store(self._write_keyring(conn), text, item_id, "payload")
                conn.execute(
                    f"INSERT INTO outbox ({_COLUMNS}) VALUES (?, ?, ?, ?, NULL, ?, 0, ?, NULL, ?, ?, NULL)",
                    (item_id, kind, stored, idempotency_key, PENDING, now, now, now),
                )
        except sqlite3.IntegrityError as exc:
            raise ValueError("an outbox item with this id or key already exists") from exc
        log.debug("outbox: enqueued item %s kind=%s (%d superseded)", item_id, kind, removed)
        return _pending(item_id, kind, json.loads(text), idempotency_key, None, now)

    def recover(self) -> int:
        """Put items left in_flight (the process died while sending) back to pending. Returns how many."""
        now = self._clock()
        with self._transaction("recover") as conn:
            count = conn.execute(
                "UPDATE outbox SET state = ?, next_attempt_at = ?, updated_at = ?, "
                "last_error = 'interrupted while sending; recovered at open' WHERE state = ?",
                (PENDING, now, now, IN_FLIGHT),
            ).rowcount
        if count:
            log.warning("outbox: %d item(s) were in flight when the kiosk stopped; back to pending", count)
        return count

    def claim_due(
        self,
        now: float | None = None,
        *,
        ignore_schedule: bool = False,
        kinds: Collection[str] | None = None,
        exclude: Collection[str] = (),
    ) -> OutboxItem | None:
        """Take the oldest pending item that is due and whose dependency is delivered; mark it in_flight.

        `ignore_schedule` ignores next_attempt_at (a headless drain tries everything now);
        `kinds` limits to kinds somebody can send; `exclude` skips item ids. An item whose
        stored data fails authentication (altered on disk) is made dead with the reason,
        and the next one is taken: one bad item never blocks the others.
        """
        now = self._clock() if now is None else now
        where, params = self._ready_clause(now, ignore_schedule, kinds, exclude)
        damaged: list[str] = []
        with self._transaction("claim") as conn:
            while True:
                row = conn.execute(
                    f"SELECT o.id FROM outbox o LEFT JOIN outbox d ON d.id = o.depends_on "
                    f"WHERE {where} ORDER BY o.rowid LIMIT 1",
                    params,
                ).fetchone()
                if row is None:
                    item = None
                    break
                conn.execute(
                    "UPDATE outbox SET state = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                    (IN_FLIGHT, now, row[0]),
                )
                item_row = conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (row[0],)).fetchone()
                try:
                    item = self._row_to_item(item_row)
                    break
                except OutboxCryptoError as exc:
                    if not isinstance(exc.__cause__, crypto.TamperedError):
                        raise  # a key problem: every item is affected; tell staff, change nothing
                    conn.execute(
                        "UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ?",
                        (DEAD, str(exc)[:_ERROR_LIMIT], now, row[0]),
                    )
                    damaged.append(row[0])
        for item_id in damaged:
            log.error("outbox: item %s failed authentication (altered on disk); dead letter", item_id)
        return item

    def next_due(self, *, kinds: Collection[str] | None = None) -> float | None:
        """When the next ready pending item falls due (None when nothing can be sent)."""
        where, params = self._ready_clause(None, True, kinds, ())
        rows = self._query(
            "next_due",
            f"SELECT MIN(o.next_attempt_at) FROM outbox o LEFT JOIN outbox d ON d.id = o.depends_on WHERE {where}",
            params,
        )
        return rows[0][0] if rows else None

    @staticmethod
    def _ready_clause(
        now: float | None, ignore_schedule: bool, kinds: Collection[str] | None, exclude: Collection[str]
    ) -> tuple[str, tuple[Any, ...]]:
        clauses = ["o.state = ?", "(o.depends_on IS NULL OR d.state = ?)"]
        params: list[Any] = [PENDING, DELIVERED]
        if not ignore_schedule:
            clauses.append("o.next_attempt_at <= ?")
            params.append(now)
        if kinds is not None:
            kinds = list(kinds)
            if not kinds:
                clauses.append("0")
            else:
                clauses.append(f"o.kind IN ({', '.join('?' * len(kinds))})")
                params.extend(kinds)
        if exclude:
            exclude = list(exclude)
            clauses.append(f"o.id NOT IN ({', '.join('?' * len(exclude))})")
            params.extend(exclude)
        return " AND ".join(clauses), tuple(params)

    def mark_delivered(self, item_id: str, response: dict[str, Any]) -> bool:
        """The backend confirmed the item. Returns False when it was already delivered."""
        now = self._clock()
        text = json.dumps(response, ensure_ascii=False, sort_keys=True)
        with self._transaction("mark_delivered") as conn:
            stored = self._store(self._write_keyring(conn), text, item_id, "response")
            changed = conn.execute(
                "UPDATE outbox SET state = ?, response = ?, updated_at = ? WHERE id = ? AND state != ?",
                (DELIVERED, stored, now, item_id, DELIVERED),
            ).rowcount
            self._require(conn, item_id, changed)
        if changed:
            log.info("outbox: item %s delivered", item_id)
        return bool(changed)

    def mark_retry(self, item_id: str, error: str, next_attempt_at: float) -> bool:
        """Sending failed for now; try again at `next_attempt_at`. Only applies to an in_flight item."""
        now = self._clock()
        with self._transaction("mark_retry") as conn:
            changed = conn.execute(
                "UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ? "
                "WHERE id = ? AND state = ?",
                (PENDING, error[:_ERROR_LIMIT], next_attempt_at, now, item_id, IN_FLIGHT),
            ).rowcount
            self._require(conn, item_id, changed)
        return bool(changed)

    def mark_dead(self, item_id: str, error: str) -> bool:
        """Sending cannot succeed without a person (dead letter). Applies to in_flight or pending items."""
        now = self._clock()
        with self._transaction("mark_dead") as conn:
            changed = conn.execute(
                "UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ? AND state IN (?, ?)",
                (DEAD, error[:_ERROR_LIMIT], now, item_id, IN_FLIGHT, PENDING),
            ).rowcount
            self._require(conn, item_id, changed)
        if changed:
            log.warning("outbox: item %s is dead (needs a person)", item_id)
        return bool(changed)

    def requeue(self, item_id: str) -> bool:
        """Put a dead item back to pending, due now, with its attempts reset."""
        now = self._clock()
        with self._transaction("requeue") as conn:
            changed = conn.execute(
                "UPDATE outbox SET state = ?, attempts = 0, next_attempt_at = ?, updated_at = ? "
                "WHERE id = ? AND state = ?",
                (PENDING, now, now, item_id, DEAD),
            ).rowcount
            self._require(conn, item_id, changed)
        if changed:
            log.info("outbox: item %s requeued", item_id)
        return bool(changed)

    def void(self, item_id: str, reason: str) -> bool:
        """Never send this item (pending or dead; not one being sent or already delivered), nor the
        items waiting on it; they stay on record as voided with ``reason``. False if not voidable."""
        now = self._clock()
        with self._transaction("void") as conn:
            changed = conn.execute(
                "UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ? AND state IN (?, ?)",
                (VOIDED, reason[:_ERROR_LIMIT], now, item_id, PENDING, DEAD),
            ).rowcount
            self._require(conn, item_id, changed)
            dependents, frontier = 0, [item_id] if changed else []
            while frontier:  # what depends on a voided item can never be sent either
                parent = frontier.pop()
                rows = conn.execute("SELECT id FROM outbox WHERE depends_on = ? AND state IN (?, ?)",
                                    (parent, PENDING, DEAD)).fetchall()
                for (child,) in rows:
                    conn.execute("UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ?",
                                 (VOIDED, f"depends on voided item {item_id}"[:_ERROR_LIMIT], now, child))
                    dependents += 1
                    frontier.append(child)
        if changed:
            log.info("outbox: item %s voided (%d dependent items too)", item_id, dependents)
        return bool(changed)

    def purge_delivered(self, older_than_seconds: float) -> int:
        """Delete items delivered at least `older_than_seconds` ago. Returns how many.

        A delivered item stays while another item that depends on it is not yet delivered
        (its dependency must still be found). With ``secure_delete`` the deleted rows are
        overwritten in the database file, and the WAL is checkpointed and truncated so no
        copy of them stays there either (when another process is reading at that moment,
        the WAL is truncated at the next purge; a warning is logged).
        """
        if older_than_seconds < 0:
            raise ValueError("older_than_seconds must not be negative")
        cutoff = self._clock() - older_than_seconds
        with self._transaction("purge") as conn:
            count = conn.execute(
                "DELETE FROM outbox WHERE state = ? AND updated_at <= ? AND NOT EXISTS "
                "(SELECT 1 FROM outbox c WHERE c.depends_on = outbox.id AND c.state != ?)",
                (DELIVERED, cutoff, DELIVERED),
            ).rowcount
        if count:
            self._checkpoint("purge")
            log.info("outbox: purged %d delivered item(s)", count)
        return count

    @staticmethod
    def _require(conn: sqlite3.Connection, item_id: str, changed: int) -> None:
        if not changed and conn.execute("SELECT 1 FROM outbox WHERE id = ?", (item_id,)).fetchone() is None:
            raise KeyError(item_id)

    def get(self, item_id: str) -> OutboxItem | None:
        rows = self._query("get", f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item_id,))
        return self._row_to_item(rows[0]) if rows else None

    def items(self, state: str | None = None) -> list[OutboxItem]:
        """Items, oldest first, optionally in one state."""
        if state is not None and state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        if state is None:
            rows = self._query("items", f"SELECT {_COLUMNS} FROM outbox ORDER BY rowid")
        else:
            rows = self._query(
                "items", f"SELECT {_COLUMNS} FROM outbox WHERE state = ? ORDER BY rowid", (state,)
            )
        return [self._row_to_item(r) for r in rows]

    def stats(self) -> dict[str, int]:
        """Item counts by state (every state present, zero included)."""
        counts = dict.fromkeys(STATES, 0)
        for state, count in self._query("stats", "SELECT state, COUNT(*) FROM outbox GROUP BY state"):
            counts[state] = count
        return counts


def _pending(
    item_id: str, kind: str, payload: dict[str, Any], key: str, depends_on: str | None, now: float
) -> OutboxItem:
    """The item just enqueued, as a read would return it."""
    return OutboxItem(id=item_id, kind=kind, payload=payload, idempotency_key=key, depends_on=depends_on,
                      state=PENDING, attempts=0, next_attempt_at=now, last_error=None, created_at=now,
                      updated_at=now, response=None)


# ------------------------------------------------------------ damaged files
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
        raise _error(f"cannot open the outbox at {path}", exc) from exc
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if _code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return _describe(exc)
        raise _error(f"cannot check the outbox at {path}", exc) from exc
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
