"""诉讼指南: the litigation guide. Not built yet: the menu lists it as not available (never faked)."""

from __future__ import annotations

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

SERVICE = ServiceSpec(
    "guidance",
    title=QT_TRANSLATE_NOOP("services", "Guidance"),
    pictogram="book",
    voice=QT_TRANSLATE_NOOP("voice", "guidance|help"),
    menu=70,
    available=False,
)
