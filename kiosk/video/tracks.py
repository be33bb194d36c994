"""The call's media as aiortc tracks: what the kiosk sends (its camera, its microphone) and what it does
with what it receives (the console's picture and voice).

Sending:

- `FrameVideoTrack` pulls BGR frames (numpy, what OpenCV gives) from a ``source`` callable that returns
  the camera's latest frame or None (nothing new), at the call's frame rate and size: a frame of another
  size is resized, and when the camera has nothing new the last frame goes again (the encoder wants a
  steady rate; the console would otherwise freeze and then jump). Frames go to the encoder as I420,
  converted with OpenCV (a tenth of the time of PyAV's own conversion from BGR).
- `PcmAudioTrack` pulls PCM (s16, mono, 48 kHz) from a ``source`` callable that returns what was captured
  since its last call (any length, or ``b""``/None), and sends it in 20 ms frames (960 samples), paced in
  real time; silence when the microphone has nothing.
- `SyntheticVideoSource` (a moving test picture with a frame counter) and `ToneAudioSource` (440 Hz)
  stand in for the camera and the microphone in the simulator, demo mode and the tests.
- `H264PassthroughTrack` sends a camera that gives H.264 as it comes (an `EncodedVideoSource`, e.g.
  `kiosk.video.media.H264CameraFeed`), without re-encoding: its ``recv()`` returns `av.Packet`s, which
  aiortc's sender packetizes (``H264Encoder.pack``) instead of encoding (``encode``: libx264 is never
  opened). The source delivers each access unit in real time (a camera as it comes, a file at its own
  rate) stamped with when it was due; the track turns those times into 90 kHz timestamps. It starts at
  a keyframe (IDR, with its SPS and PPS before it) and starts again at the next one when it fell
  behind. A keyframe request from the other side (PLI, FIR) cannot be honoured: it is counted, and
  the picture recovers at the camera's next IDR.

Receiving: `RemoteMediaSink.consume(track)` is the coroutine run for each remote track. Every video frame
is counted, and converted to RGB only when the display wants one (`Throttle`, 15 fps by default: the
screen shows no more, and the conversion is the costly part); every audio frame is counted and handed
on as s16 PCM with the call's volume applied.

Nothing here logs media or its content; counters only. No Qt: the engine's listener marshals.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import cv2
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack, VideoStreamTrack
from av import AudioFrame, Packet, VideoFrame

log = logging.getLogger("kiosk.video")

VIDEO_CLOCK_RATE = 90_000  # RTP's clock for video
VIDEO_TIME_BASE = fractions.Fraction(1, VIDEO_CLOCK_RATE)
AUDIO_SAMPLE_RATE = 48_000  # Opus's rate: no resampling before the encoder
AUDIO_PTIME = 0.020  # 20 ms a frame, what WebRTC's Opus sends
AUDIO_SAMPLES = int(AUDIO_SAMPLE_RATE * AUDIO_PTIME)  # 960
AUDIO_FRAME_BYTES = AUDIO_SAMPLES * 2  # s16 mono
AUDIO_TIME_BASE = fractions.Fraction(1, AUDIO_SAMPLE_RATE)
#: A track more than this far behind its clock (a stalled loop, a suspended VM) starts its clock again
#: rather than sending the backlog in a burst.
MAX_LAG_SECONDS = 0.5
#: Microphone PCM kept at most (newest kept): more would only be latency.
MAX_AUDIO_BUFFER_SECONDS = 0.2

FrameSource = Callable[[], "np.ndarray | None"]
PcmSource = Callable[[], "bytes | None"]
AudioSink = Callable[[bytes, int, int], None]


@dataclass
class MediaCounters:
    """What a call sent and received, over all its peer connections (written on the engine's thread;
    ints, read from any thread)."""

    video_frames_sent: int = 0
    audio_frames_sent: int = 0
    video_frames_received: int = 0
    audio_frames_received: int = 0
    audio_samples_received: int = 0  # per channel
    video_frames_shown: int = 0  # handed to on_remote_frame (throttled)
    keyframe_requests: int = 0  # PLI / FIR from the other side a passthrough track could not honour


class _Pacer:
    """A media clock: `wait()` sleeps until the next frame is due and returns its timestamp (in
    ``clock_rate`` units), ``step`` units after the previous one. More than `MAX_LAG_SECONDS` late, the
    clock is moved on to now (the timestamps jump ahead, they never go back) instead of catching up."""

    def __init__(self, clock_rate: int, step: int, now: Callable[[], float] = time.monotonic) -> None:
        self.clock_rate = clock_rate
        self.step = step
        self._now = now
        self._start: float | None = None
        self.timestamp = 0

    def next_due(self) -> tuple[int, float]:
        """(the next timestamp, seconds to wait for it); advances the clock."""
        now = self._now()
        if self._start is None:
            self._start = now
            self.timestamp = 0
            return 0, 0.0
        self.timestamp += self.step
        wait = self._start + self.timestamp / self.clock_rate - now
        if wait < -MAX_LAG_SECONDS:
            self.timestamp = int((now - self._start) * self.clock_rate)
            wait = 0.0
        return self.timestamp, max(0.0, wait)

    async def wait(self) -> int:
        timestamp, wait = self.next_due()
        if wait > 0:
            await asyncio.sleep(wait)
        return timestamp


def to_bgr(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A camera's frame as BGR at ``size`` (width, height): grey and BGRA are converted, another size is
    resized (INTER_AREA down, INTER_LINEAR up)."""
    if frame.ndim == 2:
        frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    elif frame.shape[2] == 4:
        frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    height, width = frame.shape[:2]
    if (width, height) != tuple(size):
        shrink = width * height > size[0] * size[1]
        frame = cv2.resize(frame, tuple(size), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    return np.ascontiguousarray(frame, dtype=np.uint8)


class FrameVideoTrack(VideoStreamTrack):
    """The kiosk's camera as a WebRTC video track: ``source()`` -> the latest BGR frame or None, read
    ``fps`` times a second; frames are sent at ``size`` (width, height; even numbers, I420 needs them).
    Before the camera's first frame, black frames go. ``frames_sent`` and ``frames_repeated`` count."""

    kind = "video"

    def __init__(self, source: FrameSource, *, fps: float = 15, size: tuple[int, int] = (640, 480),
                 counters: MediaCounters | None = None) -> None:
        super().__init__()
        if size[0] % 2 or size[1] % 2 or size[0] <= 0 or size[1] <= 0:
            raise ValueError(f"video size {size} must be positive even numbers")
        if not 0 < fps <= 60:
            raise ValueError(f"video fps {fps} must be in (0, 60]")
        self._source = source
        self.fps = fps
        self.size = (int(size[0]), int(size[1]))
        self._counters = counters
        self._pacer = _Pacer(VIDEO_CLOCK_RATE, round(VIDEO_CLOCK_RATE / fps))
        self._last_source: np.ndarray | None = None
        self._last_i420: np.ndarray | None = None
        self._source_failed = False
        self.frames_sent = 0
        self.frames_repeated = 0

    async def next_timestamp(self) -> tuple[int, fractions.Fraction]:
        """aiortc's `VideoStreamTrack.next_timestamp` (90 kHz, paced in real time) at this track's rate
        rather than its fixed 30 fps."""
        if self.readyState != "live":
            raise MediaStreamError
        return await self._pacer.wait(), VIDEO_TIME_BASE

    def _read(self) -> np.ndarray | None:
        try:
            return self._source()
        except Exception as exc:  # a camera that fails must not end the call: the last frame goes on
            if not self._source_failed:
                log.warning("video source failed: %s (last frame repeated)", type(exc).__name__)
                self._source_failed = True
            return None

    def next_frame(self) -> VideoFrame:
        """The frame to send now (without waiting): the source's new frame, or the last one again."""
        frame = self._read()
        if frame is not None and frame is not self._last_source:
            self._last_source = frame
            self._last_i420 = cv2.cvtColor(to_bgr(frame, self.size), cv2.COLOR_BGR2YUV_I420)
        else:
            if self._last_i420 is None:
                width, height = self.size
                self._last_i420 = np.full((height * 3 // 2, width), 128, np.uint8)
                self._last_i420[:height] = 16  # black in limited-range YUV
            self.frames_repeated += 1
        return VideoFrame.from_ndarray(self._last_i420, format="yuv420p")

    async def recv(self) -> VideoFrame:
        pts, time_base = await self.next_timestamp()
        frame = self.next_frame()
        frame.pts = pts
        frame.time_base = time_base
        self.frames_sent += 1
        if self._counters is not None:
            self._counters.video_frames_sent += 1
        return frame


@dataclass(frozen=True)
class EncodedPacket:
    """One access unit (a picture) of an encoded camera: ``data`` Annex-B (start codes), with the SPS and
    PPS before every IDR; ``keyframe``: it holds an IDR; ``time``: `time.monotonic()` when it was
    captured (a camera) or due (a file played at its own rate)."""

    data: bytes
    keyframe: bool
    time: float


@runtime_checkable
class EncodedVideoSource(Protocol):
    """A camera that gives encoded video (`kiosk.video.media.H264CameraFeed`). ``codec``: the mime
    subtype it gives ("H264"); ``failed``: it has no picture now (the device is missing, the stream
    is not H.264); ``subscribe(callback)`` has ``callback(EncodedPacket)`` called with every packet
    from now on, on the source's own thread (it must not block), and returns a function that ends
    that; ``__call__()`` gives the newest picture for the self view (BGR) or None."""

    codec: str
    failed: bool

    def subscribe(self, callback: Callable[[EncodedPacket], None]) -> Callable[[], None]: ...

    def __call__(self) -> np.ndarray | None: ...


#: Packets a passthrough track holds for its sender at most (2 s at 15 fps): more means the engine's
#: loop stalled; they are dropped and the track starts again at the next keyframe.
MAX_QUEUED_PACKETS = 30


class H264PassthroughTrack(MediaStreamTrack):
    """An encoded camera (`EncodedVideoSource`) as a WebRTC video track that needs no encoder: ``recv()``
    returns the source's packets as `av.Packet` with 90 kHz pts (the time each was captured or due,
    from the first one sent), in order, as they come: the source paces them in real time. The first
    packet sent is a keyframe (those before it are skipped); when more than ``max_queued`` wait (the
    loop stalled) they are dropped and the track goes on at the next keyframe. ``packets_sent``,
    ``packets_skipped``, ``packets_dropped`` and ``keyframe_requests`` count."""

    kind = "video"

    def __init__(self, source: EncodedVideoSource, *, counters: MediaCounters | None = None,
                 max_queued: int = MAX_QUEUED_PACKETS) -> None:
        super().__init__()
        self._source = source
        self._counters = counters
        self._max_queued = max(1, int(max_queued))
        self._queue: deque[EncodedPacket] = deque()
        self._arrived = asyncio.Event()
        self._unsubscribe: Callable[[], None] | None = None
        self._waiting_for_keyframe = True
        self._first_time: float | None = None
        self._last_pts = -1
        self.packets_sent = 0
        self.packets_skipped = 0  # before the first keyframe, or after a drop until the next one
        self.packets_dropped = 0  # queued when the loop stalled
        self.keyframe_requests = 0

    def _subscribe(self) -> None:
        loop = asyncio.get_running_loop()

        def arrived(packet: EncodedPacket) -> None:  # on the source's thread
            loop.call_soon_threadsafe(self.put, packet)

        self._unsubscribe = self._source.subscribe(arrived)

    def put(self, packet: EncodedPacket) -> None:
        """A packet from the source (on the loop's thread)."""
        if self.readyState != "live":
            return
        if self._waiting_for_keyframe and not packet.keyframe:
            self.packets_skipped += 1
            return
        if len(self._queue) >= self._max_queued:
            self.packets_dropped += len(self._queue)
            self._queue.clear()
            if not packet.keyframe:
                self._waiting_for_keyframe = True
                self.packets_skipped += 1
                return
        self._waiting_for_keyframe = False
        self._queue.append(packet)
        self._arrived.set()

    def timestamp(self, time_: float) -> int:
        """The 90 kHz pts of a packet of ``time_``: from the first packet sent, always increasing."""
        if self._first_time is None:
            self._first_time = time_
        pts = max(self._last_pts + 1, round((time_ - self._first_time) * VIDEO_CLOCK_RATE))
        self._last_pts = pts
        return pts

    def request_keyframe(self) -> None:
        """The other side asked for a keyframe (PLI / FIR): a passthrough cannot make one; counted."""
        self.keyframe_requests += 1
        if self._counters is not None:
            self._counters.keyframe_requests += 1

    async def recv(self) -> Packet:
        if self.readyState != "live":
            raise MediaStreamError
        if self._unsubscribe is None:
            self._subscribe()
        while not self._queue:
            self._arrived.clear()
            await self._arrived.wait()
            if self.readyState != "live":
                raise MediaStreamError
        encoded = self._queue.popleft()
        packet = Packet(encoded.data)
        packet.pts = packet.dts = self.timestamp(encoded.time)
        packet.time_base = VIDEO_TIME_BASE
        packet.is_keyframe = encoded.keyframe
        self.packets_sent += 1
        if self._counters is not None:
            self._counters.video_frames_sent += 1
        return packet

    def stop(self) -> None:
        super().stop()
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()
        self._queue.clear()
        self._arrived.set()  # a recv waiting ends (MediaStreamError)


class PcmAudioTrack(MediaStreamTrack):
    """The kiosk's microphone as a WebRTC audio track: 20 ms frames of s16 mono 48 kHz, paced in real
    time, from ``source()`` -> the PCM captured since its last call (or None). Silence when there is not
    enough; at most `MAX_AUDIO_BUFFER_SECONDS` kept (the oldest dropped). ``source`` None: silence."""

    kind = "audio"

    def __init__(self, source: PcmSource | None = None, *, counters: MediaCounters | None = None) -> None:
        super().__init__()
        self._source = source
        self._counters = counters
        self._buffer = bytearray()
        self._pacer = _Pacer(AUDIO_SAMPLE_RATE, AUDIO_SAMPLES)
        self._source_failed = False
        self.frames_sent = 0
        self.silent_frames = 0  # frames padded with silence, wholly or partly

    def _pull(self) -> None:
        if self._source is None:
            return
        try:
            data = self._source()
        except Exception as exc:
            if not self._source_failed:
                log.warning("audio source failed: %s (silence sent)", type(exc).__name__)
                self._source_failed = True
            return
        if data:
            self._buffer += data
            limit = int(MAX_AUDIO_BUFFER_SECONDS * AUDIO_SAMPLE_RATE) * 2
            if len(self._buffer) > limit:
                del self._buffer[:len(self._buffer) - limit]
            if len(self._buffer) % 2:  # keep whole samples at the front: drop a half sample there
                del self._buffer[:1]

    def next_pcm(self) -> bytes:
        """The next 20 ms of PCM (1920 bytes), without waiting."""
        self._pull()
        chunk = bytes(self._buffer[:AUDIO_FRAME_BYTES])
        del self._buffer[:AUDIO_FRAME_BYTES]
        if len(chunk) < AUDIO_FRAME_BYTES:
            self.silent_frames += 1
            chunk += bytes(AUDIO_FRAME_BYTES - len(chunk))
        return chunk

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        pts = await self._pacer.wait()
        frame = AudioFrame(format="s16", layout="mono", samples=AUDIO_SAMPLES)
        frame.planes[0].update(self.next_pcm())
        frame.pts = pts
        frame.sample_rate = AUDIO_SAMPLE_RATE
        frame.time_base = AUDIO_TIME_BASE
        self.frames_sent += 1
        if self._counters is not None:
            self._counters.audio_frames_sent += 1
        return frame


class SyntheticVideoSource:
    """A moving test picture (colour bars sliding, a bouncing square, the frame's number), BGR at
    ``size``: the camera of the simulator, demo mode and the tests. Each call is a new frame."""

    def __init__(self, size: tuple[int, int] = (640, 480)) -> None:
        width, height = size
        self.size = (width, height)
        self.count = 0
        colours = [(255, 255, 255), (0, 255, 255), (255, 255, 0), (0, 255, 0), (255, 0, 255), (0, 0, 255),
                   (255, 0, 0), (40, 40, 40)]
        bar = max(1, width // len(colours))
        strip = np.zeros((height, bar * len(colours), 3), np.uint8)
        for i, colour in enumerate(colours):
            strip[:, i * bar:(i + 1) * bar] = colour
        self._bars = cv2.resize(strip, (width, height), interpolation=cv2.INTER_NEAREST)

    def __call__(self) -> np.ndarray:
        width, height = self.size
        n = self.count
        self.count += 1
        frame = np.roll(self._bars, (4 * n) % width, axis=1)
        side = max(8, min(width, height) // 6)
        x = int((width - side) * (0.5 + 0.5 * math.sin(n / 17)))
        y = int((height - side) * (0.5 + 0.5 * math.cos(n / 23)))
        cv2.rectangle(frame, (x, y), (x + side, y + side), (20, 20, 20), -1)
        scale = max(0.5, height / 240)
        cv2.putText(frame, f"#{n:06d}", (max(4, width // 32), height - max(8, height // 16)),
                    cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), max(1, int(2 * scale)), cv2.LINE_AA)
        return frame


class ToneAudioSource:
    """A continuous sine tone (440 Hz by default), s16 mono 48 kHz: ``chunk_ms`` of it at each call (a
    microphone read once per 20 ms frame)."""

    def __init__(self, frequency: float = 440.0, *, amplitude: float = 0.25, chunk_ms: float = 20.0,
                 sample_rate: int = AUDIO_SAMPLE_RATE) -> None:
        self.frequency = frequency
        self.amplitude = amplitude
        self.sample_rate = sample_rate
        self.samples = int(sample_rate * chunk_ms / 1000)
        self._phase = 0

    def __call__(self) -> bytes:
        t = (self._phase + np.arange(self.samples)) / self.sample_rate
        self._phase += self.samples
        wave = self.amplitude * 32767 * np.sin(2 * np.pi * self.frequency * t)
        return wave.astype(np.int16).tobytes()


# -- receiving ---------------------------------------------------------------------------------------

class Throttle:
    """At most ``fps`` a second: `due(now)` says whether a frame arriving now is to be shown. A frame up
    to a quarter of an interval early is taken (arrival jitter would otherwise halve a rate equal to
    ``fps``); the schedule does not drift, and after a pause it starts again from now."""

    def __init__(self, fps: float) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self.interval = 1.0 / fps
        self._next: float | None = None

    def due(self, now: float) -> bool:
        if self._next is not None and now < self._next - self.interval / 4:
            return False
        if self._next is None or now - self._next > self.interval:
            self._next = now + self.interval
        else:
            self._next += self.interval
        return True


def apply_volume(pcm: np.ndarray, volume: float) -> np.ndarray:
    """s16 samples at ``volume`` (0..1; outside it is clamped): 1 is unchanged, 0 is silence."""
    volume = min(1.0, max(0.0, float(volume)))
    if volume >= 1.0:
        return pcm
    if volume <= 0.0:
        return np.zeros_like(pcm)
    return np.clip(np.rint(pcm.astype(np.float32) * volume), -32768, 32767).astype(np.int16)


def audio_frame_pcm(frame: AudioFrame) -> tuple[np.ndarray, int]:
    """(interleaved s16 samples, channels) of a decoded audio frame (packed or planar; other sample
    formats are converted to s16)."""
    channels = len(frame.layout.channels)
    if frame.format.name not in ("s16", "s16p"):
        frame = frame.reformat(format="s16")  # (aiortc's Opus decoder gives s16 already)
    samples = frame.to_ndarray()
    if frame.format.is_planar:
        samples = samples.T
    return np.ascontiguousarray(samples, dtype=np.int16).reshape(-1), channels


class RemoteMediaSink:
    """What the kiosk does with the console's media. ``on_frame(rgb)``: the remote picture, at most
    ``display_fps``; ``audio_sink(pcm, sample_rate, channels)``: the remote voice at ``volume()``;
    ``on_media()``: called at the first frame of each track (the engine takes it as "connected").
    Callbacks that raise are logged (their type) and the media goes on."""

    def __init__(self, *, on_frame: Callable[[np.ndarray], None] | None = None,
                 audio_sink: AudioSink | None = None, volume: Callable[[], float] = lambda: 1.0,
                 display_fps: float = 15, counters: MediaCounters | None = None,
                 on_media: Callable[[], None] | None = None, now: Callable[[], float] = time.monotonic) -> None:
        self.on_frame = on_frame
        self.audio_sink = audio_sink
        self.volume = volume
        self.display_fps = display_fps
        self.counters = counters if counters is not None else MediaCounters()
        self.on_media = on_media
        self.last_media_at: float | None = None
        self._now = now
        self._failed: set[str] = set()

    def _call(self, name: str, fn: Callable, *args) -> None:
        try:
            fn(*args)
        except Exception as exc:
            if name not in self._failed:  # once per sink: a failing screen would flood the log
                log.warning("video %s callback raised %s", name, type(exc).__name__)
                self._failed.add(name)

    async def consume(self, track: MediaStreamTrack) -> None:
        """Receive ``track`` until it ends (the peer connection closed or the remote stopped sending)."""
        throttle = Throttle(self.display_fps)
        first = True
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            self.last_media_at = self._now()
            if first and self.on_media is not None:
                first = False
                self._call("media", self.on_media)
            if track.kind == "video":
                self.video_frame(frame, throttle)
            elif track.kind == "audio":
                self.audio_frame(frame)

    def video_frame(self, frame: VideoFrame, throttle: Throttle) -> None:
        self.counters.video_frames_received += 1
        if self.on_frame is not None and throttle.due(self._now()):
            self.counters.video_frames_shown += 1
            self._call("remote frame", self.on_frame, frame.to_ndarray(format="rgb24"))

    def audio_frame(self, frame: AudioFrame) -> None:
        self.counters.audio_frames_received += 1
        self.counters.audio_samples_received += frame.samples
        if self.audio_sink is not None:
            samples, channels = audio_frame_pcm(frame)
            pcm = apply_volume(samples, self.volume()).tobytes()
            self._call("audio sink", self.audio_sink, pcm, frame.sample_rate, channels)
