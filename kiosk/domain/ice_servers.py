"""The STUN and TURN servers of remote video (``video.ice_servers``), parsed.

One server per entry, entries separated by ";" (or new lines): a ``stun:`` or ``turn:``/``turns:``
URL, and for TURN the user name and credential after it, separated by spaces::

    stun:stun.court.example:3478; turn:turn.court.example:3478?transport=udp kiosk s3cret

Empty means no server at all: aiortc, left to itself, would ask a public STUN server, which a
court's closed network neither reaches nor should, so the kiosk always passes this list, even
empty. A call between hosts of one network (and on loopback) needs none. Pure Python: the
configuration check uses it.
"""

from __future__ import annotations

import re

_URL = re.compile(r"^(stun|turns?):[A-Za-z0-9.\-\[\]:]+(\?transport=(udp|tcp))?$")


def parse_ice_servers(text: str) -> list[dict[str, str]]:
    """``[{"urls": ..., "username": ..., "credential": ...}]`` (the keys of aiortc's RTCIceServer and of
    a browser's RTCIceServer); ValueError says what is wrong with an entry."""
    servers = []
    for entry in re.split(r"[;\n]", text or ""):
        parts = entry.split()
        if not parts:
            continue
        url, rest = parts[0], parts[1:]
        if not _URL.match(url):
            raise ValueError(f"{url!r} is not a stun:, turn: or turns: URL (host:port)")
        server = {"urls": url}
        if url.startswith("turn"):
            if len(rest) != 2:
                raise ValueError(f"the TURN server {url} needs a user name and a credential after it")
            server["username"], server["credential"] = rest
        elif rest:
            raise ValueError(f"the STUN server {url} takes nothing after its URL")
        servers.append(server)
    return servers


def check_ice_servers(text: str) -> str | None:
    """For the configuration check: what is expected when ``text`` is wrong, else None."""
    try:
        parse_ice_servers(text)
    except ValueError as exc:
        return f"STUN/TURN servers separated by ';' ({exc})"
    return None
