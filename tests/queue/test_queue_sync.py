"""The sync worker against the real sandbox: delivery, backoff, dead letters, outages, drain, shutdown."""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid

import pytest

from court_sandbox.server import SandboxServer
from offline_queue.client import CourtClient
from offline_queue.outbox import DEAD, DELIVERED, IN_FLIGHT, PENDING, Outbox
from offline_queue.sync import DrainResult, SyncWorker


def wait_until(predicate, timeout=10.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture
def outbox(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def enqueue(outbox, submission, key=None):
    return outbox.enqueue(
        "filing", submission.model_dump(mode="json"), key or str(uuid.uuid4()), item_id=submission.filing_id
    )


def test_worker_delivers_and_reports(outbox, client, make_submission):
    changes: list[tuple[str, str]] = []
    worker = SyncWorker(outbox, client, on_change=lambda i, s: changes.append((i, s)))
    worker.start()
    try:
        items = [enqueue(outbox, make_submission()) for _ in range(3)]
        worker.wake()
        assert wait_until(lambda: outbox.stats()[DELIVERED] == 3)
    finally:
        assert worker.stop(timeout=5)
    for item in items:
        stored = outbox.get(item.id)
        assert stored.response["filing_id"] == item.id and stored.response["status"] == "待审核"
        assert [s for i, s in changes if i == item.id] == [IN_FLIGHT, DELIVERED]
        assert client.filing_status(item.id).status == "待审核"


def test_stop_is_prompt_and_wake_is_immediate(outbox, client, make_submission):
    worker = SyncWorker(outbox, client, idle_interval=30.0)
    worker.start()
    time.sleep(0.1)  # idle, waiting up to 30 s
    item = enqueue(outbox, make_submission())
    started = time.monotonic()
    worker.wake()
    assert wait_until(lambda: outbox.get(item.id).state == DELIVERED, timeout=3)
    assert time.monotonic() - started < 2
    started = time.monotonic()
    assert worker.stop(timeout=5)
    assert time.monotonic() - started < 0.5
    assert not worker.running


def test_retry_after_is_honoured(outbox, client, admin, make_submission):
    item = enqueue(outbox, make_submission())
    admin.faults(fail_next=1, status=503, retry_after=30)
    worker = SyncWorker(outbox, client, base_delay=0.01, max_delay=0.02)
    before = time.time()
    _, state = worker.process_one()
    assert state == PENDING
    stored = outbox.get(item.id)
    assert stored.next_attempt_at >= before + 30
    assert "503" in stored.last_error
    assert worker.process_one() is None  # not due yet
    assert worker.process_one(now=stored.next_attempt_at)[1] == DELIVERED


def test_full_jitter_backoff():
    worker = SyncWorker(None, None, base_delay=1.0, max_delay=10.0, rng=random.Random(7))
    for attempts in range(1, 12):
        cap = min(10.0, 2 ** (attempts - 1))
        delays = [worker.retry_delay(attempts, None) for _ in range(200)]
        assert all(0 <= d <= cap for d in delays)
        assert max(delays) > cap * 0.8  # spread over the whole range
    assert worker.retry_delay(1, 42.0) == 42.0  # at least Retry-After


def test_dead_letter_does_not_block_the_others(outbox, client, make_submission):
    taken = make_submission()
    client.submit_filing(taken, "shared-key")  # someone used the key for another filing
    bad = enqueue(outbox, make_submission(), key="shared-key")
    good = [enqueue(outbox, make_submission()) for _ in range(2)]
    worker = SyncWorker(outbox, client)
    result = worker.drain(deadline=10)
    assert result == DrainResult(delivered=2, retried=0, dead=1, remaining=0)
    dead = outbox.get(bad.id)
    assert dead.state == DEAD and dead.last_error.startswith("HTTP 422")
    assert all(outbox.get(item.id).state == DELIVERED for item in good)


def test_sandbox_down_then_up_delivers_once(tmp_path, outbox, make_submission):
    db = tmp_path / "court.sqlite3"
    server = SandboxServer(db).start()
    port = server.port
    server.stop()  # the court is unreachable
    submissions = [make_submission() for _ in range(3)]
    for submission in submissions:
        enqueue(outbox, submission)
    with CourtClient(f"http://127.0.0.1:{port}", "kiosk-outage", timeout=2) as court:
        worker = SyncWorker(outbox, court, base_delay=0.05, max_delay=0.2)
        worker.start()
        try:
            assert wait_until(lambda: all(i.attempts >= 2 for i in outbox.items()))
            assert outbox.stats()[DELIVERED] == 0
            assert "connection error" in outbox.items()[0].last_error
            server = SandboxServer(db, port=port).start()  # the court is back
            try:
                assert wait_until(lambda: outbox.stats()[DELIVERED] == 3)
                for submission in submissions:
                    cases = court.search_cases(submission.plaintiff.id_number).items
                    assert [case.filing_id for case in cases] == [submission.filing_id]
            finally:
                server.stop()
        finally:
            assert worker.stop(timeout=5)


def test_lost_answers_are_resent_with_the_same_key(outbox, client, admin, make_submission):
    submission = make_submission()
    item = enqueue(outbox, submission)
    admin.faults(fail_next=1, status=502, phase="after")  # the court files it, the answer is lost
    worker = SyncWorker(outbox, client)
    assert worker.drain(deadline=10) == DrainResult(0, 1, 0, 1)
    assert worker.drain(deadline=10) == DrainResult(1, 0, 0, 0)  # ignores the backoff
    assert outbox.get(item.id).response["filing_id"] == item.id
    assert len(client.search_cases(submission.plaintiff.id_number).items) == 1


def test_unexpected_errors_retry_and_log_only_the_type(outbox, client, caplog):
    calls = []

    def broken(item):
        calls.append(item.id)
        raise RuntimeError("张三 11010519491231002X")

    item = outbox.enqueue("filing", {"secret": "张三"}, "k-broken")
    worker = SyncWorker(outbox, client, handlers={"filing": broken})
    with caplog.at_level(logging.INFO, logger="offline_queue"):
        assert worker.drain(deadline=5) == DrainResult(0, 1, 0, 1)
    stored = outbox.get(item.id)
    assert stored.state == PENDING and stored.last_error == "unexpected RuntimeError"
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in text and "张三" not in text and "11010519491231002X" not in text


def test_payload_that_is_not_a_submission_is_dead(outbox, client):
    item = outbox.enqueue("filing", {"filing_id": "x", "plaintiff": {"id_number": "110105194912310021"}}, "k")
    result = SyncWorker(outbox, client).drain(deadline=5)
    assert result.dead == 1
    error = outbox.get(item.id).last_error
    assert "not a valid FilingSubmission" in error and "110105194912310021" not in error


def test_kinds_without_a_handler_wait(outbox, client, make_submission):
    payment = outbox.enqueue("fax", {"pages": 2}, "k-fax")
    filing = enqueue(outbox, make_submission())
    worker = SyncWorker(outbox, client)
    assert worker.drain(deadline=5) == DrainResult(delivered=1, retried=0, dead=0, remaining=1)
    assert outbox.get(payment.id).attempts == 0 and outbox.get(filing.id).state == DELIVERED


def test_dependencies_are_sent_in_order(outbox, client, admin, make_submission):
    order: list[str] = []
    filing = enqueue(outbox, make_submission())
    payment = outbox.enqueue("payment", {"n": 1}, "k-payment", depends_on=filing.id)
    worker = SyncWorker(outbox, client)
    send_filing = worker.handlers["filing"]
    worker.register("filing", lambda item: order.append("filing") or send_filing(item))
    worker.register("payment", lambda item: order.append("payment") or {"ok": True})
    admin.faults(fail_next=1, status=503)
    assert worker.drain(deadline=5) == DrainResult(0, 1, 0, 2)  # the payment waits for its filing
    assert worker.drain(deadline=5) == DrainResult(2, 0, 0, 0)
    assert order == ["filing", "filing", "payment"]
    assert outbox.get(payment.id).state == DELIVERED


def test_drain_stops_at_its_deadline(outbox, client, make_submission):
    gate = threading.Event()

    def slow(item):
        gate.wait(0.3)
        return {}

    for n in range(5):
        outbox.enqueue("slow", {"n": n}, f"k-{n}")
    worker = SyncWorker(outbox, client, handlers={"slow": slow})
    started = time.monotonic()
    result = worker.drain(deadline=0.5)
    assert time.monotonic() - started < 1.0
    assert result.delivered == 2 and result.remaining == 3
