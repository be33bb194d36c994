"""Speakers (speech output): the Protocol, the utterance states, errors and text helpers.

A speaker speaks on a thread of its own. Every call returns at once (it posts to that
thread); what happens to an utterance comes back through the listener,
``listener(utterance_id, state)``, called on the speaker's thread:

- ``"speaking"``: the utterance started (or resumed after a pause);
- ``"paused"``: it was paused (``pause()``); ``resume()`` says it again from the sentence
  it was in;
- ``"done"``: it ended, was interrupted by ``say()``, dropped by ``stop()`` or never
  started because something interrupted it first;
- ``"error"``: it could not be spoken (engine gone, no audio output, unplugged).

Every utterance id gets exactly one of the two final states, "done" or "error".
Spoken text is personal data: it never goes to a log (lengths and ids do).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from drivers.base import DeviceError, DeviceUnavailable, Usability

__all__ = [
    "DONE",
    "ERROR",
    "FINAL_STATES",
    "PAUSED",
    "SPEAKING",
    "STATES",
    "Listener",
    "Speaker",
    "SpeakerError",
    "SpeakerUnavailable",
    "clamp_rate",
    "clamp_volume",
    "estimated_seconds",
    "language_key",
    "sentences",
]

SPEAKING = "speaking"
PAUSED = "paused"
DONE = "done"
ERROR = "error"
STATES = (SPEAKING, PAUSED, DONE, ERROR)
FINAL_STATES = frozenset({DONE, ERROR})

Listener = Callable[[int, str], None]

#: Rough speaking time of one character at rate 0 (espeak-ng's Mandarin says about two
#: characters a second; English words are several characters each).
SECONDS_PER_CHAR = {"zh_CN": 0.5, "en": 0.07}


class SpeakerError(DeviceError):
    """Base class of the speaker's errors."""


class SpeakerUnavailable(SpeakerError, DeviceUnavailable):
    """No speech engine, no audio output, or the speaker is unplugged."""


@runtime_checkable
class Speaker(Protocol):
    """Speech output. Calls return at once; states come back through the listener."""

    def say(self, text: str, language: str = "zh_CN", rate: float = 0.0, volume: float = 0.8) -> int:
        """Speak ``text`` now, interrupting what is being said and dropping what waits."""
        ...

    def enqueue(self, text: str, language: str = "zh_CN", rate: float = 0.0, volume: float = 0.8) -> int:
        """Speak ``text`` after what is being said and what waits."""
        ...

    def stop(self) -> None:
        """Stop speaking and drop what waits."""
        ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def set_listener(self, listener: Listener | None) -> None:
        """``listener(utterance_id, state)``, called on the speaker's thread."""
        ...

    def is_usable(self) -> Usability: ...

    def close(self) -> None: ...


def language_key(language: str) -> str:
    """The speaker's voice key for a UI language: "en" for English, else "zh_CN"."""
    return "en" if (language or "").lower().startswith("en") else "zh_CN"


def clamp_rate(rate: float) -> float:
    """QTextToSpeech's rate scale: -1.0 (slowest) .. 0.0 (normal) .. 1.0 (fastest)."""
    return max(-1.0, min(1.0, float(rate)))


def clamp_volume(volume: float) -> float:
    return max(0.0, min(1.0, float(volume)))


def estimated_seconds(text: str, language: str = "zh_CN", rate: float = 0.0) -> float:
    """How long ``text`` takes to say, roughly (for simulators and watchdogs)."""
    per_char = SECONDS_PER_CHAR[language_key(language)]
    return len(text) * per_char * 2.0 ** (-clamp_rate(rate))


# A sentence ends after 。！？；.!?; (and any closing quotes or brackets), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])[”’」』）)\"']*\s*|(?<=\.)[\"')]*\s+|\n+")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (a pause resumes at the sentence it was in); no empty ones,
    and punctuation alone stays with the sentence before it (an engine says nothing for it)."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_sentence(parts, text[start:match.end()])
        start = match.end()
    _add_sentence(parts, text[start:])
    return parts


def _add_sentence(parts: list[str], piece: str) -> None:
    piece = piece.strip()
    if not piece:
        return
    if parts and not any(ch.isalnum() for ch in piece):
        parts[-1] += piece
    else:
        parts.append(piece)
