"""Every screen's spec by screen name, as each screen class declares it (`Screen.SPEC`).

`SPECS` is a read-only mapping worked out when it is used, not at import: it sees the screen
classes imported by then (once the main window is built, every screen's). For checks and
tools that go through all screens; a screen itself reads its own `spec`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ui.screen_specs import ScreenSpec
from ui.widgets import Screen


def declared_specs() -> dict[str, ScreenSpec]:
    """Every Screen class's own spec (an inherited one is its base's)."""
    found: dict[str, ScreenSpec] = {}
    classes = [Screen]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        spec = cls.__dict__.get("SPEC")
        if spec is not None:
            found[spec.name] = spec
    return found


class _Specs(Mapping):
    def __getitem__(self, name: str) -> ScreenSpec:
        return declared_specs()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(declared_specs())

    def __len__(self) -> int:
        return len(declared_specs())


SPECS: Mapping[str, ScreenSpec] = _Specs()
