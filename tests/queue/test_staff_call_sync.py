"""Call staff end to end: the kiosk's outbox -> the sync worker (its idempotency key) -> the sandbox on
loopback; the hall's staff list the calls and acknowledge one through the admin API, and the kiosk learns
it by asking (`kiosk.services.staff_call._ask_court`, the client's GET); the same call sent again is one
call; the heartbeat carries the open calls into the fleet view; nothing personal crosses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from kiosk.services.staff_call import _ask_court
from offline_queue import contract as c
from offline_queue.admin_client import admin_headers
from offline_queue.items import KIND_STAFF_CALL, enqueue_staff_call
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker


def _call(**extra) -> c.StaffCall:
    data = dict(call_id=str(uuid.uuid4()), kiosk_id="kiosk-test-01", hall="京0105", called_at=datetime.now(UTC),
                screen="filing_claims", service="filing", green_channel=True)
    data.update(extra)
    return c.StaffCall(**data)


@pytest.fixture
def outbox(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def _calls(http, sandbox, **params) -> list[dict]:
    response = http.get(sandbox.admin_url + c.ADMIN_STAFF_CALLS_PATH, params=params, headers=admin_headers(sandbox), timeout=5)
    response.raise_for_status()
    return response.json()["items"]


def test_a_call_goes_through_the_outbox_to_the_hall_and_its_acknowledgement_comes_back(outbox, client, sandbox,
                                                                                       http):
    call = _call()
    item = enqueue_staff_call(outbox, call)
    assert item.kind == KIND_STAFF_CALL and item.idempotency_key == f"staff-call-{call.call_id}"
    result = SyncWorker(outbox, client).drain(deadline=20)
    assert result.delivered == 1 and outbox.get(call.call_id).state == "delivered"
    listed = [x for x in _calls(http, sandbox, open="true") if x["call_id"] == call.call_id]
    assert len(listed) == 1 and listed[0]["screen"] == "filing_claims" and listed[0]["green_channel"] is True
    assert listed[0]["status"] == c.STAFF_CALL_OPEN and listed[0]["kiosk_id"] == "kiosk-test-01"
    before = _ask_court(client, call.call_id)
    assert before.status == c.STAFF_CALL_OPEN and before.acknowledged_at is None
    # the hall's staff answer it
    answer = http.post(sandbox.admin_url + c.ADMIN_STAFF_CALL_ACK_PATH.format(call_id=call.call_id),
                       json={"by": "服务台"}, headers=admin_headers(sandbox), timeout=5)
    assert answer.status_code == 200 and answer.json()["status"] == c.STAFF_CALL_ACKNOWLEDGED
    after = _ask_court(client, call.call_id)
    assert after.status == c.STAFF_CALL_ACKNOWLEDGED and after.acknowledged_by == "服务台" and after.acknowledged_at
    assert all(x["call_id"] != call.call_id for x in _calls(http, sandbox, open="true"))
    # a second acknowledgement does not move the first one's time
    again = http.post(sandbox.admin_url + c.ADMIN_STAFF_CALL_ACK_PATH.format(call_id=call.call_id),
                      json={"by": "3"}, headers=admin_headers(sandbox), timeout=5).json()
    assert again["acknowledged_by"] == "服务台" and again["acknowledged_at"] == answer.json()["acknowledged_at"]


def test_the_same_call_sent_again_is_one_call_and_a_reused_key_for_another_is_refused(outbox, client, sandbox,
                                                                                       http):
    call = _call(green_channel=False, service=None, screen="attract")
    worker = SyncWorker(outbox, client)
    enqueue_staff_call(outbox, call)
    assert worker.send_staff_call(outbox.get(call.call_id))["status"] == c.STAFF_CALL_OPEN
    # the answer was lost, the kiosk restarted: the same item goes again
    assert worker.send_staff_call(outbox.get(call.call_id))["call_id"] == call.call_id
    assert len([x for x in _calls(http, sandbox) if x["call_id"] == call.call_id]) == 1
    other = _call()
    response = http.put(sandbox.base_url + c.STAFF_CALL_PATH.format(call_id=other.call_id),
                        data=other.model_dump_json(), timeout=5,
                        headers={"Content-Type": "application/json", c.IDEMPOTENCY_KEY_HEADER: f"staff-call-{call.call_id}"})
    assert response.status_code == 422


def test_unknown_calls_and_free_text_are_refused(client, sandbox, http):
    assert _ask_court(client, str(uuid.uuid4())) is None
    missing = http.post(sandbox.admin_url + c.ADMIN_STAFF_CALL_ACK_PATH.format(call_id=str(uuid.uuid4())),
                        json={}, headers=admin_headers(sandbox), timeout=5)
    assert missing.status_code == 404
    with pytest.raises(ValueError):
        _call(screen="张三 身份证 110105...")  # a screen is an identifier, never text


def test_the_heartbeat_carries_the_open_calls_into_the_fleet_view(client, sandbox, http):
    beat = c.Heartbeat(kiosk_id="kiosk-staffcall-hb", sent_at=datetime.now(UTC), software_version="t",
                       uptime_seconds=1.0, staff_calls_open=2, staff_calls_undelivered=1,
                       oldest_staff_call_at=datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    client.heartbeat(beat)
    fleet = http.get(sandbox.admin_url + c.ADMIN_KIOSKS_PATH, headers=admin_headers(sandbox), timeout=5).json()["items"]
    mine = next(k for k in fleet if k["kiosk_id"] == "kiosk-staffcall-hb")
    assert (mine["staff_calls_open"], mine["staff_calls_undelivered"]) == (2, 1) and mine["oldest_staff_call_at"]
