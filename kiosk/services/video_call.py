"""远程视频: the litigant talks face to face with hall staff, the judge of their case, or the court's
reception (docs/VIDEO.md).

A call, in order:

1. `place` (kind ``staff`` 呼叫工作人员, ``judgment_qa`` 判后答疑 with the case's number, ``visit`` 远程接访;
   whether the litigant consented to recording, asked only when ``video.recording`` is on): the court
   is asked for the call (an idempotent PUT on the network worker). It answers with the queue position;
   a court that cannot be reached fails the call at once ("offline": the screen sends the litigant to
   the counter), nothing is left waiting.
2. The call engine (`kiosk.video.engine`, aiortc on its own asyncio thread) opens the call's
   signalling socket, waits (positions), makes its offer once the console takes the call, and runs the
   media: the camera (``video.camera``; a test picture in demo mode), the voice (``video.audio``) and the
   remote picture and voice. Its callbacks come on the engine's thread; this service turns them into
   `changed` (a `CallView`) and the two picture signals (`QImage`, made on the engine's thread; only the
   newest picture is ever queued, so a busy GUI thread drops pictures rather than falling behind).
3. When the call ends (either side, the network past the engine's grace, or the session's end) the call
   log (`VideoCallLog`: kind, kiosk, hall, who answered, when, how long, reconnects, whether recorded; no
   litigant data) goes to the court through the outbox.

Logs carry call ids and states only. The engine is stopped on a worker: stopping waits for its thread.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.video_call")

KINDS = ("staff", "judgment_qa", "visit")
#: States of a call as the screens show it.
IDLE, PLACING, WAITING, ANSWERED, CONNECTING, CONNECTED, RECONNECTING, ENDED, FAILED = (
    "idle", "placing", "waiting", "answered", "connecting", "connected", "reconnecting", "ended", "failed")
ACTIVE = (PLACING, WAITING, ANSWERED, CONNECTING, CONNECTED, RECONNECTING)
ENGINE_STATES = {"signalling": PLACING, "waiting": WAITING, "answered": ANSWERED, "connecting": CONNECTING,
                 "connected": CONNECTED, "reconnecting": RECONNECTING}
STOP_SECONDS = 5.0
VIDEO_SIZE = (640, 480)
VIDEO_FPS = 15


@dataclass(frozen=True)
class CallView:
    """What the screens show of the call. ``failure``: why it could not be placed ("offline": the court
    cannot be reached; "refused": the court said no; "disabled"); ``ended_by``: kiosk | console | network."""

    state: str = IDLE
    kind: str = ""
    call_id: str = ""
    position: int | None = None
    answered_by: str = ""
    quality: str = ""  # good | fair | poor ("" until measured)
    rtt_ms: int | None = None
    recording: bool = False
    document: tuple[str, str] | None = None  # (title, document id) the console shows
    document_state: str = ""  # the shown document's PDF: loading | ready (`document_pdf` sent) | unavailable
    ended_by: str = ""
    failure: str = ""
    connected_at: float | None = None  # time.monotonic()
    ended_at: float | None = None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    def duration(self, now: float | None = None) -> int:
        """Seconds connected (0 before the call was answered)."""
        if self.connected_at is None:
            return 0
        end = self.ended_at if self.ended_at is not None else (time.monotonic() if now is None else now)
        return max(0, int(end - self.connected_at))


class _LatestImage:
    """The newest picture, handed from the engine's thread to the GUI thread one at a time."""

    def __init__(self, signal) -> None:
        self._signal = signal
        self._lock = threading.Lock()
        self._image = None
        self._queued = False

    def put(self, rgb) -> None:
        from PySide6.QtGui import QImage

        height, width = rgb.shape[:2]
        # RGB32 (a copy, made here): Qt draws it ~5x faster than RGB888 (3.1 -> 0.55 ms for 640x480 into a
        # 1007x759 view, measured by benchmarks/bench_video_call_ui.py's author), off the GUI thread's paint
        image = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).convertToFormat(
            QImage.Format.Format_RGB32)
        with self._lock:
            self._image = image
            if self._queued:
                return
            self._queued = True
        self._signal.emit(self)

    def take(self):
        with self._lock:
            image, self._image, self._queued = self._image, None, False
        return image


