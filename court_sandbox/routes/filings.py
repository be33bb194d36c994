"""Filings: idempotent submission (``PUT``) and the review outcome (``GET``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from court_sandbox import routing
from court_sandbox.context import Sandbox
from court_sandbox.routes.common import FilingId, errors, idempotency_key_header, idempotent_put
from offline_queue import contract as c

router = APIRouter(tags=["filings"])


def _filing_fingerprint_body(submission: c.FilingSubmission) -> dict[str, Any]:
    body = submission.model_dump(mode="json")
    if not body.get("attachments"):
        body.pop("attachments", None)  # the fingerprint of a filing from before attachments existed
    for ref in body.get("attachments", ()):
        if ref.get("purpose") == "other":
            ref.pop("purpose")  # added in 1.1
    defaults = c.FilingSubmission.model_fields
    for name in c.FILING_FIELDS_1_1:  # a filing that does not use them is the same request as in 1.0
        field = defaults[name]
        default = field.get_default(call_default_factory=True)
        if getattr(submission, name) == default:
            body.pop(name, None)
    return body


@router.put(
    c.FILING_PATH,
    response_model=c.FilingReceipt,
    status_code=201,
    operation_id="submitFiling",
    responses={
        200: {
            "model": c.FilingReceipt,
            "description": "A repeat of an earlier request: the first answer again",
        },
        **errors(400, 409, 422, 503),
    },
)
def submit_filing(
    filing_id: FilingId,
    submission: c.FilingSubmission,
    request: Request,
    idempotency_key: idempotency_key_header("filing"),
    sandbox: Sandbox,
) -> Response:
    """Submit a filing. The answer is only a receipt (待审核); the review outcome comes later.

    201 the first time; 200 with the first answer for a repeated Idempotency-Key (or the
    same filing again); 422 when the key was used with a different request; 409 while the
    first request with the key is still in progress.

    跨域立案 (1.2): ``court_code`` is the receiving court, any court of the policy;
    ``assisting_court_code`` (the kiosk's court) must be one of them too (422 otherwise).
    """
    problem = routing.filing_problem(submission, sandbox.store.policy().courts)
    if problem is not None:
        raise HTTPException(422, problem)
    return idempotent_put(
        sandbox, request, idempotency_key, c.FILING_PATH.format(filing_id=filing_id),
        ("filing_id", filing_id, submission.filing_id), _filing_fingerprint_body(submission), f"filing {filing_id}",
        lambda fingerprint: sandbox.store.create_filing(
            idempotency_key,
            fingerprint,
            submission,
            request.headers.get(c.KIOSK_ID_HEADER),
            request.headers.get(c.CORRELATION_ID_HEADER),
        ),
    )


@router.get(
    c.FILING_PATH,
    response_model=c.FilingStatus,
    operation_id="getFilingStatus",
    responses=errors(404),
)
def filing_status(filing_id: FilingId, sandbox: Sandbox) -> c.FilingStatus:
    """The review outcome: 待审核, or 已立案 with a case number, or 审核不通过 / 不予立案 with reasons."""
    status = sandbox.store.filing_status(filing_id)
    if status is None:
        raise HTTPException(404, "no such filing")
    return status
