"""Offline speech recognition with Vosk: one lazily loaded model, grammar recognizers for
voice commands, free dictation, and a blocking listen loop for a microphone worker.

Threads: nothing here touches Qt. ``SpeechEngine.load()`` (~2-3 s, ~600 MB for a small
model) and ``listen()`` block; call them from a worker, never from the GUI thread.
Recognised text is personal data: it is returned to the caller and never logged (log lines
carry counts, lengths and durations only).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from drivers.audio.base import SAMPLE_RATE, SAMPLE_WIDTH, Microphone, bytes_for_ms, level
from drivers.base import Usability

__all__ = [
    "CommandMatch",
    "CommandRecognizer",
    "Dictation",
    "Final",
    "Partial",
    "SpeechEngine",
    "SpeechError",
    "SpeechUnavailable",
    "listen",
]

log = logging.getLogger("kiosk.speech")

# Files every Kaldi/Vosk model directory has (am/final.mdl or final.mdl at the top).
_MODEL_MARKERS = (("am", "final.mdl"), ("final.mdl",))


class SpeechError(Exception):
    """Base class of speech recognition errors."""


class SpeechUnavailable(SpeechError):
    """No usable model: speech input is off (the reason is the message)."""


# -- results --


@dataclass(frozen=True, slots=True)
class Partial:
    """Live, still-changing text of the utterance in progress."""

    text: str


@dataclass(frozen=True, slots=True)
class Final:
    """The text of a finished utterance.

    ``speech_end_s``: end of speech, in seconds of audio since the recognizer started
    (from word times, else from the level detector; None if no speech was heard).
    ``end_of_speech``: the same moment on the ``time.monotonic()`` clock, assuming the
    audio was fed as it arrived (as ``listen`` does). ``decided_at``: monotonic time the
    result was produced; ``decided_at - end_of_speech`` is the end-of-speech latency.
    """

    text: str
    speech_end_s: float | None = None
    end_of_speech: float | None = None
    decided_at: float = 0.0


@dataclass(frozen=True, slots=True)
class CommandMatch(Final):
    """A finished command utterance; ``phrase`` is the matched phrase or None."""

    phrase: str | None = None


class Recognizer(Protocol):
    def feed(self, pcm: bytes) -> Partial | Final: ...

    def finish(self) -> Final: ...


# -- engine --


class SpeechEngine:
    """One Vosk model, loaded once on first need (thread-safe), shared by recognizers.

    ``model_path`` None or "" means speech input is switched off.
    """

    def __init__(self, model_path: str | os.PathLike[str] | None) -> None:
        self.model_path = str(model_path) if model_path else ""
        self._lock = threading.Lock()
        self._model: Any = None
        self._failure: str | None = None
        self.load_seconds: float | None = None
        self.loads = 0  # how many times a model was actually loaded (0 or 1)
        self._idle_dictation: list[Any] = []  # warmed dictation recognizers, reused

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def is_usable(self) -> Usability:
        """Whether speech input can work, without loading the model."""
        if not self.model_path:
            return Usability(False, "speech input is off: no speech model path is configured")
        if self._failure:
            return Usability(False, self._failure)
        if self._model is not None:
            return Usability(True, "speech model loaded")
        path = Path(self.model_path)
        if not path.exists():
            return Usability(False, f"speech model not found at {self.model_path}")
        if not path.is_dir():
            return Usability(False, f"speech model path {self.model_path} is not a directory")
        if not os.access(path, os.R_OK | os.X_OK):
            return Usability(False, f"speech model at {self.model_path} is not readable")
        marker = next((path.joinpath(*m) for m in _MODEL_MARKERS if path.joinpath(*m).is_file()), None)
        if marker is None:
            return Usability(False, f"{self.model_path} is not a Vosk model (no final.mdl)")
        if not os.access(marker, os.R_OK):
            return Usability(False, f"speech model at {self.model_path} is not readable")
        if importlib.util.find_spec("vosk") is None:
            return Usability(False, "speech input is off: the vosk package is not installed")
        return Usability(True, "speech model present (not loaded yet)")

    def load(self) -> None:
        """Load the model if not loaded yet (blocking, seconds; call from a worker).

        Raises SpeechUnavailable with the reason when there is no usable model.
        """
        with self._lock:
            if self._model is not None:
                return
            usable = self.is_usable()
            if not usable:
                raise SpeechUnavailable(usable.reason)
            start = time.perf_counter()
            try:
                import vosk

                vosk.SetLogLevel(-2)  # Kaldi's own stderr: errors only
                model = vosk.Model(self.model_path)
            except Exception as exc:  # vosk raises a bare Exception on a broken model
                self._failure = f"speech model at {self.model_path} could not be loaded: {exc}"
                log.error("%s", self._failure)
                raise SpeechUnavailable(self._failure) from exc
            self._model = model
            self.loads += 1
            self.load_seconds = time.perf_counter() - start
            log.info("speech model loaded in %.2f s", self.load_seconds)

    def _loaded_model(self) -> Any:
        self.load()
        return self._model

    def knows(self, word: str) -> bool:
        """Whether the model's vocabulary has ``word`` (loads the model)."""
        return self._loaded_model().vosk_model_find_word(word) >= 0

    def commands(self, phrases: Sequence[str], trailing_silence_ms: int = 200,
                 silence_level: float = 0.02) -> CommandRecognizer:
        """A grammar recognizer for ``phrases`` (those the model can spell are kept)."""
        model = self._loaded_model()
        return CommandRecognizer(model, phrases, trailing_silence_ms, silence_level)

    def dictation(self) -> Dictation:
        """A free-dictation recognizer with live partial results; ``close()`` it when done
        so the next one reuses it (a new one spends ~1 s warming up, on this thread)."""
        model = self._loaded_model()
        with self._lock:
            recognizer = self._idle_dictation.pop() if self._idle_dictation else None
        return Dictation(model, recognizer, self._release_dictation)

    def _release_dictation(self, recognizer: Any) -> None:
        with self._lock:
            if len(self._idle_dictation) < 2:
                self._idle_dictation.append(recognizer)


