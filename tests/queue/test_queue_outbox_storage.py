"""The outbox's storage under stress: purging without traces, schema migrations, damaged
files set aside, a full disk, and two processes contending for the lock."""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time

import pytest

from offline_queue.outbox import (
    _SCHEMA_V1,
    DEAD,
    DELIVERED,
    IN_FLIGHT,
    PENDING,
    SCHEMA_VERSION,
    VOIDED,
    Outbox,
    OutboxError,
    OutboxFullError,
)


def raw_files(directory) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def containing(directory, needle: str) -> list[str]:
    return [name for name, data in raw_files(directory).items() if needle.encode("utf-8") in data]


def deliver(box: Outbox, item_id: str, response: dict | None = None) -> None:
    claimed = box.claim_due(ignore_schedule=True, exclude=[i.id for i in box.items(PENDING) if i.id != item_id])
    assert claimed is not None and claimed.id == item_id
    box.mark_delivered(item_id, response or {})


# ------------------------------------------------------------------ purge
def test_purge_leaves_no_trace_in_the_database_or_the_wal(tmp_path, new_id):
    """Encryption off on purpose: the plaintext is on disk until the purge, and gone after it."""
    folder = tmp_path / "data"
    box = Outbox(folder / "outbox.sqlite3")
    try:
        assert box._conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        id_numbers = [new_id() for _ in range(40)]
        items = [
            box.enqueue("filing", {"id_number": number, "pad": "x" * 3000}, f"k-{n}")
            for n, number in enumerate(id_numbers)
        ]
        box._checkpoint("test")  # some rows in the database file, the later ones only in the WAL
        keep = box.enqueue("filing", {"kept": "pending"}, "k-keep")
        for item in items:
            deliver(box, item.id, {"echo": item.payload["id_number"]})
        assert containing(folder, id_numbers[0]) and containing(folder, id_numbers[-1])  # the scan can fail
        assert box.purge_delivered(0) == len(items)
        for number in id_numbers:
            assert containing(folder, number) == [], number
        assert (folder / "outbox.sqlite3-wal").stat().st_size == 0  # checkpointed and truncated
        assert [i.id for i in box.items()] == [keep.id]
    finally:
        box.close()
    for number in id_numbers:
        assert containing(folder, number) == []


def test_purge_keeps_recent_undelivered_and_needed_items(tmp_path):
    now = [1000.0]
    box = Outbox(tmp_path / "outbox.sqlite3", clock=lambda: now[0])
    try:
        old = box.enqueue("filing", {"n": 1}, "k-old")
        parent = box.enqueue("filing", {"n": 2}, "k-parent")
        child = box.enqueue("payment", {"n": 3}, "k-child", depends_on=parent.id)
        dead = box.enqueue("filing", {"n": 4}, "k-dead")
        box.enqueue("filing", {"n": 5}, "k-pending")
        deliver(box, old.id)
        deliver(box, parent.id)
        box.mark_dead(dead.id, "HTTP 422")
        now[0] = 1100.0
        recent = box.enqueue("filing", {"n": 6}, "k-recent")
        deliver(box, recent.id)
        with pytest.raises(ValueError):
            box.purge_delivered(-1)
        assert box.purge_delivered(60) == 1  # only `old`: `recent` is too young, `parent` still needed
        assert box.get(old.id) is None and box.get(parent.id) is not None and box.get(recent.id) is not None
        assert box.claim_due().id == child.id  # its dependency was kept
        box.mark_delivered(child.id, {})
        now[0] = 2000.0
        assert box.purge_delivered(60) == 3  # parent, child, recent
        assert box.stats() == {PENDING: 1, IN_FLIGHT: 0, DELIVERED: 0, DEAD: 1, VOIDED: 0}
    finally:
        box.close()


