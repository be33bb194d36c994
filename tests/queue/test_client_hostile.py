"""The court client against a hostile server (issue 17): every answer ends in a classified outcome.

The server (`hostile_server.HostileServer`) is a plain http.server in its own thread; the client is
the real `CourtClient`. Each case asserts the class and reason of the outcome, and that nothing else
is raised.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from offline_queue import contract as c
from offline_queue import transport as t
from offline_queue.client import CourtClient, PermanentError, RetryableError, answer_limit
from offline_queue.outbox import DEAD, PENDING, Outbox
from offline_queue.sync import MAX_NONSENSE_ATTEMPTS, SyncWorker
from tests.queue import hostile_samples as s
from tests.queue.hostile_server import Answer, HostileServer


@pytest.fixture
def server():
    with HostileServer() as srv:
        yield srv


@pytest.fixture
def court(server):
    with CourtClient(server.base_url, "kiosk-h", timeout=2.0, deadline=5.0) as client:
        yield client


def _json(data: object, status: int = 200, **kw) -> Answer:
    return Answer(status=status, body=json.dumps(data, ensure_ascii=False).encode(), **kw)


def _endpoint(name: str) -> s.Endpoint:
    return next(e for e in s.ENDPOINTS if e.name == name)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- transport
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_never_followed_and_a_body_never_sent_again(server, court, status):
    server.serve(Answer(status=status, body=b"", headers={"Location": server.base_url + "/elsewhere"}),
                 _json(_endpoint("submit_filing").answer))
    with pytest.raises(PermanentError) as caught:
        court.submit_filing(s.FILING, "key-f")
    assert caught.value.reason == t.REASON_REDIRECT and caught.value.status == status
    assert "redirect" in str(caught.value)
    assert [r.path for r in server.requests] == [c.FILING_PATH.format(filing_id="F-1")]  # no second request, to /elsewhere or anywhere
    assert sum(1 for r in server.requests if r.body) == 1


def test_proxies_from_the_environment_are_ignored(server, court, monkeypatch):
    dead = f"http://127.0.0.1:{_closed_port()}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, dead)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    server.serve(_json(_endpoint("get_policy").answer))
    assert court.get_policy().version == "x"
    assert len(server.requests) == 1


def test_only_the_configured_proxy_is_used(server):
    with CourtClient(server.base_url, "kiosk-h", timeout=2.0, proxy=f"http://127.0.0.1:{_closed_port()}") as k:
        with pytest.raises(RetryableError, match="connection error"):
            k.get_policy()
    assert server.requests == []


@pytest.mark.parametrize("trickled", ["body", "head"])
def test_the_deadline_ends_a_trickled_answer(server, trickled):
    """1 byte every 0.2 s, each read well within the timeout: of the body, or of the status line and headers."""
    body = json.dumps(_endpoint("get_policy").answer).encode()
    server.serve(Answer(body=body, trickle=0.2) if trickled == "body" else Answer(body=body, trickle_head=0.2))
    with CourtClient(server.base_url, "kiosk-h", timeout=2.0, deadline=1.0) as k:
        started = time.monotonic()
        with pytest.raises(RetryableError) as caught:
            k.get_policy()
        took = time.monotonic() - started
    assert caught.value.reason == t.REASON_TOO_SLOW and "too slow" in str(caught.value)
    assert 0.9 < took < 2.0


def test_a_body_over_the_cap_is_not_read(server, court):
    limit = answer_limit(c.FILING_PATH.format(filing_id="F-1"))
    server.serve(Answer(body=b"x" * 10, length=limit + 1))  # announced: refused before reading
    with pytest.raises(RetryableError) as caught:
        court.submit_filing(s.FILING, "key-f")
    assert caught.value.reason == t.REASON_TOO_LARGE
    server.serve(Answer(body=b"[" + b"1," * limit + b"1]", length=-1))  # no length: stops at the cap
    with pytest.raises(RetryableError) as caught:
        court.submit_filing(s.FILING, "key-f")
    assert caught.value.reason == t.REASON_TOO_LARGE and "too large" in str(caught.value)


def test_a_document_over_its_limit_is_413(server, court):
    server.serve(Answer(body=s.PDF + b"x" * 70_000, content_type="application/pdf"))
    with pytest.raises(PermanentError) as caught:
        court.fetch_document(s.DOC_REQUEST, max_bytes=64 * 1024)
    assert caught.value.status == 413 and caught.value.reason == t.REASON_TOO_LARGE


def test_a_body_cut_off_is_retryable(server, court):
    server.serve(Answer(body=b'{"version": "1"', length=500, close_early=True))
    with pytest.raises(RetryableError) as caught:
        court.get_policy()
    assert caught.value.reason == t.REASON_BROKEN_OFF


# ------------------------------------------------------------------------ hostile answers
def test_an_html_error_page_from_a_proxy_is_retryable_with_its_reason(server, court):
    server.serve(Answer(status=502, body=b"<html><body>Bad Gateway</body></html>", content_type="text/html"))
    with pytest.raises(RetryableError) as caught:
        court.submit_filing(s.FILING, "key-f")
    assert caught.value.status == 502 and caught.value.reason == t.REASON_HTML
    assert "HTML page" in str(caught.value)


def test_a_proxys_html_404_is_not_an_unknown_item(server, court):
    server.serve(Answer(status=404, body=b"<html>Not Found</html>", content_type="text/html"))
    with pytest.raises(PermanentError) as caught:
        court.payment_status("P-1")
    assert caught.value.reason == t.REASON_HTML


@pytest.mark.parametrize("body, content_type", [
    (b"\xff\xfe\x00garbage\x81", "application/json"),
    (b"<html>login</html>", "text/html"),
    (b"NaN", "application/json"),
    (b"[" * 100_000 + b"]" * 100_000, None),
    (b"1" * 5000, "application/json"),
])
def test_200_with_garbage_is_nonsense(server, court, body, content_type):
    server.serve(Answer(body=body[: answer_limit("/")], content_type=content_type))
    with pytest.raises(RetryableError) as caught:
        court.get_policy()
    assert caught.value.reason in (t.REASON_NOT_JSON, t.REASON_INVALID, t.REASON_TOO_LARGE)


@pytest.mark.parametrize("answer", [
    {"filing_id": 5, "received_at": "yesterday"},
    {"received_at": s.NOW.isoformat()},
    [],
    "a string",
    {"filing_id": {"nested": ["deeper"]}, "received_at": s.NOW.isoformat()},
])
def test_wrong_types_and_missing_fields_are_nonsense(server, court, answer):
    server.serve(_json(answer, status=201))
    with pytest.raises(RetryableError) as caught:
        court.submit_filing(s.FILING, "key-f")
    assert caught.value.reason == t.REASON_INVALID and "FilingReceipt" in str(caught.value)


@pytest.mark.parametrize("detail", [
    [{"loc": 5, "msg": "bad"}], [{"loc": None}], [{"loc": [[1], {"a": 1}], "msg": 7}], [1, "x"], {"loc": "x"}, 5,
])
def test_error_answers_of_any_shape_are_classified(server, court, detail):
    server.serve(_json({"detail": detail}, status=422))
    with pytest.raises(PermanentError) as caught:
        court.submit_filing(s.FILING, "key-f")
    assert caught.value.status == 422
    server.serve(_json({"detail": detail}, status=503, headers={"Retry-After": "²"}))
    with pytest.raises(RetryableError) as caught:
        court.submit_filing(s.FILING, "key-f")
    assert caught.value.status == 503 and caught.value.retry_after is None


@pytest.mark.parametrize("name", [e.name for e in s.ENDPOINTS if e.echoed])
def test_an_answer_about_another_item_is_never_a_success(server, court, name):
    endpoint = _endpoint(name)
    for field in endpoint.echoed:
        wrong = dict(endpoint.answer)
        wrong[field] = 4 if isinstance(wrong[field], int) else "99.00" if field == "amount" else "OTHER-9"
        server.serve(_json(wrong))
        with pytest.raises(PermanentError) as caught:
            endpoint.call(court)
        assert caught.value.reason == t.REASON_MISMATCH, field
        assert "mismatched answer" in str(caught.value)


def test_a_fee_notice_for_another_filing_is_a_mismatch(server, court):
    notice = s.sample_answer(c.FeeNotice, filing_id="F-OTHER")
    server.serve(_json(s.sample_answer(c.FilingReceipt, filing_id="F-1", fee_notice=notice), status=201))
    with pytest.raises(PermanentError, match="mismatched answer"):
        court.submit_filing(s.FILING, "key-f")


def test_an_upload_said_complete_too_early_is_a_mismatch(server, court):
    status = s.sample_answer(c.UploadStatus, upload_id="U-1", length=len(s.UPLOAD_CONTENT), sha256=s.UPLOAD_SHA,
                             offset=3, complete=True)
    server.serve(_json(status))
    with pytest.raises(PermanentError, match="impossible offset"):
        court.upload(s.UPLOAD_CONTENT, s.UPLOAD_SHA, "application/pdf", "U-1")


def test_an_upload_that_never_advances_ends(server, court):
    status = s.sample_answer(c.UploadStatus, upload_id="U-1", length=len(s.UPLOAD_CONTENT), sha256=s.UPLOAD_SHA,
                             offset=0)
    server.serve(_json(status))
    with pytest.raises(RetryableError, match="no progress"):
        court.upload(s.UPLOAD_CONTENT, s.UPLOAD_SHA, "application/pdf", "U-1", max_resumes=3)
    assert len(server.requests) < 10


# ------------------------------------------------------------------------ the outbox's outcome
@pytest.fixture
def outbox(tmp_path):
    with Outbox(tmp_path / "outbox.sqlite3", key_path=tmp_path / "keys" / "outbox.key") as box:
        yield box


def _enqueue_filing(outbox) -> str:
    outbox.enqueue("filing", s.FILING.model_dump(mode="json"), "key-f", item_id="F-1")
    return "F-1"


def test_nonsense_is_retried_a_bounded_number_of_times_then_a_dead_letter(server, court, outbox):
    worker = SyncWorker(outbox, court, base_delay=0.0, max_delay=0.0)
    item_id = _enqueue_filing(outbox)
    server.serve(_json({"filing_id": 5}, status=201))
    states = [worker.process_one(ignore_schedule=True)[1] for _ in range(MAX_NONSENSE_ATTEMPTS)]
    assert states == [PENDING] * (MAX_NONSENSE_ATTEMPTS - 1) + [DEAD]
    stored = outbox.get(item_id)
    assert stored.last_error.startswith(t.REASON_INVALID) and "FilingReceipt" in stored.last_error


def test_a_mismatched_answer_is_a_dead_letter_at_once(server, court, outbox):
    worker = SyncWorker(outbox, court)
    item_id = _enqueue_filing(outbox)
    server.serve(_json(s.sample_answer(c.FilingReceipt, filing_id="F-2"), status=201))
    assert worker.process_one(ignore_schedule=True)[1] == DEAD
    assert outbox.get(item_id).last_error.startswith(t.REASON_MISMATCH)


def test_a_redirect_is_a_dead_letter_with_its_reason(server, court, outbox):
    worker = SyncWorker(outbox, court)
    item_id = _enqueue_filing(outbox)
    server.serve(Answer(status=307, body=b"", headers={"Location": "/x"}))
    assert worker.process_one(ignore_schedule=True)[1] == DEAD
    assert outbox.get(item_id).last_error.startswith(t.REASON_REDIRECT)
    assert len(server.requests) == 1


def test_a_proxy_error_page_is_retried(server, court, outbox):
    worker = SyncWorker(outbox, court, base_delay=0.0, max_delay=0.0)
    _enqueue_filing(outbox)
    server.serve(Answer(status=502, body=b"<html>Bad Gateway</html>", content_type="text/html"))
    assert [worker.process_one(ignore_schedule=True)[1] for _ in range(MAX_NONSENSE_ATTEMPTS + 2)] == \
        [PENDING] * (MAX_NONSENSE_ATTEMPTS + 2)
