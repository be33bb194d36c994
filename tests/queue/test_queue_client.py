"""CourtClient against the real sandbox: headers, results, and how each failure is classified."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from email.utils import formatdate

import pytest
from pydantic import ValidationError

from offline_queue import contract as c
from offline_queue.client import CourtClient, PermanentError, RetryableError, parse_retry_after


def test_round_trip(client, admin_court, make_submission):
    assert client.health().status == "ok"
    assert client.get_policy().fee_schedule_version == "2007-481"
    submission = make_submission()
    receipt = client.submit_filing(submission, str(uuid.uuid4()))
    assert receipt.filing_id == submission.filing_id and receipt.status == c.STATUS_PENDING_REVIEW
    assert client.filing_status(submission.filing_id).status == c.STATUS_PENDING_REVIEW
    assert [item.filing_id for item in client.search_cases(submission.plaintiff.id_number).items] == [
        submission.filing_id
    ]
    status = admin_court.review(
        submission.filing_id, c.ReviewDecision(decision="refuse", reasons=["超过诉讼时效"])
    )
    assert status.status == c.STATUS_REFUSED
    assert any(item.filing_id == submission.filing_id for item in admin_court.list_filings().items)


def test_every_request_carries_the_tracing_headers(client, caplog):
    with caplog.at_level(logging.INFO, logger="court_sandbox.access"):
        client.get_policy(correlation_id="op-42")
        client.get_policy(correlation_id="op-42")
        client.get_policy()
    lines = [r.getMessage() for r in caplog.records if r.name == "court_sandbox.access"]
    assert len(lines) == 3
    assert all("kiosk_id=kiosk-test-01" in line for line in lines)
    assert sum("correlation_id=op-42" in line for line in lines) == 2
    request_ids = {line.split("request_id=")[1].split()[0] for line in lines}
    assert len(request_ids) == 3 and all(uuid.UUID(r) for r in request_ids)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses(client, admin, status):
    admin.faults(fail_next=1, status=status)
    with pytest.raises(RetryableError) as info:
        client.get_policy()
    assert info.value.status == status
    assert info.value.retry_after is None
    assert client.get_policy().version  # the fault was used up


@pytest.mark.parametrize("status", [400, 403, 404, 410, 415, 422])
def test_permanent_statuses(client, admin, status):
    admin.faults(fail_next=1, status=status, body='{"detail": "nope"}')
    with pytest.raises(PermanentError) as info:
        client.get_policy()
    assert (info.value.status, info.value.detail) == (status, "nope")
    assert not isinstance(info.value, RetryableError)


def test_retry_after_in_seconds_and_as_a_date(client, admin):
    admin.faults(fail_next=1, status=503, retry_after=30)
    with pytest.raises(RetryableError) as info:
        client.get_policy()
    assert info.value.retry_after == 30
    admin.faults(fail_next=1, status=429, retry_after=formatdate(time.time() + 120, usegmt=True))
    with pytest.raises(RetryableError) as info:
        client.get_policy()
    assert 115 <= info.value.retry_after <= 121


def test_parse_retry_after():
    assert parse_retry_after(None) is None
    assert parse_retry_after("5") == 5
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: now
    assert parse_retry_after("99999999") == 24 * 3600  # capped


def test_answers_that_break_the_contract_are_retryable(client, admin):
    admin.faults(fail_next=1, status=200, body="<html>proxy login</html>", content_type="text/html")
    with pytest.raises(RetryableError, match="not JSON"):
        client.get_policy()
    admin.faults(fail_next=1, status=200, body='{"unexpected": true}')
    with pytest.raises(RetryableError, match="does not match Policy"):
        client.get_policy()


def test_timeout_is_retryable(sandbox, admin):
    admin.faults(latency_ms=600)
    with CourtClient(sandbox.base_url, "kiosk-slow", timeout=0.2) as slow:
        started = time.monotonic()
        with pytest.raises(RetryableError, match="timeout"):
            slow.get_policy()
        assert time.monotonic() - started < 0.55
    # The sandbox is the session's: let it finish the request the client gave up on, or that request
    # would take the faults a later test sets (it did: a lost answer meant for a message).
    time.sleep(0.6 - (time.monotonic() - started) + 0.2)


def test_connection_refused_is_retryable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed when the block ends: nobody listens there
    with CourtClient(f"http://127.0.0.1:{port}", "kiosk-x", timeout=2) as nowhere:
        with pytest.raises(RetryableError, match="connection error") as info:
            nowhere.health()
    assert info.value.status is None


def test_invalid_id_number_is_refused_locally(client):
    with pytest.raises(ValidationError):
        client.search_cases("110105194912310021")


def test_submit_replays_and_refuses_a_changed_body(client, make_submission):
    submission = make_submission()
    first = client.submit_filing(submission, "client-key-1")
    assert client.submit_filing(submission, "client-key-1") == first
    changed = submission.model_copy(update={"claims": "改过的请求"})
    with pytest.raises(PermanentError) as info:
        client.submit_filing(changed, "client-key-1")
    assert info.value.status == 422


def test_client_logs_no_personal_data(client, make_submission, caplog, admin):
    submission = make_submission()
    admin.faults(fail_next=1, status=422, body='{"detail": [{"loc": ["body"], "msg": "bad", "type": "x"}]}')
    with caplog.at_level(logging.DEBUG, logger="offline_queue"):
        with pytest.raises(PermanentError) as info:
            client.submit_filing(submission, "client-key-privacy")
        client.submit_filing(submission, "client-key-privacy")
    assert info.value.detail == "body: bad"
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("offline_queue"))
    assert "PUT /api/v1/filings/" in text
    for secret in (submission.plaintiff.id_number, "张三", submission.claims):
        assert secret not in text
