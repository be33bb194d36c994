"""A minimal IPP/1.1 client for CUPS: request encoding, response decoding, and
one HTTP POST per request over TCP or CUPS's local domain socket.

Only what the A4 driver needs (Print-Job, Get-Job-Attributes, Get-Jobs,
Get-Printer-Attributes, Cancel-Job). Encoding and decoding are pure functions
on bytes (RFC 8010); ``IppConnection.request`` does the transport.

Why not lp/lpstat: ``lpstat`` prints no job state (completed, canceled and
aborted jobs all appear under ``-W completed``), its text is localised, and
``lp`` only reports the job id in a sentence. IPP gives numeric states and
keyword reasons, the job id of a Print-Job directly, and needs no subprocess.
"""

from __future__ import annotations

import http.client
import os
import socket
import struct
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

# operations
PRINT_JOB = 0x0002
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_JOBS = 0x000A
GET_PRINTER_ATTRIBUTES = 0x000B

# delimiter tags
OPERATION_GROUP = 0x01
JOB_GROUP = 0x02
END_OF_ATTRIBUTES = 0x03
PRINTER_GROUP = 0x04
UNSUPPORTED_GROUP = 0x05

# value tags
INTEGER = 0x21
BOOLEAN = 0x22
ENUM = 0x23
TEXT = 0x41
NAME = 0x42
KEYWORD = 0x44
URI = 0x45
CHARSET = 0x47
NATURAL_LANGUAGE = 0x48
MIME_MEDIA_TYPE = 0x49
BEG_COLLECTION = 0x34
END_COLLECTION = 0x37
MEMBER_NAME = 0x4A

_INT_TAGS = {INTEGER, ENUM}
_STRING_TAGS = {0x35, 0x36, 0x41, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, MEMBER_NAME}

# status codes used by the driver
STATUS_NOT_FOUND = 0x0406
STATUS_NOT_ACCEPTING = 0x0506  # server-error-not-accepting-jobs
STATUS_NAMES = {
    0x0400: "client-error-bad-request",
    0x0401: "client-error-forbidden",
    0x0402: "client-error-not-authenticated",
    0x0403: "client-error-not-authorized",
    0x0404: "client-error-not-possible",
    0x0406: "client-error-not-found",
    0x040A: "client-error-document-format-not-supported",
    0x0500: "server-error-internal-error",
    0x0502: "server-error-service-unavailable",
    0x0503: "server-error-version-not-supported",
    0x0506: "server-error-not-accepting-jobs",
    0x0507: "server-error-busy",
}

DEFAULT_SOCKET = "/run/cups/cups.sock"
DEFAULT_PORT = 631


class IppTransportError(OSError):
    """The server could not be reached or answered something that is not IPP."""


class IppDecodeError(ValueError):
    """Bytes that are not a well-formed IPP message."""


@dataclass
class IppResponse:
    status: int
    request_id: int
    #: one (group tag, {name: [values]}) per attribute group, in order
    groups: list[tuple[int, dict[str, list[Any]]]] = field(default_factory=list)
    data: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status < 0x0100

    @property
    def status_name(self) -> str:
        if self.ok:
            return "successful-ok"
        return STATUS_NAMES.get(self.status, f"ipp-status-0x{self.status:04x}")

    def group(self, tag: int) -> dict[str, list[Any]]:
        """The first group with ``tag`` (empty when there is none)."""
        return next((attrs for t, attrs in self.groups if t == tag), {})

    def all_groups(self, tag: int) -> list[dict[str, list[Any]]]:
        return [attrs for t, attrs in self.groups if t == tag]

    @property
    def message(self) -> str:
        """The server's status-message, or the status name."""
        values = self.group(OPERATION_GROUP).get("status-message")
        return str(values[0]) if values else self.status_name


# -- encoding --

Attr = tuple[int, str, Any]  # (value tag, name, value or list of values)


def _encode_value(tag: int, value: Any) -> bytes:
    if tag in _INT_TAGS:
        return struct.pack(">i", int(value))
    if tag == BOOLEAN:
        return b"\x01" if value else b"\x00"
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def encode_request(operation: int, request_id: int, groups: list[tuple[int, list[Attr]]],
                   data: bytes = b"") -> bytes:
    """An IPP/1.1 request: header, attribute groups, end tag, then ``data``."""
    out = bytearray(struct.pack(">BBHI", 1, 1, operation, request_id))
    for group_tag, attrs in groups:
        out.append(group_tag)
        for tag, name, value in attrs:
            values = value if isinstance(value, list | tuple) else [value]
            for i, item in enumerate(values):
                key = name.encode("ascii") if i == 0 else b""
                raw = _encode_value(tag, item)
                out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(raw)) + raw
    out.append(END_OF_ATTRIBUTES)
    return bytes(out) + data