class VideoCallService(QObject):
    changed = Signal(object)  # CallView
    remote_picture = Signal(object)  # _LatestImage: call take() on the GUI thread
    local_picture = Signal(object)
    document_pdf = Signal(str, bytes)  # document id, its PDF: the document the console shows, to read
    _from_engine = Signal(object)  # a callable, emitted on the engine's thread, run on the GUI thread

    def __init__(self, court, workers, outbox, wake_sync, *, kiosk_id: str, hall: str, ice_servers: list[dict],
                 recording_allowed: bool, media, enabled: bool = True, engine_factory=None) -> None:
        """``media``: ``media()`` makes a new call's `kiosk.video.media.CallMedia`;
        ``engine_factory``: the call engine's class (tests give another)."""
        super().__init__()
        self._court = court
        self._workers = workers
        self._outbox = outbox
        self._wake_sync = wake_sync
        self.kiosk_id = kiosk_id
        self.hall = hall
        self.ice_servers = list(ice_servers)
        self.recording_allowed = recording_allowed
        self.enabled = enabled
        self._media = media
        self._engine_factory = engine_factory
        self._view = CallView()
        self._engine = None
        self._call_media = None
        self._call: dict | None = None  # what the call log needs: kind, requested_at, consent...
        self._volume = 0.8
        self._stopped = False  # the kiosk is stopping: its workers may be gone, work is done here
        self._remote = _LatestImage(self.remote_picture)
        self._local = _LatestImage(self.local_picture)
        self._from_engine.connect(lambda fn: fn())  # (queued: the service lives on the GUI thread)

    @property
    def view(self) -> CallView:
        return self._view

    @property
    def volume(self) -> float:
        return self._volume

    # -- placing and ending a call ---------------------------------------------------------------
    def place(self, kind: str, case_number: str | None = None, consent: bool = False,
              green_channel: bool = False, id_number: str | None = None) -> None:
        """Ask the court for a call (non-blocking); `changed` follows it. ``id_number``: the litigant's
        (from the ID card), with which a document the console shows is fetched as that party's; never sent
        with the call."""
        if kind not in KINDS:
            raise ValueError(f"unknown call kind {kind!r}")
        if self._view.active:
            return
        if not self.enabled:
            self._set(CallView(state=FAILED, kind=kind, failure="disabled"))
            return
        from offline_queue import contract as c

        call_id = str(uuid.uuid4())
        requested_at = datetime.now().astimezone()
        request = c.VideoCallRequest(
            call_id=call_id, kiosk_id=self.kiosk_id, hall=self.hall, kind=kind,
            case_number=case_number if kind == "judgment_qa" else None, green_channel=green_channel,
            recording_consent=bool(consent and self.recording_allowed), requested_at=requested_at)
        self._call = {"kind": kind, "call_id": call_id, "requested_at": requested_at, "reconnects": 0,
                      "recorded": False, "answered_by": None, "answered_at": None, "logged": False,
                      "id_number": id_number, "case_number": request.case_number}
        self._set(CallView(state=PLACING, kind=kind, call_id=call_id))
        court = self._court

        make_media, factory = self._media, self._engine_factory

        def ask():
            status = court.create_video_call(request, f"video-call-{call_id}")
            target = court.signalling(c.VIDEO_SIGNAL_PATH.format(call_id=call_id))
            # here, not on the GUI thread: the engine's libraries (aiortc, PyAV, aioice: ~0.2-0.3 s to import
            # the first time) and the call's media (opening a camera blocks)
            if factory is None:
                import kiosk.video.engine  # noqa: F401
            try:
                media = make_media()
            except Exception as exc:  # a camera or sound device that does not open: the call still goes on
                from kiosk.video.media import CallMedia

                log.warning("video call %s: its media did not open (%s): receiving only", call_id,
                            type(exc).__name__)
                media = CallMedia(None, None, None)
            return status, target, media

        def failed(exc: BaseException) -> None:
            self._place_failed(call_id, exc)

        self._workers["network"].submit(ask, lambda result: self._placed(call_id, *result), failed,
                                        session_bound=False)

    def _place_failed(self, call_id: str, exc: BaseException) -> None:
        if self._view.call_id != call_id:
            return
        from offline_queue.client import PermanentError

        failure = "refused" if isinstance(exc, PermanentError) else "offline"
        log.warning("video call %s not placed: %s (%s)", call_id, failure, type(exc).__name__)
        self._call = None
        self._set(replace(self._view, state=FAILED, failure=failure))

    def _placed(self, call_id: str, status, target, media) -> None:
        if self._view.call_id != call_id or self._view.state != PLACING:
            self._submit("network", media.close)  # hung up while the court was asked (the court ends it)
            return
        url, headers, ssl_context = target
        self._call_media = media
        factory = self._engine_factory
        if factory is None:
            from kiosk.video.engine import CallEngine as factory
        self._engine = factory(url, headers=headers, ssl_context=ssl_context, ice_servers=self.ice_servers,
                               video_source=media.video, audio_source=media.audio_in, audio_sink=media.audio_out,
                               listener=_Listener(self, call_id), video_size=VIDEO_SIZE, video_fps=VIDEO_FPS,
                               pin_check=getattr(self._court, "pin_check", None))
        self._engine.set_volume(self._volume)
        self._set(replace(self._view, state=WAITING, position=status.position))
        log.info("video call %s placed (%s)", call_id, self._view.kind)
        self._engine.start()

    def hang_up(self) -> None:
        """End the call from the kiosk (non-blocking)."""
        view = self._view
        if not view.active:
            return
        if self._engine is not None:
            self._engine.hang_up("hangup")
            return
        # not placed yet: the court is told on a worker (a PUT that is still on its way ends too)
        self._finish(view.call_id, "kiosk", "hangup")
        court, call_id = self._court, view.call_id
        self._submit("network", lambda: court.end_video_call(call_id, f"video-end-{call_id}"), lambda exc: None)

    def set_volume(self, volume: float) -> None:
        self._volume = min(1.0, max(0.0, float(volume)))
        if self._engine is not None:
            self._engine.set_volume(self._volume)

    def dismiss(self) -> None:
        """The litigant left the ended (or failed) call's page: back to no call."""
        if not self._view.active:
            self._set(CallView())

    # -- from the engine (its thread) -----------------------------------------------------------
    def _on_engine_state(self, call_id: str, state: str) -> None:
        mapped = ENGINE_STATES.get(state)
        if mapped is None or self._view.call_id != call_id or not self._view.active:
            return
        view = replace(self._view, state=mapped)
        if mapped == CONNECTED and view.connected_at is None:
            view = replace(view, connected_at=time.monotonic())
            if self._call is not None:
                self._call["answered_at"] = datetime.now().astimezone()
        if mapped == RECONNECTING and self._call is not None:
            self._call["reconnects"] += 1
        self._set(view)

    def _on_engine_update(self, call_id: str, **changes) -> None:
        if self._view.call_id != call_id or not self._view.active:
            return
        if changes.get("answered_by") and self._call is not None:
            self._call["answered_by"] = changes["answered_by"]
        if changes.get("recording") and self._call is not None:
            self._call["recorded"] = True
        if changes.get("document"):
            changes["document_state"] = "loading"
        self._set(replace(self._view, **changes))
        if changes.get("document"):
            self._fetch_document(call_id, changes["document"][1])

    def _fetch_document(self, call_id: str, document_id: str) -> None:
        """The document the console shows, fetched as the litigant's (party access with the ID card's
        number: the call's case for 判后答疑, else the case the court served it in); `document_pdf` then."""
        call = self._call or {}
        id_number, case_number, court = call.get("id_number"), call.get("case_number"), self._court

        def fetch() -> bytes:
            from offline_queue import contract as c

            if not id_number:
                raise LookupError("no identified litigant")
            case_ref = case_number
            if case_ref is None:
                served = court.served_documents(id_number).items
                found = [d for d in served if d.document_id == document_id]
                if not found:
                    raise LookupError("not a document served on this litigant")
                case_ref = found[0].case_number or found[0].filing_id
            access = c.CaseAccess(case_ref=case_ref, id_number=id_number)
            return court.fetch_document(c.DocumentRequest(document_id=document_id, access=access, purpose="read"))

        def done(pdf: bytes) -> None:
            if self._view.call_id != call_id or self._view.document is None or \
                    self._view.document[1] != document_id or not self._view.active:
                return
            self._set(replace(self._view, document_state="ready"))
            self.document_pdf.emit(document_id, pdf)

        def failed(exc: BaseException) -> None:
            log.info("video call %s: the document shown could not be fetched (%s)", call_id, type(exc).__name__)
            if self._view.call_id == call_id and self._view.document is not None and \
                    self._view.document[1] == document_id:
                self._set(replace(self._view, document_state="unavailable"))

        self._workers["network"].submit(fetch, done, failed, session_bound=False)

    def _finish(self, call_id: str, by: str, reason: str) -> None:
        if self._view.call_id != call_id or not self._view.active:
            return
        self._set(replace(self._view, state=ENDED, ended_by=by, ended_at=time.monotonic(), recording=False))
        log.info("video call %s ended by %s (%s)", call_id, by, reason)
        self._log_call(by)
        engine, self._engine = self._engine, None
        media, self._call_media = self._call_media, None

        court = self._court

        def release():
            if engine is not None:
                engine.stop(STOP_SECONDS)
                if by == "kiosk" and not engine.stats().get("bye_sent"):  # its socket was down: tell the court
                    try:
                        court.end_video_call(call_id, f"video-end-{call_id}")
                    except Exception as exc:  # the court ends it itself after its grace
                        log.info("video call %s: end not delivered (%s)", call_id, type(exc).__name__)
            if media is not None:
                media.close()

        self._submit("network", release)

    def _log_call(self, by: str) -> None:
        call = self._call
        if call is None or call["logged"]:
            return
        call["logged"] = True
        from offline_queue import contract as c
        from offline_queue.items import enqueue_video_call_log

        ended_at = datetime.now().astimezone()
        entry = c.VideoCallLog(
            call_id=call["call_id"], kiosk_id=self.kiosk_id, hall=self.hall, kind=call["kind"],
            requested_at=call["requested_at"], answered_at=call["answered_at"], ended_at=ended_at,
            duration_seconds=self._view.duration(), answered_by=call["answered_by"], ended_by=by,
            reconnects=call["reconnects"], recorded=call["recorded"])
        outbox, wake = self._outbox, self._wake_sync

        def store():
            enqueue_video_call_log(outbox, entry)
            wake()

        self._submit("outbox", store, lambda exc: log.error(
            "video call log %s not stored: %s", call["call_id"], type(exc).__name__))

    def _submit(self, worker: str, task, on_error=None) -> None:
        """On the named worker; here and now once the kiosk is stopping (its workers may be shut)."""
        if not self._stopped:
            try:
                self._workers[worker].submit(task, None, on_error, session_bound=False)
                return
            except RuntimeError:  # shut down meanwhile
                pass
        try:
            task()
        except Exception as exc:
            if on_error is not None:
                on_error(exc)

    def _set(self, view: CallView) -> None:
        self._view = view
        self.changed.emit(view)

    # -- life ------------------------------------------------------------------------------------
    def clear(self) -> None:
        """The session ends (the litigant left): a call still on is hung up."""
        self.hang_up()
        if not self._view.active:
            self._view = CallView()

    def stop(self) -> None:
        self._stopped = True
        if self._view.active:  # the kiosk stops during a call: it ends (bye), and is logged
            self._finish(self._view.call_id, "kiosk", "shutdown")
        engine, self._engine = self._engine, None
        media, self._call_media = self._call_media, None
        if engine is not None:
            engine.stop(STOP_SECONDS)
        if media is not None:
            media.close()


