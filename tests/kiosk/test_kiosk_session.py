"""kiosk.session: transitions, idle handling with a fake clock, wiping, logging."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest

from kiosk.session import AccessibilitySettings, Event, InvalidTransition, Session, State


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class Card:
    """Looks like drivers.idcard.IdCardData as far as logging is concerned."""

    name: str = "王小明"
    id_number: str = "11010519491231002X"
    address: str = "北京市朝阳区建国路88号"

    def __str__(self) -> str:
        return f"{self.name} {self.id_number} {self.address}"


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


def kinds(events):
    return [(e.kind, e.old, e.new, e.reason) for e in events]


def test_full_path_with_identification(session, events):
    assert session.state is State.ATTRACT
    session.touch()
    assert session.state is State.MENU
    session.choose_service("filing", needs_identity=True)
    assert session.state is State.IDENTIFY
    assert session.data.service == "filing"
    card = Card()
    session.identified(card)
    assert session.state is State.SERVICE
    assert session.data.identity is card
    session.finish("submitted")
    assert session.state is State.DONE
    assert kinds(events) == [
        ("transition", State.ATTRACT, State.MENU, "touch"),
        ("transition", State.MENU, State.IDENTIFY, "filing"),
        ("transition", State.IDENTIFY, State.SERVICE, "identified"),
        ("transition", State.SERVICE, State.DONE, "submitted"),
    ]


def test_service_without_identity_goes_straight_to_service(session):
    session.touch()
    session.choose_service("fee_calculator", needs_identity=False)
    assert session.state is State.SERVICE


def test_known_identity_is_not_asked_again(session):
    session.touch()
    session.choose_service("my_cases", needs_identity=True)
    session.identified(Card())
    session.back()
    assert session.state is State.MENU
    session.choose_service("filing", needs_identity=True)
    assert session.state is State.SERVICE


def test_back_and_cancel(session, events):
    session.touch()
    session.choose_service("filing", needs_identity=True)
    session.back()
    assert session.state is State.MENU
    session.choose_service("filing", needs_identity=False)
    session.data.form["claims"] = "还款10万元"
    session.data.scans.append(b"page")
    session.cancel()
    assert session.state is State.MENU
    assert session.data.form == {} and session.data.scans == [] and session.data.service is None
    # back from the menu leaves the session
    generation = session.generation
    session.back()
    assert session.state is State.ATTRACT
    assert session.generation == generation + 1
    assert events[-1].kind == "reset" and events[-1].reason == "user exit"


def test_done_back_to_menu_or_cancel(session):
    session.touch()
    session.choose_service("print", needs_identity=False)
    session.finish("printed")
    session.back()
    assert session.state is State.MENU
    session.choose_service("print", needs_identity=False)
    session.finish("printed")
    session.cancel()
    assert session.state is State.ATTRACT


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ([], lambda s: s.choose_service("filing", needs_identity=True)),
        ([], lambda s: s.identified(Card())),
        ([], lambda s: s.finish("submitted")),
        ([], lambda s: s.back()),
        ([], lambda s: s.cancel()),
        (["touch"], lambda s: s.identified(Card())),
        (["touch"], lambda s: s.finish("submitted")),
        (["touch", "identify"], lambda s: s.finish("submitted")),
        (["touch", "identify"], lambda s: s.choose_service("x", needs_identity=False)),
        (["touch", "service"], lambda s: s.identified(Card())),
        (["touch", "service"], lambda s: s.choose_service("x", needs_identity=False)),
        (["touch", "service", "finish"], lambda s: s.finish("submitted")),
        (["touch", "service", "finish"], lambda s: s.identified(Card())),
    ],
)
def test_invalid_transitions_raise_and_change_nothing(session, events, setup, action):
    steps = {
        "touch": lambda s: s.touch(),
        "identify": lambda s: s.choose_service("filing", needs_identity=True),
        "service": lambda s: s.choose_service("guide", needs_identity=False),
        "finish": lambda s: s.finish("done_reading"),
    }
    for step in setup:
        steps[step](session)
    before, count = session.state, len(events)
    with pytest.raises(InvalidTransition):
        action(session)
    assert session.state is before
    assert len(events) == count


def test_reasons_must_be_codes_not_text(session):
    session.touch()
    with pytest.raises(ValueError):
        session.choose_service("王小明的立案", needs_identity=False)
    session.choose_service("filing", needs_identity=False)
    with pytest.raises(ValueError):
        session.finish("Submitted for 王小明")
    with pytest.raises(ValueError):
        session.reset("")


def test_idle_warning_countdown_and_reset(session, events, clock):
    session.touch()
    clock.advance(59)
    session.tick()
    assert not session.idle_warning_active
    clock.advance(1)
    session.tick()
    assert session.idle_warning_active
    assert (events[-1].kind, events[-1].remaining) == ("idle_warning", 10)
    clock.advance(3.5)
    session.tick()
    assert (events[-1].kind, events[-1].remaining) == ("idle_warning", 7)  # 6.5 s, shown as 7
    clock.advance(6.5)
    session.tick()
    assert session.state is State.ATTRACT
    assert events[-1] == Event("reset", State.MENU, State.ATTRACT, "idle timeout")
    assert not session.idle_warning_active


def test_activity_during_warning_cancels_it(session, events, clock):
    session.touch()
    session.choose_service("filing", needs_identity=True)
    clock.advance(65)
    session.tick()
    assert session.idle_warning_active
    session.touch()
    assert not session.idle_warning_active
    assert events[-1].kind == "idle_cleared"
    assert session.state is State.IDENTIFY
    clock.advance(59)
    session.tick()
    assert events[-1].kind == "idle_cleared"  # timer restarted from the touch
    clock.advance(1)
    session.tick()
    assert events[-1].kind == "idle_warning"


def test_transitions_count_as_activity(session, clock):
    session.touch()
    clock.advance(50)
    session.choose_service("filing", needs_identity=False)
    clock.advance(50)
    session.tick()
    assert not session.idle_warning_active


def test_tick_takes_an_explicit_time(session, events):
    session.touch()
    session.tick(now=60)
    assert events[-1].kind == "idle_warning"
    session.tick(now=70)
    assert session.state is State.ATTRACT


def test_a_late_tick_resets_directly(session, events, clock):
    session.touch()
    clock.advance(1000)
    session.tick()
    assert session.state is State.ATTRACT
    assert [e.kind for e in events] == ["transition", "reset"]


def test_attract_has_no_idle_handling(session, events, clock):
    clock.advance(10_000)
    session.tick()
    assert events == []
    assert session.state is State.ATTRACT


def test_done_times_out(session, events, clock):
    session.touch()
    session.choose_service("print", needs_identity=False)
    session.finish("printed")
    clock.advance(19)
    session.tick()
    assert session.state is State.DONE
    assert events[-1].kind == "transition"  # no idle warning on DONE
    clock.advance(1)
    session.tick()
    assert session.state is State.ATTRACT
    assert events[-1].reason == "done"


def test_reset_wipes_everything(session, clock, tmp_path):
    session.touch()
    session.choose_service("filing", needs_identity=True)
    session.identified(Card())
    data = session.data
    data.form.update({"plaintiff": "王小明", "phone": "13812345678"})
    data.scans.append(b"scan")
    scan_file = session.register_temp_file(tmp_path / "scan-1.png")
    scan_file.write_bytes(b"png")
    scan_dir = tmp_path / "pages"
    scan_dir.mkdir()
    (scan_dir / "p1.png").write_bytes(b"png")
    session.register_temp_file(scan_dir)
    session.register_temp_file(tmp_path / "never-written.png")  # missing: ignored
    data.settings.language = "en"
    data.settings.text_size = "XL"
    data.settings.scheme = "yellow_on_black"
    data.settings.speech_volume = 1.0
    data.settings.speech = True
    hooks: list[int] = []
    session.wipe_hooks.append(lambda: hooks.append(session.generation))

    session.reset("staff")

    assert session.state is State.ATTRACT
    assert not scan_file.exists() and not scan_dir.exists()
    assert hooks == [1]  # ran once, after the generation moved on
    fresh = session.data
    assert fresh is not data
    assert fresh.identity is None and fresh.service is None
    assert fresh.form == {} and fresh.scans == [] and fresh.temp_files == []
    assert fresh.settings == AccessibilitySettings(language="zh_CN")
    # anyone still holding the old containers sees them emptied
    assert data.form == {} and data.scans == [] and data.identity is None


def test_reset_restores_the_configured_language(clock):
    session = Session(clock=clock, language="en")
    session.touch()
    session.data.settings.language = "zh_CN"
    session.reset("staff")
    assert session.data.settings.language == "en"


def test_generation_increments_on_every_reset(session):
    assert session.generation == 0
    session.reset("startup")  # allowed in ATTRACT too
    session.touch()
    session.reset("staff")
    assert session.generation == 2


def test_failing_hook_or_observer_does_not_stop_the_wipe(session, tmp_path, caplog):
    def bad_hook():
        raise RuntimeError("device gone")

    def bad_observer(event):
        raise RuntimeError("ui broke")

    seen = []
    session.wipe_hooks.append(bad_hook)
    session.subscribe(bad_observer)
    session.subscribe(seen.append)
    session.touch()
    path = session.register_temp_file(tmp_path / "x.tmp")
    path.write_text("x")
    session.reset("staff")
    assert not path.exists()
    assert seen[-1].kind == "reset"
    assert "wipe hook failed" in caplog.text


def test_unsubscribe(session):
    seen = []
    unsubscribe = session.subscribe(seen.append)
    session.touch()
    unsubscribe()
    session.reset("staff")
    assert len(seen) == 1


def test_logs_carry_transitions_but_no_personal_data(session, clock, caplog, tmp_path):
    caplog.set_level(logging.DEBUG, logger="kiosk.session")
    card = Card()
    session.touch()
    session.choose_service("filing", needs_identity=True)
    session.identified(card)
    session.data.form["phone"] = "13812345678"
    session.register_temp_file(tmp_path / "王小明-scan.png")
    clock.advance(61)
    session.tick()
    session.touch()
    session.finish("submitted")
    session.reset("staff")
    text = caplog.text
    assert "IDENTIFY -> SERVICE reason=identified" in text
    assert "SERVICE -> DONE reason=submitted" in text
    assert "DONE -> ATTRACT reason=staff" in text
    assert all(r.name == "kiosk.session" for r in caplog.records)
    for secret in (card.name, card.id_number, card.address, "13812345678", "王小明-scan", str(tmp_path)):
        assert secret not in text
    for record in caplog.records:
        for arg in record.args or ():
            assert arg is not card


def test_from_config(clock, tmp_path, monkeypatch):
    import kiosk.config as config

    monkeypatch.setattr(config, "default_config_path", lambda: tmp_path / "kiosk.toml")
    cfg = config.load_config(env={"KIOSK_SESSION__IDLE_WARNING_SECONDS": "30", "KIOSK_KIOSK__LANGUAGE": "en"})
    session = Session.from_config(cfg, clock=clock)
    assert session.idle_warning_seconds == 30
    assert session.countdown_seconds == 30
    assert session.data.settings.language == "en"
