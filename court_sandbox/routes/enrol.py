"""Kiosk enrolment (1.6): a one-time code and a CSR in, the kiosk's client certificate out; the court's
side issues codes, lists the certificates and revokes one (`court_sandbox.enrolment`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path

from court_sandbox.context import Sandbox
from court_sandbox.enrolment import Enrolments
from court_sandbox.routes.common import KioskId, errors
from court_sandbox.store import Refused
from offline_queue import contract as c

router = APIRouter(tags=["kiosk identity"])
admin_router = APIRouter(tags=["admin"])

Serial = Annotated[str, Path(pattern=r"^[0-9A-Fa-f]{1,40}$", description="A certificate's serial number (hex)")]


def _enrolments(sandbox) -> Enrolments:
    if sandbox.enrolments is None:  # pragma: no cover - create_app always makes one
        raise HTTPException(404, "this court does not enrol kiosks")
    return sandbox.enrolments


@router.post(c.ENROL_PATH, response_model=c.EnrolmentCertificate, operation_id="enrolKiosk",
             responses=errors(403, 422))
def enrol_kiosk(kiosk_id: KioskId, request: c.EnrolmentRequest, sandbox: Sandbox) -> c.EnrolmentCertificate:
    """Enrol a kiosk: its one-time code (issued by the court for this kiosk id) and a CSR whose subject CN is
    the kiosk id. Answers the client certificate and the CA chain. A wrong, used or expired code: 403 (five
    wrong tries burn the code); a CSR the CA will not sign: 422. Needs no client certificate."""
    try:
        return _enrolments(sandbox).enrol(kiosk_id, request)
    except Refused as exc:
        raise HTTPException(exc.status, exc.detail) from exc


@admin_router.post(c.ADMIN_ENROLMENT_CODES_PATH, response_model=c.EnrolmentCode, operation_id="issueEnrolmentCode")
def issue_enrolment_code(request: c.EnrolmentCodeCreate, sandbox: Sandbox) -> c.EnrolmentCode:
    """A one-time enrolment code for a kiosk id (replaces an earlier one); give it to the kiosk's staff."""
    return _enrolments(sandbox).issue_code(request)


@admin_router.get(c.ADMIN_KIOSK_CERTIFICATES_PATH, response_model=c.KioskCertificateList,
                  operation_id="listKioskCertificates")
def list_kiosk_certificates(sandbox: Sandbox) -> c.KioskCertificateList:
    """Every kiosk certificate issued, oldest first."""
    return _enrolments(sandbox).certificates()


@admin_router.post(c.ADMIN_KIOSK_CERTIFICATE_REVOKE_PATH, response_model=c.KioskCertificate,
                   operation_id="revokeKioskCertificate", responses=errors(404))
def revoke_kiosk_certificate(serial: Serial, sandbox: Sandbox) -> c.KioskCertificate:
    """Revoke a kiosk certificate: every request over it is refused from now on (401)."""
    try:
        return _enrolments(sandbox).revoke(serial)
    except Refused as exc:
        raise HTTPException(exc.status, exc.detail) from exc
