"""The policy (courts, case types, fee schedule version) and the authoritative fee calculation."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from court_sandbox import fees
from court_sandbox.context import Sandbox
from court_sandbox.routes.common import errors
from court_sandbox.store import case_fee
from offline_queue import contract as c

router = APIRouter(tags=["policy"])


@router.get(c.POLICY_PATH, response_model=c.Policy, operation_id="getPolicy")
def get_policy(request: Request, sandbox: Sandbox) -> c.Policy:
    """Courts, case types and the fee schedule version (cache it with its version for offline use);
    the print limits and the page a receipt's QR opens (1.2)."""
    return sandbox.store.policy().model_copy(update={
        "print_limits": sandbox.records.print_limits,
        "lookup_url": sandbox.base_url(request) + c.LOOKUP_PAGE_PATH,
    })


@router.post(
    c.FEES_CALCULATE_PATH,
    response_model=c.FeeQuote,
    operation_id="calculateFees",
    responses=errors(422),
)
def calculate_fees(request: c.FeeRequest, sandbox: Sandbox) -> c.FeeQuote:
    """The authoritative acceptance fee (Decree 481 Art. 13) with its breakdown."""
    store = sandbox.store
    case_type = store.case_type(request.case_type)
    if case_type is None:
        raise HTTPException(422, "unknown case_type")
    try:
        total, lines = case_fee(case_type, request.amount, request.filing_kind)
    except fees.FeeError as exc:
        raise HTTPException(422, str(exc)) from exc
    return c.FeeQuote(
        case_type=request.case_type,
        amount=request.amount,
        total=total,
        breakdown=[c.FeeLine(label=label, amount=amount) for label, amount in lines],
        schedule_version=store.fee_schedule_version(),
    )
