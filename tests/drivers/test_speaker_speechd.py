"""The QtTextToSpeech speaker on the real stack: a private speech-dispatcher with espeak-ng
speaking into a PulseAudio null sink (tests/speech_stack.py)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from drivers.speaker import Speaker
from drivers.speaker.qt_backend import QtSpeaker, probe_speechd
from tests import speech_stack

pytestmark = [
    pytest.mark.slow,  # a real stack (speech-dispatcher, PulseAudio)
    # QtTextToSpeech loads QtMultimedia, which looks for PipeWire first and says so (harmless)
    pytest.mark.qt_log_ignore(r"Couldn't load pipewire-0\.3 library", r"Couldn't resolve pipewire-0\.3 symbols"),
]

PROMPT = "请选择您需要的服务"


class Events:
    def __init__(self) -> None:
        self.items: list[tuple[int, str, float, str]] = []
        self._cond = threading.Condition()

    def __call__(self, utterance_id: int, state: str) -> None:
        with self._cond:
            self.items.append((utterance_id, state, time.monotonic(), threading.current_thread().name))
            self._cond.notify_all()

    def of(self, utterance_id: int) -> list[str]:
        with self._cond:
            return [state for uid, state, *_ in self.items if uid == utterance_id]

    def at(self, utterance_id: int, state: str) -> float:
        with self._cond:
            return next(t for uid, s, t, _ in self.items if uid == utterance_id and s == state)

    def wait_for(self, utterance_id: int, states, timeout: float = 15.0) -> str:
        states = (states,) if isinstance(states, str) else states
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                seen = [s for uid, s, *_ in self.items if uid == utterance_id and s in states]
                if seen:
                    return seen[0]
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"utterance {utterance_id} never reported {states}: {self.items}"
                self._cond.wait(remaining)


@pytest.fixture(scope="module")
def stack(qapp):
    stack = speech_stack.acquire()
    yield stack
    speech_stack.release()


@pytest.fixture
def speaker(stack):
    if stack.speechd_pid is None:  # a test killed it
        stack.start_speechd()
    device = QtSpeaker(address=stack.address)
    events = Events()
    device.set_listener(events)
    device.events = events
    yield device
    device.close()
    assert device._thread is None and device._watchdog is None  # joined


def test_opens_with_the_mandarin_and_english_voices(speaker):
    assert isinstance(speaker, Speaker)
    usable = speaker.is_usable()
    assert usable.ok, usable.reason
    assert "not found" not in usable.reason  # both voices were found by name
    assert speaker.voices == {"zh_CN": speech_stack.MANDARIN, "en": speech_stack.ENGLISH}
    engine = speaker._thread.engine
    assert {key: voice.name() for key, voice in engine._voices.items()} == speaker.voices


def test_opens_in_a_kiosk_whose_default_locale_is_zh_cn(stack):
    """The kiosk's language switch makes zh_CN the default locale, which no espeak-ng voice has
    (Mandarin is listed under C): speechd's engine fails to start in it unless it is made in another."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    device = QtSpeaker(address=stack.address)
    try:
        usable = device.is_usable()
        assert usable.ok, usable.reason
        assert QLocale().name() == "zh_CN"  # the kiosk's locale is back once the engine is made
    finally:
        device.close()
        QLocale.setDefault(before)


def test_says_mandarin_then_english_speaking_then_done_without_blocking(speaker):
    assert speaker.is_usable().ok
    events = speaker.events
    start = time.monotonic()
    first = speaker.say(PROMPT, "zh_CN")
    second = speaker.enqueue("Please choose the service you need.", "en", rate=0.5, volume=0.5)
    assert time.monotonic() - start < 0.05  # the calls only post
    events.wait_for(first, "speaking", timeout=5)
    assert events.at(first, "speaking") - start < 0.3
    events.wait_for(second, "done", timeout=30)
    assert events.of(first) == ["speaking", "done"]
    assert events.of(second) == ["speaking", "done"]
    assert events.at(first, "done") - events.at(first, "speaking") > 1.0  # it took a voice's time
    threads = {thread for *_, thread in events.items}  # the QThread (a "Dummy" thread to Python)
    assert len(threads) == 1 and threading.main_thread().name not in threads


