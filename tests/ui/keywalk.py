"""Driving the kiosk with the five keys only, and reading what it said.

`KeyWalk(qtbot, window, services)` presses keypad keys (real key events, `QTest.keyClick` on the
focused widget, or the window) and reads the announcer's transcript: what a blind litigant hears.
It finds an item by ear: down until the item it hears is the one wanted (the words the kiosk says
for it, `ui.accessibility.describe`). `type_text` types into the five-key entry (ui.keypad_entry)
the same way: digits, letters and symbols one by one.

Speech goes through the announcer service (part A) with the simulator speaker; where that service
is not built (yet), a `FakeAnnouncer` with its API records what would be said.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.accessibility import describe

KEYS = {"up": Qt.Key.Key_Up, "down": Qt.Key.Key_Down, "select": Qt.Key.Key_Return, "back": Qt.Key.Key_Escape,
        "help": Qt.Key.Key_F1}
MAX_STEPS = 80


@dataclass(frozen=True)
class Utterance:
    kind: str
    text: str
    language: str
    at: float


class FakeAnnouncer(QObject):
    """The announcer service's API (kiosk/services/announcer.py), recording instead of speaking.
    ``enabled`` follows the session's settings; the green channel counts as speech on (the real
    service's turn_on switches speech on where a speaker exists)."""

    said = Signal(str, str)
    speaking = Signal(bool)

    def __init__(self, session) -> None:
        super().__init__()
        self._session = session
        self.transcript: list[Utterance] = []
        self.calls: list[str] = []

    @property
    def enabled(self) -> bool:
        settings = self._session.data.settings
        return bool(settings.speech or settings.green_channel)

    def say(self, kind: str, text: str) -> None:
        if self.enabled and text:
            self.transcript.append(Utterance(kind, text, self._session.data.settings.language, time.monotonic()))
            self.said.emit(kind, text)

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

    def clear_transcript(self) -> None:
        self.transcript.clear()

    def __getattr__(self, name: str):
        if name in ("repeat", "pause", "resume", "toggle_pause", "faster", "slower", "louder", "quieter", "stop",
                    "reset"):
            return lambda: self.calls.append(name)
        raise AttributeError(name)


def announcer_config() -> dict:
    """Config overrides for speech through the simulator speaker (when part A declares it)."""
    from kiosk.config import OPTIONS

    return {"devices.speaker.backend": "simulator"} if any(o.key == "devices.speaker.backend" for o in OPTIONS) \
        else {}


