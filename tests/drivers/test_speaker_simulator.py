"""The simulated speaker: what it records, its states, its timing and its scripting."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.speaker import Speaker
from drivers.speaker.base import estimated_seconds, language_key, sentences
from drivers.speaker.simulator import SimulatedSpeaker


class Events:
    """Collects (id, state, thread name) from the speaker's thread."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str, str]] = []
        self._cond = threading.Condition()

    def __call__(self, utterance_id: int, state: str) -> None:
        with self._cond:
            self.items.append((utterance_id, state, threading.current_thread().name))
            self._cond.notify_all()

    def of(self, utterance_id: int) -> list[str]:
        with self._cond:
            return [state for uid, state, _ in self.items if uid == utterance_id]

    def wait_for(self, utterance_id: int, state: str, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while state not in [s for uid, s, _ in self.items if uid == utterance_id]:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"utterance {utterance_id} never reported {state!r}: {self.items}"
                self._cond.wait(remaining)


@pytest.fixture
def speaker():
    device = SimulatedSpeaker(realtime=False)
    events = Events()
    device.set_listener(events)
    device.events = events
    yield device
    device.close()


def test_says_and_records_what_it_was_asked_on_its_own_thread(speaker):
    assert isinstance(speaker, Speaker)
    first = speaker.say("请选择您需要的服务", "zh_CN", 0.5, 0.7)
    second = speaker.enqueue("Please choose", "en", -2.0, 3.0)  # clamped to the engine's scales
    assert second > first
    assert speaker.wait_idle()
    assert speaker.spoken == [("请选择您需要的服务", "zh_CN", 0.5, 0.7), ("Please choose", "en", -1.0, 1.0)]
    assert speaker.events.of(first) == ["speaking", "done"]
    assert speaker.events.of(second) == ["speaking", "done"]
    assert {thread for _, _, thread in speaker.events.items} == {"speaker-simulator"}
    assert speaker.is_usable().ok


def test_say_interrupts_and_drops_what_waits_enqueue_waits():
    speaker = SimulatedSpeaker(realtime=True, time_scale=10.0)  # seconds per utterance
    events = Events()
    speaker.set_listener(events)
    try:
        long = speaker.say("第一句话比较长")
        queued = speaker.enqueue("排队的话")
        events.wait_for(long, "speaking")
        assert speaker.speaking_now == long
        now = speaker.say("新的屏幕")
        events.wait_for(now, "speaking")
        assert events.of(long) == ["speaking", "done"]
        assert events.of(queued) == ["done"]  # never started
        assert [text for text, *_ in speaker.spoken] == ["第一句话比较长", "新的屏幕"]
        later = speaker.enqueue("之后")
        time.sleep(0.2)
        assert events.of(later) == [] and speaker.speaking_now == now
        speaker.stop()
        events.wait_for(later, "done")
        assert events.of(now) == ["speaking", "done"]
        assert speaker.speaking_now is None
        assert [text for text, *_ in speaker.spoken] == ["第一句话比较长", "新的屏幕"]
    finally:
        speaker.close()


def test_an_utterance_lasts_about_as_long_as_a_voice_takes_scaled():
    speaker = SimulatedSpeaker(realtime=True, time_scale=0.5)
    events = Events()
    speaker.set_listener(events)
    try:
        text = "请选择您需要的服务"
        start = time.monotonic()
        uid = speaker.say(text, rate=1.0)
        events.wait_for(uid, "done")
        took = time.monotonic() - start
        expected = estimated_seconds(text, "zh_CN", 1.0) * 0.5
        assert expected * 0.9 <= took <= expected + 1.0
        assert estimated_seconds(text, "zh_CN", -1.0) == pytest.approx(4 * estimated_seconds(text, "zh_CN", 1.0))
    finally:
        speaker.close()


def test_pause_keeps_the_rest_for_resume():
    speaker = SimulatedSpeaker(realtime=True, time_scale=1.0)
    events = Events()
    speaker.set_listener(events)
    try:
        uid = speaker.say("这句话要说好一会儿", rate=1.0)  # ~1.1 s
        events.wait_for(uid, "speaking")
        time.sleep(0.3)
        speaker.pause()
        events.wait_for(uid, "paused")
        time.sleep(1.5)  # longer than the whole utterance: paused, it does not end
        assert events.of(uid) == ["speaking", "paused"]
        speaker.resume()
        events.wait_for(uid, "done", timeout=3)
        assert events.of(uid) == ["speaking", "paused", "speaking", "done"]
    finally:
        speaker.close()


def test_unplugged_every_utterance_ends_with_error_until_plugged():
    speaker = SimulatedSpeaker(realtime=True, time_scale=10.0)
    events = Events()
    speaker.set_listener(events)
    try:
        uid = speaker.say("说到一半")
        events.wait_for(uid, "speaking")
        speaker.unplug()
        events.wait_for(uid, "error")
        assert not speaker.is_usable().ok and "unplugged" in speaker.is_usable().reason
        again = speaker.say("再说")
        events.wait_for(again, "error")
        assert events.of(again) == ["error"]
        speaker.plug()
        assert speaker.is_usable().ok
        back = speaker.say("回来了")
        events.wait_for(back, "speaking")
    finally:
        speaker.close()


def test_close_ends_its_thread_and_the_next_call_starts_it_again(speaker):
    speaker.say("一")
    assert speaker.wait_idle()
    speaker.close()
    assert not [t for t in threading.enumerate() if t.name == "speaker-simulator"]
    uid = speaker.say("二")
    speaker.events.wait_for(uid, "done")


def test_a_failing_listener_does_not_stop_the_speaker():
    speaker = SimulatedSpeaker(realtime=False)
    calls = []

    def listener(uid, state):
        calls.append(state)
        raise RuntimeError("boom")

    speaker.set_listener(listener)
    try:
        speaker.say("一")
        speaker.say("二")
        assert speaker.wait_idle()
        assert calls.count("done") == 2
    finally:
        speaker.close()


def test_text_helpers():
    assert sentences("请选择。您可以按上下键！\n好的") == ["请选择。", "您可以按上下键！", "好的"]
    assert sentences("Pay 1.5 yuan. Then go.") == ["Pay 1.5 yuan.", "Then go."]
    assert sentences("完成。。") == ["完成。。"] and sentences("  ") == []
    assert language_key("en") == "en" and language_key("en_US") == "en"
    assert language_key("zh_CN") == "zh_CN" and language_key("ko") == "zh_CN"
