"""A speaker that records what it is asked to say and takes as long as a voice would."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass

from drivers.base import Usability
from drivers.speaker.base import (
    DONE,
    ERROR,
    PAUSED,
    SPEAKING,
    Listener,
    clamp_rate,
    clamp_volume,
    estimated_seconds,
)

__all__ = ["SimulatedSpeaker"]

log = logging.getLogger("drivers.speaker")


@dataclass
class _Utterance:
    id: int
    text: str
    language: str
    rate: float
    volume: float


class SimulatedSpeaker:
    """Records every utterance it starts in ``spoken`` as ``(text, language, rate, volume)``
    and every state it reports in ``states`` as ``(utterance_id, state)``.

    An utterance lasts about as long as espeak-ng would take (``estimated_seconds``) times
    ``time_scale``; with ``realtime=False`` it ends at once (still "speaking", then "done").
    States come on the simulator's own thread, like a real speaker's. Scriptable:
    ``unplug()`` / ``plug()``; ``wait_idle()`` waits until everything was said.
    Thread-safe; every call returns at once.
    """

    def __init__(self, realtime: bool = True, time_scale: float = 1.0) -> None:
        if time_scale < 0:
            raise ValueError("time_scale must not be negative")
        self.realtime = realtime
        self.time_scale = time_scale
        self._cond = threading.Condition(threading.RLock())
        self._ids = itertools.count(1)
        self._listener: Listener | None = None
        self._queue: deque[_Utterance] = deque()
        self._current: _Utterance | None = None
        self._ends_at = 0.0
        self._remaining = 0.0  # seconds left of a paused utterance
        self._paused = False
        self._plugged = True
        self._events: deque[tuple[int, str]] = deque()
        self._delivering = False
        self._closing = False
        self._thread: threading.Thread | None = None
        self._spoken: list[tuple[str, str, float, float]] = []
        self._states: list[tuple[int, str]] = []

    # -- scripting and inspection --

    @property
    def spoken(self) -> list[tuple[str, str, float, float]]:
        with self._cond:
            return list(self._spoken)

    @property
    def states(self) -> list[tuple[int, str]]:
        with self._cond:
            return list(self._states)

    @property
    def speaking_now(self) -> int | None:
        """The id of the utterance being said (or paused), or None."""
        with self._cond:
            return self._current.id if self._current is not None else None

    def clear(self) -> None:
        """Forget ``spoken`` and ``states``."""
        with self._cond:
            self._spoken.clear()
            self._states.clear()

    def unplug(self) -> None:
        """The speaker is pulled out: what is said or waits ends with "error", and so will
        everything asked until ``plug()``."""
        with self._cond:
            self._plugged = False
            self._fail_all()
            self._cond.notify_all()

    def plug(self) -> None:
        with self._cond:
            self._plugged = True
            self._cond.notify_all()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until nothing is said, nothing waits and every state was reported."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._current is not None or self._queue or self._events or self._delivering:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    # -- Speaker --

    def set_listener(self, listener: Listener | None) -> None:
        with self._cond:
            self._listener = listener

    def say(self, text: str, language: str = "zh_CN", rate: float = 0.0, volume: float = 0.8) -> int:
        with self._cond:
            self._drop_all()
            return self._add(text, language, rate, volume)

    def enqueue(self, text: str, language: str = "zh_CN", rate: float = 0.0, volume: float = 0.8) -> int:
        with self._cond:
            return self._add(text, language, rate, volume)

    def stop(self) -> None:
        with self._cond:
            self._drop_all()
            self._cond.notify_all()

    def pause(self) -> None:
        with self._cond:
            if self._current is None or self._paused:
                return
            self._paused = True
            self._remaining = max(0.0, self._ends_at - time.monotonic())
            self._post(self._current.id, PAUSED)

    def resume(self) -> None:
        with self._cond:
            if not self._paused:
                return
            self._paused = False
            if self._current is not None:
                self._ends_at = time.monotonic() + self._remaining
                self._post(self._current.id, SPEAKING)

    def is_usable(self) -> Usability:
        with self._cond:
            if not self._plugged:
                return Usability(False, "speaker is unplugged (simulated)")
            return Usability(True, "simulated speaker ready")

    def close(self) -> None:
        """Stop speaking and end the simulator's thread (the next call starts it again)."""
        with self._cond:
            self._drop_all()
            thread, self._closing = self._thread, True
            self._cond.notify_all()
        if thread is not None:
            thread.join(timeout=5)
        with self._cond:
            if self._thread is thread:
                self._thread = None
            self._closing = False

    # -- inside (with the lock held) --

    def _add(self, text: str, language: str, rate: float, volume: float) -> int:
        utterance = _Utterance(next(self._ids), str(text), language, clamp_rate(rate), clamp_volume(volume))
        if self._plugged:
            self._queue.append(utterance)
        else:
            self._post(utterance.id, ERROR)
        self._ensure_thread()
        self._cond.notify_all()
        return utterance.id

    def _drop_all(self) -> None:
        """Interrupt what is said (it ends "done") and drop what waits (each ends "done")."""
        if self._current is not None:
            self._post(self._current.id, DONE)
            self._current = None
        while self._queue:
            self._post(self._queue.popleft().id, DONE)
        self._paused = False

    def _fail_all(self) -> None:
        if self._current is not None:
            self._post(self._current.id, ERROR)
            self._current = None
        while self._queue:
            self._post(self._queue.popleft().id, ERROR)
        self._paused = False

    def _post(self, utterance_id: int, state: str) -> None:
        self._events.append((utterance_id, state))
        self._states.append((utterance_id, state))
        self._cond.notify_all()

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._closing = False
            self._thread = threading.Thread(target=self._run, name="speaker-simulator", daemon=True)
            self._thread.start()

    def _duration(self, utterance: _Utterance) -> float:
        if not self.realtime:
            return 0.0
        return estimated_seconds(utterance.text, utterance.language, utterance.rate) * self.time_scale

    # -- the simulator's thread --

    def _run(self) -> None:
        with self._cond:
            while True:
                if self._events:
                    event = self._events.popleft()
                    listener = self._listener
                    self._delivering = True
                    self._cond.release()
                    try:
                        if listener is not None:
                            listener(*event)
                    except Exception:  # a failing listener must not stop the speaker
                        log.exception("speaker listener failed")
                    finally:
                        self._cond.acquire()
                        self._delivering = False
                        self._cond.notify_all()
                    continue
                if self._closing:
                    return
                now = time.monotonic()
                if self._current is None and self._queue and not self._paused:
                    utterance = self._current = self._queue.popleft()
                    self._ends_at = now + self._duration(utterance)
                    self._spoken.append((utterance.text, utterance.language, utterance.rate, utterance.volume))
                    self._post(utterance.id, SPEAKING)
                    continue
                if self._current is not None and not self._paused and now >= self._ends_at:
                    self._post(self._current.id, DONE)
                    self._current = None
                    continue
                wait = self._ends_at - now if self._current is not None and not self._paused else None
                self._cond.wait(wait)
