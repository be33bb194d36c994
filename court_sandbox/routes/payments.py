"""Payment orders: made idempotently for a fee notice (``PUT``), then polled (``GET``)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from court_sandbox.context import Sandbox
from court_sandbox.routes.common import PaymentId, errors, idempotency_key_header, idempotent_put
from offline_queue import contract as c

router = APIRouter(tags=["payments"])


@router.put(
    c.PAYMENT_PATH,
    response_model=c.PaymentOrder,
    status_code=201,
    operation_id="createPaymentOrder",
    responses={
        200: {"model": c.PaymentOrder, "description": "The same order again: where it stands now"},
        **errors(400, 401, 409, 422, 503),
    },
)
def create_payment(
    payment_id: PaymentId,
    order: c.PaymentOrderCreate,
    request: Request,
    idempotency_key: idempotency_key_header("payment order"),
    sandbox: Sandbox,
) -> Response:
    """Make the payment order (a QR for a phone) for a fee notice; one open order per notice.

    201 the first time; 200 with the first answer for a repeated key or the same order; 422 for an
    unknown or paid notice, an amount that is not the notice's, or a notice whose open order has
    another id. An unknown outcome is settled with GET, never by a new order.
    """
    return idempotent_put(
        sandbox, request, idempotency_key, c.PAYMENT_PATH.format(payment_id=payment_id),
        ("payment_id", payment_id, order.payment_id), order.model_dump(mode="json"), f"payment order {payment_id}",
        lambda fingerprint: sandbox.store.create_payment(
            idempotency_key, fingerprint, order, request.headers.get(c.KIOSK_ID_HEADER)
        ),
    )


@router.get(
    c.PAYMENT_PATH,
    response_model=c.PaymentOrder,
    operation_id="getPaymentOrder",
    responses=errors(401, 404),
)
def payment_status(payment_id: PaymentId, sandbox: Sandbox) -> c.PaymentOrder:
    """Where a payment order stands: awaiting_payment, paid, failed or expired."""
    order = sandbox.store.payment(payment_id)
    if order is None:
        raise HTTPException(404, "no such payment order")
    return order
