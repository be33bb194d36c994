"""A private PulseAudio server with a virtual microphone, for tests (not a conftest).

``acquire()`` / ``release()`` share one stack in the process (use them from a
session-scoped fixture). ``PulseStack(workdir).start()`` runs ``pulseaudio`` (apt: pulseaudio
pulseaudio-utils) in ``workdir`` with a unix socket, a null sink and a pipe
source ``testmic`` (16 kHz mono s16le, the default source), waits until the
server answers, and points this process at it (``PULSE_SERVER``). Do that
before QtMultimedia first talks to the audio system: QtMultimedia keeps its
first connection for the life of the process.

A feeder thread keeps the pipe fed at real-time pace in 20 ms chunks (else
PulseAudio and QAudioSource deliver only a fraction of the audio): silence,
or what ``feed(pcm, loop=...)`` gives it. ``stop()`` stops the feeder and the
server (by PID) and restores ``PULSE_SERVER``.
"""

from __future__ import annotations

import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from pathlib import Path

RATE = 16_000
CHUNK_MS = 20
CHUNK_BYTES = RATE * CHUNK_MS // 1000 * 2
SOURCE = "testmic"


def tone(freq: float, ms: int, amplitude: float = 0.5) -> bytes:
    """A sine tone as 16 kHz mono s16le."""
    n = RATE * ms // 1000
    peak = amplitude * 32767
    values = array("h", (round(peak * math.sin(2 * math.pi * freq * i / RATE)) for i in range(n)))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


_shared: PulseStack | None = None
_users = 0
_shared_lock = threading.Lock()


def acquire() -> PulseStack:
    """The process's one stack, started on first use (QtMultimedia keeps its first server
    for the life of the process, so every test module must share one). Pair with release()."""
    global _shared, _users
    with _shared_lock:
        if _shared is None:
            _shared = PulseStack(tempfile.mkdtemp(prefix="kiosk-pulse-")).start()
        _users += 1
        return _shared


def release() -> None:
    """Stop the shared stack (by PID) when its last user lets go; remove its folder."""
    global _shared, _users
    with _shared_lock:
        _users -= 1
        if _users == 0 and _shared is not None:
            stack, _shared = _shared, None
            stack.stop()
            shutil.rmtree(stack.dir, ignore_errors=True)