# ------------------------------------------------------------- migrations
def make_v1(path, rows: int = 3) -> None:
    """A database exactly as the version 1 software made it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(_SCHEMA_V1)
    conn.execute("PRAGMA user_version = 1")
    for n in range(rows):
        state = DELIVERED if n == 0 else PENDING
        conn.execute(
            "INSERT INTO outbox VALUES (?, 'filing', ?, ?, NULL, ?, 0, 10.0, NULL, 10.0, 10.0, ?)",
            (f"f-{n}", f'{{"n":{n}}}', f"k-{n}", state, '{"ok":true}' if n == 0 else None),
        )
    conn.close()


def test_a_version_1_database_is_migrated_in_place(tmp_path):
    assert SCHEMA_VERSION == 3
    path = tmp_path / "outbox.sqlite3"
    make_v1(path)
    with Outbox(path, clock=lambda: 1e9) as box:
        assert [i.payload for i in box.items()] == [{"n": 0}, {"n": 1}, {"n": 2}]
        assert box.get("f-0").response == {"ok": True}
        box.enqueue("filing", {"n": 3}, "k-3")
        assert box.purge_delivered(0) == 1
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
        assert {"outbox", "outbox_meta", "outbox_state_due", "outbox_depends_on", "outbox_state_updated"} <= tables
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with Outbox(path) as box:  # opening a current database changes nothing
        assert box.stats()[PENDING] == 3


def test_a_version_1_database_is_migrated_and_encrypted(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    make_v1(path)
    with Outbox(path, key_path=tmp_path / "keys" / "outbox.key") as box:
        assert [i.payload["n"] for i in box.items()] == [0, 1, 2]
    conn = sqlite3.connect(path)
    try:
        assert {r[0] for r in conn.execute("SELECT typeof(payload) FROM outbox")} == {"blob"}
    finally:
        conn.close()


def test_a_failed_migration_changes_nothing(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    make_v1(path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE outbox_meta (x)")  # in the way of the v2 step
    conn.commit()
    conn.close()
    with pytest.raises(OutboxError, match="cannot open"):
        Outbox(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'outbox_state_updated'").fetchone() is None
    finally:
        conn.close()


# --------------------------------------------------------- damaged files
def test_a_healthy_database_is_not_set_aside(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    box, aside = Outbox.open_or_set_aside(path)
    with box:
        box.enqueue("filing", {"n": 1}, "k")
    assert aside is None
    box, aside = Outbox.open_or_set_aside(path)
    with box:
        assert aside is None and box.stats()[PENDING] == 1
    assert sorted(p.name for p in tmp_path.iterdir() if "corrupt" in p.name) == []


def test_random_bytes_are_set_aside_and_a_fresh_outbox_opens(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    garbage = random.Random(1).randbytes(20_000)
    path.write_bytes(garbage)
    wal = tmp_path / "outbox.sqlite3-wal"
    wal.write_bytes(b"stale wal")
    box, aside = Outbox.open_or_set_aside(path, key_path=tmp_path / "keys" / "outbox.key")
    try:
        assert aside is not None and aside.name.startswith("outbox.sqlite3.corrupt-")
        assert aside.read_bytes() == garbage  # kept, byte for byte
        assert (tmp_path / f"{aside.name}-wal").read_bytes() == b"stale wal"  # its WAL went with it
        assert box.stats() == {PENDING: 0, IN_FLIGHT: 0, DELIVERED: 0, DEAD: 0, VOIDED: 0}
        box.enqueue("filing", {"n": 1}, "k")  # and the kiosk keeps accepting
    finally:
        box.close()
    # A second damaged file in the same second gets its own name: nothing is overwritten.
    path.write_bytes(b"garbage again" * 100)
    (tmp_path / "outbox.sqlite3-wal").unlink(missing_ok=True)
    (tmp_path / "outbox.sqlite3-shm").unlink(missing_ok=True)
    box, second = Outbox.open_or_set_aside(path)
    box.close()
    assert second != aside and second.read_bytes() == b"garbage again" * 100 and aside.read_bytes() == garbage


def build_real_database(path, items: int = 300) -> None:
    with Outbox(path) as box:
        for n in range(items):
            box.enqueue("filing", {"n": n, "pad": "y" * 500}, f"k-{n}")
        box._checkpoint("test")


def test_a_truncated_database_is_set_aside(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    build_real_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(OutboxError):
        Outbox(path).items()  # the plain constructor cannot use it
    box, aside = Outbox.open_or_set_aside(path)
    with box:
        assert aside is not None and aside.read_bytes() == data[: len(data) // 2]
        assert box.items() == []


def test_a_garbled_database_is_set_aside(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    build_real_database(path)
    data = bytearray(path.read_bytes())
    page = 4096
    rng = random.Random(7)
    for start in range(2 * page, len(data) - page, 5 * page):  # garble every fifth page, header intact
        data[start : start + page] = rng.randbytes(page)
    path.write_bytes(bytes(data))
    box, aside = Outbox.open_or_set_aside(path)
    with box:
        assert aside is not None and aside.read_bytes() == bytes(data)
        assert box.stats()[PENDING] == 0


UNREADABLE_PROBE = """
import json, sys
from pathlib import Path
from offline_queue.outbox import Outbox
path = Path(sys.argv[1])
try:
    path.read_bytes()
    readable = True
