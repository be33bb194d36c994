"""Remote video on the court's side (issue 20, docs/VIDEO.md), without a browser: the kiosk's REST calls
(an idempotent PUT, GET, end, the call log), the queue's positions (the green channel first), the video
console's sign-in, and the signalling between a kiosk's socket and a console's over a real sandbox on
loopback (`requests` and the `websockets` client): take, answered, offer/answer with attempts,
show_document, recording only with consent, bye both ways, reconnects within the grace and after it.

starlette's TestClient needs httpx, which the project does not install: the sandbox runs on loopback
instead (a fraction of a second per test)."""

from __future__ import annotations

import contextlib
import json
import re
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from court_sandbox.app import create_app
from court_sandbox.routes import video as video_routes
from court_sandbox.server import SandboxServer
from offline_queue import contract as c

HALL = "京0105"
KIOSK = "kiosk-video-01"
DESK = "诉讼服务中心 3号台"
JUDGE = "王法官"
CASE = "（2026）京0105民初12号"
WAIT = 5.0  # every wait for a frame is bounded by this


@dataclass
class Court:
    server: SandboxServer
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def app(self):
        return self.server.app

    def ws_url(self, path: str, admin: bool = False) -> str:
        base = self.server.admin_url if admin else self.server.base_url
        return base.replace("http://", "ws://", 1) + path

    def place(self, call: dict[str, Any], key: str | None = None, kiosk_id: str = KIOSK) -> requests.Response:
        return self.http.put(self.server.base_url + c.VIDEO_CALL_PATH.format(call_id=call["call_id"]), json=call,
                             headers={c.IDEMPOTENCY_KEY_HEADER: key or str(uuid.uuid4()), c.KIOSK_ID_HEADER: kiosk_id},
                             timeout=5)

    def status(self, call_id: str) -> dict[str, Any]:
        response = self.http.get(self.server.base_url + c.VIDEO_CALL_PATH.format(call_id=call_id), timeout=5)
        response.raise_for_status()
        return response.json()

    def kiosk(self, call_id: str, kiosk_id: str = KIOSK) -> ClientConnection:
        return connect(self.ws_url(c.VIDEO_SIGNAL_PATH.format(call_id=call_id)),
                       additional_headers={c.KIOSK_ID_HEADER: kiosk_id}, open_timeout=WAIT, close_timeout=2)

    def sign_in(self, name: str = DESK) -> requests.Session:
        session = requests.Session()
        response = session.post(self.server.admin_url + c.VIDEO_CONSOLE_LOGIN_PATH,
                                data={"token": self.server.admin_token, "name": name}, timeout=5)
        assert response.status_code == 200 and 'id="calls"' in response.text
        return session

    def console(self, session: requests.Session, **headers: str) -> ClientConnection:
        cookie = f"{c.VIDEO_CONSOLE_COOKIE}={session.cookies.get(c.VIDEO_CONSOLE_COOKIE)}"
        return connect(self.ws_url(c.VIDEO_CONSOLE_WS_PATH, admin=True), additional_headers={"Cookie": cookie, **headers},
                       open_timeout=WAIT, close_timeout=2)


@pytest.fixture
def start_court(tmp_path) -> Iterator[Callable[..., Court]]:
    """Start a sandbox on loopback with these `create_app` options (stopped at the end of the test)."""
    with contextlib.ExitStack() as stack:
        made = iter(range(100))

        def start(**options: Any) -> Court:
            db = tmp_path / f"court-{next(made)}.sqlite3"
            server = stack.enter_context(SandboxServer(db, app=create_app(str(db), demo_people=(), **options)))
            court = Court(server)
            stack.callback(court.http.close)
            return court

        yield start


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory) -> Iterator[SandboxServer]:
    """One sandbox for the tests with the default options (stopping a server takes ~0.4 s)."""
    db = tmp_path_factory.mktemp("video") / "court.sqlite3"
    with SandboxServer(db, app=create_app(str(db), demo_people=())) as server:
        yield server


