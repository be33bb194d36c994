"""Remote video (远程视频, issue 20; docs/VIDEO.md): the court's side of a call between a kiosk and the
video console, a web page that hall staff and judges open on the admin application.

- The kiosk (``router``, ``signal_router``): places a call (an idempotent PUT), asks how it stands (GET),
  hangs up (POST .../end), reports the finished call's log (an idempotent PUT, kept in SQLite), and talks
  the call's signalling over a WebSocket (``VIDEO_SIGNAL_PATH``), accepted only from the kiosk that placed
  the call (its X-Kiosk-Id; its certificate and token as for every kiosk request).
- The console (``console_router``, on the admin application, left out of the OpenAPI document): its page,
  a sign-in with the admin token that opens a session cookie (`court_sandbox.admin_auth.ConsoleSessions`),
  its ICE servers, its WebSocket, and the upload of a recording (only with the litigant's consent and only
  when the court allows recording: ``create_app(video_recording=True)``).
- ``admin_router``: the call logs received.

`VideoHub` (``app.state.video``) holds the live calls in memory: a restart forgets them (a kiosk's call then
ends: its socket is refused and GET answers 404). The kiosk's socket is served by the public application's
server and the console's by the admin application's, each on its own event loop: the hub's state is guarded
by a lock, and frames are handed to a socket's own loop (`_Peer`). A dropped socket keeps its calls for
`RECONNECT_GRACE` seconds (deadlines checked on every use of the hub and every `REAP_INTERVAL` by each open
socket); after that the call ends with reason ``network`` and the other side gets ``bye``.

Logs carry call ids, states and reasons only: never a case number, a display name or an SDP.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, WebSocket
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.websockets import WebSocketDisconnect

from court_sandbox.admin_auth import ConsoleSession, ConsoleSessions, cookie_value, token_matches
from court_sandbox.context import Sandbox, SandboxContext
from court_sandbox.private import private_dir
from court_sandbox.records import normal_case_number
from court_sandbox.routes.common import errors, idempotency_key_header, idempotent_put
from court_sandbox.store import Refused, Store, _iso
from offline_queue import contract as c

log = logging.getLogger("court_sandbox.video")

router = APIRouter(tags=["video"])
signal_router = APIRouter()
admin_router = APIRouter(tags=["admin"])
console_router = APIRouter(include_in_schema=False)

#: How long a dropped kiosk or console socket keeps its calls (tests shorten it).
RECONNECT_GRACE: float = c.VIDEO_RECONNECT_GRACE_SECONDS
#: How often each open socket has the hub end the calls whose grace ran out.
REAP_INTERVAL = 0.5
#: Ended calls kept for their kiosk's GET (the oldest are forgotten first).
MAX_ENDED_CALLS = 500
#: Frames kept for a kiosk whose socket is away (answer, show_document, recording).
MAX_BACKLOG = 16
#: A recording may grow to this many bytes (uploaded in pieces of at most the admin body limit).
MAX_RECORDING_BYTES = 512 * 1024 * 1024
RECORDING_MEDIA_TYPE = "video/webm"
#: A console's display name: a desk or a judge ("诉讼服务中心 3号台", "王法官"), never an ID or phone number.
DISPLAY_NAME_MAX = 32
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f<>\"'&]|\d{6,}")
_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_BYE_REASON = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

CallId = Annotated[str, PathParam(pattern=c.VIDEO_CALL_ID_PATTERN, description="Client-chosen call id (a UUID)")]

_KIND_NAMES = {c.VIDEO_KIND_STAFF: "呼叫工作人员", c.VIDEO_KIND_JUDGMENT_QA: "判后答疑", c.VIDEO_KIND_VISIT: "远程接访"}


# ------------------------------------------------------------------------ the hub


class _Peer:
    """One open WebSocket. Frames for it are queued on the event loop that serves it (None: close it), so
    that the hub, called from any thread or loop, never writes to a socket itself."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

    def send(self, frame: dict[str, Any] | None) -> None:
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, frame)
        except RuntimeError:  # its loop is closed: the socket is gone with it
            pass

    def close(self) -> None:
        self.send(None)


@dataclass
class _Call:
    request: c.VideoCallRequest
    fingerprint: str
    seq: int
    received_at: datetime
    received_mono: float
    judge: str | None = None
    state: str = c.VIDEO_WAITING
    kiosk: _Peer | None = None
    kiosk_deadline: float | None = None  # time.monotonic() the call ends at unless the kiosk (re)connects
    console: str | None = None  # the session id of the console that took it
    answered_by: str | None = None
    ended_reason: str | None = None
    ended_mono: float | None = None
    recording: bool = False
    recorded: bool = False
    offer: dict[str, Any] | None = None  # the latest offer (kept until answered, for a console that reconnects)
    offer_attempt: int = 0
    answer_attempt: int = 0
    backlog: list[dict[str, Any]] = field(default_factory=list)  # for the kiosk while its socket is away
    sent_position: int | None = None

    @property
    def call_id(self) -> str:
        return self.request.call_id

    @property
    def live(self) -> bool:
        return self.state != c.VIDEO_ENDED


@dataclass
class _Console:
    session_id: str
    name: str
    peer: _Peer | None = None
    deadline: float | None = None  # while its socket is away: when its calls end


