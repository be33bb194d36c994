"""The admin API's token: every request to the admin application carries ``X-Admin-Token``.

`AdminTokenGuard` (pure ASGI, on the admin application only) answers 401 to a request without the
token or with a wrong one before anything else reads it; `admin_token_security` documents the
header in the OpenAPI document (and checks it again, should a router ever be mounted elsewhere).
Tokens are compared with `hmac.compare_digest` and never logged.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader
from starlette.types import ASGIApp, Receive, Scope, Send

from offline_queue import contract as c

ADMIN_UNAUTHORISED_DETAIL = f"the admin API needs the admin token in {c.ADMIN_TOKEN_HEADER}"
#: Paths of the API documentation (served only with ``docs=True``): readable without the token.
DOC_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})


def new_admin_token() -> str:
    return secrets.token_urlsafe(32)


def token_matches(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


class AdminTokenGuard:
    """401 for every HTTP request to the admin application without the right admin token."""

    def __init__(self, app: ASGIApp, token: str, docs: bool = False) -> None:
        if not token:
            raise ValueError("the admin token must not be empty")
        self.app = app
        self._token = token
        self._docs = docs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self._docs and scope.get("path") in DOC_PATHS):
            await self.app(scope, receive, send)
            return
        wanted = c.ADMIN_TOKEN_HEADER.lower().encode("latin-1")
        given = next((v for k, v in scope.get("headers", ()) if k.lower() == wanted), None)
        if given is not None and token_matches(self._token, given.decode("latin-1")):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"detail": ADMIN_UNAUTHORISED_DETAIL}).encode("utf-8")
        await send({"type": "http.response.start", "status": 401, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("ascii")),
            (b"www-authenticate", c.ADMIN_TOKEN_HEADER.encode("latin-1")),
        ]})
        await send({"type": "http.response.body", "body": body})


_header = APIKeyHeader(name=c.ADMIN_TOKEN_HEADER, auto_error=False, scheme_name="AdminToken",
                       description="The admin token (`<db>.admin-token`, or what the operator was given).")


async def admin_token_security(request: Request, token: Annotated[str | None, Depends(_header)]) -> None:
    """The admin token in ``X-Admin-Token``: 401 without it or with a wrong one."""
    expected = getattr(request.app.state, "admin_token", None)
    if not expected or not token_matches(expected, token):
        raise HTTPException(401, ADMIN_UNAUTHORISED_DETAIL, headers={"WWW-Authenticate": c.ADMIN_TOKEN_HEADER})
