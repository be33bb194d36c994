"""A microphone that plays a script of tones, silence and WAV files, then silence."""

from __future__ import annotations

import logging
import math
import sys
import threading
import time
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

from drivers.audio.base import (
    SAMPLE_RATE,
    AudioError,
    MicrophoneUnavailable,
    bytes_for_ms,
    level,
    samples,
)
from drivers.base import Usability

__all__ = ["SimulatedMicrophone", "level", "render_script"]

log = logging.getLogger("drivers.audio")

Segment = tuple  # ("tone", freq_hz, ms[, amplitude]) | ("silence", ms) | ("wav", path)

DEFAULT_AMPLITUDE = 0.3


def _to_bytes(values: array) -> bytes:
    if sys.byteorder == "big":
        values = array("h", values)
        values.byteswap()
    return values.tobytes()


def _tone(freq: float, ms: int, amplitude: float) -> bytes:
    n = SAMPLE_RATE * ms // 1000
    peak = max(0.0, min(1.0, amplitude)) * 32767
    step = 2 * math.pi * freq / SAMPLE_RATE
    return _to_bytes(array("h", (round(peak * math.sin(step * i)) for i in range(n))))


def _wav(path: str | Path) -> bytes:
    """A WAV file as 16 kHz mono s16le (channels mixed, rate converted linearly)."""
    try:
        with wave.open(str(path), "rb") as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioError(f"cannot read WAV file {path}: {exc}") from exc
    if width != 2:
        raise AudioError(f"WAV file {path}: {8 * width}-bit samples, need 16-bit")
    values = samples(raw)
    if channels > 1:
        values = array("h", (sum(values[i : i + channels]) // channels
                             for i in range(0, len(values) - channels + 1, channels)))
    if rate != SAMPLE_RATE and values:
        count = len(values) * SAMPLE_RATE // rate
        ratio = rate / SAMPLE_RATE
        last = len(values) - 1
        out = array("h")
        for i in range(count):
            pos = i * ratio
            j = int(pos)
            frac = pos - j
            nxt = values[min(j + 1, last)]
            out.append(round(values[j] * (1 - frac) + nxt * frac))
        values = out
    return _to_bytes(values)


def _check_segment(segment: Segment) -> None:
    kind = segment[0] if segment else None
    if kind == "tone" and len(segment) in (3, 4):
        return
    if kind == "silence" and len(segment) == 2:
        return
    if kind == "wav" and len(segment) == 2:
        return
    raise ValueError(f"bad script segment {segment!r}: use ('tone', hz, ms[, amplitude]), "
                     "('silence', ms) or ('wav', path)")


def render_script(script: Sequence[Segment]) -> bytes:
    """The whole script as 16 kHz mono s16le PCM."""
    parts: list[bytes] = []
    for segment in script:
        _check_segment(segment)
        if segment[0] == "tone":
            amplitude = segment[3] if len(segment) == 4 else DEFAULT_AMPLITUDE
            parts.append(_tone(float(segment[1]), int(segment[2]), float(amplitude)))
        elif segment[0] == "silence":
            parts.append(bytes(bytes_for_ms(int(segment[1]))))
        else:
            parts.append(_wav(segment[1]))
    return b"".join(parts)


class SimulatedMicrophone:
    """Plays ``script`` from its beginning on every ``start()``, then silence.

    With ``realtime`` (the default) ``read(ms)`` paces itself like a real
    device; tests pass ``realtime=False``. Scriptable: ``play(script)``,
    ``unplug()``, ``plug()``. Thread-safe.
    """

    def __init__(self, script: Sequence[Segment] = (), realtime: bool = True) -> None:
        for segment in script:
            _check_segment(segment)
        self._lock = threading.RLock()
        self._script = list(script)
        self._pcm: bytes | None = None
        self.realtime = realtime
        self._plugged = True
        self._running = False
        self._pos = 0
        self._t0 = 0.0

    # -- scripting --

    def play(self, script: Sequence[Segment]) -> None:
        """Replace the script; it plays from the next ``start()``."""
        for segment in script:
            _check_segment(segment)
        with self._lock:
            self._script = list(script)
            self._pcm = None

    def unplug(self) -> None:
        with self._lock:
            self._plugged = False
            self._running = False

    def plug(self) -> None:
        with self._lock:
            self._plugged = True

    # -- Microphone --

    def start(self) -> None:
        with self._lock:
            if not self._plugged:
                raise MicrophoneUnavailable("microphone is unplugged (simulated)")
            if self._pcm is None:
                self._pcm = render_script(self._script)
            self._pos = 0
            self._t0 = time.monotonic()
            self._running = True
            log.info("microphone started (simulated)")

    def read(self, ms: int) -> bytes:
        if ms <= 0:
            raise ValueError("ms must be positive")
        with self._lock:
            if not self._plugged:
                raise MicrophoneUnavailable("microphone is unplugged (simulated)")
            if not self._running or self._pcm is None:
                raise AudioError("microphone is not started")
            n = bytes_for_ms(ms)
            chunk = self._pcm[self._pos : self._pos + n]
            chunk += bytes(n - len(chunk))
            self._pos += n
            due = self._t0 + self._pos / (2 * SAMPLE_RATE)
        if self.realtime:
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        return chunk

    def stop(self) -> None:
        with self._lock:
            if self._running:
                log.info("microphone stopped (simulated)")
            self._running = False

    def is_usable(self) -> Usability:
        with self._lock:
            if not self._plugged:
                return Usability(False, "microphone is unplugged (simulated)")
            return Usability(True, "simulated microphone ready")

    def close(self) -> None:
        self.stop()
