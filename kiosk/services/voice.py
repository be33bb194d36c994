"""Voice input for the litigant: dictation into a text field and voice commands on the menu
(Vosk, on the microphone's and the speech model's workers). The GUI thread only gets partial
texts, finished texts and levels. Nothing recognised is logged.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.recognition")


class VoiceService(QObject):
    """Dictation into a text field and voice commands, on the microphone's worker.

    ``availability`` tells the UI whether voice input works and, if not, why
    (code: off | no_model | no_microphone | model_failed). Only one listening session
    runs at a time; ``stop()`` ends it within one microphone read.
    """

    availability = Signal(bool, str)
    state = Signal(str)  # preparing | listening | idle
    level = Signal(float)
    partial = Signal(str)
    final = Signal(str)
    command = Signal(str)  # the action of the recognised phrase
    no_match = Signal()
    failed = Signal(str)  # no_microphone | model_failed | error

    def __init__(self, microphone, config, dispatcher, microphone_worker, speech_worker) -> None:
        """``config``: the ``speech`` section (a ConfigView or Config)."""
        super().__init__()
        from kiosk.recognition.speech import SpeechEngine

        self._microphone = microphone  # or None
        self._config = config
        self._dispatcher = dispatcher
        self._mic_worker = microphone_worker
        self._speech_worker = speech_worker
        self.engine = SpeechEngine(config.get("speech.model_path") if config.get("speech.enabled") else "")
        self._enabled = bool(config.get("speech.enabled"))
        self.language = config.get("speech.language")
        self._stop: threading.Event | None = None
        self._model_code: str | None = None  # None until checked on the worker
        self._mic_missing = microphone is None
        self._ok, self._code = False, "checking"
        self.last_result = None
        self._speech_worker.submit(self._check_model, self._model_checked, session_bound=False)

    # -- availability ------------------------------------------------------------------
    def _check_model(self) -> str:
        if not self._enabled:
            return "off"
        usable = self.engine.is_usable()
        if not usable:
            log.info("voice input unavailable: %s", usable.reason)
            return "no_model"
        return ""

    def _model_checked(self, code: str) -> None:
        self._model_code = code
        self._publish()

    def microphone_health(self, ok: bool) -> None:
        """From the device health checks: whether the microphone works."""
        missing = not ok or self._microphone is None
        if missing != self._mic_missing:
            self._mic_missing = missing
            self._publish()

    def _publish(self) -> None:
        if self._model_code is None:
            ok, code = False, "checking"
        elif self._model_code:
            ok, code = False, self._model_code
        elif self._mic_missing:
            ok, code = False, "no_microphone"
        else:
            ok, code = True, ""
        if (ok, code) != (self._ok, self._code):
            self._ok, self._code = ok, code
            self.availability.emit(ok, code)

    @property
    def available(self) -> tuple[bool, str]:
        return self._ok, self._code

    def prepare(self) -> None:
        """Load the model in the background if voice input is available (a screen with voice
        input is being shown); no-op once loaded."""
        if self._ok and not self.engine.loaded:
            self._speech_worker.submit(self._load_quietly, session_bound=False)

    def _load_quietly(self) -> None:
        from kiosk.recognition.speech import SpeechUnavailable

        try:
            self.engine.load()
        except SpeechUnavailable:
            self._dispatcher.post(lambda: self._model_checked("model_failed"))

    # -- listening ---------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._stop is not None

    def dictate(self, single_utterance: bool = True) -> bool:
        """Listen and transcribe: partial texts live, a final text per utterance. With
        ``single_utterance`` it stops after the first one. False if voice input is unavailable."""
        return self._listen("dictation", single_utterance, None)

    def listen_for_command(self, phrases: dict[str, str]) -> bool:
        """Listen for one of ``phrases`` (phrase -> action); emits ``command(action)``
        or ``no_match``."""
        return self._listen("command", True, dict(phrases))

    def stop(self) -> None:
        """Stop listening; dictation keeps what was said so far."""
        if self._stop is not None:
            self._stop.set()

    def _listen(self, mode: str, single: bool, phrases: dict[str, str] | None) -> bool:
        if not self._ok:
            return False
        self.stop()
        stop = threading.Event()
        self._stop = stop
        microphone = self._microphone
        config = self._config
        post = self._dispatcher.post

        def live(fn):
            """Deliver to the GUI thread unless this session was stopped and replaced."""
            return lambda *args: post(lambda: fn(*args) if self._stop is stop else None)

        def run():
            from kiosk.recognition.speech import listen

            if not self.engine.loaded:
                post(lambda: self.state.emit("preparing") if self._stop is stop else None)
            if mode == "command":
                recognizer = self.engine.commands(
                    list(phrases), config.get("speech.command_trailing_silence_ms"),
                    config.get("speech.silence_level"))
            else:
                recognizer = self.engine.dictation()
            if stop.is_set():
                return None
            post(lambda: self.state.emit("listening") if self._stop is stop else None)
            try:
                return listen(
                    microphone, recognizer, stop,
                    on_partial=live(self.partial.emit) if mode == "dictation" else None,
                    on_final=live(lambda f: self.final.emit(f.text)) if mode == "dictation" else None,
                    on_level=live(self.level.emit),
                    chunk_ms=config.get("speech.chunk_ms"),
                    max_seconds=config.get("speech.max_listen_seconds"),
                    finish_on_stop=mode == "dictation",
                    stop_on_final=single,
                )
            finally:
                close = getattr(recognizer, "close", None)
                if close is not None:
                    close()

        def done(result) -> None:
            if self._stop is not stop:
                return
            self._stop = None
            self.last_result = result  # timings for benchmarks; its text is never logged
            if mode == "command" and not stop.is_set():
                action = phrases.get(result.phrase) if result is not None and result.phrase else None
                if action:
                    self.command.emit(action)
                else:
                    self.no_match.emit()
            self.state.emit("idle")

        def failed(exc: BaseException) -> None:
            from drivers.base import DeviceUnavailable
            from kiosk.recognition.speech import SpeechUnavailable

            if isinstance(exc, SpeechUnavailable):
                code = "model_failed"
                self._model_checked("model_failed")
            elif isinstance(exc, DeviceUnavailable):
                code = "no_microphone"
            else:
                code = "error"
            log.warning("voice input failed (%s): %s", code, type(exc).__name__)
            if self._stop is stop:
                self._stop = None
                self.state.emit("idle")
            self.failed.emit(code)

        self._mic_worker.submit(run, done, failed)
        return True

    def reset(self) -> None:
        """Session reset: stop listening at once, nothing heard is delivered."""
        stop, self._stop = self._stop, None
        if stop is not None:
            stop.set()
            self.state.emit("idle")


def create(deps) -> VoiceService:
    service = VoiceService(deps.devices["microphone"], deps.config, deps.dispatcher, deps.workers["microphone"],
                           deps.workers["speech"])
    deps.services["device_health"].checked.connect(
        lambda health: service.microphone_health(health.state != "missing") if health.kind == "microphone" else None)
    return service


SERVICE = ServiceSpec("voice", create, uses_devices=("microphone",), workers=("speech",), config=("speech",),
                      requires=("device_health",), on_session_reset="reset", on_stop="reset")
