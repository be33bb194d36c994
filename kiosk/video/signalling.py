"""The kiosk's signalling socket for one video call (docs/VIDEO.md, "Signalling").

``GET /api/v1/video/calls/{call_id}/signal`` upgraded to a WebSocket, with the kiosk's usual headers
(X-Kiosk-Id, Authorization when the court asks for tokens: `kiosk_headers`) and, for ``wss://``, the
kiosk's TLS context (its client certificate under mTLS). Frames are JSON objects ``{"type": ...}``.

`SignallingClient` (asyncio, the `websockets` library): `connect` within an open timeout, `send` a dict
within a send timeout, `messages` yields each frame received until the socket ends, `close`. Failures
come as `SignallingError`:

- `SignallingRefused`: the court answered the upgrade with an HTTP status (``status``); ``permanent``
  for a 4xx other than 408 and 429 (the call is unknown or over, the kiosk not let in: trying again
  will not help), else worth retrying (a 5xx, a proxy's 502 during a restart);
- `SignallingUnreachable`: no answer at all (refused TCP connection, DNS, TLS, the open timeout, or a
  court whose key is not pinned);
- `SignallingClosed`: the socket ended (dropped, or closed by the court; ``code``).

``pin_check`` (the court link's `offline_queue.tls.ClientTLS.pin_matches`): for ``wss://``, the court's
certificate is checked right after the TLS handshake, before the upgrade request (with its headers and
token) is written; a key that is not pinned closes the connection (ssl has no hook for it, and with pins
but no CA bundle the pin is the only check of the court).

No proxy from the environment (like the kiosk's HTTP client, `offline_queue.client`): only ``proxy``
when given. Keepalive pings (every `PING_INTERVAL` s, `PING_TIMEOUT` s to answer) find a dead socket
on a network that drops packets silently. A frame that is not a JSON object is skipped with a warning
naming its size, never its content; logs carry no header, token or frame text.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
from collections.abc import AsyncIterator, Callable, Mapping

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

log = logging.getLogger("kiosk.video")

OPEN_TIMEOUT = 10.0
SEND_TIMEOUT = 5.0
CLOSE_TIMEOUT = 1.0
PING_INTERVAL = 5.0
PING_TIMEOUT = 10.0
MAX_FRAME_BYTES = 256 * 1024  # an SDP with every candidate is a few KB


class SignallingError(Exception):
    """The signalling socket could not be opened or used."""


class SignallingRefused(SignallingError):
    """The court answered the WebSocket upgrade with ``status`` instead of 101."""

    def __init__(self, status: int | None) -> None:
        super().__init__(f"signalling refused: HTTP {status}")
        self.status = status

    @property
    def permanent(self) -> bool:
        return self.status is not None and 400 <= self.status < 500 and self.status not in (408, 429)


class SignallingUnreachable(SignallingError):
    """No WebSocket at all: the connection failed or timed out."""


class SignallingClosed(SignallingError):
    """The socket ended (``code``: the WebSocket close code, None when it was dropped)."""

    def __init__(self, code: int | None = None) -> None:
        super().__init__(f"signalling socket closed (code {code})")
        self.code = code


def kiosk_headers(kiosk_id: str | None, token: str | None = None, extra: Mapping[str, str] | None = None
                  ) -> dict[str, str]:
    """The upgrade request's headers: X-Kiosk-Id, Authorization (a bearer ``token``) when given."""
    headers = dict(extra or {})
    if kiosk_id:
        headers["X-Kiosk-Id"] = kiosk_id
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _pinned(pin_check: Callable[[bytes | None], bool]) -> type[ClientConnection]:
    """A websockets connection that checks the court's certificate as the TLS handshake ends, before the
    upgrade request is written (websockets writes it after `connection_made`)."""

    class PinnedConnection(ClientConnection):
        pin_refused = False

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            ssl_object = transport.get_extra_info("ssl_object")
            der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
            if not pin_check(der):
                log.error("video signalling: the court's key is not pinned; connection closed")
                type(self).pin_refused = True
                transport.abort()

    return PinnedConnection


