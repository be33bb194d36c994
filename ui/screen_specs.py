"""A screen's title, spoken prompt and keypad focus order (`ScreenSpec`).

Each screen declares its own as ``SPEC`` next to the widgets it names (`ui.widgets.Screen`);
speech output and keypad navigation read these, and screens never repeat this information.
Texts are translated at call time (context "screens"). `ui.all_specs` collects them all.
"""

from __future__ import annotations

from collections.abc import Callable


class ScreenSpec:
    """title() and prompt() translate at call time; focus lists objectNames in keypad order
    (a name ending in ``*`` stands for the rows a screen makes as it goes)."""

    __slots__ = ("name", "title", "prompt", "focus")

    def __init__(self, name: str, title: Callable[[], str], prompt: Callable[[], str],
                 focus: tuple[str, ...]) -> None:
        self.name, self.title, self.prompt, self.focus = name, title, prompt, focus
