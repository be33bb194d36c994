"""The session controller (kiosk.services.session_control): the session's transitions, idle warnings
and resets as Qt signals; a reset bumps the session generation and runs the wipe hooks. Time is a fake
clock and `session.tick()` stands for the one-second timer (it cannot run without a Qt application)."""

from __future__ import annotations

from kiosk.services import session_control
from kiosk.session import Session, State
from kiosk.workers import Generation
from tests.services import fakes


def _controller(clock=None, **timeouts):
    generation = Generation()
    controller = session_control.SessionController(Session(clock=clock or fakes.FakeClock(), **timeouts), generation)
    signals = {name: fakes.recorder(getattr(controller, name))
               for name in ("state_changed", "idle_warning", "idle_cleared", "was_reset")}
    return controller, generation, signals


def test_the_configured_timeouts_and_language_are_used(tmp_path):
    config = fakes.make_config(tmp_path, **{"session.idle_warning_seconds": 45, "session.countdown_seconds": 15,
                                            "session.done_seconds": 8, "kiosk.language": "en"})
    spec = session_control.SERVICE
    controller = spec.factory(fakes.make_deps(spec, config))
    session = controller.session
    assert (session.idle_warning_seconds, session.countdown_seconds, session.done_seconds) == (45, 15, 8)
    assert controller.data.settings.language == "en"
    assert controller.state is State.ATTRACT


def test_each_transition_is_signalled_with_its_reason():
    controller, _, signals = _controller()
    controller.activity()  # a touch on the attract screen is start(), not activity
    assert controller.state is State.ATTRACT
    controller.start()
    controller.start()  # already on the menu
    controller.choose_service("filing", needs_identity=True)
    controller.identified(fakes.person())
    controller.finish("submitted")
    controller.back()
    assert signals["state_changed"] == [
        (State.ATTRACT, State.MENU, "touch"),
        (State.MENU, State.IDENTIFY, "filing"),
        (State.IDENTIFY, State.SERVICE, "identified"),
        (State.SERVICE, State.DONE, "submitted"),
        (State.DONE, State.MENU, "back"),
    ]
    assert signals["was_reset"] == []


def test_a_service_without_identity_goes_straight_to_it():
    controller, _, signals = _controller()
    controller.start()
    controller.choose_service("fee_calculator", needs_identity=False)
    assert signals["state_changed"][-1] == (State.MENU, State.SERVICE, "fee_calculator")


def test_a_reset_bumps_the_generation_runs_the_wipe_hooks_and_forgets_the_identity():
    controller, generation, signals = _controller()
    wiped = fakes.Calls()
    controller.add_wipe_hook(wiped)
    controller.start()
    controller.choose_service("filing", needs_identity=True)
    controller.identified(fakes.person())

    controller.reset("user exit")

    assert generation.value == 1
    assert wiped.count == 1
    assert signals["was_reset"] == ["user exit"]
    assert controller.state is State.ATTRACT and controller.data.identity is None
    controller.reset("user exit")
    assert generation.value == 2


def test_idle_time_warns_counts_down_and_resets():
    clock = fakes.FakeClock()
    controller, generation, signals = _controller(clock, idle_warning_seconds=60, countdown_seconds=20)
    controller.start()

    clock.advance(59)
    controller.session.tick()
    assert signals["idle_warning"] == []
    clock.advance(1)
    controller.session.tick()
    clock.advance(5)
    controller.session.tick()
    assert signals["idle_warning"] == [20, 15]

    controller.activity()  # a touch during the warning
    assert signals["idle_cleared"] == [()]
    assert controller.state is State.MENU

    clock.advance(80)
    controller.session.tick()
    assert signals["was_reset"] == ["idle timeout"]
    assert controller.state is State.ATTRACT and generation.value == 1


def test_the_done_screen_resets_after_its_time():
    clock = fakes.FakeClock()
    controller, generation, signals = _controller(clock, done_seconds=10)
    controller.start()
    controller.choose_service("fee_calculator", needs_identity=False)
    controller.finish("printed")
    clock.advance(9)
    controller.session.tick()
    assert signals["was_reset"] == []
    clock.advance(1)
    controller.session.tick()
    assert signals["was_reset"] == ["done"] and generation.value == 1
