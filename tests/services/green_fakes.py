"""A fake announcer (kiosk.services.announcer's interface, no Qt, no speaker) for the green channel's
tests: every call is recorded as (kind, text) in ``said`` when speech is enabled, as the real one
puts it in its transcript; ``calls`` has every call, spoken or not."""

from __future__ import annotations


class FakeAnnouncer:
    def __init__(self, settings_source, speaker: bool = True) -> None:
        """``settings_source()``: the current person's AccessibilitySettings (the real announcer reads
        the session's at each call)."""
        self._settings = settings_source
        self.speaker = speaker
        self.said: list[tuple[str, str]] = []
        self.calls: list[tuple] = []

    @property
    def enabled(self) -> bool:
        return self.speaker and bool(self._settings().speech)

    def say(self, kind: str, text: str) -> None:
        self.calls.append((kind, text))
        if self.enabled:
            self.said.append((kind, text))

    def screen(self, title: str, prompt: str) -> None:
        self.say("screen", f"{title}. {prompt}")

    def item(self, text: str) -> None:
        self.say("item", text)

    def error(self, text: str) -> None:
        self.say("error", text)

    def change(self, text: str) -> None:
        self.say("change", text)

    def help(self, text: str) -> None:
        self.say("help", text)

    def stop(self) -> None:
        self.calls.append(("stop",))

    def reset(self) -> None:
        self.calls.append(("reset",))

    def repeat(self) -> None:
        self.calls.append(("repeat",))

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self.said if kind is None or k == kind]


class StubSpeaker:
    """A speaker device (drivers.speaker's interface) that takes every utterance and says nothing: for
    the real announcer in tests without threads."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._listener = None

    def set_listener(self, listener) -> None:
        self._listener = listener

    def say(self, text: str, language: str = "zh_CN", rate: float = 0.0, volume: float = 0.8) -> int:
        self.texts.append(text)
        return len(self.texts)

    enqueue = say

    def stop(self) -> None:
        pass

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass
