"""远程视频 call engine benchmark (issue 20): `kiosk.video.engine.CallEngine` in real calls on loopback,
the console (the test relay and an aiortc console peer, `tests/video/relay.py`) in a separate process so
that its CPU is not counted as the kiosk's.

For each video codec (VP8, then H.264 when aiortc's H.264 encoder, libx264 in PyAV's FFmpeg, works),
and then for H.264 passthrough (``video.camera_h264``: the camera's H.264 sent as it comes, no encoder
on the kiosk; the camera is an MP4 file made with PyAV's libx264 before the calls, not counted, at
640x480 / 15 fps, a keyframe a second, aimed at 1 Mbit/s like aiortc's encoder, read by
`kiosk.video.media.H264CameraFeed` at its own rate as a camera would give it):

- call set-up: from ``engine.start()`` to the first remote video frame the kiosk receives (the socket,
  the court's ``answered`` at once since the console takes every call, the offer with every candidate
  gathered, the answer, ICE + DTLS, the first decoded frame); the median of a few calls (target <= 2 s);
- CPU: this process's CPU time (every thread: the engine's loop, the encoders in its executor, the
  decoders) over 10 s of a call at 640x480 / 15 fps both ways with Opus audio both ways, divided by the
  wall time: 100 % is one core fully busy, split by thread in the note (loop: the engine's asyncio
  thread, with SRTP, packetizing and the RGB pictures; encoders: the executor, video and Opus; decoders:
  aiortc's decoder threads; camera: the passthrough's reader; native: FFmpeg's, libx264's and libvpx's
  own worker threads); and the frame rates sent and received meanwhile.

The kiosk side runs as in production except the camera and microphone: `SyntheticVideoSource` (a new
640x480 picture each frame, so the encoder never sees a still) and `ToneAudioSource`; the self view and
the remote picture are made (RGB at 15 fps; the passthrough's self view: a keyframe decoded once a
second) but the listener does nothing with them (the service's QImage copy is not counted). With
passthrough the console sends H.264 too (the call offers H.264 only), which the kiosk decodes.

Last, the CPU ratio: H.264 encoded by the kiosk / H.264 passthrough, both measured in this run.

``run() -> list[(name, value, note)]``; ``python benchmarks/bench_video_engine.py`` prints them as
``name | value | note`` lines (collected by ``benchmarks/run.py``).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from kiosk.video.engine import CallEngine, CallListener  # noqa: E402
from kiosk.video.media import H264CameraFeed  # noqa: E402
from kiosk.video.tracks import SyntheticVideoSource, ToneAudioSource  # noqa: E402

SETUPS = 3  # calls whose set-up is timed (the last one is then measured for CPU)
CPU_SECONDS = 10.0
WARM_UP_SECONDS = 2.0  # after the first frame: the encoder's bitrate settles, the jitter buffers fill
SETUP_TARGET_MS = 2000
FIRST_FRAME_TIMEOUT = 20.0
PASSTHROUGH_FILE_SECONDS = 8.0  # the camera file (it loops)


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


def _engine(port: int, codec: str, listener: CallListener, video_source=None) -> CallEngine:
    call_id = str(uuid.uuid4())
    return CallEngine(f"ws://127.0.0.1:{port}/api/v1/video/calls/{call_id}/signal",
                      headers={"X-Kiosk-Id": "BENCH-01"}, ice_servers=[],
                      video_source=video_source if video_source is not None else SyntheticVideoSource(),
                      audio_source=ToneAudioSource(), audio_sink=lambda pcm, rate, channels: None,
                      listener=listener, video_size=(640, 480), video_fps=15, display_fps=15,
                      video_codecs=(codec,))


def _video_sender(engine: CallEngine):
    peer = engine._peer
    if peer is None:
        return None
    for sender in peer.pc.getSenders():
        if sender.track is not None and sender.track.kind == "video":
            return sender
    return None


def _sent_codec(engine: CallEngine) -> str:
    """The codec the kiosk's video encoder really is (aiortc's sender, private: a benchmark's check);
    with passthrough its H264Encoder only packs, libx264 never opened."""
    sender = _video_sender(engine)
    encoder = getattr(sender, "_RTCRtpSender__encoder", None) if sender is not None else None
    if encoder is None:
        return "?"
    if engine.video_passthrough:
        opened = getattr(encoder, "codec", None) is not None
        return f"{type(encoder).__name__}.pack, libx264 {'OPENED (not passthrough)' if opened else 'never opened'}"
    return type(encoder).__name__


#: Python threads by name (prefix) -> the group their CPU is reported in; threads FFmpeg, libx264 and
#: libvpx start themselves (slice and frame threads of encoders and decoders) are "native".
THREAD_GROUPS = (("video-call-engine", "loop"), ("video-codec", "encoders"), ("video-decoder", "decoders"),
                 ("audio-decoder", "decoders"), ("video-camera", "camera"))


def _thread_cpu() -> dict[int, float]:
    """CPU seconds of each of this process's threads (Linux /proc; empty elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds: dict[int, float] = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return seconds
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[int(tid)] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return seconds


def _cpu_by_group(before: dict[int, float], after: dict[int, float], wall: float) -> str:
    names = {t.native_id: t.name for t in threading.enumerate()}
    groups: dict[str, float] = {}
    for tid, cpu in after.items():
        name = names.get(tid, "")
        group = next((g for prefix, g in THREAD_GROUPS if name.startswith(prefix)), "native" if not name else "other")
        groups[group] = groups.get(group, 0.0) + cpu - before.get(tid, 0.0)
    order = ("loop", "encoders", "decoders", "camera", "native", "other")
    return ", ".join(f"{g} {100 * groups[g] / wall:.1f}" for g in order if groups.get(g, 0.0) > 0.0005 * wall)