class VideoHub:
    """The live calls of one sandbox (``app.state.video``): the queue, who took which call, the sockets of
    both ends, and the relay of signalling frames between them. Every method may be called from any thread."""

    def __init__(self, store: Store, *, recording: bool = False,
                 ice_servers: Sequence[Mapping[str, Any]] = ()) -> None:
        self.store = store
        self.recording_allowed = recording
        self.ice_servers = [dict(server) for server in ice_servers]
        self.logs = VideoCallLogs(store)
        self.recordings_dir = Path(f"{store.path}.recordings")
        self._lock = threading.Lock()
        self._calls: dict[str, _Call] = {}
        self._consoles: dict[str, _Console] = {}
        self._seq = itertools.count(1)

    # -- the kiosk's REST calls

    def create(self, key: str, fingerprint: str, request: c.VideoCallRequest) -> tuple[int, dict[str, Any]]:
        """Place a call: (201, its status); (200, the call as it stands) for the same call again; 422 for
        another call with this id or an unknown hall."""
        judge = self._judge_of(request.case_number) if request.case_number else None
        with self.store._connect() as conn:
            if conn.execute("SELECT 1 FROM courts WHERE code = ?", (request.hall,)).fetchone() is None:
                raise Refused(422, "unknown hall")
        with self._lock:
            self._reap()
            call = self._calls.get(request.call_id)
            if call is not None:
                if call.fingerprint != fingerprint:
                    raise Refused(422, "call_id is already used by a different call")
                status_code = 200
            else:
                call = _Call(request, fingerprint, next(self._seq), self.store.now(), time.monotonic(), judge,
                             kiosk_deadline=time.monotonic() + RECONNECT_GRACE)
                self._calls[request.call_id] = call
                status_code = 201
                log.info("video call %s placed (%s, green channel %s)", request.call_id, request.kind,
                         request.green_channel)
                self._changed()
            text = self._status(call).model_dump_json()
        with self.store._connect(write=True) as conn:
            Store._complete_key(conn, key, status_code, text, _iso(self.store.now()))
        return status_code, json.loads(text)

    def status(self, call_id: str) -> c.VideoCallStatus | None:
        with self._lock:
            self._reap()
            call = self._calls.get(call_id)
            return None if call is None else self._status(call)

    def kiosk_connected(self, call_id: str) -> bool:
        """The call's kiosk has its socket open now."""
        with self._lock:
            call = self._calls.get(call_id)
            return call is not None and call.kiosk is not None

    def kiosk_of(self, call_id: str) -> str | None:
        with self._lock:
            call = self._calls.get(call_id)
            return None if call is None else call.request.kiosk_id

    def end(self, call_id: str, reason: str) -> c.VideoCallStatus | None:
        """End a call (nothing changes for one already ended); None: no such call."""
        with self._lock:
            self._reap()
            call = self._calls.get(call_id)
            if call is None:
                return None
            if call.live:
                self._end(call, reason)
                self._changed()
            return self._status(call)

    # -- the kiosk's socket

    def attach_kiosk(self, call_id: str, peer: _Peer) -> None:
        """The kiosk's socket for a call: it gets where the call stands (its position; ``answered`` when a
        console took the call but has no answer yet; ``bye`` when it is over), then what waited for it."""
        with self._lock:
            self._reap()
            call = self._calls.get(call_id)
            if call is None:  # forgotten since the socket was accepted
                peer.close()
                return
            if not call.live:
                peer.send({"type": c.VIDEO_MSG_BYE, "reason": call.ended_reason})
                peer.close()
                return
            if call.kiosk is not None:
                call.kiosk.close()  # a socket the kiosk gave up on
            call.kiosk, call.kiosk_deadline = peer, None
            log.info("video call %s: kiosk socket open (%s)", call_id, call.state)
            if call.state == c.VIDEO_WAITING:
                call.sent_position = self._positions().get(call_id)
                peer.send({"type": c.VIDEO_MSG_POSITION, "position": call.sent_position})
            elif call.state == c.VIDEO_RINGING and call.answer_attempt == 0:
                peer.send({"type": c.VIDEO_MSG_ANSWERED, "by": call.answered_by})
            for frame in call.backlog:
                peer.send(frame)
            call.backlog.clear()

    def drop_kiosk_socket(self, call_id: str) -> bool:
        """A network fault between the kiosk and the court: close the kiosk's socket of this call as a
        dropped connection would (the call is kept for the grace). False when it has none open."""
        with self._lock:
            call = self._calls.get(call_id)
            peer = call.kiosk if call is not None else None
        if peer is None:
            return False
        peer.close()
        return True

    def detach_kiosk(self, call_id: str, peer: _Peer) -> None:
        with self._lock:
            call = self._calls.get(call_id)
            if call is None or call.kiosk is not peer:
                return
            call.kiosk = None
            if call.live:
                call.kiosk_deadline = time.monotonic() + RECONNECT_GRACE
                log.info("video call %s: kiosk socket dropped, kept for %.0f s", call_id, RECONNECT_GRACE)

    def kiosk_frame(self, call_id: str, peer: _Peer, frame: dict[str, Any]) -> None:
        """A frame from the kiosk's socket: offer, quality, bye (anything else: ``error``)."""
        with self._lock:
            self._reap()
            call = self._calls.get(call_id)
            if call is None or call.kiosk is not peer:
                return
            kind = frame["type"]
            handler = {c.VIDEO_MSG_OFFER: self._kiosk_offer, c.VIDEO_MSG_QUALITY: self._kiosk_quality,
                       c.VIDEO_MSG_BYE: self._kiosk_bye}.get(kind)
            problem = "the kiosk does not send this frame" if handler is None else handler(call, frame)
            if problem is not None:
                peer.send(_error(kind, problem))

    def _kiosk_offer(self, call: _Call, frame: dict[str, Any]) -> str | None:
        if call.state not in (c.VIDEO_RINGING, c.VIDEO_CONNECTED):
            return "no console has taken the call"
        sdp, attempt = frame.get("sdp"), frame.get("attempt")
        if not isinstance(sdp, str) or not sdp or not _is_count(attempt):
            return "an offer needs sdp and attempt (1, 2, ...)"
        if attempt <= call.offer_attempt:
            return f"attempt must be above {call.offer_attempt}"
        call.offer_attempt = attempt
        call.offer = {"type": c.VIDEO_MSG_OFFER, "call_id": call.call_id, "sdp": sdp, "attempt": attempt}
        log.info("video call %s: offer (attempt %d)", call.call_id, attempt)
        self._to_console(call, call.offer)
        return None

    def _kiosk_quality(self, call: _Call, frame: dict[str, Any]) -> str | None:
        rtt, loss, level = frame.get("rtt_ms"), frame.get("loss"), frame.get("level")
        if not (_is_number(rtt) and _is_number(loss) and level in c.VIDEO_QUALITY_LEVELS):
            return f"quality needs rtt_ms, loss and level ({' '.join(c.VIDEO_QUALITY_LEVELS)})"
        self._to_console(call, {"type": c.VIDEO_MSG_QUALITY, "call_id": call.call_id, "rtt_ms": rtt,
                                "loss": loss, "level": level})
        return None

    def _kiosk_bye(self, call: _Call, frame: dict[str, Any]) -> None:
        if call.live:
            self._end(call, c.VIDEO_END_KIOSK)
            self._changed()

    # -- the console's socket

    def attach_console(self, session: ConsoleSession, peer: _Peer) -> None:
        """A console's socket: it gets the list, and the offers of its calls it has not answered."""
        with self._lock:
            self._reap()
            console = self._consoles.get(session.session_id)
            if console is None:
                console = self._consoles[session.session_id] = _Console(session.session_id, session.name)
            elif console.peer is not None:
                console.peer.close()  # the same session in another tab, or a socket it gave up on
            console.peer, console.deadline = peer, None
            log.info("video console socket open")
            peer.send(self._calls_frame(console.session_id))
            for call in self._calls_of(console.session_id):
                if call.offer is not None and call.answer_attempt < call.offer_attempt:
                    peer.send(call.offer)

    def detach_console(self, session_id: str, peer: _Peer) -> None:
        with self._lock:
            console = self._consoles.get(session_id)
            if console is None or console.peer is not peer:
                return
            console.peer = None
            console.deadline = time.monotonic() + RECONNECT_GRACE
            log.info("video console socket dropped, its calls kept for %.0f s", RECONNECT_GRACE)

    def sign_out(self, session_id: str) -> None:
        """A console signs out: its calls end (reason ``console``) and its socket is closed."""
        with self._lock:
            console = self._consoles.pop(session_id, None)
            for call in self._calls_of(session_id):
                self._end(call, c.VIDEO_END_CONSOLE)
            if console is not None and console.peer is not None:
                console.peer.close()
            self._changed()

    def console_frame(self, session_id: str, peer: _Peer, frame: dict[str, Any]) -> None:
        """A frame from a console: take, answer, show_document, recording, bye (anything else: ``error``)."""
        with self._lock:
            self._reap()
            console = self._consoles.get(session_id)
            if console is None or console.peer is not peer:
                return
            kind = frame["type"]
            call = self._calls.get(frame.get("call_id")) if isinstance(frame.get("call_id"), str) else None
            handler = {c.VIDEO_MSG_TAKE: self._take, c.VIDEO_MSG_ANSWER: self._answer,
                       c.VIDEO_MSG_SHOW_DOCUMENT: self._show_document, c.VIDEO_MSG_RECORDING: self._recording,
                       c.VIDEO_MSG_BYE: self._console_bye}.get(kind)
            if handler is None:
                problem = "the console does not send this frame"
            elif call is None or not call.live:
                problem = "no such call (or it is over)"
            elif kind != c.VIDEO_MSG_TAKE and call.console != session_id:
                problem = "this console has not taken the call"
            else:
                problem = handler(call, console, frame)
            if problem is not None:
                peer.send(_error(kind, problem, frame.get("call_id") if call is not None else None))

    def _take(self, call: _Call, console: _Console, frame: dict[str, Any]) -> str | None:
        if call.state != c.VIDEO_WAITING:
            return "the call is no longer waiting"
        call.state, call.console, call.answered_by = c.VIDEO_RINGING, console.session_id, console.name
        log.info("video call %s taken", call.call_id)
        if call.kiosk is not None:  # a kiosk that is away gets it when it comes back (attach_kiosk)
            call.kiosk.send({"type": c.VIDEO_MSG_ANSWERED, "by": console.name})
        self._changed()
        return None

    def _answer(self, call: _Call, console: _Console, frame: dict[str, Any]) -> str | None:
        sdp, attempt = frame.get("sdp"), frame.get("attempt")
        if not isinstance(sdp, str) or not sdp or not _is_count(attempt):
            return "an answer needs sdp and attempt"
        if attempt != call.offer_attempt:
            return f"the latest offer is attempt {call.offer_attempt}"
        call.answer_attempt, call.offer = attempt, None
        if call.state == c.VIDEO_RINGING:
            call.state = c.VIDEO_CONNECTED
            self._changed()
        log.info("video call %s: answer (attempt %d)", call.call_id, attempt)
        self._to_kiosk(call, {"type": c.VIDEO_MSG_ANSWER, "sdp": sdp, "attempt": attempt})
        return None

    def _show_document(self, call: _Call, console: _Console, frame: dict[str, Any]) -> str | None:
        title, document_id = frame.get("title"), frame.get("document_id")
        if not isinstance(title, str) or not 0 < len(title.strip()) <= 200 or not isinstance(document_id, str) \
                or _DOCUMENT_ID.fullmatch(document_id) is None:
            return "show_document needs a title (1-200 characters) and a document_id"
        self._to_kiosk(call, {"type": c.VIDEO_MSG_SHOW_DOCUMENT, "title": title.strip(),
                              "document_id": document_id})
        return None

    def _recording(self, call: _Call, console: _Console, frame: dict[str, Any]) -> str | None:
        state = frame.get("state")
        if state == c.VIDEO_RECORDING_STARTED:
            if not call.request.recording_consent:
                return "the litigant did not consent to recording"
            if not self.recording_allowed:
                return "recording is not allowed here"
            if call.state != c.VIDEO_CONNECTED:
                return "the call is not connected"
            call.recording = call.recorded = True
        elif state == c.VIDEO_RECORDING_STOPPED:
            call.recording = False
        else:
            return "recording state is started or stopped"
        log.info("video call %s: recording %s", call.call_id, state)
        self._to_kiosk(call, {"type": c.VIDEO_MSG_RECORDING, "state": state})
        if console.peer is not None:
            console.peer.send({"type": c.VIDEO_MSG_RECORDING, "call_id": call.call_id, "state": state})
        self._changed()
        return None

    def _console_bye(self, call: _Call, console: _Console, frame: dict[str, Any]) -> None:
        self._end(call, c.VIDEO_END_CONSOLE)
        self._changed()

    # -- recordings

    def may_upload(self, call_id: str, session_id: str) -> str | None:
        """Why this console may not upload a recording of this call (None: it may)."""
        with self._lock:
            call = self._calls.get(call_id)
            if call is None or call.console != session_id:
                return "this console has not taken the call"
            if not (call.request.recording_consent and self.recording_allowed and call.recorded):
                return "the call was not recorded (no consent, or recording not allowed)"
            return None

    def recording_path(self, call_id: str) -> Path:
        return private_dir(self.recordings_dir) / f"{call_id}.webm"

    # -- inside the lock

    def _status(self, call: _Call) -> c.VideoCallStatus:
        return c.VideoCallStatus(
            call_id=call.call_id, kind=call.request.kind, hall=call.request.hall, state=call.state,
            position=self._positions().get(call.call_id), answered_by=call.answered_by,
            ended_reason=call.ended_reason, recording=call.recording)

    def _positions(self) -> dict[str, int]:
        """Place in the queue of each waiting call: the green channel first, then by request time."""
        waiting = sorted((x for x in self._calls.values() if x.state == c.VIDEO_WAITING),
                         key=lambda x: (not x.request.green_channel, x.request.requested_at, x.seq))
        return {call.call_id: place for place, call in enumerate(waiting, 1)}

    def _calls_of(self, session_id: str) -> list[_Call]:
        return [x for x in self._calls.values() if x.live and x.console == session_id]

    def _calls_frame(self, session_id: str) -> dict[str, Any]:
        positions = self._positions()
        now = time.monotonic()
        own = {x.call_id for x in self._calls_of(session_id)}
        shown = [x for x in self._calls.values() if x.state == c.VIDEO_WAITING or x.call_id in own]
        shown.sort(key=lambda x: (positions.get(x.call_id) or 0, x.seq))
        return {"type": c.VIDEO_MSG_CALLS, "calls": [{
            "call_id": x.call_id, "kind": x.request.kind, "hall": x.request.hall, "kiosk_id": x.request.kiosk_id,
            "case_number": x.request.case_number, "judge": x.judge, "waiting_since": x.received_at.isoformat(),
            "waiting_seconds": round(now - x.received_mono, 1), "position": positions.get(x.call_id),
            "state": x.state, "green_channel": x.request.green_channel,
            "recording_consent": x.request.recording_consent,
            "recording_allowed": x.request.recording_consent and self.recording_allowed,
            "recording": x.recording,
        } for x in shown]}

    def _changed(self) -> None:
        """Tell every waiting kiosk its new place, and every console its list."""
        for call_id, place in self._positions().items():
            call = self._calls[call_id]
            if call.kiosk is not None and call.sent_position != place:
                call.sent_position = place
                call.kiosk.send({"type": c.VIDEO_MSG_POSITION, "position": place})
        for console in self._consoles.values():
            if console.peer is not None:
                console.peer.send(self._calls_frame(console.session_id))

    def _to_kiosk(self, call: _Call, frame: dict[str, Any]) -> None:
        if call.kiosk is not None:
            call.kiosk.send(frame)
        elif len(call.backlog) < MAX_BACKLOG:
            call.backlog.append(frame)

    def _to_console(self, call: _Call, frame: dict[str, Any]) -> None:
        console = self._consoles.get(call.console or "")
        if console is not None and console.peer is not None:
            console.peer.send(frame)

    def _end(self, call: _Call, reason: str) -> None:
        call.state, call.ended_reason, call.ended_mono = c.VIDEO_ENDED, reason, time.monotonic()
        call.recording, call.offer, call.backlog = False, None, []
        bye = {"type": c.VIDEO_MSG_BYE, "reason": reason}
        if call.kiosk is not None:
            call.kiosk.send(bye)
            call.kiosk.close()
            call.kiosk = None
        self._to_console(call, {**bye, "call_id": call.call_id})
        log.info("video call %s ended (%s)", call.call_id, reason)
        ended = [x for x in self._calls.values() if not x.live]
        for old in sorted(ended, key=lambda x: x.ended_mono or 0)[:max(0, len(ended) - MAX_ENDED_CALLS)]:
            del self._calls[old.call_id]

    def _reap(self) -> None:
        """End the calls whose kiosk or console stayed away longer than the grace."""
        now, changed = time.monotonic(), False
        for call in list(self._calls.values()):
            if call.live and call.kiosk is None and call.kiosk_deadline is not None and call.kiosk_deadline <= now:
                self._end(call, c.VIDEO_END_NETWORK)
                changed = True
        for console in list(self._consoles.values()):
            if console.peer is None and console.deadline is not None and console.deadline <= now:
                for call in self._calls_of(console.session_id):
                    self._end(call, c.VIDEO_END_NETWORK)
                    changed = True
                del self._consoles[console.session_id]
        if changed:
            self._changed()

    def online(self, judge: str) -> bool:
        """A console signed in as this judge (`console_judge`) has its socket open now."""
        with self._lock:
            return any(console.peer is not None and console_judge(console.name) == judge
                       for console in self._consoles.values())

    def reap(self) -> None:
        with self._lock:
            self._reap()

    def _judge_of(self, case_number: str) -> str | None:
        """The judge of the case (sandbox records), so that the judge's console can pick the call."""
        try:
            with self.store._connect() as conn:
                row = conn.execute("SELECT body FROM case_records WHERE case_number = ?",
                                   (normal_case_number(case_number),)).fetchone()
        except sqlite3.Error:
            return None
        judge = json.loads(row[0]).get("judge") if row is not None else None
        return judge.get("name") if isinstance(judge, dict) else None