# -- recognizers --


class _Timeline:
    """Audio fed so far and when: maps audio seconds to monotonic time, finds speech end."""

    FRAME_MS = 10

    def __init__(self, silence_level: float) -> None:
        self.silence_level = silence_level
        self.samples = 0
        self.last_voice_end: float | None = None  # audio seconds
        self._fed: list[tuple[float, float]] = []  # (audio seconds at chunk end, monotonic)

    @property
    def audio_s(self) -> float:
        return self.samples / SAMPLE_RATE

    def add(self, pcm: bytes) -> None:
        frame = bytes_for_ms(self.FRAME_MS)
        for i in range(0, len(pcm) - SAMPLE_WIDTH + 1, frame):
            part = pcm[i : i + frame]
            n = len(part) // SAMPLE_WIDTH
            if level(part) >= self.silence_level:
                self.last_voice_end = (self.samples + n) / SAMPLE_RATE
            self.samples += n
        self._fed.append((self.audio_s, time.monotonic()))
        del self._fed[:-200]

    def wall_time(self, audio_s: float | None) -> float | None:
        """Monotonic time at which audio time ``audio_s`` was spoken (audio fed live)."""
        if audio_s is None:
            return None
        for chunk_end, fed_at in self._fed:
            if chunk_end >= audio_s:
                return fed_at - (chunk_end - audio_s)
        chunk_end, fed_at = self._fed[-1]
        return fed_at - (chunk_end - audio_s)

    def silence_after_speech_ms(self) -> float:
        if self.last_voice_end is None:
            return 0.0
        return (self.audio_s - self.last_voice_end) * 1000


def _words_end(result: dict) -> float | None:
    words = result.get("result") or []
    ends = [w.get("end") for w in words if isinstance(w.get("end"), int | float)]
    return max(ends) if ends else None


