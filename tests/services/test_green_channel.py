"""The green channel service (kiosk.services.green_channel), without widgets: the three ways in switch
the mode on (speech only where the kiosk can speak), each setting changes the current person's settings
and says so (``changed``), values stay in their range, a reset leaves nothing for the next person, and
only the way in is logged."""

from __future__ import annotations

import logging

import pytest

from kiosk.services import green_channel, registry, session_control
from kiosk.session import AccessibilitySettings, Session, State
from kiosk.workers import Generation
from tests.services import fakes
from tests.services.green_fakes import FakeAnnouncer


def _parts(speaker: bool = True, announcer: bool = True):
    controller = session_control.SessionController(Session(clock=fakes.FakeClock()), Generation())
    fake = FakeAnnouncer(lambda: controller.data.settings, speaker=speaker) if announcer else None
    service = green_channel.GreenChannelService(controller, fake)
    changed = fakes.recorder(service.changed)
    return service, controller, fake, changed


def test_it_is_on_the_menu_as_available_with_its_pictogram():
    spec = registry.discover()["green_channel"]
    assert spec.available and spec.menu == 100 and spec.pictogram == "accessible"
    assert not spec.needs_identity  # the tile needs no ID card
    assert spec.factory is not None and "session" in spec.requires
    assert spec in registry.menu(registry.discover())


@pytest.mark.parametrize("source", ["tile", "help_key", "attract"])
def test_turning_on_sets_the_mode_and_speech_where_the_kiosk_can_speak(source):
    service, controller, announcer, changed = _parts()
    controller.start()
    assert not service.active
    service.turn_on(source)
    settings = controller.data.settings
    assert service.active and settings.green_channel
    assert settings.speech is True
    assert announcer.enabled
    assert changed == [()]
    assert controller.session.timeout_factor == 3
    assert (settings.text_size, settings.scheme) == ("M", "standard")  # unchanged until the person chooses


def test_without_a_speaker_or_an_announcer_speech_stays_off():
    for kwargs in ({"speaker": False}, {"announcer": False}):
        service, controller, _, _ = _parts(**kwargs)
        service.turn_on("tile")
        assert service.active
        assert controller.data.settings.speech is False
        assert service.set_speech(True) is False
        assert controller.data.settings.speech is False


def test_an_unknown_way_in_is_refused():
    service, controller, _, changed = _parts()
    with pytest.raises(ValueError):
        service.turn_on("someone")
    assert not service.active and changed == []


def test_the_chosen_text_size_and_colours_stay_when_turned_on_again():
    service, controller, _, _ = _parts()
    service.turn_on("tile")
    service.set_text_size("XL")
    service.set_scheme("yellow_on_black")
    service.turn_on("help_key")
    settings = controller.data.settings
    assert (settings.text_size, settings.scheme) == ("XL", "yellow_on_black")


def test_each_setting_changes_the_persons_settings_and_signals():
    service, controller, _, changed = _parts()
    service.turn_on("tile")
    changed.clear()
    settings = controller.data.settings
    service.set_text_size("L")
    service.set_scheme("white_on_black")
    service.set_speech(False)
    service.set_speech(True)
    assert (settings.text_size, settings.scheme, settings.speech) == ("L", "white_on_black", True)
    assert len(changed) == 4
    service.set_text_size("L")  # no change, no signal (restyling costs the GUI thread)
    assert len(changed) == 4
    with pytest.raises(ValueError):
        service.set_text_size("XXL")
    with pytest.raises(ValueError):
        service.set_scheme("pink")


def test_volume_and_speed_step_within_their_range():
    service, controller, _, changed = _parts()
    settings = controller.data.settings
    assert settings.speech_volume == 0.8
    assert service.louder() == 0.9
    assert service.louder() == 1.0
    assert service.louder() == 1.0  # the top
    for _ in range(20):
        service.quieter()
    assert settings.speech_volume == green_channel.VOLUME_MIN  # never muted from the screen
    assert service.faster() == 0.25
    for _ in range(10):
        service.faster()
    assert settings.speech_rate == 1.0
    for _ in range(20):
        service.slower()
    assert settings.speech_rate == -1.0
    assert len(changed) == 2 + 8 + 4 + 8  # only real changes: 0.8->1.0, 1.0->0.2, 0->1, 1->-1


def test_a_session_reset_leaves_nothing_for_the_next_person():
    service, controller, _, _ = _parts()
    controller.start()
    service.turn_on("attract")
    service.set_text_size("XL")
    service.set_scheme("black_on_white")
    service.louder()
    service.slower()
    controller.reset("start over")
    assert controller.state is State.ATTRACT
    assert not service.active
    assert controller.data.settings == AccessibilitySettings(language=controller.session.default_language)
    assert controller.session.timeout_factor == 1


def test_turning_off_keeps_the_look_and_ends_speech_and_long_timeouts():
    service, controller, _, changed = _parts()
    service.turn_on("tile")
    service.set_text_size("L")
    service.turn_off()
    settings = controller.data.settings
    assert (settings.green_channel, settings.speech, settings.text_size) == (False, False, "L")
    changed.clear()
    service.turn_off()
    assert changed == []


def test_only_the_way_in_is_logged(caplog):
    service, controller, _, _ = _parts()
    with caplog.at_level(logging.DEBUG, logger="kiosk.green_channel"):
        service.turn_on("help_key")
        service.set_text_size("XL")
        service.set_scheme("yellow_on_black")
    messages = [r.getMessage() for r in caplog.records if r.name == "kiosk.green_channel"]
    assert messages == ["green channel on source=help_key already=False speech=True"]


def test_the_factory_takes_the_session_and_the_announcer_when_there_is_one(tmp_path):
    spec = green_channel.SERVICE
    controller = session_control.SessionController(Session(clock=fakes.FakeClock()), Generation())
    announcer = FakeAnnouncer(lambda: controller.data.settings)
    services = {"session": controller}
    if "announcer" in spec.requires:
        services["announcer"] = announcer
    service = spec.factory(fakes.make_deps(spec, fakes.make_config(tmp_path), services=services))
    service.turn_on("tile")
    assert controller.data.settings.green_channel
    assert controller.data.settings.speech is ("announcer" in spec.requires)


def test_with_the_kiosks_announcer_the_steps_are_its_own_and_said_by_it():
    from kiosk.services.announcer import Announcer
    from tests.services.green_fakes import StubSpeaker

    controller = session_control.SessionController(Session(clock=fakes.FakeClock()), Generation())
    announcer = Announcer(StubSpeaker(), controller, fakes.InlineDispatcher())
    service = green_channel.GreenChannelService(controller, announcer)
    changed = fakes.recorder(service.changed)
    service.turn_on("help_key")
    assert controller.data.settings.speech and service.speaks_steps()
    assert service.louder() == 0.9
    assert service.faster() == 0.25
    assert len(changed) == 3  # turned on, louder, faster
    assert [(u.kind, u.text) for u in announcer.transcript] == [("setting", "Volume 90%"),
                                                                ("setting", "Faster, level 1")]
    for _ in range(3):
        service.louder()
    assert controller.data.settings.speech_volume == 1.0 and len(changed) == 4  # the top: said, no change
