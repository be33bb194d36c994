"""绿色通道 in the real app (simulated devices, embedded sandbox): the tile and the attract screen's offer
switch the mode on and open its screen; each setting restyles the app at once and is said; the next
person gets the default look and settings (volume included); in the mode the idle warning comes three
times later, lasts three times longer and is spoken, and Continue stops it.

What is said: the kiosk's announcer (its transcript, the simulator speaker) where it exists; without
it, a fake announcer (tests/services/green_fakes.py) put where the window's parts hold theirs."""

from __future__ import annotations

import importlib.util
import logging
import time

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.session import AccessibilitySettings
from tests.services.green_fakes import FakeAnnouncer
from tests.ui.steps import click, screen


class Speech:
    """What the kiosk said: (kind, text) pairs, from the real announcer's transcript or the fake's."""

    def __init__(self, window, services) -> None:
        self.real = services.get("announcer")
        assert self.real is not None or importlib.util.find_spec("kiosk.services.announcer") is None
        if self.real is None:
            self.fake = FakeAnnouncer(lambda: services.session.data.settings)
            services.green_channel._announcer = self.fake
            window.green_channel._announcer = self.fake
            window.overlay._announcer = self.fake

    def said(self) -> list[tuple[str, str]]:
        if self.real is not None:
            return [(u.kind, u.text) for u in self.real.transcript]
        return list(self.fake.said)

    def texts(self) -> list[str]:
        return [text for _kind, text in self.said()]

    def clear(self) -> None:
        if self.real is not None:
            self.real.clear_transcript()
        else:
            self.fake.said.clear()


@pytest.fixture
def green(qtbot, app_parts):
    """The app in English (the texts asserted are the English sources), its speech recorded."""
    def build(**overrides):
        window, core, services = app_parts(**{"kiosk.language": "en", **overrides})
        return window, services, Speech(window, services)
    return build


def select(widget):
    """Choose a control as the keypad's select (or the talking fingertip's second touch) does: in speech
    mode a first touch only says what it is (ui.accessibility)."""
    widget.click()


def look():
    return QApplication.instance().property("kioskTheme")


def open_from_tile(qtbot, window):
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["green_channel"])
    qtbot.waitUntil(lambda: screen(window) == "green_channel")
    return window.green_channel


def test_the_tile_opens_the_screen_without_an_id_card_and_turns_the_mode_on(qtbot, green, caplog):
    window, services, speech = green()
    assert window.menu.is_available("green_channel")
    with caplog.at_level(logging.INFO, logger="kiosk.green_channel"):
        page = open_from_tile(qtbot, window)
    settings = services.session.data.settings
    assert settings.green_channel and settings.speech
    assert (settings.text_size, settings.scheme) == ("M", "standard")
    assert any("source=tile" in r.getMessage() for r in caplog.records)
    assert window.title_label.text() == "Green channel"
    assert page.sizes["M"].isChecked() and page.sizes["M"].text() == "✓ Medium"
    assert page.schemes["standard"].isChecked()
    assert page.speech.text() == "Speech: on"
    assert window.green_channel.continue_button.isVisible()  # in the footer
    qtbot.waitUntil(lambda: any("Choose what helps you" in t for t in speech.texts()))  # said as it came on


def test_the_five_keys_reach_every_control_of_the_screen(qtbot, green):
    window, services, _ = green()
    page = open_from_tile(qtbot, window)
    reachable = set(page.focus_widgets())
    controls = [b for b in page.findChildren(QPushButton) if b.isVisibleTo(window) and b.isEnabled()]
    controls.append(page.continue_button)
    assert len(controls) >= 15
    missing = [b.objectName() for b in controls if b not in reachable]
    assert missing == []
    assert page.focus_widgets()[0] is page.sizes["S"]


