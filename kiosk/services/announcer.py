"""Speech output for the litigant: what the screens show, said aloud through the speaker device.

The UI hands the announcer texts already translated (a screen's title and prompt, the item the
keypad or a touch landed on, an error, a status change, the help for a screen); the announcer
speaks them in the session's language at the session's rate and volume, read at every call, so
a session reset brings the defaults back. Its own phrases (the speed and volume it was set to)
are translated here, in the context "announcer".

Screens, items, errors and the answer to a setting interrupt what is being said; changes (the
idle countdown, a print's status) and help wait until it has been said. ``repeat()`` says the
last screen again, then the last item.

Every call returns at once: the speaker speaks on its own thread and its states come back to
the GUI thread through the dispatcher. Spoken text is personal data (names, case details): it
is never logged, and a session reset forgets it (the transcript and what ``repeat()`` would say).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.announcer")

#: Kinds that interrupt what is being said; the others wait their turn.
INTERRUPTING = frozenset({"screen", "item", "error", "setting", "repeat"})
KINDS = ("screen", "item", "error", "change", "help", "setting", "repeat")

VOLUME_STEP = 0.1
VOLUME_MIN = 0.2  # never muted by a key: a blind person could not hear the way back
VOLUME_MAX = 1.0
RATE_STEP = 0.25  # QTextToSpeech's scale, -1.0 .. 1.0
RATE_MIN, RATE_MAX = -1.0, 1.0


@dataclass(frozen=True)
class Utterance:
    kind: str  # KINDS (or a kind given to say())
    text: str
    language: str
    at: float  # time.monotonic() when it was handed to the speaker


def _tr(text: str) -> str:
    return QCoreApplication.translate("announcer", text)


def join(title: str, prompt: str) -> str:
    """A screen's announcement: "title. prompt" (a title ending in punctuation keeps its own)."""
    title, prompt = (title or "").strip(), (prompt or "").strip()
    if not title or not prompt:
        return title or prompt
    if title[-1] in ".。!！?？:：;；":
        return f"{title} {prompt}"
    return f"{title}. {prompt}"


