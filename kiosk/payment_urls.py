"""Which payment URLs the kiosk may show as a QR: only those under a configured provider prefix.

The court backend sends the payment page's URL (`PaymentOrder.qr_content`); the kiosk shows it as a QR
that a litigant scans with a phone and pays on. A backend that is wrong or hostile could send any
page, so the URL is shown only when it lies under one of `payment.provider_prefixes` (a comma-separated
list such as ``"https://pay.example/court/"``). The match is strict, on the parsed URL, never on the
raw string: scheme ``https``; printable ASCII only (no spaces, control characters, backslashes or
non-ASCII look-alikes); no user info (``https://pay.example@evil/``); the exact host
(``pay.example.evil.com`` is not ``pay.example``) and port; no dot segments, empty segments or
encoded slashes and dots in the path (``https://pay.example/../x``); the path under the prefix's on a
segment boundary (``/court/`` or ``/court`` covers ``/court/x``, never ``/courtx``).

Demo mode with no prefixes configured uses the embedded sandbox's own payment page
(:data:`SANDBOX_PREFIX`, as `court_sandbox.store.PAYMENT_PAGE` makes it). In production an empty list
refuses every QR (and `kiosk.production` names it as a problem).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

__all__ = [
    "MAX_URL_LENGTH",
    "SANDBOX_PREFIX",
    "effective_prefixes",
    "parse_prefixes",
    "payment_url_allowed",
    "prefixes_problem",
    "refusal_reason",
    "safe_host",
]

SANDBOX_PREFIX = "https://pay.court-sandbox.invalid/p/"  # court_sandbox.store.PAYMENT_PAGE's page
MAX_URL_LENGTH = 2048  # more than a phone-scannable QR holds
_PRINTABLE = re.compile(r"[\x21-\x7e]+")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
_ENCODED_BAD = re.compile(r"%(2e|2f|5c|00)", re.IGNORECASE)  # an encoded dot, slash, backslash or NUL


def parse_prefixes(text: str | None) -> tuple[str, ...]:
    """The prefixes of a `payment.provider_prefixes` value (comma-separated, blanks ignored)."""
    return tuple(p.strip() for p in (text or "").split(",") if p.strip())


def effective_prefixes(text: str | None, mode: str) -> tuple[str, ...]:
    """The configured prefixes; in demo mode an empty value means the embedded sandbox's payment page."""
    prefixes = parse_prefixes(text)
    if not prefixes and mode == "demo":
        return (SANDBOX_PREFIX,)
    return prefixes


def _parts(url: str) -> tuple[SplitResult, int] | str:
    """The parsed URL and its port, or the code of why it is not a plain https URL."""
    if not isinstance(url, str) or not url:
        return "empty"
    if len(url) > MAX_URL_LENGTH:
        return "too_long"
    if not _PRINTABLE.fullmatch(url) or "\\" in url:
        return "characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "unparsable"
    if parts.scheme != "https" or not url[:8].lower() == "https://":
        return "scheme"
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        return "userinfo"
    host = parts.hostname or ""
    if not _HOST.fullmatch(host) or parts.netloc.lower() not in (host, f"{host}:{port}"):
        return "host"
    path = parts.path or "/"
    segments = path.split("/")[1:]
    if not path.startswith("/") or any(s in (".", "..") for s in segments) or "" in segments[:-1]:
        return "path"
    if _ENCODED_BAD.search(path):
        return "path"
    return parts, (443 if port is None else port)


def prefixes_problem(text: str | None) -> str | None:
    """What is wrong with a `payment.provider_prefixes` value, or None (the config's check)."""
    for prefix in parse_prefixes(text):
        parts = _parts(prefix)
        if isinstance(parts, str) or parts[0].query or parts[0].fragment or "?" in prefix or "#" in prefix:
            return ("comma-separated https:// URL prefixes without user info, query or fragment "
                    f"(such as https://pay.example/court/); {prefix[:80]!r} is not one")
    return None


def refusal_reason(url: str, prefixes) -> str | None:
    """None when `url` lies under one of `prefixes`; else a short code of why not (for the audit):
    no_prefixes, empty, too_long, characters, unparsable, scheme, userinfo, host, path, not_listed."""
    prefixes = tuple(prefixes)
    if not prefixes:
        return "no_prefixes"
    got = _parts(url)
    if isinstance(got, str):
        return got
    parts, port = got
    path = parts.path or "/"
    for prefix in prefixes:
        allowed = _parts(prefix)
        if isinstance(allowed, str) or allowed[0].query or allowed[0].fragment:
            continue  # a malformed prefix allows nothing (the config refuses it anyway)
        base, base_port = allowed
        if base.hostname != parts.hostname or base_port != port:
            continue
        root = base.path or "/"
        if root.endswith("/") and path.startswith(root):
            return None
        if not root.endswith("/") and (path == root or path.startswith(root + "/")):
            return None
    return "not_listed"


def payment_url_allowed(url: str, prefixes) -> bool:
    """True only when `url` is an https URL under one of `prefixes` (see the module)."""
    return refusal_reason(url, prefixes) is None


def safe_host(url: str) -> str:
    """The URL's host for a log line (lower-case letters, digits, dots and dashes, at most 64), or "?"."""
    try:
        host = urlsplit(url if isinstance(url, str) else "").hostname or ""
    except ValueError:
        host = ""
    host = re.sub(r"[^a-z0-9.-]", "", host)[:64]
    return host or "?"