def operation_attributes(printer_uri: str | None, user: str | None = None) -> list[Attr]:
    attrs: list[Attr] = [(CHARSET, "attributes-charset", "utf-8"),
                         (NATURAL_LANGUAGE, "attributes-natural-language", "en")]
    if printer_uri:
        attrs.append((URI, "printer-uri", printer_uri))
    if user:
        attrs.append((NAME, "requesting-user-name", user))
    return attrs


# -- decoding --

def _decode_value(tag: int, raw: bytes) -> Any:
    if tag in _INT_TAGS and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag in (0x35, 0x36) and len(raw) >= 4:  # text/name with language: skip the language
        (lang_len,) = struct.unpack(">H", raw[:2])
        start = 2 + lang_len + 2
        return raw[start:].decode("utf-8", "replace")
    if tag in _STRING_TAGS:
        return raw.decode("utf-8", "replace")
    if tag in (0x10, 0x12, 0x13):  # unsupported, unknown, no-value
        return None
    return raw


def decode_response(payload: bytes) -> IppResponse:
    """Parse an IPP response. Collections are flattened into their attribute's values."""
    if len(payload) < 9:
        raise IppDecodeError(f"IPP message too short ({len(payload)} bytes)")
    _major, _minor, status, request_id = struct.unpack(">BBHI", payload[:8])
    response = IppResponse(status=status, request_id=request_id)
    pos, current, last = 8, None, None
    while pos < len(payload):
        tag = payload[pos]
        pos += 1
        if tag == END_OF_ATTRIBUTES:
            response.data = payload[pos:]
            return response
        if tag < 0x10:
            current = {}
            response.groups.append((tag, current))
            last = None
            continue
        if current is None or pos + 2 > len(payload):
            raise IppDecodeError("attribute outside a group or truncated")
        (name_len,) = struct.unpack(">H", payload[pos:pos + 2])
        pos += 2
        name = payload[pos:pos + name_len].decode("ascii", "replace")
        pos += name_len
        if pos + 2 > len(payload):
            raise IppDecodeError("truncated value length")
        (value_len,) = struct.unpack(">H", payload[pos:pos + 2])
        pos += 2
        raw = payload[pos:pos + value_len]
        if len(raw) != value_len:
            raise IppDecodeError("truncated value")
        pos += value_len
        if name:
            last = name
            current.setdefault(name, [])
        if last is None:
            raise IppDecodeError("additional value without an attribute")
        if tag in (BEG_COLLECTION, END_COLLECTION):
            continue
        current[last].append(_decode_value(tag, raw))
    raise IppDecodeError("no end-of-attributes tag")


# -- transport --

def default_server() -> str:
    """The CUPS server libcups would use: $CUPS_SERVER, else ServerName in
    /etc/cups/client.conf, else the local domain socket if present, else localhost."""
    env = os.environ.get("CUPS_SERVER", "").strip()
    if env:
        return env
    try:
        with open("/etc/cups/client.conf", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 2 and parts[0].lower() == "servername":
                    return parts[1]
    except OSError:
        pass
    return DEFAULT_SOCKET if os.path.exists(DEFAULT_SOCKET) else "localhost"


def split_server(server: str) -> tuple[str, int | None]:
    """(host, port) or (socket path, None). Accepts 'host', 'host:port', '[v6]:port',
    '/path/to/socket' and a libcups '/version=1.1' suffix."""
    server = server.strip()
    if server.startswith("/"):
        return server, None
    server = server.split("/", 1)[0]
    if server.startswith("["):
        host, _, rest = server[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
        return host, int(port) if port else DEFAULT_PORT
    if server.count(":") == 1:
        host, port = server.split(":")
        return host, int(port)
    return server, DEFAULT_PORT


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class IppConnection:
    """Send IPP requests to one CUPS server (a new HTTP connection per request)."""

    def __init__(self, server: str, timeout: float = 10.0) -> None:
        self.server = server
        self.timeout = timeout
        self.host, self.port = split_server(server)
        self._request_id = 0

    @property
    def is_socket(self) -> bool:
        return self.port is None

    def printer_uri(self, queue: str) -> str:
        return f"ipp://localhost/printers/{quote(queue, safe='')}"

    def _connection(self) -> http.client.HTTPConnection:
        if self.port is None:
            return _UnixHTTPConnection(self.host, self.timeout)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def request(self, operation: int, groups: list[tuple[int, list[Attr]]], data: bytes = b"",
                path: str = "/") -> IppResponse:
        self._request_id += 1
        body = encode_request(operation, self._request_id, groups, data)
        conn = self._connection()
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": "application/ipp"})
            answer = conn.getresponse()
            payload = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            raise IppTransportError(f"CUPS server {self.server} not reachable: {exc}") from exc
        finally:
            conn.close()
        if answer.status != 200:
            raise IppTransportError(f"CUPS server {self.server} answered HTTP {answer.status} {answer.reason}")
        try:
            return decode_response(payload)
        except IppDecodeError as exc:
            raise IppTransportError(f"CUPS server {self.server} sent a malformed IPP answer: {exc}") from exc
