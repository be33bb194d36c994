"""How the court client reads an answer it does not trust (issue 17).

`read_body` reads a streamed `requests.Response` into memory with a size cap and an overall
deadline: the body comes in pieces of whatever has arrived (``read1``), each wait bounded by the
per-read timeout and by what is left of the deadline, so a body trickled one byte at a time ends
at the deadline, and a body larger than the cap is not read past it. The reason codes name what
went wrong; `offline_queue.client` turns them into its error classes and `offline_queue.sync`
into retries or dead letters.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Mapping
from typing import Any

import requests
import urllib3

from offline_queue import contract as c

#: What went wrong with an answer (`CourtError.reason`); also the start of a dead letter's text.
REASON_REDIRECT = "redirect"
REASON_TOO_LARGE = "too_large"
REASON_TOO_SLOW = "too_slow"
REASON_BROKEN_OFF = "broken_off"
REASON_NOT_JSON = "not_json"
REASON_INVALID = "invalid_answer"
REASON_HTML = "html_page"
REASON_MISMATCH = "mismatched_answer"

#: Answers that are nonsense rather than a refusal: retried a bounded number of times
#: (`offline_queue.sync.MAX_NONSENSE_ATTEMPTS`), then a dead letter with the reason.
BOUNDED_REASONS = frozenset({REASON_TOO_LARGE, REASON_NOT_JSON, REASON_INVALID})

_PIECE = 64 * 1024


class AnswerProblem(Exception):
    """Reading an answer failed; `reason` is one of the REASON_* codes."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def is_enrolment(path: str) -> bool:
    """Whether `path` is a kiosk's enrolment (``/api/v1/kiosks/<id>/enrol``: sent without a client certificate)."""
    head, _, tail = c.ENROL_PATH.partition("{kiosk_id}")
    return path.startswith(head) and path.endswith(tail) and "/" not in path[len(head):-len(tail)]


def compile_limits(limits: Mapping[str, int]) -> list[tuple[re.Pattern[str], int]]:
    """Path templates (``/filings/{filing_id}``) as patterns matching a request's path."""
    compiled = []
    for template, limit in limits.items():
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/?]+", pattern)
        compiled.append((re.compile(pattern + r"(\?.*)?"), limit))
    return compiled


def limit_for(path: str, compiled: list[tuple[re.Pattern[str], int]], default: int) -> int:
    for pattern, limit in compiled:
        if pattern.fullmatch(path):
            return limit
    return default


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The connection's socket (to bound each read by the deadline), when urllib3 exposes it."""
    connection = getattr(response.raw, "connection", None) or getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def read_body(response: requests.Response, *, limit: int, deadline_at: float, read_timeout: float,
              truncate: bool = False) -> bytes:
    """The whole body of a streamed response, or AnswerProblem (too large, too slow, broken off).

    `truncate`: keep the first `limit` bytes and stop there instead of failing (an error answer's
    explanation: only its status counts). The result is also stored as the response's content, so
    ``response.content`` and ``response.json()`` work afterwards.
    """
    length = response.headers.get("Content-Length", "")
    raw = response.raw
    sock = _socket_of(response)
    pieces: list[bytes] = []
    size = 0
    try:
        if not truncate and length.isascii() and length.isdigit() and int(length) > limit:
            raise AnswerProblem(REASON_TOO_LARGE, f"answer too large: {length} bytes announced, the limit is {limit}")
        while True:
            left = deadline_at - time.monotonic()
            if left <= 0:
                raise AnswerProblem(REASON_TOO_SLOW, f"court too slow: the answer did not end within the "
                                                     f"deadline ({size} bytes so far)")
            if sock is not None:
                sock.settimeout(max(0.01, min(read_timeout, left)))
            if isinstance(raw, urllib3.response.BaseHTTPResponse):
                piece = raw.read1(_PIECE, decode_content=True)
            else:  # a transport adapter's stand-in (a file-like body)
                piece = raw.read(_PIECE)
            if not piece:
                break
            size += len(piece)
            if size > limit:
                if truncate:
                    pieces.append(piece[: len(piece) - (size - limit)])
                    break
                raise AnswerProblem(REASON_TOO_LARGE, f"answer too large: over the limit of {limit} bytes")
            pieces.append(piece)
    except AnswerProblem:
        response.close()
        raise
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError, ValueError) as exc:
        response.close()
        if isinstance(exc, socket.timeout | TimeoutError | urllib3.exceptions.ReadTimeoutError):
            if deadline_at - time.monotonic() <= 0.02:
                raise AnswerProblem(REASON_TOO_SLOW, "court too slow: the answer did not end within the "
                                                     "deadline") from exc
        raise AnswerProblem(REASON_BROKEN_OFF, f"download broke off: {type(exc).__name__}") from exc
    content = b"".join(pieces)
    response._content = content  # noqa: SLF001 - requests keeps the read body here
    response._content_consumed = True  # noqa: SLF001
    return content


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON the contract allows")


MAX_JSON_DEPTH = 200  # the contract's answers nest a few levels; a parser pushed to Python's recursion
# limit leaves no stack for anything else (a finalizer that runs then fails: "unraisable" errors)

_JSON_TOKENS = None


def _too_deep(text: str) -> bool:
    """Whether ``text`` nests arrays/objects deeper than MAX_JSON_DEPTH (brackets inside strings do not
    count). Linear, without recursion: only the structural characters are visited."""
    global _JSON_TOKENS
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    if _JSON_TOKENS is None:
        import re

        _JSON_TOKENS = re.compile(r'\\.|"|[\[\]{}]', re.DOTALL)
    depth, in_string = 0, False
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or len(token) == 2:  # inside a string, or an escaped character
            continue
        elif token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


def loads(content: bytes) -> Any:
    """JSON from bytes (UTF-8/16/32), refusing NaN/Infinity; ValueError for anything else (also a
    nesting deeper than MAX_JSON_DEPTH, refused before the parser recurses into it)."""
    text = content.decode(json.detect_encoding(content), "surrogatepass") if isinstance(content, bytes) else content
    if _too_deep(text):
        raise ValueError("JSON nested too deeply")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc


def is_html(response: requests.Response) -> bool:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")


def same_case_ref(ref: str, filing_id: str, case_number: str | None) -> bool:
    """Whether a case the court answered is the one asked for (by filing id or case number; brackets
    half- or full-width, spaces ignored)."""

    def norm(text: str) -> str:
        return "".join(text.split()).replace("(", "（").replace(")", "）")

    wanted = norm(ref)
    return wanted == norm(filing_id) or (case_number is not None and wanted == norm(case_number))


def error_detail(response: requests.Response, limit: int = 500) -> str:
    """The backend's explanation of an error, without input values (no personal data). Whatever the
    body holds (any JSON, HTML, garbage), this returns a short text and raises nothing."""
    reason = str(response.reason or "error")[:limit]
    if is_html(response):
        return f"the court answered with an HTML page (a proxy's error page?): {reason}"[:limit]
    try:
        body = loads(response.content)
    except (ValueError, requests.RequestException):
        return reason
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail[:limit]
    if isinstance(detail, list):
        parts = []
        for item in detail[:5]:
            if isinstance(item, dict):
                loc = item.get("loc", ())
                if isinstance(loc, list | tuple):
                    where = ".".join(str(p)[:40] for p in loc[:10] if isinstance(p, str | int | float))
                else:
                    where = str(loc)[:40] if isinstance(loc, str | int | float) else ""
                msg = item.get("msg", "")
                parts.append(f"{where}: {msg if isinstance(msg, str) else ''}"[:200])
        return "; ".join(parts)[:limit]
    return reason
