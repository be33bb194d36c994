"""Voice in and out of a video call through PulseAudio: ``parec`` records, ``pacat`` plays.

A call needs 48 kHz mono s16le both ways (Opus's rate), continuously, at real-time pace, from a
thread that is not Qt's: PulseAudio's own clients do exactly that and keep the kiosk's process
free of another audio library. Echo: a kiosk's loudspeaker is heard by its own microphone, so a
deployed kiosk records from and plays to the devices of PulseAudio's echo canceller
(``module-echo-cancel aec_method=webrtc``, loaded by deploy/; ``video.pulse_source`` and
``video.pulse_sink`` name them). Nothing is written to disk.

`PulseCapture.read()` returns what has been recorded since the last read (the oldest audio is
dropped past ``buffer_seconds``, so a stalled reader never makes a call lag behind); `PulsePlayback`
writes without blocking the caller (a full pipe drops the newest piece rather than waiting).
A process that dies (PulseAudio restarted, a device unplugged) is started again at the next use,
at most once a second; `problem` says why the last one ended.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
import time

log = logging.getLogger("drivers.audio.pulse")

RATE = 48_000
CHANNELS = 1
BYTES_PER_SECOND = RATE * CHANNELS * 2
RESTART_SECONDS = 1.0
PIPE_PIECE = 3840  # 40 ms; under PIPE_BUF, so a write to the player's pipe is atomic


def _command(tool: str, device: str, latency_ms: int) -> list[str]:
    path = shutil.which(tool)
    if path is None:
        raise FileNotFoundError(f"{tool} not found (apt: pulseaudio-utils)")
    args = [path, "--raw", "--format=s16le", f"--rate={RATE}", f"--channels={CHANNELS}",
            f"--latency-msec={latency_ms}", "--client-name=court-kiosk", "--stream-name=video-call"]
    if device:
        args.append(f"--device={device}")
    return args


class _Process:
    """One parec or pacat child, started on demand and again (not too often) when it ends."""

    def __init__(self, tool: str, device: str, latency_ms: int) -> None:
        self.tool, self.device, self.latency_ms = tool, device, latency_ms
        self.proc: subprocess.Popen | None = None
        self.problem = ""
        self._started = 0.0

    def alive(self) -> subprocess.Popen | None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            return proc
        if proc is not None:
            self.problem = f"{self.tool} ended ({proc.returncode})"
            self._reap()
        if time.monotonic() - self._started < RESTART_SECONDS:
            return None
        self._started = time.monotonic()
        try:
            self.proc = subprocess.Popen(
                _command(self.tool, self.device, self.latency_ms), stdin=subprocess.PIPE if self.tool == "pacat"
                else subprocess.DEVNULL, stdout=subprocess.PIPE if self.tool == "parec" else subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, bufsize=0)
        except OSError as exc:
            self.problem = f"{self.tool} cannot start ({type(exc).__name__})"
            log.warning("%s", self.problem)
            return None
        return self.proc

    def _reap(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def close(self) -> None:
        self._reap()


class PulseCapture:
    """The microphone of a call: `read` gives recorded 48 kHz mono s16le."""

    def __init__(self, device: str = "", buffer_seconds: float = 0.5, latency_ms: int = 20) -> None:
        self._process = _Process("parec", device, latency_ms)
        self._limit = int(buffer_seconds * BYTES_PER_SECOND) & ~1
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def problem(self) -> str:
        return self._process.problem

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._pump, name="pulse-capture", daemon=True)
            self._thread.start()

    def _pump(self) -> None:
        while not self._stop.is_set():
            proc = self._process.alive()
            if proc is None or proc.stdout is None:
                self._stop.wait(0.1)
                continue
            try:
                piece = os.read(proc.stdout.fileno(), 3840)  # 40 ms
            except OSError:
                piece = b""
            if not piece:
                self._stop.wait(0.05)
                continue
            with self._lock:
                self._buffer += piece
                if len(self._buffer) > self._limit:
                    del self._buffer[:len(self._buffer) - self._limit]

    def read(self, nbytes: int | None = None) -> bytes:
        """What was recorded since the last read (at most ``nbytes``, whole samples), oldest first."""
        with self._lock:
            count = (len(self._buffer) if nbytes is None else min(nbytes, len(self._buffer))) & ~1
            piece = bytes(self._buffer[:count])
            del self._buffer[:count]
        return piece

    def close(self) -> None:
        self._stop.set()
        self._process.close()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None


class PulsePlayback:
    """The loudspeaker of a call: `write` plays 48 kHz mono s16le."""

    def __init__(self, device: str = "", latency_ms: int = 60) -> None:
        self._process = _Process("pacat", device, latency_ms)
        self._lock = threading.Lock()

    @property
    def problem(self) -> str:
        return self._process.problem

    def write(self, pcm: bytes) -> bool:
        """Play ``pcm``; False when it was dropped (no player now, or its pipe is full)."""
        with self._lock:
            proc = self._process.alive()
            if proc is None or proc.stdin is None:
                return False
            fd = proc.stdin.fileno()
            os.set_blocking(fd, False)
            # pieces of at most PIPE_BUF (4096) bytes are written whole or not at all: never half a sample
            for start in range(0, len(pcm), PIPE_PIECE):
                try:
                    os.write(fd, pcm[start:start + PIPE_PIECE])
                except BlockingIOError:
                    return False
                except OSError:
                    self._process.problem = "pacat's pipe broke"
                    return False
            return True

    def close(self) -> None:
        with self._lock:
            self._process.close()