def console_judge(name: str) -> str:
    """The judge a console's display name names: the name less a trailing 法官 ("王明法官" and "王明" are
    王明), as the court's records name the judge."""
    return name.removesuffix("法官") or name


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1_000_000


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _error(refused: str, detail: str, call_id: str | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": c.VIDEO_MSG_ERROR, "refused": refused, "detail": detail}
    if call_id is not None:
        frame["call_id"] = call_id
    return frame


# ------------------------------------------------------------------- call logs


_SCHEMA = """
CREATE TABLE IF NOT EXISTS video_call_logs (
    call_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, hall TEXT NOT NULL, body TEXT NOT NULL,
    fingerprint TEXT NOT NULL, received_at TEXT NOT NULL
)
"""


class VideoCallLogs:
    """The kiosks' logs of finished calls, in the `Store`'s database (its ``_connect``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store._connect(write=True) as conn:
            conn.execute(_SCHEMA)

    def create(self, key: str, fingerprint: str, entry: c.VideoCallLog) -> tuple[int, dict[str, Any]]:
        """Keep a call's log: (201, receipt); (200, receipt) for the same log again; 422 for another log
        of the same call."""
        now = _iso(self.store.now())
        with self.store._connect(write=True) as conn:
            row = conn.execute("SELECT fingerprint, received_at FROM video_call_logs WHERE call_id = ?",
                               (entry.call_id,)).fetchone()
            if row is not None:
                if row[0] != fingerprint:
                    raise Refused(422, "this call's log was already received with different content")
                status_code, received = 200, row[1]
            else:
                if conn.execute("SELECT 1 FROM courts WHERE code = ?", (entry.hall,)).fetchone() is None:
                    raise Refused(422, "unknown hall")
                conn.execute("INSERT INTO video_call_logs (call_id, kiosk_id, hall, body, fingerprint, received_at)"
                             " VALUES (?, ?, ?, ?, ?, ?)", (entry.call_id, entry.kiosk_id, entry.hall,
                                                            entry.model_dump_json(), fingerprint, now))
                status_code, received = 201, now
            text = c.VideoCallLogReceipt(call_id=entry.call_id, received_at=received).model_dump_json()
            Store._complete_key(conn, key, status_code, text, now)
        return status_code, json.loads(text)

    def list_logs(self, kiosk_id: str | None = None) -> c.VideoCallLogList:
        with self.store._connect() as conn:
            rows = conn.execute("SELECT body, received_at FROM video_call_logs WHERE (? IS NULL OR kiosk_id = ?)"
                                " ORDER BY received_at DESC, rowid DESC", (kiosk_id, kiosk_id)).fetchall()
        return c.VideoCallLogList(items=[
            c.VideoCallLogEntry(log=c.VideoCallLog.model_validate_json(body), received_at=at) for body, at in rows])


# --------------------------------------------------------------- the kiosk's API


async def _hub(request: Request) -> VideoHub:
    hub: VideoHub = request.app.state.video
    return hub


Hub = Annotated[VideoHub, Depends(_hub)]


@router.put(
    c.VIDEO_CALL_PATH,
    response_model=c.VideoCallStatus,
    status_code=201,
    operation_id="placeVideoCall",
    responses={
        200: {"model": c.VideoCallStatus, "description": "A repeat of an earlier request: the call as it stands"},
        **errors(400, 401, 409, 422, 503),
    },
)
def place_video_call(
    call_id: CallId, call: c.VideoCallRequest, request: Request,
    idempotency_key: idempotency_key_header("video call"), sandbox: Sandbox, hub: Hub,
) -> Response:
    """A litigant at a kiosk asks for a video call: it waits in the hall's queue (the green channel first)
    until a console takes it. The kiosk then opens the call's signalling WebSocket."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.VIDEO_CALL_PATH.format(call_id=call_id),
        ("call_id", call_id, call.call_id), call.model_dump(mode="json"), f"video call {call_id}",
        lambda fingerprint: hub.create(idempotency_key, fingerprint, call),
    )