class Announcer(QObject):
    """Speaks for the litigant when the session's ``settings.speech`` is on (see the module)."""

    said = Signal(str, str)  # kind, text: handed to the speaker (only when enabled)
    speaking = Signal(bool)  # the speaker started / stopped (or paused) saying what it was given

    def __init__(self, speaker, session, dispatcher, clock: Callable[[], float] = time.monotonic) -> None:
        """``speaker``: a drivers.speaker Speaker, or None (the kiosk has none); ``session``: the
        session service (its ``data.settings`` are read at each call); ``dispatcher``: posts the
        speaker's states to the GUI thread."""
        super().__init__()
        self._speaker = speaker
        self._session = session
        self._dispatcher = dispatcher
        self._clock = clock
        self._pending: set[int] = set()  # ids handed to the speaker, not finished
        self._speaking = False
        self._paused = False
        self._last_screen: str | None = None
        self._last_item: str | None = None
        self.transcript: list[Utterance] = []
        if speaker is not None:
            speaker.set_listener(self._from_speaker)

    # -- state -----------------------------------------------------------------------------
    @property
    def settings(self):
        return self._session.data.settings

    @property
    def enabled(self) -> bool:
        """Speech is on for this person and the kiosk has a speaker."""
        return self._speaker is not None and bool(self.settings.speech)

    @property
    def is_speaking(self) -> bool:
        return self._speaking

    @property
    def paused(self) -> bool:
        return self._paused

    def clear_transcript(self) -> None:
        self.transcript.clear()

    # -- what the screens say ----------------------------------------------------------------
    def screen(self, title: str, prompt: str = "") -> int | None:
        """A screen opened: "title. prompt", interrupting what is being said."""
        text = join(title, prompt)
        self._last_screen, self._last_item = text or None, None
        return self._speak("screen", text, interrupt=True)

    def item(self, text: str) -> int | None:
        """The item the keypad or a touch landed on, interrupting (a previous item too)."""
        self._last_item = (text or "").strip() or None
        return self._speak("item", text, interrupt=True)

    def error(self, text: str) -> int | None:
        return self._speak("error", text, interrupt=True)

    def change(self, text: str) -> int | None:
        """A status change (the idle countdown, a print's status): after what is being said."""
        return self._speak("change", text, interrupt=False)

    def help(self, text: str) -> int | None:
        """What the current screen is for and how to use it: after what is being said."""
        return self._speak("help", text, interrupt=False)

    def say(self, kind: str, text: str) -> int | None:
        """The general form: ``kind`` decides whether it interrupts (INTERRUPTING) or waits."""
        return self._speak(kind, text, interrupt=kind in INTERRUPTING)

    def repeat(self) -> None:
        """Say the last screen again, then the last item."""
        first = True
        for text in (self._last_screen, self._last_item):
            if text:
                self._speak("repeat", text, interrupt=first)
                first = False

    # -- controls ------------------------------------------------------------------------------
    def pause(self) -> None:
        if self._speaker is None or not self._pending or self._paused:
            return
        self._paused = True
        self._speaker.pause()

    def resume(self) -> None:
        if self._speaker is None or not self._paused:
            return
        self._paused = False
        self._speaker.resume()

    def toggle_pause(self) -> None:
        if self._paused:
            self.resume()
        else:
            self.pause()

    def faster(self) -> float:
        return self._set_rate(self.settings.speech_rate + RATE_STEP)

    def slower(self) -> float:
        return self._set_rate(self.settings.speech_rate - RATE_STEP)

    def louder(self) -> float:
        return self._set_volume(self.settings.speech_volume + VOLUME_STEP)

    def quieter(self) -> float:
        return self._set_volume(self.settings.speech_volume - VOLUME_STEP)

    def stop(self) -> None:
        """Stop speaking now and drop what waits."""
        if self._speaker is not None and (self._pending or self._paused):
            self._speaker.stop()
        self._pending.clear()
        self._paused = False
        self._set_speaking(False)

    def reset(self) -> None:
        """Session reset: stop now and forget what was said (the next person hears nothing of it)."""
        self.stop()
        self._last_screen = self._last_item = None
        self.transcript.clear()

    # -- inside ----------------------------------------------------------------------------------
    def _set_rate(self, rate: float) -> float:
        settings = self.settings
        settings.speech_rate = round(min(RATE_MAX, max(RATE_MIN, rate)), 2)
        steps = round(settings.speech_rate / RATE_STEP)
        if steps > 0:
            text = _tr("Faster, level %1").replace("%1", str(steps))
        elif steps < 0:
            text = _tr("Slower, level %1").replace("%1", str(-steps))
        else:
            text = _tr("Normal speed")
        self._speak("setting", text, interrupt=True)
        return settings.speech_rate

    def _set_volume(self, volume: float) -> float:
        settings = self.settings
        settings.speech_volume = round(min(VOLUME_MAX, max(VOLUME_MIN, volume)), 2)
        self._speak("setting", _tr("Volume %1%").replace("%1", str(round(settings.speech_volume * 100))),
                    interrupt=True)
        return settings.speech_volume

    def _speak(self, kind: str, text: str, interrupt: bool) -> int | None:
        text = (text or "").strip()
        if not text or not self.enabled:
            return None
        settings = self.settings
        language, rate, volume = settings.language, settings.speech_rate, settings.speech_volume
        if interrupt:
            self._pending.clear()  # the speaker reports the interrupted ones as done
            self._paused = False
            utterance_id = self._speaker.say(text, language, rate, volume)
        else:
            utterance_id = self._speaker.enqueue(text, language, rate, volume)
        self._pending.add(utterance_id)
        self.transcript.append(Utterance(kind, text, language, self._clock()))
        self.said.emit(kind, text)
        return utterance_id

    def _from_speaker(self, utterance_id: int, state: str) -> None:
        """On the speaker's thread: hand the state to the GUI thread."""
        self._dispatcher.post(lambda: self._state(utterance_id, state))

    def _state(self, utterance_id: int, state: str) -> None:
        if utterance_id not in self._pending:
            return  # interrupted, stopped or from before a reset
        if state == "speaking":
            self._paused = False
            self._set_speaking(True)
        elif state == "paused":
            self._set_speaking(False)
        else:  # done | error
            self._pending.discard(utterance_id)
            if state == "error":
                log.warning("announcer: the speaker could not say an utterance")
            if not self._pending:
                self._paused = False
                self._set_speaking(False)

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking.emit(speaking)


def create(deps) -> Announcer:
    return Announcer(deps.devices.get("speaker"), deps.services["session"], deps.dispatcher)


SERVICE = ServiceSpec("announcer", create, uses_devices=("speaker",), requires=("session",),
                      on_session_reset="reset", on_stop="stop")
