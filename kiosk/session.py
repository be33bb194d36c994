"""The litigant's session: one pure-Python state machine.

::

    ATTRACT --touch--> MENU --choose_service--> IDENTIFY --identified--> SERVICE --finish--> DONE
                         ^  (needs identity, not yet known)                ^                  |
                         |                       \\-------(no identity needed / known)------/   |
                         +----------- back / cancel (from IDENTIFY, SERVICE, DONE) ------------+
    any state --reset--> ATTRACT  (wipes everything personal; back/cancel in MENU, idle, done)

Idle time is an input like any other. :meth:`Session.tick` (driven by a timer
in the app, or called by tests with a fake clock) raises an idle warning after
``idle_warning_seconds`` without activity in MENU, IDENTIFY or SERVICE, repeats
it with the remaining countdown on every tick, and resets the session with
reason ``'idle timeout'`` when the countdown runs out. Activity during the
warning clears it. DONE resets with reason ``'done'`` after ``done_seconds``.
ATTRACT has no idle handling. In the green channel (``settings.green_channel``) all three
are three times longer (`Session.timeout_factor`).

Observers (:meth:`Session.subscribe`) get an :class:`Event` for every state
change (kind ``'transition'`` or, for a reset, ``'reset'``) and for the idle
warning (``'idle_warning'`` / ``'idle_cleared'``).

Logging goes to ``kiosk.session`` with old state, new state and a reason code.
Reasons are fixed codes (lower-case ASCII); free text is refused, so personal
data cannot reach the log through them. Identity, form and scans are never
logged.

No Qt here: the app wraps this in a thin adapter (a QTimer calling ``tick()``
and a signal re-emitting the events).
"""

from __future__ import annotations

import enum
import logging
import math
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import assurance

__all__ = [
    "InsufficientIdentity",
    "AccessibilitySettings",
    "Event",
    "InvalidTransition",
    "Session",
    "SessionData",
    "State",
]

log = logging.getLogger("kiosk.session")


class State(enum.Enum):
    ATTRACT = "attract"
    MENU = "menu"
    IDENTIFY = "identify"
    SERVICE = "service"
    DONE = "done"


S = State

# (state, action) -> next state. reset is allowed from everywhere and is not in the table.
TRANSITIONS: dict[tuple[State, str], State] = {
    (S.ATTRACT, "touch"): S.MENU,
    (S.MENU, "choose_service"): S.SERVICE,  # or IDENTIFY when the service needs an identity
    (S.MENU, "choose_service_identify"): S.IDENTIFY,
    (S.IDENTIFY, "identified"): S.SERVICE,
    (S.IDENTIFY, "back"): S.MENU,
    (S.IDENTIFY, "cancel"): S.MENU,
    (S.SERVICE, "finish"): S.DONE,
    (S.SERVICE, "back"): S.MENU,
    (S.SERVICE, "cancel"): S.MENU,
    (S.DONE, "back"): S.MENU,
}
# Actions that leave the session entirely (a reset) from these states.
EXITS: dict[tuple[State, str], str] = {
    (S.MENU, "back"): "user exit",
    (S.MENU, "cancel"): "user exit",
    (S.DONE, "cancel"): "user exit",
}
IDLE_STATES = frozenset({S.MENU, S.IDENTIFY, S.SERVICE})

REASON_IDLE = "idle timeout"
REASON_DONE = "done"
GREEN_CHANNEL_FACTOR = 3  # the green channel's timeouts (idle warning, countdown, done) are this much longer
_REASON_RE = re.compile(r"^[a-z][a-z0-9_. -]{0,47}$")


class InsufficientIdentity(ValueError):
    """An identity whose assurance level (kiosk.assurance) does not open the chosen service."""


class InvalidTransition(RuntimeError):
    """An action that is not allowed in the current state."""

    def __init__(self, state: State, action: str) -> None:
        super().__init__(f"'{action}' is not allowed in state {state.name}")
        self.state = state
        self.action = action


@dataclass(frozen=True)
class Event:
    kind: str  # 'transition' | 'idle_warning' | 'idle_cleared' | 'reset'
    old: State
    new: State
    reason: str
    remaining: int | None = None  # whole seconds left on the idle countdown ('idle_warning' only)


TEXT_SIZES = ("S", "M", "L", "XL")
SCHEMES = ("standard", "white_on_black", "black_on_white", "yellow_on_black")