class PulseStack:
    def __init__(self, workdir: str | os.PathLike[str]) -> None:
        self.dir = Path(workdir)
        self.socket = self.dir / "native"
        self.fifo = self.dir / "mic.fifo"
        self.cli_socket = self.dir / "cli"
        self.server = f"unix:{self.socket}"
        self._proc: subprocess.Popen | None = None
        self._log = None
        self._old_server: str | None = None
        self._lock = threading.Lock()
        self._pcm = b""
        self._pos = 0
        self._loop = False
        self._stop = threading.Event()
        self._feeder: threading.Thread | None = None
        self.fed_bytes = 0

    # -- server --

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        home = self.dir / "home"
        env.update(HOME=str(home), XDG_RUNTIME_DIR=str(self.dir / "run"),
                   XDG_CONFIG_HOME=str(home / ".config"), PULSE_RUNTIME_PATH=str(self.dir / "run"),
                   PULSE_STATE_PATH=str(self.dir / "state"), PULSE_SERVER=self.server)
        env.pop("DISPLAY", None)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        return env

    def start(self, timeout: float = 15.0) -> PulseStack:
        pulseaudio = shutil.which("pulseaudio")
        assert pulseaudio and shutil.which("pactl"), \
            "pulseaudio is missing: apt-get install pulseaudio pulseaudio-utils"
        for sub in ("home", "run", "state"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        script = self.dir / "default.pa"
        script.write_text(
            f"load-module module-native-protocol-unix auth-anonymous=1 socket={self.socket}\n"
            f"load-module module-cli-protocol-unix socket={self.cli_socket}\n"
            "load-module module-null-sink sink_name=nullsink\n"
            f"load-module module-pipe-source {self._source_args()}\n"
            f"set-default-source {SOURCE}\n")
        self._log = open(self.dir / "pulseaudio.log", "wb")  # noqa: SIM115 (closed in stop)
        self._proc = subprocess.Popen(
            [pulseaudio, "-n", "-F", str(script), "--daemonize=no", "--exit-idle-time=-1",
             "--use-pid-file=no", "--disallow-exit", "--log-target=stderr"],
            cwd=self.dir, env=self._env(), stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"pulseaudio exited: {self.log_text()[-2000:]}")
            if self.socket.exists() and self.fifo.exists():
                done = self.pactl("list", "short", "sources", check=False)
                if done.returncode == 0 and SOURCE in done.stdout:
                    break
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"pulseaudio did not come up: {self.log_text()[-2000:]}")
            time.sleep(0.05)
        self._old_server = os.environ.get("PULSE_SERVER")
        os.environ["PULSE_SERVER"] = self.server
        self._stop.clear()
        self._feeder = threading.Thread(target=self._feed, name="pulse-feeder", daemon=True)
        self._feeder.start()
        return self

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", *args], env=self._env(), capture_output=True, text=True,
                              timeout=10, check=check)

    def cli(self, command: str) -> str:
        """One command through the server's CLI socket (what pacmd does), e.g. kill-source-output."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect(str(self.cli_socket))
            sock.sendall(command.encode() + b"\n")
            sock.shutdown(socket.SHUT_WR)
            answer = b""
            while data := sock.recv(4096):
                answer += data
        return answer.decode(errors="replace")

    def kill_recordings(self) -> int:
        """Kill every recording stream, as if the microphone were pulled out; how many there were."""
        streams = self.source_outputs()
        for stream in streams:
            self.cli(f"kill-source-output {stream}")
        return len(streams)

    def source_outputs(self) -> list[str]:
        """Indexes of the recording streams now connected to the server."""
        out = self.pactl("list", "short", "source-outputs").stdout
        return [line.split()[0] for line in out.splitlines() if line.strip()]

    def log_text(self) -> str:
        try:
            return (self.dir / "pulseaudio.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        self._stop.set()
        if self._feeder is not None:
            self._feeder.join(timeout=5)
            self._feeder = None
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(timeout=10)
            self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if os.environ.get("PULSE_SERVER") == self.server:
            if self._old_server is None:
                del os.environ["PULSE_SERVER"]
            else:
                os.environ["PULSE_SERVER"] = self._old_server

    # -- the virtual microphone --

    def feed(self, pcm: bytes, loop: bool = False) -> None:
        """From the next chunk on, the microphone hears ``pcm`` (then silence, or ``pcm`` again)."""
        if len(pcm) % 2:
            raise ValueError("s16le PCM has an even number of bytes")
        with self._lock:
            self._pcm, self._pos, self._loop = pcm, 0, loop and bool(pcm)

    def silence(self) -> None:
        self.feed(b"")

    def _next_chunk(self) -> bytes:
        with self._lock:
            out = bytearray()
            while len(out) < CHUNK_BYTES and self._pos < len(self._pcm):
                take = self._pcm[self._pos : self._pos + CHUNK_BYTES - len(out)]
                out += take
                self._pos += len(take)
                if self._loop and self._pos >= len(self._pcm):
                    self._pos = 0
        return bytes(out) + bytes(CHUNK_BYTES - len(out))

    def _open_fifo(self) -> int | None:
        # The pipe source holds the fifo open for reading, so a non-blocking open succeeds;
        # writes then block (pacing) and fail with EPIPE if the source goes away.
        try:
            fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # unplugged: no fifo, or nobody reading it
            return None
        os.set_blocking(fd, True)
        return fd

    def _feed(self) -> None:
        fd = None
        t0 = time.monotonic()
        written = 0
        try:
            while not self._stop.is_set():
                chunk = self._next_chunk()
                if fd is None:
                    fd = self._open_fifo()
                if fd is not None:
                    try:
                        os.write(fd, chunk)
                    except OSError:
                        os.close(fd)
                        fd = None
                written += len(chunk)  # the clock runs on while unplugged
                self.fed_bytes = written
                delay = t0 + written / (2 * RATE) - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)
        finally:
            if fd is not None:
                os.close(fd)

    # -- hot-plug --

    def _source_args(self) -> str:
        return f"source_name={SOURCE} file={self.fifo} format=s16le rate=16000 channels=1"

    def unplug(self) -> None:
        """Remove the virtual microphone, as if its USB cable were pulled.

        The null sink goes too: PulseAudio would otherwise move the recording
        to the sink's monitor, and the client would just hear silence.
        """
        modules = self.pactl("list", "short", "modules").stdout
        for line in modules.splitlines():
            if "module-pipe-source" in line or "module-null-sink" in line:
                self.pactl("unload-module", line.split()[0])

    def plug(self) -> None:
        """Bring the virtual microphone (and the null sink) back; the microphone is the default source."""
        modules = self.pactl("list", "short", "modules").stdout
        if "module-null-sink" not in modules:
            self.pactl("load-module", "module-null-sink", "sink_name=nullsink")
        if "module-pipe-source" not in modules:
            self.pactl("load-module", "module-pipe-source", *self._source_args().split())
        self.pactl("set-default-source", SOURCE)