except PermissionError:
    readable = False
box, aside = Outbox.open_or_set_aside(path)
items = len(box.items())
box.close()
print(json.dumps({"readable": readable, "aside": str(aside) if aside else None, "items": items}))
"""


def _drop_file_override_capabilities() -> None:
    """In the child, before exec: take CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH out of the
    bounding set, so root after exec is bound by file modes as any kiosk user is."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_an_unreadable_file_is_set_aside(tmp_path):
    """Mode 0 keeps an ordinary user out but not root, which is how `make test` runs: the open
    runs in a child process that root has given up its file-permission override for."""
    import json
    import subprocess
    import sys

    path = tmp_path / "outbox.sqlite3"
    build_real_database(path, items=3)
    os.chmod(path, 0)
    proc = subprocess.run([sys.executable, "-c", UNREADABLE_PROBE, str(path)], capture_output=True, text=True,
                          timeout=60, preexec_fn=_drop_file_override_capabilities if os.geteuid() == 0 else None)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.splitlines()[-1])
    assert out["readable"] is False  # the child really could not read it
    assert out["aside"] is not None and out["items"] == 0  # set aside, a fresh outbox opened
    aside = tmp_path / os.path.basename(out["aside"])
    assert aside.exists() and ".corrupt-" in aside.name
    os.chmod(aside, 0o600)
    with Outbox(aside) as box:  # nothing was lost: the set-aside file still holds its items
        assert len(box.items()) == 3


# --------------------------------------------------------------- disk full
def test_a_full_disk_refuses_the_enqueue_cleanly(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3", key_path=tmp_path / "keys" / "outbox.key")
    try:
        first = box.enqueue("filing", {"n": 0}, "k-0")
        pages = box._conn.execute("PRAGMA page_count").fetchone()[0]
        box._conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        stored = [first.id]
        with pytest.raises(OutboxFullError, match="full") as info:
            for n in range(1, 200):
                stored.append(box.enqueue("filing", {"blob": "z" * 3000, "n": n}, f"k-{n}", item_id=f"i-{n}").id)
        failed = f"i-{len(stored)}"
        assert isinstance(info.value, OutboxError)
        assert box.get(failed) is None  # nothing half-written
        assert [i.id for i in box.items()] == stored  # reads still work
        assert box.stats()[PENDING] == len(stored)
        assert box.claim_due().id == first.id  # small writes that fit still work
        box._conn.execute("PRAGMA max_page_count = 1073741823")  # space again
        again = box.enqueue("filing", {"blob": "z" * 3000, "n": len(stored)}, f"k-{len(stored)}", item_id=failed)
        assert box.get(failed) == again
    finally:
        box.close()
    conn = sqlite3.connect(tmp_path / "outbox.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# ------------------------------------------------------------ concurrency
def test_two_processes_claiming_at_once_never_claim_an_item_twice(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        for n in range(300):
            box.enqueue("filing", {"n": n}, f"k-{n}")
    claimed: list[list[str]] = [[], []]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def sender(index: int) -> None:
        box = Outbox(path)  # its own connection, as a second process has
        try:
            start.wait()
            while (item := box.claim_due(ignore_schedule=True)) is not None:
                claimed[index].append(item.id)
                time.sleep(0.001)  # a send takes time: the other process gets its turn
                box.mark_delivered(item.id, {"by": index})
        except BaseException as exc:
            errors.append(exc)
        finally:
            box.close()

    threads = [threading.Thread(target=sender, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    everything = claimed[0] + claimed[1]
    assert len(everything) == len(set(everything)) == 300
    assert claimed[0] and claimed[1]  # both really took part
    with Outbox(path) as box:
        assert box.stats()[DELIVERED] == 300


def test_a_momentary_lock_is_waited_out(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    impatient = Outbox(path, busy_timeout=0)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(OutboxError, match="locked"):
            impatient.enqueue("filing", {"n": 0}, "k-0")  # without a busy timeout: fails at once
        release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
        release.start()
        item = box.enqueue("filing", {"n": 1}, "k-1")  # waits for the other writer, then succeeds
        release.join()
        assert box.get(item.id) is not None and impatient.get("k-0") is None
    finally:
        holder.close()
        impatient.close()
        box.close()
