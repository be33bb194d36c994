"""The staff audit trail: what staff did at the kiosk, one hash-chained JSON line per action.

The file is ``<kiosk.data_dir>/audit.jsonl`` (mode 0600; each line written in one append and fsynced).
An entry holds identifiers and codes only, never free text (`offline_queue.contract.AuditEntry`):

    seq       1, 2, ... without gaps
    kiosk_id  this kiosk (``kiosk.kiosk_id``)
    at        when (ISO 8601 with the offset)
    action    what, an identifier: void, replay, login, login_failed, pin_lockout, quit, ...
    item      the outbox item or staff call it concerns ("" when none)
    reason    a reason code ("" when none)
    staff     who: ``staff:<staff number>``, ``card:<staff id>``, ``pin``, ``system``
    prev      the previous entry's hash (64 zeros for the first)
    hash      SHA-256 over the entry's canonical JSON without ``hash`` (`contract.audit_entry_hash`)

Editing, removing or reordering a line breaks the chain: `verify` names the first entry that does not follow
(``kiosk audit verify``, `kiosk.audit_cli`). After a restart the chain continues from the file's last line
(only the tail is read). A last line torn by a power cut mid-write is set aside in
``audit.jsonl.torn-<UTC time>``, the file is cut back to the last whole entry and an ``audit_file_repaired``
entry records it; a file of the format before the chain is set aside whole as ``audit.jsonl.legacy-<UTC time>``.

Delivery: `AuditLog.deliver` (set by the maintenance service: enqueue into the outbox as kind ``audit``,
`offline_queue.items.enqueue_audit`) is called with each entry after it is on disk, in order. When it fails
(the outbox is closed, the disk is full) the entry stays in the file; the next `record` or `redeliver`
(called at start) hands over every entry after the last one handed over, whose number is kept in
``audit.jsonl.delivered`` (not fsynced: losing it only hands entries over again, and the outbox and the court
answer a repeated entry once).

`record` is thread-safe and synchronous: it writes, fsyncs and enqueues before it returns, so services call it
from a worker (the outbox worker), not from the GUI thread.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from offline_queue import contract as c
from offline_queue.durable import fsync_dir

log = logging.getLogger("kiosk.audit")

GENESIS = c.AUDIT_GENESIS
AUDIT_FILE = "audit.jsonl"
#: The kiosk itself as the one who acts (repairing its audit file).
SYSTEM = "system"
REPAIRED = "audit_file_repaired"
_BLOCK = 8192

Entry = dict[str, Any]


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The hash an entry must carry (see `offline_queue.contract.audit_entry_hash`)."""
    return c.audit_entry_hash(entry)


def verify(entries: Iterable[Mapping[str, Any]]) -> tuple[bool, int | None]:
    """Check a chain from its first entry: (True, None), or (False, the seq of the first entry that does not
    follow from the ones before it: a wrong hash, a wrong prev or an unexpected seq). An entry that is not an
    entry at all (an unreadable line, given as ``{}``) is bad at the seq expected there."""
    expected, prev = 1, GENESIS
    for entry in entries:
        seq = entry.get("seq") if isinstance(entry, Mapping) else None
        if not isinstance(seq, int) or isinstance(seq, bool):
            return False, expected
        if seq != expected or entry.get("prev") != prev or entry.get("hash") != c.audit_entry_hash(entry):
            return False, seq
        prev, expected = entry["hash"], expected + 1
    return True, None


def _parse(line: bytes) -> Entry | None:
    """An entry of the chain, or None (not JSON, not an object, no seq or hash)."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("seq"), int) or not isinstance(data.get("hash"), str):
        return None
    return data


def _is_legacy(line: bytes) -> bool:
    """A line of the format before the chain (an object without seq and hash)."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and "action" in data and "seq" not in data and "hash" not in data


def outbox_delivery(outbox, wake_sync: Callable[[], None] | None = None) -> Callable[[Entry], None]:
    """A `deliver` for `AuditLog`: enqueue the entry into `outbox` (kind ``audit``), then wake the sender.
    Raises when the outbox cannot take it (None, closed, disk full)."""
    from offline_queue.items import enqueue_audit

    def deliver(entry: Entry) -> None:
        if outbox is None:
            raise RuntimeError("no outbox")
        enqueue_audit(outbox, entry)
        if wake_sync is not None:
            wake_sync()

    return deliver


