"""The picture and voice of a video call (`kiosk.services.video_call`; the call engine is the rest of this package), as the configuration says.

- Picture: ``video.camera`` opened with OpenCV (a device index, a path, a file or URL), read on a
  thread of its own at the call's rate; the engine takes the newest frame. Empty: the test picture
  of `kiosk.video.tracks` in demo mode, none in production (a voice-only call).
- With ``video.camera_h264`` the camera gives H.264 (a UVC camera's H.264 stream, an H.264 file or
  stream): `H264CameraFeed` reads its packets with PyAV on a thread of its own and the call sends them
  as they come (`kiosk.video.tracks.H264PassthroughTrack`), offering H.264 only: no encoder runs on the
  kiosk. The self view is decoded from a keyframe at most once a second (`SELF_VIEW_INTERVAL`).
- Voice: ``video.audio = pulse`` records and plays through PulseAudio (drivers.audio.pulse_stream,
  on the echo canceller's devices); ``simulator`` sends a test tone and plays nothing.

`media_factory(config, demo)` returns a callable that makes a new `CallMedia` for each call; the
service closes it when the call ends (on a worker: closing joins threads and ends processes).
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("kiosk.video_media")


class CameraFeed:
    """The newest frame of an OpenCV camera, read on a thread; ``__call__`` gives it (None: none yet)."""

    def __init__(self, source: str, size: tuple[int, int], fps: float) -> None:
        from drivers.camera.opencv_backend import OpenCvCamera

        self._camera = OpenCvCamera(source, width=size[0], height=size[1], fps=fps)
        self._frame = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="video-camera", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        from drivers.base import DeviceError

        while not self._stop.is_set():
            try:
                self._frame = self._camera.read_frame()
            except DeviceError as exc:
                log.warning("video camera: %s", type(exc).__name__)
                self._frame = None
                self._stop.wait(1.0)

    def __call__(self):
        return self._frame

    def close(self) -> None:
        self._stop.set()
        self._thread.join(3)
        self._camera.close()


#: Container formats that arrive in real time (read as they come); anything else is a file, played at
#: its own rate and from the start again at its end.
REAL_TIME_FORMATS = frozenset({"v4l2", "video4linux2", "rtsp", "rtp", "sdp", "udp", "dshow", "avfoundation"})
#: A camera that cannot be opened (or fails) is tried again after this long.
RETRY_SECONDS = 2.0
#: The self view is decoded from a keyframe at most this often, and only while it is looked at
#: (`SELF_VIEW_IDLE`): a keyframe costs ~2 ms to decode at 640x480, every picture would cost ~3 % of a core.
SELF_VIEW_INTERVAL = 1.0
SELF_VIEW_IDLE = 3.0
#: A file more than this behind its own rate (a stalled thread) starts its clock again from now.
MAX_FILE_LAG_SECONDS = 0.5
OPEN_TIMEOUT = 5.0  # seconds; for a stream that does not answer (PyAV's open and read timeout)
#: H.264 NAL unit types
NAL_IDR, NAL_SPS, NAL_PPS = 5, 7, 8
START_CODE = b"\x00\x00\x00\x01"


class NotH264(Exception):
    """The camera's stream is not H.264."""


def nal_units(data: bytes) -> list[bytes]:
    """The NAL units of an Annex-B buffer (without their start codes)."""
    units, i = [], data.find(b"\x00\x00\x01")
    while i != -1:
        start = i + 3
        i = data.find(b"\x00\x00\x01", start)
        end = len(data) if i == -1 else (i - 1 if data[i - 1] == 0 else i)
        if end > start:
            units.append(data[start:end])
    return units