def test_say_and_stop_interrupt(speaker):
    assert speaker.is_usable().ok
    events = speaker.events
    long = speaker.say("这是一个比较长的句子，用来测试打断。" * 3)
    events.wait_for(long, "speaking", timeout=5)
    queued = speaker.enqueue("排队的话")
    now = speaker.say("新的屏幕。请选择。")
    events.wait_for(now, "speaking", timeout=5)
    assert events.of(long) == ["speaking", "done"]
    assert events.of(queued) == ["done"]
    assert events.at(now, "speaking") - events.at(long, "done") < 3.0
    speaker.stop()
    events.wait_for(now, "done", timeout=5)
    after = speaker.say("停了以后还能说")
    events.wait_for(after, "speaking", timeout=5)
    events.wait_for(after, "done", timeout=30)


def test_pause_and_resume(speaker):
    assert speaker.is_usable().ok
    events = speaker.events
    uid = speaker.say("第一句话。第二句话。第三句话。")
    events.wait_for(uid, "speaking", timeout=5)
    time.sleep(0.5)
    speaker.pause()
    events.wait_for(uid, "paused", timeout=5)
    time.sleep(1.0)
    assert events.of(uid) == ["speaking", "paused"]
    speaker.resume()
    assert events.wait_for(uid, ("done", "error"), timeout=30) == "done"
    assert events.of(uid) == ["speaking", "paused", "speaking", "done"]
    again = speaker.say("继续说")  # the server still speaks for everyone after a pause
    assert events.wait_for(again, ("done", "error"), timeout=30) == "done"


def test_a_hanging_server_never_blocks_the_caller(speaker, stack):
    assert speaker.is_usable().ok
    events = speaker.events
    uid = speaker.say("这是一个比较长的句子，用来测试语音调度程序停住不动的情况。")
    events.wait_for(uid, "speaking", timeout=5)
    os.kill(stack.speechd_pid, signal.SIGSTOP)  # alive but answering nothing
    try:
        start = time.monotonic()
        calls = [speaker.say("停住以后"), speaker.enqueue("再排一句")]  # the say cancels: that call hangs
        speaker.pause(), speaker.resume()
        assert time.monotonic() - start < 0.1
        assert events.wait_for(uid, ("done", "error"), timeout=5) == "done"  # interrupted
        for utterance in calls:  # the watchdog gives up on what waits behind the hanging call
            assert events.wait_for(utterance, ("done", "error"), timeout=20) == "error"
        start = time.monotonic()
        speaker.stop(), speaker.say("还在停"), speaker.is_usable()
        assert time.monotonic() - start < 0.1
        usable = speaker.is_usable()
        assert not usable.ok, usable.reason
        assert not probe_speechd(stack.address, timeout=0.5)
    finally:
        os.kill(stack.speechd_pid, signal.SIGCONT)


def test_a_server_killed_mid_utterance_gives_error_then_speaks_again_when_back(speaker, stack):
    assert speaker.is_usable().ok
    events = speaker.events
    uid = speaker.say("这是一个比较长的句子，用来测试语音调度程序在说话的过程中被杀掉的情况。")
    events.wait_for(uid, "speaking", timeout=5)
    killed = time.monotonic()
    stack.kill_speechd()
    assert events.wait_for(uid, ("done", "error"), timeout=10) == "error"
    assert events.at(uid, "error") - killed < 4.0  # the watchdog noticed, Qt alone says nothing
    usable = speaker.is_usable()
    assert not usable.ok and "speech-dispatcher" in usable.reason
    start = time.monotonic()
    later = speaker.say("没有服务器")
    assert time.monotonic() - start < 0.05
    assert events.wait_for(later, ("done", "error"), timeout=10) == "error"
    stack.start_speechd()
    back = speaker.say("服务器回来了")  # a new engine for it
    assert events.wait_for(back, ("done", "error"), timeout=30) == "done", speaker.is_usable().reason
    assert speaker.is_usable().ok