class CommandRecognizer:
    """Recognises one of a fixed list of phrases.

    ``feed(pcm)`` returns Partial until the utterance is over, then a CommandMatch. The
    utterance ends when Vosk's endpointer says so or, sooner, when the audio level has
    stayed below ``silence_level`` for ``trailing_silence_ms`` after speech (three times
    as long while the words so far only begin a longer phrase). After a
    CommandMatch the recognizer starts over for the next command.
    """

    def __init__(self, model: Any, phrases: Sequence[str], trailing_silence_ms: int = 200,
                 silence_level: float = 0.02) -> None:
        import vosk

        wanted = [" ".join(p.split()) for p in phrases if p and p.strip()]
        self.phrases = [p for p in dict.fromkeys(wanted)
                        if all(model.vosk_model_find_word(w) >= 0 for w in p.split())]
        dropped = len(dict.fromkeys(wanted)) - len(self.phrases)
        if dropped:
            log.warning("voice commands: %d of %d phrases use words the speech model does not know",
                        dropped, len(dict.fromkeys(wanted)))
        if not self.phrases:
            raise SpeechUnavailable("none of the voice command phrases is in the speech model's vocabulary")
        grammar = list(self.phrases)
        if model.vosk_model_find_word("[unk]") >= 0:
            grammar.append("[unk]")
        self._rec = vosk.KaldiRecognizer(model, SAMPLE_RATE, json.dumps(grammar, ensure_ascii=False))
        self._rec.SetWords(True)
        self.trailing_silence_ms = trailing_silence_ms
        self.silence_level = silence_level
        self._timeline = _Timeline(silence_level)
        self._partial = ""
        self._held = ""  # words of an utterance Vosk ended inside a phrase
        self._held_end: float | None = None

    def match(self, text: str) -> str | None:
        """The phrase ``text`` says: the whole text, else the earliest phrase in it."""
        text = " ".join(text.split())
        if text in self.phrases:
            return text
        tokens = text.split()
        best: tuple[int, int, str] | None = None
        for phrase in self.phrases:
            words = phrase.split()
            for start in range(len(tokens) - len(words) + 1):
                if tokens[start : start + len(words)] == words:
                    key = (start, -len(words), phrase)
                    if best is None or key < best:
                        best = key
                    break
        return best[2] if best else None

    def _heard(self, text: str) -> str:
        """Words held from an utterance that ended inside a phrase, then ``text``."""
        words = [w for w in f"{self._held} {text}".split() if w != "[unk]"]
        return " ".join(words)

    def _result(self, raw: str, force: bool = True) -> CommandMatch | None:
        """The utterance's CommandMatch; None when (not ``force``) its words only begin a
        phrase: they are held and the next utterance continues them."""
        now = time.monotonic()
        data = json.loads(raw)
        text = self._heard(data.get("text", ""))
        self._rec.Reset()  # Vosk's word times keep counting from the first sample: so does the timeline
        self._partial = ""
        if not force and self._begins_a_phrase(text):
            self._held = text
            self._held_end = _words_end(data) or self._held_end
            return None
        # End of speech: where the sound stops (the last word's decoded end is a few tens of
        # ms earlier); the decoded end when the level stayed up (noise) after the words.
        end_s, voice_end = _words_end(data) or self._held_end, self._timeline.last_voice_end
        if end_s is None:
            end_s = voice_end if text else None
        elif voice_end is not None and end_s <= voice_end <= end_s + 0.3:
            end_s = voice_end
        phrase = self.match(text) if text else None
        result = CommandMatch(text=text, phrase=phrase, speech_end_s=end_s,
                              end_of_speech=self._timeline.wall_time(end_s), decided_at=now)
        log.info("voice command: %s (%d characters, decided %.0f ms after end of speech)",
                 "matched" if phrase else "no match", len(text),
                 (now - result.end_of_speech) * 1000 if result.end_of_speech else -1)
        self._timeline.last_voice_end = None
        self._held, self._held_end = "", None
        return result

    def feed(self, pcm: bytes) -> Partial | CommandMatch:
        self._timeline.add(pcm)
        if self._rec.AcceptWaveform(pcm):  # Vosk's endpointer: the utterance is over
            voiced = self._timeline.last_voice_end is not None
            result = self._result(self._rec.Result(), force=False)
            if result is None:
                return Partial(self._held)
            if result.text or voiced:  # something was said, but no phrase: no match
                return result
            return Partial("")
        self._partial = json.loads(self._rec.PartialResult()).get("partial", "")
        heard = self._heard(self._partial)
        silence = self._timeline.silence_after_speech_ms()
        if heard and silence >= self.trailing_silence_ms:
            # a pause inside a phrase ("사건 … 조회"): words that only begin a phrase are held
            # until the phrase goes on or the pause lasts three times as long
            result = self._result(self._rec.FinalResult(), force=silence >= 3 * self.trailing_silence_ms)
            return result if result is not None else Partial(self._held)
        return Partial(heard)

    def _begins_a_phrase(self, text: str) -> bool:
        """``text`` is the start of a longer phrase and not a phrase itself."""
        tokens = [w for w in text.split() if w != "[unk]"]
        if not tokens or " ".join(tokens) in self.phrases:
            return False
        return any(len(p.split()) > len(tokens) and p.split()[: len(tokens)] == tokens for p in self.phrases)

    def finish(self) -> CommandMatch:
        """End the utterance now (e.g. the litigant tapped stop)."""
        return self._result(self._rec.FinalResult())