class ParameterSets:
    """Keeps the stream's latest SPS and PPS and puts them before an IDR that comes without them (a camera
    may send them once, at its start): every keyframe can then start a decoder, a new peer
    connection's or the console's after a loss. ``profile``: the SPS's profile_idc (66 Baseline)."""

    def __init__(self) -> None:
        self.sps: bytes | None = None
        self.pps: bytes | None = None

    @property
    def profile(self) -> int | None:
        return self.sps[1] if self.sps is not None and len(self.sps) > 1 else None

    def complete(self, data: bytes) -> tuple[bytes, bool]:
        """(``data`` with the parameter sets before its IDR when it lacked them, whether it holds an IDR)."""
        types = []
        for unit in nal_units(data):
            kind = unit[0] & 0x1F
            types.append(kind)
            if kind == NAL_SPS:
                self.sps = unit
            elif kind == NAL_PPS:
                self.pps = unit
        idr = NAL_IDR in types
        if idr and NAL_SPS not in types and self.sps is not None and self.pps is not None:
            data = START_CODE + self.sps + START_CODE + self.pps + data
        return data, idr


def h264_device(source: str) -> str | None:
    """The V4L2 device path of ``video.camera`` (``0`` is /dev/video0), or None for a file or URL."""
    if source.isdigit():
        return f"/dev/video{int(source)}"
    return source if source.startswith("/dev/") else None


