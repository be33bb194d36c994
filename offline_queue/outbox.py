"""The durable outbox: what the kiosk has promised to send to the court.

SQLite in WAL mode with ``synchronous=FULL``: when `Outbox.enqueue` returns,
the item is on disk (the litigant may be told "submitted"). One connection is
shared by all threads behind a lock (the UI thread enqueues, the sync thread
claims); every write is one ``BEGIN IMMEDIATE`` transaction, so two processes
(the app and ``kiosk sync``) never claim the same item at the same time.

Item life: ``pending`` -> (claim) ``in_flight`` -> ``delivered`` | ``pending``
(retry later) | ``dead`` (needs a person; `requeue` puts it back). Items that
were ``in_flight`` when the process died go back to ``pending`` at open
(`recover`); the idempotency key makes the resend harmless.

The payload is personal data. It is turned into stored text in one place
(`Outbox._encode_payload` / `Outbox._decode_payload`) so that encryption at
rest can be added there.
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

log = logging.getLogger("offline_queue.outbox")

SCHEMA_VERSION = 1

PENDING = "pending"
IN_FLIGHT = "in_flight"
DELIVERED = "delivered"
DEAD = "dead"
STATES: tuple[str, ...] = (PENDING, IN_FLIGHT, DELIVERED, DEAD)

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

_COLUMNS = (
    "id, kind, payload, idempotency_key, depends_on, state, attempts, "
    "next_attempt_at, last_error, created_at, updated_at, response"
)


class OutboxError(Exception):
    """The outbox's storage failed (disk full, I/O error, locked, corrupt, closed).

    An environment problem, not a bug: tell staff; the item was not saved/changed.
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


def _describe(exc: sqlite3.Error) -> str:
    text = str(exc)
    low = text.lower()
    if "full" in low:
        return f"the disk or database is full ({text})"
    if "disk i/o" in low or "i/o error" in low:
        return f"a disk I/O error occurred ({text})"
    if "locked" in low or "busy" in low:
        return f"the database is locked by another process ({text})"
    if "readonly" in low or "read-only" in low:
        return f"the database is read-only ({text})"
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return f"the database file is damaged ({text})"
    if "unable to open" in low:
        return f"the database file cannot be opened ({text})"
    return text


class Outbox:
    """A durable queue of items to send. Thread-safe; see the module docstring."""

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                # Personal data: readable by the kiosk user only (SQLite gives -wal/-shm the same mode).
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5.0)
        except (OSError, sqlite3.Error) as exc:
            raise OutboxError(f"cannot open the outbox at {self.path}: {exc}") from exc
        try:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise OutboxError(f"the outbox at {self.path} cannot use WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=5000")
            self._conn = conn
            self._migrate()
        except sqlite3.Error as exc:
            conn.close()
            self._conn = None
            raise OutboxError(f"cannot open the outbox at {self.path}: {_describe(exc)}") from exc
        except BaseException:
            conn.close()
            self._conn = None
            raise
        self.recover()

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
            if version < 1:
                for statement in _SCHEMA_V1.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
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
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as exc:
                raise OutboxError(f"outbox {what} failed: {_describe(exc)}") from exc

    def _query(self, what: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise OutboxError(f"outbox {what} failed: the outbox is closed")
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise OutboxError(f"outbox {what} failed: {_describe(exc)}") from exc

    # ---------------------------------------------------- payload (one place)
    def _encode_payload(self, payload: dict[str, Any]) -> str:
        """The stored form of a payload. Encryption at rest goes here (and in `_decode_payload`)."""
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _decode_payload(self, stored: str) -> dict[str, Any]:
        return json.loads(stored)

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
            payload=self._decode_payload(payload),
            idempotency_key=key,
            depends_on=depends_on,
            state=state,
            attempts=attempts,
            next_attempt_at=next_at,
            last_error=last_error,
            created_at=created,
            updated_at=updated,
            response=json.loads(response) if response is not None else None,
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
        """
        if not kind:
            raise ValueError("kind must not be empty")
        if not idempotency_key:
            raise ValueError("idempotency_key must not be empty")
        item_id = item_id or str(uuid.uuid4())
        stored = self._encode_payload(payload)
        now = self._clock()
        try:
            with self._transaction("enqueue") as conn:
                row = conn.execute(
                    f"SELECT {_COLUMNS} FROM outbox WHERE idempotency_key = ?", (idempotency_key,)
                ).fetchone()
                if row is not None:
                    existing = self._row_to_item(row)
                    if (
                        existing.kind == kind
                        and existing.payload == self._decode_payload(stored)
                        and existing.depends_on == depends_on
                    ):
                        return existing
                    raise ValueError("idempotency key already used for a different outbox item")
                if depends_on is not None and depends_on != item_id:
                    if conn.execute("SELECT 1 FROM outbox WHERE id = ?", (depends_on,)).fetchone() is None:
                        raise ValueError("depends_on names no stored outbox item")
                elif depends_on is not None:
                    raise ValueError("an item cannot depend on itself")
                conn.execute(
                    f"INSERT INTO outbox ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, ?, NULL)",
                    (item_id, kind, stored, idempotency_key, depends_on, PENDING, now, now, now),
                )
        except sqlite3.IntegrityError as exc:
            raise ValueError("an outbox item with this id already exists") from exc
        log.info("outbox: enqueued item %s kind=%s", item_id, kind)
        item = self.get(item_id)
        assert item is not None
        return item

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
        `kinds` limits to kinds somebody can send; `exclude` skips item ids.
        """
        now = self._clock() if now is None else now
        where, params = self._ready_clause(now, ignore_schedule, kinds, exclude)
        with self._transaction("claim") as conn:
            row = conn.execute(
                f"SELECT o.id FROM outbox o LEFT JOIN outbox d ON d.id = o.depends_on "
                f"WHERE {where} ORDER BY o.rowid LIMIT 1",
                params,
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE outbox SET state = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (IN_FLIGHT, now, row[0]),
            )
            item_row = conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (row[0],)).fetchone()
        return self._row_to_item(item_row)

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
            changed = conn.execute(
                "UPDATE outbox SET state = ?, response = ?, updated_at = ? WHERE id = ? AND state != ?",
                (DELIVERED, text, now, item_id, DELIVERED),
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
