"""How the kiosk's court client connects (issue 17): the court's server verified by a configured CA bundle
or a pinned server key, the kiosk's own client certificate (mutual TLS), and an overall deadline that
also bounds a status line and headers trickled one byte at a time.

`ClientTLS` is what the configuration says (``court.ca_bundle``, ``court.server_pins``,
``court.client_cert_path``, ``court.client_key_path``). `CourtAdapter` is the requests transport
adapter the court client mounts for http:// and https://:

- **Pinned server key**: each pin is the base64 SHA-256 of a SubjectPublicKeyInfo (as HPKP's
  ``pin-sha256``; `spki_pin` computes it from a certificate). A connection whose server key is not
  pinned is closed right after the handshake, before a byte of the request is sent. With pins and
  no CA bundle the pin is the only check (a court with a self-signed certificate); with both, the
  chain is verified too.
- **Deadline**: the client sets the call's deadline (`deadline`) around a request; while the status
  line and the headers are awaited, a timer shuts the socket down when the deadline passes (a
  per-read timeout alone lets a server trickle them forever). The body's reading is bounded by
  `offline_queue.transport.read_body`.

The private key's path is read by the TLS library only; its content is never logged or copied.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography import x509
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import SSLError

from offline_queue.enrolment import spki

_local = threading.local()


def spki_pin(der_certificate: bytes) -> str:
    """The pin of a certificate's public key: base64(SHA-256(SubjectPublicKeyInfo DER))."""
    key = x509.load_der_x509_certificate(der_certificate).public_key()
    return base64.b64encode(hashlib.sha256(spki(key)).digest()).decode("ascii")


def parse_pins(text: str) -> tuple[str, ...]:
    """Comma-separated pins (``sha256/<base64>`` or plain base64 of 32 bytes); ValueError naming a bad one."""
    pins = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        value = part.removeprefix("sha256/")
        try:
            raw = base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise ValueError(f"{part!r} is not base64") from exc
        if len(raw) != 32:
            raise ValueError(f"{part!r} is not a SHA-256 (32 bytes)")
        pins.append(base64.b64encode(raw).decode("ascii"))
    return tuple(pins)


@dataclass(frozen=True)
class ClientTLS:
    """The court link's TLS settings. `require_client_cert`: the court wants mutual TLS, so nothing but an
    enrolment is sent before the kiosk is enrolled (its certificate and key exist)."""

    ca_bundle: str = ""
    server_pins: tuple[str, ...] = ()
    cert_path: str = ""
    key_path: str = ""
    require_client_cert: bool = False

    @property
    def enrolled(self) -> bool:
        return bool(self.cert_path and self.key_path) and os.path.isfile(self.cert_path) and os.path.isfile(
            self.key_path)

    @property
    def verify(self) -> str | bool:
        """requests' ``verify``: the CA bundle; False when only pins check the server (the pin is checked by
        the connection itself); True (the system's CAs) when neither is configured."""
        if self.ca_bundle:
            return self.ca_bundle
        return not self.server_pins

    def client_cert(self) -> tuple[str, str] | None:
        return (self.cert_path, self.key_path) if self.enrolled else None

    def ssl_context(self) -> ssl.SSLContext:
        """The court link's TLS for a connection that is not an HTTP request (the video signalling
        WebSocket): the CA bundle (or the system's CAs) and the kiosk's client certificate. Pinned keys
        without a CA bundle are checked after the handshake by `pin_matches` (ssl has no hook for it)."""
        context = ssl.create_default_context(cafile=self.ca_bundle or None)
        if not self.ca_bundle and self.server_pins:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        cert = self.client_cert()
        if cert is not None:
            context.load_cert_chain(*cert)
        return context

    def pin_matches(self, der_certificate: bytes | None) -> bool:
        """Whether a server certificate (DER) carries one of the pinned keys (True when none are pinned)."""
        if not self.server_pins:
            return True
        return bool(der_certificate) and spki_pin(der_certificate) in self.server_pins


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Within the block, a request's status line and headers must arrive by `at` (time.monotonic)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = at
    try:
        yield
    finally:
        _local.deadline = previous


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's: an SSLSocket's drops its state


class _DeadlineMixin:
    """Shuts the socket down when the call's deadline passes while the status line and headers are awaited."""

    def getresponse(self):  # type: ignore[no-untyped-def]
        at = getattr(_local, "deadline", None)
        sock = getattr(self, "sock", None)
        if at is None or sock is None:
            return super().getresponse()  # type: ignore[misc]
        timer = threading.Timer(max(0.0, at - time.monotonic()), _shut, (sock,))
        timer.daemon = True
        timer.start()
        try:
            return super().getresponse()  # type: ignore[misc]
        finally:
            timer.cancel()


class _CourtHTTPConnection(_DeadlineMixin, HTTPConnection):
    pass


class _CourtHTTPSConnection(_DeadlineMixin, HTTPSConnection):
    pins: frozenset[str] = frozenset()

    def connect(self) -> None:
        super().connect()
        if not self.pins:
            return
        der = self.sock.getpeercert(binary_form=True) if self.sock is not None else None
        if not der or spki_pin(der) not in self.pins:
            self.close()
            raise SSLError("the court's server key is not one of the pinned keys (court.server_pins)")
        self.is_verified = True  # the pin verified it (with no CA bundle, the chain is not checked)


class CourtAdapter(HTTPAdapter):
    """The court client's transport: pinned server keys (if any) and the header deadline."""

    def __init__(self, tls: ClientTLS | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        pins = frozenset(tls.server_pins) if tls is not None else frozenset()
        https_conn = type("PinnedHTTPSConnection", (_CourtHTTPSConnection,), {"pins": pins})
        self._pools = {
            "http": type("CourtHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": _CourtHTTPConnection}),
            "https": type("CourtHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
        }
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._pools)
