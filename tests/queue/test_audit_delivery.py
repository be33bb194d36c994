"""The staff audit trail end to end: an `AuditLog` wired to a real outbox (kind ``audit``) -> the sync worker
(its idempotency key ``audit-<kiosk_id>-<seq>``) -> the sandbox on loopback, which checks each kiosk's chain on
arrival and lists it on its admin API: entries in order and verified, a resend after a lost answer not
doubled, entries arriving out of order checked when the gap fills, a PIN lockout shown as an alert, a broken
chain flagged (kept, an alert), another entry under a stored number refused (409), and what the outbox could
not take handed over at the next start."""

from __future__ import annotations

import uuid

import pytest

from kiosk.audit import GENESIS, AuditLog, entry_hash, outbox_delivery
from offline_queue import contract as c
from offline_queue.admin_client import admin_headers
from offline_queue.client import RetryableError
from offline_queue.items import KIND_AUDIT, audit_key, enqueue_audit
from offline_queue.outbox import DELIVERED, PENDING, Outbox
from offline_queue.sync import SyncWorker


@pytest.fixture
def outbox(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


@pytest.fixture
def kiosk_id() -> str:
    return f"kiosk-audit-{uuid.uuid4().hex[:8]}"  # the sandbox is shared by the session's tests


def _trail(http, sandbox, kiosk_id: str, **params) -> dict:
    response = http.get(sandbox.admin_url + c.ADMIN_AUDIT_PATH, params={"kiosk_id": kiosk_id, **params},
                        headers=admin_headers(sandbox), timeout=5)
    response.raise_for_status()
    return response.json()


def _entry(kiosk_id: str, seq: int, prev: str, action: str = "reprint", **extra) -> dict:
    entry = {"seq": seq, "kiosk_id": kiosk_id, "at": "2026-03-02T09:30:00+08:00", "action": action, "item": "",
             "reason": "", "staff": "staff:100234", "prev": prev, **extra}
    entry["hash"] = entry_hash(entry)
    return entry


def test_entries_reach_the_court_in_order_with_the_chain_verified_and_a_lockout_as_an_alert(
        outbox, client, admin_court, sandbox, http, kiosk_id, tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl", kiosk_id=kiosk_id, deliver=outbox_delivery(outbox))
    log.record("login_failed", "", "wrong_pin", "staff:100234")
    log.record("pin_lockout", "", "n1-300s", "staff:100234")
    log.record("login", "", "card", "card:S-0042")
    log.record("void", str(uuid.uuid4()), "duplicate", "card:S-0042")
    items = outbox.items()
    assert [i.kind for i in items] == [KIND_AUDIT] * 4
    assert [i.idempotency_key for i in items] == [f"audit-{kiosk_id}-{n}" for n in (1, 2, 3, 4)]

    result = SyncWorker(outbox, client).drain(deadline=20)
    assert result.delivered == 4 and all(i.state == DELIVERED for i in outbox.items())
    trail = _trail(http, sandbox, kiosk_id)
    assert [e["seq"] for e in trail["items"]] == [1, 2, 3, 4]
    assert [e["hash"] for e in trail["items"]] == [e["hash"] for e in log.entries()]
    (chain,) = trail["chains"]
    assert chain == {"kiosk_id": kiosk_id, "entries": 4, "last_seq": 4, "missing": [], "broken": [],
                     "verified": True}
    assert trail["verified"] is True
    assert [(e["action"], e["alert"]) for e in trail["items"]] == [
        ("login_failed", False), ("pin_lockout", True), ("login", False), ("void", False)]
    assert not any(e["chain_broken"] for e in trail["items"])
    alerts = admin_court.audit_trail(kiosk_id, alerts=True)
    assert [(e.seq, e.action) for e in alerts.items] == [(2, "pin_lockout")] and alerts.verified


def test_a_resend_after_a_lost_answer_is_one_entry(outbox, client, sandbox, admin, http, kiosk_id, tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl", kiosk_id=kiosk_id, deliver=outbox_delivery(outbox))
    entry = log.record("quit", "", "confirmed", "staff:100234")
    again = enqueue_audit(outbox, entry)  # a second enqueue: the stored item
    assert again.id == audit_key(kiosk_id, 1) and len(outbox.items()) == 1
    # the court keeps the entry, then the connection closes before the kiosk hears the answer
    admin.faults(fail_next=1, phase="after", action="close", paths=[f"/api/v1/kiosks/{kiosk_id}/"])
    worker = SyncWorker(outbox, client)
    first = worker.drain(deadline=20)
    assert first.retried == 1 and outbox.get(again.id).state == PENDING
    second = worker.drain(deadline=20)
    assert second.delivered == 1 and outbox.get(again.id).state == DELIVERED
    assert outbox.get(again.id).idempotency_key == f"audit-{kiosk_id}-1"  # the same key on the resend
    trail = _trail(http, sandbox, kiosk_id)
    assert [e["seq"] for e in trail["items"]] == [1] and trail["verified"] is True
    # the same entry once more under a new key (an outbox that lost the item): a repeat, not a conflict
    answer = client.submit_audit_entry(c.AuditEntry.model_validate(entry), f"audit-{kiosk_id}-1-again")
    assert answer.seq == 1 and answer.hash == entry["hash"]
    assert len(_trail(http, sandbox, kiosk_id)["items"]) == 1


def test_entries_out_of_order_are_checked_when_the_gap_fills(client, sandbox, http, kiosk_id):
    one = _entry(kiosk_id, 1, GENESIS, "login")
    two = _entry(kiosk_id, 2, one["hash"])
    three = _entry(kiosk_id, 3, two["hash"], "logout")
    for entry in (one, three):
        client.submit_audit_entry(c.AuditEntry.model_validate(entry), audit_key(kiosk_id, entry["seq"]))
    trail = _trail(http, sandbox, kiosk_id)
    assert trail["chains"][0]["missing"] == [2] and trail["chains"][0]["broken"] == []
    assert trail["verified"] is False and not any(e["chain_broken"] for e in trail["items"])
    client.submit_audit_entry(c.AuditEntry.model_validate(two), audit_key(kiosk_id, 2))
    trail = _trail(http, sandbox, kiosk_id)
    assert trail["verified"] is True and [e["seq"] for e in trail["items"]] == [1, 2, 3]


def test_a_broken_chain_is_kept_and_flagged_as_an_alert(client, sandbox, http, kiosk_id):
    one = _entry(kiosk_id, 1, GENESIS, "login")
    two = _entry(kiosk_id, 2, one["hash"])
    for entry in (one, two):
        client.submit_audit_entry(c.AuditEntry.model_validate(entry), audit_key(kiosk_id, entry["seq"]))
    # entry 2 was removed from the kiosk's file and the rest re-chained from entry 1: 3 does not follow 2
    three = _entry(kiosk_id, 3, one["hash"], "void", item="item-9", reason="duplicate")
    answer = client.submit_audit_entry(c.AuditEntry.model_validate(three), audit_key(kiosk_id, 3))
    assert answer.chain_broken is True and answer.alert is True
    # an entry whose hash does not match its content
    four = _entry(kiosk_id, 4, three["hash"], "logout")
    four["reason"] = "idle"  # changed after hashing
    assert client.submit_audit_entry(c.AuditEntry.model_validate(four), audit_key(kiosk_id, 4)).chain_broken
    trail = _trail(http, sandbox, kiosk_id)
    assert trail["chains"][0]["broken"] == [3, 4] and trail["verified"] is False
    alerts = _trail(http, sandbox, kiosk_id, alerts="true")
    assert [(e["seq"], e["chain_broken"]) for e in alerts["items"]] == [(3, True), (4, True)]


def test_a_broken_first_entry_and_a_predecessor_arriving_late_are_flagged(client, sandbox, http, kiosk_id):
    first = _entry(kiosk_id, 1, "a" * 64, "login")  # the first entry must start from 64 zeros
    second = _entry(kiosk_id, 2, "b" * 64)
    client.submit_audit_entry(c.AuditEntry.model_validate(second), audit_key(kiosk_id, 2))
    assert _trail(http, sandbox, kiosk_id)["chains"][0]["broken"] == []  # its predecessor is not there yet
    client.submit_audit_entry(c.AuditEntry.model_validate(first), audit_key(kiosk_id, 1))
    assert _trail(http, sandbox, kiosk_id)["chains"][0]["broken"] == [1, 2]


def test_another_entry_under_a_stored_number_is_refused(client, sandbox, http, kiosk_id):
    one = _entry(kiosk_id, 1, GENESIS, "login")
    client.submit_audit_entry(c.AuditEntry.model_validate(one), audit_key(kiosk_id, 1))
    other = _entry(kiosk_id, 1, GENESIS, "quit")
    for key in (audit_key(kiosk_id, 1), "another-key"):
        with pytest.raises(RetryableError) as refused:  # 409: it stays in the kiosk's queue for a person
            client.submit_audit_entry(c.AuditEntry.model_validate(other), key)
        assert refused.value.status == 409
    response = http.put(sandbox.base_url + c.AUDIT_PATH.format(kiosk_id="kiosk-other", seq=1),
                        data=c.AuditEntry.model_validate(one).model_dump_json(), timeout=5,
                        headers={"Content-Type": "application/json", c.IDEMPOTENCY_KEY_HEADER: "k-x"})
    assert response.status_code == 422  # the path names another kiosk
    assert [e["action"] for e in _trail(http, sandbox, kiosk_id)["items"]] == ["login"]


def test_what_the_outbox_could_not_take_goes_at_the_next_start(client, sandbox, http, kiosk_id, tmp_path):
    closed = Outbox(tmp_path / "first.sqlite3")
    closed.close()
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path, kiosk_id=kiosk_id, deliver=outbox_delivery(closed))
    log.record("login", "", "pin", "staff:1")
    log.record("reprint", "item-1", "", "staff:1")
    assert len(log.entries()) == 2
    with Outbox(tmp_path / "second.sqlite3") as box:
        restarted = AuditLog(path, kiosk_id=kiosk_id, deliver=outbox_delivery(box))
        assert restarted.redeliver() == 2
        restarted.record("logout", "", "leave", "staff:1")
        assert [i.id for i in box.items()] == [audit_key(kiosk_id, n) for n in (1, 2, 3)]
        assert SyncWorker(box, client).drain(deadline=20).delivered == 3
    trail = _trail(http, sandbox, kiosk_id)
    assert [e["seq"] for e in trail["items"]] == [1, 2, 3] and trail["verified"] is True
