"""The court link over mutual TLS (contract 1.6), end to end on loopback: the sandbox served with TLS (a
server certificate from a test CA made here, independently of the sandbox's PKI code) verifying kiosk
certificates from its kiosk CA; the real court client enrolling, then talking with its certificate; tokens
bound to the certificate; the server checked by a CA file or a pinned key."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from court_sandbox.app import create_app
from court_sandbox.pki import KioskCA
from court_sandbox.server import SandboxServer
from court_sandbox.tls import SandboxTLS
from offline_queue import contract as c
from offline_queue import enrolment as e
from offline_queue.client import REASON_TLS, CourtClient, RetryableError
from offline_queue.tls import ClientTLS, spki_pin

pytestmark = pytest.mark.slow


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _root(tmp_path, name: str):
    """A self-signed test CA (its key and the PEM file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path / f"{name}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, path


def _leaf(tmp_path, name: str, issuer_key, issuer, *, server: bool):
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
               .issuer_name(issuer.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=30)))
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
    cert = builder.sign(issuer_key, hashes.SHA256())
    cert_path, key_path = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(_key_pem(key))
    key_path.chmod(0o600)
    return cert, cert_path, key_path


class Court:
    def __init__(self, server: SandboxServer, root: str, server_cert: x509.Certificate) -> None:
        self.server = server
        self.root = root
        self.server_cert = server_cert

    @property
    def enrolments(self):
        return self.server.app.state.sandbox.enrolments

    def code(self, kiosk_id: str) -> str:
        return self.enrolments.issue_code(c.EnrolmentCodeCreate(kiosk_id=kiosk_id)).code


@pytest.fixture
def court(tmp_path):
    root_key, root, root_path = _root(tmp_path, "test-root")
    server_cert, cert_path, key_path = _leaf(tmp_path, "court-server", root_key, root, server=True)
    kiosk_ca = KioskCA.create()
    ca_file = tmp_path / "kiosk-ca.pem"
    ca_file.write_text(kiosk_ca.cert_pem, encoding="ascii")
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), require_client_cert=True, kiosk_ca=kiosk_ca)
    with SandboxServer(db, app=app, tls=SandboxTLS(cert_path, key_path, client_ca=ca_file)) as server:
        assert server.base_url.startswith("https://")
        yield Court(server, str(root_path), server_cert)


def _tls(tmp_path, court: Court, kiosk_id: str, **kw) -> ClientTLS:
    values = {"ca_bundle": court.root, "cert_path": str(tmp_path / kiosk_id / "kiosk.pem"),
              "key_path": str(tmp_path / kiosk_id / "kiosk.key"), "require_client_cert": True} | kw
    return ClientTLS(**values)


def _enrolled(tmp_path, court: Court, kiosk_id: str, **kw) -> CourtClient:
    tls = _tls(tmp_path, court, kiosk_id, **kw)
    client = CourtClient(court.server.base_url, kiosk_id, tls=tls, timeout=5, deadline=10)
    e.enrol(client, court.code(kiosk_id), tls.cert_path, tls.key_path)
    client.reset_connections()
    return client


def _heartbeat(kiosk_id: str) -> c.Heartbeat:
    return c.Heartbeat(kiosk_id=kiosk_id, sent_at=dt.datetime.now(dt.UTC), software_version="test",
                       uptime_seconds=1.0)


def test_an_enrolled_kiosk_talks_over_mutual_tls_with_a_bound_token(tmp_path, court):
    with _enrolled(tmp_path, court, "hall-a-03") as client:
        client.authenticate()
        assert client.get_policy().courts
        client.heartbeat(_heartbeat("hall-a-03"))
    assert [k.kiosk_id for k in court.server.app.state.store.list_kiosks().items] == ["hall-a-03"]


def test_a_kiosk_without_its_certificate_is_refused(tmp_path, court):
    tls = _tls(tmp_path, court, "hall-a-03", require_client_cert=False)  # it sends anyway: the court says no
    with CourtClient(court.server.base_url, "hall-a-03", tls=tls) as client, pytest.raises(RetryableError) as caught:
        client.get_policy()
    assert caught.value.status == 401 and "client certificate is required" in str(caught.value)


