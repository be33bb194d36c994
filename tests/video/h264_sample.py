"""A short H.264 test camera for the passthrough tests and the benchmark, made at test time with PyAV's
libx264: an encoder of its own, independent of the kiosk's passthrough path (which never encodes).

`write_h264(path)`: `SyntheticVideoSource`'s moving picture, 640x480 at 15 fps, Constrained Baseline
level 3.1 (what the call negotiates: profile-level-id 42e01f), a keyframe every second, no B-frames,
aimed at 1 Mbit/s as aiortc's own H.264 encoder; the container by the suffix: ``.mp4``
(length-prefixed NAL units, the parameter sets in the extradata: the source converts them) or
``.h264`` (a raw Annex-B stream, no timestamps). `write_other(path)`: the same picture in another
codec (MPEG-4 part 2), a camera that does not give H.264.
"""

from __future__ import annotations

import fractions
from pathlib import Path

import av
import cv2

from kiosk.video.tracks import SyntheticVideoSource


def _write(path: Path, codec: str, seconds: float, fps: int, size: tuple[int, int], options: dict,
           fmt: str | None = None, bit_rate: int | None = None) -> Path:
    source = SyntheticVideoSource(size)
    with av.open(str(path), "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        stream.codec_context.gop_size = fps
        stream.codec_context.options = options
        if bit_rate:
            stream.codec_context.bit_rate = bit_rate
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(cv2.cvtColor(source(), cv2.COLOR_BGR2YUV_I420), format="yuv420p")
            frame.pts, frame.time_base = i, fractions.Fraction(1, fps)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def write_h264(path: Path, seconds: float = 3.0, fps: int = 15, size: tuple[int, int] = (640, 480),
               bit_rate: int = 1_000_000) -> Path:
    """At ``bit_rate`` (aiortc's H264Encoder starts at 1 Mbit/s: the same load on the network path)."""
    path = Path(path)
    fmt = "h264" if path.suffix in (".h264", ".264") else None
    return _write(path, "libx264", seconds, fps, size,
                  {"profile": "baseline", "level": "31", "tune": "zerolatency", "g": str(fps), "bf": "0"},
                  fmt, bit_rate)


def write_other(path: Path, seconds: float = 1.0, fps: int = 15, size: tuple[int, int] = (640, 480)) -> Path:
    return _write(Path(path), "mpeg4", seconds, fps, size, {})
