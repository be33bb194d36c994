"""The thin Qt adapter around the pure session state machine: a one-second timer
drives idle handling, and session events become Qt signals."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.services.registry import ServiceSpec
from kiosk.session import Session, State


class SessionController(QObject):
    state_changed = Signal(object, object, str)  # old State, new State, reason
    idle_warning = Signal(int)  # seconds left before the reset
    idle_cleared = Signal()
    was_reset = Signal(str)  # reason

    def __init__(self, session: Session, generation) -> None:
        super().__init__()
        self._generation = generation
        self.session = session
        self.session.subscribe(self._on_event)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.session.tick)

    @property
    def state(self) -> State:
        return self.session.state

    @property
    def data(self):
        return self.session.data

    def add_wipe_hook(self, hook) -> None:
        self.session.wipe_hooks.append(hook)

    def _on_event(self, event) -> None:
        if event.kind == "transition":
            self.state_changed.emit(event.old, event.new, event.reason or "")
        elif event.kind == "idle_warning":
            self.idle_warning.emit(int(event.remaining))
        elif event.kind == "idle_cleared":
            self.idle_cleared.emit()
        elif event.kind == "reset":
            self._generation.bump()
            self.was_reset.emit(event.reason or "")

    # user actions -----------------------------------------------------------------------
    def activity(self) -> None:
        if self.session.state is not State.ATTRACT:
            self.session.touch()

    def start(self) -> None:
        if self.session.state is State.ATTRACT:
            self.session.touch()

    def choose_service(self, service_id: str, needs_identity: bool, accepts_photo_identity: bool = False) -> None:
        self.session.choose_service(service_id, needs_identity=needs_identity,
                                    accepts_photo_identity=accepts_photo_identity)

    def accepts(self, identity) -> bool:
        """Whether `identity` opens the service being identified for (kiosk.assurance)."""
        return self.session.accepts(identity)

    def identified(self, identity) -> None:
        self.session.identified(identity)

    def finish(self, reason: str = "service complete") -> None:
        self.session.finish(reason)

    def back(self) -> None:
        self.session.back()

    def reset(self, reason: str) -> None:
        self.session.reset(reason)

    def start_timer(self) -> None:
        """Idle time is counted from now (one tick a second)."""
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def create(deps) -> SessionController:
    return SessionController(Session.from_config(deps.config, clock=time.monotonic), deps.generation)


SERVICE = ServiceSpec("session", create, config=("session", "kiosk.language"), on_start="start_timer", on_stop="stop")
