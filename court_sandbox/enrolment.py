"""Kiosk enrolment and the kiosk certificates the court knows (contract 1.6).

The court's staff issue a one-time code for a kiosk id (admin API, or ``kiosk sandbox enrol-code``).
The kiosk's staff type it in maintenance mode; the kiosk sends it with a CSR (`ENROL_PATH`), and the
court signs the CSR with its kiosk CA (`court_sandbox.pki`). A code:

- belongs to one kiosk id (a new code for that kiosk replaces the old one);
- works once, and only until it expires (default 60 minutes);
- burns after `MAX_CODE_ATTEMPTS` wrong tries (an enrolment with a wrong code is answered 403).

Only a hash of the code is stored. Every certificate issued is recorded (serial, kiosk id, SHA-256,
expiry, revoked); `identify` is what the middleware asks of each request's client certificate.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from court_sandbox.pki import CsrRefused, KioskCA, certificate_pem, common_name, fingerprint
from court_sandbox.store import Refused, Store, _iso
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

MAX_CODE_ATTEMPTS = 5

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS enrolment_codes (
        kiosk_id TEXT PRIMARY KEY, code_hash TEXT NOT NULL, expires_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, used_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS kiosk_certificates (
        serial TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, not_after TEXT NOT NULL,
        issued_at TEXT NOT NULL, revoked_at TEXT)""",
)


def _code_hash(kiosk_id: str, code: str) -> str:
    return hashlib.sha256(f"{kiosk_id}\x00{code}".encode()).hexdigest()


def new_code() -> str:
    digits = f"{secrets.randbelow(10 ** 12):012d}"
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


@dataclass(frozen=True)
class Identity:
    """Who a verified client certificate is: its kiosk id and SHA-256; `problem` when the court refuses it."""

    kiosk_id: str | None
    sha256: str
    problem: str | None = None