def test_each_size_and_scheme_restyles_the_app_at_once_and_is_said(qtbot, green):
    window, services, speech = green()
    page = open_from_tile(qtbot, window)
    assert look() == "M/standard"
    select(page.sizes["XL"])
    assert look() == "XL/standard"
    assert "font-size: 40px" in QApplication.instance().styleSheet()  # XL body text
    assert services.session.data.settings.text_size == "XL"
    assert page.sizes["XL"].text() == "✓ Extra large" and not page.sizes["M"].isChecked()
    select(page.schemes["yellow_on_black"])
    assert look() == "XL/yellow_on_black"
    assert "#ffff00" in QApplication.instance().styleSheet()
    assert "#00ffff" in page.schemes["standard"].styleSheet()  # the focus ring follows the scheme
    select(page.sizes["S"])
    select(page.schemes["black_on_white"])
    assert look() == "S/black_on_white"
    qtbot.waitUntil(lambda: [t for t in speech.texts() if t.startswith(("Text size:", "Colours:"))] == [
        "Text size: Extra large", "Colours: Yellow on black", "Text size: Small", "Colours: Black on white"])


def test_each_size_is_drawn_at_its_own_size_and_each_scheme_in_its_own_colours(qtbot, green):
    window, services, _ = green()
    page = open_from_tile(qtbot, window)
    heights = [page.sizes[s].fontMetrics().height() for s in ("S", "M", "L", "XL")]
    assert heights == sorted(heights) and len(set(heights)) == 4
    assert "background: #000000; color: #ffff00" in page.schemes["yellow_on_black"].styleSheet()
    assert "background: #ffffff; color: #000000" in page.schemes["black_on_white"].styleSheet()


def test_speech_volume_and_speed_show_their_value_and_say_it(qtbot, green):
    window, services, speech = green()
    page = open_from_tile(qtbot, window)
    settings = services.session.data.settings
    assert page.volume.text() == "Volume 80%"
    select(page.louder)
    assert settings.speech_volume == 0.9 and page.volume.text() == "Volume 90%"
    select(page.quieter)
    select(page.quieter)
    assert page.volume.text() == "Volume 70%"
    assert page.rate.text() == "Speed: normal"
    select(page.faster)
    assert settings.speech_rate == 0.25 and page.rate.text() == "Speed: +1"
    select(page.slower)
    select(page.slower)
    assert page.rate.text() == "Speed: −1"
    if speech.real is not None:  # the announcer says the steps itself, as for the keypad's keys
        said = ["Volume 90%", "Volume 80%", "Volume 70%", "Faster, level 1", "Normal speed", "Slower, level 1"]
    else:
        said = ["Volume 90%", "Volume 80%", "Volume 70%", "Speed: +1", "Speed: normal", "Speed: −1"]
    qtbot.waitUntil(lambda: [t for t in speech.texts() if t.startswith(("Volume", "Speed", "Faster", "Slower",
                                                                        "Normal"))] == said)
    speech.clear()
    select(page.repeat)
    qtbot.waitUntil(lambda: speech.texts() and speech.texts()[-1].startswith("Green channel. Choose what helps you"))


def test_speech_off_is_said_then_nothing_more_is_said(qtbot, green):
    window, services, speech = green()
    page = open_from_tile(qtbot, window)
    select(page.speech)
    assert services.session.data.settings.speech is False
    assert page.speech.text() == "Speech: off" and not page.louder.isEnabled()
    select(page.sizes["L"])
    qtbot.wait(100)
    assert speech.texts()[-1] == "Speech off"
    select(page.speech)
    assert page.speech.text() == "Speech: on" and page.louder.isEnabled()
    assert page.louder in page.focus_widgets()
    qtbot.waitUntil(lambda: speech.texts()[-1] == "Speech on")


def test_continue_goes_to_the_services_with_the_settings_kept(qtbot, green):
    window, services, _ = green()
    page = open_from_tile(qtbot, window)
    select(page.sizes["L"])
    select(page.continue_button)
    assert screen(window) == "menu"
    assert look() == "L/standard"
    assert services.session.data.settings.green_channel