@router.get(c.VIDEO_CALL_PATH, response_model=c.VideoCallStatus, operation_id="getVideoCall",
            responses=errors(401, 404))
async def get_video_call(call_id: CallId, hub: Hub) -> c.VideoCallStatus:
    """How a call stands: waiting (its place in the queue), ringing, connected or ended (why)."""
    found = hub.status(call_id)
    if found is None:
        raise HTTPException(404, "no such video call")
    return found


@router.post(c.VIDEO_CALL_END_PATH, response_model=c.VideoCallStatus, operation_id="endVideoCall",
             responses=errors(400, 401, 403, 404))
async def end_video_call(
    call_id: CallId, hub: Hub, idempotency_key: idempotency_key_header("hang-up"),
    x_kiosk_id: Annotated[str | None, Header(alias=c.KIOSK_ID_HEADER, include_in_schema=False)] = None,
) -> c.VideoCallStatus:
    """The kiosk hangs up without its WebSocket (the console gets ``bye``). Ending an ended call changes
    nothing: the answer is the call as it stands. Only the kiosk that placed the call may end it."""
    owner = hub.kiosk_of(call_id)
    if owner is None:
        raise HTTPException(404, "no such video call")
    if x_kiosk_id != owner:
        raise HTTPException(403, "only the kiosk that placed the call may end it")
    found = hub.end(call_id, c.VIDEO_END_KIOSK)
    if found is None:
        raise HTTPException(404, "no such video call")
    return found