class Enrolments:
    """One application's enrolment codes and kiosk certificates, in its `Store`'s database."""

    def __init__(self, store: Store, ca: KioskCA) -> None:
        self.store = store
        self.ca = ca
        with store._connect(write=True) as conn:
            for statement in _SCHEMA:
                conn.execute(statement)

    def issue_code(self, request: c.EnrolmentCodeCreate) -> c.EnrolmentCode:
        code = new_code()
        expires = self.store.now() + timedelta(minutes=request.valid_minutes)
        with self.store._connect(write=True) as conn:
            conn.execute(
                "INSERT INTO enrolment_codes (kiosk_id, code_hash, expires_at, attempts, used_at) "
                "VALUES (?, ?, ?, 0, NULL) ON CONFLICT(kiosk_id) DO UPDATE SET code_hash = excluded.code_hash, "
                "expires_at = excluded.expires_at, attempts = 0, used_at = NULL",
                (request.kiosk_id, _code_hash(request.kiosk_id, code), _iso(expires)),
            )
        log.info("enrolment code issued for a kiosk (valid %d min)", request.valid_minutes)
        return c.EnrolmentCode(kiosk_id=request.kiosk_id, code=code, expires_at=expires)

    def enrol(self, kiosk_id: str, request: c.EnrolmentRequest) -> c.EnrolmentCertificate:
        """Check the code (once), sign the CSR. Refused(403) for a wrong, used or expired code; 422 for a CSR
        the CA will not sign (the code is not spent then: the kiosk may send a good CSR)."""
        now = self.store.now()
        with self.store._connect(write=True) as conn:
            row = conn.execute("SELECT code_hash, expires_at, attempts, used_at FROM enrolment_codes "
                               "WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
            refused = "the enrolment code is wrong, used or expired; ask the court for a new one"
            if row is None:
                raise Refused(403, refused)
            code_hash, expires_at, attempts, used_at = row
            if used_at is not None or attempts >= MAX_CODE_ATTEMPTS or datetime.fromisoformat(expires_at) <= now:
                raise Refused(403, refused)
            wrong = not hmac.compare_digest(code_hash, _code_hash(kiosk_id, request.code))
            if wrong:  # the attempt must count although the request is refused: commit, then refuse
                conn.execute("UPDATE enrolment_codes SET attempts = attempts + 1 WHERE kiosk_id = ?", (kiosk_id,))
        if wrong:
            log.warning("enrolment with a wrong code (attempt %d of %d)", attempts + 1, MAX_CODE_ATTEMPTS)
            raise Refused(403, refused)
        with self.store._connect(write=True) as conn:
            row = conn.execute("SELECT code_hash, used_at FROM enrolment_codes WHERE kiosk_id = ?",
                               (kiosk_id,)).fetchone()
            if row is None or row[1] is not None or row[0] != code_hash:  # used or replaced meanwhile
                raise Refused(403, refused)
            try:
                cert = self.ca.issue_kiosk(request.csr_pem, kiosk_id, now=now)
            except CsrRefused as exc:
                raise Refused(422, str(exc)) from exc
            der = cert.public_bytes(serialization.Encoding.DER)
            serial = f"{cert.serial_number:X}"
            conn.execute("UPDATE enrolment_codes SET used_at = ? WHERE kiosk_id = ?", (_iso(now), kiosk_id))
            conn.execute("INSERT INTO kiosk_certificates (serial, kiosk_id, sha256, not_after, issued_at) "
                         "VALUES (?, ?, ?, ?, ?)", (serial, kiosk_id, fingerprint(der),
                                                    _iso(cert.not_valid_after_utc), _iso(now)))
        log.info("kiosk enrolled: certificate %s issued", serial)
        return c.EnrolmentCertificate(kiosk_id=kiosk_id, certificate_pem=certificate_pem(cert),
                                      ca_chain_pem=self.ca.cert_pem, serial=serial, not_after=cert.not_valid_after_utc)

    def identify(self, der: bytes | None) -> Identity | None:
        """The kiosk a client certificate (already verified by TLS against the kiosk CA) belongs to;
        None without a certificate. A certificate the court did not record, or revoked, has a problem."""
        if der is None:
            return None
        sha = fingerprint(der)
        with self.store._connect() as conn:
            row = conn.execute("SELECT kiosk_id, revoked_at, not_after FROM kiosk_certificates WHERE sha256 = ?",
                               (sha,)).fetchone()
        if row is None:
            try:
                kiosk_id = common_name(x509.load_der_x509_certificate(der))
            except ValueError:
                kiosk_id = None
            return Identity(kiosk_id, sha, "the court has no record of this kiosk certificate")
        kiosk_id, revoked_at, not_after = row
        if revoked_at is not None:
            return Identity(kiosk_id, sha, "this kiosk certificate is revoked; enrol the kiosk again")
        if datetime.fromisoformat(not_after) <= self.store.now():
            return Identity(kiosk_id, sha, "this kiosk certificate has expired; enrol the kiosk again")
        return Identity(kiosk_id, sha)

    def certificates(self) -> c.KioskCertificateList:
        with self.store._connect() as conn:
            rows = conn.execute("SELECT kiosk_id, serial, sha256, not_after, revoked_at FROM kiosk_certificates "
                                "ORDER BY issued_at, serial").fetchall()
        return c.KioskCertificateList(items=[
            c.KioskCertificate(kiosk_id=k, serial=s, sha256=h, not_after=n, revoked=r is not None)
            for k, s, h, n, r in rows
        ])

    def revoke(self, serial: str) -> c.KioskCertificate:
        now = self.store.now()
        with self.store._connect(write=True) as conn:
            row = conn.execute("SELECT kiosk_id, sha256, not_after, revoked_at FROM kiosk_certificates "
                               "WHERE serial = ?", (serial.upper(),)).fetchone()
            if row is None:
                raise Refused(404, "no kiosk certificate with this serial")
            if row[3] is None:
                conn.execute("UPDATE kiosk_certificates SET revoked_at = ? WHERE serial = ?", (_iso(now), serial.upper()))
        log.warning("kiosk certificate %s revoked", serial.upper())
        return c.KioskCertificate(kiosk_id=row[0], serial=serial.upper(), sha256=row[1], not_after=row[2], revoked=True)

