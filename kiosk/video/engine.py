"""The kiosk's call engine for 远程视频: one video call, from the signalling socket to the end of the media
(docs/VIDEO.md).

`CallEngine` runs its own asyncio event loop on one daemon thread ("video-call-engine"): aiortc, the
signalling socket and the media tracks all live there, and the GUI never waits for them. The service
above it (`kiosk.services.video_call`) gets everything through a listener whose methods are **called on
the engine's thread**; it marshals them to the GUI thread. No Qt here.

A call, in order (the listener's ``on_state``):

1. ``signalling``: the socket to ``/api/v1/video/calls/{call_id}/signal`` is opened.
2. ``waiting``: the court sends ``position`` frames (``on_position``) until a console takes the call.
3. ``answered`` (``on_answered(by)``): a new `RTCPeerConnection` with the configured ICE servers,
   passed explicitly even when empty (aiortc would otherwise ask a public STUN server); the camera and
   microphone tracks (receive-only where there is none); ``createOffer`` + ``setLocalDescription``
   (aiortc gathers every candidate there: no trickle); the ``offer`` goes with its ``attempt``.
4. ``connecting``: the offer is out; the console's ``answer`` is applied.
5. ``connected``: aiortc's ``connectionState`` is "connected", or the console's media arrives.
   Every `quality.INTERVAL_SECONDS` the engine measures the call (`quality.measure`) and sends a
   ``quality`` frame; ``show_document`` and ``recording`` frames go to the listener.
6. ``ended`` and ``on_ended(reason, by)``, by "kiosk" (`hang_up`, `stop`), "console" (a ``bye``) or
   "network" (the socket gone past the grace, refused, no peer connection after `MAX_ATTEMPTS`, or a
   ``bye`` whose reason is "network": the court lost the console).
   ``on_ended`` comes once, after the peer connection and the socket are closed.

Video: ``video_source`` is a camera of BGR frames (encoded by aiortc: VP8, or H.264 with libx264), or
an encoded camera (`tracks.EncodedVideoSource`, e.g. `media.H264CameraFeed`): its H.264 is sent as it
comes (`tracks.H264PassthroughTrack`, no encoder) and every peer connection offers H.264 only
(`RTCRtpTransceiver.setCodecPreferences`: aiortc sends the first codec of the answer, which must be
H.264 then); a source that has ``failed`` when a peer connection is made gives a voice-only call
(the video receive-only). The self view takes the source's newest picture either way.

Reconnecting: ``reconnecting``, then back to what the call was. A dropped socket is opened again with
jittered exponential backoff until ``reconnect_grace`` (the court's ``RECONNECT_GRACE``) has passed
since the drop; then the call ends (by "network"). Media goes on meanwhile when the peer connection is
fine; back on the socket, a peer connection that failed, or whose offer or answer may have been lost in
the drop, is replaced. A peer connection that fails while the socket is up ("failed", closed by the
other side, "disconnected" or no media for `DISCONNECTED_SECONDS`, no answer within `ANSWER_TIMEOUT`,
not connected within `CONNECT_TIMEOUT`) is closed and a new one makes a new offer with ``attempt`` + 1:
aiortc has no ICE restart, the console replaces its side too. ``stats()["reconnects"]`` counts the
socket's reconnections, ``attempt`` the peer connections.

Bounded: every await has a timeout; `hang_up` and `set_volume` never block; `stop` returns within its
timeout having closed every peer connection and ended the thread (and aiortc's codec threads).

Logs carry the call id and states only: never an SDP, a frame's content, a name or a header.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import cv2
import numpy as np
from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCRtpSender, RTCSessionDescription

from kiosk.video import quality
from kiosk.video.signalling import (
    SignallingClient,
    SignallingClosed,
    SignallingError,
    SignallingRefused,
)
from kiosk.video.tracks import (
    AudioSink,
    EncodedVideoSource,
    FrameSource,
    FrameVideoTrack,
    H264PassthroughTrack,
    MediaCounters,
    PcmAudioTrack,
    PcmSource,
    RemoteMediaSink,
    _Pacer,
    to_bgr,
)

log = logging.getLogger("kiosk.video")
# aioice logs every candidate pair it checks at INFO (addresses, ports), a dozen lines a call: the
# kiosk's log keeps call ids and states. Their warnings still come through.
for _name in ("aioice", "aiortc"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.WARNING)

SIGNALLING, WAITING, ANSWERED, CONNECTING, CONNECTED, RECONNECTING, ENDED = (
    "signalling", "waiting", "answered", "connecting", "connected", "reconnecting", "ended")
STATES = (SIGNALLING, WAITING, ANSWERED, CONNECTING, CONNECTED, RECONNECTING, ENDED)
BY = ("kiosk", "console", "network")

ANSWER_TIMEOUT = 20.0  # the offer is out, no answer: a new offer
CONNECT_TIMEOUT = 20.0  # answer applied, ICE + DTLS not done: a new offer
DISCONNECTED_SECONDS = 5.0  # "disconnected", or no media after media flowed: a new offer
MAX_ATTEMPTS = 10  # peer connections in one call before it ends by "network"
OFFER_TIMEOUT = 15.0  # createOffer + setLocalDescription (gathering with STUN/TURN takes seconds)
APPLY_TIMEOUT = 10.0  # setRemoteDescription
STATS_TIMEOUT = 1.0
PC_CLOSE_TIMEOUT = 1.5
BYE_TIMEOUT = 0.5
SEND_TIMEOUT = 2.0
BACKOFF_FIRST, BACKOFF_MAX, BACKOFF_JITTER = 0.5, 5.0, 0.25
TICK_SECONDS = 0.25
CODEC_THREADS = 4  # aiortc encodes in the loop's default executor

_CALL_ID = re.compile(r"/calls/([^/?#]+)/signal")


class CallListener:
    """What the engine tells its user, **on the engine's thread** (marshal to the GUI thread; return
    at once: the media waits while a callback runs). Every method is optional: subclass this or give
    any object with some of them. A callback that raises is logged (its type) and ignored."""

    def on_state(self, state: str) -> None:
        """signalling | waiting | answered | connecting | connected | reconnecting | ended"""

    def on_position(self, position: int | None) -> None:
        """The place in the queue (1 = next)."""

    def on_answered(self, by: str) -> None:
        """A console took the call; ``by`` is a desk's or judge's display name (not to be logged)."""

    def on_local_frame(self, rgb: np.ndarray) -> None:
        """The self view: RGB (height, width, 3) at the sent size, at most ``display_fps``."""

    def on_remote_frame(self, rgb: np.ndarray) -> None:
        """The console's picture, RGB, at most ``display_fps``."""

    def on_quality(self, rtt_ms: float | None, loss: float | None, level: str) -> None:
        """Every 2 s while connected; ``level`` good | fair | poor (`kiosk.video.quality`)."""

    def on_document(self, title: str, document_id: str) -> None:
        """The console shows a court document: fetch and show it."""

    def on_recording(self, active: bool) -> None:
        """The court started or stopped recording (only ever with the litigant's consent)."""

    def on_ended(self, reason: str, by: str) -> None:
        """Once, last: ``by`` kiosk | console | network."""


