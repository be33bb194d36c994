"""A private speech-dispatcher speaking into a PulseAudio null sink, for tests and benchmarks
(not a conftest: import it).

Without an audio sink speech-dispatcher stays "speaking" for ever and the next client's
first call hangs, so the real speech stack needs a sink: ``SpeechStack(workdir).start()``

- takes the process's one private PulseAudio from ``tests.drivers.pulse_stack`` (``pulseaudio
  -n -F <dir>/default.pa --daemonize=no --exit-idle-time=-1`` with
  ``module-native-protocol-unix auth-anonymous=1`` on a socket in a temp folder and
  ``module-null-sink``, the default and only sink). It is shared because QtMultimedia, which
  QtTextToSpeech loads, keeps its first PulseAudio for the life of the process: a second
  server would break the microphone tests that run in the same process;
- runs ``speech-dispatcher -s -c unix_socket -S <sock> -t 0 -P <pid> -L <logdir> -C <confdir>``
  with ``PULSE_SERVER`` set, its configuration in the temp folder (``AudioOutputMethod
  "pulse"``, espeak-ng as the default module, a copy of
  ``/etc/speech-dispatcher/modules/espeak-ng.conf``), and waits until it answers;
- gives the address clients use: ``address`` (``unix_socket:<sock>``, what SPEECHD_ADDRESS
  and the speaker's ``address`` option take).

``kill_speechd()`` kills speech-dispatcher (and its output module) as a crash would,
``start_speechd()`` starts it again; ``stop()`` stops it by PID and lets go of PulseAudio.
``acquire()`` / ``release()`` share one stack in the process (session fixtures, benchmarks).

apt: speech-dispatcher speech-dispatcher-espeak-ng libspeechd2 pulseaudio pulseaudio-utils.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from tests.drivers import pulse_stack

MODULE_CONF = Path("/etc/speech-dispatcher/modules/espeak-ng.conf")
MANDARIN = "Chinese (Mandarin, latin as English)"
ENGLISH = "English (America)"


def _probe(address: str):
    from drivers.speaker.qt_backend import probe_speechd

    return probe_speechd(address, timeout=2.0)


class SpeechStack:
    def __init__(self, workdir: str | os.PathLike[str]) -> None:
        self.dir = Path(workdir)
        self.socket = self.dir / "speechd.sock"
        self.conf = self.dir / "conf"
        self.logs = self.dir / "logs"
        self.address = f"unix_socket:{self.socket}"
        self.pulse: pulse_stack.PulseStack | None = None
        self._proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> SpeechStack:
        binary = shutil.which("speech-dispatcher")
        assert binary and MODULE_CONF.exists(), \
            "speech-dispatcher is missing: apt-get install speech-dispatcher speech-dispatcher-espeak-ng"
        (self.conf / "modules").mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        for sub in ("home", "run"):
            (self.dir / sub).mkdir(exist_ok=True, mode=0o700)
        shutil.copy(MODULE_CONF, self.conf / "modules" / MODULE_CONF.name)
        (self.conf / "speechd.conf").write_text(
            "LogLevel 3\n"
            'AudioOutputMethod "pulse"\n'
            'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\n'
            "DefaultModule espeak-ng\n"
            'DefaultLanguage "zh"\n')
        self.pulse = pulse_stack.acquire()
        try:
            self.start_speechd(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(HOME=str(self.dir / "home"), XDG_RUNTIME_DIR=str(self.dir / "run"),
                   PULSE_SERVER=self.pulse.server)
        for name in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "SPEECHD_ADDRESS"):
            env.pop(name, None)
        return env

    def start_speechd(self, timeout: float = 20.0) -> None:
        """Start speech-dispatcher (again) and wait until it answers on its socket."""
        assert self._proc is None or self._proc.poll() is not None, "speech-dispatcher is running"
        self.socket.unlink(missing_ok=True)
        self._proc = subprocess.Popen(
            ["speech-dispatcher", "-s", "-c", "unix_socket", "-S", str(self.socket), "-t", "0",
             "-P", str(self.dir / "speechd.pid"), "-L", str(self.logs), "-C", str(self.conf)],
            cwd=self.dir, env=self._env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)  # its own group: the module goes with it
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(f"speech-dispatcher exited ({self._proc.returncode}): {self.log_text()[-2000:]}")
            if self.socket.exists() and _probe(self.address):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"speech-dispatcher did not answer: {self.log_text()[-2000:]}")
            time.sleep(0.05)

    @property
    def speechd_pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def kill_speechd(self) -> None:
        """Kill speech-dispatcher and its output module (SIGKILL to its process group), as a crash."""
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def stop_speechd(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            try:  # a test may have stopped it (SIGSTOP)
                os.killpg(proc.pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        try:  # an output module left behind
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def log_text(self) -> str:
        try:
            return (self.logs / "speech-dispatcher.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        self.stop_speechd()
        if self.pulse is not None:
            self.pulse = None
            pulse_stack.release()


_shared: SpeechStack | None = None
_users = 0
_shared_lock = threading.Lock()


def acquire() -> SpeechStack:
    """The process's one speech stack, started on first use. Pair with release()."""
    global _shared, _users
    with _shared_lock:
        if _shared is None:
            _shared = SpeechStack(tempfile.mkdtemp(prefix="kiosk-speech-")).start()
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
