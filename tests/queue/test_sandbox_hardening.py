"""Issue 17 part 5, the sandbox's hardening: the admin API on its own port with a token, binds beyond
loopback refused, TLS (and the client certificate the TLS layer verified), body size limits, private
files, purging finished records, API docs only in demo."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import ssl
import stat
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from fastapi import Request

from court_sandbox.app import create_app
from court_sandbox.limits import CHUNK_SLACK
from court_sandbox.private import read_private
from court_sandbox.purge import purge_store
from court_sandbox.server import SandboxServer, is_loopback, main
from court_sandbox.store import Store
from court_sandbox.tls import SandboxTLS, peer_certificate
from offline_queue import contract as c
from offline_queue.admin_client import admin_client, admin_headers
from offline_queue.client import CourtClient, PermanentError, RetryableError
from tests.queue.tls_pki import make_pki


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# ------------------------------------------------------------------ the admin API


def test_the_admin_api_is_on_its_own_port_and_needs_the_token(sandbox, http, caplog):
    assert sandbox.admin_url != sandbox.base_url
    for path in (c.ADMIN_FILINGS_PATH, c.FAULTS_PATH, c.ADMIN_AUDIT_PATH):
        assert http.get(sandbox.base_url + path, timeout=5).status_code == 404  # not on the public port
    url = sandbox.admin_url + c.ADMIN_FILINGS_PATH
    with caplog.at_level(logging.DEBUG):
        assert http.get(url, timeout=5).status_code == 401
        wrong = http.get(url, headers={c.ADMIN_TOKEN_HEADER: sandbox.admin_token[:-1] + "x"}, timeout=5)
        assert wrong.status_code == 401 and c.ADMIN_TOKEN_HEADER in wrong.json()["detail"]
        assert http.post(sandbox.admin_url + c.FAULTS_PATH, json={"fail_next": 3}, timeout=5).status_code == 401
        assert http.get(url, headers=admin_headers(sandbox), timeout=5).status_code == 200
        assert http.get(sandbox.admin_url + c.POLICY_PATH, headers=admin_headers(sandbox),
                        timeout=5).status_code == 404  # the kiosk's API is not on the admin port
    assert sandbox.app.state.faults.current().fail_next == 0  # the refused request changed nothing
    assert sandbox.admin_token not in caplog.text


def test_the_token_is_random_per_start_private_on_disk_and_can_be_given(tmp_path, make_submission):
    db = tmp_path / "court.sqlite3"
    with SandboxServer(db) as first:
        token = first.admin_token
        assert len(token) >= 40 and read_private(first.admin_token_file) == token
        assert mode(first.admin_token_file) == 0o600
    with SandboxServer(db) as second:
        assert second.admin_token != token and read_private(second.admin_token_file) == second.admin_token
    with SandboxServer(db, admin_token="given-token-0123456789") as third, \
            CourtClient(third.base_url, "kiosk-h1", timeout=5) as kiosk, admin_client(third) as admin:
        assert third.admin_token == "given-token-0123456789"
        submission = make_submission()
        kiosk.submit_filing(submission, str(uuid.uuid4()))
        status = admin.review(submission.filing_id, c.ReviewDecision(decision="refuse", reasons=["x"]))
        assert status.status == c.STATUS_REFUSED
        assert any(item.filing_id == submission.filing_id for item in admin.list_filings().items)
    with SandboxServer(db) as fourth, admin_client(fourth.admin_url, "wrong") as nobody, \
            pytest.raises((PermanentError, RetryableError)) as refused:
        nobody.list_filings()
    assert refused.value.status == 401


def test_the_cli_refuses_a_token_file_others_can_read(sandbox, tmp_path, capsys):
    loose = tmp_path / "loose.admin-token"
    loose.write_text(sandbox.admin_token)
    loose.chmod(0o644)
    assert main(["list", "--url", sandbox.admin_url, "--token-file", str(loose)]) == 1
    assert "0600" in capsys.readouterr().err
    loose.chmod(0o600)
    assert main(["list", "--url", sandbox.admin_url, "--token-file", str(loose)]) == 0
    wrong = tmp_path / "wrong.admin-token"
    wrong.write_text("nope")
    wrong.chmod(0o600)
    assert main(["list", "--url", sandbox.admin_url, "--token-file", str(wrong)]) == 1
    assert "HTTP 401" in capsys.readouterr().err


# ------------------------------------------------------------------ binds


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.2", False), ("court.example", False), ("", False)])
def test_loopback(host, expected):
    assert is_loopback(host) is expected


def test_a_bind_beyond_loopback_needs_tls_and_the_explicit_flag(tmp_path):
    db = tmp_path / "court.sqlite3"
    tls = SandboxTLS(tmp_path / "cert.pem", tmp_path / "key.pem")
    with pytest.raises(ValueError, match="TLS"):
        SandboxServer(db, host="0.0.0.0")
    with pytest.raises(ValueError, match="TLS"):
        SandboxServer(db, host="0.0.0.0", allow_remote=True)
    with pytest.raises(ValueError, match="--allow-remote"):
        SandboxServer(db, host="0.0.0.0", tls=tls)
    with pytest.raises(ValueError, match="admin API"):
        SandboxServer(db, admin_host="0.0.0.0")
    allowed = SandboxServer(db, host="0.0.0.0", tls=tls, allow_remote=True)  # (not started)
    assert allowed.admin_host == "127.0.0.1" and allowed.base_url.startswith("https://")
    assert SandboxServer(db, host="::1").admin_host == "::1"
    assert not db.exists()  # refused before anything was created


def test_serve_refuses_a_remote_bind_with_a_clear_message(tmp_path, capsys):
    db = tmp_path / "court.sqlite3"
    assert main(["serve", "--host", "0.0.0.0", "--port", "0", "--admin-port", "0", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "refusing to bind" in err and "TLS" in err
    pki = make_pki(tmp_path / "pki")
    assert main(["serve", "--host", "0.0.0.0", "--port", "0", "--admin-port", "0", "--db", str(db),
                 "--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key)]) == 2
    assert "--allow-remote" in capsys.readouterr().err
    assert main(["serve", "--port", "0", "--tls-cert", str(pki.server_cert)]) == 2
    assert "--tls-key" in capsys.readouterr().err
    assert not db.exists()


# ------------------------------------------------------------------ TLS


def _with_peer_route(app) -> None:
    async def peer(request: Request) -> dict[str, Any]:
        der = peer_certificate(request)
        return {"der": der.hex() if der is not None else None, "same": peer_certificate(request.scope) == der}

    app.add_api_route("/test/peer", peer, methods=["GET"])


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@contextmanager
def tls_sandbox(tmp_path, pki, client_ca: bool = True):
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db))
    _with_peer_route(app)
    tls = SandboxTLS(pki.server_cert, pki.server_key, pki.ca_cert if client_ca else None)
    with SandboxServer(db, app=app, tls=tls) as server:
        yield server


def test_https_with_an_optional_verified_client_certificate(tmp_path, pki):
    with tls_sandbox(tmp_path, pki) as server, requests.Session() as http:
        assert server.base_url.startswith("https://127.0.0.1:") and server.admin_url.startswith("https://")
        http.trust_env = False  # (REQUESTS_CA_BUNDLE would win over `verify`)
        http.verify = str(pki.ca_cert)
        assert http.get(server.base_url + c.HEALTH_PATH, timeout=5).json() == {"status": "ok"}
        # without a client certificate: served (the enrolment endpoint needs that), no peer certificate
        assert http.get(server.base_url + "/test/peer", timeout=5).json() == {"der": None, "same": True}
        seen = http.get(server.base_url + "/test/peer", cert=(str(pki.client_cert), str(pki.client_key)),
                        timeout=5).json()
        assert seen == {"der": pki.client_der.hex(), "same": True}
        # the admin port is TLS too, and still wants its token
        assert http.get(server.admin_url + c.ADMIN_FILINGS_PATH, timeout=5).status_code == 401
        with admin_client(server, ca_bundle=str(pki.ca_cert)) as admin:
            assert admin.list_filings().items is not None
        with pytest.raises(requests.ConnectionError):  # plain http to the TLS port
            requests.get(server.base_url.replace("https://", "http://") + c.HEALTH_PATH, timeout=5)


def test_a_client_certificate_from_another_ca_is_refused(tmp_path, pki):
    stranger = make_pki(tmp_path / "other")
    with tls_sandbox(tmp_path, pki) as server:
        with pytest.raises(requests.ConnectionError):  # a TLS alert (1.2) or the connection closed (1.3)
            requests.get(server.base_url + "/test/peer", verify=str(pki.ca_cert),
                         cert=(str(stranger.client_cert), str(stranger.client_key)), timeout=5)


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated:DeprecationWarning")
def test_tls_below_1_2_is_refused(tmp_path, pki):
    with tls_sandbox(tmp_path, pki, client_ca=False) as server:
        context = ssl.create_default_context(cafile=str(pki.ca_cert))
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.maximum_version = ssl.TLSVersion.TLSv1_1
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw, pytest.raises(ssl.SSLError):
            context.wrap_socket(raw, server_hostname="127.0.0.1")
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw, \
                context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            assert tls.version() == "TLSv1.2"


def test_no_peer_certificate_over_plain_http(tmp_path):
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db))
    _with_peer_route(app)
    with SandboxServer(db, app=app) as server:
        assert requests.get(server.base_url + "/test/peer", timeout=5).json() == {"der": None, "same": True}
    assert peer_certificate({"type": "http"}) is None


# ------------------------------------------------------------------ body limits


def test_bodies_over_the_limit_get_413_by_length_and_when_chunked(sandbox, http):
    too_big = b"x" * (1024 * 1024 + 1)
    for path in (c.MESSAGE_PATH.format(message_id=str(uuid.uuid4())),
                 c.AUDIT_PATH.format(kiosk_id="kiosk-limit", seq=1), c.FILING_PATH.format(filing_id="f-1")):
        refused = http.put(sandbox.base_url + path, data=too_big, timeout=10,
                           headers={c.IDEMPOTENCY_KEY_HEADER: "k", "Content-Type": "application/json"})
        assert refused.status_code == 413 and "at most 1048576 bytes" in refused.json()["detail"], path
    chunks = (b"x" * 100_000 for _ in range(12))  # no Content-Length: counted as it arrives
    refused = http.put(sandbox.base_url + c.MESSAGE_PATH.format(message_id=str(uuid.uuid4())), data=chunks,
                       headers={c.IDEMPOTENCY_KEY_HEADER: "k"}, timeout=10)
    assert refused.status_code == 413 and refused.json()["detail"]
    small = (part for part in (b'{"kind": ', b'"nonsense"}'))  # chunked and small: reaches the route
    assert http.put(sandbox.base_url + c.MESSAGE_PATH.format(message_id=str(uuid.uuid4())), data=small,
                    headers={c.IDEMPOTENCY_KEY_HEADER: "k", "Content-Type": "application/json"},
                    timeout=10).status_code == 422
    admin = http.post(sandbox.admin_url + c.FAULTS_PATH, data=too_big, timeout=10,
                      headers={**admin_headers(sandbox), "Content-Type": "application/json"})
    assert admin.status_code == 413


def test_the_chunk_path_allows_its_chunk_size_and_the_limit_is_configurable(tmp_path):
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), max_chunk_bytes=64 * 1024, max_body_bytes=4096)
    with SandboxServer(db, app=app) as server, requests.Session() as http:
        data = os.urandom(300_000)
        upload_id = str(uuid.uuid4())
        spec = {"upload_id": upload_id, "sha256": hashlib.sha256(data).hexdigest(), "length": len(data),
                "media_type": "image/png"}
        assert http.post(server.base_url + c.UPLOADS_PATH, json=spec, timeout=5,
                         headers={c.IDEMPOTENCY_KEY_HEADER: str(uuid.uuid4())}).status_code == 201
        url = server.base_url + c.UPLOAD_PATH.format(upload_id=upload_id)
        headers = {"Content-Type": c.UPLOAD_CONTENT_TYPE, c.UPLOAD_OFFSET_HEADER: "0"}
        assert http.patch(url, data=data[:64 * 1024], headers=headers, timeout=5).status_code == 200
        headers[c.UPLOAD_OFFSET_HEADER] = str(64 * 1024)
        over = http.patch(url, data=data[64 * 1024:64 * 1024 * 2 + 10], headers=headers, timeout=5)
        assert over.status_code == 413  # the route's own answer
        way_over = http.patch(url, data=data[:64 * 1024 + CHUNK_SLACK + 1], headers=headers, timeout=5)
        assert way_over.status_code == 413 and "at most" in way_over.json()["detail"]
        message = http.put(server.base_url + c.MESSAGE_PATH.format(message_id=str(uuid.uuid4())),
                           data=b"x" * 5000, headers={c.IDEMPOTENCY_KEY_HEADER: "k"}, timeout=5)
        assert message.status_code == 413 and "4096" in message.json()["detail"]


# ------------------------------------------------------------------ private files


def test_the_database_uploads_and_documents_are_private(tmp_path):
    db = tmp_path / "data" / "court.sqlite3"
    with SandboxServer(db) as server, CourtClient(server.base_url, "kiosk-h2", timeout=5) as kiosk:
        kiosk.get_policy()
        assert mode(db) == 0o600
        for sidecar in ("-wal", "-shm"):
            path = db.with_name(db.name + sidecar)
            if path.exists():
                assert mode(path) == 0o600
        assert mode(server.app.state.store.uploads_dir) == 0o700
        assert mode(f"{db}.documents") == 0o700
        assert mode(server.admin_token_file) == 0o600
    # A database left readable by everyone (an older sandbox) is tightened at the next start.
    os.chmod(db, 0o644)
    os.chmod(f"{db}.uploads", 0o755)
    Store(db)
    assert mode(db) == 0o600 and mode(f"{db}.uploads") == 0o700


# ------------------------------------------------------------------ purge


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t


def _count(store: Store, table: str, where: str = "1", *args: Any) -> int:
    with store._connect() as conn:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0]


def test_purge_removes_what_is_finished_and_keeps_what_is_pending(tmp_path, make_submission):
    clock = Clock()
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), clock=clock, demo_people=())
    store = app.state.store
    with SandboxServer(db, app=app) as server, CourtClient(server.base_url, "kiosk-h3", timeout=5) as kiosk, \
            admin_client(server) as admin:
        data = os.urandom(2000)
        attached = kiosk.upload(data, hashlib.sha256(data).hexdigest(), "image/png", str(uuid.uuid4()), 4096)
        assert attached.complete
        orphan = os.urandom(1000)
        kiosk.upload(orphan, hashlib.sha256(orphan).hexdigest(), "image/png", str(uuid.uuid4()), 4096)
        refused = make_submission(attachments=[{"sha256": hashlib.sha256(data).hexdigest(), "length": len(data),
                                                "media_type": "image/png", "kind": "evidence"}]) \
            if False else make_submission()
        pending, docketed_open, docketed_closed = make_submission(), make_submission(), make_submission()
        receipts = {s.filing_id: kiosk.submit_filing(s, str(uuid.uuid4()))
                    for s in (refused, pending, docketed_open, docketed_closed)}
        admin.review(refused.filing_id, c.ReviewDecision(decision="refuse", reasons=["不属于本院管辖"]))
        admin.review(docketed_open.filing_id, c.ReviewDecision(decision="docket"))
        admin.review(docketed_closed.filing_id, c.ReviewDecision(decision="docket"))
        admin.add_case_event(c.CaseEvent(filing_id=docketed_closed.filing_id, kind="timeline", label="结案",
                                         at=clock.t))
        notice = receipts[docketed_open.filing_id].fee_notice
        order = kiosk.create_payment(c.PaymentOrderCreate(payment_id=c.payment_id_for(notice.notice_id),
                                                          notice_id=notice.notice_id, amount=notice.amount),
                                     str(uuid.uuid4()))
        admin.settle_payment(order.payment_id, "paid")
        kiosk.submit_message(c.MessageSubmission(
            message_id=str(uuid.uuid4()), kind=c.MESSAGE_MEDIATION, court_code="京0105",
            sender=c.Party(kind="person", name="调解申请人", id_number=pending.plaintiff.id_number), text="请求调解",
            confirmed_at=clock.t), str(uuid.uuid4()))
        ticket = kiosk.issue_ticket(c.TicketRequest(ticket_id=str(uuid.uuid4()), hall="京0105", service_code="filing",
                                                    priority=False, requested_at=clock.t), str(uuid.uuid4()))
        assert ticket.number

        assert purge_store(store, timedelta(days=90)) == {}  # nothing is old yet
        clock.t += timedelta(days=91)
        counts = purge_store(store, timedelta(days=90))
        assert counts["filings"] == 2 and counts["payments"] == 1 and counts["messages"] == 1
        assert counts["tickets"] == 1 and counts["uploads"] == 2 and counts["idempotency_keys"] > 0
        assert counts["case_records"] == 1 and counts["fee_notices"] == 2
        remaining = {row.filing_id for row in admin.list_filings().items}
        assert {pending.filing_id, docketed_open.filing_id} <= remaining
        assert not {refused.filing_id, docketed_closed.filing_id} & remaining
        assert kiosk.search_cases(docketed_closed.plaintiff.id_number).items == []
        assert _count(store, "filing_people", "filing_id = ?", refused.filing_id) == 0
        assert _count(store, "case_documents", "filing_id = ?", docketed_closed.filing_id) == 0
        assert _count(store, "case_records", "filing_id = ?", docketed_open.filing_id) == 1
        assert list(store.uploads_dir.iterdir()) == []
        assert purge_store(store, timedelta(days=90)) == {}  # idempotent


def test_the_server_purges_at_start_and_on_a_schedule_and_the_cli_once(tmp_path, make_submission, capsys):
    clock = Clock()
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), clock=clock, demo_people=(), retention_days=30)
    with SandboxServer(db, app=app) as server, CourtClient(server.base_url, "kiosk-h4", timeout=5) as kiosk, \
            admin_client(server) as admin:
        first, second = make_submission(), make_submission()
        for s in (first, second):
            kiosk.submit_filing(s, str(uuid.uuid4()))
            admin.review(s.filing_id, c.ReviewDecision(decision="refuse", reasons=["x"]))
    clock.t += timedelta(days=31)
    server = SandboxServer(db, app=app, purge_interval=0.2).start()  # purges at start
    try:
        assert _count(app.state.store, "filings") == 0
        third = make_submission()
        with CourtClient(server.base_url, "kiosk-h4", timeout=5) as kiosk, admin_client(server) as admin:
            kiosk.submit_filing(third, str(uuid.uuid4()))
            admin.review(third.filing_id, c.ReviewDecision(decision="refuse", reasons=["x"]))
        clock.t += timedelta(days=31)
        deadline = time.monotonic() + 5
        while _count(app.state.store, "filings") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _count(app.state.store, "filings") == 0  # the hourly (here: 0.2 s) purge took it
        purge_thread = server._purge_thread
    finally:
        server.stop()
    assert purge_thread is not None and not purge_thread.is_alive()
    # The CLI, once: the real clock is far from these records' time (2026-03), so --days 0 takes what is left.
    assert main(["purge", "--days", "0", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip()
    assert main(["purge", "--days", "1", "--db", str(tmp_path / "absent.sqlite3")]) == 1


# ------------------------------------------------------------------ API docs


def test_api_docs_only_when_asked(tmp_path):
    db = tmp_path / "court.sqlite3"
    with SandboxServer(db) as plain:
        for base in (plain.base_url, plain.admin_url):
            for path in ("/docs", "/redoc", "/openapi.json"):
                assert requests.get(base + path, timeout=5).status_code in (401, 404), base + path
    with SandboxServer(db, docs=True) as demo:
        for base in (demo.base_url, demo.admin_url):
            assert requests.get(base + "/docs", timeout=5).status_code == 200
            paths = requests.get(base + "/openapi.json", timeout=5).json()["paths"]
            assert (c.REVIEW_PATH in paths) == (base == demo.admin_url)
