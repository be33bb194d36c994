"""绿色通道 (the green channel): one mode for elderly, blind, low-vision and low-literacy litigants:
speech output, the five-key keypad, large text and high-contrast colours, longer timeouts.

Three ways in switch it on (`turn_on(source)`): the 绿色通道 tile on the menu, the keypad's help
key and the offer on the attract screen. Its settings are the session's `AccessibilitySettings`:
a session reset makes fresh ones, so nothing carries over to the next person (volume included).
The service changes them and emits ``changed``; the window then re-applies the theme
(`Services.apply_accessibility`). The speech settings are read by the announcer at each call.

Only the entry's source is logged (which way in: tile | help_key | attract), never what a person
chose or anything personal.
"""

from __future__ import annotations

import importlib.util
import logging

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec
from kiosk.session import SCHEMES, TEXT_SIZES

log = logging.getLogger("kiosk.green_channel")

SOURCES = ("tile", "help_key", "attract")
# The announcer's own steps and limits (kiosk.services.announcer), used where there is no announcer.
VOLUME_STEP = 0.1
VOLUME_MIN = 0.2  # never muted from the screen: a blind person could not find the way back
VOLUME_MAX = 1.0
RATE_STEP = 0.25  # -1.0 .. 1.0 in 8 steps (QTextToSpeech's scale)
RATE_MIN, RATE_MAX = -1.0, 1.0


class GreenChannelService(QObject):
    """Switches the green channel on and changes the current person's settings.

    ``announcer`` (kiosk.services.announcer, or None where the kiosk has none): whether speech can
    be switched on (its ``enabled`` is the session's ``settings.speech`` and a speaker present).
    """

    changed = Signal()  # a setting changed: the window re-applies the theme, screens refresh

    def __init__(self, session, announcer=None) -> None:
        super().__init__()
        self._session = session
        self._announcer = announcer

    # -- state ---------------------------------------------------------------------------
    @property
    def settings(self):
        """The current person's settings (fresh after every session reset)."""
        return self._session.data.settings

    @property
    def active(self) -> bool:
        return bool(self.settings.green_channel)

    @property
    def announcer(self):
        return self._announcer

    def can_speak(self) -> bool:
        """Whether speech output works here: an announcer that is enabled once speech is on."""
        announcer = self._announcer
        if announcer is None:
            return False
        settings = self.settings
        before = settings.speech
        settings.speech = True
        try:
            return bool(announcer.enabled)
        finally:
            settings.speech = before

    # -- entry ---------------------------------------------------------------------------
    def turn_on(self, source: str) -> None:
        """Switch the green channel on for this person (``source``: tile | help_key | attract):
        longer timeouts, priority tickets, speech on where the kiosk can speak. The text size and
        colours stay as they are until the person changes them on the green channel's screen (its
        first choices, each drawn at its own size): the same mode whichever way in, and a person
        who read the menu at this size is not moved about unasked."""
        if source not in SOURCES:
            raise ValueError(f"unknown green channel source {source!r}")
        settings = self.settings
        was_on = settings.green_channel
        settings.green_channel = True
        if self.can_speak():
            settings.speech = True
        log.info("green channel on source=%s already=%s speech=%s", source, was_on, settings.speech)
        self.changed.emit()

    def turn_off(self) -> None:
        """Back to the ordinary mode for this person (speech off, timeouts as usual); the text size
        and colours stay as chosen."""
        settings = self.settings
        if settings.green_channel or settings.speech:
            settings.green_channel = False
            settings.speech = False
            log.info("green channel off")
            self.changed.emit()

    # -- settings --------------------------------------------------------------------------
    def set_text_size(self, size: str) -> None:
        if size not in TEXT_SIZES:
            raise ValueError(f"unknown text size {size!r}")
        self._set("text_size", size)

    def set_scheme(self, scheme: str) -> None:
        if scheme not in SCHEMES:
            raise ValueError(f"unknown colour scheme {scheme!r}")
        self._set("scheme", scheme)

    def set_speech(self, on: bool) -> bool:
        """Speech on or off; it stays off where the kiosk cannot speak. Returns the new state."""
        self._set("speech", bool(on) and self.can_speak())
        return self.settings.speech

    def set_volume(self, volume: float) -> None:
        self._set("speech_volume", round(min(VOLUME_MAX, max(VOLUME_MIN, float(volume))), 2))

    def set_rate(self, rate: float) -> None:
        self._set("speech_rate", round(min(RATE_MAX, max(RATE_MIN, float(rate))), 2))

    def louder(self) -> float:
        return self._step("louder", "speech_volume", VOLUME_STEP)

    def quieter(self) -> float:
        return self._step("quieter", "speech_volume", -VOLUME_STEP)

    def faster(self) -> float:
        return self._step("faster", "speech_rate", RATE_STEP)

    def slower(self) -> float:
        return self._step("slower", "speech_rate", -RATE_STEP)

    def speaks_steps(self) -> bool:
        """Whether the volume and speed steps are said by the announcer itself (its louder() etc.:
        the same steps as the keypad's keys, said in its words); otherwise the screen says them."""
        return all(callable(getattr(self._announcer, name, None)) for name in ("louder", "quieter", "faster", "slower"))

    def _step(self, control: str, name: str, step: float) -> float:
        settings = self.settings
        if self.speaks_steps():
            before = getattr(settings, name)
            getattr(self._announcer, control)()  # changes the setting within its range and says it
            if getattr(settings, name) != before:
                self.changed.emit()
        elif name == "speech_volume":
            self.set_volume(settings.speech_volume + step)
        else:
            self.set_rate(settings.speech_rate + step)
        return getattr(settings, name)

    def _set(self, name: str, value) -> None:
        settings = self.settings
        if getattr(settings, name) != value:
            setattr(settings, name, value)
            self.changed.emit()


def _requires() -> tuple[str, ...]:
    """The announcer when the kiosk has the module (part of the same issue, built beside this one);
    without it the green channel still gives large text, colours and longer timeouts."""
    return ("session", "announcer") if importlib.util.find_spec("kiosk.services.announcer") else ("session",)


def create(deps) -> GreenChannelService:
    return GreenChannelService(deps.services["session"], deps.services.get("announcer"))


SERVICE = ServiceSpec(
    "green_channel",
    create,
    title=QT_TRANSLATE_NOOP("services", "Green channel"),
    pictogram="accessible",
    voice=QT_TRANSLATE_NOOP("voice", "green channel"),
    menu=100,
    requires=_requires(),
)