class KeyWalk:
    """Five keys in, speech out."""

    def __init__(self, qtbot, window, services) -> None:
        self.qtbot, self.window, self.services = qtbot, window, services
        self.controller = window.accessibility
        announcer = getattr(services, "announcer", None)
        if announcer is None:
            announcer = FakeAnnouncer(services.session)
            self.controller.set_announcer(announcer)
        self.announcer = announcer
        self._seen = 0  # transcript entries already looked at by `next_said`

    # -- keys ------------------------------------------------------------------------------
    def press(self, action: str, times: int = 1) -> None:
        for _ in range(times):
            self.key(KEYS[action])

    def key(self, key) -> None:
        """A key event as a keypad sends it: to the focused widget (the window when none is)."""
        focus = QApplication.focusWidget()
        target = focus if focus is not None and focus.window() is self.window else self.window
        QTest.keyClick(target, key)
        QCoreApplication.processEvents()

    # -- speech ----------------------------------------------------------------------------
    def transcript(self) -> list[tuple[str, str]]:
        return [(u.kind, u.text) for u in self.announcer.transcript]

    def mark(self) -> int:
        return len(self.announcer.transcript)

    def since(self, mark: int, kind: str | None = None) -> list[str]:
        return [text for k, text in self.transcript()[mark:] if kind is None or k == kind]

    def heard(self, text: str, kind: str | None = None, since: int = 0) -> bool:
        return any(text in said for said in self.since(since, kind))

    def wait_heard(self, text: str, kind: str | None = None, since: int = 0, timeout: int = 5000) -> str:
        """Wait until ``text`` is said (in an utterance of ``kind``); the whole utterance."""
        self.qtbot.waitUntil(lambda: self.heard(text, kind, since), timeout=timeout)
        return next(said for said in self.since(since, kind) if text in said)

    def last(self, kind: str | None = None, since: int = 0) -> str:
        said = self.since(since, kind)
        return said[-1] if said else ""

    def press_heard(self, action: str, kind: str = "item") -> str:
        """Press a key and return the utterance of ``kind`` it caused."""
        mark = self.mark()
        self.press(action)
        self.qtbot.waitUntil(lambda: bool(self.since(mark, kind)), timeout=3000)
        return self.since(mark, kind)[-1]

    # -- finding by ear --------------------------------------------------------------------
    def reach(self, widget, row: int | None = None, step: str = "down") -> str:
        """Move with ``step`` until the item heard is ``widget`` (its row); the words heard."""
        wanted = describe(widget, row)
        heard = []
        for _ in range(MAX_STEPS):
            said = self.press_heard(step)
            heard.append(said)
            if said == wanted and self.controller.current() == (widget, row):
                return said
        raise AssertionError(f"never heard {wanted!r}; heard {heard[-12:]!r}")

    def choose(self, widget, row: int | None = None) -> str:
        """Reach an item by ear and select it; the words heard when reaching it."""
        said = self.reach(widget, row)
        self.press("select")
        return said

    def screen_opened(self, name: str, since: int = 0, timeout: int = 8000) -> str:
        """Wait for the screen and for its title and prompt to be said."""
        self.qtbot.waitUntil(lambda: self.window.current == name, timeout=timeout)
        spec = self.window.screens[name].spec
        return self.wait_heard(f"{spec.title()}. {spec.prompt()}", "screen", since, timeout)

    # -- the five-key entry ----------------------------------------------------------------
    @property
    def entry(self):
        return self.controller._entry

    def type_text(self, text: str) -> None:
        """Type ``text`` with the keys into the open five-key entry (digits, letters, symbols), then
        Done. Every character typed is heard back."""
        entry = self.entry
        assert entry is not None and entry.is_open, "the five-key entry is not open"
        for ch in text:
            group = "digits" if ch.isdigit() else "letters" if ch.isascii() and ch.isalpha() else "symbols"
            self._to_group(entry, group)
            self._highlight(entry, _shown_char(ch))
            mark = self.mark()
            self.press("select")
            typed = _tr("{char} typed.").replace("{char}", _spoken_char(ch))
            assert self.since(mark, "item") == [typed], (ch, self.since(mark))
        if entry.place_view.text() != _tr("Choices"):
            self.press("back")
        self._highlight(entry, _tr("Done"))
        mark = self.mark()
        self.press("select")
        assert not entry.is_open
        assert self.heard(_tr("Done. The field reads: {text}").split("{")[0], "item", mark), self.since(mark)

    def _to_group(self, entry, group: str) -> None:
        names = {"digits": (_tr("Digits"), _tr("Digits and X")), "letters": (_tr("Letters"),),
                 "symbols": (_tr("Symbols"),)}[group]
        if entry.place_view.text() in names:
            return
        if entry.place_view.text() != _tr("Choices"):
            self.press("back")
        self._highlight(entry, names[0])
        self.press("select")
        assert entry.place_view.text() in names

    def _highlight(self, entry, shown: str) -> None:
        for _ in range(MAX_STEPS):
            if _highlighted(entry).startswith(shown):
                return
            self.press("down")
        raise AssertionError(f"the keypad never showed {shown!r}")


def _tr(text: str) -> str:
    return QCoreApplication.translate("KeypadEntry", text)


def _highlighted(entry) -> str:
    current = [slot.text() for slot in entry.slots if slot.isVisible() and slot.property("role") == "primary"]
    return current[0].removeprefix("▶").strip() if current else ""


def _shown_char(ch: str) -> str:
    return "␣" if ch == " " else ch


def _spoken_char(ch: str) -> str:
    if ch.isdigit():
        return ch
    if ch.isascii() and ch.isalpha():
        return _tr("letter {letter}").replace("{letter}", ch)
    return {" ": _tr("space"), "-": _tr("hyphen"), ".": _tr("dot")}.get(ch, ch)