def read_lines(path: str | os.PathLike[str]) -> list[Entry]:
    """Every line of an audit file as an entry, ``{}`` for a line that is none (for `verify`); [] without file."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return []
    return [_parse(line) or {} for line in raw.split(b"\n") if line.strip()]


class AuditLog:
    """The kiosk's audit trail (one per data folder). `record` appends an entry; `entries` reads them;
    `verify` checks the file's chain; `redeliver` hands over what the outbox did not take."""

    def __init__(self, path: str | os.PathLike[str], *, kiosk_id: str = "kiosk-01",
                 deliver: Callable[[Entry], Any] | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        """`deliver(entry)`: hands an entry to the court (raises when it cannot); `clock`: an aware datetime
        factory (default: the local time with its offset)."""
        import re

        if not re.fullmatch(c.AUDIT_KIOSK_ID_PATTERN, kiosk_id):
            raise ValueError("kiosk_id: 1-64 letters, digits, '.', '_' or '-'")
        self.path = Path(path)
        self.kiosk_id = kiosk_id
        self.deliver = deliver
        self._clock = clock or (lambda: datetime.now().astimezone())
        self._lock = threading.Lock()
        self._opened = False
        self._seq = 0
        self._prev = GENESIS
        self._delivered = 0

    @property
    def delivered_path(self) -> Path:
        """Where the number of the last entry handed to `deliver` is kept."""
        return self.path.with_name(self.path.name + ".delivered")

    # ------------------------------------------------------------------ API
    def record(self, action: str, item_id: str, reason: str, staff: str) -> Entry:
        """Append an entry (on disk when this returns) and hand it to `deliver`. `action` an identifier,
        `reason` a code, `staff` who (see the module); anything else (free text) raises ValueError and
        nothing is written. Blocking (fsync, the outbox): call it from a worker."""
        with self._lock:
            self._open()
            entry = self._append(action, item_id, reason, staff)
        log.info("audit: entry %d %s %s (%s) by %s", entry["seq"], action, item_id, reason,
                 staff.split(":")[0])  # no staff id in logs
        return entry

    def entries(self) -> list[Entry]:
        """The entries in the file, in order (unreadable lines left out: `verify` reports them)."""
        return [entry for entry in read_lines(self.path) if entry]

    def verify(self) -> tuple[bool, int | None]:
        """Check the file's chain (read only: a torn last line is reported, not repaired)."""
        return verify(read_lines(self.path))

    def redeliver(self) -> int:
        """Hand `deliver` every entry after the last one it took (call at start, on a worker). Returns how
        many it took."""
        with self._lock:
            self._open()
            if self.deliver is None:
                return 0
            count = self._hand_over(self._entries_after(self._delivered))
        if count:
            log.info("audit: %d entries handed to the outbox after a failure or a restart", count)
        return count

    @property
    def last_seq(self) -> int:
        with self._lock:
            self._open()
            return self._seq

    # -------------------------------------------------------------- internals
    def _open(self) -> None:
        """(Lock held.) Resume the chain from the file's tail, once; repair a torn last line."""
        if self._opened:
            return
        last, torn_at, legacy = self._tail()
        set_aside, why = None, ""
        if legacy:
            set_aside, why = self._set_aside_whole(), "legacy_format"
            last = None
        elif torn_at is not None:
            set_aside, why = self._set_aside_tail(torn_at), "torn_line"
        self._seq, self._prev = (last["seq"], last["hash"]) if last is not None else (0, GENESIS)
        self._delivered = min(self._read_delivered(), self._seq)
        self._opened = True
        if set_aside is not None:
            log.warning("audit: the audit file needed repair (%s; set aside as %s); the chain resumes at entry %d",
                        why, set_aside.name, self._seq + 1)
            self._append(REPAIRED, set_aside.name, why, SYSTEM)

    def _tail(self) -> tuple[Entry | None, int | None, bool]:
        """(the last entry, the offset where a torn tail starts or None, whether the file is of the old format),
        reading the file backwards only as far as needed."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return None, None, False
        if size == 0:
            return None, None, False
        block = _BLOCK
        with open(self.path, "rb") as f:
            while True:
                start = max(0, size - block)
                f.seek(start)
                data = f.read(size - start)
                if start == 0 or data.count(b"\n") >= 4:
                    break
                block *= 4
        spans: list[tuple[int, bytes, bool]] = []  # (offset, line, ends with a newline)
        offset = start
        parts = data.split(b"\n")
        for index, part in enumerate(parts):
            spans.append((offset, part, index < len(parts) - 1))
            offset += len(part) + 1
        if start > 0:
            spans = spans[1:]  # a line cut by the block's start
        torn_at = None
        if spans and not spans[-1][2]:
            if spans[-1][1]:
                torn_at = spans[-1][0]  # no newline: the write did not finish
            spans.pop()
        while spans and not spans[-1][1].strip():
            spans.pop()
        if not spans:
            return None, torn_at, False
        last = _parse(spans[-1][1])
        if last is None and _is_legacy(spans[-1][1]):
            return None, None, True
        if last is None:  # a last line that is not an entry (zeros after a power cut): torn as well
            torn_at = spans[-1][0]
            earlier = [e for e in (_parse(line) for _, line, _ in spans[:-1]) if e is not None]
            last = earlier[-1] if earlier else self._last_in_file(torn_at)
        return last, torn_at, False

    def _last_in_file(self, end: int) -> Entry | None:
        with open(self.path, "rb") as f:
            data = f.read(end)
        found = [e for e in (_parse(line) for line in data.split(b"\n")) if e is not None]
        return found[-1] if found else None

    def _aside_path(self, what: str) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        candidate = self.path.with_name(f"{self.path.name}.{what}-{stamp}")
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.path.with_name(f"{self.path.name}.{what}-{stamp}-{n}")
        return candidate

    def _set_aside_tail(self, torn_at: int) -> Path:
        """Copy the torn tail into a file of its own (kept for whoever looks), then cut the file back."""
        aside = self._aside_path("torn")
        with open(self.path, "rb") as f:
            f.seek(torn_at)
            torn = f.read()
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, torn)
            os.fsync(fd)
        finally:
            os.close(fd)
        fd = os.open(self.path, os.O_WRONLY)
        try:
            os.ftruncate(fd, torn_at)
            os.fsync(fd)
        finally:
            os.close(fd)
        fsync_dir(self.path.parent)
        return aside

    def _set_aside_whole(self) -> Path:
        aside = self._aside_path("legacy")
        os.replace(self.path, aside)
        fsync_dir(self.path.parent)
        return aside

    def _append(self, action: str, item_id: str, reason: str, staff: str) -> Entry:
        """(Lock held, file open.) Write the next entry, then hand it over."""
        entry: Entry = {"seq": self._seq + 1, "kiosk_id": self.kiosk_id,
                        "at": self._clock().isoformat(timespec="seconds"), "action": action, "item": item_id,
                        "reason": reason, "staff": staff, "prev": self._prev}
        entry["hash"] = c.audit_entry_hash(entry)
        try:
            c.AuditEntry.model_validate(entry)
        except ValidationError as exc:
            raise ValueError(f"audit entry refused: {c.validation_summary(exc)}") from None
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        new = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:  # the new file's directory entry must survive a power cut too
            fsync_dir(self.path.parent)
        self._seq, self._prev = entry["seq"], entry["hash"]
        if self.deliver is not None:
            behind = self._delivered != entry["seq"] - 1
            self._hand_over(self._entries_after(self._delivered) if behind else [entry])
        return entry

    def _hand_over(self, pending: list[Entry]) -> int:
        """(Lock held.) `deliver` each entry in order until one fails; remember the last one taken."""
        assert self.deliver is not None
        taken = 0
        done = self._delivered
        for entry in pending:
            try:
                self.deliver(entry)
            except Exception as exc:
                log.warning("audit: entry %d not handed to the outbox (%s); it stays in the audit file and goes "
                            "later", entry["seq"], type(exc).__name__)
                break
            done, taken = entry["seq"], taken + 1
        if done != self._delivered:
            self._delivered = done
            self._write_delivered(done)
        return taken

    def _entries_after(self, seq: int) -> list[Entry]:
        """The file's entries after `seq`, reading backwards only as far as needed."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return []
        block = _BLOCK
        with open(self.path, "rb") as f:
            while True:
                start = max(0, size - block)
                f.seek(start)
                lines = f.read(size - start).split(b"\n")
                found = [e for e in map(_parse, lines[1:] if start else lines) if e is not None]
                if start == 0 or (found and found[0]["seq"] <= seq):
                    break
                block *= 4
        return [e for e in found if e["seq"] > seq]

    def _read_delivered(self) -> int:
        try:
            value = json.loads(self.delivered_path.read_text(encoding="utf-8")).get("seq", 0)
        except (OSError, ValueError, AttributeError):
            return 0
        return value if isinstance(value, int) and value >= 0 else 0

    def _write_delivered(self, seq: int) -> None:
        tmp = self.delivered_path.with_name(self.delivered_path.name + ".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, json.dumps({"seq": seq}).encode("ascii"))
            finally:
                os.close(fd)
            os.replace(tmp, self.delivered_path)
        except OSError as exc:  # only costs a repeat after a restart
            log.warning("audit: cannot note the last entry handed over (%s)", type(exc).__name__)