class H264CameraFeed:
    """A camera that gives H.264, read with PyAV on a thread of its own and handed on as it comes (an
    `kiosk.video.tracks.EncodedVideoSource`): a V4L2 device (``/dev/videoN`` or ``N``) opened for its
    H.264 stream at ``size`` and ``fps``, or a file or URL (a file is played at its own rate, one without
    timestamps at ``fps``, and from its start again at its end: a demo or test camera).

    Each packet goes to every subscriber as a `kiosk.video.tracks.EncodedPacket`: Annex-B (an MP4's
    length-prefixed packets are converted), the SPS and PPS before every IDR, nothing before the first
    IDR after each opening. A device that is missing or fails is tried again every `RETRY_SECONDS`;
    a stream that is not H.264 ends the reading for good. ``failed`` says there is no picture now.
    Logs carry exception types only (never the path). ``__call__()``: the self view (BGR), decoded
    from a keyframe at most every `SELF_VIEW_INTERVAL` while it is asked for, or None."""

    codec = "H264"

    def __init__(self, source: str, size: tuple[int, int] = (640, 480), fps: float = 15.0) -> None:
        self.source = source
        self.size = (int(size[0]), int(size[1]))
        self.fps = float(fps)
        self.device = h264_device(source)
        self._lock = threading.Lock()
        self._subscribers: dict[int, object] = {}
        self._next_token = 0
        self._stop = threading.Event()
        self._self_view = None
        self._self_view_wanted_at: float | None = None
        self._self_view_at = 0.0
        self._parameter_sets = ParameterSets()
        self._clock: _FileClock | None = None
        self._warned: set[str] = set()
        self.not_h264 = False  # for good
        self.unavailable = False  # the last opening or reading failed (tried again)
        self._packet_type = None  # kiosk.video.tracks.EncodedPacket, imported on the thread
        self.opened = threading.Event()  # opened and H.264, once
        self.packets_read = 0
        self.packets_sent = 0
        self.keyframes = 0
        self.loops = 0
        self.self_view_frames = 0
        self._thread = threading.Thread(target=self._run, name="video-camera-h264", daemon=True)
        self._thread.start()

    @property
    def failed(self) -> bool:
        return self.not_h264 or self.unavailable

    # -- any thread ----------------------------------------------------------------------------------
    def subscribe(self, callback: Callable) -> Callable[[], None]:
        with self._lock:
            token = self._next_token
            self._next_token += 1
            self._subscribers[token] = callback

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers.pop(token, None)

        return unsubscribe

    def __call__(self):
        self._self_view_wanted_at = time.monotonic()
        return self._self_view

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            self._subscribers.clear()
        self._thread.join(OPEN_TIMEOUT + 1)

    # -- the thread ----------------------------------------------------------------------------------
    def _warn(self, what: str, exc: BaseException | None = None) -> None:
        key = f"{what}:{type(exc).__name__ if exc is not None else ''}"
        if key not in self._warned:  # once each: a missing camera would log every 2 s
            self._warned.add(key)
            if exc is None:
                log.warning("video camera (H.264): %s", what)
            else:
                log.warning("video camera (H.264): %s: %s", what, type(exc).__name__)

    def _open(self):
        import av

        if self.device is not None:
            width, height = self.size
            return av.open(self.device, format="v4l2", timeout=OPEN_TIMEOUT,
                           options={"input_format": "h264", "video_size": f"{width}x{height}",
                                    "framerate": f"{self.fps:g}"})
        return av.open(self.source, timeout=OPEN_TIMEOUT)

    def _run(self) -> None:
        # aiortc and PyAV load here, not on the caller's thread (the service makes the feed on the GUI's)
        from kiosk.video.tracks import EncodedPacket

        self._packet_type = EncodedPacket
        while not self._stop.is_set():
            try:
                container = self._open()
            except Exception as exc:  # missing, busy, refused, not a video: tried again
                self.unavailable = True
                self._warn("not opened, voice only until it is (tried again)", exc)
                self._stop.wait(RETRY_SECONDS)
                continue
            try:
                self._pump(container)
            except NotH264:
                self.not_h264 = True
                self._warn("the stream is not H.264: calls are voice only")
                return
            except Exception as exc:
                self.unavailable = True
                self._warn("reading failed (tried again)", exc)
                self._stop.wait(RETRY_SECONDS)
            finally:
                try:
                    container.close()
                except Exception as exc:
                    self._warn("close", exc)

    def _pump(self, container) -> None:
        """Reads ``container`` until its end (a file: then it is opened again) or the stop."""
        import av
        from av.bitstream import BitStreamFilterContext

        streams = container.streams.video
        if not streams or streams[0].codec_context.name != "h264":
            raise NotH264
        stream = streams[0]
        extradata = stream.codec_context.extradata or b""
        # MP4 and the like: length-prefixed NAL units, the parameter sets in the extradata (avcC)
        annexb = BitStreamFilterContext("h264_mp4toannexb", stream) if extradata[:1] == b"\x01" else None
        if annexb is None and extradata:
            self._parameter_sets.complete(extradata)
        live = bool(REAL_TIME_FORMATS.intersection(container.format.name.split(",")))
        self.unavailable = False
        self.opened.set()
        if not live and self._clock is None:
            self._clock = _FileClock(self.fps)  # (kept across the loops: the file's time goes on)
        clock = self._clock if not live else None
        need_keyframe = True
        packets = container.demux(stream)
        while not self._stop.is_set():
            try:
                packet = next(packets)
            except StopIteration:
                packet = None
            except av.FFmpegError as exc:
                if exc.errno == errno.EAGAIN:
                    time.sleep(0.005)
                    continue
                if live or not isinstance(exc, av.error.EOFError):
                    raise
                packet = None
            if packet is None or (packet.size == 0 and not live):  # the end of a file: again
                if live:
                    raise EOFError("the stream ended")
                if clock is not None:
                    clock.loop()
                self.loops += 1
                return
            if packet.size == 0:
                continue
            self.packets_read += 1
            for filtered in (annexb.filter(packet) if annexb is not None else (packet,)):
                data, keyframe = self._parameter_sets.complete(bytes(filtered))
                if need_keyframe and not keyframe:
                    continue
                need_keyframe = False
                due = clock.due(filtered, self._stop) if clock is not None else time.monotonic()
                if self._stop.is_set():
                    return
                self._hand_on(data, keyframe, due)

    def _hand_on(self, data: bytes, keyframe: bool, due: float) -> None:
        if keyframe:
            self.keyframes += 1
            profile = self._parameter_sets.profile
            if profile not in (None, 66):  # the call negotiates Constrained Baseline (42e01f, 42001f)
                self._warn(f"profile {profile} is not the Baseline the call negotiates (a browser may "
                           "show no picture)")
        packet = self._packet_type(data, keyframe, due)
        with self._lock:
            subscribers = list(self._subscribers.items())
        for token, callback in subscribers:
            try:
                callback(packet)
            except Exception as exc:  # its loop is gone: it gets no more
                self._warn("a subscriber failed", exc)
                with self._lock:
                    self._subscribers.pop(token, None)
        self.packets_sent += 1
        if keyframe:
            self._decode_self_view(data)

    def _decode_self_view(self, data: bytes) -> None:
        now = time.monotonic()
        wanted = self._self_view_wanted_at
        if wanted is None or now - wanted > SELF_VIEW_IDLE or now - self._self_view_at < SELF_VIEW_INTERVAL:
            return
        self._self_view_at = now
        import av

        try:
            decoder = av.CodecContext.create("h264", "r")
            frames = decoder.decode(av.Packet(data)) + decoder.decode(None)
        except Exception as exc:
            self._warn("self view not decoded", exc)
            return
        if frames:
            self._self_view = frames[-1].to_ndarray(format="bgr24")
            self.self_view_frames += 1