@router.put(
    c.VIDEO_CALL_LOG_PATH,
    response_model=c.VideoCallLogReceipt,
    status_code=201,
    operation_id="putVideoCallLog",
    responses={
        200: {"model": c.VideoCallLogReceipt, "description": "A repeat of an earlier request"},
        **errors(400, 401, 409, 422, 503),
    },
)
def put_video_call_log(
    call_id: CallId, entry: c.VideoCallLog, request: Request,
    idempotency_key: idempotency_key_header("call log"), sandbox: Sandbox, hub: Hub,
) -> Response:
    """The kiosk's log of a finished call (through its outbox): kind, kiosk, hall, who answered, when, how
    long, reconnects, whether it was recorded. No litigant data."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.VIDEO_CALL_LOG_PATH.format(call_id=call_id),
        ("call_id", call_id, entry.call_id), entry.model_dump(mode="json"), f"video call log {call_id}",
        lambda fingerprint: hub.logs.create(idempotency_key, fingerprint, entry),
    )


@admin_router.get(c.ADMIN_VIDEO_CALL_LOGS_PATH, response_model=c.VideoCallLogList, operation_id="listVideoCallLogs")
def list_video_call_logs(
    hub: Hub, kiosk_id: Annotated[str | None, Query(max_length=64, description="Only this kiosk's logs")] = None,
) -> c.VideoCallLogList:
    """The call logs the kiosks reported, newest first."""
    return hub.logs.list_logs(kiosk_id)


# ---------------------------------------------------------------- the sockets


async def _read(websocket: WebSocket, peer: _Peer, handle: Callable[[dict[str, Any]], None]) -> None:
    """Frames from the socket, each handed to `handle` (a frame that is not a JSON object with a type:
    ``error``), until the other end closes."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        frame: Any = None
        if isinstance(text, str) and len(text.encode("utf-8")) <= c.VIDEO_SIGNAL_MAX_BYTES:
            try:
                frame = json.loads(text)
            except ValueError:
                frame = None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            peer.send(_error("", f"a frame is a JSON object with a type, at most {c.VIDEO_SIGNAL_MAX_BYTES} bytes"))
            continue
        handle(frame)


