"""绿色通道: speech output, keypad navigation, large text and a call for staff for elderly and
disabled litigants. Not built yet: the menu lists it as not available (never faked)."""

from __future__ import annotations

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

SERVICE = ServiceSpec(
    "green_channel",
    title=QT_TRANSLATE_NOOP("services", "Green channel"),
    pictogram="accessible",
    voice=QT_TRANSLATE_NOOP("voice", "green channel"),
    menu=100,
    available=False,
)
