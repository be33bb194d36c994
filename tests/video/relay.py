"""A test signalling relay and a console peer for the kiosk's call engine (`kiosk.video.engine`), without a
browser and without the court sandbox.

- `Relay`: an asyncio `websockets` server on 127.0.0.1 doing only what docs/VIDEO.md's signalling needs
  of the court: the kiosk's socket (``/api/v1/video/calls/{call_id}/signal``), the console's
  (``/console/video/ws``), ``take`` -> ``answered``, and forwarding ``offer``, ``answer``, ``bye``,
  ``position``, ``show_document``, ``recording`` and ``quality``. Test hooks: drop the kiosk's socket
  (TCP reset, as a network would), refuse the kiosk's upgrades (``refuse_status``), send the kiosk any
  frame; it records the kiosk's upgrade headers and the frames each side sent.
- `ConsolePeer`: the console's side in aiortc: takes the call, answers every offer with a new peer
  connection (closing the previous one, as the console page does: aiortc has no ICE restart) that sends
  its own test picture and tone, and counts what it receives.
- `LoopThread`: an event loop on a thread for the test's side, so the tests stay synchronous like the
  engine's user; every call into it is bounded.

Run as a program, it serves a relay with a console that takes each call as soon as its kiosk connects,
prints ``READY <port>``, and on stdin's end prints ``COUNTS <json>`` and exits:
``benchmarks/bench_video_engine.py`` runs it so that the console's CPU is not the kiosk's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from http import HTTPStatus
from pathlib import Path

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.video.engine import CallEngine  # noqa: E402
from kiosk.video.tracks import (  # noqa: E402
    FrameVideoTrack,
    MediaCounters,
    PcmAudioTrack,
    RemoteMediaSink,
    SyntheticVideoSource,
    ToneAudioSource,
)

KIOSK_PATH = re.compile(r"^/api/v1/video/calls/([0-9A-Za-z_-]+)/signal$")
CONSOLE_PATH = "/console/video/ws"
TO_CONSOLE = ("offer", "quality", "bye")
TO_KIOSK = ("answer", "show_document", "recording", "bye")


class Relay:
    """The court's signalling, reduced to forwarding. Use on one event loop."""

    def __init__(self, *, answered_by: str = "Desk 3", kiosk_id: str | None = None,
                 auto_take: bool = False) -> None:
        self.answered_by = answered_by
        self.kiosk_id = kiosk_id  # when set, an upgrade without this X-Kiosk-Id is refused (401)
        self.auto_take = auto_take  # "take" the call at the kiosk's first connection (no console needed)
        self.refuse_status: int | None = None  # kiosk upgrades answered with this status
        self.kiosks: dict[str, ServerConnection] = {}
        self.consoles: set[ServerConnection] = set()
        self.kiosk_upgrades: list[dict] = []  # headers of every kiosk upgrade (refused ones too)
        self.kiosk_connections = 0
        self._calls_seen: set[str] = set()
        self.from_kiosk: list[dict] = []
        self.from_console: list[dict] = []
        self.kiosk_connected = asyncio.Event()
        self._server = None
        self.port = 0

    async def start(self) -> int:
        self._server = await serve(self._handler, "127.0.0.1", 0, process_request=self._process_request,
                                   ping_interval=None)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    def kiosk_url(self, call_id: str) -> str:
        return f"ws://127.0.0.1:{self.port}/api/v1/video/calls/{call_id}/signal"

    @property
    def console_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{CONSOLE_PATH}"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await asyncio.wait_for(self._server.wait_closed(), 5)

    # -- hooks -----------------------------------------------------------------------------------
    def drop_kiosk(self, call_id: str) -> bool:
        """The kiosk's socket reset, no closing handshake (a network drop)."""
        ws = self.kiosks.get(call_id)
        if ws is None:
            return False
        ws.transport.abort()
        return True

    async def to_kiosk(self, call_id: str, message: dict) -> bool:
        ws = self.kiosks.get(call_id)
        if ws is None:
            return False
        try:
            await ws.send(json.dumps(message))
        except ConnectionClosed:
            return False
        return True

    def kiosk_frames(self, kind: str) -> list[dict]:
        return [m for m in self.from_kiosk if m.get("type") == kind]

    # -- the server ------------------------------------------------------------------------------
    def _process_request(self, connection: ServerConnection, request):
        if KIOSK_PATH.match(request.path):
            self.kiosk_upgrades.append(dict(request.headers.raw_items()))
            if self.refuse_status is not None:
                return connection.respond(HTTPStatus(self.refuse_status), "refused\n")
            if self.kiosk_id is not None and request.headers.get("X-Kiosk-Id") != self.kiosk_id:
                return connection.respond(HTTPStatus.UNAUTHORIZED, "unknown kiosk\n")
        elif request.path != CONSOLE_PATH:
            return connection.respond(HTTPStatus.NOT_FOUND, "not found\n")
        return None

    async def _handler(self, ws: ServerConnection) -> None:
        match = KIOSK_PATH.match(ws.request.path)
        if match:
            await self._kiosk(ws, match.group(1))
        else:
            await self._console(ws)

    async def _kiosk(self, ws: ServerConnection, call_id: str) -> None:
        self.kiosks[call_id] = ws
        self.kiosk_connections += 1
        self.kiosk_connected.set()
        try:
            if call_id not in self._calls_seen:  # a new call: its queue, then (auto_take) a console
                self._calls_seen.add(call_id)
                await ws.send(json.dumps({"type": "position", "position": 2}))
                await ws.send(json.dumps({"type": "position", "position": 1}))
                if self.auto_take:
                    await ws.send(json.dumps({"type": "answered", "by": self.answered_by}))
            async for raw in ws:
                message = json.loads(raw)
                self.from_kiosk.append(message)
                if message.get("type") in TO_CONSOLE:
                    await self._broadcast({**message, "call_id": call_id})
        except ConnectionClosed:
            pass
        finally:
            if self.kiosks.get(call_id) is ws:
                del self.kiosks[call_id]

    async def _console(self, ws: ServerConnection) -> None:
        self.consoles.add(ws)
        try:
            async for raw in ws:
                message = json.loads(raw)
                self.from_console.append(message)
                call_id, kind = message.get("call_id"), message.get("type")
                if kind == "take":
                    await self.to_kiosk(call_id, {"type": "answered", "by": self.answered_by})
                elif kind in TO_KIOSK:
                    await self.to_kiosk(call_id, {k: v for k, v in message.items() if k != "call_id"})
        except ConnectionClosed:
            pass
        finally:
            self.consoles.discard(ws)

    async def _broadcast(self, message: dict) -> None:
        data = json.dumps(message)
        for ws in list(self.consoles):
            try:
                await ws.send(data)
            except ConnectionClosed:
                pass


