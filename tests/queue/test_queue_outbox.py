"""The outbox: durable, ordered by readiness and dependency, recovers in-flight items, fails clearly."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from offline_queue.outbox import (
    DEAD,
    DELIVERED,
    IN_FLIGHT,
    PENDING,
    SCHEMA_VERSION,
    VOIDED,
    Outbox,
    OutboxError,
)


@pytest.fixture
def outbox(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def test_storage_settings(tmp_path, outbox):
    conn = sqlite3.connect(tmp_path / "outbox.sqlite3")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [row[1] for row in conn.execute("PRAGMA table_info(outbox)")]
    finally:
        conn.close()
    assert columns == [
        "id", "kind", "payload", "idempotency_key", "depends_on", "state", "attempts",
        "next_attempt_at", "last_error", "created_at", "updated_at", "response",
    ]  # fmt: skip
    assert outbox._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert (tmp_path / "outbox.sqlite3").stat().st_mode & 0o077 == 0  # personal data: owner only


def test_enqueue_survives_close_and_reopen(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    item = box.enqueue("filing", {"name": "张三", "amount": "100.00"}, "key-1", item_id="f-1")
    box.close()
    reopened = Outbox(path)
    try:
        again = reopened.get("f-1")
        assert again == item
        assert again.payload == {"name": "张三", "amount": "100.00"}
        assert again.state == PENDING and again.attempts == 0
    finally:
        reopened.close()


def test_enqueue_is_idempotent_per_key(outbox):
    first = outbox.enqueue("filing", {"a": 1}, "key-1")
    assert outbox.enqueue("filing", {"a": 1}, "key-1") == first
    with pytest.raises(ValueError, match="different"):
        outbox.enqueue("filing", {"a": 2}, "key-1")
    with pytest.raises(ValueError, match="already exists"):
        outbox.enqueue("filing", {"a": 3}, "key-2", item_id=first.id)
    with pytest.raises(ValueError, match="depends_on"):
        outbox.enqueue("payment", {}, "key-3", depends_on="nothing")
    assert outbox.stats() == {PENDING: 1, IN_FLIGHT: 0, DELIVERED: 0, DEAD: 0, VOIDED: 0}


def test_claim_respects_the_schedule(tmp_path):
    now = [1000.0]
    box = Outbox(tmp_path / "outbox.sqlite3", clock=lambda: now[0])
    try:
        item = box.enqueue("filing", {}, "k")
        assert item.next_attempt_at == 1000.0  # due at once
        claimed = box.claim_due()
        assert claimed.id == item.id and claimed.state == IN_FLIGHT and claimed.attempts == 1
        assert box.claim_due() is None  # nothing else pending
        assert box.mark_retry(item.id, "HTTP 503", next_attempt_at=1060.0)
        assert box.next_due() == 1060.0
        now[0] = 1059.0
        assert box.claim_due() is None
        assert box.claim_due(ignore_schedule=True).id == item.id  # a headless drain tries it anyway
        box.mark_retry(item.id, "again", next_attempt_at=1060.0)
        now[0] = 1060.0
        again = box.claim_due()
        assert again.attempts == 3 and again.last_error == "again"
    finally:
        box.close()


def test_an_item_waits_for_its_dependency(outbox):
    filing = outbox.enqueue("filing", {}, "k-filing")
    payment = outbox.enqueue("payment", {}, "k-payment", depends_on=filing.id)
    other = outbox.enqueue("message", {}, "k-other")
    first = outbox.claim_due()
    assert first.id == filing.id
    assert outbox.claim_due().id == other.id  # the payment is not ready
    assert outbox.claim_due() is None
    outbox.mark_retry(filing.id, "down", next_attempt_at=0)
    assert outbox.claim_due().id == filing.id
    outbox.mark_delivered(filing.id, {"status": "待审核"})
    assert outbox.claim_due().id == payment.id
    assert outbox.get(filing.id).response == {"status": "待审核"}


def test_claim_filters(outbox):
    a = outbox.enqueue("filing", {}, "k-a")
    b = outbox.enqueue("heartbeat", {}, "k-b")
    assert outbox.claim_due(kinds=["heartbeat"]).id == b.id
    assert outbox.claim_due(kinds=[]) is None
    assert outbox.claim_due(exclude=[a.id]) is None
    assert outbox.claim_due().id == a.id


def test_recover_puts_in_flight_items_back(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    item = box.enqueue("filing", {"x": 1}, "k")
    box.claim_due()
    box.close()  # the process "dies" with the item in flight
    reopened = Outbox(path)
    try:
        recovered = reopened.get(item.id)
        assert recovered.state == PENDING
        assert recovered.attempts == 1
        assert "interrupted" in recovered.last_error
        assert reopened.claim_due().id == item.id
    finally:
        reopened.close()


def test_dead_letters_and_requeue(outbox):
    item = outbox.enqueue("filing", {}, "k")
    outbox.claim_due()
    assert outbox.mark_dead(item.id, "HTTP 422: bad")
    assert outbox.items(DEAD)[0].last_error == "HTTP 422: bad"
    assert outbox.claim_due() is None
    assert outbox.requeue(item.id)
    assert not outbox.requeue(item.id)  # only dead items
    again = outbox.claim_due()
    assert again.id == item.id and again.attempts == 1
    assert outbox.mark_delivered(item.id, {})
    assert not outbox.mark_delivered(item.id, {})
    assert not outbox.mark_retry(item.id, "late", 0)  # never downgrades a delivered item
    assert outbox.get(item.id).state == DELIVERED
    with pytest.raises(KeyError):
        outbox.mark_dead("unknown", "x")
    with pytest.raises(ValueError):
        outbox.items("lost")


def test_ui_thread_enqueues_while_sync_thread_claims(outbox):
    count = 200
    claimed: list[str] = []
    done = threading.Event()

    def sync():
        while not (done.is_set() and outbox.stats()[PENDING] == 0):
            item = outbox.claim_due(ignore_schedule=True)
            if item is not None:
                claimed.append(item.id)
                outbox.mark_delivered(item.id, {})

    worker = threading.Thread(target=sync)
    worker.start()
    ids = [outbox.enqueue("filing", {"n": n}, f"k-{n}").id for n in range(count)]
    done.set()
    worker.join(20)
    assert sorted(claimed) == sorted(ids)
    assert outbox.stats()[DELIVERED] == count


def test_disk_full_is_a_clear_error(outbox):
    outbox.enqueue("filing", {"n": 0}, "k-0")
    page_count = outbox._conn.execute("PRAGMA page_count").fetchone()[0]
    outbox._conn.execute(f"PRAGMA max_page_count = {page_count}")
    stored = 1
    with pytest.raises(OutboxError, match="full"):
        for n in range(1, 1000):
            outbox.enqueue("filing", {"blob": "x" * 4000, "n": n}, f"k-{n}")
            stored += 1
    assert len(outbox.items()) == stored  # the failed enqueue left nothing behind
    outbox._conn.execute("PRAGMA max_page_count = 1073741823")
    outbox.enqueue("filing", {"n": "after"}, "k-after")  # and the outbox still works
    assert len(outbox.items()) == stored + 1


def test_unreadable_or_newer_storage_is_refused(tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutboxError, match="cannot open"):
        Outbox(garbage)
    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(OutboxError, match="newer"):
        Outbox(newer)


def test_closed_outbox_raises(outbox):
    outbox.close()
    with pytest.raises(OutboxError, match="closed"):
        outbox.enqueue("filing", {}, "k")


def test_void_keeps_the_item_on_record_never_sends_it_and_takes_its_dependents(outbox):
    filing = outbox.enqueue("filing", {"n": 1}, "k-filing", item_id="f")
    outbox.enqueue("payment", {"n": 2}, "k-payment", item_id="p", depends_on="f")
    outbox.enqueue("filing", {"n": 3}, "k-other", item_id="o")
    assert outbox.void(filing.id, "voided by staff: withdrawn")
    assert outbox.get("f").state == VOIDED and outbox.get("f").last_error == "voided by staff: withdrawn"
    assert outbox.get("p").state == VOIDED and "depends on voided item f" in outbox.get("p").last_error
    assert outbox.get("f").payload == {"n": 1}  # on record
    assert outbox.claim_due(ignore_schedule=True).id == "o"  # nothing voided is ever claimed
    assert outbox.claim_due(ignore_schedule=True) is None
    assert not outbox.void("o", "too late")  # in flight: it may already be at the court
    assert not outbox.requeue("f")  # a void is final
    with pytest.raises(KeyError):
        outbox.void("missing", "x")


def test_items_of_some_states_and_one_kind_decrypt_only_those(outbox, monkeypatch):
    a = outbox.enqueue("filing", {"n": 1}, "k1")
    b = outbox.enqueue("message", {"n": 2}, "k2")
    c = outbox.enqueue("filing", {"n": 3}, "k3")
    outbox.mark_delivered(a.id, {})
    outbox.mark_dead(c.id, "HTTP 422")
    decoded = []
    real = outbox._decode_payload
    monkeypatch.setattr(outbox, "_decode_payload", lambda *args: decoded.append(args[1]) or real(*args))
    assert [i.id for i in outbox.items(("pending", "dead"), kind="filing")] == [c.id]
    assert decoded == [c.id]  # the delivered filing and the message were never read
    assert [i.id for i in outbox.items(kind="filing")] == [a.id, c.id]
    assert [i.id for i in outbox.items("pending")] == [b.id]
    with pytest.raises(ValueError):
        outbox.items(("pending", "sent"))
