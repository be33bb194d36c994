"""The signalling socket over wss:// checks the court's pinned key before it writes its upgrade request
(which carries the kiosk's id and token): a wss server on loopback with a self-signed certificate made
here (cryptography), the kiosk's TLS as `offline_queue.tls.ClientTLS` makes it for a court with pins and
no CA bundle (where the pin is the only check of the court)."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from websockets.asyncio.server import serve

from kiosk.video.signalling import SignallingClient, SignallingUnreachable, kiosk_headers
from offline_queue.tls import ClientTLS, spki_pin


def _self_signed(tmp_path, name: str) -> tuple[str, str, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / f"{name}.crt", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path), cert.public_bytes(serialization.Encoding.DER)


async def _attempt(cert_path: str, key_path: str, tls: ClientTLS) -> tuple[bool, list[dict]]:
    """Connect to a wss court with this certificate: (connected, the upgrade requests' headers it saw)."""
    seen: list[dict] = []

    def process_request(connection, request):
        seen.append({"Authorization": request.headers.get("Authorization")})
        return None

    async def handler(ws):
        await ws.send('{"type": "position", "position": 1}')
        await ws.wait_closed()

    server_ssl = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ssl.load_cert_chain(cert_path, key_path)
    async with serve(handler, "127.0.0.1", 0, ssl=server_ssl, process_request=process_request) as server:
        port = server.sockets[0].getsockname()[1]
        client = SignallingClient(f"wss://127.0.0.1:{port}/api/v1/video/calls/c1/signal",
                                  headers=kiosk_headers("K-01", "secret"), ssl_context=tls.ssl_context(),
                                  pin_check=tls.pin_matches, open_timeout=3)
        try:
            await client.connect()
        except SignallingUnreachable:
            return False, seen
        try:
            assert (await client.recv())["type"] == "position"
        finally:
            await client.close()
        return True, seen


def test_the_pinned_court_is_let_in_and_another_key_never_sees_the_request(tmp_path):
    court_cert, court_key, court_der = _self_signed(tmp_path, "court")
    other_cert, other_key, _ = _self_signed(tmp_path, "impostor")
    tls = ClientTLS(server_pins=(spki_pin(court_der),))

    connected, seen = asyncio.run(_attempt(court_cert, court_key, tls))
    assert connected and seen[0]["Authorization"] == "Bearer secret"

    connected, seen = asyncio.run(_attempt(other_cert, other_key, tls))
    assert not connected
    assert seen == []  # closed after the handshake: no header, no token reached the impostor


def test_without_pins_the_check_lets_the_ca_verified_court_in(tmp_path):
    cert, key, _ = _self_signed(tmp_path, "court")
    tls = ClientTLS(ca_bundle=cert)  # the court's own certificate as the CA bundle
    connected, seen = asyncio.run(_attempt(cert, key, tls))
    assert connected and len(seen) == 1


@pytest.mark.parametrize("der", [None, b""])
def test_no_certificate_never_matches_a_pin(der):
    assert not ClientTLS(server_pins=("A" * 43 + "=",)).pin_matches(der)


def test_the_court_client_gives_its_pin_check_to_the_call_only_with_pins():
    from offline_queue.client import CourtClient

    pinned = ClientTLS(server_pins=("A" * 43 + "=",))
    client = CourtClient("https://court.example", kiosk_id="K-01", tls=pinned)
    assert client.pin_check == pinned.pin_matches
    assert CourtClient("https://court.example", kiosk_id="K-01", tls=ClientTLS(ca_bundle="/x.pem")).pin_check is None
    assert CourtClient("http://127.0.0.1:9", kiosk_id="K-01").pin_check is None
