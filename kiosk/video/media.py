"""The picture and voice of a video call (`kiosk.services.video_call`; the call engine is the rest of this package), as the configuration says.

- Picture: ``video.camera`` opened with OpenCV (a device index, a path, a file or URL), read on a
  thread of its own at the call's rate; the engine takes the newest frame. Empty: the test picture
  of `kiosk.video.tracks` in demo mode, none in production (a voice-only call).
- Voice: ``video.audio = pulse`` records and plays through PulseAudio (drivers.audio.pulse_stream,
  on the echo canceller's devices); ``simulator`` sends a test tone and plays nothing.

`media_factory(config, demo)` returns a callable that makes a new `CallMedia` for each call; the
service closes it when the call ends (on a worker: closing joins threads and ends processes).
"""

from __future__ import annotations

import logging
import threading

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
    """A callable making each call's `CallMedia` from ``video.camera``, ``video.audio``,
    ``video.pulse_source`` and ``video.pulse_sink``."""
    camera = config.get("video.camera")
    audio = config.get("video.audio")
    pulse_source, pulse_sink = config.get("video.pulse_source"), config.get("video.pulse_sink")

    def make() -> CallMedia:
        closers = []
        video = None
        if camera:
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
