"""The token endpoint: bearer tokens for /api/v1 requests (checked by the middleware and by PATCH)."""

from __future__ import annotations

from fastapi import APIRouter

from court_sandbox.context import TOKEN_LIFETIME_SECONDS, Sandbox
from offline_queue import contract as c

router = APIRouter(tags=["auth"])


@router.post(c.TOKEN_PATH, response_model=c.AuthToken, operation_id="getToken")
def get_token(sandbox: Sandbox) -> c.AuthToken:
    """A bearer token for /api/v1 requests (the sandbox trusts the kiosk id; a court would not)."""
    return c.AuthToken(access_token=sandbox.tokens.issue(), expires_in=TOKEN_LIFETIME_SECONDS)
