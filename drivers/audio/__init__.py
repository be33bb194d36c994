"""Microphones: Protocol, errors and the level meter (backends in submodules)."""

from drivers.audio.base import (
    SAMPLE_RATE,
    AudioError,
    Microphone,
    MicrophoneUnavailable,
    level,
)

__all__ = ["SAMPLE_RATE", "AudioError", "Microphone", "MicrophoneUnavailable", "level"]
