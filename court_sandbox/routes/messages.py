"""Messages for the judge of a case (or requests for mediation), submitted idempotently."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from court_sandbox.context import Sandbox
from court_sandbox.routes.common import MessageId, errors, idempotency_key_header, idempotent_put
from offline_queue import contract as c

router = APIRouter(tags=["messages"])


@router.put(
    c.MESSAGE_PATH,
    response_model=c.MessageReceipt,
    status_code=201,
    operation_id="submitMessage",
    responses={
        200: {"model": c.MessageReceipt, "description": "A repeat of an earlier request: the first answer"},
        **errors(400, 401, 409, 422, 503),
    },
)
def submit_message(
    message_id: MessageId,
    message: c.MessageSubmission,
    request: Request,
    idempotency_key: idempotency_key_header("message"),
    sandbox: Sandbox,
) -> Response:
    """A message for the judge of a case, or a request for mediation."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.MESSAGE_PATH.format(message_id=message_id),
        ("message_id", message_id, message.message_id), message.model_dump(mode="json"), f"message {message_id}",
        lambda fingerprint: sandbox.store.create_message(
            idempotency_key, fingerprint, message, request.headers.get(c.KIOSK_ID_HEADER)
        ),
    )