def _video_octets(engine: CallEngine) -> int:
    """Video payload bytes the kiosk's sender sent (aiortc's sender, private: a benchmark's figure)."""
    sender = _video_sender(engine)
    return getattr(sender, "_RTCRtpSender__octet_count", 0) if sender is not None else 0


def _h264_usable() -> bool:
    try:
        import av

        av.codec.Codec("libx264", "w")
    except Exception:
        return False
    return True


def measure(codec: str, camera_file: Path | None = None) -> tuple[list[tuple[str, str, str]], float]:
    """The rows of one kind of call, and its CPU (%). ``camera_file``: H.264 passthrough from it."""
    proc, port = _start_console(codec)
    setups: list[float] = []
    engine = None
    feeds: list[H264CameraFeed] = []
    try:
        for i in range(SETUPS):
            listener = _FirstFrame()
            source = None
            if camera_file is not None:  # a new camera for each call, as the service's media_factory makes
                source = H264CameraFeed(str(camera_file), (640, 480), 15)
                feeds.append(source)
            engine = _engine(port, codec, listener, source)
            start = time.perf_counter()
            engine.start()
            if not listener.first_remote.wait(FIRST_FRAME_TIMEOUT):
                raise RuntimeError(f"{codec}: no remote frame within {FIRST_FRAME_TIMEOUT:g} s")
            setups.append(listener.at - start)
            if i < SETUPS - 1:
                engine.hang_up()
                listener.ended.wait(5)
                engine.stop(5)
                if source is not None:
                    source.close()
        time.sleep(WARM_UP_SECONDS)
        encoder = _sent_codec(engine)
        before, octets0 = engine.stats(), _video_octets(engine)
        threads0, cpu0, wall0 = _thread_cpu(), time.process_time(), time.perf_counter()
        time.sleep(CPU_SECONDS)
        threads1, cpu1, wall1 = _thread_cpu(), time.process_time(), time.perf_counter()
        by_thread = _cpu_by_group(threads0, threads1, wall1 - wall0)
        after, octets1 = engine.stats(), _video_octets(engine)
        engine.hang_up()
        engine.stop(5)
    finally:
        if engine is not None:
            engine.stop(5)
        for feed in feeds:
            feed.close()
        counts = _stop_console(proc)
    wall = wall1 - wall0
    cpu = 100 * (cpu1 - cpu0) / wall

    def rate(key: str) -> float:
        return (after[key] - before[key]) / wall

    median = statistics.median(setups) * 1000
    name = "H.264" if codec == "H264" else codec
    if camera_file is not None:
        name = "H.264 passthrough"
    kbits = (octets1 - octets0) * 8 / wall / 1000
    work = "the camera file read and packed (no encode)" if camera_file is not None else "encode"
    console = (f"; the console received {counts.get('video_frames_received', '?')} video, "
               f"{counts.get('audio_frames_received', '?')} audio frames in all") if counts else ""
    return [
        (f"video call set-up to first remote frame ({name})", f"{median:.0f} ms",
         f"median of {SETUPS} calls on loopback, min {min(setups) * 1000:.0f}, max {max(setups) * 1000:.0f} ms; "
         f"target <= {SETUP_TARGET_MS} ms"),
        (f"video call kiosk CPU, 640x480 15 fps ({name})", f"{cpu:.0f} %",
         f"process CPU time / wall over {CPU_SECONDS:.0f} s, {work} + decode + Opus both ways; "
         f"100 % = one core of {os.cpu_count()}; encoder {encoder}; by thread (%): {by_thread}"),
        (f"video call frame rates ({name})",
         f"{rate('video_frames_sent'):.1f} fps",
         f"sent ({kbits:.0f} kbit/s video payload); received {rate('video_frames_received'):.1f} fps video, "
         f"{rate('audio_frames_received'):.0f} audio frames/s{console}"),
    ], cpu


def run() -> list[tuple[str, str, str]]:
    rows, _ = measure("VP8")
    if not _h264_usable():
        rows.append(("video call (H.264)", "n/a", "no libx264 encoder in this PyAV"))
        return rows
    from tests.video.h264_sample import write_h264

    with tempfile.TemporaryDirectory(prefix="bench-video-") as folder:
        camera_file = write_h264(Path(folder) / "camera.mp4", seconds=PASSTHROUGH_FILE_SECONDS)  # not counted
        encode_rows, encode_cpu = measure("H264")
        passthrough_rows, passthrough_cpu = measure("H264", camera_file)
    rows += encode_rows + passthrough_rows
    ratio = encode_cpu / passthrough_cpu if passthrough_cpu > 0 else float("nan")
    rows.append(("video call kiosk CPU ratio, H.264 encode / passthrough", f"{ratio:.1f}x",
                 f"{encode_cpu:.0f} % / {passthrough_cpu:.0f} % of a core, measured side by side in this run "
                 f"(passthrough saves {encode_cpu - passthrough_cpu:.0f} % of a core: the encoding); both include "
                 "decoding the console's H.264, Opus both ways, SRTP and the RGB pictures, which passthrough "
                 "does not change (see the threads of the CPU rows)"))
    return rows


if __name__ == "__main__":  # benchmarks/run.py reads "name | value | note" lines
    for row in run():
        print(" | ".join(row))