class ConsolePeer:
    """The console's end of a call in aiortc (``call_id`` None: of any call, one after the other). Use on
    one event loop."""

    def __init__(self, url: str, call_id: str | None, *, video_codecs: tuple[str, ...] = (),
                 send_media: bool = True, tone_hz: float = 660.0) -> None:
        self.url = url
        self.call_id = call_id
        self.video_codecs = video_codecs
        self.send_media = send_media
        self.tone_hz = tone_hz
        self.audio: list[tuple[bytes, int, int]] = []  # the kiosk's voice as received (the newest 200 frames)
        self.counters = MediaCounters()
        self.pc: RTCPeerConnection | None = None
        self.offers: list[dict] = []  # every offer received (sdp, attempt)
        self.answers = 0
        self.byes: list[str] = []
        self.first_video = asyncio.Event()
        self._ws = None
        self._tasks: set[asyncio.Task] = set()
        self._closing: set[asyncio.Task] = set()

    async def start(self) -> None:
        self._ws = await connect(self.url, open_timeout=5, ping_interval=None, proxy=None)
        self._spawn(self._receive())

    async def send(self, message: dict, call_id: str | None = None) -> None:
        await self._ws.send(json.dumps({**message, "call_id": call_id or self.call_id}))

    async def take(self) -> None:
        await self.send({"type": "take"})

    async def bye(self, reason: str = "done") -> None:
        await self.send({"type": "bye", "reason": reason})

    async def close_pc(self) -> None:
        """Close this side's peer connection (the kiosk sees it closed: a failed peer connection)."""
        pc, self.pc = self.pc, None
        if pc is not None:
            await asyncio.wait_for(pc.close(), 5)

    async def go_silent(self) -> None:
        """Stop sending media but keep the peer connection up (ICE and DTLS answer on): to the kiosk,
        a connection that went quiet, as one whose network stopped carrying media."""
        if self.pc is not None:
            for sender in self.pc.getSenders():
                sender.replaceTrack(None)

    async def close(self) -> None:
        await self.close_pc()
        if self._closing:
            await asyncio.wait(self._closing, timeout=5)
        if self._ws is not None:
            await asyncio.wait_for(self._ws.close(), 5)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _receive(self) -> None:
        try:
            async for raw in self._ws:
                message = json.loads(raw)
                if self.call_id is not None and message.get("call_id") != self.call_id:
                    continue
                if message["type"] == "offer":
                    await self._answer(message)
                elif message["type"] == "bye":
                    self.byes.append(message.get("reason", ""))
        except ConnectionClosed:
            pass

    async def _answer(self, offer: dict) -> None:
        self.offers.append({"sdp": offer["sdp"], "attempt": offer.get("attempt")})
        old, self.pc = self.pc, None
        if old is not None:  # replaced, as the console page does
            task = asyncio.get_running_loop().create_task(old.close())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.pc = pc
        if self.send_media:
            pc.addTrack(FrameVideoTrack(SyntheticVideoSource(), fps=15, size=(640, 480)))
            pc.addTrack(PcmAudioTrack(ToneAudioSource(self.tone_hz)))
            if self.video_codecs:
                CallEngine._prefer_codecs(pc, "video", self.video_codecs, extra=("rtx",))
        def heard(pcm: bytes, rate: int, channels: int) -> None:
            self.audio.append((pcm, rate, channels))
            del self.audio[:-200]

        sink = RemoteMediaSink(counters=self.counters, on_media=None, audio_sink=heard)

        @pc.on("track")
        def _track(track) -> None:
            if track.kind == "video":
                sink.on_media = self.first_video.set
            self._spawn(sink.consume(track))

        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        await self.send({"type": "answer", "sdp": pc.localDescription.sdp, "attempt": offer.get("attempt")},
                        offer.get("call_id"))
        self.answers += 1


