"""The kiosk's screens. A screen module declares how it is built and which services it serves:

    SCREEN = ScreenEntry("my_cases", lambda nav, services: MyCasesScreen(nav, services.my_cases),
                         serves=("my_cases", "payment"))

The main window builds every declared screen once the services exist (`discover`), and shows a
service's screen by table lookup when the session enters that service: no list elsewhere names
a screen. Each screen declares its own title, spoken prompt and focus order (`Screen.SPEC`).
"""

from __future__ import annotations

# (This package is on the attract screen's cold-start path: no dataclasses, no pkgutil at import.)


class ScreenEntry:
    """How the main window builds a screen, and which service ids it serves.

    ``attr``: the window's attribute for it (window.my_cases, window.filing, ...); ``create(nav,
    services)``: a Screen, or a flow whose ``screens`` are Screens; ``serves``: the service ids
    whose visit it shows; ``begin(nav, built, service id, identity)``: how a visit starts (default:
    show it and call its ``begin(identity)``)."""

    __slots__ = ("attr", "create", "serves", "begin")

    def __init__(self, attr: str, create, serves: tuple[str, ...] = (), begin=None) -> None:
        self.attr, self.create, self.serves, self.begin = attr, create, tuple(serves), begin


def discover(package: str = __name__) -> list[ScreenEntry]:
    """Every ``SCREEN`` declared in this package's modules, in module-name order."""
    import importlib
    import pkgutil

    pkg = importlib.import_module(package)
    entries = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        entry = getattr(importlib.import_module(f"{package}.{info.name}"), "SCREEN", None)
        if isinstance(entry, ScreenEntry):
            entries.append(entry)
    return entries


def show_and_begin(nav, screen, service_id: str, identity) -> None:
    """The default start of a service's visit: show its screen, then let it load (if it does)."""
    nav.show_screen(screen.name)
    begin = getattr(screen, "begin", None)
    if begin is not None:
        begin(identity)


def screens_of(built) -> list:
    """The Screens a built entry adds to the window (a flow has several)."""
    return list(getattr(built, "screens", None) or [built])
