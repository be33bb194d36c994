"""Microphones: the Protocol (16 kHz mono s16le), errors and a level meter."""

from __future__ import annotations

import math
import sys
from array import array
from typing import Protocol, runtime_checkable

from drivers.base import DeviceError, DeviceUnavailable, Usability

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2  # bytes, signed 16-bit little-endian
CHANNELS = 1


def bytes_for_ms(ms: int) -> int:
    """Bytes of 16 kHz mono s16le audio lasting ``ms`` milliseconds."""
    return SAMPLE_RATE * ms // 1000 * SAMPLE_WIDTH


def samples(pcm: bytes) -> array:
    """s16le bytes as an array of ints (an odd trailing byte is ignored)."""
    values = array("h")
    values.frombytes(pcm[: len(pcm) // 2 * 2])
    if sys.byteorder == "big":
        values.byteswap()
    return values


def level(pcm: bytes) -> float:
    """RMS level of s16le audio, 0.0 (silence) .. 1.0 (full-scale square wave)."""
    values = samples(pcm)
    if not values:
        return 0.0
    rms = math.sqrt(sum(v * v for v in values) / len(values))
    return min(1.0, rms / 32768.0)


class AudioError(DeviceError):
    """Base class of the microphone's errors."""


class MicrophoneUnavailable(AudioError, DeviceUnavailable):
    """The microphone is unplugged or cannot be opened."""


@runtime_checkable
class Microphone(Protocol):
    """A microphone delivering 16 kHz mono signed 16-bit little-endian PCM."""

    def start(self) -> None: ...

    def read(self, ms: int) -> bytes:
        """Block until ``ms`` milliseconds of audio are available and return them."""
        ...

    def stop(self) -> None: ...

    def is_usable(self) -> Usability: ...

    def close(self) -> None: ...
