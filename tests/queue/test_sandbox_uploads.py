"""The sandbox's resumable uploads (tus-like): create, offset, PATCH chunks, 409/413/415/460/422, tokens,
and filings that reference completed uploads by digest."""

from __future__ import annotations

import base64
import hashlib
import os
import uuid

import pytest
import requests

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from offline_queue.admin_client import admin_headers


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def create(http, base, data: bytes, upload_id=None, key=None, **overrides):
    body = {"upload_id": upload_id or str(uuid.uuid4()), "length": len(data), "sha256": digest(data),
            "media_type": "image/png"} | overrides
    headers = {} if key is False else {c.IDEMPOTENCY_KEY_HEADER: key or str(uuid.uuid4())}
    return http.post(base + c.UPLOADS_PATH, json=body, headers=headers, timeout=5)


def patch(http, base, upload_id, offset, chunk, *, checksum=True, content_type=c.UPLOAD_CONTENT_TYPE, headers=None):
    h = {c.UPLOAD_OFFSET_HEADER: str(offset), "Content-Type": content_type}
    if checksum:
        h[c.UPLOAD_CHECKSUM_HEADER] = "sha256 " + base64.b64encode(hashlib.sha256(chunk).digest()).decode()
    h.update(headers or {})
    return http.patch(base + c.UPLOAD_PATH.format(upload_id=upload_id), data=chunk, headers=h, timeout=10)


def test_create_is_idempotent_and_refuses_reuse(sandbox, http):
    base, data, upload_id, key = sandbox.base_url, os.urandom(1000), str(uuid.uuid4()), str(uuid.uuid4())
    first = create(http, base, data, upload_id, key)
    assert first.status_code == 201 and first.json()["offset"] == 0 and not first.json()["complete"]
    assert first.json()["max_chunk_bytes"] > 0
    assert patch(http, base, upload_id, 0, data[:400]).status_code == 200
    again = create(http, base, data, upload_id, key)
    assert again.status_code == 200 and again.json()["offset"] == 400  # where it stands now
    assert again.headers[c.IDEMPOTENT_REPLAYED_HEADER] == "true"
    assert create(http, base, os.urandom(1000), upload_id, key).status_code == 422  # same key, other content
    assert create(http, base, data, upload_id, str(uuid.uuid4())).status_code == 422  # id taken
    assert create(http, base, data, key=False).status_code == 400  # no Idempotency-Key
    assert create(http, base, data, sha256="X" * 64).status_code == 422
    too_big = create(http, base, b"x", length=c.MAX_UPLOAD_LENGTH + 1)
    assert too_big.status_code == 422  # beyond the contract: refused by validation


def test_offset_by_head_and_get(sandbox, http):
    base, data, upload_id = sandbox.base_url, os.urandom(3000), str(uuid.uuid4())
    create(http, base, data, upload_id)
    patch(http, base, upload_id, 0, data[:1000])
    head = http.head(base + c.UPLOAD_PATH.format(upload_id=upload_id), timeout=5)
    assert head.status_code == 200 and head.headers[c.UPLOAD_OFFSET_HEADER] == "1000"
    assert head.headers[c.UPLOAD_LENGTH_HEADER] == "3000" and head.headers["Cache-Control"] == "no-store"
    got = http.get(base + c.UPLOAD_PATH.format(upload_id=upload_id), timeout=5).json()
    assert got["offset"] == 1000 and got["sha256"] == digest(data) and got["complete"] is False
    assert http.head(base + c.UPLOAD_PATH.format(upload_id="nope"), timeout=5).status_code == 404
    assert http.get(base + c.UPLOAD_PATH.format(upload_id="nope"), timeout=5).status_code == 404


def test_chunks_complete_the_upload_into_one_file(sandbox, http):
    base, data, upload_id = sandbox.base_url, os.urandom(2_500_000), str(uuid.uuid4())
    create(http, base, data, upload_id)
    step = 1024 * 1024
    for offset in range(0, len(data), step):
        answer = patch(http, base, upload_id, offset, data[offset : offset + step])
        assert answer.status_code == 200, answer.text
    assert answer.json()["complete"] is True and answer.headers[c.UPLOAD_OFFSET_HEADER] == str(len(data))
    store = sandbox.app.state.store
    stored = store.upload_path(upload_id).read_bytes()
    assert digest(stored) == digest(data)
    assert store.completed_uploads(digest(data))[0].upload_id == upload_id
    # After completion a chunk is refused with the final offset; creating again answers "complete".
    late = patch(http, base, upload_id, len(data), b"x")
    assert late.status_code == 409 and late.headers[c.UPLOAD_OFFSET_HEADER] == str(len(data))


def test_wrong_offset_is_409_with_the_current_offset(sandbox, http):
    base, data, upload_id = sandbox.base_url, os.urandom(5000), str(uuid.uuid4())
    create(http, base, data, upload_id)
    patch(http, base, upload_id, 0, data[:2000])
    for wrong in (0, 1000, 3000):
        answer = patch(http, base, upload_id, wrong, data[wrong : wrong + 1000])
        assert answer.status_code == 409 and answer.headers[c.UPLOAD_OFFSET_HEADER] == "2000"
    assert patch(http, base, upload_id, 2000, data[2000:9000] + b"extra").status_code == 400  # past length
    assert patch(http, base, upload_id, 2000, data[2000:]).json()["complete"] is True


