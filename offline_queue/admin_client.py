"""A `CourtClient` on the court sandbox's admin API (its own port, the admin token in every request);
for tests and screenshot scripts: the kiosk never talks to the admin API.

``admin_client(server)`` takes the URL and token from a running `SandboxServer`;
``admin_client(url, token)`` from elsewhere (the CLI reads the token from ``<db>.admin-token``);
``admin_headers(server)`` for plain `requests` calls. Its admin methods (``review``,
``settle_payment``, ``decide_reading``, ...) are `CourtClient`'s. Over https, `ca_bundle` is the CA
file the server's certificate must chain to (or pass the client's own `tls` settings).
"""

from __future__ import annotations

from typing import Any

from offline_queue import contract as c
from offline_queue.client import CourtClient

ADMIN_KIOSK_ID = "sandbox-admin"


def admin_headers(server: Any) -> dict[str, str]:
    """The header that lets a request through to a running `SandboxServer`'s admin API."""
    return {c.ADMIN_TOKEN_HEADER: server.admin_token}


def admin_client(server_or_url: Any, token: str | None = None, *, timeout: float = 10.0,
                 ca_bundle: str | None = None, tls: Any = None, kiosk_id: str = ADMIN_KIOSK_ID) -> CourtClient:
    """A client on the admin API of `server_or_url` (a `SandboxServer` or the admin URL)."""
    if isinstance(server_or_url, str):
        url = server_or_url
        if token is None:
            raise ValueError("the admin API needs the admin token")
    else:
        url = server_or_url.admin_url
        token = token if token is not None else server_or_url.admin_token
    if ca_bundle and tls is None:
        from offline_queue.tls import ClientTLS

        tls = ClientTLS(ca_bundle=str(ca_bundle))
    extra: dict[str, Any] = {"tls": tls} if tls is not None else {}
    return CourtClient(url, kiosk_id, timeout=timeout, extra_headers={c.ADMIN_TOKEN_HEADER: token}, **extra)
