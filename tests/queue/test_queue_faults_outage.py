"""Sandbox fault injection (outages, error rates, dropped connections, start-up faults), the
sandbox's idempotency under them, and fault test B: outage, then 30 % 5xx, then 5 s latency,
then recovery: everything (filings in chains, payment orders, messages, heartbeats) delivered
once, in dependency order; a bad filing goes dead without blocking the others."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from court_sandbox.app import create_app
from court_sandbox.faults import FAULTS_ENV, Faults, spec_from_env
from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from offline_queue import items
from offline_queue.admin_client import admin_headers
from offline_queue.client import CourtClient, RetryableError
from offline_queue.outbox import DEAD, DELIVERED, PENDING, Outbox
from offline_queue.sync import SyncWorker
from tests.queue.fault_harness import Backend, filing_id, filing_payload, idempotency_key, wait_for


def put_filing(http: requests.Session, base_url: str, submission: c.FilingSubmission, key: str):
    return http.put(
        base_url + c.FILING_PATH.format(filing_id=submission.filing_id),
        data=submission.model_dump_json(),
        headers={"Content-Type": "application/json", c.IDEMPOTENCY_KEY_HEADER: key},
        timeout=10,
    )


def status_of(http: requests.Session, base_url: str, fid: str) -> int:
    return http.get(base_url + c.FILING_PATH.format(filing_id=fid), timeout=10).status_code


# ------------------------------------------------------------ fault injection


def test_error_rate_is_seeded_and_reproducible(http, sandbox, admin):
    def statuses() -> list[int]:
        return [http.get(sandbox.base_url + c.POLICY_PATH, timeout=5).status_code for _ in range(40)]

    spec = {"error_rate": 0.5, "error_statuses": [500, 503], "seed": 7}
    admin.faults(**spec)
    first = statuses()
    admin.faults(**spec)
    assert statuses() == first
    assert set(first) == {200, 500, 503}
    assert 8 <= first.count(200) <= 32
    admin.faults(**{**spec, "seed": 8})
    assert statuses() != first


def test_errors_after_commit_are_never_the_stored_answer(http, sandbox, admin, make_submission):
    submission = make_submission()
    admin.faults(error_rate=1.0, error_statuses=[502], error_phase="after")
    failed = put_filing(http, sandbox.base_url, submission, "key-error-after")
    assert failed.status_code == 502
    admin.clear_faults()
    assert status_of(http, sandbox.base_url, submission.filing_id) == 200  # it was committed
    replay = put_filing(http, sandbox.base_url, submission, "key-error-after")
    assert replay.status_code == 200 and replay.headers[c.IDEMPOTENT_REPLAYED_HEADER] == "true"
    assert replay.json()["filing_id"] == submission.filing_id


def test_outage_for_a_duration_closes_connections_then_recovers(http, sandbox, admin):
    before = datetime.now(UTC)
    current = admin.faults(outage_seconds=0.6)
    until = datetime.fromisoformat(current["outage_until"])
    assert before + timedelta(seconds=0.5) < until < before + timedelta(seconds=5)
    assert current["outage_seconds"] == 0
    with pytest.raises(requests.ConnectionError):
        http.get(sandbox.base_url + c.POLICY_PATH, timeout=5)
    assert http.get(sandbox.base_url + c.HEALTH_PATH, timeout=5).status_code == 200  # only /api/v1

    def up() -> bool:
        try:
            return http.get(sandbox.base_url + c.POLICY_PATH, timeout=5).status_code == 200
        except requests.ConnectionError:
            return False

    wait_for(up, 10, "the end of the outage", interval=0.05)
    assert datetime.now(UTC) >= until


def test_outage_until_a_time_answers_503_when_asked(http, sandbox, admin, make_submission):
    submission = make_submission()
    until = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    admin.faults(outage_until=until, outage_action="status", outage_status=503, retry_after=9)
    for _ in range(3):
        refused = put_filing(http, sandbox.base_url, submission, "key-outage-503")
        assert refused.status_code == 503 and refused.headers[c.RETRY_AFTER_HEADER] == "9"
    admin.clear_faults()
    assert put_filing(http, sandbox.base_url, submission, "key-outage-503").status_code == 201


@pytest.mark.parametrize(
    ("phase", "filed"), [("before", False), ("during", False), ("after", True)]
)
def test_dropped_connection_then_retry_files_once(http, sandbox, admin, make_submission, phase, filed):
    submission = make_submission()
    key = f"key-drop-{phase}-{submission.filing_id}"
    admin.faults(fail_next=1, phase=phase, action="close")
    with pytest.raises(requests.ConnectionError):
        put_filing(http, sandbox.base_url, submission, key)
    assert status_of(http, sandbox.base_url, submission.filing_id) == (200 if filed else 404)
    retry = put_filing(http, sandbox.base_url, submission, key)
    assert retry.status_code == (200 if filed else 201)  # "after": the committed answer is replayed
    again = put_filing(http, sandbox.base_url, submission, key)
    assert again.status_code == 200 and again.json() == retry.json()


def test_the_client_sees_a_dropped_answer_as_retryable(client, admin, make_submission):
    admin.faults(drop_rate=1.0)
    submission = make_submission()
    with pytest.raises(RetryableError, match="connection error"):
        client.submit_filing(submission, "key-drop-client")
    admin.clear_faults()
    receipt = client.submit_filing(submission, "key-drop-client")
    assert receipt.filing_id == submission.filing_id


def test_faults_at_start_up_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"fail_next": 2, "status": 502}))
    db = tmp_path / "court.sqlite3"
    with SandboxServer(db) as server, requests.Session() as http:
        codes = [http.get(server.base_url + c.POLICY_PATH, timeout=5).status_code for _ in range(3)]
        assert codes == [502, 502, 200]
        assert server.app.state.faults.counts["fail_next"] == 2
    spec_file = tmp_path / "faults.json"
    spec_file.write_text('{"error_rate": 0.25, "seed": 3}', encoding="utf-8")
    spec = spec_from_env({FAULTS_ENV: f"@{spec_file}"})
    assert spec is not None and spec.error_rate == 0.25 and spec.seed == 3
    assert spec_from_env({FAULTS_ENV: " "}) is None
    with pytest.raises(ValueError, match=f"{FAULTS_ENV}: invalid fault spec: error_rate"):
        spec_from_env({FAULTS_ENV: '{"error_rate": 2}'})
    with pytest.raises(ValueError, match=FAULTS_ENV):
        spec_from_env({FAULTS_ENV: "{not json"})
    monkeypatch.setenv(FAULTS_ENV, '{"error_rate": 2}')
    with pytest.raises(ValueError, match=FAULTS_ENV):
        create_app(str(tmp_path / "other.sqlite3"))


def test_faults_object_decides_by_precedence():
    now = [1000.0]
    faults = Faults(c.FaultSpec(outage_seconds=10, fail_next=1, error_rate=1.0), clock=lambda: now[0])
    assert faults.in_outage() and faults.plan().now.kind == "outage"
    now[0] += 11
    assert not faults.in_outage()
    assert faults.plan().now.kind == "fail_next"
    plan = faults.plan()
    assert plan.now.kind == "error" and plan.now.status in (500, 502, 503, 504)
    faults.set(c.FaultSpec(drop_rate=1.0))
    plan = faults.plan()
    assert plan.now is None and faults.after(plan).close
    assert faults.counts == {"outage": 1, "fail_next": 1, "error": 1, "drop": 1}


def test_keys_are_remembered_for_good_across_restarts(tmp_path, make_submission):
    db = tmp_path / "court.sqlite3"
    submission = make_submission()
    with SandboxServer(db) as server, requests.Session() as http:
        first = put_filing(http, server.base_url, submission, "key-forever")
        assert first.status_code == 201

    def years_later() -> datetime:
        return datetime.now(UTC) + timedelta(days=3 * 365)

    later = SandboxServer(db, app=create_app(str(db), clock=years_later))
    with later as server, requests.Session() as http:
        replay = put_filing(http, server.base_url, submission, "key-forever")
        assert replay.status_code == 200 and replay.json() == first.json()
        changed = submission.model_copy(update={"claims": "另一请求"})
        assert put_filing(http, server.base_url, changed, "key-forever").status_code == 422


# ------------------------------------------------------------- fault test B


@pytest.fixture
def court(tmp_path: Path) -> Iterator[tuple[SandboxServer, Path]]:
    db = tmp_path / "court.sqlite3"
    server = SandboxServer(db).start()
    yield server, db
    server.stop()


def test_outage_then_errors_then_latency_then_recovery(tmp_path, court):
    server, db = court
    faults: Faults = server.app.state.faults
    admin = requests.Session()
    admin.headers.update(admin_headers(server))
    started = time.monotonic()

    def set_faults(**spec) -> None:
        admin.post(server.admin_url + c.FAULTS_PATH, json=spec, timeout=5).raise_for_status()

    chains: list[list[str]] = []  # each chain must reach the court in order
    others: set[str] = set()  # payment orders and messages
    bad = "b-bad"

    def message(n: int) -> c.MessageSubmission:
        return c.MessageSubmission(
            message_id=f"b-message-{n}", kind=c.MESSAGE_MEDIATION, court_code="京0105",
            sender=c.Party(kind="person", name="调解申请人", id_number="11010519491231002X"),
            text="愿意调解。", confirmed_at=datetime.now(UTC),
        )

    def heartbeat(n: int) -> c.Heartbeat:
        return c.Heartbeat(kiosk_id="kiosk-outage", sent_at=datetime.now(UTC), software_version="test",
                           uptime_seconds=float(n), queue={"n": n})

    def enqueue_chains(box: Outbox, stage: str, count: int, length: int) -> None:
        for n in range(count):
            chain: list[str] = []
            for step in range(length):
                item_id = filing_id(f"b-{stage}{n}", step)
                payload = filing_payload(item_id, len(chains) * 10 + step)
                box.enqueue(
                    "filing", payload, idempotency_key(item_id), item_id=item_id,
                    depends_on=chain[-1] if chain else None,
                )
                chain.append(item_id)
            chains.append(chain)

    with Outbox(tmp_path / "outbox.sqlite3") as box, CourtClient(server.base_url, "kiosk-outage") as client:
        worker = SyncWorker(
            box, client, base_delay=0.05, max_delay=0.4, idle_interval=0.1, rng=random.Random(5)
        )
        # 1. Outage: connections closed without an answer.
        set_faults(outage_seconds=3600)
        box.enqueue(
            "filing", filing_payload(bad, 999, case_type="不存在的案由"), idempotency_key(bad), item_id=bad
        )
        enqueue_chains(box, "outage", 6, 3)
        for n in range(3):
            others.add(items.enqueue_message(box, message(n)).id)
        for n in range(5):  # one waits, the newest
            items.enqueue_heartbeat(box, heartbeat(n))
        worker.start()
        try:
            # (an attempt counts when the item is claimed, before its request reaches the court)
            wait_for(lambda: all(i.attempts >= 1 for i in box.items() if i.depends_on is None)
                     and faults.counts["outage"] >= 7, 10, "every ready item to be tried during the outage")
            assert box.stats()[DELIVERED] == 0
            assert box.get(bad).state != DEAD  # refused only once the court can say so

            # 2. 30 % of requests fail with a 5xx, half of them after the write committed.
            set_faults(error_rate=0.3, error_phase="either", seed=11)
            enqueue_chains(box, "errors", 4, 2)
            worker.wake()
            wait_for(lambda: faults.counts["error"] >= 5 and box.stats()[DELIVERED] >= 5, 20,
                     "deliveries despite the errors")

            # 3. Every request takes 5 s (below the client's 10 s timeout); the fee of each filing
            # delivered so far is paid for: a payment order per fee notice, after its filing.
            set_faults(latency_ms=5000)
            slow_from = time.time()
            enqueue_chains(box, "slow", 2, 2)
            for item in box.items(DELIVERED):
                if item.kind == "filing":
                    notice = c.FilingReceipt.model_validate(item.response).fee_notice
                    others.add(items.enqueue_payment(box, notice, filing_item_id=item.id).id)
            worker.wake()
            wait_for(lambda: any(i.state == DELIVERED and i.updated_at >= slow_from + 4.9 for i in box.items()),
                     20, "a delivery through the 5 s latency", interval=0.05)

            # 4. Recovery.
            set_faults()
            enqueue_chains(box, "after", 2, 2)
            worker.wake()
            expected = {item_id for chain in chains for item_id in chain}
            wait_for(lambda: {i.id for i in box.items(DELIVERED) if i.kind != "heartbeat"} == expected | others
                     and box.get(bad).state == DEAD and not box.items(PENDING),
                     40, "every good item delivered and the bad one dead", interval=0.05)
        finally:
            assert worker.stop(15)
        dead = box.get(bad)
        stats = box.stats()
    admin.close()

    backend = Backend.read(db)
    order = {fid: n for n, fid in enumerate(backend.filing_ids)}
    payments = sum(1 for i in others if not i.startswith("b-message"))
    data = {
        "items": len(expected) + len(others) + 1 + 1,
        "filings": len(expected) + 1,
        "payments": payments,
        "messages": len(others) - payments,
        "heartbeats_enqueued": 5,
        "delivered": stats[DELIVERED],
        "dead": stats[DEAD],
        "backend_filings": len(backend.filing_ids),
        "backend_unique_keys": len(set(backend.done_keys)),
        "injected": faults.counts,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"\nFAULT FIGURES outage_sequence: {json.dumps(data, sort_keys=True)}")
    (tmp_path / "fault_figures_outage_sequence.json").write_text(json.dumps(data) + "\n", encoding="utf-8")

    assert stats[DELIVERED] == len(expected) + len(others) + 1 and stats[DEAD] == 1  # + the newest heartbeat
    assert payments >= 5
    assert sorted(backend.payment_ids) == sorted(i for i in others if not i.startswith("b-message"))
    assert sorted(backend.message_ids) == sorted(i for i in others if i.startswith("b-message"))
    assert backend.heartbeat_kiosks == ["kiosk-outage"]
    assert dead is not None and dead.last_error.startswith("HTTP 422") and "case_type" in dead.last_error
    assert sorted(backend.filing_ids) == sorted(expected)  # each once; the bad one never
    assert len(set(backend.done_keys)) == len(expected) + len(others) and not backend.in_progress_keys
    for chain in chains:
        assert [order[fid] for fid in chain] == sorted(order[fid] for fid in chain), chain
    assert faults.counts["error"] >= 5 and faults.counts["outage"] >= 7
