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
id; `rotate_key` re-encrypts every row in one transaction (the key file, the
sealing and the rotation: `offline_queue.outbox_keys`). ``secure_delete`` is on,
and a purge ends with a ``wal_checkpoint(TRUNCATE)``, so deleted rows are left
neither in free pages nor in the WAL. Without a key file the payload is stored
as JSON text (kept for tests and old databases; an outbox that was ever
encrypted refuses to open without its key).

Schema versions live in ``PRAGMA user_version``: 1 = the table; 2 = a metadata
table (the current key id) and an index for purging. Older databases are
migrated in place at open, in one transaction.

A damaged database file is set aside by `Outbox.open_or_set_aside` (renamed,
never deleted; `offline_queue.outbox_recovery`, with the `UNREADABLE` label) and
a fresh outbox opened in its place. The errors (`OutboxError` and its
subclasses, defined in `offline_queue.outbox_errors`) are imported from here.
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

from offline_queue import crypto, outbox_recovery
from offline_queue.outbox_errors import (  # noqa: F401 - OutboxCorruptError, OutboxFullError are part of this API
    OutboxCorruptError,
    OutboxCryptoError,
    OutboxError,
    OutboxFullError,
    storage_error,
)
from offline_queue.outbox_keys import OutboxKeys
from offline_queue.outbox_recovery import UNREADABLE  # noqa: F401 - the label callers of open_or_set_aside test

log = logging.getLogger("offline_queue.outbox")

SCHEMA_VERSION = 3

PENDING = "pending"
IN_FLIGHT = "in_flight"
DELIVERED = "delivered"
DEAD = "dead"
VOIDED = "voided"  # staff decided it must never be sent; kept on record
STATES: tuple[str, ...] = (PENDING, IN_FLIGHT, DELIVERED, DEAD, VOIDED)

_ERROR_LIMIT = 1000

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


@dataclass(frozen=True)
class ItemSummary:
    """An item without its payload or response (nothing decrypted): what a list of items shows."""

    id: str
    kind: str
    state: str
    attempts: int
    last_error: str | None
    created_at: float


