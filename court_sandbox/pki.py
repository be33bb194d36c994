"""The court's kiosk certificate authority (the sandbox's; a court runs its own).

`KioskCA` signs the certificate signing requests kiosks send when they enrol
(`court_sandbox.enrolment`): subject CN = the kiosk id, extended key usage clientAuth, one year.
Its certificate is the client CA the TLS layer verifies kiosks against (``serve --client-ca``).
It also makes server certificates for a sandbox served over TLS (``kiosk sandbox pki init``), so
a test or a training hall has one CA file to give the kiosks (``court.ca_bundle``).

The CA's key is kept mode 0600 beside the database (``<db>.pki/ca.key``) and never logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from offline_queue.durable import write_private
from offline_queue.enrolment import key_pem

KIOSK_CERT_DAYS = 365
SERVER_CERT_DAYS = 825
CA_DAYS = 3650
MIN_RSA_BITS = 2048
CA_KEY_FILE = "ca.key"
CA_CERT_FILE = "ca.pem"


class CsrRefused(ValueError):
    """A CSR the CA will not sign (the message says why, in English, for the enrolment's 422)."""


def fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate, lower-case hex (a bound token's ``x5t#S256``, as hex)."""
    return hashlib.sha256(der).hexdigest()


def common_name(cert: x509.Certificate | x509.CertificateSigningRequest) -> str | None:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if len(names) != 1:
        return None
    value = names[0].value
    return value if isinstance(value, str) else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


class KioskCA:
    """A CA key and its self-signed certificate."""

    def __init__(self, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> None:
        self.key = key
        self.cert = cert

    @classmethod
    def create(cls, name: str = "Court sandbox kiosk CA", *, now: dt.datetime | None = None) -> KioskCA:
        now = now or _now()
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Court sandbox"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(key, cert)

    @classmethod
    def load_or_create(cls, directory: str | os.PathLike[str]) -> KioskCA:
        """The CA kept in `directory` (``ca.key`` 0600, ``ca.pem``), made there the first time."""
        folder = Path(directory)
        key_file, cert_file = folder / CA_KEY_FILE, folder / CA_CERT_FILE
        if key_file.is_file() and cert_file.is_file():
            key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise ValueError(f"{key_file} is not an EC key")
            os.chmod(key_file, 0o600)
            return cls(key, x509.load_pem_x509_certificate(cert_file.read_bytes()))
        ca = cls.create()
        write_private(key_file, key_pem(ca.key))
        cert_file.write_text(ca.cert_pem, encoding="ascii")
        return ca

    @property
    def cert_pem(self) -> str:
        return _pem(self.cert)

    def _signed(self, builder: x509.CertificateBuilder) -> x509.Certificate:
        return builder.issuer_name(self.cert.subject).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False
        ).sign(self.key, hashes.SHA256())

    def issue_kiosk(self, csr_pem: str, kiosk_id: str, *, days: int = KIOSK_CERT_DAYS,
                    now: dt.datetime | None = None) -> x509.Certificate:
        """A client certificate for `kiosk_id` from its CSR; CsrRefused if the CSR is not one to sign."""
        try:
            csr = x509.load_pem_x509_csr(csr_pem.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise CsrRefused("the certificate request is not a PEM CSR") from exc
        try:
            if not csr.is_signature_valid:
                raise CsrRefused("the certificate request's signature does not verify")
        except InvalidSignature as exc:  # pragma: no cover - is_signature_valid returns False
            raise CsrRefused("the certificate request's signature does not verify") from exc
        if common_name(csr) != kiosk_id:
            raise CsrRefused("the certificate request's subject CN is not the kiosk id")
        public = csr.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            if public.key_size < MIN_RSA_BITS:
                raise CsrRefused(f"RSA keys must have at least {MIN_RSA_BITS} bits")
        elif not (isinstance(public, ec.EllipticCurvePublicKey)
                  and isinstance(public.curve, ec.SECP256R1 | ec.SECP384R1)):
            raise CsrRefused("the key must be EC P-256/P-384 or RSA")
        now = now or _now()
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, kiosk_id)]))
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        )
        return self._signed(builder)

    def issue_server(self, hosts: list[str], *, days: int = SERVER_CERT_DAYS,
                     now: dt.datetime | None = None) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        """A server certificate (and its new key) for the names and addresses in `hosts`."""
        if not hosts:
            raise ValueError("a server certificate needs at least one host name or address")
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        now = now or _now()
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        )
        return self._signed(builder), key


def init_directory(directory: str | os.PathLike[str], hosts: list[str]) -> dict[str, Path]:
    """``kiosk sandbox pki init``: the CA and a server certificate for `hosts` in `directory`.

    Files: ``ca.pem`` (give it to the kiosks as ``court.ca_bundle``; the sandbox's client CA),
    ``ca.key`` (0600), ``server.pem`` and ``server.key`` (0600; ``serve --tls-cert/--tls-key``).
    """
    folder = Path(directory)
    ca = KioskCA.load_or_create(folder)
    cert, key = ca.issue_server(hosts)
    server_cert, server_key = folder / "server.pem", folder / "server.key"
    write_private(server_key, key_pem(key))
    server_cert.write_text(_pem(cert), encoding="ascii")
    return {"ca": folder / CA_CERT_FILE, "ca_key": folder / CA_KEY_FILE, "cert": server_cert, "key": server_key}


def certificate_pem(cert: x509.Certificate) -> str:
    return _pem(cert)