class _Listener:
    """The engine's callbacks (its thread), for one call: Qt's queued signals carry them to the GUI
    thread; the service's state changes go through `_post` for the same reason."""

    def __init__(self, service: VideoCallService, call_id: str) -> None:
        self._service = service
        self._call_id = call_id

    def _post(self, fn, *args, **kwargs) -> None:
        self._service._from_engine.emit(lambda: fn(self._call_id, *args, **kwargs))

    def on_state(self, state: str) -> None:
        self._post(self._service._on_engine_state, state)

    def on_position(self, position: int) -> None:
        self._post(self._service._on_engine_update, position=position)

    def on_answered(self, by: str) -> None:
        self._post(self._service._on_engine_update, answered_by=by)

    def on_local_frame(self, rgb) -> None:
        self._service._local.put(rgb)

    def on_remote_frame(self, rgb) -> None:
        self._service._remote.put(rgb)

    def on_quality(self, rtt_ms, loss, level: str) -> None:
        rtt = None if rtt_ms is None else int(rtt_ms)
        self._post(self._service._on_engine_update, quality=level, rtt_ms=rtt)

    def on_document(self, title: str, document_id: str) -> None:
        self._post(self._service._on_engine_update, document=(title, document_id))

    def on_recording(self, active: bool) -> None:
        self._post(self._service._on_engine_update, recording=bool(active))

    def on_ended(self, reason: str, by: str) -> None:
        self._post(self._service._finish, by, reason)


def create(deps) -> VideoCallService:
    from kiosk.domain.ice_servers import parse_ice_servers
    from kiosk.video.media import media_factory

    config = deps.config
    return VideoCallService(
        deps.court, deps.workers, deps.outbox, deps.wake_sync, kiosk_id=config.get("kiosk.kiosk_id"),
        hall=config.get("court.court_code"), ice_servers=parse_ice_servers(config.get("video.ice_servers")),
        recording_allowed=config.get("video.recording"), enabled=config.get("video.enabled"),
        media=media_factory(config, demo=config.get("kiosk.mode") == "demo"))


SERVICE = ServiceSpec(
    "video_call",
    create,
    title=QT_TRANSLATE_NOOP("services", "Remote video"),
    pictogram="video",
    voice=QT_TRANSLATE_NOOP("voice", "remote video|video call|video"),
    menu=85,
    needs_identity=True,
    workers=("network", "outbox"),
    config=("video", "kiosk.kiosk_id", "kiosk.mode", "court.court_code"),
    outbox=True,
    court=True,
    on_session_reset="clear",
    on_stop="stop",
)
