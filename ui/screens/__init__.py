"""The kiosk's screens. A screen module declares how it is built and which services it serves:

    SCREEN = ScreenEntry("my_cases", lambda nav, services: MyCasesScreen(nav, services.my_cases),
                         serves=("my_cases", "payment"))

The main window builds every declared screen once the services exist (`discover`), and shows a
service's screen by table lookup when the session enters that service: no list elsewhere names
a screen. Each screen declares its own title, spoken prompt and focus order (`Screen.SPEC`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScreenEntry:
    attr: str  # the window's attribute for it (window.my_cases, window.filing, ...)
    create: Callable[[Any, Any], Any]  # (nav, services) -> a Screen, or a flow whose `screens` are Screens
    serves: tuple[str, ...] = ()  # the service ids whose visit it shows
    begin: Callable[[Any, Any, str, Any], None] | None = None  # (nav, built, service id, identity); default: show it


def discover(package: str = __name__) -> list[ScreenEntry]:
    """Every ``SCREEN`` declared in this package's modules, in module-name order."""
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