@dataclass
class AccessibilitySettings:
    """One person's settings: a session reset makes fresh ones (nothing carries over, volume included)."""

    language: str = "zh_CN"
    text_size: str = "M"  # TEXT_SIZES
    scheme: str = "standard"  # SCHEMES: each with text contrast of at least 7:1
    speech: bool = False  # speech output on (the green channel turns it on; the litigant can turn it off)
    speech_rate: float = 0.0  # -1.0 (slowest) .. 1.0 (fastest), QTextToSpeech's scale
    speech_volume: float = 0.8  # 0.0 .. 1.0
    green_channel: bool = False  # the green channel is on: longer timeouts, priority tickets, keypad help


@dataclass
class SessionData:
    """Everything personal the session holds; a reset replaces it with a fresh one."""

    identity: Any = None  # opaque (e.g. drivers.idcard.IdCardData); never logged
    service: str | None = None
    form: dict[str, Any] = field(default_factory=dict)
    scans: list[Any] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    settings: AccessibilitySettings = field(default_factory=AccessibilitySettings)


def _check_reason(reason: str) -> str:
    if not isinstance(reason, str) or not _REASON_RE.match(reason):
        raise ValueError("a reason must be a short lower-case ASCII code such as 'submitted'")
    return reason


class Session:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        idle_warning_seconds: float = 120,
        countdown_seconds: float = 30,
        done_seconds: float = 20,
        language: str = "zh_CN",
    ) -> None:
        if idle_warning_seconds <= 0 or countdown_seconds <= 0 or done_seconds <= 0:
            raise ValueError("session timeouts must be positive")
        self._clock = clock
        self.idle_warning_seconds = idle_warning_seconds
        self.countdown_seconds = countdown_seconds
        self.done_seconds = done_seconds
        self.default_language = language  # what reset restores
        self._state = State.ATTRACT
        self._last_activity = clock()
        self._warning = False
        self._observers: list[Callable[[Event], None]] = []
        self.wipe_hooks: list[Callable[[], None]] = []
        self.generation = 0
        self._needs_identity = False  # the chosen service's identity need (kiosk.assurance)
        self._accepts_photo = False
        self.data = self._fresh_data()

    @classmethod
    def from_config(cls, cfg: Any, clock: Callable[[], float] = time.monotonic) -> Session:
        """Build from a :class:`kiosk.config.Config` (``session.*`` and ``kiosk.language``)."""
        return cls(
            clock=clock,
            idle_warning_seconds=cfg.get("session.idle_warning_seconds"),
            countdown_seconds=cfg.get("session.countdown_seconds"),
            done_seconds=cfg.get("session.done_seconds"),
            language=cfg.get("kiosk.language"),
        )

    # -- observation ---------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def idle_warning_active(self) -> bool:
        return self._warning

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call ``callback(event)`` for every event; returns a function that unsubscribes."""
        self._observers.append(callback)

        def unsubscribe() -> None:
            if callback in self._observers:
                self._observers.remove(callback)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for callback in list(self._observers):
            try:
                callback(event)
            except Exception:
                log.exception("session observer failed on %s event", event.kind)

    # -- actions ---------------------------------------------------------------

    def _fresh_data(self) -> SessionData:
        return SessionData(settings=AccessibilitySettings(language=self.default_language))

    def _go(self, action: str, new: State, reason: str) -> None:
        old = self._state
        self._state = new
        self._last_activity = self._clock()
        self._warning = False
        log.info("session %s -> %s reason=%s action=%s", old.name, new.name, reason, action)
        self._emit(Event("transition", old, new, reason))

    def _lookup(self, action: str) -> State:
        try:
            return TRANSITIONS[(self._state, action)]
        except KeyError:
            raise InvalidTransition(self._state, action) from None

    def touch(self) -> None:
        """Any activity (a touch, a key, a card placed). In ATTRACT it opens the menu."""
        if self._state is State.ATTRACT:
            self._go("touch", self._lookup("touch"), "touch")
            return
        self._last_activity = self._clock()
        if self._warning:
            self._warning = False
            log.info("session idle warning cleared in %s", self._state.name)
            self._emit(Event("idle_cleared", self._state, self._state, "activity"))

    def choose_service(self, name: str, needs_identity: bool, accepts_photo_identity: bool = False) -> None:
        """MENU -> IDENTIFY (identity needed and none known that is enough, kiosk.assurance) or SERVICE.
        ``accepts_photo_identity``: the service takes an identity read from a card photo unconfirmed."""
        _check_reason(name)
        self._needs_identity = needs_identity
        self._accepts_photo = accepts_photo_identity
        if needs_identity and not assurance.sufficient(self.data.identity, accepts_photo_identity):
            new = self._lookup("choose_service_identify")
        else:
            new = self._lookup("choose_service")
        self.data.service = name
        self._go("choose_service", new, name)

    def accepts(self, identity: Any) -> bool:
        """Whether `identity` is enough for the service being identified for (kiosk.assurance)."""
        return not self._needs_identity or assurance.sufficient(identity, self._accepts_photo)

    def identified(self, identity: Any) -> None:
        """IDENTIFY -> SERVICE, keeping ``identity`` (opaque; never logged). An identity that is not
        enough for the service (a photo identity unconfirmed, kiosk.assurance) raises InsufficientIdentity."""
        new = self._lookup("identified")
        if identity is None:
            raise ValueError("identified() needs an identity")
        if not self.accepts(identity):
            log.warning("session identity refused: assurance %s is not enough", assurance.level(identity))
            raise InsufficientIdentity(assurance.level(identity) or "")
        self.data.identity = identity
        self._go("identified", new, "identified")

    def finish(self, reason: str) -> None:
        """SERVICE -> DONE; ``reason`` is a code such as 'submitted' or 'printed'."""
        _check_reason(reason)
        self._go("finish", self._lookup("finish"), reason)

    def back(self) -> None:
        """One step back: IDENTIFY/SERVICE/DONE -> MENU; in MENU, leave (reset)."""
        self._leave("back")

    def cancel(self) -> None:
        """Abandon the current service: IDENTIFY/SERVICE -> MENU; in MENU or DONE, leave (reset)."""
        self._leave("cancel")

    def _leave(self, action: str) -> None:
        exit_reason = EXITS.get((self._state, action))
        if exit_reason is not None:
            self.reset(exit_reason)
            return
        new = self._lookup(action)
        self._discard_service_data()
        self._go(action, new, action)

    def _discard_service_data(self) -> None:
        """Leaving a service drops what was entered for it (the identity and settings stay)."""
        self.data.service = None
        self.data.form.clear()
        self.data.scans.clear()

    def register_temp_file(self, path: str | Path) -> Path:
        """A file (or folder) to delete on the next reset."""
        p = Path(path)
        self.data.temp_files.append(p)
        return p

    def reset(self, reason: str) -> None:
        """Any state -> ATTRACT, wiping everything personal.

        Order: bump :attr:`generation` (results of work started before now are
        dropped by whoever compares generations), run the wipe hooks (cancel
        device work, drop unsent print jobs), delete temporary files, replace
        the session data and settings with fresh defaults.
        """
        _check_reason(reason)
        old = self._state
        self.generation += 1
        for hook in list(self.wipe_hooks):
            try:
                hook()
            except Exception:
                log.exception("session wipe hook failed")
        failed = 0
        for path in self.data.temp_files:
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                failed += 1
        if failed:
            log.warning("session reset could not delete %d temporary file(s)", failed)
        old_data = self.data
        old_data.form.clear()
        old_data.scans.clear()
        old_data.temp_files.clear()
        old_data.identity = None
        old_data.service = None
        self.data = self._fresh_data()
        self._state = State.ATTRACT
        self._warning = False
        self._last_activity = self._clock()
        log.info("session %s -> %s reason=%s generation=%d", old.name, State.ATTRACT.name, reason, self.generation)
        self._emit(Event("reset", old, State.ATTRACT, reason))

    # -- time ------------------------------------------------------------------

    def idle_remaining(self, now: float | None = None) -> float | None:
        """Seconds left on the idle countdown, or None when no warning is due."""
        if self._state not in IDLE_STATES:
            return None
        now = self._clock() if now is None else now
        factor = self.timeout_factor
        warn_at = self._last_activity + self.idle_warning_seconds * factor
        if now < warn_at:
            return None
        return warn_at + self.countdown_seconds * factor - now

    @property
    def timeout_factor(self) -> int:
        """How much longer this person's timeouts are: three times in the green channel."""
        return GREEN_CHANNEL_FACTOR if self.data.settings.green_channel else 1

    def tick(self, now: float | None = None) -> None:
        """Advance time: idle warning, countdown, idle reset, DONE timeout."""
        now = self._clock() if now is None else now
        if self._state is State.DONE:
            if now - self._last_activity >= self.done_seconds * self.timeout_factor:
                self.reset(REASON_DONE)
            return
        remaining = self.idle_remaining(now)
        if remaining is None:
            return
        if remaining <= 0:
            self.reset(REASON_IDLE)
            return
        if not self._warning:
            self._warning = True
            log.info("session idle warning in %s", self._state.name)
        self._emit(Event("idle_warning", self._state, self._state, "idle", math.ceil(remaining)))
