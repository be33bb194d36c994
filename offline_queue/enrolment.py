"""The kiosk's side of enrolment (contract 1.6): its key pair, its CSR, the certificate the court returns.

`enrol` makes a new EC P-256 key pair, sends a CSR (subject CN = the kiosk id) with the one-time code
staff typed, checks the certificate that comes back (the kiosk's own public key, its kiosk id, issued
by the CA chain sent with it, a client certificate, valid now) and only then installs both: the
private key mode 0600 (written first), then the certificate. A failed enrolment leaves an earlier
identity as it was. `status` reads what is installed, for maintenance mode and `kiosk doctor`.

The private key never leaves this module except into its file; it is never logged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from offline_queue import contract as c
from offline_queue.durable import write_private

#: Fewer days than this left on the certificate: maintenance mode says to enrol again.
RENEW_DAYS = 30
_CODE = re.compile(c.ENROLMENT_CODE_PATTERN)


class EnrolmentRefused(Exception):
    """The court's answer cannot be installed (`reason`: a short code; the message says why, in English)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def normalise_code(text: str) -> str | None:
    """The code as the contract wants it (``0412-7791-3058``) from what staff typed (digits, any separators);
    None when it is not 12 digits."""
    digits = re.sub(r"\D", "", text)
    if len(digits) != 12:
        return None
    code = f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
    return code if _CODE.fullmatch(code) else None


def key_pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    """A private key as unencrypted PKCS#8 PEM (its file is mode 0600: `offline_queue.durable.write_private`)."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def spki(public_key) -> bytes:
    """A public key's SubjectPublicKeyInfo (DER): what a certificate and a key agree on, and what a pin hashes."""
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def make_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_csr(kiosk_id: str, key: ec.EllipticCurvePrivateKey) -> str:
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, kiosk_id)]))
           .sign(key, hashes.SHA256()))
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    if cert.issuer != issuer.subject:
        return False
    public = issuer.public_key()
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
        elif isinstance(public, rsa.RSAPublicKey):
            public.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)
        else:
            return False
    except (InvalidSignature, TypeError, ValueError):
        return False
    return True


def check_certificate(answer: c.EnrolmentCertificate, kiosk_id: str, key: ec.EllipticCurvePrivateKey,
                      now: dt.datetime | None = None) -> x509.Certificate:
    """The certificate of a court's answer, after checking it is this kiosk's; EnrolmentRefused if not."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        cert = x509.load_pem_x509_certificate(answer.certificate_pem.encode("ascii"))
        chain = x509.load_pem_x509_certificates(answer.ca_chain_pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise EnrolmentRefused("bad_certificate", "the court's answer holds no readable certificate") from exc
    if spki(key.public_key()) != spki(cert.public_key()):
        raise EnrolmentRefused("wrong_key", "the certificate is not for this kiosk's key")
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if len(names) != 1 or names[0].value != kiosk_id:
        raise EnrolmentRefused("wrong_kiosk", "the certificate is not for this kiosk id")
    if not any(_issued_by(cert, issuer) for issuer in chain):
        raise EnrolmentRefused("bad_chain", "the certificate is not signed by the CA the court sent")
    try:
        usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        if ExtendedKeyUsageOID.CLIENT_AUTH not in usage:
            raise EnrolmentRefused("not_client", "the certificate is not a client certificate")
    except x509.ExtensionNotFound:
        pass
    if not cert.not_valid_before_utc <= now < cert.not_valid_after_utc:
        raise EnrolmentRefused("not_valid_now", "the certificate is not valid now (check the kiosk's clock)")
    return cert


def enrol(client, code: str, cert_path: str | Path, key_path: str | Path) -> c.EnrolmentCertificate:
    """Enrol with the court through `client` (an `offline_queue.client.CourtClient` for this kiosk id) and
    install the identity. Raises the client's errors (403: the code is wrong, used or expired) and
    EnrolmentRefused for an answer that is not this kiosk's certificate."""
    normalised = normalise_code(code)
    if normalised is None:
        raise EnrolmentRefused("bad_code", "an enrolment code has 12 digits")
    key = make_key()
    answer = client.enrol(c.EnrolmentRequest(code=normalised, csr_pem=make_csr(client.kiosk_id, key)))
    cert = check_certificate(answer, client.kiosk_id, key)
    write_private(Path(key_path), key_pem(key))
    write_private(Path(cert_path), cert.public_bytes(serialization.Encoding.PEM))
    return answer


@dataclass(frozen=True)
class IdentityStatus:
    """What is installed: `state` is "none", "valid", "renew" (under RENEW_DAYS left), "expired",
    "broken" (a file unreadable, or the key and certificate do not belong together)."""

    state: str
    kiosk_id: str = ""
    serial: str = ""
    not_after: dt.datetime | None = None
    days_left: int = 0


def status(cert_path: str | Path, key_path: str | Path, now: dt.datetime | None = None) -> IdentityStatus:
    cert_file, key_file = Path(cert_path), Path(key_path)
    if not cert_file.is_file() or not key_file.is_file():
        return IdentityStatus("none")
    now = now or dt.datetime.now(dt.UTC)
    try:
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    except (ValueError, TypeError, OSError):
        return IdentityStatus("broken")
    if spki(key.public_key()) != spki(cert.public_key()):
        return IdentityStatus("broken")
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    kiosk_id = str(names[0].value) if names else ""
    left = cert.not_valid_after_utc - now
    state = "expired" if left.total_seconds() <= 0 else ("renew" if left.days < RENEW_DAYS else "valid")
    return IdentityStatus(state, kiosk_id, f"{cert.serial_number:X}", cert.not_valid_after_utc, max(0, left.days))