async def _write(websocket: WebSocket, peer: _Peer) -> None:
    """The hub's frames to the socket; None closes it."""
    while True:
        frame = await peer.queue.get()
        if frame is None:
            await websocket.close(1000)
            return
        await websocket.send_text(json.dumps(frame, ensure_ascii=False))


async def _tick(hub: VideoHub) -> None:
    while True:
        await asyncio.sleep(REAP_INTERVAL)
        hub.reap()


async def _serve(websocket: WebSocket, peer: _Peer, hub: VideoHub, handle: Callable[[dict[str, Any]], None],
                 detach: Callable[[], None]) -> None:
    """Read and write until either side closes; then `detach` (the grace starts, unless the call is over)."""
    tasks = [asyncio.ensure_future(_read(websocket, peer, handle)), asyncio.ensure_future(_write(websocket, peer)),
             asyncio.ensure_future(_tick(hub))]
    try:
        await asyncio.wait(tasks[:2], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        detach()
        for result in results:
            if isinstance(result, Exception) and not isinstance(result, WebSocketDisconnect | RuntimeError
                                                                    | OSError | asyncio.CancelledError):
                log.error("video socket failed (%s)", type(result).__name__)


async def _refuse(websocket: WebSocket, what: str, why: str) -> None:
    """Close before accepting: the handshake is answered 403."""
    log.warning("video %s socket refused: %s", what, why)
    await websocket.close(1008)


def _kiosk_refusal(websocket: WebSocket, sandbox: SandboxContext, hub: VideoHub, call_id: str) -> str | None:
    if re.fullmatch(c.VIDEO_CALL_ID_PATTERN, call_id) is None:
        return "not a call id"
    problem = sandbox.identity_problem(websocket)  # type: ignore[arg-type]  # headers and scope: all it reads
    if problem is not None:
        return "kiosk certificate refused"
    if not sandbox.authorised(websocket):  # type: ignore[arg-type]
        return "unauthorised"
    owner = hub.kiosk_of(call_id)
    if owner is None:
        return "no such call"
    if websocket.headers.get(c.KIOSK_ID_HEADER) != owner:
        return "not the kiosk that placed the call"
    return None


@signal_router.websocket(c.VIDEO_SIGNAL_PATH)
async def kiosk_signal(websocket: WebSocket, call_id: str) -> None:
    """The kiosk's signalling for one call (docs/VIDEO.md): position, answered, answer, show_document,
    recording, bye to the kiosk; offer, quality, bye from it."""
    hub: VideoHub = websocket.app.state.video
    why = _kiosk_refusal(websocket, websocket.app.state.sandbox, hub, call_id)
    if why is not None:
        await _refuse(websocket, "kiosk", why)
        return
    await websocket.accept()
    peer = _Peer()
    hub.attach_kiosk(call_id, peer)
    await _serve(websocket, peer, hub, lambda frame: hub.kiosk_frame(call_id, peer, frame),
                 lambda: hub.detach_kiosk(call_id, peer))


def _same_origin(websocket: WebSocket) -> bool:
    """A browser's socket must come from the console's own page (a missing Origin: not a browser)."""
    origin = websocket.headers.get("origin")
    return origin is None or urlsplit(origin).netloc.lower() == websocket.headers.get("host", "").lower()


@console_router.websocket(c.VIDEO_CONSOLE_WS_PATH)
async def console_socket(websocket: WebSocket) -> None:
    """The console's socket (its session cookie; docs/VIDEO.md): calls, offer, quality, recording, bye,
    error to it; take, answer, show_document, recording, bye from it."""
    hub: VideoHub = websocket.app.state.video
    session = _session_of(websocket.app.state.console_sessions, websocket.headers.getlist("cookie"))
    if session is None or not _same_origin(websocket):
        await _refuse(websocket, "console", "no session" if session is None else "another origin")
        return
    await websocket.accept()
    peer = _Peer()
    hub.attach_console(session, peer)
    await _serve(websocket, peer, hub, lambda frame: hub.console_frame(session.session_id, peer, frame),
                 lambda: hub.detach_console(session.session_id, peer))


# ------------------------------------------------------------------ the console


_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; "
        "media-src 'self' blob: mediastream:; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'"),
}