class SignallingClient:
    """One WebSocket to the court for one call. Not thread-safe: use it on one event loop."""

    def __init__(self, url: str, *, headers: Mapping[str, str] | None = None,
                 ssl_context: ssl.SSLContext | None = None, proxy: str | None = None,
                 pin_check: Callable[[bytes | None], bool] | None = None, open_timeout: float = OPEN_TIMEOUT, send_timeout: float = SEND_TIMEOUT,
                 close_timeout: float = CLOSE_TIMEOUT, ping_interval: float | None = PING_INTERVAL,
                 ping_timeout: float | None = PING_TIMEOUT) -> None:
        if not url.startswith(("ws://", "wss://")):
            raise ValueError("the signalling URL must be ws:// or wss://")
        self.url = url
        self.headers = dict(headers or {})
        self.ssl_context = ssl_context
        self.proxy = proxy
        self.pin_check = pin_check
        self.open_timeout = open_timeout
        self.send_timeout = send_timeout
        self.close_timeout = close_timeout
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self._ws: ClientConnection | None = None

    @property
    def connected(self) -> bool:
        return self._ws is not None and self._ws.state.name == "OPEN"

    async def connect(self) -> None:
        """Open the socket; `SignallingRefused` or `SignallingUnreachable` when that fails."""
        kwargs = {}
        if self.url.startswith("wss://") and self.ssl_context is not None:
            kwargs["ssl"] = self.ssl_context
        if self.url.startswith("wss://") and self.pin_check is not None:
            kwargs["create_connection"] = _pinned(self.pin_check)
        try:
            self._ws = await asyncio.wait_for(connect(
                self.url, additional_headers=self.headers, proxy=self.proxy, open_timeout=self.open_timeout,
                close_timeout=self.close_timeout, ping_interval=self.ping_interval,
                ping_timeout=self.ping_timeout, max_size=MAX_FRAME_BYTES, **kwargs), self.open_timeout + 1)
        except InvalidStatus as exc:
            raise SignallingRefused(exc.response.status_code) from None
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise SignallingUnreachable(type(exc).__name__) from None

    async def send(self, message: Mapping) -> None:
        """Send one frame; `SignallingClosed` when the socket is gone or the send does not finish in
        ``send_timeout`` (the socket is then closed: a stuck socket is a dead one)."""
        ws = self._ws
        if ws is None:
            raise SignallingClosed()
        data = json.dumps(dict(message), ensure_ascii=False, separators=(",", ":"))
        try:
            await asyncio.wait_for(ws.send(data), self.send_timeout)
        except ConnectionClosed as exc:
            raise SignallingClosed(exc.rcvd.code if exc.rcvd else None) from None
        except (TimeoutError, OSError) as exc:
            ws.transport.abort()
            raise SignallingClosed() from exc

    async def recv(self) -> dict:
        """The next frame, as a dict; `SignallingClosed` when the socket ends."""
        ws = self._ws
        if ws is None:
            raise SignallingClosed()
        while True:
            try:
                data = await ws.recv()
            except ConnectionClosed as exc:
                raise SignallingClosed(exc.rcvd.code if exc.rcvd else None) from None
            try:
                message = json.loads(data)
            except ValueError:
                message = None
            if isinstance(message, dict) and isinstance(message.get("type"), str):
                return message
            log.warning("signalling frame skipped: not a typed JSON object (%d bytes)", len(data))

    async def messages(self) -> AsyncIterator[dict]:
        """Each frame received, as a dict, until the socket ends: then `SignallingClosed`."""
        while True:
            yield await self.recv()

    async def close(self) -> None:
        """Close the socket (at most ``close_timeout``, then it is dropped); never raises."""
        ws, self._ws = self._ws, None
        if ws is None:
            return
        try:
            await asyncio.wait_for(ws.close(), self.close_timeout + 0.5)
        except asyncio.CancelledError:
            ws.transport.abort()
            raise
        except Exception:
            ws.transport.abort()

    def abort(self) -> None:
        """Drop the socket at once (no closing handshake)."""
        ws, self._ws = self._ws, None
        if ws is not None:
            ws.transport.abort()