def _raw(court: Court, tls: ClientTLS, kiosk_id: str, token: str | None = None) -> requests.Response:
    headers = {c.KIOSK_ID_HEADER: kiosk_id}
    if token:
        headers[c.AUTHORIZATION_HEADER] = f"Bearer {token}"
    return requests.get(court.server.base_url + c.POLICY_PATH, headers=headers, cert=tls.client_cert(),
                        verify=court.root, timeout=10)


def test_a_token_copied_to_another_kiosk_is_worth_nothing(tmp_path, court):
    a = _enrolled(tmp_path, court, "hall-a-03")
    b = _enrolled(tmp_path, court, "hall-a-04")
    with a, b:
        a.authenticate()
        stolen = a._token
        assert _raw(court, a.tls, "hall-a-03", stolen).status_code == 200
        refused = _raw(court, b.tls, "hall-a-04", stolen)  # B's certificate, A's token
    assert refused.status_code == 401


def test_a_certificate_speaks_for_its_own_kiosk_only(tmp_path, court):
    with _enrolled(tmp_path, court, "hall-a-03") as a:
        answer = _raw(court, a.tls, "hall-a-04")
    assert answer.status_code == 401 and "X-Kiosk-Id" in answer.json()["detail"]


def test_a_revoked_kiosk_is_refused_and_its_items_wait(tmp_path, court):
    with _enrolled(tmp_path, court, "hall-a-03") as client:
        client.get_policy()
        court.enrolments.revoke(court.enrolments.certificates().items[0].serial)
        with pytest.raises(RetryableError) as caught:  # retryable: the queue keeps the items for a new enrolment
            client.get_policy()
    assert caught.value.status == 401 and "revoked" in str(caught.value)


def test_a_certificate_from_another_ca_does_not_get_through_the_handshake(tmp_path, court):
    other_key, other, _path = _root(tmp_path, "impostor-root")
    _cert, cert_path, key_path = _leaf(tmp_path, "hall-a-03", other_key, other, server=False)
    tls = ClientTLS(ca_bundle=court.root, cert_path=str(cert_path), key_path=str(key_path), require_client_cert=True)
    with CourtClient(court.server.base_url, "hall-a-03", tls=tls) as client, pytest.raises(RetryableError):
        client.get_policy()


def test_a_pinned_server_key_is_enough_and_another_key_is_refused_before_sending(tmp_path, court):
    der = court.server_cert.public_bytes(serialization.Encoding.DER)
    with _enrolled(tmp_path, court, "hall-a-03", ca_bundle="", server_pins=(spki_pin(der),)) as pinned:
        assert pinned.get_policy().courts  # no CA file: the pin alone verifies the court

    wrong = spki_pin(_leaf(tmp_path, "other-server", *_root(tmp_path, "r2")[:2], server=True)[0].public_bytes(
        serialization.Encoding.DER))
    tls = _tls(tmp_path, court, "hall-a-03", ca_bundle="", server_pins=(wrong,))
    with CourtClient(court.server.base_url, "hall-a-03", tls=tls) as client, pytest.raises(RetryableError) as caught:
        client.heartbeat(_heartbeat("hall-a-03"))
    assert caught.value.reason == REASON_TLS
    assert court.server.app.state.store.list_kiosks().items == []  # nothing reached the court


def test_a_server_the_ca_file_does_not_vouch_for_is_refused(tmp_path, court):
    _key, _cert, elsewhere = _root(tmp_path, "unrelated-root")
    tls = _tls(tmp_path, court, "hall-a-03", ca_bundle=str(elsewhere))
    with CourtClient(court.server.base_url, "hall-a-03", tls=tls) as client, pytest.raises(RetryableError) as caught:
        e.enrol(client, court.code("hall-a-03"), tls.cert_path, tls.key_path)
    assert caught.value.reason == REASON_TLS