@cache
def _template(name: str) -> str:
    return resources.files("court_sandbox.templates").joinpath(name).read_text(encoding="utf-8")


def _session_of(sessions: ConsoleSessions, cookie_headers: Iterable[str]) -> ConsoleSession | None:
    headers = [(b"cookie", value.encode("latin-1", "replace")) for value in cookie_headers]
    return sessions.get(cookie_value(headers, c.VIDEO_CONSOLE_COOKIE))


def _request_session(request: Request) -> ConsoleSession | None:
    return _session_of(request.app.state.console_sessions, request.headers.getlist("cookie"))


def render_console(session: ConsoleSession | None, error: str = "") -> str:
    """The console page for a session, or the sign-in form (every value escaped)."""
    signed_in = session is not None
    return Template(_template("video_console.html")).substitute(
        view="console" if signed_in else "signin",
        signin_hidden="hidden" if signed_in else "",
        console_hidden="" if signed_in else "hidden",
        error=html.escape(error),
        error_hidden="" if error else "hidden",
        name=html.escape(session.name if session is not None else ""),
        login_path=c.VIDEO_CONSOLE_LOGIN_PATH,
        logout_path=c.VIDEO_CONSOLE_LOGOUT_PATH,
        name_max=DISPLAY_NAME_MAX,
        script=(f'<script src="{c.VIDEO_CONSOLE_SCRIPT_PATH}"></script>' if signed_in else ""),
    )


