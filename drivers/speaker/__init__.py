"""Speakers (speech output): Protocol, states and errors (backends in submodules).

The QtTextToSpeech backend lives in ``drivers.speaker.qt_backend`` and is imported only
when selected (see drivers.registry).
"""

from drivers.speaker.base import (
    DONE,
    ERROR,
    PAUSED,
    SPEAKING,
    STATES,
    Listener,
    Speaker,
    SpeakerError,
    SpeakerUnavailable,
)

__all__ = ["DONE", "ERROR", "PAUSED", "SPEAKING", "STATES", "Listener", "Speaker", "SpeakerError",
           "SpeakerUnavailable"]