class Dictation:
    """Free dictation: ``feed(pcm)`` returns Partial(text) live and Final(text) at each
    pause; ``finish()`` returns the Final of what is still pending.

    A pause is what Vosk's endpointer detects or, when it does not (its silence model
    sometimes decodes steady noise or digital silence as speech), the audio level staying
    below the silence level for ``PAUSE_MS`` after words were heard.
    """

    WARM_UP_ROUNDS = 2
    PAUSE_MS = 1500

    def __init__(self, model: Any, recognizer: Any = None,
                 release: Callable[[Any], None] | None = None) -> None:
        if recognizer is None:
            import vosk

            recognizer = vosk.KaldiRecognizer(model, SAMPLE_RATE)
            recognizer.SetWords(True)
            # A new recognizer's first decodes of the full graph are slow (~1 s on the
            # small Korean model): pay that now, before the microphone opens.
            start = time.perf_counter()
            for _ in range(self.WARM_UP_ROUNDS):
                recognizer.AcceptWaveform(bytes(bytes_for_ms(300)))
                recognizer.FinalResult()
                recognizer.Reset()
            log.info("dictation recognizer warmed up in %.2f s", time.perf_counter() - start)
        self._rec = recognizer
        self._release = release
        self._timeline = _Timeline(0.02)

    def close(self) -> None:
        """Done with this dictation: its recognizer goes back to the engine for reuse."""
        release, self._release = self._release, None
        if release is not None:
            self._rec.Reset()
            release(self._rec)

    def _final(self, raw: str) -> Final:
        now = time.monotonic()
        data = json.loads(raw)
        text = data.get("text", "")
        end_s = _words_end(data)
        log.info("dictation: utterance of %d characters", len(text))
        final = Final(text=text, speech_end_s=end_s, end_of_speech=self._timeline.wall_time(end_s),
                      decided_at=now)
        self._timeline.last_voice_end = None  # the next pause is counted from the next words
        return final

    def feed(self, pcm: bytes) -> Partial | Final:
        self._timeline.add(pcm)
        if self._rec.AcceptWaveform(pcm):
            return self._final(self._rec.Result())
        partial = json.loads(self._rec.PartialResult()).get("partial", "")
        if partial and self._timeline.silence_after_speech_ms() >= self.PAUSE_MS:
            return self._final(self._rec.FinalResult())
        return Partial(partial)

    def finish(self) -> Final:
        return self._final(self._rec.FinalResult())


# -- the microphone loop --


def listen(
    microphone: Microphone,
    recognizer: Recognizer,
    stop_event: threading.Event,
    on_partial: Callable[[str], None] | None = None,
    on_final: Callable[[Final], None] | None = None,
    chunk_ms: int = 100,
    on_level: Callable[[float], None] | None = None,
    max_seconds: float | None = 30.0,
    finish_on_stop: bool = True,
    stop_on_final: bool = True,
) -> Final | None:
    """Read the microphone and feed ``recognizer`` until a final result or ``stop_event``.

    Blocking: run it on the microphone's worker thread. Calls ``on_level`` with each
    chunk's level (0..1), ``on_partial`` when the partial text changes and ``on_final``
    with each final result; returns the last final result. On ``stop_event`` it returns
    within one chunk: with ``finish_on_stop`` the pending utterance is finished and
    returned (dictation keeps what was said), otherwise it returns None (a cancelled
    command does nothing). ``max_seconds`` bounds a session; microphone errors
    (drivers.audio.AudioError) propagate after the microphone is stopped.
    """
    started = time.monotonic()
    last_partial = ""
    final: Final | None = None
    finals = 0
    microphone.start()
    try:
        while True:
            if stop_event.is_set():
                if finish_on_stop:
                    final = recognizer.finish()
                    if on_final and final.text:
                        on_final(final)
                    return final
                return final
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                final = recognizer.finish()
                if on_final and final.text:
                    on_final(final)
                return final
            pcm = microphone.read(chunk_ms)
            if on_level:
                on_level(level(pcm))
            result = recognizer.feed(pcm)
            if isinstance(result, Partial):
                if on_partial and result.text != last_partial:
                    on_partial(result.text)
                last_partial = result.text
                continue
            last_partial = ""
            final = result
            finals += 1
            if on_final:
                on_final(result)
            if stop_on_final:
                return result
    finally:
        microphone.stop()
        log.info("listening ended after %.1f s (%d final results)", time.monotonic() - started, finals)