class _CameraTap:
    """The camera read by two consumers (the sent track, the self view): each call reads the source
    and keeps its newest frame, so a frame one consumer took is still there for the other (a source's
    None means "nothing new", not "no picture")."""

    def __init__(self, source: FrameSource) -> None:
        self._source = source
        self.latest: np.ndarray | None = None

    def __call__(self) -> np.ndarray | None:
        frame = self._source()
        if frame is not None:
            self.latest = frame
        return self.latest


@dataclass(eq=False)
class _Peer:
    """One RTCPeerConnection of the call and where it is."""

    pc: RTCPeerConnection
    attempt: int
    sink: RemoteMediaSink
    video: FrameVideoTrack | H264PassthroughTrack | None = None
    audio: PcmAudioTrack | None = None
    tasks: set = field(default_factory=set)
    offer_sent_at: float | None = None
    offer_socket: int = 0  # which of the call's sockets carried the offer
    offer_unsent: bool = False  # made while the socket was down: sent when it is back
    answer_applied_at: float | None = None
    answer_pending: bool = False
    replacing: bool = False  # made after a failure or a lost socket: the call is "reconnecting"
    connected: bool = False
    disconnected_since: float | None = None
    closing: bool = False
    loss: quality.LossCounter = field(default_factory=quality.LossCounter)