#: States that still need the sender or a person (listed first by `Outbox.summaries`).
OPEN_STATES: tuple[str, ...] = (PENDING, IN_FLIGHT, DEAD)


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
        self._keys = OutboxKeys(self.path, self.key_path, self._lock)
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
            self._keys.load_at_open(conn)
            self._keys.settle(self._transaction, self._checkpoint)
        except sqlite3.Error as exc:
            conn.close()
            self._conn = None
            raise storage_error(f"cannot open the outbox at {self.path}", exc) from exc
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
        return outbox_recovery.open_or_set_aside(cls, path, **kwargs)

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
        return self._keys.encrypted

    @property
    def key_id(self) -> str | None:
        """The id (hex) of the key new rows are sealed with; None without encryption."""
        return self._keys.key_id

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
                raise storage_error(f"outbox {what} failed", exc) from exc

    def _query(self, what: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise OutboxError(f"outbox {what} failed: the outbox is closed")
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise storage_error(f"outbox {what} failed", exc) from exc

    def _checkpoint(self, what: str) -> bool:
        """Copy the WAL into the database and truncate it. False when a reader kept it from completing."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise OutboxError(f"outbox {what} failed: the outbox is closed")
            try:
                busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error as exc:
                raise storage_error(f"outbox {what} failed (checkpoint)", exc) from exc
        if busy:
            log.warning("outbox: %s: the WAL checkpoint could not complete (another reader); retried next time", what)
        return not busy

    # ------------------------------------------------------------------ keys
    def rotate_key(self, new_key: bytes | str | os.PathLike[str] | None = None) -> str:
        """Re-encrypt every stored row with a new key, in one transaction. Returns the new key id (hex).

        `new_key`: the key bytes (32), a key file to read it from, or None for a fresh random
        key. The new key is installed in this outbox's key file (`key_path`); the old one is kept
        in ``<key_path>.prev`` until every row is re-sealed, so a crash at any point loses
        nothing (the next open finishes the rotation). Other processes pick the new key up
        from the key file when they meet it.
        """
        return self._keys.rotate(new_key, self._transaction, self._checkpoint)

    # ---------------------------------------------------- payload (one place)
    def _encode_payload(self, payload: dict[str, Any]) -> str:
        """The canonical JSON text of a payload (sealed, when encryption is on, by `OutboxKeys.store`)."""
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _decode_payload(self, stored: str | bytes, item_id: str = "", column: str = "payload") -> dict[str, Any]:
        return json.loads(self._keys.open_column(stored, item_id, column))

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
                stored = self._keys.store(conn, text, item_id, "payload")
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
                stored = self._keys.store(conn, text, item_id, "payload")
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

    # ------------------------------------------------------------ state moves
    def _move(
        self,
        conn: sqlite3.Connection,
        item_id: str,
        state: str,
        sources: tuple[str, ...] | None,
        now: float,
        /,
        **columns: Any,
    ) -> bool:
        """In the caller's transaction: move an item to `state` from one of the `sources` states (None:
        from any other state), setting `columns` and ``updated_at`` (`now`) with it.

        False when the item is in none of those states (nothing changes); KeyError when there is no such item.
        """
        sets = "".join(f"{name} = ?, " for name in columns)
        if sources is None:
            where, params = "state != ?", (state,)
        else:
            where, params = f"state IN ({', '.join('?' * len(sources))})", sources
        changed = conn.execute(
            f"UPDATE outbox SET state = ?, {sets}updated_at = ? WHERE id = ? AND {where}",
            (state, *columns.values(), now, item_id, *params),
        ).rowcount
        if not changed and conn.execute("SELECT 1 FROM outbox WHERE id = ?", (item_id,)).fetchone() is None:
            raise KeyError(item_id)
        return bool(changed)

    def mark_delivered(self, item_id: str, response: dict[str, Any]) -> bool:
        """The backend confirmed the item. Returns False when it was already delivered."""
        now = self._clock()
        text = json.dumps(response, ensure_ascii=False, sort_keys=True)
        with self._transaction("mark_delivered") as conn:
            stored = self._keys.store(conn, text, item_id, "response")
            changed = self._move(conn, item_id, DELIVERED, None, now, response=stored)
        if changed:
            log.info("outbox: item %s delivered", item_id)
        return changed

    def mark_retry(self, item_id: str, error: str, next_attempt_at: float) -> bool:
        """Sending failed for now; try again at `next_attempt_at`. Only applies to an in_flight item."""
        now = self._clock()
        with self._transaction("mark_retry") as conn:
            changed = self._move(conn, item_id, PENDING, (IN_FLIGHT,), now,
                                 last_error=error[:_ERROR_LIMIT], next_attempt_at=next_attempt_at)
        return changed

    def mark_dead(self, item_id: str, error: str) -> bool:
        """Sending cannot succeed without a person (dead letter). Applies to in_flight or pending items."""
        now = self._clock()
        with self._transaction("mark_dead") as conn:
            changed = self._move(conn, item_id, DEAD, (IN_FLIGHT, PENDING), now, last_error=error[:_ERROR_LIMIT])
        if changed:
            log.warning("outbox: item %s is dead (needs a person)", item_id)
        return changed

    def requeue(self, item_id: str) -> bool:
        """Put a dead item back to pending, due now, with its attempts reset."""
        now = self._clock()
        with self._transaction("requeue") as conn:
            changed = self._move(conn, item_id, PENDING, (DEAD,), now, attempts=0, next_attempt_at=now)
        if changed:
            log.info("outbox: item %s requeued", item_id)
        return changed

    def void(self, item_id: str, reason: str) -> bool:
        """Never send this item (pending or dead; not one being sent or already delivered), nor the
        items waiting on it; they stay on record as voided with ``reason``. False if not voidable."""
        now = self._clock()
        with self._transaction("void") as conn:
            changed = self._move(conn, item_id, VOIDED, (PENDING, DEAD), now, last_error=reason[:_ERROR_LIMIT])
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
        return changed

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

    def get(self, item_id: str) -> OutboxItem | None:
        rows = self._query("get", f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item_id,))
        return self._row_to_item(rows[0]) if rows else None

    def items(self, state: str | tuple[str, ...] | None = None, *, kind: str | None = None) -> list[OutboxItem]:
        """Items, oldest first, optionally in one state (or any of several) and of one kind. Each item
        read is decrypted: delivered items stay for days, so a caller that wants only some asks for
        them here rather than filtering them all."""
        states = (state,) if isinstance(state, str) else tuple(state or ())
        for one in states:
            if one not in STATES:
                raise ValueError(f"unknown state {one!r}")
        where, params = [], []
        if states:
            where.append(f"state IN ({', '.join('?' * len(states))})")
            params.extend(states)
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._query("items", f"SELECT {_COLUMNS} FROM outbox{clause} ORDER BY rowid", tuple(params))
        return [self._row_to_item(r) for r in rows]

    def summaries(self, limit: int, hide_delivered_kinds: tuple[str, ...] = ()) -> list[ItemSummary]:
        """At most `limit` items, payloads neither read nor decrypted: those still open (pending, in
        flight, dead) first, oldest first, then the others, newest first. Delivered items of
        `hide_delivered_kinds` are left out. Delivered items stay for ``queue.purge_after_days``
        (thousands on a busy kiosk): a list of them all would grow with every litigant."""
        if limit < 0:
            raise ValueError("limit must not be negative")
        open_ = ", ".join("?" * len(OPEN_STATES))
        hidden = ", ".join("?" * len(hide_delivered_kinds))
        where = f"WHERE NOT (state = ? AND kind IN ({hidden}))" if hide_delivered_kinds else ""
        params = ((DELIVERED, *hide_delivered_kinds) if hide_delivered_kinds else ()) + tuple(OPEN_STATES)
        rows = self._query(
            "summaries",
            f"SELECT id, kind, state, attempts, last_error, created_at FROM outbox {where} "
            f"ORDER BY state IN ({open_}) DESC, CASE WHEN state IN ({open_}) THEN rowid ELSE -rowid END LIMIT ?",
            params + tuple(OPEN_STATES) + (limit,),
        )
        return [ItemSummary(*row) for row in rows]

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

