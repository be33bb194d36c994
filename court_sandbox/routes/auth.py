"""The token endpoint: bearer tokens for /api/v1 requests (checked by the middleware and by PATCH)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from court_sandbox.context import TOKEN_LIFETIME_SECONDS, Sandbox, certificate_binding
from offline_queue import contract as c

router = APIRouter(tags=["auth"])


@router.post(c.TOKEN_PATH, response_model=c.AuthToken, operation_id="getToken")
def get_token(request: Request, sandbox: Sandbox) -> c.AuthToken:
    """A bearer token for /api/v1 requests, bound to the client certificate it is asked over (x5t#S256):
    over mutual TLS only a known kiosk certificate gets one (the middleware checks it first), and the token
    is refused over any other certificate. Without TLS (the practice sandbox) the kiosk id is trusted."""
    return c.AuthToken(access_token=sandbox.tokens.issue(certificate_binding(request)),
                       expires_in=TOKEN_LIFETIME_SECONDS)