@console_router.get(c.VIDEO_CONSOLE_PATH, response_class=HTMLResponse)
async def console_page(request: Request) -> HTMLResponse:
    """The console (with a session), else its sign-in form."""
    return HTMLResponse(render_console(_request_session(request)), headers=_PAGE_HEADERS)


@console_router.get(c.VIDEO_CONSOLE_SCRIPT_PATH)
async def console_script() -> Response:
    return Response(_template("video_console.js"), media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def display_name_problem(name: str) -> str | None:
    """Why `name` cannot be a console's display name (None: it can)."""
    if not 0 < len(name) <= DISPLAY_NAME_MAX:
        return f"显示名称为 1-{DISPLAY_NAME_MAX} 个字符"
    if _BAD_NAME.search(name):
        return "显示名称不能含证件号码、电话号码或特殊字符（请用坐席或法官称谓，如“诉讼服务中心 3号台”“王法官”）"
    return None


@console_router.post(c.VIDEO_CONSOLE_LOGIN_PATH, response_class=HTMLResponse)
async def console_login(request: Request) -> Response:
    """Sign in with the admin token and a display name: a session cookie (HttpOnly, SameSite=Strict)."""
    body = await request.body()
    try:
        fields = parse_qs(body[:4096].decode("utf-8", "replace"), max_num_fields=8)
    except ValueError:  # too many fields
        fields = {}
    token = (fields.get("token") or [""])[0].strip()
    name = " ".join((fields.get("name") or [""])[0].split())
    if not token_matches(request.app.state.admin_token, token):
        log.warning("video console sign-in refused: wrong admin token")
        return HTMLResponse(render_console(None, "令牌不正确 Wrong token"), 401, headers=_PAGE_HEADERS)
    problem = display_name_problem(name)
    if problem is not None:
        return HTMLResponse(render_console(None, problem), 422, headers=_PAGE_HEADERS)
    session = request.app.state.console_sessions.open(name)
    log.info("video console signed in")
    response = RedirectResponse(c.VIDEO_CONSOLE_PATH, status_code=303, headers={"Cache-Control": "no-store"})
    response.set_cookie(c.VIDEO_CONSOLE_COOKIE, session.session_id, path=c.VIDEO_CONSOLE_PATH, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


@console_router.post(c.VIDEO_CONSOLE_LOGOUT_PATH)
async def console_logout(request: Request) -> Response:
    """Sign out: the session ends, and with it the console's calls."""
    session = _request_session(request)
    if session is not None:
        request.app.state.video.sign_out(session.session_id)
        request.app.state.console_sessions.close(session.session_id)
        log.info("video console signed out")
    response = RedirectResponse(c.VIDEO_CONSOLE_PATH, status_code=303, headers={"Cache-Control": "no-store"})
    response.delete_cookie(c.VIDEO_CONSOLE_COOKIE, path=c.VIDEO_CONSOLE_PATH, httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


@console_router.get(c.VIDEO_CONSOLE_CONFIG_PATH)
async def console_config(hub: Hub) -> JSONResponse:
    """The ICE servers the console's peer connections use, and whether the court allows recording."""
    return JSONResponse({"ice_servers": hub.ice_servers, "recording": hub.recording_allowed},
                        headers={"Cache-Control": "no-store"})


@console_router.post(c.VIDEO_CONSOLE_RECORDING_PATH)
async def upload_recording(
    call_id: CallId, request: Request, hub: Hub,
    offset: Annotated[int, Header(alias=c.UPLOAD_OFFSET_HEADER, ge=0)] = 0,
) -> JSONResponse:
    """A piece of a call's recording (WebM, appended at Upload-Offset; a piece is at most the admin body
    limit). Only the console that took the call, only for a call recorded with the litigant's consent."""
    session = _request_session(request)
    problem = "no session" if session is None else hub.may_upload(call_id, session.session_id)
    if problem is not None:
        raise HTTPException(403, problem)
    if request.headers.get("content-type", "").split(";")[0].strip() != RECORDING_MEDIA_TYPE:
        raise HTTPException(415, f"a recording is {RECORDING_MEDIA_TYPE}")
    body = await request.body()
    size = await run_in_threadpool(_append, hub.recording_path(call_id), offset, body)
    log.info("video call %s: recording piece stored", call_id)
    return JSONResponse({"call_id": call_id, "offset": size})


def _append(path: Path, offset: int, body: bytes) -> int:
    size = path.stat().st_size if path.exists() else 0
    if offset != size:
        raise HTTPException(409, "Upload-Offset is not the recording's size", {c.UPLOAD_OFFSET_HEADER: str(size)})
    if size + len(body) > MAX_RECORDING_BYTES:
        raise HTTPException(413, "the recording is too large")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, body)
        os.fsync(fd)
    finally:
        os.close(fd)
    return size + len(body)
