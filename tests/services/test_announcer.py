"""The announcer: what a litigant hears, when, in which language, at which rate and volume, and
that a session reset silences it and brings the defaults back. No Qt application: the speaker's
states come back through a dispatcher the test runs by hand (the GUI thread's part)."""

from __future__ import annotations

import logging
import queue
import time

import pytest

from drivers.speaker.simulator import SimulatedSpeaker
from kiosk.services import announcer as announcer_module
from kiosk.services.announcer import Announcer, Utterance, join
from kiosk.services.registry import ConfigView, Deps
from kiosk.session import AccessibilitySettings, Session


class QueuedDispatcher:
    """Collects what the speaker's thread posts; ``run_until`` runs it on the test's thread."""

    def __init__(self) -> None:
        self._calls: queue.Queue = queue.Queue()

    def post(self, fn) -> None:
        self._calls.put(fn)

    def run_until(self, condition, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            assert remaining > 0, "condition not met in time"
            try:
                self._calls.get(timeout=min(remaining, 0.05))()
            except queue.Empty:
                pass

    def drain(self) -> None:
        while True:
            try:
                self._calls.get_nowait()()
            except queue.Empty:
                return


class Heard:
    def __init__(self, announcer: Announcer) -> None:
        self.said: list[tuple[str, str]] = []
        self.speaking: list[bool] = []
        announcer.said.connect(lambda kind, text: self.said.append((kind, text)))
        announcer.speaking.connect(self.speaking.append)


def make(realtime=False, time_scale=1.0, speech=True):
    session = Session()
    session.data.settings.speech = speech
    speaker = SimulatedSpeaker(realtime=realtime, time_scale=time_scale)
    dispatcher = QueuedDispatcher()
    announcer = Announcer(speaker, session, dispatcher)
    session.wipe_hooks.append(announcer.reset)  # as kiosk.compose does (on_session_reset)
    return announcer, speaker, session, dispatcher


@pytest.fixture
def parts():
    announcer, speaker, session, dispatcher = make()
    yield announcer, speaker, session, dispatcher
    speaker.close()


def test_a_screen_is_said_as_title_then_prompt_in_the_sessions_language_rate_and_volume(parts):
    announcer, speaker, session, dispatcher = parts
    heard = Heard(announcer)
    settings = session.data.settings
    settings.speech_rate, settings.speech_volume = 0.5, 0.6
    assert announcer.enabled
    announcer.screen("诉讼费计算", "请选择案件类型")
    dispatcher.run_until(lambda: heard.speaking == [True, False])
    assert speaker.spoken == [("诉讼费计算. 请选择案件类型", "zh_CN", 0.5, 0.6)]
    assert heard.said == [("screen", "诉讼费计算. 请选择案件类型")]
    [utterance] = announcer.transcript
    assert isinstance(utterance, Utterance)
    assert (utterance.kind, utterance.text, utterance.language) == ("screen", "诉讼费计算. 请选择案件类型", "zh_CN")
    settings.language = "en"
    announcer.screen("Fee calculator.", "Choose the case type")
    assert speaker.wait_idle()
    assert speaker.spoken[-1] == ("Fee calculator. Choose the case type", "en", 0.5, 0.6)
    assert join("标题", "") == "标题" and join("", "提示") == "提示" and join("标题：", "提示") == "标题： 提示"


def test_speech_off_or_no_speaker_says_nothing(parts):
    announcer, speaker, session, dispatcher = parts
    session.data.settings.speech = False
    heard = Heard(announcer)
    assert not announcer.enabled
    for call in (lambda: announcer.screen("标题", "提示"), lambda: announcer.item("条目"),
                 lambda: announcer.error("错误"), lambda: announcer.change("变化"), lambda: announcer.help("帮助"),
                 announcer.repeat, announcer.louder):
        call()
    assert speaker.wait_idle()
    assert speaker.spoken == [] and announcer.transcript == [] and heard.said == []
    assert session.data.settings.speech_volume == pytest.approx(0.9)  # the setting still changes
    silent = Announcer(None, session, dispatcher)
    session.data.settings.speech = True
    assert not silent.enabled
    assert silent.screen("标题", "提示") is None and silent.transcript == []
    silent.pause(), silent.resume(), silent.stop(), silent.reset()


def test_screens_items_and_errors_interrupt_changes_and_help_wait():
    announcer, speaker, session, dispatcher = make(realtime=True, time_scale=20.0)
    try:
        screen = announcer.screen("我的案件", "请放置身份证")
        change = announcer.change("还剩30秒")
        helped = announcer.help("按上下键选择")
        dispatcher.run_until(lambda: speaker.speaking_now == screen)
        item = announcer.item("刷新")  # interrupts the screen, drops what waited
        dispatcher.run_until(lambda: speaker.speaking_now == item)
        states = dict.fromkeys((screen, change, helped))
        for uid in states:
            states[uid] = [s for i, s in speaker.states if i == uid]
        assert states == {screen: ["speaking", "done"], change: ["done"], helped: ["done"]}
        second = announcer.item("返回")  # a new item interrupts the previous item
        dispatcher.run_until(lambda: speaker.speaking_now == second)
        error = announcer.error("读卡失败")
        dispatcher.run_until(lambda: speaker.speaking_now == error)
        queued = announcer.change("打印完成")
        time.sleep(0.2)
        assert speaker.speaking_now == error and [s for i, s in speaker.states if i == queued] == []
        assert [text for text, *_ in speaker.spoken] == ["我的案件. 请放置身份证", "刷新", "返回", "读卡失败"]
        assert [u.kind for u in announcer.transcript] == ["screen", "change", "help", "item", "item", "error", "change"]
    finally:
        speaker.close()


def test_the_general_say_and_repeat(parts):
    announcer, speaker, session, dispatcher = parts
    announcer.repeat()  # nothing said yet: nothing to repeat
    assert speaker.wait_idle() and speaker.spoken == []
    announcer.screen("取号", "请选择业务")
    announcer.item("立案")
    announcer.say("change", "正在叫号")
    announcer.say("error", "打印机缺纸")
    assert speaker.wait_idle()
    speaker.clear()
    announcer.repeat()
    assert speaker.wait_idle()
    assert [text for text, *_ in speaker.spoken] == ["取号. 请选择业务", "立案"]
    assert [(u.kind, u.text) for u in announcer.transcript[-2:]] == [("repeat", "取号. 请选择业务"), ("repeat", "立案")]
    announcer.screen("菜单", "")  # a new screen: its item is not the old one's
    assert speaker.wait_idle()
    speaker.clear()
    announcer.repeat()
    assert speaker.wait_idle()
    assert [text for text, *_ in speaker.spoken] == ["菜单"]


def test_faster_slower_louder_quieter_stay_within_bounds_and_say_the_new_value(parts):
    announcer, speaker, session, dispatcher = parts
    settings = session.data.settings
    assert announcer.louder() == pytest.approx(0.9)
    assert speaker.wait_idle()
    assert speaker.spoken[-1] == ("Volume 90%", "zh_CN", 0.0, 0.9)  # said at the new volume
    for _ in range(5):
        announcer.louder()
    assert settings.speech_volume == 1.0
    for _ in range(20):
        announcer.quieter()
    assert settings.speech_volume == pytest.approx(0.2)  # never muted by a key
    assert announcer.faster() == 0.25
    assert speaker.wait_idle()
    assert speaker.spoken[-1][0] == "Faster, level 1" and speaker.spoken[-1][2] == 0.25
    for _ in range(10):
        announcer.faster()
    assert settings.speech_rate == 1.0
    for _ in range(12):
        announcer.slower()
    assert settings.speech_rate == -1.0
    assert speaker.wait_idle()
    assert speaker.spoken[-1][0] == "Slower, level 4"
    for _ in range(4):
        announcer.faster()
    assert speaker.wait_idle()
    assert speaker.spoken[-1][0] == "Normal speed"
    assert {u.kind for u in announcer.transcript} == {"setting"}


def test_pause_resume_and_toggle():
    announcer, speaker, session, dispatcher = make(realtime=True, time_scale=20.0)
    heard = Heard(announcer)
    try:
        uid = announcer.screen("阅卷", "请选择文书")
        dispatcher.run_until(lambda: heard.speaking == [True])
        announcer.toggle_pause()
        dispatcher.run_until(lambda: heard.speaking == [True, False])
        assert announcer.paused and [s for i, s in speaker.states if i == uid] == ["speaking", "paused"]
        announcer.toggle_pause()
        dispatcher.run_until(lambda: heard.speaking == [True, False, True])
        assert not announcer.paused
        announcer.stop()
        assert heard.speaking == [True, False, True, False] and not announcer.is_speaking
        assert speaker.wait_idle()
        dispatcher.drain()
        assert heard.speaking == [True, False, True, False]  # the late "done" changes nothing
        assert [s for i, s in speaker.states if i == uid] == ["speaking", "paused", "speaking", "done"]
    finally:
        speaker.close()


def test_a_reset_mid_utterance_stops_it_and_brings_the_defaults_back():
    announcer, speaker, session, dispatcher = make(realtime=True, time_scale=20.0)
    heard = Heard(announcer)
    try:
        settings = session.data.settings
        settings.language, settings.speech_rate, settings.speech_volume = "en", 1.0, 1.0
        uid = announcer.screen("My cases", "Place your ID card")
        dispatcher.run_until(lambda: speaker.speaking_now == uid)
        item = announcer.item("Zhang San, case 2024-17")
        dispatcher.run_until(lambda: speaker.speaking_now == item and heard.speaking == [True])
        session.reset("idle timeout")
        assert speaker.speaking_now is None  # silenced at once, not after the sentence
        assert heard.speaking == [True, False]
        assert announcer.transcript == []  # nothing of the last person is kept
        assert speaker.wait_idle()
        assert [s for i, s in speaker.states if i == uid] == ["speaking", "done"]
        announcer.repeat()  # nothing of the last person to repeat
        assert session.data.settings == AccessibilitySettings()
        assert not announcer.enabled  # speech is off again for the next person
        session.data.settings.speech = True
        announcer.screen("请触摸屏幕", "")
        dispatcher.run_until(lambda: speaker.speaking_now is not None)
        assert speaker.spoken[-1] == ("请触摸屏幕", "zh_CN", 0.0, 0.8)
        assert [text for text, *_ in speaker.spoken] == ["My cases. Place your ID card", "Zhang San, case 2024-17",
                                                         "请触摸屏幕"]
    finally:
        speaker.close()


def test_an_utterance_the_speaker_cannot_say_ends_speaking_and_is_logged_without_its_text(caplog):
    announcer, speaker, session, dispatcher = make(realtime=True, time_scale=20.0)
    heard = Heard(announcer)
    try:
        with caplog.at_level(logging.DEBUG):
            announcer.screen("张三的案件", "案号2024民初17号")
            dispatcher.run_until(lambda: heard.speaking == [True])
            speaker.unplug()
            dispatcher.run_until(lambda: heard.speaking == [True, False])
            announcer.item("李四")
            assert speaker.wait_idle()
            dispatcher.drain()
        assert heard.speaking == [True, False]
        text = caplog.text
        assert "could not say" in text
        for secret in ("张三", "2024", "李四"):
            assert secret not in text
    finally:
        speaker.close()


def test_the_service_declaration_builds_it_from_its_deps(parts):
    _, speaker, session, dispatcher = parts
    spec = announcer_module.SERVICE
    assert (spec.id, spec.uses_devices, spec.requires, spec.on_session_reset) == \
           ("announcer", ("speaker",), ("session",), "reset")

    class SessionService:
        data = session.data

    deps = Deps(spec=spec, config=ConfigView(None, spec.config, spec.id), devices={"speaker": speaker},
                services={"session": SessionService()}, dispatcher=dispatcher)
    built = spec.factory(deps)
    assert isinstance(built, Announcer) and built.enabled
    built.screen("标题", "提示")
    assert speaker.wait_idle()
    assert speaker.spoken[-1][0] == "标题. 提示"