class LoopThread:
    """An asyncio event loop on its own thread ("video-test-loop"); `run` a coroutine on it and wait
    (bounded). `close` cancels what is left, ends the thread and the loop's codec threads."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="video-test-codec")
        self.loop.set_default_executor(self._executor)
        self._thread = threading.Thread(target=self.loop.run_forever, name="video-test-loop", daemon=True)
        self._thread.start()

    def run(self, coro, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, fn, *args, timeout: float = 10.0):
        async def wrapper():
            return fn(*args)

        return self.run(wrapper(), timeout)

    def close(self) -> None:
        async def cancel_all():
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.wait(tasks, timeout=5)
            await self.loop.shutdown_asyncgens()

        try:
            self.run(cancel_all(), 10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
            self.loop.close()
            self._executor.shutdown(wait=True, cancel_futures=True)


# -- as a program: the console in its own process (the benchmark) ---------------------------------------

async def _serve(codecs: tuple[str, ...]) -> None:
    relay = Relay(auto_take=True)
    port = await relay.start()
    console = ConsolePeer(relay.console_url, None, video_codecs=codecs)
    await console.start()
    print(f"READY {port}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    counts = asdict(console.counters)
    counts["offers"] = len(console.offers)
    await console.close()
    await relay.close()
    print(f"COUNTS {json.dumps(counts)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codec", action="append", default=[], help="the console's video codec (VP8, H264)")
    args = parser.parse_args(argv)
    asyncio.run(_serve(tuple(args.codec)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