def test_every_setting_resets_for_the_next_person(qtbot, green):
    window, services, speech = green()
    page = open_from_tile(qtbot, window)
    for b in (page.sizes["XL"], page.schemes["white_on_black"], page.louder, page.faster, page.speech):
        select(b)
    settings = services.session.data.settings
    assert (settings.text_size, settings.scheme, settings.speech_volume, settings.speech_rate, settings.speech) == (
        "XL", "white_on_black", 0.9, 0.25, False)
    assert look() == "XL/white_on_black"
    click(qtbot, window.home_button)  # start over: the next person
    assert screen(window) == "attract"
    fresh = services.session.data.settings
    assert fresh == AccessibilitySettings(language="en")
    assert look() == "M/standard"
    assert services.session.session.timeout_factor == 1
    assert page.sizes["M"].isChecked() and page.schemes["standard"].isChecked()
    assert page.volume.text() == "Volume 80%" and page.rate.text() == "Speed: normal"


def test_the_attract_offer_enters_the_mode(qtbot, green, caplog):
    window, services, _ = green()
    offer = window.attract.green
    assert offer.isVisible() and offer.text() == "Green channel: speech, large text, keypad"
    assert "greenChannelOffer" in window.attract.spec.focus
    with caplog.at_level(logging.INFO, logger="kiosk.green_channel"):
        click(qtbot, offer)
    assert screen(window) == "green_channel"
    settings = services.session.data.settings
    assert settings.green_channel and settings.speech
    sources = [r.getMessage() for r in caplog.records if r.name == "kiosk.green_channel"]
    assert sources == ["green channel on source=attract already=False speech=True"]  # not again as "tile"


def countdown(speech):
    """What the idle warning said."""
    return [(kind, text) for kind, text in speech.said() if "seconds" in text]


def test_timeouts_are_three_times_longer_with_a_spoken_countdown(qtbot, green):
    window, services, speech = green(**{"session.idle_warning_seconds": 10, "session.countdown_seconds": 10})
    open_from_tile(qtbot, window)
    select(window.green_channel.continue_button)
    speech.clear()
    session = services.session.session
    start = time.monotonic()
    session.tick(start + 12)  # the ordinary warning would be up
    assert not window.overlay.isVisible()
    session.tick(start + 31)  # 3 x 10 s: the warning, with 3 x 10 s to go
    assert window.overlay.isVisible()
    assert window.overlay.countdown.text() == "Everything you entered will be cleared in 29 s."
    for second in range(32, 57):  # one tick a second, down to 4 s left
        session.tick(start + second)
    qtbot.waitUntil(lambda: len(countdown(speech)) >= 5)
    assert countdown(speech) == [
        ("error", "Are you still there? Everything you entered will be cleared in 29 seconds. "
                  "Touch Continue or press any key to keep going."),
        ("change", "20 seconds."), ("change", "10 seconds."), ("change", "5 seconds."), ("change", "4 seconds.")]
    select(window.overlay.button)  # Continue: the warning and its speaking stop
    assert not window.overlay.isVisible()
    assert screen(window) == "menu"
    if speech.real is None:
        assert speech.fake.calls[-1] == ("stop",)
    session.tick(time.monotonic() + 29)  # the wait starts again from Continue: still 3 x 10 s
    assert not window.overlay.isVisible()
    assert len(countdown(speech)) == 5


def test_the_countdown_is_silent_and_ordinary_without_the_green_channel(qtbot, green):
    window, services, speech = green(**{"session.idle_warning_seconds": 10, "session.countdown_seconds": 10})
    click(qtbot, window.attract.start)
    session = services.session.session
    start = time.monotonic()
    session.tick(start + 11)
    assert window.overlay.isVisible()
    session.tick(start + 21)
    assert screen(window) == "attract"
    assert countdown(speech) == []
