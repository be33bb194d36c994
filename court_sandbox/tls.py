"""TLS for the sandbox: what `SandboxServer` serves with (`SandboxTLS`) and the client certificate
of a request (`peer_certificate`).

With a client CA the server asks for a client certificate and verifies any it gets
(``CERT_OPTIONAL``): the enrolment endpoint must be reachable without one; the routes that need a
certificate refuse calls without one themselves. TLS 1.2 is the minimum.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import HTTPConnection
from starlette.types import Scope

#: Scope key of a request's connection transport (set by the app, `court_sandbox.app._SandboxApp`); here so
#: that the middleware and the context read it without importing each other.
TRANSPORT_KEY = "court_sandbox.transport"

MINIMUM_VERSION = ssl.TLSVersion.TLSv1_2


@dataclass(frozen=True)
class SandboxTLS:
    """The server's certificate chain and key (PEM files) and, optionally, the CA that issues client
    certificates (then a client may present one, and it must verify)."""

    certfile: str | Path
    keyfile: str | Path
    client_ca: str | Path | None = None

    def uvicorn_options(self) -> dict[str, Any]:
        """`uvicorn.Config` keyword arguments serving this TLS (minimum TLS 1.2)."""
        return {
            "ssl_certfile": str(self.certfile),
            "ssl_keyfile": str(self.keyfile),
            "ssl_ca_certs": str(self.client_ca) if self.client_ca is not None else None,
            "ssl_cert_reqs": ssl.CERT_OPTIONAL if self.client_ca is not None else ssl.CERT_NONE,
            "ssl_context_factory": _at_least_tls12,
        }


def _at_least_tls12(config: Any, default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
    context = default()
    context.minimum_version = MINIMUM_VERSION
    return context


def peer_certificate(request_or_scope: HTTPConnection | Scope) -> bytes | None:
    """The DER of the client certificate the TLS layer verified for this request; None over plain
    http or when the client sent none."""
    scope = request_or_scope.scope if isinstance(request_or_scope, HTTPConnection) else request_or_scope
    transport = scope.get(TRANSPORT_KEY)
    if transport is None:
        return None
    ssl_object = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    try:
        der = ssl_object.getpeercert(binary_form=True)
    except (ValueError, ssl.SSLError):  # the handshake is not done (it is, once a request arrives)
        return None
    return der or None