def test_too_large_chunk_is_413_wrong_type_415_bad_checksum_460(sandbox, http):
    base, data, upload_id = sandbox.base_url, os.urandom(3 * 1024 * 1024), str(uuid.uuid4())
    create(http, base, data, upload_id)
    limit = http.get(base + c.UPLOAD_PATH.format(upload_id=upload_id), timeout=5).json()["max_chunk_bytes"]
    big = patch(http, base, upload_id, 0, data[: limit + 1])
    assert big.status_code == 413
    assert patch(http, base, upload_id, 0, data[:100], content_type="application/json").status_code == 415
    bad = patch(http, base, upload_id, 0, data[:100],
                headers={c.UPLOAD_CHECKSUM_HEADER: "sha256 " + base64.b64encode(b"\0" * 32).decode()})
    assert bad.status_code == c.CHECKSUM_MISMATCH_STATUS
    assert patch(http, base, upload_id, 0, data[:100], headers={c.UPLOAD_CHECKSUM_HEADER: "md5 xx"}).status_code == 400
    # None of them wrote anything.
    assert http.get(base + c.UPLOAD_PATH.format(upload_id=upload_id), timeout=5).json()["offset"] == 0
    assert patch(http, base, upload_id, 0, data[:limit]).status_code == 200


def test_digest_mismatch_is_refused_and_discarded(sandbox, http):
    base, data, upload_id = sandbox.base_url, os.urandom(4000), str(uuid.uuid4())
    create(http, base, data, upload_id, sha256=digest(b"something else"))
    patch(http, base, upload_id, 0, data[:2000])
    last = patch(http, base, upload_id, 2000, data[2000:])
    assert last.status_code == 422 and "SHA-256" in last.json()["detail"]
    assert http.head(base + c.UPLOAD_PATH.format(upload_id=upload_id), timeout=5).status_code == 404
    assert not sandbox.app.state.store.upload_path(upload_id).exists()


def _complete_upload(http, base, data):
    upload_id = str(uuid.uuid4())
    create(http, base, data, upload_id)
    assert patch(http, base, upload_id, 0, data).json()["complete"]
    return upload_id


def test_filing_needs_completed_uploads_and_keeps_the_references(sandbox, http, client, make_submission):
    base = sandbox.base_url
    page, scan = os.urandom(5000), os.urandom(7000)
    ref = {"sha256": digest(page), "media_type": "image/png", "length": len(page), "name": "page-1.png"}
    other = {"sha256": digest(scan), "media_type": "application/pdf", "length": len(scan), "name": "scan.pdf"}
    _complete_upload(http, base, page)
    pending = str(uuid.uuid4())
    create(http, base, scan, pending)
    patch(http, base, pending, 0, scan[:100])  # not complete yet
    submission = make_submission(attachments=[ref, other])
    answer = http.put(base + c.FILING_PATH.format(filing_id=submission.filing_id),
                      data=submission.model_dump_json(), headers={c.IDEMPOTENCY_KEY_HEADER: "att-" + pending,
                                                                  "Content-Type": "application/json"}, timeout=5)
    assert answer.status_code == 422 and "attachments.1" in answer.text
    patch(http, base, pending, 100, scan[100:])
    receipt = client.submit_filing(submission, "att-" + pending)  # the same key, now accepted
    assert receipt.filing_id == submission.filing_id
    refs = sandbox.app.state.store.filing_attachments(submission.filing_id)
    assert [r.model_dump(exclude={"purpose"}) for r in refs] == [ref, other]
    wrong_length = make_submission(attachments=[ref | {"length": len(page) + 1}])
    with pytest.raises(Exception) as refused:
        client.submit_filing(wrong_length, str(uuid.uuid4()))
    assert getattr(refused.value, "status", None) == 422


def test_filing_without_attachments_keeps_its_fingerprint(sandbox, client, make_submission):
    """A filing from before attachments existed replays (same key, same body) as before."""
    from court_sandbox.routes.filings import _filing_fingerprint_body

    submission = make_submission()
    assert "attachments" not in _filing_fingerprint_body(submission)
    first = client.submit_filing(submission, "fp-" + submission.filing_id)
    assert client.submit_filing(submission, "fp-" + submission.filing_id) == first


@pytest.fixture
def strict_sandbox(tmp_path):
    app = create_app(str(tmp_path / "court.sqlite3"), require_auth=True, max_chunk_bytes=64 * 1024)
    with SandboxServer(tmp_path / "court.sqlite3", app=app) as server:
        yield server


def test_tokens_required_checked_and_revoked(strict_sandbox):
    base, data, upload_id = strict_sandbox.base_url, os.urandom(100_000), str(uuid.uuid4())
    with requests.Session() as http:
        refused = create(http, base, data, upload_id)
        assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
        token = http.post(base + c.TOKEN_PATH, timeout=5).json()
        assert token["token_type"] == "Bearer" and token["expires_in"] > 0
        http.headers["Authorization"] = f"Bearer {token['access_token']}"
        assert create(http, base, data, upload_id).status_code == 201
        assert patch(http, base, upload_id, 0, data[:65 * 1024]).status_code == 413  # this server's limit
        assert patch(http, base, upload_id, 0, data[:64 * 1024]).status_code == 200
        assert http.delete(strict_sandbox.admin_url + c.ADMIN_TOKENS_PATH, headers=admin_headers(strict_sandbox),
                           timeout=5).json()["revoked"] == 1
        assert patch(http, base, upload_id, 64 * 1024, data[64 * 1024 :]).status_code == 401
        assert http.head(base + c.UPLOAD_PATH.format(upload_id=upload_id), timeout=5).status_code == 401