@pytest.fixture
def court(shared_server) -> Iterator[Court]:
    """The shared sandbox with a hub of its own for this test (no calls of another test in its queue)."""
    app = shared_server.app
    app.state.video = video_routes.VideoHub(app.state.store)
    court = Court(shared_server)
    yield court
    court.http.close()


def new_call(**extra: Any) -> dict[str, Any]:
    call = {"call_id": str(uuid.uuid4()), "kiosk_id": KIOSK, "hall": HALL, "kind": c.VIDEO_KIND_STAFF,
            "case_number": None, "green_channel": False, "recording_consent": False,
            "requested_at": datetime.now(UTC).isoformat()}
    call.update(extra)
    return call


def expect(socket: ClientConnection, kind: str, timeout: float = WAIT, **fields: Any) -> dict[str, Any]:
    """The next frame of this type (frames of other types are skipped) whose fields match."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {kind} frame {fields} within {timeout} s")
        try:
            frame = json.loads(socket.recv(timeout=left))
        except TimeoutError:
            continue
        if frame["type"] == kind and all(frame.get(k) == v for k, v in fields.items()):
            return frame


def nothing(socket: ClientConnection, kind: str, within: float = 0.3) -> None:
    """No frame of this type arrives within `within` seconds."""
    try:
        frame = expect(socket, kind, within)
    except AssertionError:
        return
    pytest.fail(f"unexpected frame {frame}")


def until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def waiting_ids(frame: dict[str, Any]) -> list[str]:
    return [call["call_id"] for call in frame["calls"] if call["state"] == c.VIDEO_WAITING]


def send(socket: ClientConnection, **frame: Any) -> None:
    socket.send(json.dumps(frame))


# ----------------------------------------------------------------- the kiosk's REST


def test_placing_a_call_is_idempotent_and_the_kiosk_can_end_it(court):
    call = new_call()
    url = court.server.base_url + c.VIDEO_CALL_PATH.format(call_id=call["call_id"])
    first = court.place(call, key="k-1")
    assert first.status_code == 201
    assert first.json() == {"call_id": call["call_id"], "kind": "staff", "hall": HALL, "state": "waiting",
                            "position": 1, "answered_by": None, "ended_reason": None, "recording": False}
    again = court.place(call, key="k-1")
    assert again.status_code == 200 and again.json() == first.json()
    assert again.headers[c.IDEMPOTENT_REPLAYED_HEADER] == "true"
    assert court.place(call, key="k-2").status_code == 200  # the same call under another key: as it stands
    assert court.place({**call, "green_channel": True}, key="k-1").status_code == 422  # the key, another body
    assert court.place({**call, "green_channel": True}, key="k-3").status_code == 422  # the id, another call
    assert court.status(call["call_id"])["state"] == "waiting"

    end_url = url + "/end"
    assert requests.post(end_url, headers={c.KIOSK_ID_HEADER: KIOSK}, timeout=5).status_code == 400  # no key
    assert requests.post(end_url, headers={c.KIOSK_ID_HEADER: "kiosk-other", c.IDEMPOTENCY_KEY_HEADER: "e"},
                         timeout=5).status_code == 403
    for _ in range(2):  # ending twice changes nothing
        ended = requests.post(end_url, headers={c.KIOSK_ID_HEADER: KIOSK, c.IDEMPOTENCY_KEY_HEADER: "e"}, timeout=5)
        assert ended.status_code == 200
        assert ended.json() | {"position": None} == {**first.json(), "state": "ended", "position": None,
                                                     "ended_reason": "kiosk"}
    assert court.status(call["call_id"])["ended_reason"] == "kiosk"
    assert requests.get(url.replace(call["call_id"], str(uuid.uuid4())), timeout=5).status_code == 404


@pytest.mark.parametrize("change", [
    {"call_id": "not-a-uuid"},  # no personal data in a URL: a call id is a UUID
    {"kind": "staff", "case_number": CASE},  # a case number only for 判后答疑
    {"kind": "chat"},
    {"hall": "京9999"},  # unknown hall
    {"requested_at": "2026-05-01T10:00:00"},  # without its offset
    {"surplus": 1},
])
def test_a_call_the_court_cannot_take_is_refused(court, change):
    call = new_call() | change
    response = court.place(call)
    assert response.status_code == 422, response.text
    assert CASE not in response.text


def test_judgment_qa_carries_its_case_number_in_the_body(court):
    call = new_call(kind=c.VIDEO_KIND_JUDGMENT_QA, case_number=CASE)
    assert court.place(call).status_code == 201
    assert court.place(new_call(kind=c.VIDEO_KIND_JUDGMENT_QA)).status_code == 201  # staff find the case


def test_the_call_log_is_kept_once(court):
    call_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    entry = {"call_id": call_id, "kiosk_id": KIOSK, "hall": HALL, "kind": "visit",
             "requested_at": (now - timedelta(minutes=3)).isoformat(),
             "answered_at": (now - timedelta(minutes=2)).isoformat(), "ended_at": now.isoformat(),
             "duration_seconds": 120.0, "answered_by": DESK, "ended_by": "console", "reconnects": 1, "recorded": False}
    url = court.server.base_url + c.VIDEO_CALL_LOG_PATH.format(call_id=call_id)
    headers = {c.IDEMPOTENCY_KEY_HEADER: f"video-log-{call_id}", c.KIOSK_ID_HEADER: KIOSK}
    first = requests.put(url, json=entry, headers=headers, timeout=5)
    assert first.status_code == 201 and first.json()["call_id"] == call_id
    again = requests.put(url, json=entry, headers=headers, timeout=5)
    assert again.status_code == 200 and again.json() == first.json()
    assert requests.put(url, json=entry, headers={**headers, c.IDEMPOTENCY_KEY_HEADER: "other"},
                        timeout=5).status_code == 200
    changed = {**entry, "reconnects": 2}
    assert requests.put(url, json=changed, headers=headers, timeout=5).status_code == 422
    assert requests.put(url, json=changed, headers={**headers, c.IDEMPOTENCY_KEY_HEADER: "x"},
                        timeout=5).status_code == 422
    assert requests.put(url, json={**entry, "ended_by": "litigant"}, headers=headers, timeout=5).status_code == 422

    logs_url = court.server.admin_url + c.ADMIN_VIDEO_CALL_LOGS_PATH
    assert requests.get(logs_url, timeout=5).status_code == 401
    listed = requests.get(logs_url, headers={c.ADMIN_TOKEN_HEADER: court.server.admin_token}, timeout=5).json()
    assert [item["log"] for item in listed["items"]] == [c.VideoCallLog.model_validate(entry).model_dump(mode="json")]


# ----------------------------------------------------------------------- the queue


def test_positions_put_the_green_channel_first_and_follow_every_change(court):
    t0 = datetime.now(UTC)
    first = new_call(requested_at=t0.isoformat())
    second = new_call(requested_at=(t0 + timedelta(seconds=1)).isoformat())
    assert court.place(second).json()["position"] == 1
    assert court.place(first).json()["position"] == 1  # asked earlier (the kiosk's time)
    assert court.status(second["call_id"])["position"] == 2
    with court.kiosk(first["call_id"]) as one, court.kiosk(second["call_id"]) as two:
        assert expect(one, "position")["position"] == 1
        assert expect(two, "position")["position"] == 2
        green = new_call(requested_at=(t0 + timedelta(seconds=2)).isoformat(), green_channel=True)
        assert court.place(green).json()["position"] == 1  # 绿色通道: ahead of the others
        assert expect(one, "position")["position"] == 2
        assert expect(two, "position")["position"] == 3
        assert [court.status(x["call_id"])["position"] for x in (green, first, second)] == [1, 2, 3]
        send(one, type="bye", reason="gave_up")
        expect(one, "bye", reason="kiosk")
        assert expect(two, "position")["position"] == 2
        assert court.status(first["call_id"])["state"] == "ended"


# --------------------------------------------------------------------- the console


def test_the_console_takes_a_call_and_relays_the_signalling(court):
    call = new_call(kind=c.VIDEO_KIND_JUDGMENT_QA, case_number=CASE, recording_consent=False)
    court.place(call)
    desk, judge = court.sign_in(DESK), court.sign_in(JUDGE)
    with court.kiosk(call["call_id"]) as kiosk, court.console(desk) as one, court.console(judge) as two:
        expect(kiosk, "position", position=1)
        listed = expect(one, "calls")["calls"]
        assert [(x["call_id"], x["kind"], x["case_number"], x["state"], x["recording_consent"]) for x in listed] == [
            (call["call_id"], "judgment_qa", CASE, "waiting", False)]
        assert waiting_ids(expect(two, "calls")) == [call["call_id"]]

        send(one, type="take", call_id=call["call_id"])
        assert expect(kiosk, "answered") == {"type": "answered", "by": DESK}
        assert expect(two, "calls")["calls"] == []  # taken: gone from the other consoles
        assert expect(one, "calls")["calls"][0]["state"] == "ringing"
        send(two, type="take", call_id=call["call_id"])
        assert "no longer waiting" in expect(two, "error", refused="take")["detail"]
        assert court.status(call["call_id"])["answered_by"] == DESK

        send(kiosk, type="offer", sdp="v=0 offer-1", attempt=1)
        assert expect(one, "offer") == {"type": "offer", "call_id": call["call_id"], "sdp": "v=0 offer-1", "attempt": 1}
        nothing(two, "offer")
        send(one, type="answer", call_id=call["call_id"], sdp="v=0 answer-1", attempt=2)  # not the latest offer
        expect(one, "error", refused="answer")
        send(one, type="answer", call_id=call["call_id"], sdp="v=0 answer-1", attempt=1)
        assert expect(kiosk, "answer") == {"type": "answer", "sdp": "v=0 answer-1", "attempt": 1}
        assert court.status(call["call_id"])["state"] == "connected"

        send(kiosk, type="offer", sdp="v=0 offer-again", attempt=1)  # an attempt must go up
        expect(kiosk, "error", refused="offer")
        send(kiosk, type="offer", sdp="v=0 offer-2", attempt=2)  # a new peer connection
        expect(one, "offer", attempt=2, sdp="v=0 offer-2")
        send(one, type="answer", call_id=call["call_id"], sdp="v=0 answer-2", attempt=2)
        expect(kiosk, "answer", attempt=2)

        send(kiosk, type="quality", rtt_ms=42, loss=0.01, level="good")
        assert expect(one, "quality") == {"type": "quality", "call_id": call["call_id"], "rtt_ms": 42, "loss": 0.01,
                                          "level": "good"}
        send(one, type="show_document", call_id=call["call_id"], title="民事判决书", document_id="doc-0001")
        assert expect(kiosk, "show_document") == {"type": "show_document", "title": "民事判决书",
                                                  "document_id": "doc-0001"}
        send(two, type="show_document", call_id=call["call_id"], title="x", document_id="doc-0001")
        expect(two, "error", refused="show_document")  # not its call

        send(one, type="recording", call_id=call["call_id"], state="started")
        assert "consent" in expect(one, "error", refused="recording")["detail"]
        nothing(kiosk, "recording")
        assert court.status(call["call_id"])["recording"] is False

        send(one, type="bye", call_id=call["call_id"], reason="hangup")
        assert expect(kiosk, "bye") == {"type": "bye", "reason": "console"}
        with pytest.raises(ConnectionClosed):  # the court closes the kiosk's socket after its bye
            kiosk.recv(timeout=WAIT)
    assert court.status(call["call_id"])["state"] == "ended"
    assert court.status(call["call_id"])["ended_reason"] == "console"


def test_recording_needs_the_consent_and_the_courts_permission(start_court, court):
    servers = [{"urls": ["turn:turn.court.example:3478"], "username": "kiosk", "credential": "secret"}]
    allowing = start_court(video_recording=True, video_ice_servers=servers)
    assert allowing.sign_in().get(allowing.server.admin_url + c.VIDEO_CONSOLE_CONFIG_PATH, timeout=5).json() == {
        "ice_servers": servers, "recording": True}
    for here, consent, ok in ((allowing, True, True), (allowing, False, False), (court, True, False)):
        call = new_call(recording_consent=consent)
        here.place(call)
        desk = here.sign_in()
        upload = here.server.admin_url + c.VIDEO_CONSOLE_RECORDING_PATH.format(call_id=call["call_id"])
        with here.kiosk(call["call_id"]) as kiosk, here.console(desk) as console:
            assert expect(console, "calls")["calls"][0]["recording_allowed"] is ok
            send(console, type="take", call_id=call["call_id"])
            expect(kiosk, "answered")
            send(console, type="recording", call_id=call["call_id"], state="started")  # not connected yet
            expect(console, "error", refused="recording")
            send(kiosk, type="offer", sdp="v=0", attempt=1)
            expect(console, "offer")
            send(console, type="answer", call_id=call["call_id"], sdp="v=0", attempt=1)
            expect(kiosk, "answer")
            send(console, type="recording", call_id=call["call_id"], state="started")
            if ok:
                assert expect(kiosk, "recording") == {"type": "recording", "state": "started"}
                expect(console, "recording", state="started", call_id=call["call_id"])
                assert here.status(call["call_id"])["recording"] is True
            else:
                expect(console, "error", refused="recording")
            piece = desk.post(upload, data=b"\x1a\x45\xdf\xa3 webm", headers={"Content-Type": "video/webm"}, timeout=5)
            assert piece.status_code == (200 if ok else 403)
            if ok:
                assert piece.json()["offset"] == 9
                assert desk.post(upload, data=b"more", headers={"Content-Type": "video/webm",
                                                                c.UPLOAD_OFFSET_HEADER: "3"}, timeout=5).status_code == 409
                assert desk.post(upload, data=b"more", headers={"Content-Type": "video/webm",
                                                                c.UPLOAD_OFFSET_HEADER: "9"}, timeout=5).json() == {
                    "call_id": call["call_id"], "offset": 13}
                send(console, type="recording", call_id=call["call_id"], state="stopped")
                expect(kiosk, "recording", state="stopped")
                other = here.sign_in(JUDGE)  # not the console that took the call
                assert other.post(upload, data=b"x", headers={"Content-Type": "video/webm",
                                                               c.UPLOAD_OFFSET_HEADER: "13"}, timeout=5).status_code == 403
        recording = here.app.state.video.recordings_dir / f"{call['call_id']}.webm"
        assert recording.exists() is ok
        if ok:
            assert recording.read_bytes() == b"\x1a\x45\xdf\xa3 webmmore"
            assert recording.stat().st_mode & 0o077 == 0


def test_the_kiosk_hangs_up_and_the_console_is_told(court):
    call = new_call()
    court.place(call)
    with court.kiosk(call["call_id"]) as kiosk, court.console(court.sign_in()) as console:
        send(console, type="take", call_id=call["call_id"])
        expect(kiosk, "answered")
        send(kiosk, type="bye", reason="hangup")
        assert expect(console, "bye") == {"type": "bye", "call_id": call["call_id"], "reason": "kiosk"}
        expect(kiosk, "bye", reason="kiosk")
    assert court.status(call["call_id"])["ended_reason"] == "kiosk"


def test_a_kiosk_that_reconnects_within_the_grace_keeps_its_call(court, monkeypatch):
    monkeypatch.setattr(video_routes, "RECONNECT_GRACE", 3.0)
    call = new_call()
    court.place(call)
    with court.console(court.sign_in()) as console:
        with court.kiosk(call["call_id"]) as kiosk:
            send(console, type="take", call_id=call["call_id"])
            expect(kiosk, "answered")
            send(kiosk, type="offer", sdp="v=0 first", attempt=1)
            expect(console, "offer", attempt=1)
        until(lambda: not court.app.state.video.kiosk_connected(call["call_id"]))
        send(console, type="answer", call_id=call["call_id"], sdp="v=0 answer", attempt=1)  # the kiosk is away
        until(lambda: court.status(call["call_id"])["state"] == "connected")
        with court.kiosk(call["call_id"]) as kiosk:  # back: it gets what it missed
            assert expect(kiosk, "answer") == {"type": "answer", "sdp": "v=0 answer", "attempt": 1}
            send(kiosk, type="offer", sdp="v=0 second", attempt=2)  # its peer connection failed meanwhile
            expect(console, "offer", attempt=2)
        nothing(console, "bye", within=0.5)
    assert court.status(call["call_id"])["state"] == "connected"  # the console's own grace runs now


def test_past_the_grace_the_call_ends_for_the_network(court, monkeypatch):
    monkeypatch.setattr(video_routes, "RECONNECT_GRACE", 0.4)
    monkeypatch.setattr(video_routes, "REAP_INTERVAL", 0.05)
    call = new_call()
    court.place(call)
    with court.console(court.sign_in()) as console:
        with court.kiosk(call["call_id"]) as kiosk:
            send(console, type="take", call_id=call["call_id"])
            expect(kiosk, "answered")
        assert expect(console, "bye", timeout=3) == {"type": "bye", "call_id": call["call_id"], "reason": "network"}
    assert court.status(call["call_id"])["ended_reason"] == "network"
    with court.kiosk(call["call_id"]) as kiosk:  # a kiosk that comes back too late learns it is over
        assert expect(kiosk, "bye") == {"type": "bye", "reason": "network"}

    # A console that drops: its calls end after the grace, and the kiosk is told.
    other = new_call()
    court.place(other)
    with court.kiosk(other["call_id"]) as kiosk:
        with court.console(court.sign_in()) as console:
            send(console, type="take", call_id=other["call_id"])
            expect(kiosk, "answered")
        assert expect(kiosk, "bye", timeout=3) == {"type": "bye", "reason": "network"}
    assert court.status(other["call_id"])["ended_reason"] == "network"

    never = new_call()  # placed, but its kiosk never opens the socket
    court.place(never)
    time.sleep(0.5)
    assert court.status(never["call_id"])["ended_reason"] == "network"


def test_only_the_kiosk_that_placed_the_call_may_open_its_socket(court):
    call = new_call()
    court.place(call)
    for kiosk_id in ("kiosk-other", ""):
        with pytest.raises(InvalidStatus) as refused:
            court.kiosk(call["call_id"], kiosk_id=kiosk_id)
        assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):
        court.kiosk(str(uuid.uuid4()))  # no such call
    with court.kiosk(call["call_id"]) as kiosk:
        expect(kiosk, "position", position=1)
        send(kiosk, type="take", call_id=call["call_id"])  # a console's frame
        expect(kiosk, "error", refused="take")
        kiosk.send("not json")
        expect(kiosk, "error", refused="")
        kiosk.send(json.dumps({"type": "quality", "sdp": "x" * (c.VIDEO_SIGNAL_MAX_BYTES + 1)}))
        expect(kiosk, "error", refused="")


@pytest.mark.slow  # a TLS server and an enrolment (as tests/queue/test_kiosk_mutual_tls.py)
def test_over_mutual_tls_the_socket_needs_the_kiosks_certificate(tmp_path):
    from court_sandbox.pki import KioskCA
    from court_sandbox.tls import SandboxTLS
    from tests.queue.test_kiosk_mutual_tls import Court as TLSCourt
    from tests.queue.test_kiosk_mutual_tls import _enrolled, _leaf, _root

    root_key, root, root_path = _root(tmp_path, "test-root")
    server_cert, cert_path, key_path = _leaf(tmp_path, "court-server", root_key, root, server=True)
    kiosk_ca = KioskCA.create()
    ca_file = tmp_path / "kiosk-ca.pem"
    ca_file.write_text(kiosk_ca.cert_pem, encoding="ascii")
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), require_client_cert=True, kiosk_ca=kiosk_ca, demo_people=())
    with SandboxServer(db, app=app, tls=SandboxTLS(cert_path, key_path, client_ca=ca_file)) as server, \
            _enrolled(tmp_path, TLSCourt(server, str(root_path), server_cert), "hall-a-03") as client:
        call = c.VideoCallRequest.model_validate(new_call(kiosk_id="hall-a-03"))
        assert client.create_video_call(call, "key-1").state == "waiting"
        url, headers, context = client.signalling(c.VIDEO_SIGNAL_PATH.format(call_id=call.call_id))
        assert url.startswith("wss://")
        with connect(url, additional_headers=headers, ssl=context, open_timeout=WAIT, close_timeout=2) as kiosk:
            expect(kiosk, "position", position=1)
        bare = ssl.create_default_context(cafile=str(root_path))  # the court's CA, but no kiosk certificate
        with pytest.raises(InvalidStatus) as refused:
            connect(url, additional_headers=headers, ssl=bare, open_timeout=WAIT)
        assert refused.value.response.status_code == 403


# ------------------------------------------------------------ the console's sign-in


def test_the_console_needs_its_session(court):
    admin = court.server.admin_url
    page = requests.get(admin + c.VIDEO_CONSOLE_PATH, timeout=5)
    assert page.status_code == 200 and 'name="token"' in page.text  # the sign-in form...
    assert 'id="calls"' in page.text and "<script" not in page.text  # ...never the console's script
    assert 'id="console" hidden' in page.text
    for method, path in (("GET", c.VIDEO_CONSOLE_CONFIG_PATH), ("GET", c.VIDEO_CONSOLE_SCRIPT_PATH),
                         ("POST", c.VIDEO_CONSOLE_RECORDING_PATH.format(call_id=uuid.uuid4())),
                         ("POST", c.VIDEO_CONSOLE_LOGOUT_PATH)):
        assert requests.request(method, admin + path, timeout=5).status_code == 401, path
    with pytest.raises(InvalidStatus) as refused:
        connect(court.ws_url(c.VIDEO_CONSOLE_WS_PATH, admin=True), open_timeout=WAIT)
    assert refused.value.response.status_code == 403

    wrong = requests.post(admin + c.VIDEO_CONSOLE_LOGIN_PATH, data={"token": "nope", "name": DESK}, timeout=5)
    assert wrong.status_code == 401 and "令牌不正确" in wrong.text and "set-cookie" not in wrong.headers
    for name in ("", "11010519491231002X", "王法官 13912345678", "<b>王</b>", "x" * 40):
        bad = requests.post(admin + c.VIDEO_CONSOLE_LOGIN_PATH, data={"token": court.server.admin_token, "name": name},
                            timeout=5)
        assert bad.status_code == 422 and "set-cookie" not in bad.headers, name

    signed = requests.post(admin + c.VIDEO_CONSOLE_LOGIN_PATH, data={"token": court.server.admin_token, "name": JUDGE},
                           allow_redirects=False, timeout=5)
    assert signed.status_code == 303 and signed.headers["location"] == c.VIDEO_CONSOLE_PATH
    cookie = signed.headers["set-cookie"]
    assert cookie.startswith(f"{c.VIDEO_CONSOLE_COOKIE}=")
    assert {"httponly", "samesite=strict", f"path={c.VIDEO_CONSOLE_PATH}"} <= {
        part.strip().lower() for part in cookie.split(";")}
    session_id = cookie.split(";")[0].split("=", 1)[1]
    assert len(session_id) >= 40 and court.server.admin_token not in cookie
    jar = {c.VIDEO_CONSOLE_COOKIE: session_id}
    page = requests.get(admin + c.VIDEO_CONSOLE_PATH, cookies=jar, timeout=5)
    assert f'<script src="{c.VIDEO_CONSOLE_SCRIPT_PATH}"></script>' in page.text and JUDGE in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert requests.get(admin + c.VIDEO_CONSOLE_CONFIG_PATH, cookies=jar, timeout=5).json() == {
        "ice_servers": [], "recording": False}
    assert requests.get(admin + c.VIDEO_CONSOLE_SCRIPT_PATH, cookies=jar, timeout=5).status_code == 200
    # The cookie opens the console's paths only, never the admin API.
    assert requests.get(admin + c.ADMIN_STAFF_CALLS_PATH, cookies=jar, timeout=5).status_code == 401
    assert requests.get(admin + c.ADMIN_VIDEO_CALL_LOGS_PATH, cookies=jar, timeout=5).status_code == 401
    with pytest.raises(InvalidStatus):  # a page of another origin cannot use the console's session
        connect(court.ws_url(c.VIDEO_CONSOLE_WS_PATH, admin=True), open_timeout=WAIT,
                additional_headers={"Cookie": f"{c.VIDEO_CONSOLE_COOKIE}={session_id}", "Origin": "http://evil.test"})

    out = requests.post(admin + c.VIDEO_CONSOLE_LOGOUT_PATH, cookies=jar, allow_redirects=False, timeout=5)
    assert out.status_code == 303
    assert requests.get(admin + c.VIDEO_CONSOLE_CONFIG_PATH, cookies=jar, timeout=5).status_code == 401
    assert 'name="token"' in requests.get(admin + c.VIDEO_CONSOLE_PATH, cookies=jar, timeout=5).text


def test_the_console_page_builds_no_url_but_its_own_paths_with_a_call_id():
    """The only URLs the page's script makes are the console's paths; the only value in one is a call id
    (a random UUID): never a case number, a kiosk id or a name."""
    script = resources.files("court_sandbox.templates").joinpath("video_console.js").read_text(encoding="utf-8")
    page = resources.files("court_sandbox.templates").joinpath("video_console.html").read_text(encoding="utf-8")
    literals = set(re.findall(r"\"(/[^\"]*)\"", script))
    recording_prefix = c.VIDEO_CONSOLE_RECORDING_PATH.split("{")[0]
    assert literals == {c.VIDEO_CONSOLE_CONFIG_PATH, c.VIDEO_CONSOLE_WS_PATH, c.VIDEO_CONSOLE_BOOKINGS_PATH,
                        recording_prefix}
    assert f'recording: (callId) => "{recording_prefix}" + encodeURIComponent(callId)' in script
    assert re.findall(r"fetch\((PATHS\.\w+(?:\(\w+\))?)", script) == [
        "PATHS.config", "PATHS.recording(callId)", "PATHS.config", "PATHS.bookings"]
    assert re.findall(r"new WebSocket\(([^)]+)\)", script) == ["scheme + location.host + PATHS.socket"]
    assert "PATHS.recording(callId)" in script and script.count("PATHS.recording(") == 1
    for banned in ("location.href", "location.assign", "location.search", "history.", "window.open", "innerHTML",
                   "http://", "https://", "src=", "import("):
        assert banned not in script, banned
    assert set(re.findall(r'(?:action|src|href)="([^"]*)"', page)) == {"$login_path", "$logout_path"}