class CallEngine:
    """One video call on its own thread. ``signal_url``: the call's ``ws(s)://.../signal`` URL;
    ``headers``: the upgrade's headers (X-Kiosk-Id, Authorization: `signalling.kiosk_headers`);
    ``ssl_context``: for ``wss://`` (the kiosk's mTLS context); ``ice_servers``: dicts with the keys of
    `RTCIceServer` (``urls``, ``username``, ``credential``), none by default; ``video_source()`` ->
    the camera's latest BGR frame or None, ``audio_source()`` -> PCM s16 mono 48 kHz captured since the
    last call, ``audio_sink(pcm, sample_rate, channels)`` plays the console's voice, s16 interleaved,
    every 20 ms (each None: no camera / microphone / speaker; all three are called on the engine's
    thread and must not block); ``listener``: a `CallListener`; ``video_codecs``: mime subtypes in
    order of preference (("VP8",), ("H264",)), empty for aiortc's order (VP8, then H.264); with an
    encoded ``video_source`` (`EncodedVideoSource`), its codec only."""

    def __init__(self, signal_url: str, *, headers: Mapping[str, str] | None = None,
                 ssl_context: ssl.SSLContext | None = None, ice_servers: Sequence[Mapping] = (),
                 video_source: FrameSource | EncodedVideoSource | None = None,
                 audio_source: PcmSource | None = None,
                 audio_sink: AudioSink | None = None, listener: object | None = None,
                 reconnect_grace: float = 30.0, display_fps: float = 15, video_size: tuple[int, int] = (640, 480),
                 video_fps: float = 15, video_codecs: Sequence[str] = (), proxy: str | None = None,
                 open_timeout: float = 10.0, pin_check=None) -> None:
        self.signal_url = signal_url
        self.headers = dict(headers or {})
        self.ssl_context = ssl_context
        self.pin_check = pin_check  # wss: the court's certificate (DER) -> pinned? (`ClientTLS.pin_matches`)
        self.ice_servers = [RTCIceServer(**dict(server)) for server in ice_servers]  # checked here, not later
        self.video_source = video_source
        self.audio_source = audio_source
        self.audio_sink = audio_sink
        self.listener = listener if listener is not None else CallListener()
        self.reconnect_grace = float(reconnect_grace)
        self.display_fps = float(display_fps)
        self.video_size = (int(video_size[0]), int(video_size[1]))
        self.video_fps = float(video_fps)
        self.video_codecs = tuple(video_codecs)
        self.video_passthrough = isinstance(video_source, EncodedVideoSource)
        if self.video_passthrough:
            self.video_codecs = (video_source.codec,)  # sent as it comes: the answer can have no other
        known = {c.mimeType.split("/")[1].lower() for c in RTCRtpSender.getCapabilities("video").codecs} - {"rtx"}
        unknown = [name for name in self.video_codecs if name.lower() not in known]
        if unknown:
            raise ValueError(f"video codecs {unknown} not among aiortc's {sorted(known)}")
        self.proxy = proxy
        self.open_timeout = float(open_timeout)
        match = _CALL_ID.search(signal_url)
        self.call_ref = match.group(1)[:64] if match else "call"  # for the logs: a random UUID

        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._events: asyncio.Queue | None = None
        self._pending: list[tuple] = []  # commands given before the loop ran
        self._closed = False  # the loop is gone: commands are dropped
        self._volume = 1.0
        self._counters = MediaCounters()
        self._camera = _CameraTap(video_source) if video_source is not None else None
        # engine-thread state
        self._ws: SignallingClient | None = None
        self._peer: _Peer | None = None
        self._retiring: set[asyncio.Task] = set()
        self._tasks: set[asyncio.Task] = set()
        self._answered = False
        self._socket_number = 0  # sockets opened so far: 1 the first, +1 each reconnection
        self._end: tuple[str, str] | None = None
        self._ended_notified = False
        self._listener_failed: set[str] = set()
        self._stop_deadline: float | None = None
        # read by stats() from any thread (under _lock)
        self._state = ""
        self._attempt = 0
        self._reconnects = 0
        self._connected_at: float | None = None
        self._ended_reason: str | None = None
        self._ended_by: str | None = None
        self._bye_sent = False
        self._quality: quality.Sample | None = None

    # -- any thread ------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the call's thread (returns at once)."""
        with self._lock:
            if self._thread is not None:
                raise RuntimeError("a CallEngine runs once")
            self._thread = threading.Thread(target=self._run, name="video-call-engine", daemon=True)
        self._thread.start()

    def hang_up(self, reason: str = "hangup") -> None:
        """End the call from the kiosk: ``bye`` to the console, then everything closed (non-blocking)."""
        self._command("hangup", str(reason)[:64])

    def set_volume(self, volume: float) -> None:
        """The console's voice, 0..1 (non-blocking; applies to the next 20 ms)."""
        self._volume = min(1.0, max(0.0, float(volume)))

    @property
    def volume(self) -> float:
        return self._volume

    def stop(self, timeout: float = 5.0) -> bool:
        """End the call (by "kiosk", reason "stopped", when it is still on) and wait until the thread
        ended, every peer connection closed. True when that happened within ``timeout``."""
        thread = self._thread
        if thread is None:
            return True
        self._command("stop", time.monotonic() + max(0.5, timeout - 0.5))
        if thread is threading.current_thread():  # from a listener: it ends once the callback returns
            return False
        thread.join(max(0.0, timeout))
        return not thread.is_alive()

    def stats(self) -> dict:
        """A snapshot: frames sent and received, attempt, reconnects, state, connected_at (epoch
        seconds), ended_reason and the like."""
        c = self._counters
        with self._lock:
            sample = self._quality
            return {
                "state": self._state, "attempt": self._attempt, "reconnects": self._reconnects,
                "connected_at": self._connected_at, "ended_reason": self._ended_reason,
                "ended_by": self._ended_by, "bye_sent": self._bye_sent,
                "video_frames_sent": c.video_frames_sent, "audio_frames_sent": c.audio_frames_sent,
                "video_frames_received": c.video_frames_received,
                "audio_frames_received": c.audio_frames_received,
                "audio_samples_received": c.audio_samples_received,
                "video_frames_shown": c.video_frames_shown,
                "video_passthrough": self.video_passthrough, "keyframe_requests": c.keyframe_requests,
                "rtt_ms": sample.rtt_ms if sample else None, "loss": sample.loss if sample else None,
                "quality": sample.level if sample else None,
                "running": self._thread is not None and self._thread.is_alive(),
            }

    def _command(self, *event) -> None:
        with self._lock:
            loop, events = self._loop, self._events
            if self._closed:
                return
            if loop is None or events is None:
                self._pending.append(event)
                return
        try:
            loop.call_soon_threadsafe(events.put_nowait, event)
        except RuntimeError:  # the loop closed meanwhile: the call is over anyway
            pass

    # -- the thread --------------------------------------------------------------------------------
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        executor = ThreadPoolExecutor(max_workers=CODEC_THREADS, thread_name_prefix="video-codec")
        loop.set_default_executor(executor)
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # noqa: BLE001 - the thread must end cleanly whatever happened
            log.error("video call %s: engine failed: %s", self.call_ref, type(exc).__name__)
        finally:
            with self._lock:
                self._closed = True
            try:
                self._cancel_leftovers(loop)
                loop.run_until_complete(loop.shutdown_asyncgens())
            except BaseException as exc:  # noqa: BLE001
                log.warning("video call %s: loop shutdown: %s", self.call_ref, type(exc).__name__)
            finally:
                asyncio.set_event_loop(None)
                loop.close()
                executor.shutdown(wait=True, cancel_futures=True)
                if self._end is None:
                    self._end = ("error", "kiosk")
                self._notify_ended()

    @staticmethod
    def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
        tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.wait(tasks, timeout=1.0))

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        events: asyncio.Queue = asyncio.Queue()
        with self._lock:
            self._loop, self._events = loop, events
            pending, self._pending = self._pending, []
        for event in pending:
            events.put_nowait(event)
        self._set_state(SIGNALLING)
        log.info("video call %s: signalling", self.call_ref)
        for job in (self._socket_keeper(), self._ticker(), self._quality_loop(), self._preview_loop()):
            self._spawn(job)
        try:
            while self._end is None:
                event = await events.get()
                try:
                    await self._handle(*event)
                except Exception as exc:
                    log.warning("video call %s: %s event failed: %s", self.call_ref, event[0],
                                type(exc).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
        finally:
            await self._teardown()

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _post(self, *event) -> None:
        """From the engine's thread (tasks, aiortc's callbacks): an event for the main loop."""
        if self._events is not None and self._end is None:
            self._events.put_nowait(event)

    def _budget(self, seconds: float) -> float:
        """``seconds``, or less when `stop` has a deadline."""
        if self._stop_deadline is None:
            return seconds
        return max(0.05, min(seconds, self._stop_deadline - time.monotonic()))

    # -- events ------------------------------------------------------------------------------------
    async def _handle(self, kind: str, *args) -> None:
        if self._end is not None:
            return
        if kind == "message":
            await self._on_message(args[0])
        elif kind == "tick":
            await self._on_tick()
        elif kind == "pc_state":
            await self._on_pc_state(args[0])
        elif kind == "media":
            self._on_connected(args[0])
        elif kind == "offer_ready":
            await self._on_offer_ready(args[0])
        elif kind == "answer_applied":
            peer = args[0]
            if peer is self._peer:
                peer.answer_pending = False
                peer.answer_applied_at = time.monotonic()
        elif kind == "peer_failed":
            await self._replace(args[0], args[1])
        elif kind == "quality":
            await self._on_quality(*args)
        elif kind == "socket_up":
            await self._on_socket_up(args[0])
        elif kind == "socket_down":
            if self._end is None:
                log.info("video call %s: signalling socket lost (code %s)", self.call_ref, args[0])
                self._set_state(RECONNECTING)
        elif kind == "hangup":
            await self._send_bye(args[0])
            self._finish(args[0], "kiosk")
        elif kind == "stop":
            self._stop_deadline = args[0]
            await self._send_bye("stopped")
            self._finish("stopped", "kiosk")
        elif kind == "refused":
            log.warning("video call %s: signalling refused (HTTP %s)", self.call_ref, args[0])
            self._finish("refused", "network")
        elif kind == "grace_over":
            log.warning("video call %s: no signalling within %.0f s", self.call_ref, self.reconnect_grace)
            self._finish("network", "network")

    async def _on_message(self, message: dict) -> None:
        kind = message["type"]
        if kind == "position":
            position = message.get("position")
            self._notify("on_position", position if isinstance(position, int) else None)
        elif kind == "answered":
            if self._answered and self._offer_in_hand():
                log.info("video call %s: answered again, the offer stands", self.call_ref)
                return
            self._answered = True
            log.info("video call %s: answered", self.call_ref)
            by = message.get("by")
            self._notify("on_answered", by if isinstance(by, str) else "")
            self._set_state(ANSWERED)
            await self._new_peer("answered")
        elif kind == "answer":
            await self._on_answer(message)
        elif kind == "bye":
            reason = message.get("reason")
            reason = reason[:64] if isinstance(reason, str) and reason else "bye"
            # the court says who ended it: "console", "court", or "network" (the console's socket away
            # past its grace); the kiosk's user sees the other side or the network
            by = "network" if reason == "network" else "console"
            log.info("video call %s: bye (%s)", self.call_ref, by)
            self._finish(reason, by)
        elif kind == "show_document":
            title, document_id = message.get("title"), message.get("document_id")
            if isinstance(document_id, str) and document_id:
                self._notify("on_document", title if isinstance(title, str) else "", document_id)
        elif kind == "recording":
            state = message.get("state")
            if state in ("started", "stopped"):
                log.info("video call %s: recording %s", self.call_ref, state)
                self._notify("on_recording", state == "started")
        elif kind == "error":
            refused = message.get("refused")
            refused = refused if isinstance(refused, str) and refused.isidentifier() and len(refused) <= 32 else "?"
            log.warning("video call %s: the court refused a %s frame", self.call_ref, refused)
        else:
            log.debug("video call %s: frame type ignored", self.call_ref)

    async def _on_answer(self, message: dict) -> None:
        peer, attempt, sdp = self._peer, message.get("attempt"), message.get("sdp")
        if peer is None or not isinstance(sdp, str):
            return
        if attempt is not None and attempt != peer.attempt:
            log.info("video call %s: answer to attempt %s ignored (now %d)", self.call_ref, attempt, peer.attempt)
            return
        if peer.answer_pending or peer.answer_applied_at is not None or peer.pc.signalingState != "have-local-offer":
            return
        peer.answer_pending = True
        self._spawn(self._apply_answer(peer, sdp))

    async def _on_socket_up(self, first: bool) -> None:
        self._socket_number += 1
        if first:
            log.info("video call %s: waiting", self.call_ref)
            if not self._answered:
                self._set_state(WAITING)
            return
        with self._lock:
            self._reconnects += 1
        log.info("video call %s: signalling socket back", self.call_ref)
        peer = self._peer
        if self._answered and peer is None:
            await self._new_peer("resumed")  # it failed while the socket was down
        elif peer is not None and peer.offer_unsent:
            await self._on_offer_ready(peer)
        elif (peer is not None and peer.offer_sent_at is not None and peer.answer_applied_at is None
              and not peer.answer_pending):
            await self._new_peer("resumed")  # the offer or its answer may be lost with the socket
        else:
            self._set_state(self._steady_state())

    def _offer_in_hand(self) -> bool:
        """The current peer connection is connected, or its offer is being made or went out on this
        socket: a repeated ``answered`` (the court says it again to a kiosk back on its socket while the
        console has not answered yet) needs no other offer."""
        peer = self._peer
        if peer is None or peer.closing:
            return False
        if peer.connected or peer.answer_pending or peer.answer_applied_at is not None:
            return True
        if peer.offer_sent_at is None:
            return not peer.offer_unsent  # still being made: it goes out on this socket
        return peer.offer_socket == self._socket_number

    def _steady_state(self) -> str:
        if not self._answered:
            return WAITING
        peer = self._peer
        if peer is not None and peer.connected:
            return CONNECTED
        return CONNECTING if peer is not None and not peer.replacing else RECONNECTING

    async def _on_pc_state(self, peer: _Peer) -> None:
        if peer is not self._peer or peer.closing:
            return
        state = peer.pc.connectionState
        if state == "connected":
            peer.disconnected_since = None
            self._on_connected(peer)
        elif state == "disconnected":  # (aiortc has none today; a later version may)
            peer.disconnected_since = peer.disconnected_since or time.monotonic()
        elif state in ("failed", "closed"):
            await self._replace(peer, state)

    def _on_connected(self, peer: _Peer) -> None:
        if peer is not self._peer or peer.closing or peer.connected:
            return
        peer.connected = True
        with self._lock:
            if self._connected_at is None:
                self._connected_at = time.time()
        log.info("video call %s: connected (attempt %d)", self.call_ref, peer.attempt)
        if self._ws is not None:
            self._set_state(CONNECTED)

    async def _on_tick(self) -> None:
        peer, now = self._peer, time.monotonic()
        if peer is None or peer.closing:
            return
        why = None
        if peer.answer_applied_at is None:
            if peer.offer_sent_at is not None and not peer.answer_pending and now - peer.offer_sent_at > ANSWER_TIMEOUT:
                why = "no answer"
        elif not peer.connected:
            if now - peer.answer_applied_at > CONNECT_TIMEOUT:
                why = "not connected"
        elif peer.disconnected_since is not None and now - peer.disconnected_since > DISCONNECTED_SECONDS:
            why = "disconnected"
        elif peer.sink.last_media_at is not None and now - peer.sink.last_media_at > DISCONNECTED_SECONDS:
            why = "no media"
        if why is not None:
            await self._replace(peer, why)

    async def _on_quality(self, peer: _Peer, sample: quality.Sample) -> None:
        if peer is not self._peer or peer.closing:
            return
        with self._lock:
            self._quality = sample
        self._notify("on_quality", sample.rtt_ms, sample.loss, sample.level)
        frame = sample.frame()
        if frame is not None:  # (the court takes numbers only: nothing until both are measured)
            await self._send(frame)

    # -- peer connections --------------------------------------------------------------------------
    async def _new_peer(self, why: str) -> None:
        """A new peer connection (closing the one there was) and its offer, with the next attempt."""
        old = self._peer
        if old is not None:
            self._retire(old)
        self._peer = None
        if self._attempt >= MAX_ATTEMPTS:
            log.warning("video call %s: no peer connection after %d attempts", self.call_ref, self._attempt)
            self._finish("failed", "network")
            return
        with self._lock:
            self._attempt += 1
            attempt = self._attempt
        pc = RTCPeerConnection(RTCConfiguration(iceServers=list(self.ice_servers)))
        peer = _Peer(pc, attempt, RemoteMediaSink(
            on_frame=lambda rgb: self._notify("on_remote_frame", rgb), audio_sink=self.audio_sink,
            volume=lambda: self._volume, display_fps=self.display_fps, counters=self._counters))
        peer.sink.on_media = lambda: self._post("media", peer)
        if self.video_passthrough and self.video_source.failed:
            log.warning("video call %s: the camera has no H.264 picture: voice only", self.call_ref)
            pc.addTransceiver("video", direction="recvonly")
        elif self.video_passthrough:
            peer.video = H264PassthroughTrack(self.video_source, counters=self._counters)
            sender = pc.addTrack(peer.video)
            # aiortc's sender would set a flag for its encoder on a PLI / FIR; there is none: counted
            sender._send_keyframe = peer.video.request_keyframe
        elif self._camera is not None:
            peer.video = FrameVideoTrack(self._camera, fps=self.video_fps, size=self.video_size,
                                         counters=self._counters)
            pc.addTrack(peer.video)
        else:
            pc.addTransceiver("video", direction="recvonly")
        if self.audio_source is not None:
            peer.audio = PcmAudioTrack(self.audio_source, counters=self._counters)
            pc.addTrack(peer.audio)
        else:
            pc.addTransceiver("audio", direction="recvonly")
        if self.video_codecs:
            self._prefer_codecs(pc, "video", self.video_codecs, extra=("rtx",))
        # Voice in Opus only (48 kHz, wideband and beyond): two-way voice needs at least 7 kHz of audio
        # bandwidth (EN 301 549 6.1), which G.711 (PCMU/PCMA, 8 kHz sampling: 3.4 kHz) cannot carry.
        self._prefer_codecs(pc, "audio", ("opus",))

        @pc.on("connectionstatechange")
        def _state_changed() -> None:
            self._post("pc_state", peer)

        @pc.on("track")
        def _track(track) -> None:
            if not peer.closing:
                task = self._spawn(peer.sink.consume(track))
                peer.tasks.add(task)

        peer.replacing = why != "answered"
        self._peer = peer
        log.info("video call %s: peer connection %d (%s)", self.call_ref, attempt, why)
        self._spawn(self._make_offer(peer))

    @staticmethod
    def _prefer_codecs(pc: RTCPeerConnection, kind: str, names: Sequence[str], extra: Sequence[str] = ()) -> None:
        """Offer only ``names`` (in that order) then ``extra`` for the ``kind`` transceivers."""
        capabilities = RTCRtpSender.getCapabilities(kind).codecs
        wanted = [f"{kind}/{name}".lower() for name in (*names, *extra)]
        chosen = [c for name in wanted for c in capabilities if c.mimeType.lower() == name]
        for transceiver in pc.getTransceivers():
            if transceiver.kind == kind and chosen:
                transceiver.setCodecPreferences(chosen)

    async def _make_offer(self, peer: _Peer) -> None:
        try:
            offer = await asyncio.wait_for(peer.pc.createOffer(), OFFER_TIMEOUT)
            await asyncio.wait_for(peer.pc.setLocalDescription(offer), OFFER_TIMEOUT)
        except Exception as exc:
            log.warning("video call %s: offer %d failed: %s", self.call_ref, peer.attempt, type(exc).__name__)
            self._post("peer_failed", peer, "offer failed")
            return
        self._post("offer_ready", peer)

    async def _on_offer_ready(self, peer: _Peer) -> None:
        if peer is not self._peer or peer.closing:
            return
        sent = await self._send({"type": "offer", "sdp": peer.pc.localDescription.sdp, "attempt": peer.attempt})
        peer.offer_unsent = not sent  # the socket is down: sent when it is back
        if sent:
            peer.offer_sent_at = time.monotonic()
            peer.offer_socket = self._socket_number
            log.info("video call %s: offer %d sent", self.call_ref, peer.attempt)
            self._set_state(RECONNECTING if peer.replacing else CONNECTING)

    async def _apply_answer(self, peer: _Peer, sdp: str) -> None:
        try:
            await asyncio.wait_for(peer.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer")),
                                   APPLY_TIMEOUT)
        except Exception as exc:
            log.warning("video call %s: answer %d not applied: %s", self.call_ref, peer.attempt,
                        type(exc).__name__)
            self._post("peer_failed", peer, "bad answer")
            return
        self._post("answer_applied", peer)

    async def _replace(self, peer: _Peer, why: str) -> None:
        """``peer`` failed: a new one when the socket is up, else one when it is back."""
        if peer is not self._peer or peer.closing or self._end is not None:
            return
        log.info("video call %s: peer connection %d %s", self.call_ref, peer.attempt, why)
        self._set_state(RECONNECTING)
        if self._ws is not None:
            await self._new_peer(why)
        else:
            self._retire(peer)
            self._peer = None

    def _retire(self, peer: _Peer) -> None:
        """Close ``peer`` in the background (bounded); teardown waits for it."""
        if peer.closing:
            return
        peer.closing = True
        task = asyncio.get_running_loop().create_task(self._close_peer(peer))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def _close_peer(self, peer: _Peer) -> None:
        peer.closing = True
        try:
            await asyncio.wait_for(peer.pc.close(), self._budget(PC_CLOSE_TIMEOUT))
        except (Exception, asyncio.CancelledError) as exc:
            log.warning("video call %s: peer connection %d close: %s", self.call_ref, peer.attempt,
                        type(exc).__name__)
            _release_decoders(peer.pc)
            if isinstance(exc, asyncio.CancelledError):
                raise
        finally:
            for track in (peer.video, peer.audio):
                if track is not None:
                    track.stop()
            for task in list(peer.tasks):
                task.cancel()

    # -- background jobs ---------------------------------------------------------------------------
    async def _socket_keeper(self) -> None:
        """Opens the socket, pumps its frames into the events, and opens it again after a drop until
        the grace has passed since the drop (since the start for the first connection)."""
        first = True
        lost_at = time.monotonic()
        delay = BACKOFF_FIRST
        while self._end is None:
            remaining = self.reconnect_grace - (time.monotonic() - lost_at)
            client = SignallingClient(self.signal_url, headers=self.headers, ssl_context=self.ssl_context,
                                      pin_check=self.pin_check,
                                      proxy=self.proxy, open_timeout=max(0.5, min(self.open_timeout, remaining)),
                                      send_timeout=SEND_TIMEOUT)
            try:
                await client.connect()
            except SignallingRefused as exc:
                if exc.permanent:
                    self._post("refused", exc.status)
                    return
                log.info("video call %s: signalling refused (HTTP %s), trying again", self.call_ref, exc.status)
            except SignallingError as exc:
                log.info("video call %s: signalling unreachable (%s), trying again", self.call_ref, exc)
            else:
                delay = BACKOFF_FIRST
                self._ws = client
                self._post("socket_up", first)
                first = False
                code = None
                try:
                    while True:
                        self._post("message", await client.recv())
                except SignallingClosed as exc:
                    code = exc.code
                finally:
                    if self._ws is client:  # (else teardown took it, to close it properly)
                        self._ws = None
                        client.abort()
                lost_at = time.monotonic()
                self._post("socket_down", code)
                continue  # once at once, then with backoff
            remaining = self.reconnect_grace - (time.monotonic() - lost_at)
            if remaining <= 0:
                self._post("grace_over")
                return
            jittered = delay * random.uniform(1 - BACKOFF_JITTER, 1 + BACKOFF_JITTER)
            await asyncio.sleep(min(jittered, remaining))
            delay = min(delay * 2, BACKOFF_MAX)

    async def _ticker(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            self._post("tick")

    async def _quality_loop(self) -> None:
        while True:
            await asyncio.sleep(quality.INTERVAL_SECONDS)
            peer = self._peer
            if peer is None or not peer.connected or peer.closing:
                continue
            try:
                report = await asyncio.wait_for(peer.pc.getStats(), STATS_TIMEOUT)
            except Exception as exc:
                log.debug("video call %s: stats: %s", self.call_ref, type(exc).__name__)
                continue
            self._post("quality", peer, quality.measure(report, peer.loss))

    async def _preview_loop(self) -> None:
        """The self view: the camera's newest frame at the sent size, in RGB, at most display_fps."""
        camera = self._camera
        method = getattr(self.listener, "on_local_frame", None)
        if camera is None or method is None or getattr(method, "__func__", None) is CallListener.on_local_frame:
            return  # nobody looks
        pacer = _Pacer(1000, max(1, round(1000 / self.display_fps)))
        shown = None
        failed = False
        while True:
            await pacer.wait()
            try:
                frame = camera()
            except Exception as exc:
                if not failed:
                    log.warning("video call %s: camera failed: %s", self.call_ref, type(exc).__name__)
                    failed = True
                continue
            if frame is None or frame is shown:
                continue
            shown = frame
            self._notify("on_local_frame", cv2.cvtColor(to_bgr(frame, self.video_size), cv2.COLOR_BGR2RGB))

    # -- helpers -----------------------------------------------------------------------------------
    async def _send(self, message: dict) -> bool:
        ws = self._ws
        if ws is None:
            return False
        try:
            await ws.send(message)
        except SignallingError:
            return False  # the keeper sees the socket end
        return True

    async def _send_bye(self, reason: str) -> None:
        ws = self._ws
        if ws is None:
            return
        try:
            await asyncio.wait_for(ws.send({"type": "bye", "reason": reason}), self._budget(BYE_TIMEOUT))
        except (SignallingError, TimeoutError):
            return
        with self._lock:
            self._bye_sent = True

    def _finish(self, reason: str, by: str) -> None:
        if self._end is None:
            self._end = (reason, by)

    async def _teardown(self) -> None:
        """Everything closed, each step bounded: the peer connections (the current one and those still
        closing) and the socket at the same time, then the background jobs."""
        ws, self._ws = self._ws, None
        tasks = [t for t in self._tasks if not t.done()]
        for task in tasks:
            task.cancel()
        peer, self._peer = self._peer, None
        if peer is not None:
            self._retire(peer)
        closing = list(self._retiring)
        if ws is not None:
            ws.close_timeout = self._budget(ws.close_timeout)
            closing.append(asyncio.get_running_loop().create_task(ws.close()))
        if closing:
            await asyncio.wait(closing, timeout=self._budget(PC_CLOSE_TIMEOUT + 0.5))
        if tasks:
            await asyncio.wait(tasks, timeout=self._budget(0.5))

    def _set_state(self, state: str) -> None:
        with self._lock:
            if state == self._state:
                return
            self._state = state
        self._notify("on_state", state)

    def _notify_ended(self) -> None:
        if self._ended_notified:
            return
        self._ended_notified = True
        reason, by = self._end or ("error", "kiosk")
        with self._lock:
            self._ended_reason, self._ended_by = reason, by
        log.info("video call %s: ended by %s (%s)", self.call_ref, by, reason)
        self._set_state(ENDED)
        self._notify("on_ended", reason, by)

    def _notify(self, name: str, *args) -> None:
        method: Callable | None = getattr(self.listener, name, None)
        if method is None:
            return
        try:
            method(*args)
        except Exception as exc:
            if name not in self._listener_failed:  # once: a broken screen would flood the log at 15 fps
                self._listener_failed.add(name)
                log.warning("video call %s: listener %s raised %s", self.call_ref, name, type(exc).__name__)


def _release_decoders(pc: RTCPeerConnection) -> None:
    """After a close that did not finish: tell aiortc's decoder threads to end (each waits on its queue
    for a None that the unfinished close would have put there)."""
    for receiver in pc.getReceivers():
        thread = getattr(receiver, "_RTCRtpReceiver__decoder_thread", None)
        queue = getattr(receiver, "_RTCRtpReceiver__decoder_queue", None)
        if thread is not None and queue is not None and thread.is_alive():
            queue.put(None)
