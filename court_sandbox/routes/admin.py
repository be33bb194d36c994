"""The admin API: list filings, messages and kiosks, decide reviews and payments, inject faults,
revoke tokens (no auth, no faults: it is how a test or an operator drives the sandbox)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException

from court_sandbox.context import Sandbox
from court_sandbox.faults import describe_faults
from court_sandbox.routes.common import FilingId, PaymentId, errors
from court_sandbox.store import Refused
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

router = APIRouter(tags=["admin"])


@router.get(c.ADMIN_FILINGS_PATH, response_model=c.FilingList, operation_id="listFilings")
def list_filings(sandbox: Sandbox) -> c.FilingList:
    """Every filing, oldest first: ids and status only."""
    return sandbox.store.list_filings()


@router.post(
    c.REVIEW_PATH,
    response_model=c.FilingStatus,
    operation_id="reviewFiling",
    responses=errors(404, 409, 422),
)
def review_filing(filing_id: FilingId, decision: c.ReviewDecision, sandbox: Sandbox) -> c.FilingStatus:
    """Decide a filing awaiting review: docket (assigns a case number), reject or refuse (with reasons)."""
    try:
        status = sandbox.store.review(filing_id, decision)
    except Refused as exc:
        raise HTTPException(exc.status, exc.detail) from exc
    log.info("filing %s reviewed: %s", filing_id, decision.decision)
    return status


@router.post(
    c.SETTLE_PAYMENT_PATH,
    response_model=c.PaymentOrder,
    operation_id="settlePayment",
    responses=errors(404, 409),
)
def settle_payment(payment_id: PaymentId, settlement: c.PaymentSettlement, sandbox: Sandbox) -> c.PaymentOrder:
    """What the payment provider reported for an open order: paid (the notice is paid), failed, expired."""
    try:
        order = sandbox.store.settle_payment(payment_id, settlement.outcome)
    except Refused as exc:
        raise HTTPException(exc.status, exc.detail) from exc
    log.info("payment order %s settled: %s", payment_id, settlement.outcome)
    return order


@router.get(c.ADMIN_MESSAGES_PATH, response_model=c.MessageList, operation_id="listMessages")
def list_messages(sandbox: Sandbox) -> c.MessageList:
    """Every message, oldest first: ids only."""
    return sandbox.store.list_messages()


@router.get(c.ADMIN_KIOSKS_PATH, response_model=c.KioskList, operation_id="listKiosks")
def list_kiosks(sandbox: Sandbox) -> c.KioskList:
    """Each kiosk's newest heartbeat."""
    return sandbox.store.list_kiosks()


@router.get(c.FAULTS_PATH, response_model=c.FaultSpec, operation_id="getFaults")
def get_faults(sandbox: Sandbox) -> c.FaultSpec:
    """The current faults (an outage set for a duration shows when it ends, ``outage_until``)."""
    return sandbox.faults.current()


@router.post(c.FAULTS_PATH, response_model=c.FaultSpec, operation_id="setFaults")
def set_faults(spec: c.FaultSpec, sandbox: Sandbox) -> c.FaultSpec:
    """Inject faults into /api/v1 requests (replaces the current faults).

    fail_next (answer or close, before/during/after handling), latency, slow writes,
    a seeded error rate and drop rate, an outage for a duration or until a time.
    """
    current = sandbox.faults.set(spec)
    log.warning("faults injected: %s", describe_faults(current))
    return current


@router.delete(c.ADMIN_TOKENS_PATH, response_model=c.TokenRevocation, operation_id="revokeTokens")
def revoke_tokens(sandbox: Sandbox) -> c.TokenRevocation:
    """Forget every bearer token handed out (as a restart or an expiry would): the next upload gets 401."""
    revoked = sandbox.tokens.revoke_all()
    log.info("revoked %d token(s)", revoked)
    return c.TokenRevocation(revoked=revoked)


@router.delete(c.FAULTS_PATH, response_model=c.FaultSpec, operation_id="clearFaults")
def clear_faults(sandbox: Sandbox) -> c.FaultSpec:
    return sandbox.faults.clear()
