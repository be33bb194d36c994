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
    "dictated_text",
    "join_words",
    "listen",
]

log = logging.getLogger("kiosk.speech")

# Files every Kaldi/Vosk model directory has (am/final.mdl or final.mdl at the top).
_MODEL_MARKERS = (("am", "final.mdl"), ("final.mdl",))

# -- dictated text: Chinese models spell words apart ("我 要 起诉"); written Chinese has no spaces --

PAUSE_COMMA_S = 0.6  # a pause this long between two words is a comma
_PUNCTUATION = {"zh": ("，", "。"), "en": (", ", ".")}
# words only a model of that language has: its language when none is configured
_PROBE_WORDS = {"zh": ("的", "我", "是", "我们"), "en": ("the", "and", "you")}


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF
            or 0xF900 <= code <= 0xFAFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF)


def _language_code(language: str | None) -> str:
    """zh_CN, zh-Hans, cmn -> zh; en_US -> en; anything else lower-cased up to its region."""
    code = (language or "").replace("-", "_").split("_")[0].lower()
    return "zh" if code in ("zh", "cmn", "cn") else code


def join_words(words: Sequence[str], language: str = "") -> str:
    """Words as written: no space between two Chinese words (nor between Chinese and digits),
    single spaces between Latin words and between Chinese and Latin words. Only for Chinese;
    other languages keep the model's spaces."""
    words = [w for w in words if w and w != "[unk]"]
    if _language_code(language) != "zh":
        return " ".join(words)
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) and (_is_cjk(word[0]) or word[0].isdigit())
                        or (out[-1].isdigit() and _is_cjk(word[0]))):
            out += " "
        out += word
    return out


def dictated_text(result: dict, language: str = "", final: bool = True) -> str:
    """The text of a Vosk result as the litigant would write it.

    ``result``: a final result (``{"text", "result": [{"word", "start", "end", "conf"}]}`` with
    word times when the recognizer has ``SetWords(True)``) or a partial one (``{"partial"}``).
    Chinese (and English): a pause of ``PAUSE_COMMA_S`` or more between two words is a comma
    (，/ ", "), the end of an utterance a full stop (。/ "."); Chinese words are joined without
    spaces. Other languages: the model's text as it is.
    """
    language = _language_code(language)
    text = result.get("text", "") if final else result.get("partial", "")
    if language not in _PUNCTUATION:
        return text
    comma, stop = _PUNCTUATION[language]
    timed = [w for w in (result.get("result") or []) if isinstance(w, dict) and w.get("word")] if final else []
    if not timed:
        pieces = [join_words(text.split(), language)]
    else:
        pieces, words, previous_end = [], [], None
        for word in timed:
            start, end = word.get("start"), word.get("end")
            if (words and isinstance(start, int | float) and isinstance(previous_end, int | float)
                    and start - previous_end >= PAUSE_COMMA_S):
                pieces.append(join_words(words, language))
                words = []
            words.append(str(word["word"]))
            previous_end = end if isinstance(end, int | float) else previous_end
        pieces.append(join_words(words, language))
    pieces = [p for p in pieces if p]
    if not pieces:
        return ""
    text = comma.join(pieces)
    return text + stop if final and not text.endswith(("。", "？", "！", ".", "?", "!")) else text


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

    def __init__(self, model_path: str | os.PathLike[str] | None, language: str = "") -> None:
        self.model_path = str(model_path) if model_path else ""
        self._language = _language_code(language)  # "" : the model's vocabulary says (see ``language``)
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

    @property
    def language(self) -> str:
        """The model's language ("zh", "en", ...): as configured, else told by words only a
        Chinese or an English model knows (loads the model); "" when neither."""
        if not self._language:
            self._language = self.model_language() or "?"
        return "" if self._language == "?" else self._language

    def model_language(self) -> str:
        """The language the model's vocabulary says ("zh", "en", or "" when neither; loads it)."""
        find = getattr(self._loaded_model(), "vosk_model_find_word", None)
        for code, words in _PROBE_WORDS.items():
            if find is not None and any(find(w) >= 0 for w in words):
                return code
        return ""

    @property
    def sample_rate(self) -> int:
        """The sample rate the model was trained on (conf/mfcc.conf; Kaldi's default 16 kHz)."""
        conf = Path(self.model_path, "conf", "mfcc.conf")
        try:
            for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.strip().startswith("--sample-frequency="):
                    return int(float(line.split("=", 1)[1]))
        except (OSError, ValueError):
            pass
        return 16000

    def self_check(self, seconds: float = 1.0) -> str:
        """Load the model and recognise a short built-in sample (a 440 Hz tone between silences):
        it must return a result without error. For ``kiosk doctor``: a one-line summary (model
        language, sample rate, load and decode times). Raises SpeechUnavailable (or SpeechError)."""
        import math
        import struct

        self.load()
        import vosk

        quiet = bytes(SAMPLE_WIDTH * int(SAMPLE_RATE * seconds * 0.4))
        tone = b"".join(struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE)))
                        for i in range(int(SAMPLE_RATE * seconds * 0.2)))
        pcm = quiet + tone + quiet
        start = time.perf_counter()
        try:
            recognizer = vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
            recognizer.SetWords(True)
            recognizer.AcceptWaveform(pcm)
            result = json.loads(recognizer.FinalResult())
        except Exception as exc:  # noqa: BLE001 - vosk raises bare Exceptions
            raise SpeechError(f"the speech model did not recognise its check: {exc}") from exc
        if not isinstance(result, dict) or "text" not in result:
            raise SpeechError("the speech model gave no result for its check")
        decoded = time.perf_counter() - start
        language = self.model_language() or "neither Chinese nor English"
        return (f"model loaded and recognised its check (language {language}, {self.sample_rate} Hz; "
                f"loaded in {self.load_seconds or 0:.1f} s, {len(pcm) / SAMPLE_WIDTH / SAMPLE_RATE:.1f} s "
                f"decoded in {decoded:.2f} s)")

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
        return Dictation(model, recognizer, self._release_dictation, language=self.language)

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
                 release: Callable[[Any], None] | None = None, language: str = "") -> None:
        self.language = _language_code(language)  # zh: no spaces, punctuation from pauses
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
        text = dictated_text(data, self.language)
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
        partial = dictated_text(json.loads(self._rec.PartialResult()), self.language, final=False)
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
