"""Kiosk enrolment (contract 1.6) against the sandbox on loopback: one-time codes, the CA's checks of a
CSR, the kiosk's checks of the certificate it gets back, and what is installed (the key mode 0600)."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from court_sandbox.app import create_app
from court_sandbox.context import Tokens
from court_sandbox.enrolment import MAX_CODE_ATTEMPTS
from court_sandbox.pki import CsrRefused, KioskCA
from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from offline_queue import enrolment as e
from offline_queue.client import CourtClient, PermanentError, RetryableError
from offline_queue.tls import ClientTLS

KIOSK = "hall-a-03"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def court(tmp_path, clock):
    app = create_app(str(tmp_path / "court.sqlite3"), clock=clock)
    with SandboxServer(tmp_path / "court.sqlite3", app=app) as server:
        yield server


def _code(server, kiosk_id: str = KIOSK, minutes: int = 60) -> str:
    return server.app.state.sandbox.enrolments.issue_code(
        c.EnrolmentCodeCreate(kiosk_id=kiosk_id, valid_minutes=minutes)).code


def _paths(tmp_path):
    return tmp_path / "id" / "kiosk.pem", tmp_path / "id" / "kiosk.key"


def test_a_kiosk_enrols_with_its_code_and_keeps_its_key_private(court, tmp_path, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    cert, key = _paths(tmp_path)
    code = _code(court)
    with CourtClient(court.base_url, KIOSK) as client:
        answer = e.enrol(client, code.replace("-", " "), cert, key)  # staff may type spaces
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    secret = key.read_text().splitlines()[1]  # a line of the key's base64
    assert all(secret not in r.getMessage() and code not in r.getMessage() for r in caplog.records)
    assert caplog.records  # the enrolment was logged, without the key or the code
    found = e.status(cert, key)
    assert (found.state, found.kiosk_id, found.serial) == ("valid", KIOSK, answer.serial)
    assert found.days_left >= 364
    listed = court.app.state.sandbox.enrolments.certificates().items
    assert [(i.kiosk_id, i.serial, i.revoked) for i in listed] == [(KIOSK, answer.serial, False)]
    issued = x509.load_pem_x509_certificate(cert.read_bytes())
    assert issued.issuer == court.app.state.sandbox.enrolments.ca.cert.subject


def test_a_code_works_once(court, tmp_path):
    cert, key = _paths(tmp_path)
    code = _code(court)
    with CourtClient(court.base_url, KIOSK) as client:
        e.enrol(client, code, cert, key)
        first = cert.read_bytes()
        with pytest.raises(PermanentError) as caught:
            e.enrol(client, code, cert, key)
    assert caught.value.status == 403
    assert cert.read_bytes() == first  # the identity installed stays as it was


def test_a_code_is_for_its_kiosk_only(court, tmp_path):
    code = _code(court, "hall-a-04")
    with CourtClient(court.base_url, KIOSK) as client, pytest.raises(PermanentError) as caught:
        e.enrol(client, code, *_paths(tmp_path))
    assert caught.value.status == 403


def test_wrong_codes_burn_the_code(court, tmp_path):
    code = _code(court)
    wrong = "0000-0000-0000" if code != "0000-0000-0000" else "1111-1111-1111"
    with CourtClient(court.base_url, KIOSK) as client:
        for _ in range(MAX_CODE_ATTEMPTS):
            with pytest.raises(PermanentError):
                e.enrol(client, wrong, *_paths(tmp_path))
        with pytest.raises(PermanentError) as caught:
            e.enrol(client, code, *_paths(tmp_path))  # the right one, too late
    assert caught.value.status == 403
    assert not _paths(tmp_path)[0].exists()


def test_an_expired_code_is_refused(court, tmp_path, clock):
    code = _code(court, minutes=10)
    clock.now += dt.timedelta(minutes=11)
    with CourtClient(court.base_url, KIOSK) as client, pytest.raises(PermanentError) as caught:
        e.enrol(client, code, *_paths(tmp_path))
    assert caught.value.status == 403


def test_a_code_that_is_not_twelve_digits_is_not_sent(court, tmp_path):
    with CourtClient(court.base_url, KIOSK) as client, pytest.raises(e.EnrolmentRefused) as caught:
        e.enrol(client, "1234-5678", *_paths(tmp_path))
    assert caught.value.reason == "bad_code"


def test_a_csr_for_another_kiosk_is_refused_and_the_code_not_spent(court, tmp_path):
    code = _code(court)
    key = e.make_key()
    with CourtClient(court.base_url, KIOSK) as client:
        with pytest.raises(PermanentError) as caught:
            client.enrol(c.EnrolmentRequest(code=code, csr_pem=e.make_csr("someone-else", key)))
        assert caught.value.status == 422
        e.enrol(client, code, *_paths(tmp_path))  # the code still works with a proper CSR


# --------------------------------------------------------------------------- the CA's checks
def _csr(cn: str, key) -> str:
    csr = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode()


def test_the_ca_signs_only_good_requests():
    ca = KioskCA.create()
    good = ca.issue_kiosk(_csr(KIOSK, ec.generate_private_key(ec.SECP256R1())), KIOSK)
    assert good.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    with pytest.raises(CsrRefused, match="CN"):
        ca.issue_kiosk(_csr("other", ec.generate_private_key(ec.SECP256R1())), KIOSK)
    with pytest.raises(CsrRefused, match="2048"):
        ca.issue_kiosk(_csr(KIOSK, rsa.generate_private_key(65537, 1024)), KIOSK)
    with pytest.raises(CsrRefused, match="PEM"):
        ca.issue_kiosk("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", KIOSK)


# --------------------------------------------------------------------------- the kiosk's checks
def _answer(ca: KioskCA, key, kiosk_id: str = KIOSK, chain: KioskCA | None = None) -> c.EnrolmentCertificate:
    cert = ca.issue_kiosk(_csr(kiosk_id, key), kiosk_id)
    return c.EnrolmentCertificate(kiosk_id=KIOSK, certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
                                  ca_chain_pem=(chain or ca).cert_pem, serial=f"{cert.serial_number:X}",
                                  not_after=cert.not_valid_after_utc)


def test_the_kiosk_installs_only_its_own_certificate():
    ca, key = KioskCA.create(), e.make_key()
    assert e.check_certificate(_answer(ca, key), KIOSK, key)
    cases = {
        "wrong_key": _answer(ca, e.make_key()),  # a certificate for someone else's key
        "wrong_kiosk": _answer(ca, key, "hall-b-01"),
        "bad_chain": _answer(ca, key, chain=KioskCA.create()),  # not signed by the CA sent
    }
    for reason, answer in cases.items():
        with pytest.raises(e.EnrolmentRefused) as caught:
            e.check_certificate(answer, KIOSK, key)
        assert caught.value.reason == reason
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    with pytest.raises(e.EnrolmentRefused) as caught:
        e.check_certificate(_answer(ca, key), KIOSK, key, now=later)
    assert caught.value.reason == "not_valid_now"


def test_status_tells_renewal_expiry_and_damage(tmp_path):
    cert, key = _paths(tmp_path)
    assert e.status(cert, key).state == "none"
    ca, private = KioskCA.create(), e.make_key()
    issued = ca.issue_kiosk(_csr(KIOSK, private), KIOSK, days=20)
    cert.parent.mkdir()
    cert.write_bytes(issued.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    assert e.status(cert, key).state == "renew"
    assert e.status(cert, key, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).state == "expired"
    key.write_bytes(e.make_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    assert e.status(cert, key).state == "broken"  # the key does not belong to the certificate


# --------------------------------------------------------------------------- before enrolment
def test_nothing_but_the_enrolment_is_sent_before_the_kiosk_is_enrolled(court, tmp_path):
    cert, key = _paths(tmp_path)
    tls = ClientTLS(cert_path=str(cert), key_path=str(key), require_client_cert=True)
    with CourtClient(court.base_url, KIOSK, tls=tls) as client:
        with pytest.raises(RetryableError) as caught:
            client.get_policy()
        assert caught.value.reason == "not_enrolled"
        e.enrol(client, _code(court), cert, key)  # the enrolment itself goes out
        assert tls.enrolled


def test_a_token_is_bound_to_the_certificate_it_was_issued_over():
    tokens = Tokens()
    bound, plain = tokens.issue("a" * 64), tokens.issue(None)
    assert tokens.valid(bound, "a" * 64) and not tokens.valid(bound, "b" * 64) and not tokens.valid(bound, None)
    assert tokens.valid(plain, None) and not tokens.valid(plain, "a" * 64)


# --------------------------------------------------------------------------- the court's IT staff (CLI)
def test_it_staff_issue_codes_list_and_revoke_from_the_command_line(court, tmp_path, capsys):
    from court_sandbox.server import main

    admin = ["--url", court.admin_url, "--token-file", str(court.admin_token_file)]
    assert main(["enrol-code", KIOSK, "--minutes", "5", *admin]) == 0
    code = capsys.readouterr().out.split("\t")[0]
    with CourtClient(court.base_url, KIOSK) as client:
        answer = e.enrol(client, code, *_paths(tmp_path))
    assert main(["kiosk-certs", *admin]) == 0
    assert f"{KIOSK}\t{answer.serial}" in capsys.readouterr().out
    assert main(["revoke-kiosk", answer.serial, *admin]) == 0
    assert main(["kiosk-certs", *admin]) == 0
    assert capsys.readouterr().out.rstrip().endswith("revoked")
    assert main(["revoke-card", "a1b2c3", "--reason", "lost", *admin]) == 0
    with CourtClient(court.base_url, KIOSK) as client:
        assert client.staff_card_revocations().serials == ["A1B2C3"]
    assert main(["enrol-code", KIOSK, "--url", court.admin_url, "--token-file", str(tmp_path / "none")]) == 1


def test_pki_init_makes_a_ca_and_a_server_certificate(tmp_path, capsys):
    from court_sandbox.server import main

    assert main(["pki", "init", str(tmp_path / "pki"), "--host", "127.0.0.1", "--host", "court.example"]) == 0
    server = x509.load_pem_x509_certificate((tmp_path / "pki" / "server.pem").read_bytes())
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "court.example" in names.get_values_for_type(x509.DNSName)
    assert stat.S_IMODE((tmp_path / "pki" / "server.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "pki" / "ca.key").stat().st_mode) == 0o600
    assert "court.ca_bundle" in capsys.readouterr().out


def test_kiosk_court_pin_and_status(tmp_path, capsys):
    import base64

    from kiosk.cli import main as kiosk

    ca = KioskCA.create()
    cert, _key = ca.issue_server(["127.0.0.1"])
    path = tmp_path / "server.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    assert kiosk(["court", "pin", str(path)]) == 0
    pin = capsys.readouterr().out.strip()
    spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    import hashlib

    assert pin == "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode()
    assert kiosk(["court", "pin", str(tmp_path / "nothing.pem")]) == 2
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[court]\nclient_cert_path = "{tmp_path / "id.pem"}"\nclient_key_path = "{tmp_path / "id.key"}"\n',
                      encoding="utf-8")
    assert kiosk(["court", "status", "--config", str(config)]) == 1
    assert '"state": "none"' in capsys.readouterr().out
