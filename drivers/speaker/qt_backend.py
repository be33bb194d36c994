"""Speech output through QtTextToSpeech (on Linux: speech-dispatcher with espeak-ng).

QTextToSpeech needs a Qt event loop in the thread that owns it, and creating it takes
about 1.4 s with speech-dispatcher (it lists ~1,500 voices). So each ``QtSpeaker`` owns
one ``QThread`` (started lazily, joined by ``close()``) running an event loop in which
the engine lives; every call posts a job there (a queued signal) and returns at once.
States come back through the listener, called on that thread.

What QTextToSpeech reports is only the engine's state (Ready / Speaking), never which
text it belongs to, and Qt drops repeated states. To tie states to utterances the speaker
keeps the engine simple: at most one sentence is in the engine at a time; an utterance is
said sentence by sentence; a sentence that has not begun is never cancelled (its
"Speaking" comes within milliseconds; the speaker cancels it then), so every "Speaking"
is followed by exactly one "Ready" that belongs to the same sentence.

speech-dispatcher's own pause is not used: with espeak-ng it stops only at index marks
and, paused mid-sentence, leaves the server speaking nothing to anyone (seen with 0.11.4).
``pause()`` cancels the sentence instead and ``resume()`` says it again.

Failures never block a caller:

- an engine that cannot be created, a configured voice that is missing (the engine's
  default voice is used instead; ``is_usable()`` says so);
- a sentence whose "Speaking" does not come within ``START_TIMEOUT`` (a server without
  audio output stays silent), or whose "Ready" does not come long after it should
  (``OVERDUE_FACTOR``): "error", and the engine is made anew for the next utterance;
- speech-dispatcher killed mid-sentence: Qt keeps reporting "Speaking" for ever, so a
  watchdog thread asks the server for a reply (an SSIP handshake on its socket) every
  second while speaking and every few seconds while idle; no reply: "error", unusable,
  and a new engine is tried every ``RETRY_SECONDS``;
- a job that does not return within its time (speech-dispatcher hanging inside a call):
  the watchdog reports every waiting utterance as "error" and the speaker as unusable.

Only QtCore and QtTextToSpeech are used (no widgets); QtTextToSpeech is imported on first
use. Its import loads QtMultimedia, which logs "Couldn't load pipewire-0.3 library".
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Q_ARG,
    QCoreApplication,
    QLocale,
    QMetaObject,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)

from drivers.base import LogsAvailability, Usability
from drivers.speaker.base import (
    DONE,
    ERROR,
    FINAL_STATES,
    PAUSED,
    SPEAKING,
    Listener,
    SpeakerError,
    clamp_rate,
    clamp_volume,
    estimated_seconds,
    language_key,
    sentences,
)

__all__ = ["QtSpeaker", "probe_speechd", "speechd_socket"]

log = logging.getLogger("drivers.speaker")

#: The default locale while speechd's engine is made (it needs one its voices have).
ENGINE_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)

DEFAULT_VOICES = {"zh_CN": "Chinese (Mandarin, latin as English)", "en": "English (America)"}

#: Making the engine (speech-dispatcher lists its voices: ~1.4 s).
OPEN_TIMEOUT = 15.0
#: Any other job on the speaker's thread.
CALL_TIMEOUT = 5.0
#: A sentence handed to the engine must start speaking within this time.
START_TIMEOUT = 5.0
#: A sentence may take this many times its estimated time (plus OVERDUE_MIN) before it is
#: taken for stuck (a server whose audio output blocks).
OVERDUE_FACTOR = 4.0
OVERDUE_MIN = 15.0
#: After a cancel, the engine's "Ready" comes within milliseconds (rarely ~2 s).
CANCEL_TIMEOUT = 4.0
#: The watchdog asks speech-dispatcher for a reply this often while speaking / while idle.
BUSY_PROBE_SECONDS = 1.0
IDLE_PROBE_SECONDS = 5.0
PROBE_TIMEOUT = 2.0
#: A lost engine is made anew at most this often.
RETRY_SECONDS = 5.0
#: After a sentence failed to start or to finish (no audio output), the speaker stays
#: unusable this long even when a new engine opens (until a sentence speaks again).
FAILED_SPEECH_SECONDS = 60.0
WATCHDOG_SECONDS = 0.2
#: is_usable() waits at most this long for a first opening under way.
USABLE_WAIT = 5.0
#: close() waits at most this long for the speaker's thread.
CLOSE_TIMEOUT = 5.0

_ENV_LOCK = threading.Lock()


def _texttospeech():
    """PySide6.QtTextToSpeech, imported on first use (on the speaker's thread)."""
    import PySide6.QtTextToSpeech

    return PySide6.QtTextToSpeech


def speechd_socket(address: str | None) -> tuple[str, Any] | None:
    """Where speech-dispatcher listens: ("unix", path) or ("inet", (host, port)), from an
    address such as libspeechd reads in SPEECHD_ADDRESS (None or "": the user's default)."""
    address = address or os.environ.get("SPEECHD_ADDRESS") or ""
    method, _, rest = address.partition(":")
    if method == "inet_socket":
        host, _, port = rest.partition(":")
        return "inet", (host or "127.0.0.1", int(port or 6560))
    if method == "unix_socket" and rest:
        return "unix", rest
    if method not in ("", "unix_socket"):
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path.home() / ".cache"
    return "unix", str(base / "speech-dispatcher" / "speechd.sock")


def probe_speechd(address: str | None, timeout: float = PROBE_TIMEOUT) -> Usability:
    """Ask speech-dispatcher for a reply (SSIP: name this client, then QUIT), within ``timeout``."""
    where = speechd_socket(address)
    if where is None:
        return Usability(False, f"unknown speech-dispatcher address {address!r}")
    family, target = where
    sock = socket.socket(socket.AF_UNIX if family == "unix" else socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(target)
        sock.sendall(b'SET SELF CLIENT_NAME "kiosk:probe:main"\r\n')
        reply = b""
        while not reply.endswith(b"\n"):
            data = sock.recv(256)
            if not data:
                break
            reply += data
        if not reply.startswith(b"2"):
            return Usability(False, f"speech-dispatcher answered {reply[:40]!r}")
        sock.sendall(b"QUIT\r\n")
        return Usability(True, "speech-dispatcher answers")
    except TimeoutError:
        return Usability(False, f"speech-dispatcher did not answer within {timeout:g} s")
    except OSError as exc:
        return Usability(False, f"speech-dispatcher is not reachable ({exc.strerror or type(exc).__name__})")
    finally:
        sock.close()


@dataclass
class _Utterance:
    id: int
    segments: list[str]
    language: str
    rate: float
    volume: float
    index: int = 0  # the sentence being said
    announced: bool = False  # "speaking" reported (again after a pause)
    sent_at: float = field(default=0.0)


class _Engine(QObject):
    """Lives in the speaker's thread: owns the QTextToSpeech and the utterances.

    PySide6 keeps the GIL during a direct call such as ``tts.say(text)``, so a call that blocks
    in libspeechd (a hanging server) would freeze every Python thread, the GUI's included.
    Every call that may reach the server is therefore queued to the engine with
    ``QMetaObject.invokeMethod`` and made by Qt's event loop without the GIL; the watchdog
    times it (``QtSpeaker._flight``). Even the engine is made that way: a ``mock`` engine first
    (instant), then ``setEngine(engine)``. Reading the engine's voice lists and state is local.
    """

    job = Signal(object)

    def __init__(self, speaker: QtSpeaker) -> None:
        super().__init__()
        self._speaker = speaker
        self.tts: Any = None
        self._voices: dict[str, Any] = {}  # language key -> QVoice
        self._current: _Utterance | None = None
        self._queue: deque[_Utterance] = deque()
        self._paused = False
        self._phase = "idle"  # idle | starting | speaking | cancelling (what the engine is doing)
        self._sent: tuple[_Utterance, int] | None = None  # the sentence in the engine
        self._broken = True  # no engine yet, or it must be made anew
        self._opening = 0  # the generation of an opening under way (0: none)
        self._generation = 0
        self._last_open = 0.0
        self._timer = QTimer(self)  # start / overdue / cancel deadline of the sentence in the engine
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._deadline)
        self.job.connect(self._run_job, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run_job(self, job: Callable[[_Engine], None]) -> None:
        with self._speaker._flight(CALL_TIMEOUT):
            try:
                job(self)
            except Exception:  # a failing job must not kill the event loop
                log.exception("speaker job failed")

    def _after(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once what was queued to the engine before it is done."""
        self.job.emit(lambda _engine: fn())

    def _call(self, tts: Any, method: str, *args: Any, limit: float = CALL_TIMEOUT) -> None:
        """``tts.method(*args)`` made by the event loop without the GIL; the watchdog times it."""
        token = self._speaker._flight_begin(limit)
        QMetaObject.invokeMethod(tts, method, Qt.ConnectionType.QueuedConnection, *args)
        self._after(lambda: self._speaker._flight_end(token))

    # -- the engine --

    def open(self) -> None:
        """Make the engine anew (dropping an old one); the speaker's status says how it went,
        and what waits is said once it is open."""
        if self._opening:
            return
        self._drop_engine()
        self._generation += 1
        generation = self._opening = self._generation
        self._last_open = time.monotonic()
        speaker = self._speaker
        tts_class = _texttospeech().QTextToSpeech
        if speaker.address:
            with _ENV_LOCK:
                os.environ["SPEECHD_ADDRESS"] = speaker.address
        engines = tts_class.availableEngines()
        if speaker.engine not in engines:
            self._open_failed(f"no text-to-speech engine {speaker.engine!r} (available: {', '.join(engines) or 'none'})")
            return
        started = time.monotonic()
        # speechd's engine starts in the default locale and fails ("Failed to initialize default
        # locale and voice") when no voice has it: the kiosk's zh_CN has none (espeak-ng's Mandarin
        # voices are listed under C). Made in English, then restored (_engine_made).
        self._locale_before = QLocale()
        QLocale.setDefault(ENGINE_LOCALE)
        if speaker.engine != "mock" and "mock" in engines:
            tts = tts_class("mock", self)
            self._call(tts, "setEngine", Q_ARG(str, speaker.engine), limit=OPEN_TIMEOUT)
        else:  # made directly (a server that hangs now would hold the GIL)
            tts = tts_class(speaker.engine, self)
        self._after(lambda: self._engine_made(generation, tts, started))

    def _engine_made(self, generation: int, tts: Any, started: float) -> None:
        before, self._locale_before = getattr(self, "_locale_before", None), None
        if before is not None and QLocale() == ENGINE_LOCALE:  # (unless the kiosk changed it meanwhile)
            QLocale.setDefault(before)
        if generation != self._opening:
            tts.deleteLater()
            return
        speaker = self._speaker
        if tts.engine() != speaker.engine or tts.state() == _texttospeech().QTextToSpeech.State.Error:
            reason = tts.errorString() or tts.errorReason().name
            tts.deleteLater()
            self._open_failed(f"text-to-speech engine {speaker.engine!r}: {reason}")
            return
        # speechd lists its voices per locale (espeak-ng's Mandarin voices under C): the C, Chinese
        # and English locales first, all only when a configured voice is not among them
        locales = tts.availableLocales()
        likely = (QLocale.Language.Chinese, QLocale.Language.English)
        first = [QLocale.c(), *(loc for loc in locales if loc.language() in likely)]
        rest = [loc for loc in locales if loc.language() not in likely]
        self._collect(generation, tts, started, first, rest, {})

    def _collect(self, generation: int, tts: Any, started: float, locales: list, rest: list,
                 voices: dict[str, Any]) -> None:
        if generation != self._opening:
            tts.deleteLater()
            return
        if not locales:
            if rest and not set(self._speaker.voices.values()) <= voices.keys():
                self._collect(generation, tts, started, rest, [], voices)
            else:
                self._engine_open(tts, voices, started)
            return
        self._call(tts, "setLocale", Q_ARG(QLocale, locales[0]), limit=OPEN_TIMEOUT)

        def gather() -> None:
            for voice in tts.availableVoices():
                voices.setdefault(voice.name(), voice)
            self._collect(generation, tts, started, locales[1:], rest, voices)

        self._after(gather)

    def _engine_open(self, tts: Any, voices: dict[str, Any], started: float) -> None:
        speaker = self._speaker
        self._opening = 0
        self.tts = tts
        tts.stateChanged.connect(self._state_changed)
        tts.errorOccurred.connect(self._error_occurred)
        self._voices.clear()
        missing = []
        for key, name in speaker.voices.items():
            if name in voices:
                self._voices[key] = voices[name]
            else:
                missing.append(f"{key} voice {name!r}")
        self._broken = False
        self._phase, self._sent = "idle", None
        log.info("speaker opened (qt, engine %s, %d voices searched, %.2f s)", speaker.engine, len(voices),
                 time.monotonic() - started)
        if not voices:
            self._open_failed(f"text-to-speech engine {speaker.engine!r} has no voices")
            return
        if missing:
            speaker._set_status(Usability(True, f"{', '.join(missing)} not found: the engine's default "
                                                "voice speaks instead"), opened=True)
        else:
            speaker._set_status(Usability(True, f"speaking through {speaker.engine}"), opened=True)
        self._pump()

    def _open_failed(self, reason: str) -> None:
        self._opening = 0
        self._drop_engine()
        self._speaker._set_status(Usability(False, reason), opened=True)
        self._drop_all(ERROR)

    def _drop_engine(self) -> None:
        self._timer.stop()
        self._opening = 0
        tts, self.tts = self.tts, None
        self._broken = True
        self._phase, self._sent = "idle", None
        if tts is not None:
            tts.stateChanged.disconnect(self._state_changed)
            tts.errorOccurred.disconnect(self._error_occurred)
            self._call(tts, "stop")
            tts.deleteLater()  # after the stop (both queued)

    def teardown(self) -> None:
        """The thread ends: report what was left as done, drop the engine."""
        self._drop_all(DONE)
        tts, self.tts = self.tts, None
        self._timer.stop()
        if tts is not None:
            tts.stateChanged.disconnect(self._state_changed)
            tts.errorOccurred.disconnect(self._error_occurred)

    # -- requests (jobs) --

    def say(self, utterance: _Utterance) -> None:
        self._drop_all(DONE)
        self._current = utterance
        self._interrupt()
        self._pump()

    def enqueue(self, utterance: _Utterance) -> None:
        self._queue.append(utterance)
        self._pump()

    def stop(self) -> None:
        self._drop_all(DONE)
        self._interrupt()

    def pause(self) -> None:
        if self._current is None or self._paused:
            return
        self._paused = True
        self._current.announced = False
        self._speaker._emit(self._current.id, PAUSED)
        self._interrupt()

    def resume(self) -> None:
        if not self._paused:
            return
        self._paused = False
        self._pump()

    def lost(self, reason: str) -> None:
        """The watchdog found the server gone: what is said or waits ends with "error"."""
        self._speaker._set_status(Usability(False, reason))  # before the listener hears of it
        self._drop_all(ERROR)
        self._drop_engine()

    def retry(self) -> None:
        """Make the engine anew (the server may be back), unless it is in use."""
        if self._current is None and not self._queue and not self._opening:
            self.open()

    # -- the utterances --

    def _drop_all(self, state: str) -> None:
        if self._current is not None:
            self._speaker._emit(self._current.id, state)
            self._current = None
        while self._queue:
            self._speaker._emit(self._queue.popleft().id, state)
        self._paused = False

    def _interrupt(self) -> None:
        """Cancel the sentence in the engine if it is no longer wanted (one not begun yet is
        cancelled when its "Speaking" comes)."""
        if self._phase == "speaking" and not self._wanted():
            self._cancel()

    def _cancel(self) -> None:
        self._phase = "cancelling"
        self._timer.start(int(CANCEL_TIMEOUT * 1000))
        self._call(self.tts, "stop")

    def _wanted(self) -> bool:
        """Whether the sentence in the engine is still the one to say."""
        if self._sent is None or self._paused:
            return False
        utterance, index = self._sent
        return utterance is self._current and utterance.index == index

    def _pump(self) -> None:
        """Hand the next sentence to the engine when it is free."""
        while self._phase == "idle" and not self._opening:
            if self._current is None:
                if not self._queue:
                    return
                self._current = self._queue.popleft()
            utterance = self._current
            if self._paused:
                return
            if not self._speaker._is_outstanding(utterance.id):  # given up on by the watchdog
                self._current = None
                continue
            if utterance.index >= len(utterance.segments):
                self._speaker._emit(utterance.id, DONE)
                self._current = None
                continue
            if self._broken:
                self.open()  # says what waits once open
                return
            self._send(utterance)

    def _send(self, utterance: _Utterance) -> None:
        tts = self.tts
        voice = self._voices.get(language_key(utterance.language))
        if voice is not None and tts.voice().name() != voice.name():
            self._call(tts, "setVoice", Q_ARG(type(voice), voice))
        self._call(tts, "setRate", Q_ARG(float, utterance.rate))
        self._call(tts, "setVolume", Q_ARG(float, utterance.volume))
        self._sent = (utterance, utterance.index)
        self._phase = "starting"
        utterance.sent_at = time.monotonic()
        self._timer.start(int(START_TIMEOUT * 1000))
        self._call(tts, "say", Q_ARG(str, utterance.segments[utterance.index]))

    def _failed(self, reason: str, speech: bool = False) -> None:
        """The engine failed: the utterance in it ends with "error"; a new engine for the next."""
        self._timer.stop()
        sent, self._sent = self._sent, None
        self._phase = "idle"
        self._speaker._set_status(Usability(False, reason), speech_failed=speech)  # before the listener hears
        if sent is not None and sent[0] is self._current:
            self._speaker._emit(self._current.id, ERROR)
            self._current = None
        self._drop_engine()
        self._pump()

    # -- what the engine says (its signals, on this thread) --

    @Slot()
    def _deadline(self) -> None:
        if self._phase == "starting":
            self._failed(f"the speech engine did not start speaking within {START_TIMEOUT:g} s "
                         "(no audio output?)", speech=True)
        elif self._phase == "speaking":
            self._failed("the speech engine did not finish a sentence in time (audio output blocked?)",
                         speech=True)
        elif self._phase == "cancelling":
            log.warning("speaker: the engine did not confirm a cancel; making it anew")
            self._phase, self._sent = "idle", None
            self._drop_engine()
            self._pump()

    @Slot(object)
    def _state_changed(self, state: Any) -> None:
        states = _texttospeech().QTextToSpeech.State
        if state == states.Speaking:
            self._began()
        elif state == states.Ready:
            self._ended()
        elif state == states.Error:
            self._error_occurred(None, self.tts.errorString() if self.tts is not None else "")

    def _began(self) -> None:
        if self._phase != "starting":
            return  # a stray state (a cancelled sentence's)
        self._phase = "speaking"
        utterance, index = self._sent
        if not self._wanted():
            self._cancel()
            return
        estimate = estimated_seconds(utterance.segments[index], utterance.language, utterance.rate)
        self._timer.start(int((OVERDUE_MIN + OVERDUE_FACTOR * estimate) * 1000))
        self._speaker._speaking_ok()
        if not utterance.announced:
            utterance.announced = True
            self._speaker._emit(utterance.id, SPEAKING)

    def _ended(self) -> None:
        if self._phase == "idle":
            return
        finished = self._phase in ("starting", "speaking") and self._wanted()
        self._timer.stop()
        self._phase, self._sent = "idle", None
        if finished:
            self._current.index += 1
        self._pump()

    @Slot(object, str)
    def _error_occurred(self, _reason: Any, text: str) -> None:
        if self.tts is not None:
            self._failed(f"the speech engine failed: {text or 'error'}")


class _SpeakerThread(QThread):
    def __init__(self, speaker: QtSpeaker) -> None:
        super().__init__()
        self.setObjectName("speaker-qt")
        self._speaker = speaker
        self.ready = threading.Event()
        self.engine: _Engine | None = None

    def run(self) -> None:
        self.engine = _Engine(self._speaker)
        self.ready.set()
        try:
            self.exec()
        finally:
            self.engine.teardown()
            self.engine = None  # the QObjects go away in the thread that owns them


class QtSpeaker(LogsAvailability):
    """Speech output through QtTextToSpeech (``engine``, "speechd" on Linux).

    ``address``: speech-dispatcher's address as in SPEECHD_ADDRESS
    (``unix_socket:/path`` or ``inet_socket:host:port``); None or "" for the user's
    default (libspeechd starts a server there when none runs). ``voice_zh_cn`` and
    ``voice_en`` name the voices (espeak-ng's voices have no usable QLocale in Qt; they are
    chosen by name). Every call returns at once; see the module's notes for failures.
    """

    _log = log
    _where = "speaker (qt)"

    def __init__(self, engine: str = "speechd", address: str | None = None,
                 voice_zh_cn: str = DEFAULT_VOICES["zh_CN"], voice_en: str = DEFAULT_VOICES["en"]) -> None:
        self.engine = engine
        self.address = address or None
        self.voices = {"zh_CN": voice_zh_cn, "en": voice_en}
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._listener: Listener | None = None
        self._outstanding: set[int] = set()
        self._status = Usability(False, "the speech engine is not open yet")
        self._opened = threading.Event()
        self._flights: dict[int, tuple[float, float]] = {}  # token -> (start, limit) of calls under way
        self._tokens = itertools.count(1)
        self._stuck = False
        self._speech_failed = (0.0, "")  # (until, reason): a sentence that could not be spoken
        self._lifecycle = threading.RLock()
        self._thread: _SpeakerThread | None = None
        self._watchdog: threading.Thread | None = None
        self._closing = threading.Event()

    # -- Speaker --

    def set_listener(self, listener: Listener | None) -> None:
        with self._lock:
            self._listener = listener

    def say(self, text: str, language: str = "zh_CN", rate: float = 0.0, volume: float = 0.8) -> int:
        utterance = self._utterance(text, language, rate, volume)
        self._post(lambda engine: engine.say(utterance))
        return utterance.id

    def enqueue(self, text: str, language: str = "zh_CN", rate: float = 0.0, volume: float = 0.8) -> int:
        utterance = self._utterance(text, language, rate, volume)
        self._post(lambda engine: engine.enqueue(utterance))
        return utterance.id

    def stop(self) -> None:
        if self._thread is not None:
            self._post(lambda engine: engine.stop())

    def pause(self) -> None:
        if self._thread is not None:
            self._post(lambda engine: engine.pause())

    def resume(self) -> None:
        if self._thread is not None:
            self._post(lambda engine: engine.resume())

    def is_usable(self) -> Usability:
        """The speaker's state as last seen; the first call opens the engine and waits for
        it (at most ``USABLE_WAIT``)."""
        try:
            self._start()
        except SpeakerError as exc:
            return Usability(False, str(exc))
        self._opened.wait(USABLE_WAIT)
        with self._lock:
            if not self._opened.is_set():
                return Usability(False, "the speech engine is still starting")
            return self._status

    def close(self) -> None:
        """Stop speaking and join the speaker's threads. Idempotent; the next call opens again."""
        with self._lifecycle:
            thread, self._thread = self._thread, None
            watchdog, self._watchdog = self._watchdog, None
            self._closing.set()
            if watchdog is not None:
                watchdog.join(timeout=CLOSE_TIMEOUT)
            if thread is not None:
                thread.quit()  # run() drops the engine after the loop ends, in its own thread
                if not thread.wait(int(CLOSE_TIMEOUT * 1000)):
                    self._thread = thread  # never drop a running QThread
                    raise SpeakerError("the speaker's thread did not stop (the speech engine hangs)")
                log.info("speaker closed (qt)")
            self._closing.clear()
            self._opened.clear()
            with self._lock:
                self._status = Usability(False, "the speech engine is not open yet")
                self._stuck = False
            for utterance_id in sorted(self._outstanding):
                self._emit(utterance_id, DONE)

    # -- the speaker's threads --

    def _utterance(self, text: str, language: str, rate: float, volume: float) -> _Utterance:
        spoken = [s for s in sentences(str(text)) if any(ch.isalnum() for ch in s)]  # else the engine stays silent
        utterance = _Utterance(next(self._ids), spoken, language, clamp_rate(rate), clamp_volume(volume))
        with self._lock:
            self._outstanding.add(utterance.id)
        return utterance

    def _start(self) -> _Engine:
        """The engine object in the speaker's thread, starting the threads on first use."""
        with self._lifecycle:
            if self._thread is None:
                if QCoreApplication.instance() is None:
                    raise SpeakerError("QtTextToSpeech needs a running Qt application (QCoreApplication); none exists")
                thread = _SpeakerThread(self)
                thread.start()
                if not thread.ready.wait(CALL_TIMEOUT):
                    raise SpeakerError("the speaker's thread did not start")
                self._thread = thread
                thread.engine.job.emit(lambda engine: engine.open())
                self._watchdog = threading.Thread(target=self._watch, name="speaker-watchdog", daemon=True)
                self._watchdog.start()
            assert self._thread.engine is not None
            return self._thread.engine

    def _post(self, job: Callable[[_Engine], None]) -> None:
        try:
            self._start().job.emit(job)
        except SpeakerError as exc:
            with self._lock:
                self._status = Usability(False, str(exc))
                self._stuck = True  # the watchdog is not there: fail now, on this thread
            self._fail_outstanding()

    def _flight_begin(self, limit: float) -> int:
        """A call on the speaker's thread starts (a job, or a call queued to the engine)."""
        token = next(self._tokens)
        with self._lock:
            self._flights[token] = (time.monotonic(), limit)
        return token

    def _flight_end(self, token: int) -> None:
        with self._lock:
            self._flights.pop(token, None)
            if self._stuck and not self._flights:
                self._stuck = False
                log.info("speaker: the speech engine answers again")

    @contextmanager
    def _flight(self, limit: float):
        token = self._flight_begin(limit)
        try:
            yield
        finally:
            self._flight_end(token)

    def _watch(self) -> None:
        """The watchdog: a job that hangs, and a server that went away."""
        last_probe = time.monotonic()
        while not self._closing.wait(WATCHDOG_SECONDS):
            now = time.monotonic()
            with self._lock:
                late = [limit for start, limit in self._flights.values() if now - start > limit]
                busy = bool(self._outstanding)
                opened = self._opened.is_set()
            if late:
                limit = max(late)
                with self._lock:
                    if not self._stuck:
                        log.warning("speaker: the speech engine did not answer within %g s", limit)
                    self._stuck = True
                    self._set_status(Usability(False, f"the speech engine did not answer within {limit:g} s"))
                self._fail_outstanding()
                continue
            if self.engine != "speechd" or not opened:
                continue
            if now - last_probe < (BUSY_PROBE_SECONDS if busy else IDLE_PROBE_SECONDS):
                continue
            last_probe = now
            answer = probe_speechd(self.address)
            if not answer:
                with self._lock:
                    ok = self._status.ok
                if ok or busy:
                    self._post_quietly(lambda engine, why=answer.reason: engine.lost(why))
                if time.monotonic() - self._last_open_attempt() > RETRY_SECONDS:
                    self._post_quietly(lambda engine: engine.retry())
            else:
                with self._lock:
                    ok = self._status.ok
                if not ok and not busy and time.monotonic() - self._last_open_attempt() > RETRY_SECONDS:
                    self._post_quietly(lambda engine: engine.retry())

    def _last_open_attempt(self) -> float:
        thread = self._thread
        engine = thread.engine if thread is not None else None
        return engine._last_open if engine is not None else 0.0

    def _post_quietly(self, job: Callable[[_Engine], None]) -> None:
        with self._lifecycle:
            thread = self._thread
            if thread is not None and thread.engine is not None and not self._closing.is_set():
                thread.engine.job.emit(job)

    # -- called from the speaker's threads --

    def _set_status(self, usable: Usability, opened: bool = False, speech_failed: bool = False) -> None:
        with self._lock:
            now = time.monotonic()
            if speech_failed:
                self._speech_failed = (now + FAILED_SPEECH_SECONDS, usable.reason)
            elif usable.ok and self._speech_failed[0] > now:  # a new engine is no proof it can speak
                usable = Usability(False, self._speech_failed[1])
            self._status = usable
        self._note(usable.ok, usable.reason)
        if opened:
            self._opened.set()

    def _speaking_ok(self) -> None:
        with self._lock:
            self._speech_failed = (0.0, "")
            if not self._status.ok:
                self._status = Usability(True, f"speaking through {self.engine}")
        self._note(True, "")

    def _is_outstanding(self, utterance_id: int) -> bool:
        with self._lock:
            return utterance_id in self._outstanding

    def _fail_outstanding(self) -> None:
        with self._lock:
            ids = sorted(self._outstanding)
        for utterance_id in ids:
            self._emit(utterance_id, ERROR)

    def _emit(self, utterance_id: int, state: str) -> None:
        """Tell the listener, once per final state; nothing after it."""
        with self._lock:
            if utterance_id not in self._outstanding:
                return
            if state in FINAL_STATES:
                self._outstanding.discard(utterance_id)
            listener = self._listener
        if listener is not None:
            try:
                listener(utterance_id, state)
            except Exception:  # a failing listener must not stop the speaker
                log.exception("speaker listener failed")
