"""kiosk.session in the green channel: the idle warning comes three times later and its countdown
lasts three times longer; the done screen waits three times longer; the next person starts with the
ordinary timeouts again (a fake clock)."""

from __future__ import annotations

import pytest

from kiosk.session import Event, Session, State


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def session(clock):
    return Session(clock=clock, idle_warning_seconds=60, countdown_seconds=10, done_seconds=20)


@pytest.fixture
def events(session):
    seen: list[Event] = []
    session.subscribe(seen.append)
    return seen


def warnings(events):
    return [e.remaining for e in events if e.kind == "idle_warning"]


def test_the_green_channel_warns_three_times_later_and_counts_down_three_times_longer(session, events, clock):
    session.touch()
    session.data.settings.green_channel = True
    clock.advance(60)  # the ordinary warning would come now
    session.tick()
    assert not session.idle_warning_active
    clock.advance(119.5)
    session.tick()
    assert not session.idle_warning_active
    clock.advance(0.5)  # 180 s = 3 x 60
    session.tick()
    assert session.idle_warning_active
    assert warnings(events) == [30]  # 3 x 10 s countdown
    clock.advance(10)  # the ordinary countdown would have reset the session by now
    session.tick()
    assert session.state is State.MENU
    assert warnings(events)[-1] == 20
    clock.advance(19.5)
    session.tick()
    assert warnings(events)[-1] == 1
    clock.advance(0.5)
    session.tick()
    assert events[-1] == Event("reset", State.MENU, State.ATTRACT, "idle timeout")


def test_ordinary_timeouts_are_unchanged(session, events, clock):
    session.touch()
    assert session.timeout_factor == 1
    clock.advance(60)
    session.tick()
    assert warnings(events) == [10]
    clock.advance(10)
    session.tick()
    assert session.state is State.ATTRACT


def test_activity_in_the_green_channel_restarts_the_longer_wait(session, events, clock):
    session.touch()
    session.data.settings.green_channel = True
    clock.advance(185)
    session.tick()
    assert session.idle_warning_active
    session.touch()  # Continue, or any key
    assert events[-1].kind == "idle_cleared"
    clock.advance(179)
    session.tick()
    assert not session.idle_warning_active


def test_switching_on_during_a_visit_extends_the_wait_at_once(session, events, clock):
    session.touch()
    clock.advance(50)
    session.data.settings.green_channel = True  # the help key, 50 s into the visit
    clock.advance(20)  # 70 s: past the ordinary warning, well before the green channel's
    session.tick()
    assert not session.idle_warning_active
    assert session.timeout_factor == 3


def test_the_done_screen_waits_three_times_longer(session, clock):
    session.touch()
    session.data.settings.green_channel = True
    session.choose_service("fee_calculator", needs_identity=False)
    session.finish("printed")
    clock.advance(20)
    session.tick()
    assert session.state is State.DONE
    clock.advance(40)
    session.tick()
    assert session.state is State.ATTRACT


def test_the_next_person_gets_the_ordinary_timeouts(session, events, clock):
    session.touch()
    session.data.settings.green_channel = True
    session.reset("start over")
    assert session.data.settings.green_channel is False
    assert session.timeout_factor == 1
    session.touch()
    clock.advance(60)
    session.tick()
    assert warnings(events) == [10]