class _FileClock:
    """A file's packets due at its own rate (their dts; without timestamps, one each 1/``fps``), on a
    clock that goes on across its loops; more than `MAX_FILE_LAG_SECONDS` behind, it starts again from
    now rather than sending the backlog in a burst."""

    def __init__(self, fps: float, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.step = 1.0 / fps
        self.start: float | None = None
        self.offset = 0.0  # media seconds of the loops before this one
        self.first: float | None = None  # this loop's first timestamp (seconds)
        self.last = -self.step  # this loop's last media time (seconds from its first packet)
        self.count = 0

    def media_time(self, packet) -> float:
        """Seconds from this loop's first packet, always increasing."""
        stamp = packet.dts if packet.dts is not None else packet.pts
        if stamp is None or packet.time_base is None:
            seconds = self.count * self.step
        else:
            seconds = float(stamp * packet.time_base)
        if self.first is None:
            self.first = seconds
        media = seconds - self.first
        if self.count:
            media = max(media, self.last + 1e-6)
        self.count += 1
        return media

    def due(self, packet, stop: threading.Event) -> float:
        media = self.media_time(packet)
        self.last = media
        now = self._now()
        if self.start is None:
            self.start = now - self.offset - media
        due = self.start + self.offset + media
        if now - due > MAX_FILE_LAG_SECONDS:
            self.start = now - self.offset - media
            due = now
        elif due > now:
            stop.wait(due - now)
        return due

    def loop(self) -> None:
        self.offset += self.last + self.step
        self.first, self.last, self.count = None, -self.step, 0


class CallMedia:
    """One call's sources and sink. ``video()``: a BGR frame or None; ``audio_in()``: 48 kHz mono s16le
    recorded since the last call (may be empty); ``audio_out(pcm, rate, channels)``: play."""

    def __init__(self, video, audio_in, audio_out, closers=()) -> None:
        self.video, self.audio_in, self.audio_out = video, audio_in, audio_out
        self._closers = list(closers)

    def close(self) -> None:
        for close in self._closers:
            try:
                close()
            except Exception as exc:  # one part that fails to close must not keep the others open
                log.warning("video media close: %s", type(exc).__name__)
        self._closers = []


def media_factory(config, demo: bool, size: tuple[int, int] = (640, 480), fps: float = 15.0):
    """A callable making each call's `CallMedia` from ``video.camera``, ``video.camera_h264``,
    ``video.audio``, ``video.pulse_source`` and ``video.pulse_sink``."""
    camera = config.get("video.camera")
    camera_h264 = config.get("video.camera_h264")
    audio = config.get("video.audio")
    pulse_source, pulse_sink = config.get("video.pulse_source"), config.get("video.pulse_sink")

    def make() -> CallMedia:
        closers = []
        video = None
        if camera and camera_h264:
            feed = H264CameraFeed(camera, size, fps)
            video, closers = feed, [feed.close]
        elif camera:
            feed = CameraFeed(camera, size, fps)
            video, closers = feed, [feed.close]
        elif demo:
            from kiosk.video.tracks import SyntheticVideoSource

            video = SyntheticVideoSource()
        if audio == "pulse":
            from drivers.audio.pulse_stream import PulseCapture, PulsePlayback

            capture, playback = PulseCapture(pulse_source), PulsePlayback(pulse_sink)
            capture.start()
            closers += [capture.close, playback.close]
            audio_in = capture.read

            def audio_out(pcm: bytes, rate: int, channels: int) -> None:
                if rate == 48_000 and channels == 1:
                    playback.write(pcm)
        else:
            from kiosk.video.tracks import ToneAudioSource

            audio_in = ToneAudioSource()

            def audio_out(pcm: bytes, rate: int, channels: int) -> None:
                return None
        return CallMedia(video, audio_in, audio_out, closers)

    return make
