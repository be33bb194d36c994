"""远程视频 call engine benchmark (issue 20): `kiosk.video.engine.CallEngine` in real calls on loopback,
the console (the test relay and an aiortc console peer, `tests/video/relay.py`) in a separate process so
that its CPU is not counted as the kiosk's.

For each video codec (VP8, then H.264 when aiortc's H.264 encoder, libx264 in PyAV's FFmpeg, works):

- call set-up: from ``engine.start()`` to the first remote video frame the kiosk receives (the socket,
  the court's ``answered`` at once since the console takes every call, the offer with every candidate
  gathered, the answer, ICE + DTLS, the first decoded frame); the median of a few calls (target <= 2 s);
- CPU: this process's CPU time (every thread: the engine's loop, the encoders in its executor, the
  decoders) over 10 s of a call at 640x480 / 15 fps both ways with Opus audio both ways, divided by the
  wall time: 100 % is one core fully busy; and the frame rates sent and received meanwhile.

The kiosk side runs as in production except the camera and microphone: `SyntheticVideoSource` (a new
640x480 picture each frame, so the encoder never sees a still) and `ToneAudioSource`; the self view and
the remote picture are made (RGB at 15 fps) but the listener does nothing with them (the service's
QImage copy is not counted).

``run() -> list[(name, value, note)]``; ``python benchmarks/bench_video_engine.py`` prints them as
``name | value | note`` lines (collected by ``benchmarks/run.py``).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from kiosk.video.engine import CallEngine, CallListener  # noqa: E402
from kiosk.video.tracks import SyntheticVideoSource, ToneAudioSource  # noqa: E402

SETUPS = 3  # calls whose set-up is timed (the last one is then measured for CPU)
CPU_SECONDS = 10.0
WARM_UP_SECONDS = 2.0  # after the first frame: the encoder's bitrate settles, the jitter buffers fill
SETUP_TARGET_MS = 2000
FIRST_FRAME_TIMEOUT = 20.0


class _FirstFrame(CallListener):
    def __init__(self) -> None:
        self.first_remote = threading.Event()
        self.at: float | None = None
        self.ended = threading.Event()

    def on_local_frame(self, rgb) -> None:
        pass  # (the self view is made, as for the screen)

    def on_remote_frame(self, rgb) -> None:
        if self.at is None:
            self.at = time.perf_counter()
            self.first_remote.set()

    def on_ended(self, reason, by) -> None:
        self.ended.set()


def _start_console(codec: str) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "video" / "relay.py"), "--codec", codec],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=ROOT)
    killer = threading.Timer(30, proc.kill)
    killer.start()
    try:
        line = proc.stdout.readline()
    finally:
        killer.cancel()
    if not line.startswith("READY "):
        proc.kill()
        raise RuntimeError(f"the console process did not start ({line.strip()[:60] or 'no output'})")
    return proc, int(line.split()[1])


def _stop_console(proc: subprocess.Popen) -> dict:
    try:
        out, _ = proc.communicate(input="", timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {}
    for line in out.splitlines():
        if line.startswith("COUNTS "):
            return json.loads(line[len("COUNTS "):])
    return {}


def _engine(port: int, codec: str, listener: CallListener) -> CallEngine:
    call_id = str(uuid.uuid4())
    return CallEngine(f"ws://127.0.0.1:{port}/api/v1/video/calls/{call_id}/signal",
                      headers={"X-Kiosk-Id": "BENCH-01"}, ice_servers=[], video_source=SyntheticVideoSource(),
                      audio_source=ToneAudioSource(), audio_sink=lambda pcm, rate, channels: None,
                      listener=listener, video_size=(640, 480), video_fps=15, display_fps=15,
                      video_codecs=(codec,))


def _sent_codec(engine: CallEngine) -> str:
    """The codec the kiosk's video encoder really is (aiortc's sender, private: a benchmark's check)."""
    peer = engine._peer
    if peer is None:
        return "?"
    for sender in peer.pc.getSenders():
        if sender.track is not None and sender.track.kind == "video":
            encoder = getattr(sender, "_RTCRtpSender__encoder", None)
            return type(encoder).__name__ if encoder is not None else "?"
    return "?"


def _h264_usable() -> bool:
    try:
        import av

        av.codec.Codec("libx264", "w")
    except Exception:
        return False
    return True


def measure(codec: str) -> list[tuple[str, str, str]]:
    proc, port = _start_console(codec)
    setups: list[float] = []
    engine = None
    try:
        for i in range(SETUPS):
            listener = _FirstFrame()
            engine = _engine(port, codec, listener)
            start = time.perf_counter()
            engine.start()
            if not listener.first_remote.wait(FIRST_FRAME_TIMEOUT):
                raise RuntimeError(f"{codec}: no remote frame within {FIRST_FRAME_TIMEOUT:g} s")
            setups.append(listener.at - start)
            if i < SETUPS - 1:
                engine.hang_up()
                listener.ended.wait(5)
                engine.stop(5)
        time.sleep(WARM_UP_SECONDS)
        encoder = _sent_codec(engine)
        before = engine.stats()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        time.sleep(CPU_SECONDS)
        cpu1, wall1 = time.process_time(), time.perf_counter()
        after = engine.stats()
        engine.hang_up()
        engine.stop(5)
    finally:
        if engine is not None:
            engine.stop(5)
        counts = _stop_console(proc)
    wall = wall1 - wall0
    cpu = 100 * (cpu1 - cpu0) / wall

    def rate(key: str) -> float:
        return (after[key] - before[key]) / wall

    median = statistics.median(setups) * 1000
    name = "H.264" if codec == "H264" else codec
    console = (f"; the console received {counts.get('video_frames_received', '?')} video, "
               f"{counts.get('audio_frames_received', '?')} audio frames in all") if counts else ""
    return [
        (f"video call set-up to first remote frame ({name})", f"{median:.0f} ms",
         f"median of {SETUPS} calls on loopback, min {min(setups) * 1000:.0f}, max {max(setups) * 1000:.0f} ms; "
         f"target <= {SETUP_TARGET_MS} ms"),
        (f"video call kiosk CPU, 640x480 15 fps ({name})", f"{cpu:.0f} %",
         f"process CPU time / wall over {CPU_SECONDS:.0f} s, encode + decode + Opus both ways; "
         f"100 % = one core of {os.cpu_count()}; encoder {encoder}"),
        (f"video call frame rates ({name})",
         f"{rate('video_frames_sent'):.1f} fps",
         f"sent; received {rate('video_frames_received'):.1f} fps video, {rate('audio_frames_received'):.0f} "
         f"audio frames/s{console}"),
    ]


def run() -> list[tuple[str, str, str]]:
    rows = measure("VP8")
    if _h264_usable():
        rows += measure("H264")
    else:
        rows.append(("video call (H.264)", "n/a", "no libx264 encoder in this PyAV"))
    return rows


if __name__ == "__main__":  # benchmarks/run.py reads "name | value | note" lines
    for row in run():
        print(" | ".join(row))
